package spectral

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/potentialtest"
)

// randomSV returns a random r×c matrix with singular values spread over
// [0.05, 2] (log-uniform), so that the maps are well conditioned but
// far from the identity.
func randomSV(rng *rand.Rand, r, c int) []float64 {
	k := min(r, c)
	s := make([]float64, k)
	for i := range s {
		s[i] = 0.05 * math.Pow(40, rng.Float64())
	}
	return withSingularValues(rng, r, c, s)
}

// TestConformance runs the potentialtest suite on every potential of the
// package at a square, a tall and a wide shape.
func TestConformance(t *testing.T) {
	for _, sh := range [][2]int{{5, 5}, {6, 3}, {2, 4}} {
		r, c := sh[0], sh[1]
		primal := func(rng *rand.Rand) []float64 { return randomSV(rng, r, c) }
		hyp, _ := implicitbias.NewHypentropy(0.3)
		for _, p := range []implicitbias.Potential{
			must(NewFrobenius(r, c)),
			must(NewSchattenPower(r, c, 1.2)),
			must(NewSchattenPower(r, c, 1.7)),
			must(NewSquaredSchatten(r, c, 1.3)),
			must(NewSpectralHypentropy(r, c, 0.05)),
			must(NewSpectralHypentropy(r, c, 2)),
			must(NewEntrywise(r, c, hyp)),
		} {
			t.Run(p.String(), func(t *testing.T) {
				cfg := potentialtest.Config{
					Primal: primal,
					// All dual points are allowed; dual samples with
					// singular values in [0.05, 2] keep β·sinh and s^{1/(p−1)}
					// moderate.
					Dual: primal,
					Seed: 17,
					EdgePrimal: [][]float64{
						withSingularValues(rand.New(rand.NewPCG(1, 1)), r, c, geom(min(r, c), 1e-8, 1)),
						withSingularValues(rand.New(rand.NewPCG(1, 2)), r, c, geom(min(r, c), 1, 1e6)),
					},
					BadDual:   nil,
					BadPrimal: nil,
				}
				switch p.(type) {
				case *Spectral:
					cfg.Invalid = []implicitbias.Potential{(*Spectral)(nil), &Spectral{}}
				case *Frobenius:
					cfg.Invalid = []implicitbias.Potential{(*Frobenius)(nil), &Frobenius{}}
				case *SquaredSchatten:
					cfg.Invalid = []implicitbias.Potential{(*SquaredSchatten)(nil), &SquaredSchatten{}}
				case *Entrywise:
					cfg.Invalid = []implicitbias.Potential{(*Entrywise)(nil), &Entrywise{}}
				}
				potentialtest.Run(t, p, cfg)
			})
		}
	}
	// Von Neumann: symmetric positive definite samples, symmetric duals
	// and directions.
	const n = 4
	vn := must(NewVonNeumann(n))
	sym := func(rng *rand.Rand, lo, hi float64) []float64 {
		e := make([]float64, n)
		for i := range e {
			e[i] = lo + (hi-lo)*rng.Float64()
		}
		Q := orthonormal(rng, n, n)
		m := make([]float64, n*n)
		for i := range n {
			for j := i; j < n; j++ {
				var v float64
				for l := range n {
					v += Q.At(i, l) * e[l] * Q.At(j, l)
				}
				m[i*n+j], m[j*n+i] = v, v
			}
		}
		return m
	}
	potentialtest.Run(t, vn, potentialtest.Config{
		Primal: func(rng *rand.Rand) []float64 { return sym(rng, 0.05, 3) },
		Dual:   func(rng *rand.Rand) []float64 { return sym(rng, -3, 1) },
		Direction: func(rng *rand.Rand, x []float64) []float64 {
			return sym(rng, -0.1, 0.1)
		},
		Seed:      19,
		BadPrimal: [][]float64{sym(rand.New(rand.NewPCG(5, 5)), -1, -0.1)},
		Invalid:   []implicitbias.Potential{(*VonNeumann)(nil), &VonNeumann{}},
	})
}

// geom returns k values from a to b in geometric progression.
func geom(k int, a, b float64) []float64 {
	out := make([]float64, k)
	for i := range out {
		t := 0.0
		if k > 1 {
			t = float64(i) / float64(k-1)
		}
		out[i] = a * math.Pow(b/a, t)
	}
	return out
}
