package implicitbias

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ProjectSettings tunes Project. The zero value (or a nil pointer) selects
// the defaults.
type ProjectSettings struct {
	// Tol is the stopping tolerance on the relative primal residual
	// ‖Ax − y‖/(1 + ‖y‖). Zero means 1e-12 for the dual Newton method and
	// 1e-10 for L-BFGS. When the line search stalls at the rounding floor,
	// a residual up to 100·Tol is accepted; Projection.KKTResidual reports
	// the residual actually reached.
	Tol float64
	// MaxIter bounds the number of Newton (default 200) or L-BFGS (default
	// 20000) iterations.
	MaxIter int
	// Lambda0 is a warm start for the dual variable λ (length = rows of A).
	// nil means λ = 0, i.e. starting from x0 itself.
	Lambda0 *mat.VecDense
}

// Projection is the result of a Bregman projection.
type Projection struct {
	// X is the projection argmin_{Ax=y} D_ψ(x, x0).
	X *mat.VecDense
	// Lambda is the dual solution: X = ∇ψ*(∇ψ(x0) + Aᵀλ).
	Lambda *mat.VecDense
	// KKTResidual is the primal residual ‖AX − y‖/(1 + ‖y‖). Dual
	// stationarity ∇ψ(X) − ∇ψ(x0) ∈ range(Aᵀ) holds by construction, up to
	// rounding in ∇ψ*, because X is computed as ∇ψ*(∇ψ(x0) + Aᵀλ).
	KKTResidual float64
	// Iterations is the number of Newton or L-BFGS iterations.
	Iterations int
	// Method names the algorithm that was used.
	Method string
}

