package ode

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The contraction measured at a second iteration is c‖F(y₁) − F(y₀)‖/‖y₁ − y₀‖,
// which for y' = −λy is exactly cλ (c = h/α_1 at order 1); the step after
// it runs the fixed-point iteration when that is below bdfNonStiff = 0.05
// and stays with Newton's otherwise. cλ = 0.04 and 0.06 straddle the
// threshold, so a lost factor c, a different threshold or a reversed
// comparison each fail one of the two cases.
func TestBDFContractionSwitch(t *testing.T) {
	const lambda = 100.0
	p := Problem{
		F:   func(t float64, y, dy []float64) { dy[0] = -lambda * y[0] },
		Jac: func(t float64, y []float64, j *mat.Dense) { j.Set(0, 0, -lambda) },
		T1:  1, Y0: []float64{1},
	}
	for _, tc := range []struct {
		cLambda    float64
		functional bool
	}{{0.04, true}, {0.06, false}} {
		h := tc.cLambda * ndfAlpha[1] / lambda
		b := startBDFWith(p, 1, h, func(t float64) float64 { return math.Exp(-lambda * t) })
		b.rateAge = bdfRateAge // the rate is measured again: two iterations
		stepFresh(t, b, 0, h)
		if !(math.Abs(b.stiff-tc.cLambda) <= 1e-12) {
			t.Errorf("cλ = %g: measured contraction %.15g", tc.cLambda, b.stiff)
		}
		b.accept(0, h)
		if b.functional != tc.functional {
			t.Errorf("cλ = %g: fixed-point iteration %v after the step, want %v", tc.cLambda, b.functional, tc.functional)
		}
	}
}

// Prothero–Robinson y' = −λ(t)(y − cos t) − sin t (solution cos t) with λ
// falling from 1e5 to 0.1 around t = 1: stiff first, then not. BDF must
// have needed a Jacobian (the fixed-point iteration cannot converge at the
// accuracy-limited steps of the stiff part, where cλ ≫ 1) and must end with
// the fixed-point iteration again (cλ ≈ 0.1·h/α ≪ 0.05 for the late steps).
// The same problem with λ = 1e5 throughout ends with Newton's iteration.
// The error at t = 20 stays within 1e-6 (100 times the tolerance: BDF's
// global error is a sum of local errors, see TestBDFTolerance).
func TestBDFStiffThenNonStiff(t *testing.T) {
	for _, tc := range []struct {
		name       string
		lambda     func(t float64) float64
		functional bool
	}{
		{"stiff, then not", func(t float64) float64 { return 0.1 + 0.5e5*(1-math.Tanh(10*(t-1))) }, true},
		{"stiff throughout", func(t float64) float64 { return 1e5 }, false},
	} {
		p := Problem{
			F: func(t float64, y, dy []float64) {
				dy[0] = -tc.lambda(t)*(y[0]-math.Cos(t)) - math.Sin(t)
			},
			T1: 20, Y0: []float64{1},
		}
		r, b, err := solveBDF(p, Settings{RTol: 1e-8, ATol: 1e-8})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		t.Logf("%s: %+v, error %.2g", tc.name, r.Stats, r.Y[0]-math.Cos(20))
		if r.Stats.JacCalls == 0 {
			t.Errorf("%s: no Jacobian evaluated", tc.name)
		}
		if b.functional != tc.functional {
			t.Errorf("%s: fixed-point iteration %v at the end, want %v", tc.name, b.functional, tc.functional)
		}
		if e := math.Abs(r.Y[0] - math.Cos(20)); !(e <= 1e-6) {
			t.Errorf("%s: y(20) off by %g, want ≤ 1e-6", tc.name, e)
		}
	}
}
