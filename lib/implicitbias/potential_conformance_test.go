package implicitbias_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/potentialtest"
)

// dim is the dimension of the conformance samples.
const dim = 5

// logUniform returns d entries exp(U(lo, hi)) with random signs if signed.
func logUniform(lo, hi float64, signed bool) func(*rand.Rand) []float64 {
	return func(rng *rand.Rand) []float64 {
		x := make([]float64, dim)
		for i := range x {
			x[i] = math.Exp(lo + (hi-lo)*rng.Float64())
			if signed && rng.IntN(2) == 0 {
				x[i] = -x[i]
			}
		}
		return x
	}
}

// uniform returns d entries U(lo, hi).
func uniform(lo, hi float64) func(*rand.Rand) []float64 {
	return func(rng *rand.Rand) []float64 {
		x := make([]float64, dim)
		for i := range x {
			x[i] = lo + (hi-lo)*rng.Float64()
		}
		return x
	}
}

func vec(v ...float64) []float64 {
	x := make([]float64, dim)
	for i := range x {
		x[i] = v[i%len(v)]
	}
	return x
}

func TestConformanceEuclidean(t *testing.T) {
	potentialtest.Run(t, implicitbias.Euclidean{}, potentialtest.Config{
		Primal: uniform(-10, 10), Dual: uniform(-10, 10), Componentwise: true,
		EdgePrimal:     [][]float64{vec(1e150, -1e150, 1e-300, 0), vec(5e-324)},
		EdgeDual:       [][]float64{vec(-1e150, 0, 4.9e-324)},
		OverflowPrimal: [][]float64{vec(1e308, -1e308, math.MaxFloat64)},
		OverflowDual:   [][]float64{vec(-math.MaxFloat64, 1e308)},
	})
}

func TestConformanceNegEntropy(t *testing.T) {
	potentialtest.Run(t, implicitbias.NegEntropy{}, potentialtest.Config{
		Primal: logUniform(-8, 8, false), Dual: uniform(-8, 8), Componentwise: true,
		// θ = 709.78 is just below log(MaxFloat64), where math.Exp alone
		// overflows on amd64. Tiny x is the smallest normal float64.
		EdgePrimal:     [][]float64{vec(0x1p-1022, 1, 1e300), vec(1e304, 1e-300)},
		EdgeDual:       [][]float64{{709.78, -700, 0, -1, 2}, vec(-1e300)},
		OverflowPrimal: [][]float64{vec(math.MaxFloat64)}, // ψ = Σ x log x − x overflows
		OverflowDual:   [][]float64{vec(709, 709, 709)},   // ψ* = Σ exp θᵢ overflows
		BadPrimal:      [][]float64{vec(1, -1), vec(0, 1), vec(1, 1e-310)},
		BadDual:        [][]float64{vec(0, 709.79), vec(710)},
	})
}

func TestConformanceSimplexEntropy(t *testing.T) {
	simplex := func(rng *rand.Rand) []float64 {
		x := logUniform(-8, 2, false)(rng)
		var s float64
		for _, v := range x {
			s += v
		}
		for i := range x {
			x[i] /= s
		}
		return x
	}
	potentialtest.Run(t, implicitbias.SimplexEntropy{}, potentialtest.Config{
		Primal: simplex, Dual: uniform(-10, 10), Componentwise: true,
		Kernel: [][]float64{vec(1)},
		// Tangent directions vᵢ = xᵢ(gᵢ − Σⱼ gⱼxⱼ): Σvᵢ = 0 on the simplex
		// and |vᵢ| ∝ xᵢ keeps small coordinates positive. Dual directions
		// are arbitrary.
		Direction: func(rng *rand.Rand, x []float64) []float64 {
			g := make([]float64, len(x))
			var m, s float64
			for i := range g {
				g[i] = rng.NormFloat64()
				m += g[i] * x[i]
				s += x[i]
			}
			if math.Abs(s-1) > 1e-6 { // a dual point
				return g
			}
			for i := range g {
				g[i] = x[i] * (g[i] - m)
			}
			return g
		},
		EdgePrimal: [][]float64{{1e-300, 1 - 4e-300, 1e-300, 1e-300, 1e-300}},
		// Large θ: softmax without the max-shift overflows (exp(800) = +Inf)
		// and returns NaN; log-sum-exp without it returns +Inf.
		EdgeDual:  [][]float64{vec(800, 0, -3), vec(1e300, -1e300), vec(-1e308, -1e308)},
		BadPrimal: [][]float64{{0.5, 0.5, 0.1, 0, 0}, {0.5, 0.5, 0, 0, 0}, {1.5, -0.5, 1e-3, 1e-3, 1e-3}},
	})
}

