package ode

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// gaussBDF is y' = −2ty with solution exp(−t²) (defined for all t, so that
// an exact history before T0 is available) and its Jacobian.
func gaussBDF(t0, t1 float64) Problem {
	return Problem{
		F:   func(t float64, y, dy []float64) { dy[0] = -2 * t * y[0] },
		Jac: func(t float64, y []float64, j *mat.Dense) { j.Set(0, 0, -2*t) },
		T0:  t0, T1: t1, Y0: []float64{math.Exp(-t0 * t0)},
	}
}

// decayBDF is y' = −y with solution exp(−t), whose derivatives all have
// the size of y.
func decayBDF(t0, t1 float64) Problem {
	return Problem{
		F:   func(t float64, y, dy []float64) { dy[0] = -y[0] },
		Jac: func(t float64, y []float64, j *mat.Dense) { j.Set(0, 0, -1) },
		T0:  t0, T1: t1, Y0: []float64{math.Exp(-t0)},
	}
}

// startBDF returns a bdf at order k and spacing h whose differences are
// those of the exact solution at t0, t0−h, …, t0−kh.
func startBDF(p Problem, k int, h float64) *bdf {
	return startBDFWith(p, k, h, func(t float64) float64 { return math.Exp(-t * t) })
}

func startBDFWith(p Problem, k int, h float64, exact func(float64) float64) *bdf {
	s, err := checkProblem(p, Settings{RTol: 1e-13, ATol: 1e-13})
	if err != nil {
		panic(err)
	}
	b := newBDF(p, s)
	b.order, b.h = k, h
	// ∇^j y_0 = Σ_i (−1)^i C(j, i) y(t0 − ih).
	for j := 0; j <= k; j++ {
		var sum, binom float64 = 0, 1
		for i := 0; i <= j; i++ {
			t := p.T0 - float64(i)*h
			sum += binom * exact(t)
			binom *= -float64(j-i) / float64(i+1)
		}
		b.d[j][0] = sum
	}
	return b
}

// stepFresh takes one step of size h with a Jacobian evaluated for it, so
// that the Newton iteration (linear problem, exact Jacobian) solves the
// implicit equation to rounding; it fails the test if it does not converge.
func stepFresh(tb testing.TB, b *bdf, t, h float64) float64 {
	b.jacOK = false
	e, err := b.attempt(t, h)
	if err != nil || b.convFail {
		tb.Fatalf("order %d, h %g, t %g: attempt failed (%v, convFail %v)", b.order, h, t, err, b.convFail)
	}
	return e
}

// With exact starting values and constant steps, the NDF of order k has
// global error O(h^k): the slope of log(error) against log(h) over three
// halvings must be k ± 0.3. A wrong coefficient κ_k, γ_j or α_k makes the
// formula inconsistent at order k (slope ≤ k − 1), and a wrong sign in the
// history term ψ breaks convergence altogether.
func TestBDFFixedOrder(t *testing.T) {
	const t0, t1 = 0.5, 1.5
	for k := 1; k <= bdfMaxOrder; k++ {
		var lh, le []float64
		for _, n := range []int{20, 40, 80, 160} {
			h := (t1 - t0) / float64(n)
			b := startBDF(gaussBDF(t0, t1), k, h)
			tt := t0
			for i := 0; i < n; i++ {
				stepFresh(t, b, tt, h)
				b.accept(tt, h)
				tt = t0 + float64(i+1)*h
			}
			lh = append(lh, math.Log(h))
			le = append(le, math.Log(math.Abs(b.d[0][0]-math.Exp(-t1*t1))))
		}
		p := slopeOf(lh, le)
		t.Logf("order %d: measured %.3f", k, p)
		if !(math.Abs(p-float64(k)) <= 0.3) {
			t.Errorf("order %d: measured order %.3f", k, p)
		}
	}
}

