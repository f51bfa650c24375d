package ode

// Tests added by an independent mutation review. Each one names the wrong
// formula (the mutant) it rejects; comparisons are written as !(err <= tol)
// so that a NaN fails them.

import (
	"math"
	"testing"
)

// The step-size and order selection of BDF after a step (Shampine and
// Reichelt, The MATLAB ODE Suite, 1997, §2.4; SciPy's BDF): the error
// estimate at order q scales like h^{q+1}, so the step that brings the
// estimate errq of order q to the target is h·safety·errq^{−1/(q+1)}, with
// q = k−1, k, k+1 and the order of the largest factor chosen (factor capped
// at 10). safety = s₀(2m + 1)/(2m + iters) with m = bdfMaxIter Newton
// iterations at most (SciPy's formula; the tuning constant s₀ = bdfSafety). The cases below are chosen so that
// each order wins once with a factor below the cap; the expected factors
// are computed from the error model, to rounding (1e-12 relative).
// Rejects: a wrong exponent for order k−1 (−1/(k+1) instead of −1/k),
// which only costs efficiency and so passes every accuracy test.
func TestMutationBDFOrderSelection(t *testing.T) {
	const k, h = 3, 0.01
	safety := func(iters int) float64 {
		return bdfSafety * float64(2*bdfMaxIter+1) / float64(2*bdfMaxIter+iters)
	}
	cases := []struct {
		name              string
		errM, err, errP   float64
		iters             int
		wantOrder         int
		wantErrAtNewOrder float64
	}{
		{"order k−1 wins", 0.01, 0.1, 0.5, 1, k - 1, 0.01},
		{"order k wins", 0.5, 0.001, 0.5, 2, k, 0.001},
		{"order k+1 wins", 0.5, 0.1, 0.001, 3, k + 1, 0.001},
	}
	for _, c := range cases {
		b := startBDF(gaussBDF(0, 1), k, h)
		b.nEqual, b.iters, b.errM, b.errP = k+1, c.iters, c.errM, c.errP
		hNew := b.propose(h, c.err, true)
		// The estimate at the new order q, rescaled to the new step, is
		// errq·(hNew/h)^{q+1} = safety^{q+1}.
		q := c.wantOrder
		want := h * safety(c.iters) * math.Pow(c.wantErrAtNewOrder, -1/float64(q+1))
		if b.order != q || !(math.Abs(hNew-want) <= 1e-12*want) {
			t.Errorf("%s: order %d, h %.15g; want order %d, h %.15g", c.name, b.order, hNew, q, want)
		}
	}
	// Fewer than k+1 steps at this order and step: no change.
	b := startBDF(gaussBDF(0, 1), k, h)
	b.nEqual, b.iters, b.errM, b.errP = k, 1, 0.01, 0.5
	if hNew := b.propose(h, 0.1, true); hNew != h || b.order != k {
		t.Errorf("after %d equal steps: h %v, order %d; want %v, %d unchanged", k, hNew, b.order, h, k)
	}
}

// After a rejected step (error test failed, errNorm = 4 > 1) the step is
// cut by safety·4^{−1/(k+1)} (local error O(h^{k+1})), at least to 0.2·h;
// a Newton failure cuts it to h/4; the order drops to 1 only after the third
// failure in a row. Rejects the exponent −1/k and a drop after one failure.
func TestMutationBDFRejection(t *testing.T) {
	const k, h = 3, 0.01
	b := startBDF(gaussBDF(0, 1), k, h)
	b.iters = 2
	safety := bdfSafety * float64(2*bdfMaxIter+1) / float64(2*bdfMaxIter+2)
	want := h * safety * math.Pow(4, -1/float64(k+1))
	if hNew := b.propose(h, 4, false); !(math.Abs(hNew-want) <= 1e-12*want) || b.order != k {
		t.Errorf("first failure: h %.15g, order %d; want %.15g, %d", hNew, b.order, want, k)
	}
	if hNew := b.propose(h, 1e6, false); hNew != bdfMinFactor*h || b.order != k {
		t.Errorf("second failure, err 1e6: h %v, order %d; want %v (the floor), %d", hNew, b.order, bdfMinFactor*h, k)
	}
	b.propose(h, 4, false)
	if b.order != 1 {
		t.Errorf("third failure in a row: order %d, want 1", b.order)
	}
	b.convFail = true
	if hNew := b.propose(h, math.Inf(1), false); hNew != 0.25*h {
		t.Errorf("Newton failure: h %v, want h/4", hNew)
	}
}

