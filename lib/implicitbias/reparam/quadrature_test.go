package reparam

import (
	"math"
	"testing"
)

// An integrand whose halves never agree to 1e-14 (NaN here; a singularity
// or rounding noise behave alike) must not make the adaptive rule split
// every interval down to its depth cap of 40, which would take 2⁴⁰ leaves:
// the bisection budget bounds the work.
func TestAdaptiveGLBoundedWork(t *testing.T) {
	calls := 0
	f := func(float64) float64 { calls++; return math.NaN() }
	budget := glBudget
	adaptiveGL(f, 0, 1, 0, &budget)
	// Each call evaluates the 10-point rule three times (whole and two
	// halves), 10 evaluations each; once the budget is spent, each of the at
	// most 40 frames on the stack still makes one more (returning) call.
	if limit := 30 * (glBudget + 41); calls > limit {
		t.Fatalf("adaptiveGL evaluated f %d times, more than %d", calls, limit)
	}
	// A smooth integrand still converges to full accuracy within the budget:
	// ∫₀¹ eˣ dx = e − 1.
	budget = glBudget
	if got, want := adaptiveGL(math.Exp, 0, 1, 0, &budget), math.E-1; !(math.Abs(got-want) <= 4e-16*want) {
		t.Errorf("∫₀¹ eˣ dx = %.17g, want %.17g", got, want)
	}
}