func TestConformanceQPower(t *testing.T) {
	for _, q := range []float64{1.1, 1.25, 1.5, 2, 3, 10} {
		t.Run(fmt.Sprint(q), func(t *testing.T) {
			p := must(implicitbias.NewQPower(q))
			lim := math.Pow(math.MaxFloat64, 1/math.Max(q-1, 1)) / 2
			// The smallest non-zero entries whose mirror images stay in the
			// normal range (so that the round trip holds): |x|^{q−1} ≥ 2⁻¹⁰²²
			// and |θ|^{1/(q−1)} ≥ 2⁻¹⁰²², with a factor 4 of margin.
			tinyX := math.Max(1e-300, math.Pow(0x1p-1020, 1/(q-1)))
			tinyT := math.Max(1e-300, math.Pow(0x1p-1020, q-1))
			potentialtest.Run(t, p, potentialtest.Config{
				Primal: logUniform(-5, 5, true), Dual: logUniform(-5, 5, true), Componentwise: true,
				EdgePrimal: [][]float64{vec(tinyX, -tinyX, 1)},
				EdgeDual:   [][]float64{vec(tinyT, -tinyT, 1)},
				// At 0 one Hessian is +Inf (the exact value), so 0 is
				// listed where +Inf is allowed.
				OverflowPrimal: [][]float64{vec(lim, -lim), vec(0, 1)},
				OverflowDual:   [][]float64{vec(0, 1)},
				BadPrimal:      append(badPower(q-1), tooSmall(tinyX)...),
				BadDual:        append(badPower(1/(q-1)), tooSmall(tinyT)...),
				Invalid:        []implicitbias.Potential{(*implicitbias.QPower)(nil), &implicitbias.QPower{}},
			})
		})
	}
}

// tooSmall lists a point with an entry below tiny, if tiny is above the
// 1e-300 floor (so that it is a domain bound, not the floor).
func tooSmall(tiny float64) [][]float64 {
	if tiny <= 1e-300 {
		return nil
	}
	return [][]float64{vec(1, tiny/16)}
}

// badPower lists a point whose e-th power overflows, if there is one.
func badPower(e float64) [][]float64 {
	if e <= 1 {
		return nil
	}
	return [][]float64{vec(1, math.Pow(math.MaxFloat64, 1/e)*4)}
}

func TestConformanceSquaredQNorm(t *testing.T) {
	for _, q := range []float64{1.1, 1.5, 2, 3, 10} {
		t.Run(fmt.Sprint(q), func(t *testing.T) {
			p := must(implicitbias.NewSquaredQNorm(q))
			// The mirror image of a vector of MaxFloat64 entries overflows
			// on the side whose exponent is below 2.
			var badP, badD [][]float64
			if q < 2 {
				badP = [][]float64{vec(math.MaxFloat64)}
			} else if q > 2 {
				badD = [][]float64{vec(math.MaxFloat64)}
			}
			potentialtest.Run(t, p, potentialtest.Config{
				Primal: logUniform(-5, 5, true), Dual: logUniform(-5, 5, true),
				EdgePrimal:     [][]float64{vec(1e-300, -1e-300, 0), vec(1e150, -1e140)},
				EdgeDual:       [][]float64{vec(1e-300, -1e-300, 0), vec(1e150, -1e140)},
				OverflowPrimal: [][]float64{vec(1e307, -1e307)},
				OverflowDual:   [][]float64{vec(1e307, -1e307)},
				BadPrimal:      badP, BadDual: badD,
				Invalid: []implicitbias.Potential{(*implicitbias.SquaredQNorm)(nil), &implicitbias.SquaredQNorm{}},
			})
		})
	}
}

