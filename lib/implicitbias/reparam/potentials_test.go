package reparam

import (
	"math"
	"math/rand/v2"
	"testing"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/potentialtest"
)

// The closed-form potentials of the commuting families pass the library's
// conformance suite: round trips, Fenchel–Young, Bregman (far and near, the
// latter against quadrature), finite-difference gradients and Hessians,
// domain checks and unusable values.

func TestAsinhPotentialConformance(t *testing.T) {
	for _, a := range []float64{0.25, 0.5} {
		rng := rand.New(rand.NewPCG(3, 4))
		d := 5
		b, w0 := make([]float64, d), make([]float64, d)
		for i := range b {
			b[i] = math.Exp(2 * rng.NormFloat64()) // widths over ~4 decades
			w0[i] = rng.NormFloat64()
		}
		p, err := NewAsinhPotential(a, b, w0)
		if err != nil {
			t.Fatal(err)
		}
		potentialtest.Run(t, p, potentialtest.Config{
			Primal: func(rng *rand.Rand) []float64 {
				x := make([]float64, d)
				for i := range x {
					x[i] = 3 * rng.NormFloat64()
				}
				return x
			},
			Dual: func(rng *rand.Rand) []float64 {
				th := make([]float64, d)
				for i := range th {
					th[i] = a * rng.NormFloat64()
				}
				return th
			},
			Componentwise: true,
			Seed:          5,
			EdgePrimal:    [][]float64{{1e-300, -1e-300, 0, 1e10, -1e10}},
			BadDual:       [][]float64{{1e6, 0, 0, 0, 0}},
			Invalid:       []ib.Potential{(*AsinhPotential)(nil), &AsinhPotential{}},
		})
	}
}

func TestPowerPotentialConformance(t *testing.T) {
	for _, tc := range []struct {
		depth int
		c     float64
	}{{2, 4}, {3, 9}, {4, 16}, {3, 3}} {
		rng := rand.New(rand.NewPCG(6, 7))
		d := 4
		w0 := make([]float64, d)
		for i := range w0 {
			w0[i] = math.Exp(rng.NormFloat64())
		}
		p, err := NewPowerPotential(tc.depth, tc.c, w0)
		if err != nil {
			t.Fatal(err)
		}
		bad := [][]float64{{-1, 1, 1, 1}, {0, 1, 1, 1}}
		var badDual [][]float64
		if tc.depth >= 3 {
			// θ beyond the dual bound D·w0^{p−1}/(c(D−2)).
			D := float64(tc.depth)
			th := make([]float64, d)
			th[0] = 2 * D * math.Pow(w0[0], 2/D-1) / (tc.c * (D - 2))
			badDual = append(badDual, th)
		}
		t.Run(p.String(), func(t *testing.T) {
			potentialtest.Run(t, p, potentialtest.Config{
				Primal: func(rng *rand.Rand) []float64 {
					x := make([]float64, d)
					for i := range x {
						x[i] = math.Exp(1.5 * rng.NormFloat64())
					}
					return x
				},
				Componentwise: true,
				Seed:          8,
				BadPrimal:     bad,
				BadDual:       badDual,
				Invalid:       []ib.Potential{(*PowerPotential)(nil), &PowerPotential{}},
			})
		})
	}
}

// AsinhPotential with a = ¼, b = 2α², w0 = 0 is Hypentropy(α): the two
// independent implementations agree (a factor 2 in b or a in either fails).
func TestAsinhMatchesHypentropy(t *testing.T) {
	const alpha = 0.3
	d := 4
	b := []float64{2 * alpha * alpha, 2 * alpha * alpha, 2 * alpha * alpha, 2 * alpha * alpha}
	p, err := NewAsinhPotential(0.25, b, make([]float64, d))
	if err != nil {
		t.Fatal(err)
	}
	h, err := ib.NewHypentropy(alpha)
	if err != nil {
		t.Fatal(err)
	}
	x := []float64{0.7, -1.2, 1e-3, 4}
	z := []float64{-0.2, 0.5, 2, 3.9}
	g1, g2 := make([]float64, d), make([]float64, d)
	p.Grad(g1, x)
	h.Grad(g2, x)
	for i := range g1 {
		if !(math.Abs(g1[i]-g2[i]) <= 1e-14*math.Abs(g2[i])) {
			t.Errorf("Grad[%d]: %v vs hypentropy %v", i, g1[i], g2[i])
		}
	}
	if v1, v2 := p.Value(x), h.Value(x); !(math.Abs(v1-v2) <= 1e-13*v2) {
		t.Errorf("Value: %v vs hypentropy %v", v1, v2)
	}
	if v1, v2 := p.Bregman(x, z), h.Bregman(x, z); !(math.Abs(v1-v2) <= 1e-13*v2) {
		t.Errorf("Bregman: %v vs hypentropy %v", v1, v2)
	}
}
