package spectral

import (
	"math/rand/v2"
	"testing"
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
