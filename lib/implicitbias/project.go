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
	// Tol is the stopping tolerance on the normwise relative residual
	//
	//	‖Ax − y‖ / (‖A‖₂‖x‖ + ‖y‖),
	//
	// the backward error of x as a solution of Ax = y (Rigal and Gaches,
	// J. ACM 14(3), 1967; Higham, "Accuracy and Stability of Numerical
	// Algorithms", SIAM 2002, Theorem 7.1). It is invariant under scaling
	// of A, y and x, and it is met by the start x0 only if x0 already
	// interpolates to that accuracy. Zero means 1e-12; Tol must lie in
	// [0, 1).
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
	// KKTResidual is the normwise relative residual of the primal
	// feasibility condition, ‖AX − y‖/(‖A‖₂‖X‖ + ‖y‖) (see
	// ProjectSettings.Tol), including the constraints of an
	// AffineRestricted potential. Dual stationarity ∇ψ(X) − ∇ψ(x0) ∈
	// range(Aᵀ) holds by construction, up to rounding in ∇ψ*, because X is
	// computed as ∇ψ*(∇ψ(x0) + Aᵀλ).
	KKTResidual float64
	// Iterations is the number of Newton or L-BFGS iterations.
	Iterations int
	// Method names the algorithm that was used.
	Method string
}

// projMaxElems bounds the number of entries of A: Project, BasisPursuit
// and NearestInterpolator hold two to three working copies of it.
const projMaxElems = 1 << 28