// The LU of I − c′J is reused for I − cJ only while the simplified Newton
// iteration keeps contracting: on an eigenvector of J with eigenvalue λ the
// error is multiplied by (c − c′)λ/(1 − c′λ) per iteration. In the
// non-stiff regime (c′‖J‖ < ½) |1 − c′λ| ≥ ½, so the documented test
// 2|c − c′|‖J‖ ≤ 0.3 keeps that factor ≤ 0.3; for decaying modes (λ < 0)
// the stiff-regime test |c − c′| ≤ 0.3c′ keeps it below 0.3 as well. Checked
// on a grid of c for λ = ±‖J‖ (scalar J, where the bound is attained).
// Rejects a test four times looser (|c − c′|‖J‖ ≤ 0.6), which only slows
// Newton and so passes every accuracy test.
func TestMutationBDFKeepsLUOnlyWhileContracting(t *testing.T) {
	b := startBDF(gaussBDF(0, 1), 1, 0.01)
	const jn = 1.0
	for _, cLU := range []float64{0.01, 0.2, 0.45, 0.6, 3, 50} {
		for _, lam := range []float64{-jn, jn} {
			if lam > 0 && cLU*jn >= 0.5 {
				continue // growing stiff modes: no bound claimed
			}
			b.cLU, b.jNorm = cLU, jn
			for i := 1; i <= 1000; i++ {
				c := cLU * 3 * float64(i) / 1000
				if b.needLU(c) {
					continue
				}
				rho := math.Abs((c - cLU) * lam / (1 - cLU*lam))
				if !(rho <= 0.3+1e-12) {
					t.Errorf("c′ = %g, λ = %g: LU kept for c = %g, where Newton contracts by only %.3g per iteration", cLU, lam, c, rho)
					break
				}
			}
		}
	}
}

// "Order and step size are chosen after k+1 steps of equal size at order k
// from the error estimates at orders k−1, k and k+1" (BDF's doc, as in
// SciPy): the estimates for k−1 and k+1 must be available right after the
// (k+1)-th equal step, not one step later. On y′ = −y from exact history,
// the order-(k−1) estimate is |C_{k−1}|·|∇^k y|/(atol + rtol|y|) with
// ∇^k y(t) = e^{−t}(1 − e^h)^k exactly; the computed differences carry
// the O(h^{k+1}) local errors, i.e. O(h) = 1% relative, hence 5%.
// Rejects computing the estimates only after k+2 equal steps (which merely
// delays order changes, and passes every accuracy test).
func TestMutationBDFEstimatesAfterKPlus1Steps(t *testing.T) {
	const k, h, t0 = 2, 0.01, 0.5
	b := startBDFWith(decayBDF(t0, 1), k, h, func(t float64) float64 { return math.Exp(-t) })
	tt := t0
	for i := 0; i <= k; i++ {
		stepFresh(t, b, tt, h)
		b.accept(tt, h)
		tt = t0 + float64(i+1)*h
		if i < k && (!math.IsInf(b.errM, 1) || !math.IsInf(b.errP, 1)) {
			t.Errorf("after %d equal steps: estimates %v, %v before k+1 = %d", i+1, b.errM, b.errP, k+1)
		}
	}
	y := math.Exp(-tt)
	want := math.Abs(ndfErrConst[k-1]) * y * math.Pow(math.Expm1(h), k) / (b.atol + b.rtol*y)
	if !(math.Abs(b.errM-want) <= 0.05*want) || math.IsInf(b.errP, 0) || math.IsNaN(b.errP) {
		t.Errorf("after k+1 = %d equal steps: errM %.4g (want %.4g ± 5%%), errP %v (want finite)", k+1, b.errM, want, b.errP)
	}
}

