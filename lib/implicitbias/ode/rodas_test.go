package ode_test

import (
	"math"
	"testing"
	"time"

	"github.com/implicitbias/course/lib/implicitbias/ode"
	"gonum.org/v1/gonum/mat"
)

// RODAS4 has order 4; see TestDormandPrinceOrder for the method of
// measurement. An order-3 result (the embedded method, or a wrong stage)
// falls outside 4 ± 0.6.
func TestRodasOrder(t *testing.T) {
	p, err := orderFromTolerances(ode.Rodas, []float64{1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("measured order %.3f", p)
	if !(p >= 3.4) || !(p <= 4.6) {
		t.Errorf("measured order %.3f, want 4 ± 0.6", p)
	}
}

// Same bound as TestDormandPrinceTolerance, on both a non-autonomous problem
// (which exercises the ∂F/∂t terms) and the rotation, with dense output
// (order 3) checked at 101 times.
func TestRodasTolerance(t *testing.T) {
	times := make([]float64, 101)
	for k := range times {
		times[k] = 2 * math.Pi * float64(k) / 100
	}
	for _, tol := range []float64{1e-3, 1e-5, 1e-7, 1e-9, 1e-11} {
		s := ode.Settings{RTol: tol, ATol: tol}
		r, err := ode.Rodas(gaussian(3), s)
		if err != nil {
			t.Fatal(err)
		}
		if e := math.Abs(r.Y[0] - math.Exp(-9)); !(e <= 100*tol) {
			t.Errorf("gaussian tol %g: error %g > 100·tol", tol, e)
		}
		s.Output = times
		r, err = ode.Rodas(rotation(2*math.Pi), s)
		if err != nil {
			t.Fatal(err)
		}
		var worst float64
		for k, tk := range times {
			worst = math.Max(worst, math.Hypot(r.Output.At(k, 0)-math.Cos(tk), r.Output.At(k, 1)-math.Sin(tk)))
		}
		if !(worst <= 100*tol) {
			t.Errorf("rotation tol %g: dense output error %g > 100·tol", tol, worst)
		}
	}
}

// robertson is Robertson's chemical kinetics problem (Hairer & Wanner II,
// §IV.1), stiff with eigenvalues down to about −1e4 on [0, 40].
func robertson(t1 float64, withJac bool) ode.Problem {
	p := ode.Problem{
		F: func(t float64, y, dy []float64) {
			dy[0] = -0.04*y[0] + 1e4*y[1]*y[2]
			dy[2] = 3e7 * y[1] * y[1]
			dy[1] = -dy[0] - dy[2]
		},
		T0: 0, T1: t1, Y0: []float64{1, 0, 0},
	}
	if withJac {
		p.Jac = func(t float64, y []float64, j *mat.Dense) {
			j.SetRow(0, []float64{-0.04, 1e4 * y[2], 1e4 * y[1]})
			j.SetRow(1, []float64{0.04, -1e4*y[2] - 6e7*y[1], -1e4 * y[1]})
			j.SetRow(2, []float64{0, 6e7 * y[1], 0})
		}
	}
	return p
}

// Robertson on [0, 40]: DormandPrince at a tight tolerance is the
// independent reference (its step is limited by stability, not accuracy, so
// it is far more accurate than asked: error ≲ 1e-10 relative). Rodas at
// rtol 1e-6 must agree to 100·tol relative (plus atol) and use under 1% of
// DormandPrince's RHS calls at the same tolerance.
func TestRodasStiffRobertson(t *testing.T) {
	const tol = 1e-6
	s := ode.Settings{RTol: tol, ATol: 1e-10}
	start := time.Now()
	ref, err := ode.DormandPrince(robertson(40, false), ode.Settings{RTol: 1e-10, ATol: 1e-14})
	if err != nil {
		t.Fatal(err)
	}
	tRef := time.Since(start)
	dp, err := ode.DormandPrince(robertson(40, false), s)
	if err != nil {
		t.Fatal(err)
	}
	for _, withJac := range []bool{false, true} {
		start = time.Now()
		ro, err := ode.Rodas(robertson(40, withJac), s)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("Rodas (analytic Jacobian %v): %+v in %v; DormandPrince: %+v, reference %+v in %v",
			withJac, ro.Stats, time.Since(start), dp.Stats, ref.Stats, tRef)
		for i := range ro.Y {
			if d := math.Abs(ro.Y[i] - ref.Y[i]); !(d <= 100*(tol*math.Abs(ref.Y[i])+1e-10)) {
				t.Errorf("y%d(40) = %.10g, reference %.10g", i+1, ro.Y[i], ref.Y[i])
			}
		}
		// Work bound: 79 accepted and 3 rejected steps today; a wrong error
		// estimate that is merely too large (from stage k5 instead of k6)
		// doubles them without hurting accuracy. 95 leaves 15% for
		// legitimate changes to the step-size controller.
		if n := ro.Stats.Steps + ro.Stats.Rejected; n > 95 {
			t.Errorf("Rodas took %d steps (accepted + rejected), want ≤ 95", n)
		}
		if ratio := float64(ro.Stats.RHSCalls) / float64(dp.Stats.RHSCalls); !(ratio < 0.01) {
			t.Errorf("Rodas used %d RHS calls, %.2f%% of DormandPrince's %d", ro.Stats.RHSCalls, 100*ratio, dp.Stats.RHSCalls)
		}
	}
}

// Van der Pol with μ = 1000 on [0, 3000] (about two relaxation periods):
// DormandPrince would need millions of steps. The period of the relaxation
// oscillation is (3 − 2 ln 2)μ + 3α μ^(−1/3) + O(ln μ/μ) with α ≈ 2.338 the
// first zero of Ai(−x) (Grasman, Asymptotic Methods for Relaxation
// Oscillations, 1987): 1614.5 for μ = 1000. The time between the two falling
// zeros of y1 must match it to 0.5% (the neglected term is ~ ln μ/μ ≈ 1%
// of one unit, far less). A tight-tolerance Rodas run must agree with a
// loose one at the two zeros to 100·tol relative.
func TestRodasStiffVanDerPol(t *testing.T) {
	const mu = 1000.0
	p := ode.Problem{
		F: func(t float64, y, dy []float64) {
			dy[0] = y[1]
			dy[1] = mu*(1-y[0]*y[0])*y[1] - y[0]
		},
		Jac: func(t float64, y []float64, j *mat.Dense) {
			j.Set(0, 1, 1)
			j.Set(1, 0, -2*mu*y[0]*y[1]-1)
			j.Set(1, 1, mu*(1-y[0]*y[0]))
		},
		T0: 0, T1: 3000, Y0: []float64{2, 0},
	}
	fall := ode.Event{G: func(t float64, y []float64) float64 { return y[0] }, Direction: -1}
	var zeros [2][]float64
	for k, tol := range []float64{1e-6, 1e-10} {
		r, err := ode.Rodas(p, ode.Settings{RTol: tol, ATol: tol, Events: []ode.Event{fall}})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("tol %g: %+v, falling zeros at %v", tol, r.Stats, r.Events)
		for _, h := range r.Events {
			zeros[k] = append(zeros[k], h.T)
		}
		if len(zeros[k]) != 2 {
			t.Fatalf("tol %g: %d falling zeros, want 2", tol, len(zeros[k]))
		}
		// Work bound as in TestRodasStiffRobertson: 925 attempted steps at
		// tol 1e-6 today, 2,566 with the error estimate from the wrong stage.
		if n := r.Stats.Steps + r.Stats.Rejected; tol == 1e-6 && n > 1050 {
			t.Errorf("tol %g: %d steps (accepted + rejected), want ≤ 1050", tol, n)
		}
	}
	want := (3-2*math.Ln2)*mu + 3*2.338107410459767*math.Pow(mu, -1.0/3)
	if got := zeros[1][1] - zeros[1][0]; !(math.Abs(got-want) <= 5e-3*want) {
		t.Errorf("period %v, asymptotic %v", got, want)
	}
	for i := range zeros[0] {
		if d := math.Abs(zeros[0][i] - zeros[1][i]); !(d <= 100*1e-6*zeros[1][i]) {
			t.Errorf("zero %d: %v at tol 1e-6, %v at 1e-10", i, zeros[0][i], zeros[1][i])
		}
	}
}
