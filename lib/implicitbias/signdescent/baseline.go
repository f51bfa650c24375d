package signdescent

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// GDLimit returns the limit of the gradient-flow baseline GDFlow from
// w⁺ = w⁻ = α·1 (depth 2): the hyperbolic-entropy Bregman projection
//
//	argmin_{Xβ=y} D_ψα(β, 0),  ψα = implicitbias.Hypentropy(α)
//
// of Woodworth et al. (COLT 2020), computed by implicitbias.Project, and
// its KKT residual ‖(I − P_X)∇ψα(β)‖₂ (∇ψα(0) = 0, so the KKT condition is
// ∇ψα(β) ∈ range Xᵀ). The scale of the loss changes only the clock of the
// gradient flow, not its limit, so the core's potential (normalised for
// ½‖Aβ − y‖²) applies unchanged. It needs no block structure.
func GDLimit(p *Problem, alpha float64) (*mat.VecDense, float64, error) {
	if p == nil {
		return nil, 0, invalid("GDLimit", "problem is nil")
	}
	if !(alpha > 0) || math.IsInf(alpha, 1) {
		return nil, 0, invalid("GDLimit", "alpha = %v must be positive and finite", alpha)
	}
	pot, err := ib.NewHypentropy(alpha)
	if err != nil {
		return nil, 0, fmt.Errorf("signdescent: GDLimit: %w", err)
	}
	pr, err := ib.Project(pot, p.x, mat.NewVecDense(p.n, append([]float64(nil), p.y...)), mat.NewVecDense(p.d, nil), nil)
	if err != nil {
		return nil, 0, fmt.Errorf("signdescent: GDLimit: %w", err)
	}
	beta := pr.X.RawVector().Data
	g := make([]float64, p.d)
	pot.Grad(g, beta)
	kkt := p.rowSpaceResidual(g)
	if !finite(kkt) {
		return nil, 0, fmt.Errorf("signdescent: GDLimit: X does not have full row rank: %w", ib.ErrInvalidInput)
	}
	return pr.X, kkt, nil
}

// ConservationError returns maxᵢ |w⁺ᵢw⁻ᵢ/α² − 1| for the weights
// w = (w⁺, w⁻): zero along the gradient flow (w⁺ᵢw⁻ᵢ ≡ α², Woodworth et
// al.), whereas smoothed sign descent drives w⁺ᵢw⁻ᵢ below α² (Prop. 3.4).
func ConservationError(w []float64, alpha float64) float64 {
	d := len(w) / 2
	var worst float64
	for i := 0; i < d; i++ {
		worst = math.Max(worst, math.Abs(w[i]*w[d+i]/(alpha*alpha)-1))
	}
	return worst
}
