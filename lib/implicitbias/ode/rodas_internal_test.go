package ode

import (
	"math"
	"testing"
)

// The error estimate of one RODAS4 step is the difference between the
// order-4 solution and the embedded order-3 one, hence O(h⁴): halving h
// from a fixed state must divide it by 2⁴ (slope 4 ± 0.3 in log–log for h
// from 0.04 to 0.0025, where the h⁵ term is a few percent). Taking the
// estimate from another stage (k5 instead of k6, a mutant that survives the
// accuracy tests since it only overestimates the error, costing 1.4–9× more
// steps) gives a slope of 3.
func TestRodasErrorEstimateOrder(t *testing.T) {
	for _, p := range []Problem{gaussBDF(0.5, 2), decayBDF(0.5, 2)} {
		s, err := checkProblem(p, Settings{RTol: 1e-6, ATol: 1e-6})
		if err != nil {
			t.Fatal(err)
		}
		ro := newRodas(p, s)
		p.F(p.T0, ro.y, ro.f0)
		var lh, le []float64
		for h := 0.04; h > 0.002; h /= 2 {
			e, err := ro.attempt(p.T0, h)
			if err != nil {
				t.Fatal(err)
			}
			lh = append(lh, math.Log(h))
			le = append(le, math.Log(e))
		}
		got := slopeOf(lh, le)
		t.Logf("slope of log(error estimate) against log(h): %.3f", got)
		if !(math.Abs(got-4) <= 0.3) {
			t.Errorf("error estimate of order %.3f in h, want 4 ± 0.3", got)
		}
	}
}
