package ode_test

import (
	"math"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias/ode"
)

// The global error of a method of order p with N steps behaves like N^(−p),
// and the number of RHS calls is proportional to N, so the slope of
// log(error) against log(calls) over a tolerance sweep estimates −p. Step
// control makes the fit noisy (the error is a sum of local errors with
// varying signs), hence the band ±0.7 around 5: a 4th-order method would
// give ≈ 4 and fail, and so would a wrong coefficient (order ≤ 3).
func TestDormandPrinceOrder(t *testing.T) {
	p, err := orderFromTolerances(ode.DormandPrince, []float64{1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("measured order %.3f", p)
	if !(p >= 4.3) || !(p <= 5.7) {
		t.Errorf("measured order %.3f, want 5 ± 0.7", p)
	}
}

// The error test bounds the local error per step by the tolerance; on these
// non-expanding problems (|exp(−t²)| decays, rotations are isometries) the
// global error is at most the sum of the local errors, a few dozen steps'
// worth at loose tolerances and fewer than that times tol in practice since
// the controller aims at 0.9^5 of the tolerance. C = 100 is a generous
// bound that still fails for a method off by two orders of magnitude.
func TestDormandPrinceTolerance(t *testing.T) {
	for _, tol := range []float64{1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12} {
		s := ode.Settings{RTol: tol, ATol: tol}
		r, err := ode.DormandPrince(gaussian(3), s)
		if err != nil {
			t.Fatal(err)
		}
		if e := math.Abs(r.Y[0] - math.Exp(-9)); !(e <= 100*tol) {
			t.Errorf("gaussian tol %g: error %g > 100·tol", tol, e)
		}
		r, err = ode.DormandPrince(rotation(2*math.Pi), s)
		if err != nil {
			t.Fatal(err)
		}
		if e := math.Hypot(r.Y[0]-1, r.Y[1]); !(e <= 100*tol) {
			t.Errorf("rotation tol %g: error %g > 100·tol", tol, e)
		}
	}
}

// Dense output at 201 times on a rotation of two turns is compared with
// (cos t, sin t). The continuous extension has order 4, one less than the
// propagated solution, so its error is bounded by a constant times the local
// error per step; C = 100 as above.
func TestDormandPrinceDenseOutput(t *testing.T) {
	const t1 = 4 * math.Pi
	times := make([]float64, 201)
	for k := range times {
		times[k] = t1 * float64(k) / 200
	}
	for _, tol := range []float64{1e-4, 1e-7, 1e-10} {
		r, err := ode.DormandPrince(rotation(t1), ode.Settings{RTol: tol, ATol: tol, Output: times})
		if err != nil {
			t.Fatal(err)
		}
		if rows, _ := r.Output.Dims(); rows != len(times) {
			t.Fatalf("%d output rows, want %d", rows, len(times))
		}
		if r.Stats.Steps > 100 && tol == 1e-4 {
			t.Errorf("output times shortened the steps: %d steps", r.Stats.Steps)
		}
		var worst float64
		for k, tk := range times {
			worst = math.Max(worst, math.Hypot(r.Output.At(k, 0)-math.Cos(tk), r.Output.At(k, 1)-math.Sin(tk)))
		}
		t.Logf("tol %g: %d steps, worst dense error %g", tol, r.Stats.Steps, worst)
		if !(worst <= 100*tol) {
			t.Errorf("tol %g: dense output error %g > 100·tol", tol, worst)
		}
	}
}

// FSAL: each step (accepted or rejected) costs 6 calls, plus 1 at T0 and 1
// for the initial-step heuristic.
func TestDormandPrinceFSAL(t *testing.T) {
	r, err := ode.DormandPrince(rotation(10), ode.Settings{RTol: 1e-9})
	if err != nil {
		t.Fatal(err)
	}
	if want := 6*(r.Stats.Steps+r.Stats.Rejected) + 2; r.Stats.RHSCalls != want {
		t.Errorf("RHSCalls = %d, want 6·(steps+rejected)+2 = %d", r.Stats.RHSCalls, want)
	}
}