// Project computes the Bregman projection of x0 onto the affine set
// {x : Ax = y},
//
//	X = argmin_{Ax=y} D_ψ(x, x0),
//
// which is the limit of mirror descent with potential p started at x0 on
// the least-squares problem (A, y) (spec 01 §3, §5). It minimises the dual
// function g(λ) = ψ*(∇ψ(x0) + Aᵀλ) − λᵀy, whose gradient is Ax(λ) − y with
// x(λ) = ∇ψ*(∇ψ(x0) + Aᵀλ):
//
//   - for Separable potentials by a damped Newton method on the n×n system
//     A diag(∇²ψ*) Aᵀ (Cholesky, with diagonal jitter if it is not numerically
//     positive definite) and Armijo backtracking that also keeps ∇ψ(x0) + Aᵀλ
//     inside the dual domain (e.g. the box of DepthPotential);
//   - for other potentials by L-BFGS (gonum/optimize);
//   - for SimplexEntropy as the KL projection onto {Ax = y, 1ᵀx = 1}: the
//     NegEntropy projection with the all-ones row appended to A. Its Lambda
//     holds the multipliers of the rows of A only (the multiplier of 1ᵀx = 1
//     is the arbitrary constant of the simplex dual), and KKTResidual
//     includes the sum constraint.
//
// A must have full row rank (so n ≤ d). Project returns an error for
// dimension mismatches, non-finite data, x0 outside the domain of p, a
// rank-deficient A, or when the iteration does not converge (for example
// when {Ax = y} does not meet the domain of p). s may be nil.
func Project(p Potential, A *mat.Dense, y, x0 *mat.VecDense, s *ProjectSettings) (*Projection, error) {
	if err := checkPotential(p); err != nil {
		return nil, fmt.Errorf("implicitbias: Project: %w", err)
	}
	if err := checkSystem(A, y, x0); err != nil {
		return nil, fmt.Errorf("implicitbias: Project: %w", err)
	}
	n, d := A.Dims()
	x0s := vecData(x0)
	if err := p.CheckPrimal(x0s); err != nil {
		return nil, fmt.Errorf("implicitbias: Project: x0 is outside the domain: %w", err)
	}
	if s == nil {
		s = &ProjectSettings{}
	}
	if !(s.Tol >= 0) || math.IsInf(s.Tol, 1) {
		return nil, fmt.Errorf("implicitbias: Project: Tol = %v must be a finite non-negative number", s.Tol)
	}
	if s.MaxIter < 0 {
		return nil, fmt.Errorf("implicitbias: Project: MaxIter = %d must be non-negative", s.MaxIter)
	}
	lam := make([]float64, n)
	if s.Lambda0 != nil {
		if s.Lambda0.Len() != n {
			return nil, fmt.Errorf("implicitbias: Project: Lambda0 has length %d, want %d (rows of A)", s.Lambda0.Len(), n)
		}
		copy(lam, vecData(s.Lambda0))
		if err := checkFinite("Lambda0", lam, "the dual problem"); err != nil {
			return nil, fmt.Errorf("implicitbias: Project: %w", err)
		}
	}

	ys := vecData(y)
	sep, isSep := p.(Separable)
	_, simplex := p.(SimplexEntropy)
	if ps, ok := p.(*SimplexEntropy); ok && ps != nil {
		simplex = true
	}
	method := "dual-newton"
	if simplex {
		// KL projection onto {Ax = y, 1ᵀx = 1}: NegEntropy with a ones row.
		aug := mat.NewDense(n+1, d, nil)
		aug.Slice(0, n, 0, d).(*mat.Dense).Copy(A)
		for j := range d {
			aug.Set(n, j, 1)
		}
		A = aug
		ys = append(append([]float64(nil), ys...), 1)
		lam = append(lam, 0)
		sep, isSep = NegEntropy{}, true
		method = "dual-newton (negentropy with 1ᵀx = 1 row)"
	}
	if err := checkFullRowRank(A, simplex); err != nil {
		return nil, fmt.Errorf("implicitbias: Project: %w", err)
	}

	dualPot := p
	if simplex {
		dualPot = sep
	}
	prob := newDualProblem(dualPot, A, ys, x0s)
	var (
		it  int
		err error
	)
	if isSep {
		tol, maxIter := orDefault(s.Tol, 1e-12), s.MaxIter
		if maxIter == 0 {
			maxIter = 200
		}
		it, err = projectNewton(sep, prob, lam, tol, maxIter)
	} else {
		tol, maxIter := orDefault(s.Tol, 1e-10), s.MaxIter
		if maxIter == 0 {
			maxIter = 20000
		}
		method = "dual-lbfgs"
		it, err = projectLBFGS(prob, lam, tol, maxIter)
	}
	if err != nil {
		return nil, fmt.Errorf("implicitbias: Project(%v): %w", p, err)
	}
	if !prob.eval(lam) {
		return nil, fmt.Errorf("implicitbias: Project(%v): final dual point is outside the dual domain", p)
	}
	res := &Projection{
		X:           mat.NewVecDense(d, append([]float64(nil), prob.x...)),
		Lambda:      mat.NewVecDense(n, append([]float64(nil), lam[:n]...)),
		KKTResidual: floats.Norm(prob.r, 2) / (1 + floats.Norm(ys, 2)),
		Iterations:  it,
		Method:      method,
	}
	return res, nil
}

// ProjectPath computes the projections of x0 for each scale in alphas, in
// the given order, with the potential built by potential(alpha). Each
// projection is warm-started from the previous dual solution λ (continuation);
// if that fails it is retried from λ = 0. For potentials that become
// ill-conditioned as α → 0 (Hypentropy, DepthPotential) list the alphas from
// large to small.
func ProjectPath(alphas []float64, potential func(alpha float64) (Potential, error), A *mat.Dense, y, x0 *mat.VecDense) ([]*Projection, error) {
	if potential == nil {
		return nil, errors.New("implicitbias: ProjectPath: potential constructor is nil")
	}
	out := make([]*Projection, 0, len(alphas))
	var prev *mat.VecDense
	for i, a := range alphas {
		p, err := potential(a)
		if err != nil {
			return nil, fmt.Errorf("implicitbias: ProjectPath: potential(alphas[%d] = %g): %w", i, a, err)
		}
		res, err := Project(p, A, y, x0, &ProjectSettings{Lambda0: prev})
		if err != nil && prev != nil {
			res, err = Project(p, A, y, x0, nil)
		}
		if err != nil {
			// Project's error already carries the package prefix.
			return nil, fmt.Errorf("%w (ProjectPath at alphas[%d] = %g)", err, i, a)
		}
		out = append(out, res)
		prev = res.Lambda
	}
	return out, nil
}

