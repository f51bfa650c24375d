package signdescent

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// BregmanE is the Bregman-style function of Wang and Klabjan (UAI 2025,
// eq. (22)) with reference point β₀ = 0,
//
//	E(β, 0) = Φ∞(β) − Φ₀(0) + ⟨∇Φ₀(0), 0 − β⟩ = Φ∞(β) − ⅔Dα³ − α Σᵢ sᵢβᵢ,
//
// where Φ∞ is the mirror potential with the limiting non-dominating weights
// v∞ and ∇Φ₀(0) = s⊙α is the one-sided value at the kink of Φ₀ used in the
// paper's proofs. The paper shows that the limit β∞ of the flow satisfies
// the δ-KKT conditions of min_{Xβ=y} E(β, 0) (eq. (23)) with a δ bounded in
// Theorem 3.9. Requires Assumption 3.2 (for the signs s).
type BregmanE struct {
	p     *Problem
	alpha float64
	s     []float64
	phi   *Potential
}

// NewBregmanE returns E(·, 0) for the problem, the initial scale α and the
// limiting non-dominating weights vInf (nil means v∞ = 0, the ε → 0 form
// ⅔‖β‖_{3/2}^{3/2} − α⟨s, β⟩ + const). It returns an *AssumptionError if
// Assumption 3.2 fails, and an error wrapping implicitbias.ErrInvalidInput
// for a bad α or v∞ (length ≠ D, negative, non-finite, or some vᵢ > α:
// v only decreases from α).
func NewBregmanE(p *Problem, alpha float64, vInf []float64) (*BregmanE, error) {
	const op = "NewBregmanE"
	if p == nil {
		return nil, invalid(op, "problem is nil")
	}
	if !(alpha > 0) || math.IsInf(alpha, 1) {
		return nil, invalid(op, "alpha = %v must be positive and finite", alpha)
	}
	s, err := p.Signs()
	if err != nil {
		return nil, err
	}
	if vInf == nil {
		vInf = make([]float64, p.d)
	}
	if len(vInf) != p.d {
		return nil, invalid(op, "vInf has length %d, D = %d", len(vInf), p.d)
	}
	for i, v := range vInf {
		if v > alpha {
			return nil, invalid(op, "vInf[%d] = %v exceeds α = %v (v is non-increasing from α)", i, v, alpha)
		}
	}
	phi, err := NewPotential(vInf)
	if err != nil {
		return nil, invalid(op, "vInf: %v", err)
	}
	return &BregmanE{p: p, alpha: alpha, s: s, phi: phi}, nil
}

// Value returns E(β, 0).
func (e *BregmanE) Value(beta []float64) float64 {
	a := e.alpha
	return e.phi.Value(beta) - 2*float64(e.p.d)*a*a*a/3 - a*dot(e.s, beta)
}

// Grad writes ∇E(β) = ∇Φ∞(β) − α s into dst.
func (e *BregmanE) Grad(dst, beta []float64) {
	e.phi.Grad(dst, beta)
	for i, si := range e.s {
		dst[i] -= e.alpha * si
	}
}

// KKTError returns δ(β) = min_ν ‖∇E(β) − Xᵀν‖₂ = ‖(I − P_X)∇E(β)‖₂, the
// stationarity part of the δ-KKT conditions of min_{Xβ=y} E(β, 0). At the
// limit of the flow, ∇E(β∞) = s⊙(u∞ − α) by the mirror identity.
// Interpolation (Xβ = y) is the other part: see Problem.Residual.
func (e *BregmanE) KKTError(beta []float64) float64 {
	g := make([]float64, e.p.d)
	e.Grad(g, beta)
	return e.p.rowSpaceResidual(g)
}

// Minimize returns the minimal-E point argmin_{Xβ=y} E(β, 0). E is convex
// and, under Assumption 3.2, separates over the blocks of X: on block n the
// KKT conditions read βᵢ = ∇Φ∞*(αsᵢ + xᵢ⁽ⁿ⁾νₙ) for i ∈ I⁽ⁿ⁾ with the
// scalar νₙ solving the monotone equation Σᵢ xᵢ⁽ⁿ⁾βᵢ(νₙ) = y⁽ⁿ⁾, which is
// solved by bisection to the last bit. It returns an error if the
// bracket of νₙ overflows (data so large that the minimiser is not
// representable).
func (e *BregmanE) Minimize() (*mat.VecDense, error) {
	p := e.p
	beta := make([]float64, p.d)
	theta := make([]float64, p.d)
	// h returns Σ_{i∈I⁽ⁿ⁾} xᵢβᵢ(ν) − y⁽ⁿ⁾ and fills beta on block n.
	h := func(n int, nu float64) float64 {
		for i, b := range p.block {
			if b == n {
				theta[i] = e.alpha*e.s[i] + p.x.At(n, i)*nu
			} else {
				theta[i] = 0
			}
		}
		e.phi.GradStar(beta, theta)
		var r float64
		for i, b := range p.block {
			if b == n {
				r += p.x.At(n, i) * beta[i]
			}
		}
		return r - p.y[n]
	}
	out := make([]float64, p.d)
	for n := 0; n < p.n; n++ {
		// h is non-decreasing in ν and tends to ∓∞ as ν → ∓∞ (every
		// column of the block is non-zero).
		lo, hi := -1.0, 1.0
		for finite(lo) && h(n, lo) > 0 {
			lo *= 2
		}
		for finite(hi) && h(n, hi) < 0 {
			hi *= 2
		}
		if !finite(lo) || !finite(hi) {
			return nil, fmt.Errorf("signdescent: BregmanE.Minimize: the multiplier of block %d overflows: %w", n, ib.ErrInvalidInput)
		}
		// Bisection halves a finite bracket at most ~2100 times before
		// lo and hi are adjacent floats.
		for iter := 0; iter < 4096; iter++ {
			mid := lo + (hi-lo)/2
			if mid <= lo || mid >= hi {
				break
			}
			if h(n, mid) < 0 {
				lo = mid
			} else {
				hi = mid
			}
		}
		nu := hi
		if math.Abs(h(n, lo)) < math.Abs(h(n, hi)) {
			nu = lo
		}
		h(n, nu)
		for i, b := range p.block {
			if b == n {
				out[i] = beta[i]
			}
		}
	}
	return mat.NewVecDense(p.d, out), nil
}

// rowSpaceResidual returns ‖(I − P_X)g‖₂ with P_X = Xᵀ(XXᵀ)⁻¹X, the
// distance of g from the row space of X (via a Cholesky factor of XXᵀ;
// +Inf if X does not have full row rank).
func (p *Problem) rowSpaceResidual(g []float64) float64 {
	var xxt mat.SymDense
	xxt.SymOuterK(1, p.x)
	var chol mat.Cholesky
	if !chol.Factorize(&xxt) {
		return math.Inf(1)
	}
	gv := mat.NewVecDense(p.d, append([]float64(nil), g...))
	var xg, nu mat.VecDense
	xg.MulVec(p.x, gv)
	if err := chol.SolveVecTo(&nu, &xg); err != nil {
		return math.Inf(1)
	}
	var proj mat.VecDense
	proj.MulVec(p.x.T(), &nu)
	gv.SubVec(gv, &proj)
	return mat.Norm(gv, 2)
}