// Project computes the Bregman projection of x0 onto the affine set
// {x : Ax = y},
//
//	X = argmin_{Ax=y} D_ψ(x, x0),
//
// which is the limit of mirror descent with potential p started at x0 on
// the least-squares problem (A, y) whenever that limit interpolates
// (Gunasekar, Lee, Soudry, Srebro, ICML 2018, arXiv:1802.08246; Azizan
// and Hassibi, ICLR 2019, arXiv:1806.00952). It
// minimises the dual function g(λ) = ψ*(∇ψ(x0) + Aᵀλ) − λᵀy, whose
// gradient is Ax(λ) − y with x(λ) = ∇ψ*(∇ψ(x0) + Aᵀλ) (Boyd and
// Vandenberghe, "Convex Optimization", 2004, Ch. 5):
//
//   - for Separable potentials by a damped Newton method on the n×n system
//     A diag(∇²ψ*) Aᵀ (Cholesky, with diagonal jitter if it is not
//     numerically positive definite) and Armijo backtracking that also keeps
//     ∇ψ(x0) + Aᵀλ inside the dual domain (e.g. the box of DepthPotential)
//     (Boyd and Vandenberghe 2004, Algorithm 9.5);
//   - for other potentials by L-BFGS (Liu and Nocedal, Math. Program. 45,
//     1989, via gonum/optimize), followed by Newton steps whose Jacobian is
//     formed by finite differences of ∇ψ*, which take the residual to the
//     rounding level;
//   - for an AffineRestricted potential (such as SimplexEntropy) as the
//     projection for its extension with the constraint rows of its domain
//     appended to A. Lambda then holds the multipliers of the rows of A
//     only (those of the domain constraints are the arbitrary shift of the
//     dual point along range(Cᵀ)).
//
// A is scaled internally by a power of two, which changes neither the
// projection nor the rounding, so that entries up to the float64 range
// are handled. A must have full row rank (so n ≤ d).
//
// Invalid input — a nil or unusable potential, dimension mismatches,
// non-finite data, x0 outside the domain of p, a rank-deficient A, a
// Lambda0 outside the dual domain, settings out of range, A with more than
// 2²⁸ entries — returns an error wrapping ErrInvalidInput. If the
// tolerance is not met within MaxIter iterations, or the line search
// stalls (for example when {Ax = y} does not meet the interior of the
// domain of p, so that the dual has no minimiser), Project returns the
// last iterate together with an error wrapping *NotConvergedError. s may
// be nil.
func Project(p Potential, A *mat.Dense, y, x0 *mat.VecDense, s *ProjectSettings) (*Projection, error) {
	const op = "Project"
	if err := checkPotential(p); err != nil {
		return nil, invalid(op, "%w", err)
	}
	if err := checkLinearSystem(op, A, y, x0); err != nil {
		return nil, err
	}
	n, d := A.Dims()
	x0s := vecData(x0)
	if err := p.CheckPrimal(x0s); err != nil {
		return nil, invalid(op, "x0 is outside the domain: %w", err)
	}
	if s == nil {
		s = &ProjectSettings{}
	}
	if !(s.Tol >= 0 && s.Tol < 1) {
		return nil, invalid(op, "Tol = %v must lie in [0, 1)", s.Tol)
	}
	if s.MaxIter < 0 {
		return nil, invalid(op, "MaxIter = %d must be non-negative", s.MaxIter)
	}
	if s.Lambda0 != nil && s.Lambda0.Len() != n {
		return nil, invalid(op, "Lambda0 has length %d, want %d (rows of A)", s.Lambda0.Len(), n)
	}
	if s.Lambda0 != nil {
		if err := checkFinite("Lambda0", vecData(s.Lambda0), "the dual problem"); err != nil {
			return nil, invalid(op, "%w", err)
		}
	}

	// The dual is solved for the potential q on an open set with the
	// constraint rows [A; C] x = [y; c].
	q, method := p, ""
	var (
		C    *mat.Dense
		c    []float64
		what = "A"
	)
	if ar, ok := p.(AffineRestricted); ok {
		ext, Cr, cr, err := restriction(op, ar, d)
		if err != nil {
			return nil, err
		}
		if err := ext.CheckPrimal(x0s); err != nil {
			return nil, invalid(op, "x0 is outside the domain of %v, the extension of %v: %w", ext, p, err)
		}
		q, C, c = ext, Cr, cr
		k, _ := C.Dims()
		method = fmt.Sprintf(" (%v with the %d domain constraint row(s) of %v appended)", ext, k, p)
		what = fmt.Sprintf("A with the %d domain constraint row(s) of %v appended", k, p)
	}
	sys, err := newConstraints(op, A, vecData(y), C, c, what)
	if err != nil {
		return nil, err
	}

	lam := make([]float64, sys.rows())
	if s.Lambda0 != nil {
		// θ = θ0 + Aᵀλ = θ0 + Âᵀλ̂ with Â = 2⁻ᵉA, so λ̂ = 2ᵉλ.
		for i := range n {
			lam[i] = math.Ldexp(s.Lambda0.AtVec(i), sys.exp)
		}
		if err := checkFinite("Lambda0", lam, "the dual problem (after scaling A)"); err != nil {
			return nil, invalid(op, "%w", err)
		}
	}
	prob := newDualProblem(q, sys, x0s)
	if !prob.eval(lam) {
		if s.Lambda0 != nil {
			return nil, invalid(op, "Lambda0 puts ∇ψ(x0) + Aᵀλ outside the dual domain of %v", q)
		}
		return nil, invalid(op, "∇ψ(x0) is outside the dual domain of %v (x0 too close to the edge of the domain)", q)
	}

	tol := orDefault(s.Tol, 1e-12)
	var (
		it   int
		fail string
	)
	if sep, ok := q.(Separable); ok {
		maxIter := s.MaxIter
		if maxIter == 0 {
			maxIter = 200
		}
		method = "dual-newton" + method
		it, fail = projectNewton(sep, prob, lam, tol, maxIter)
	} else {
		maxIter := s.MaxIter
		if maxIter == 0 {
			maxIter = 20000
		}
		method = "dual-lbfgs" + method
		it, fail = projectLBFGS(prob, lam, tol, maxIter)
	}
	if !prob.eval(lam) {
		// Unreachable: the solvers accept only points inside the dual domain.
		return nil, fmt.Errorf("implicitbias: Project(%v): the solver ended outside the dual domain", p)
	}
	lamOut := make([]float64, n)
	for i := range n {
		lamOut[i] = math.Ldexp(lam[i], -sys.exp)
	}
	res := &Projection{
		X:           mat.NewVecDense(d, append([]float64(nil), prob.x...)),
		Lambda:      mat.NewVecDense(n, lamOut),
		KKTResidual: prob.relResidual(),
		Iterations:  it,
		Method:      method,
	}
	if fail != "" {
		return res, &opError{
			op:   fmt.Sprintf("%s(%v)", op, p),
			note: fail,
			err:  &NotConvergedError{Method: method, Iterations: it, Residual: res.KKTResidual, Tol: tol},
		}
	}
	return res, nil
}