// The PI step-size control of Dormand–Prince is that of Hairer's DOPRI5
// (Hairer, Nørsett and Wanner, Solving ODEs I, 2nd ed., §II.4 and the
// DOPRI5 code): with the local error of the order-4 estimate O(h⁵), the
// exponents are α = 1/5 − 0.75β and β = 0.04, the previous error starts at
// 1e-4, the safety factor is 0.9 and h_new/h ∈ [0.2, 10], with no increase
// right after a rejection. The factors are recomputed here from those
// published constants (to rounding). Rejects α = 1/6 − 0.75β (the exponent
// of a method one order higher), which costs steps but not accuracy.
func TestMutationDopriPIControl(t *testing.T) {
	const beta = 0.04
	alpha := 0.2 - 0.75*beta
	c := newPIControl(5)
	const h = 0.1
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-14*math.Abs(b) }
	// Accepted, err = 0.5, previous error 1e-4.
	if got, want := c.propose(h, 0.5, true), h*0.9*math.Pow(0.5, -alpha)*math.Pow(1e-4, beta); !near(got, want) {
		t.Errorf("first accepted step: h %.16g, want %.16g", got, want)
	}
	// Accepted, err = 0.3, previous error 0.5.
	if got, want := c.propose(h, 0.3, true), h*0.9*math.Pow(0.3, -alpha)*math.Pow(0.5, beta); !near(got, want) {
		t.Errorf("second accepted step: h %.16g, want %.16g", got, want)
	}
	// Rejected, err = 2: the elementary controller 0.9·err^{−α}.
	if got, want := c.propose(h, 2, false), h*0.9*math.Pow(2, -alpha); !near(got, want) {
		t.Errorf("rejected step: h %.16g, want %.16g", got, want)
	}
	// Accepted right after the rejection with a tiny error: no increase.
	if got := c.propose(h, 1e-8, true); got != h {
		t.Errorf("step after a rejection: h %v, want %v (no increase)", got, h)
	}
}

// The simplified Newton iteration stops when "its remaining error, estimated
// from a linear convergence rate ρ as ‖Δ‖ρ/(1−ρ), is below" the tolerance
// (BDF's doc; CVODE's test). On the scalar linear problem y′ = λy with the
// LU of 1 − cλ′ for a deliberately inexact λ′, the iteration is linear with
// the known factor r = c(λ − λ′)/(1 − cλ′) (0.6 for λ = −1, λ′ = −4,
// c = 1), the estimate is exact, and the solution of the implicit equation
// corr = c·F(ypred + corr) − ψ is corr* = (cλ·ypred − ψ)/(1 − cλ). For
// every tolerance on a grid, a converged iteration must be within it of
// corr* (weights 1; 1e-9 relative for rounding). Rejects the rate update
// min(0.3ρ_old, ρ) instead of max (an optimistic rate) and the estimate
// ‖Δ‖ρ without 1/(1−ρ); both stop early by a factor ≥ 2.5.
func TestMutationBDFNewtonStopsWithinTolerance(t *testing.T) {
	const lam, lamJ, c, ypred, psi = -1.0, -4.0, 1.0, 1.0, 0.1
	p := Problem{F: func(_ float64, y, dy []float64) { dy[0] = lam * y[0] }, T0: 0, T1: 1, Y0: []float64{1}}
	want := ypred + (c*lam*ypred-psi)/(1-c*lam)
	converged := 0
	for i := 0; i <= 200; i++ {
		tol := math.Pow(10, -2+3*float64(i)/200) // converges from tol ≈ 0.12 (3 iterations)
		b := startBDFWith(p, 1, 0.1, math.Exp)
		b.jac.Set(0, 0, lamJ)
		b.jNorm, b.jacOK, b.rateAge = math.Abs(lamJ), true, 0
		if !b.factorize(c) {
			t.Fatal("1 − cλ′ is singular")
		}
		b.ypred[0], b.psi[0], b.w[0], b.fpredOK = ypred, psi, 1, false
		ok, err := b.newton(0.1, c, tol)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			continue
		}
		converged++
		if e := math.Abs(b.y[0] - want); !(e <= tol*(1+1e-9)) {
			t.Errorf("tol %.4g: converged after %d iterations with error %.4g", tol, b.iters, e)
		}
	}
	if converged < 50 {
		t.Errorf("only %d of 201 tolerances converged", converged)
	}
}

