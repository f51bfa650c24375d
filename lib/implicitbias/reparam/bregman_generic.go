package reparam

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// MaxCommutingBracket is the bracket score (see BracketScore) above which
// ProjectCommuting refuses a parametrisation as non-commuting: commuting
// maps with analytic Jacobians score ≤ 1e-7 (difference noise), the
// non-commuting examples of Li et al. O(10⁻¹–1).
const MaxCommutingBracket = 1e-6

// CommutingProjection is the outcome of ProjectCommuting.
type CommutingProjection struct {
	// Projection holds X = w = G(x(λ)), the dual solution Lambda, the
	// normwise relative residual ‖ZX − y‖/(‖Z‖₂‖X‖ + ‖y‖), the Newton
	// iterations and Method.
	ib.Projection
	// Weights is x(λ) = Φ(x0; Zᵀλ), the weights at which G(x) = X.
	Weights *mat.VecDense
	// Bracket is the largest bracket score met at x0, at four points near
	// it and at Weights.
	Bracket Bracket
}

// ProjectCommuting computes the limit of gradient flow on the weights of a
// commuting parametrisation g from x0 for the least-squares loss
// ½‖ZG(x) − y‖² — the Bregman projection argmin_{Zw=y} D_R(w, G(x0)) of
// its mirror potential R — without a closed form of R. By Li, Wang, Lee,
// Arora (NeurIPS 2022) the flow stays on the set {Φ(x0; μ)}, where
// Φ(x0; μ) is the time-1 flow of the field ∂G(x)ᵀμ = Σᵢμᵢ∇Gᵢ from x0, and
// ∇R(G(Φ(x0; μ))) = μ; the projection is w = G(Φ(x0; Zᵀλ)) for the λ ∈ ℝⁿ
// with Zw = y. ProjectCommuting finds λ by Newton's method with the
// Jacobian Z∂G∂GᵀZᵀ at x(λ) (= Z∇²R*Zᵀ), with backtracking on ‖Zw − y‖,
// integrating each x(λ) by Dormand–Prince (rtol 1e-13) from x0.
//
// s may be nil (Tol 1e-11, MaxIter 100, λ = 0). It returns an error
// wrapping implicitbias.ErrInvalidInput naming the parameter if g, Z, y,
// x0 or s are invalid (output dimension of g ≠ columns of Z, non-finite
// entries or Jacobian, more rows than parameters), if g is not commuting
// near x0 or at the solution (bracket score above MaxCommutingBracket), or
// if Z∂G∂GᵀZᵀ is singular (G not regular, or Z rank-deficient). If the
// tolerance is not met within MaxIter iterations or the line search stalls,
// it returns the last iterate with a *implicitbias.NotConvergedError.
func ProjectCommuting(g Parametrization, Z *mat.Dense, y, x0 *mat.VecDense, s *ib.ProjectSettings) (*CommutingProjection, error) {
	const op = "ProjectCommuting"
	D, d, err := checkParametrization(op, g)
	if err != nil {
		return nil, err
	}
	if Z == nil || Z.IsEmpty() {
		return nil, failure.Invalid(op, "measurements Z are nil or empty")
	}
	n, c := Z.Dims()
	if c != d {
		return nil, failure.Invalid(op, "Z has %d columns, the parametrization g has output dimension %d", c, d)
	}
	if n > d {
		return nil, failure.Invalid(op, "Z has %d rows > %d parameters: the constraint set is not underdetermined", n, d)
	}
	for i := 0; i < n; i++ {
		for j, v := range Z.RawRowView(i)[:d] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, failure.Invalid(op, "Z[%d][%d] = %v is not finite", i, j, v)
			}
		}
	}
	if y == nil || y.Len() != n {
		return nil, failure.Invalid(op, "y is nil or its length differs from the %d rows of Z", n)
	}
	ys := make([]float64, n)
	for i := range ys {
		ys[i] = y.AtVec(i)
		if math.IsNaN(ys[i]) || math.IsInf(ys[i], 0) {
			return nil, failure.Invalid(op, "y[%d] = %v is not finite", i, ys[i])
		}
	}
	xs, err := checkWeights(op, "x0", g, x0, D, d)
	if err != nil {
		return nil, err
	}
	if s == nil {
		s = &ib.ProjectSettings{}
	}
	tol, maxIter := s.Tol, s.MaxIter
	if !(tol >= 0 && tol < 1) || maxIter < 0 {
		return nil, failure.Invalid(op, "settings Tol = %v (need [0, 1)) or MaxIter = %d (need ≥ 0) out of range", tol, maxIter)
	}
	if tol == 0 {
		tol = 1e-11
	}
	if maxIter == 0 {
		maxIter = 100
	}
	lambda := make([]float64, n)
	if s.Lambda0 != nil {
		if s.Lambda0.Len() != n {
			return nil, failure.Invalid(op, "Lambda0 has length %d, want %d (rows of Z)", s.Lambda0.Len(), n)
		}
		for i := range lambda {
			lambda[i] = s.Lambda0.AtVec(i)
			if math.IsNaN(lambda[i]) || math.IsInf(lambda[i], 0) {
				return nil, failure.Invalid(op, "Lambda0[%d] = %v is not finite", i, lambda[i])
			}
		}
	}

	// Commuting near x0: x0 and four nearby generic points (a symmetric x0,
	// such as b0 = 0 for w = a·b, can hide a non-zero bracket).
	pts := mat.NewDense(5, D, nil)
	rng := rand.New(rand.NewPCG(1, 2))
	scale := 0.1 * (1 + floats.Norm(xs, math.Inf(1)))
	for k := 0; k < 5; k++ {
		for j := range xs {
			v := xs[j]
			if k > 0 {
				v += scale * rng.NormFloat64()
			}
			pts.Set(k, j, v)
		}
	}
	br, err := BracketScore(g, pts)
	if err != nil {
		return nil, err
	}
	if br.Score > MaxCommutingBracket {
		return nil, failure.Invalid(op, "parametrization g is not commuting near x0: bracket score %.3g of coordinates (%d, %d) exceeds %g; use GradientFlow for its limit", br.Score, br.I, br.J, MaxCommutingBracket)
	}

	normZ := mat.Norm(Z, 2)
	p := &solver{g: g, Z: Z, y: ys, x0: xs, D: D, d: d, n: n,
		J: mat.NewDense(d, D, nil), pb: newPullBack(g, D, d), mu: make([]float64, d), w: make([]float64, d), F: make([]float64, n)}
	x, F, err := p.eval(lambda)
	if err != nil {
		return nil, err
	}
	resid := func(F []float64) float64 {
		return floats.Norm(F, 2) / (normZ*floats.Norm(p.w, 2) + floats.Norm(ys, 2))
	}
	res := resid(F)
	iter := 0
	var notConv error
	K := mat.NewSymDense(d, nil)
	M := mat.NewSymDense(n, nil)
	var ZK mat.Dense
	var ch mat.Cholesky
	delta := mat.NewVecDense(n, nil)
	for res > tol {
		if iter == maxIter {
			notConv = &ib.NotConvergedError{Method: op, Iterations: iter, Residual: res, Tol: tol}
			break
		}
		iter++
		g.Jacobian(p.J, x)
		K.SymOuterK(1, p.J)
		ZK.Mul(Z, K)
		for a := 0; a < n; a++ {
			for b := a; b < n; b++ {
				M.SetSym(a, b, floats.Dot(ZK.RawRowView(a), Z.RawRowView(b)[:d]))
			}
		}
		if !ch.Factorize(M) {
			return nil, failure.Invalid(op, "Z∂G∂GᵀZᵀ is singular at iteration %d: G is not regular at x(λ) or Z lacks full row rank", iter)
		}
		rhs := mat.NewVecDense(n, nil)
		for a := range F {
			rhs.SetVec(a, -F[a])
		}
		if err := ch.SolveVecTo(delta, rhs); err != nil {
			return nil, failure.Invalid(op, "Z∂G∂GᵀZᵀ is singular to working precision at iteration %d: %v", iter, err)
		}
		norm0 := floats.Norm(F, 2)
		accepted := false
		trial := make([]float64, n)
		for t := 1.0; t > 1e-12; t /= 2 {
			for a := range trial {
				trial[a] = lambda[a] + t*delta.AtVec(a)
			}
			xt, Ft, err := p.eval(trial)
			if err != nil {
				continue // the flow to this λ failed (e.g. left the domain): shorten the step
			}
			if floats.Norm(Ft, 2) <= (1-1e-4*t)*norm0 {
				copy(lambda, trial)
				x, F = xt, Ft
				accepted = true
				break
			}
		}
		if !accepted {
			p.eval(lambda) // restore w at λ
			notConv = &ib.NotConvergedError{Method: op + " (line search stalled)", Iterations: iter, Residual: res, Tol: tol}
			break
		}
		res = resid(F)
	}
	w := append([]float64(nil), p.w...)
	// The bracket at the solution: the theory needs commuting along the path.
	fin := mat.NewDense(1, D, append([]float64(nil), x...))
	brEnd, err := BracketScore(g, fin)
	if err != nil {
		return nil, err
	}
	if brEnd.Score > br.Score {
		br = brEnd
		br.Point = 5
	}
	if br.Score > MaxCommutingBracket {
		return nil, failure.Invalid(op, "parametrization g is not commuting at the solution x(λ): bracket score %.3g exceeds %g", br.Score, MaxCommutingBracket)
	}
	out := &CommutingProjection{
		Projection: ib.Projection{X: mat.NewVecDense(d, w), Lambda: mat.NewVecDense(n, lambda), KKTResidual: res,
			Iterations: iter, Method: "commuting Newton (flow of ∂GᵀZᵀλ, Dormand–Prince)"},
		Weights: mat.NewVecDense(D, append([]float64(nil), x...)),
		Bracket: br,
	}
	if notConv != nil {
		return out, fmt.Errorf("reparam: %s: %w", op, notConv)
	}
	return out, nil
}