func TestConformanceHypentropy(t *testing.T) {
	for _, a := range []float64{1e-3, 0.1, 1, 100} {
		t.Run(fmt.Sprint(a), func(t *testing.T) {
			p := must(implicitbias.NewHypentropy(a))
			c := 2 * a * a
			potentialtest.Run(t, p, potentialtest.Config{
				// β from 1e-4·2α² to 1e4·2α² (kernel to rich regime) and
				// |θ| ≤ 12, so that |4θ| crosses the switch at 20 from
				// sinh and cosh to scaled exponentials.
				Primal: func(rng *rand.Rand) []float64 {
					x := logUniform(-9, 9, true)(rng)
					for i := range x {
						x[i] *= c
					}
					return x
				},
				Dual: uniform(-12, 12), Componentwise: true,
				EdgePrimal:     [][]float64{vec(0, 1e-300, -1e300), vec(1e305, -1e305)},
				EdgeDual:       [][]float64{vec(0, 1e-300, 150), vec(-150, 150)},
				OverflowPrimal: [][]float64{vec(1e308, -1e308), vec(math.MaxFloat64, -math.MaxFloat64)},
				BadDual:        [][]float64{vec(0, 1e4)},
				Invalid:        []implicitbias.Potential{(*implicitbias.Hypentropy)(nil), &implicitbias.Hypentropy{}},
			})
		})
	}
}

func TestConformanceDepth(t *testing.T) {
	for _, D := range []int{3, 4, 6, 10} {
		for _, a := range []float64{0.1, 0.5, 1, 2} {
			t.Run(fmt.Sprintf("D=%d,α=%g", D, a), func(t *testing.T) {
				p := must(implicitbias.NewDepthPotential(D, a))
				aD := math.Pow(a, float64(D))
				kappa := float64(D*(D-2)) * math.Pow(a, float64(D-2))
				pD := float64(D) / float64(D-2)
				betaMax := aD * (math.Pow(0x1p-48, -pD) - math.Pow(2-0x1p-48, -pD))
				potentialtest.Run(t, p, potentialtest.Config{
					Primal: func(rng *rand.Rand) []float64 {
						x := logUniform(-6, 6, true)(rng)
						for i := range x {
							x[i] *= aD
						}
						return x
					},
					Dual: func(rng *rand.Rand) []float64 {
						x := uniform(-0.95, 0.95)(rng)
						for i := range x {
							x[i] /= kappa
						}
						return x
					},
					Componentwise: true,
					// θ near the box edge carries an absolute error ~eps/κ
					// that ∇ψ* (∝ (1 − κ|θ|)^{−p}) amplifies by
					// p/(1 − κ|θ|); see the DepthPotential documentation.
					Condition: func(th []float64) float64 {
						p := float64(D) / float64(D-2)
						m := 1.0
						for _, v := range th {
							m = math.Max(m, 1e-3*(p+1)/(1-math.Abs(kappa*v)))
						}
						return m
					},
					// βmax = α^D h_D(1 − 2⁻⁴⁸) is the largest |β| whose
					// mirror image float64 can separate from the box edge.
					EdgePrimal: [][]float64{vec(0, 1e-300, -1e-300), vec(betaMax, -betaMax, 1), vec(betaMax / 3)},
					EdgeDual:   [][]float64{vec(0, 1e-300, 0.999999/kappa, -0.999999/kappa)},
					BadPrimal:  [][]float64{vec(0, 2*betaMax), vec(1e300), vec(math.MaxFloat64)},
					BadDual:    [][]float64{vec(0, 1/kappa), vec(-1.5 / kappa)},
					Invalid:    []implicitbias.Potential{(*implicitbias.DepthPotential)(nil), &implicitbias.DepthPotential{}},
				})
			})
		}
	}
}
