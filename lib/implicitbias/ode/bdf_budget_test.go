package ode_test

import (
	"math"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias/ode"
)

// signFlowBudgetRTols are the relative tolerances of TestSignFlowBDFBudget:
// 1e-9 and four neighbours within ±25%, with ATol = RTol/1000.
var signFlowBudgetRTols = []float64{0.8e-9, 0.9e-9, 1e-9, 1.13e-9, 1.25e-9}

// Workload (b) of the shared benchmarks (the smoothed sign flow, d = 40,
// ε = 1e-3, t ∈ [0, 50]) with a finite-difference Jacobian whose 80
// columns count as calls of F. Σβ(50) must be within 3e-9 of the converged
// 0.55593340853 (DormandPrince and Rodas at rtol 1e-12 agree to 2e-10) —
// the accuracy of SciPy's LSODA at rtol 1e-8 — in at most 4,300 calls of F,
// at rtol 1e-9 and at four neighbours: the global error of a multistep
// method on this flow is a random walk of local errors (BenchmarkSignFlowBDFSweep),
// so a single tolerance could meet the bound by luck; five cannot.
//
// Today the five runs take 3,970–4,210 calls (3,990–4,220 with the purego
// kernels, whose rounding differs) and are off by at most 2e-9; about 3,400
// steps run the fixed-point iteration, and two Jacobians are evaluated (at
// the first stiff kink near t = 0.15 and where the flow settles near
// t = 0.49). SciPy's LSODA needs 4,700–5,300 calls for that accuracy
// robustly: its 4,001 calls at rtol 1e-8 are a lucky point, its errors at
// 3,800–4,450 calls range from 3e-9 to 2.2e-8. The target of
// ≤ 4,000 calls is met at single tolerances (e.g. rtol 1.19e-9: 3,987
// calls, off by 2e-10) but not at all five. The test fails if the error
// test uses the RMS norm instead of the max norm (errors up to 3.4e-8), if
// the safety factor of the step choice goes back to 0.9 (errors 6e-9–9e-9),
// if the Jacobian's columns are not counted (the lower bound on the calls),
// or if J is refreshed more than about twice as often (80 calls each).
func TestSignFlowBDFBudget(t *testing.T) {
	sf := newSignFlow(t)
	n := 2 * sf.d
	for _, rtol := range signFlowBudgetRTols {
		r, err := ode.BDF(sf.problem(false), ode.Settings{RTol: rtol, ATol: rtol / 1000})
		if err != nil {
			t.Fatal(err)
		}
		st := r.Stats
		e := sumBeta(r.Y) - 0.55593340853
		t.Logf("rtol %g: Σβ(50) off by %+.2g, %+v", rtol, e, st)
		if !(math.Abs(e) <= 3e-9) {
			t.Errorf("rtol %g: Σβ(50) = %.11f, want 0.55593340853 ± 3e-9", rtol, sumBeta(r.Y))
		}
		if st.RHSCalls > 4300 {
			t.Errorf("rtol %g: %d calls of F, want ≤ 4,300", rtol, st.RHSCalls)
		}
		// Each accepted step calls F at least once, each Jacobian n times.
		if min := st.Steps + n*st.JacCalls; st.RHSCalls < min {
			t.Errorf("rtol %g: %d calls of F counted, but %d steps and %d finite-difference Jacobians need ≥ %d", rtol, st.RHSCalls, st.Steps, st.JacCalls, min)
		}
	}
}

// BenchmarkSignFlowBDFBudget is workload (b) at the central settings of
// TestSignFlowBDFBudget (finite-difference Jacobian).
func BenchmarkSignFlowBDFBudget(b *testing.B) {
	printSciPy()
	benchSignFlowSettings(b, ode.BDF, false, ode.Settings{RTol: 1e-9, ATol: 1e-12})
}