// The error estimate of a step is C_k‖y_{n+1} − y_pred‖ with
// C_k = κ_k γ_k + 1/(k+1), the truncation error constant of the NDF
// (Shampine and Reichelt, The MATLAB ODE Suite, 1997, §2.1 and Table 1; as
// in ode15s and SciPy). From exact history on y' = −y the computed y_{n+1}
// is off by e ≈ τ/α_k, τ = C_k h^{k+1} y^{(k+1)} and α_k = (1 − κ_k)γ_k,
// and y_{n+1} − y_pred = ∇^{k+1}y + e, so the estimate is (α_k + C_k)·e.
// Both relations are checked with κ typed in from the paper's table, to 6%
// (the O(h) terms at the step sizes used, chosen so that e stays far above
// the Newton tolerance). A wrong κ_k (e.g. a flipped sign), the error
// constant of another order or of BDF (κ = 0) each move one of them by
// more than 9%.
func TestBDFErrorEstimate(t *testing.T) {
	const t0 = 0.5
	kappa := []float64{0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0}
	for k := 1; k <= bdfMaxOrder; k++ {
		var gamma float64
		for j := 1; j <= k; j++ {
			gamma += 1 / float64(j)
		}
		alpha := (1 - kappa[k]) * gamma
		c := kappa[k]*gamma + 1/float64(k+1)
		h := 0.004 * math.Pow(1.5, float64(k-1))
		p := decayBDF(t0, 1)
		b := startBDFWith(p, k, h, func(t float64) float64 { return math.Exp(-t) })
		est := stepFresh(t, b, t0, h)
		est *= 1e-13 + 1e-13*math.Max(math.Abs(b.y[0]), math.Abs(b.d[0][0])) // unscale
		tn := t0 + h
		truth := math.Abs(b.y[0] - math.Exp(-tn))
		predicted := c / alpha * math.Pow(h, float64(k+1)) * math.Exp(-tn)
		t.Logf("order %d: true local error %.4g (predicted %.4g), estimate/true %.4f (predicted %.4f)", k, truth, predicted, est/truth, alpha+c)
		if !(math.Abs(truth/predicted-1) <= 0.06) {
			t.Errorf("order %d: local error %.4g, want C/α·h^(k+1)·y^(k+1) = %.4g ± 6%%", k, truth, predicted)
		}
		if r := est / truth; !(math.Abs(r/(alpha+c)-1) <= 0.06) {
			t.Errorf("order %d: estimate/true local error = %.4f, want %.4f ± 6%%", k, r, alpha+c)
		}
	}
}

// Rescaling re-interpolates: for the differences of a polynomial of degree
// ≤ k on spacing h, rescale(ρ) must give exactly (to rounding) the
// differences of the same polynomial on spacing ρh (rounding grows like
// max(1, ρ)^k times the entries, hence the tolerance).
func TestBDFRescale(t *testing.T) {
	coef := []float64{1, -2, 0.5, -0.3, 0.2, -0.1}
	diffs := func(k int, h float64) []float64 {
		poly := func(t float64) float64 { // degree k
			var s float64
			for i := k; i >= 0; i-- {
				s = s*t + coef[i]
			}
			return s
		}
		out := make([]float64, k+1)
		for j := 0; j <= k; j++ {
			var sum, binom float64 = 0, 1
			for i := 0; i <= j; i++ {
				sum += binom * poly(1-float64(i)*h)
				binom *= -float64(j-i) / float64(i+1)
			}
			out[j] = sum
		}
		return out
	}
	for k := 1; k <= bdfMaxOrder; k++ {
		for _, rho := range []float64{0.25, 0.7, 1.9, 4} {
			b := startBDF(gaussBDF(0, 1), k, 0.1)
			for j, v := range diffs(k, 0.1) {
				b.d[j][0] = v
			}
			b.rescale(rho)
			for j, v := range diffs(k, 0.1*rho) {
				if !(math.Abs(b.d[j][0]-v) <= 1e-14*math.Pow(math.Max(1, rho), float64(k))) {
					t.Errorf("k %d, ρ %g: ∇^%d = %.15g, want %.15g", k, rho, j, b.d[j][0], v)
				}
			}
		}
	}
}

func slopeOf(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(x))
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	return sxy / sxx
}