// ProjectPath computes the projections of x0 for each scale in alphas, in
// the given order, with the potential built by potential(alpha). Each
// projection is warm-started from the previous dual solution λ
// (continuation; Allgower and Georg, "Numerical Continuation Methods",
// Springer 1990); if that fails it is retried from λ = 0. For potentials
// that become ill-conditioned as α → 0 (Hypentropy, DepthPotential) list
// the alphas from large to small.
//
// Invalid input (a nil constructor, empty alphas, a non-finite alpha, an
// alpha the constructor rejects, or a problem Project rejects) returns an
// error wrapping ErrInvalidInput. If the projection at alphas[i] fails,
// ProjectPath returns the projections for alphas[:i] and the error of
// Project, whose message names alphas[i]; errors.As finds a
// *NotConvergedError in it when the projection did not converge.
func ProjectPath(alphas []float64, potential func(alpha float64) (Potential, error), A *mat.Dense, y, x0 *mat.VecDense) ([]*Projection, error) {
	const op = "ProjectPath"
	if potential == nil {
		return nil, invalid(op, "potential constructor is nil")
	}
	if len(alphas) == 0 {
		return nil, invalid(op, "alphas is empty")
	}
	for i, a := range alphas {
		if math.IsNaN(a) || math.IsInf(a, 0) {
			return nil, invalid(op, "alphas[%d] = %v is not finite", i, a)
		}
	}
	if err := checkLinearSystem(op, A, y, x0); err != nil {
		return nil, err
	}
	out := make([]*Projection, 0, len(alphas))
	var prev *mat.VecDense
	for i, a := range alphas {
		p, err := potential(a)
		if err != nil {
			return out, invalid(op, "potential(alphas[%d] = %g): %w", i, a, err)
		}
		res, err := Project(p, A, y, x0, &ProjectSettings{Lambda0: prev})
		if err != nil && prev != nil {
			// The warm start may lie outside the dual domain of the new
			// potential (the box of DepthPotential shrinks with α) or start
			// Newton too far out; λ = 0 is always admissible.
			res, err = Project(p, A, y, x0, nil)
		}
		if err != nil {
			return out, &opError{op: fmt.Sprintf("%s: alphas[%d] = %g", op, i, a), err: err}
		}
		out = append(out, res)
		prev = res.Lambda
	}
	return out, nil
}

// constraints holds the constraints [Â; C] x = [ŷ; c] solved by Project, where
// Â = 2⁻ᵉA and ŷ = 2⁻ᵉy: the power-of-two scaling is exact and brings the
// largest entry of Â into [1, 2), so that products such as AAᵀ neither
// overflow nor underflow.
type constraints struct {
	A     *mat.Dense
	y     []float64
	exp   int     // e
	sigma float64 // ‖[Â; C]‖₂, the largest singular value
	yNorm float64 // ‖[ŷ; c]‖₂
}

func (s *constraints) rows() int { r, _ := s.A.Dims(); return r }

// scaleInto sets dst = 2⁻ᵉA with the exponent e that puts the largest
// |entry| of dst in [1, 2) (e = 0 if A is zero), and returns e. Scaling by a
// power of two is exact unless entries underflow.
func scaleInto(dst, A *mat.Dense) int {
	n, _ := A.Dims()
	e, nonzero := math.MinInt, false
	for i := range n {
		if ei, ok := maxAbsExp(A.RawRowView(i)); ok {
			e, nonzero = max(e, ei), true
		}
	}
	if !nonzero {
		return 0 // dst is zero like A
	}
	// Frexp puts the largest entry in [2ᵉ⁻¹, 2ᵉ); shift it into [1, 2).
	e--
	for i := range n {
		row := dst.RawRowView(i)
		for j, v := range A.RawRowView(i) {
			row[j] = math.Ldexp(v, -e)
		}
	}
	return e
}

// maxAbsExp returns the exponent e with max|a| ∈ [2ᵉ⁻¹, 2ᵉ), and false if
// all a are zero.
func maxAbsExp(a []float64) (int, bool) {
	m := 0.0
	for _, v := range a {
		m = math.Max(m, math.Abs(v))
	}
	if m == 0 {
		return 0, false
	}
	_, e := math.Frexp(m)
	return e, true
}

// newConstraints builds the scaled constraints of Project and checks that
// they have full row rank; what names the matrix in the error.
func newConstraints(op string, A *mat.Dense, y []float64, C *mat.Dense, c []float64, what string) (*constraints, error) {
	n, d := A.Dims()
	k := len(c)
	M := mat.NewDense(n+k, d, nil)
	e := scaleInto(M.Slice(0, n, 0, d).(*mat.Dense), A)
	if k > 0 {
		M.Slice(n, n+k, 0, d).(*mat.Dense).Copy(C)
	}
	ys := make([]float64, n+k)
	for i, v := range y {
		ys[i] = math.Ldexp(v, -e)
		if math.IsInf(ys[i], 0) {
			return nil, invalid(op, "y[%d] = %v is too large relative to the entries of A (at most %v): the interpolators overflow", i, v, math.Ldexp(1, e+1))
		}
	}
	copy(ys[n:], c)
	sigma, err := fullRowRank(op, M, what)
	if err != nil {
		return nil, err
	}
	return &constraints{A: M, y: ys, exp: e, sigma: sigma, yNorm: floats.Norm(ys, 2)}, nil
}

// dualProblem holds the data and work space of g(λ) = ψ*(θ0 + Aᵀλ) − λᵀy
// for the scaled constraints.
type dualProblem struct {
	p Potential
	*constraints
	theta0 []float64
	// Work space filled by eval: θ = θ0 + Aᵀλ, x = ∇ψ*(θ), r = Ax − y, g.
	theta, x, r []float64
	g           float64
	lamV        *mat.VecDense
	thetaV, xV  *mat.VecDense
	rV          *mat.VecDense
}