// dualProblem holds the data and work space of g(λ) = ψ*(θ0 + Aᵀλ) − λᵀy.
type dualProblem struct {
	p         Potential
	A         *mat.Dense
	y, theta0 []float64
	// Work space filled by eval: θ = θ0 + Aᵀλ, x = ∇ψ*(θ), r = Ax − y, g.
	theta, x, r []float64
	g           float64
	thetaV, xV  *mat.VecDense
	rV          *mat.VecDense
}

func newDualProblem(p Potential, A *mat.Dense, y, x0 []float64) *dualProblem {
	n, d := A.Dims()
	pr := &dualProblem{
		p: p, A: A, y: y,
		theta0: make([]float64, d),
		theta:  make([]float64, d),
		x:      make([]float64, d),
		r:      make([]float64, n),
	}
	p.Grad(pr.theta0, x0)
	pr.thetaV = mat.NewVecDense(d, pr.theta)
	pr.xV = mat.NewVecDense(d, pr.x)
	pr.rV = mat.NewVecDense(n, pr.r)
	return pr
}

// eval sets θ, x, r and g at λ. It reports false if θ is outside the dual
// domain or g is not finite.
func (pr *dualProblem) eval(lam []float64) bool {
	pr.thetaV.MulVec(pr.A.T(), mat.NewVecDense(len(lam), lam))
	floats.Add(pr.theta, pr.theta0)
	if pr.p.CheckDual(pr.theta) != nil {
		return false
	}
	pr.p.GradStar(pr.x, pr.theta)
	pr.rV.MulVec(pr.A, pr.xV)
	floats.Sub(pr.r, pr.y)
	pr.g = pr.p.Star(pr.theta) - floats.Dot(lam, pr.y)
	return !math.IsNaN(pr.g) && !math.IsInf(pr.g, 0) && floats.Norm(pr.x, 1) < math.Inf(1)
}

// checkSystem validates the shapes and values of A, y and x0.
func checkSystem(A *mat.Dense, y, x0 *mat.VecDense) error {
	if A == nil || A.IsEmpty() {
		return errors.New("A is nil or empty")
	}
	n, d := A.Dims()
	if y == nil {
		return errors.New("y is nil")
	}
	if y.Len() != n {
		return fmt.Errorf("y has length %d, want %d (rows of A)", y.Len(), n)
	}
	if x0 != nil && x0.Len() != d {
		return fmt.Errorf("x0 has length %d, want %d (columns of A)", x0.Len(), d)
	}
	for i := range n {
		for j := range d {
			if v := A.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("A[%d,%d] = %v is not finite", i, j, v)
			}
		}
		if v := y.AtVec(i); math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("y[%d] = %v is not finite", i, v)
		}
	}
	if x0 == nil {
		return errors.New("x0 is nil")
	}
	return nil
}

// checkFullRowRank returns an error unless the n×d matrix A has rank n.
func checkFullRowRank(A *mat.Dense, onesRow bool) error {
	n, d := A.Dims()
	if n > d {
		return fmt.Errorf("A has %d rows but only %d columns: it cannot have full row rank", n, d)
	}
	var svd mat.SVD
	if !svd.Factorize(A, mat.SVDNone) {
		return errors.New("SVD of A failed")
	}
	sv := svd.Values(nil)
	if sv[0] == 0 || sv[n-1] <= float64(d)*1e-15*sv[0] {
		what := "A"
		if onesRow {
			what = "A with the row 1ᵀ appended"
		}
		return fmt.Errorf("%s is rank deficient (σ_min/σ_max = %.3g): the constraints are redundant or inconsistent", what, sv[n-1]/sv[0])
	}
	return nil
}

// vecData returns the elements of v as a contiguous slice (copying only if
// v is strided).
func vecData(v *mat.VecDense) []float64 {
	raw := v.RawVector()
	if raw.Inc == 1 {
		return raw.Data[:v.Len()]
	}
	out := make([]float64, v.Len())
	for i := range out {
		out[i] = v.AtVec(i)
	}
	return out
}

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}