// solver evaluates λ ↦ x(λ) = Φ(x0; Zᵀλ) and F(λ) = ZG(x(λ)) − y.
type solver struct {
	g        Parametrization
	Z        *mat.Dense
	y, x0    []float64
	D, d, n  int
	J        *mat.Dense
	pb       *pullBack
	mu, w, F []float64
}

// eval integrates ẋ = ∂G(x)ᵀμ, μ = Zᵀλ, for unit time from x0 and
// returns x(1) and F (p.w holds G(x(1))).
func (p *solver) eval(lambda []float64) ([]float64, []float64, error) {
	for j := range p.mu {
		p.mu[j] = 0
	}
	for a, l := range lambda {
		floats.AddScaled(p.mu, l, p.Z.RawRowView(a)[:p.d])
	}
	f := func(_ float64, x, dx []float64) { p.pb.mul(dx, x, p.mu) }
	// A step budget keeps a λ whose flow blows up (u^D with D ≥ 3 escapes
	// in finite time) from running long: the line search then shortens it.
	s := ib.FlowSettings{T: 1, RTol: 1e-13, ATol: 1e-15, MaxSteps: 20000}
	res, _, err := s.Integrate("ProjectCommuting", f, p.x0, true)
	if err != nil {
		return nil, nil, err
	}
	x := append([]float64(nil), res.Y...)
	p.g.Map(p.w, x)
	F := make([]float64, p.n)
	for a := range F {
		F[a] = floats.Dot(p.Z.RawRowView(a)[:p.d], p.w) - p.y[a]
		if math.IsNaN(F[a]) || math.IsInf(F[a], 0) {
			return nil, nil, fmt.Errorf("non-finite G(x(λ))")
		}
	}
	return x, F, nil
}