// newDualProblem sets up the dual of the projection of x0 for the
// potential p on the scaled constraints sys.
func newDualProblem(p Potential, sys *constraints, x0 []float64) *dualProblem {
	n, d := sys.A.Dims()
	pr := &dualProblem{
		p: p, constraints: sys,
		theta0: make([]float64, d),
		theta:  make([]float64, d),
		x:      make([]float64, d),
		r:      make([]float64, n),
		lamV:   mat.NewVecDense(n, nil),
	}
	p.Grad(pr.theta0, x0)
	pr.thetaV = mat.NewVecDense(d, pr.theta)
	pr.xV = mat.NewVecDense(d, pr.x)
	pr.rV = mat.NewVecDense(n, pr.r)
	return pr
}

// eval sets θ, x, r and g at λ. It reports false if θ is outside the dual
// domain or x or g is not finite.
func (pr *dualProblem) eval(lam []float64) bool {
	copy(pr.lamV.RawVector().Data, lam)
	pr.thetaV.MulVec(pr.A.T(), pr.lamV)
	floats.Add(pr.theta, pr.theta0)
	if pr.p.CheckDual(pr.theta) != nil {
		return false
	}
	pr.p.GradStar(pr.x, pr.theta)
	for _, v := range pr.x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	pr.rV.MulVec(pr.A, pr.xV)
	floats.Sub(pr.r, pr.y)
	pr.g = pr.p.Star(pr.theta) - floats.Dot(lam, pr.y)
	return !math.IsNaN(pr.g) && !math.IsInf(pr.g, 0)
}

// relResidual returns ‖Ax − y‖/(‖A‖₂‖x‖ + ‖y‖) at the last evaluated
// point (0 when x = 0 and y = 0, where x interpolates), or +Inf if the
// ratio cannot be formed (a norm overflows), so that a stop test on it
// fails rather than passes.
func (pr *dualProblem) relResidual() float64 {
	return relResidual(floats.Norm(pr.r, 2), pr.sigma, floats.Norm(pr.x, 2), pr.yNorm)
}

func relResidual(rn, sigma, xn, yn float64) float64 {
	den := sigma*xn + yn
	if den == 0 && rn == 0 {
		return 0
	}
	q := rn / den
	if math.IsNaN(q) || math.IsInf(den, 0) {
		return math.Inf(1)
	}
	return q
}

// checkLinearSystem validates the shapes and values of A, y and x0 (x0 may
// be checked by the caller's potential; here only its length).
func checkLinearSystem(op string, A *mat.Dense, y, x0 *mat.VecDense) error {
	if A == nil || A.IsEmpty() {
		return invalid(op, "A is nil or empty")
	}
	n, d := A.Dims()
	if n > projMaxElems/d {
		return invalid(op, "A is %d×%d, more than %d entries: too large for this machine", n, d, projMaxElems)
	}
	if y == nil || y.IsEmpty() {
		return invalid(op, "y is nil or empty")
	}
	if y.Len() != n {
		return invalid(op, "y has length %d, want %d (rows of A)", y.Len(), n)
	}
	if x0 == nil || x0.IsEmpty() {
		return invalid(op, "x0 is nil")
	}
	if x0.Len() != d {
		return invalid(op, "x0 has length %d, want %d (columns of A)", x0.Len(), d)
	}
	for i := range n {
		for j, v := range A.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return invalid(op, "A[%d,%d] = %v is not finite", i, j, v)
			}
		}
		if v := y.AtVec(i); math.IsNaN(v) || math.IsInf(v, 0) {
			return invalid(op, "y[%d] = %v is not finite", i, v)
		}
	}
	return nil
}

// fullRowRank returns ‖M‖₂ or an error unless the m×d matrix M (scaled so
// that its entries are O(1)) has rank m; what names M in the error.
func fullRowRank(op string, M *mat.Dense, what string) (float64, error) {
	m, d := M.Dims()
	if m > d {
		return 0, invalid(op, "%s has %d rows but only %d columns: it cannot have full row rank", what, m, d)
	}
	var svd mat.SVD
	if !svd.Factorize(M, mat.SVDNone) {
		return 0, invalid(op, "the SVD of %s failed", what)
	}
	sv := svd.Values(nil)
	if sv[0] == 0 || !(sv[m-1] > float64(d)*1e-15*sv[0]) {
		return 0, invalid(op, "%s is rank deficient (σ_min/σ_max = %.3g): the constraints are redundant or inconsistent", what, sv[m-1]/sv[0])
	}
	return sv[0], nil
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

func isCondition(err error) bool {
	var c mat.Condition
	return errors.As(err, &c)
}
