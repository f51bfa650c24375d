package spectral

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias"
)

// BenchmarkGradStar times the inverse mirror maps on 20×20 matrices (the
// chapter's completion size): one thin SVD and one 20×20×20 product each,
// the cost of one matrix SMD step.
func BenchmarkGradStar(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	const n = 20
	th := gaussian(rng, n*n, 0.5)
	dst := make([]float64, n*n)
	for _, p := range []matPot{
		must(NewFrobenius(n, n)),
		must(NewSchattenPower(n, n, 1.5)),
		must(NewSquaredSchatten(n, n, 1.5)),
		must(NewSpectralHypentropy(n, n, 0.01)),
	} {
		b.Run(p.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.GradStar(dst, th)
			}
		})
	}
	vn := must(NewVonNeumann(n))
	sym := make([]float64, n*n)
	for i := range n {
		for j := range n {
			sym[i*n+j] = th[i*n+j] + th[j*n+i]
		}
	}
	b.Run(vn.String(), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			vn.GradStar(dst, sym)
		}
	})
}

// BenchmarkBregman times the cancellation-free Bregman divergence (two
// SVDs and a 20×20 grid of scalar divergences).
func BenchmarkBregman(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	const n = 20
	x, z := gaussian(rng, n*n, 0.5), gaussian(rng, n*n, 0.5)
	for _, p := range []matPot{
		must(NewSchattenPower(n, n, 1.5)),
		must(NewSpectralHypentropy(n, n, 0.01)),
	} {
		b.Run(p.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.Bregman(x, z)
			}
		})
	}
}

// BenchmarkSMDEpoch times one epoch of matrix SMD on a 20×20 completion
// problem with about 200 observed entries in mini-batches of 20 (one SVD
// per mini-batch, ≈ 11 per epoch), the chapter's setting.
func BenchmarkSMDEpoch(b *testing.B) {
	_, m := completionProblem(b, 20, 20, 0.5, 1)
	per := EpochIterations(m, 20)
	zero := mat.NewDense(20, 20, nil)
	for _, p := range []implicitbias.Potential{
		must(NewSchattenPower(20, 20, 1.5)),
		must(NewSpectralHypentropy(20, 20, 0.03)),
	} {
		b.Run(p.String(), func(b *testing.B) {
			const epochs = 20
			b.ReportAllocs()
			for b.Loop() {
				if _, err := SMD(p, m, zero, implicitbias.DescentSettings{Step: 10, Batch: 20, Shuffle: true, Seed: 1, MaxIter: epochs * per}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/epochs/1e3, "µs/epoch")
		})
	}
}

// BenchmarkProject times the matrix Bregman projection of the 20×20
// completion problem (dual L-BFGS on the flattened operator, 214
// constraints, then a finite-difference Newton polish).
func BenchmarkProject(b *testing.B) {
	_, m := completionProblem(b, 20, 20, 0.5, 1)
	zero := mat.NewDense(20, 20, nil)
	for _, p := range []implicitbias.Potential{
		must(NewFrobenius(20, 20)),
		must(NewSchattenPower(20, 20, 1.5)),
		must(NewSpectralHypentropy(20, 20, 0.01)),
	} {
		b.Run(p.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := Project(p, m, zero, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
