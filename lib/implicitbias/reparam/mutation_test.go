package reparam

// Tests added by an independent mutation review. Each one names the wrong
// formula (the mutant) it rejects; comparisons are written as !(err <= tol)
// so that a NaN fails them.

import (
	"math"
	"testing"
)

// Depth-2 diagonal network from a general start (u₀, v₀), u₀ᵢv₀ᵢ ≠ 0: the
// gradient flow u̇ = −2u⊙g, v̇ = 2v⊙g keeps cᵢ = u₀ᵢv₀ᵢ and gives
// βᵢ = 2cᵢ sinh(2sᵢ + ln(u₀ᵢ/v₀ᵢ)) with sᵢ = −2∫gᵢ, while the mirror flow
// needs d/dt ∇Φ(β) = −g = ṡ/2. Hence (Woodworth et al., COLT 2020; Azulay
// et al., ICML 2021, for u₀ ≠ v₀)
//
//	∇Φ(β)ᵢ = ¼[arcsinh(βᵢ/(2|cᵢ|)) − arcsinh(β₀ᵢ/(2|cᵢ|))],  β₀ = u₀² − v₀²,
//
// re-derived here and compared at three points per coordinate, with
// Φ(β₀) = 0 (Φ is the Bregman divergence from β₀). Tolerance: a few ulps of
// arcsinh of O(1) arguments. Rejects β₀ = u₀² + v₀² as the reference point
// of the closed form (TestCompareFlows starts the mirror flow at β₀ itself,
// where a constant shift of ∇Φ cancels).
func TestMutationDiagonalMapPotentialGeneralStart(t *testing.T) {
	u0, v0 := []float64{1.2, -0.3, 0.7}, []float64{0.5, 0.9, -0.4}
	g, err := NewDiagonalMap(2, 3)
	if err != nil {
		t.Fatal(err)
	}
	pot, err := g.MirrorPotential(append(append([]float64(nil), u0...), v0...))
	if err != nil {
		t.Fatal(err)
	}
	beta0 := make([]float64, 3)
	for i := range beta0 {
		beta0[i] = u0[i]*u0[i] - v0[i]*v0[i]
	}
	if v := pot.Value(beta0); !(math.Abs(v) <= 1e-15) {
		t.Errorf("Φ(β₀) = %v, want 0", v)
	}
	grad := make([]float64, 3)
	for _, shift := range []float64{-1.5, 0, 2.25} {
		beta := make([]float64, 3)
		for i := range beta {
			beta[i] = beta0[i] + shift
		}
		pot.Grad(grad, beta)
		for i := range beta {
			c := math.Abs(u0[i] * v0[i])
			want := 0.25 * (math.Asinh(beta[i]/(2*c)) - math.Asinh(beta0[i]/(2*c)))
			if !(math.Abs(grad[i]-want) <= 1e-14) {
				t.Errorf("β = β₀ + %g: ∇Φ_%d = %.16g, want %.16g", shift, i, grad[i], want)
			}
		}
	}
}
