package implicitbias_test

import (
	"math"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/potentialtest"
)

// fuzzPair runs the pointwise conformance checks (round trips,
// Fenchel–Young, Bregman against its definition, D ≥ 0, D(x, x) = 0, no
// NaN) at the fuzzed points x and z, which may be anywhere in the float64
// range: points outside the domain (as CheckPrimal decides) are skipped,
// and every point inside must pass. The tolerances are the suite's
// defaults (see potentialtest.Tolerances) unless cfg says otherwise.
func fuzzPair(t *testing.T, p implicitbias.Potential, cfg potentialtest.Config, x, z []float64) {
	if p.CheckPrimal(x) != nil || p.CheckPrimal(z) != nil {
		return
	}
	if err := potentialtest.CheckPoint(p, cfg, x, z); err != nil {
		t.Fatal(err)
	}
}

// FuzzHypentropy fuzzes α over every value NewHypentropy accepts and two
// 2-d points over the whole float64 range.
func FuzzHypentropy(f *testing.F) {
	f.Add(0.1, 0.3, -2.0, 0.31, -1.9)
	f.Add(1e-3, 1e-9, 40.0, 0.0, 40.000001)
	f.Add(100.0, 1e3, -1e-3, 1e3, 1e-3)
	f.Add(0.1, 1e308, -1e308, -1e308, 1e308)
	f.Fuzz(func(t *testing.T, alpha, x0, x1, z0, z1 float64) {
		p, err := implicitbias.NewHypentropy(alpha)
		if err != nil {
			return
		}
		fuzzPair(t, p, potentialtest.Config{Componentwise: true}, []float64{x0, x1}, []float64{z0, z1})
	})
}

// FuzzDepth fuzzes the depth potential over D ∈ [3, 12] and every α that
// NewDepthPotential accepts. The round-trip tolerance grows near the edge of
// the dual box by depthCondition (see TestConformanceDepth).
func FuzzDepth(f *testing.F) {
	f.Add(uint8(3), 0.5, 0.3, -2.0, 0.31, -1.9)
	f.Add(uint8(4), 0.1, 1e-9, 4.0, 0.0, 4.000001)
	f.Add(uint8(7), 1.0, 1e-3, -1e-3, 2.0, -5.0)
	f.Add(uint8(3), 0.1, 1e308, 1.0, 2e40, -2e40)
	f.Fuzz(func(t *testing.T, D uint8, alpha, x0, x1, z0, z1 float64) {
		if D < 3 || D > 12 {
			return
		}
		p, err := implicitbias.NewDepthPotential(int(D), alpha)
		if err != nil {
			return
		}
		cfg := potentialtest.Config{Componentwise: true, Condition: depthCondition(int(D), alpha)}
		fuzzPair(t, p, cfg, []float64{x0, x1}, []float64{z0, z1})
	})
}

// depthCondition is the growth of the round-trip error near the edge of the
// dual box |κθ| < 1: θ carries an absolute error ~eps/κ, which ∇ψ*
// (∝ (1 − κ|θ|)^{−p}) amplifies by (p+1)/(1 − κ|θ|) relative.
func depthCondition(D int, alpha float64) func([]float64) float64 {
	p := float64(D) / float64(D-2)
	kappa := float64(D*(D-2)) * math.Pow(alpha, float64(D-2))
	return func(th []float64) float64 {
		m := 1.0
		for _, v := range th {
			m = math.Max(m, 1e-3*(p+1)/(1-math.Abs(kappa*v)))
		}
		return m
	}
}

// FuzzQPower fuzzes q > 1 and the points of the q-power and squared q-norm
// potentials over the whole float64 range.
func FuzzQPower(f *testing.F) {
	f.Add(1.5, 0.3, -2.0, 0.31, -1.9)
	f.Add(3.0, 1e-9, 40.0, 0.0, 40.000001)
	f.Add(1.1, -1e-3, 1e-3, 1e-3, 0.0)
	f.Add(10.0, 1e30, -1e-300, 1e30, 1e-300)
	f.Fuzz(func(t *testing.T, q, x0, x1, z0, z1 float64) {
		p, err := implicitbias.NewQPower(q)
		if err != nil {
			return
		}
		x, z := []float64{x0, x1}, []float64{z0, z1}
		cfg := potentialtest.Config{Componentwise: true}
		fuzzPair(t, p, cfg, x, z)
		fuzzPair(t, must(implicitbias.NewSquaredQNorm(q)), potentialtest.Config{}, x, z)
	})
}

// FuzzEntropy fuzzes the negative entropy on the positive orthant, and
// its dual domain through θ = log x.
func FuzzEntropy(f *testing.F) {
	f.Add(0.3, 2.0, 0.31, 1.9)
	f.Add(1e-300, 1e300, 1.0, 1.0)
	f.Add(1.7e308, 0x1p-1022, 1e308, 1.0)
	f.Fuzz(func(t *testing.T, x0, x1, z0, z1 float64) {
		fuzzPair(t, implicitbias.NegEntropy{}, potentialtest.Config{Componentwise: true}, []float64{x0, x1}, []float64{z0, z1})
		// Every θ that CheckDual admits maps to a finite point.
		th := []float64{x0, x1}
		var ne implicitbias.NegEntropy
		if ne.CheckDual(th) == nil {
			g := make([]float64, 2)
			ne.GradStar(g, th)
			if math.IsInf(g[0], 0) || math.IsInf(g[1], 0) {
				t.Fatalf("CheckDual admits θ = %v but exp(θ) = %v", th, g)
			}
		}
	})
}