// The error norm of every integrator is the weighted RMS norm of Hairer,
// Nørsett and Wanner (Solving ODEs I, §II.4, eq. (4.11)):
// ‖e‖ = √(1/n Σ (eᵢ/scᵢ)²), scᵢ = atol + rtol·max(|yᵢ|, |zᵢ|) with y and z
// the old and the new solution. Values chosen so that each term is exact
// in binary: e = (1, 3), y = (0, −4), z = (2, 1), rtol = 1, atol = 0 →
// sc = (2, 4), ‖e‖ = √((¼ + 9/16)/2) = √(13/32). Rejects a scale from y
// alone (which is 0 in the first component) and a missing 1/n.
func TestMutationWRMSDefinition(t *testing.T) {
	got := wrms([]float64{1, 3}, []float64{0, -4}, []float64{2, 1}, 1, 0)
	if want := math.Sqrt(13.0 / 32); !(math.Abs(got-want) <= 1e-16) {
		t.Errorf("wrms = %.17g, want √(13/32) = %.17g", got, want)
	}
	if got, want := wrms([]float64{1}, []float64{3}, []float64{-1}, 0.5, 0.5), 0.5; got != want {
		t.Errorf("wrms with atol: %v, want %v", got, want)
	}
}

// Rodas' step control is Gustafsson's predictive controller as in Hairer's
// RODAS code (Hairer and Wanner, Solving ODEs II, §IV.8, eq. (8.21)): with
// the embedded estimate's local error O(h⁴), the elementary factor is
// 0.9·err^{−1/4} in [0.2, 6], and from the second accepted step on it is
// capped by the prediction 0.9·(h/h_acc)·(err²/err_acc)^{−1/4}; a step
// rejected twice before any acceptance is cut by 10. Recomputed from those
// constants (to rounding). Rejects the exponent −1/5.
func TestMutationRodasGustafssonControl(t *testing.T) {
	c := newGustafssonControl(4)
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-14*math.Abs(b) }
	h1 := c.propose(0.1, 0.5, true)
	if want := 0.1 * 0.9 * math.Pow(0.5, -0.25); !near(h1, want) {
		t.Errorf("first accepted step: h %.16g, want %.16g", h1, want)
	}
	h2 := c.propose(h1, 0.8, true)
	fac := 0.9 * math.Pow(0.8, -0.25)
	pred := 0.9 * (h1 / 0.1) * math.Pow(0.8*0.8/0.5, -0.25)
	if want := h1 * math.Min(fac, pred); !near(h2, want) || !(pred < fac) {
		t.Errorf("second accepted step: h %.16g, want %.16g (prediction %.4g < elementary %.4g)", h2, want, pred, fac)
	}
	r := newGustafssonControl(4)
	if got, want := r.propose(0.1, 3, false), 0.1*0.9*math.Pow(3, -0.25); !near(got, want) {
		t.Errorf("first rejection: h %.16g, want %.16g", got, want)
	}
	if got := r.propose(0.1, 3, false); !near(got, 0.01) {
		t.Errorf("second rejection before any acceptance: h %v, want h/10", got)
	}
}
