package reparam

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// Parametrization is a smooth map G from weights x ∈ ℝᴰ to the parameters
// w = G(x) ∈ ℝᵈ that a loss L(w) sees (Li, Wang, Lee, Arora, "Implicit Bias
// of Gradient Descent on Reparametrized Models: On Equivalence to Mirror
// Descent", NeurIPS 2022, arXiv:2207.04036). Gradient flow on the weights,
// ẋ = −∂G(x)ᵀ∇L(G(x)), moves w by ẇ = −∂G∂Gᵀ∇L(w); when the gradient
// fields ∇G₁, …, ∇G_d commute (see BracketScore) this is the mirror flow
// of a potential that depends on G and x(0) only.
//
// The methods work on plain slices and a caller-sized matrix so that a flow
// allocates nothing per step. They assume len(x) = D and the right sizes
// of dst; a wrong size is a programmer error and panics.
type Parametrization interface {
	// Dims returns the number of weights D and of parameters d.
	Dims() (weights, params int)
	// Map writes w = G(x) into dst (length d).
	Map(dst, x []float64)
	// Jacobian writes ∂G(x) into dst (d×D): row i is ∇Gᵢ(x).
	Jacobian(dst *mat.Dense, x []float64)
}

// ClosedForm is a parametrization that knows the potential R of its
// induced mirror flow in closed form, for the initialisations it supports:
// from x(0) = x0, gradient flow on the weights gives w(t) = G(x(t)) with
// d/dt ∇R(w) = −∇L(w), ∇R(G(x0)) = 0, for every loss L.
type ClosedForm interface {
	Parametrization
	// MirrorPotential returns R for the initialisation x0, or an error
	// wrapping implicitbias.ErrInvalidInput if x0 is outside the family's
	// closed form (use ProjectCommuting for the limit instead).
	MirrorPotential(x0 []float64) (ib.Potential, error)
}

// maxElems bounds the number of float64s in one buffer (the d×D Jacobian).
const maxElems = 1 << 28

// FuncMap is a Parametrization given by functions: the map F and,
// optionally, its Jacobian. Without a Jacobian it is computed by central
// differences with steps hⱼ = ε^{1/3}·max(1, |xⱼ|) (ε the float64 machine
// epsilon), whose error is O(h²) ≈ 1e-11 relative for smooth maps — enough
// for flows, too coarse for the bracket test's 1e-7 threshold (there, give
// the Jacobian).
type FuncMap struct {
	weights, params int
	f               func(dst, x []float64)
	jac             func(dst *mat.Dense, x []float64)
	xp, xm, fp, fm  []float64
}

// NewFuncMap returns the parametrization x ↦ f(x) from ℝ^weights to
// ℝ^params with Jacobian jac (nil: central differences). It returns an
// error wrapping implicitbias.ErrInvalidInput if f is nil or a dimension is
// not positive or the Jacobian would exceed 1<<28 entries. A FuncMap with
// a finite-difference Jacobian keeps scratch space and must not be used by
// two goroutines at once.
func NewFuncMap(weights, params int, f func(dst, x []float64), jac func(dst *mat.Dense, x []float64)) (*FuncMap, error) {
	const op = "NewFuncMap"
	if f == nil {
		return nil, failure.Invalid(op, "map f is nil")
	}
	if err := checkDims(op, weights, params); err != nil {
		return nil, err
	}
	return &FuncMap{weights: weights, params: params, f: f, jac: jac,
		xp: make([]float64, weights), xm: make([]float64, weights),
		fp: make([]float64, params), fm: make([]float64, params)}, nil
}

// Dims returns (weights, params).
func (m *FuncMap) Dims() (int, int) { return m.weights, m.params }

// Map writes f(x) into dst.
func (m *FuncMap) Map(dst, x []float64) { m.f(dst, x) }

// Jacobian writes the Jacobian of f at x into dst, by jac or by central
// differences.
func (m *FuncMap) Jacobian(dst *mat.Dense, x []float64) {
	if m.jac != nil {
		m.jac(dst, x)
		return
	}
	step := math.Cbrt(0x1p-52)
	copy(m.xp, x)
	copy(m.xm, x)
	for j, xj := range x {
		h := step * math.Max(1, math.Abs(xj))
		m.xp[j], m.xm[j] = xj+h, xj-h
		h = m.xp[j] - m.xm[j] // the step actually taken, after rounding
		m.f(m.fp, m.xp)
		m.f(m.fm, m.xm)
		for i := range m.fp {
			dst.Set(i, j, (m.fp[i]-m.fm[i])/h)
		}
		m.xp[j], m.xm[j] = xj, xj
	}
}

// checkDims validates the dimensions of a parametrization.
func checkDims(op string, weights, params int) error {
	if weights < 1 || params < 1 {
		return failure.Invalid(op, "dimensions weights = %d, params = %d must be positive", weights, params)
	}
	if weights > maxElems/params {
		return failure.Invalid(op, "Jacobian of %d×%d entries exceeds %d", params, weights, maxElems)
	}
	return nil
}

// checkParametrization validates g and returns its dimensions; it recovers
// from a panicking Dims (a typed nil pointer).
func checkParametrization(op string, g Parametrization) (D, d int, err error) {
	if g == nil {
		return 0, 0, failure.Invalid(op, "parametrization g is nil")
	}
	defer func() {
		if r := recover(); r != nil {
			err = failure.Invalid(op, "parametrization g (%T) cannot be used, its Dims panics (%v)", g, r)
		}
	}()
	D, d = g.Dims()
	if err := checkDims(op, D, d); err != nil {
		return 0, 0, fmt.Errorf("parametrization g: %w", err)
	}
	return D, d, nil
}

// checkWeights validates a weight vector of length D: present, finite, and
// with a finite image and Jacobian under g. It returns a copy of x.
func checkWeights(op, name string, g Parametrization, x *mat.VecDense, D, d int) ([]float64, error) {
	if x == nil {
		return nil, failure.Invalid(op, "weights %s are nil", name)
	}
	if x.Len() != D {
		return nil, failure.Invalid(op, "weights %s have length %d, the parametrization has %d weights", name, x.Len(), D)
	}
	xs := make([]float64, D)
	for j := range xs {
		xs[j] = x.AtVec(j)
		if math.IsNaN(xs[j]) || math.IsInf(xs[j], 0) {
			return nil, failure.Invalid(op, "weights %s[%d] = %v is not finite", name, j, xs[j])
		}
	}
	w := make([]float64, d)
	g.Map(w, xs)
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, failure.Invalid(op, "G(%s)[%d] = %v is not finite", name, i, v)
		}
	}
	J := mat.NewDense(d, D, nil)
	g.Jacobian(J, xs)
	if err := checkJacobian(op, J, name); err != nil {
		return nil, err
	}
	return xs, nil
}

// checkJacobian reports the first non-finite entry of a Jacobian.
func checkJacobian(op string, J *mat.Dense, at string) error {
	r, c := J.Dims()
	for i := 0; i < r; i++ {
		for j, v := range J.RawRowView(i)[:c] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return failure.Invalid(op, "Jacobian ∂G(%s) has a non-finite entry (%d, %d) = %v", at, i, j, v)
			}
		}
	}
	return nil
}

// JacobianGram returns ∂G(x)∂G(x)ᵀ (d×d), the matrix by which gradient
// flow on the weights moves w: ẇ = −∂G∂Gᵀ∇L(w). For a commuting G it is
// the inverse Hessian of the mirror potential, ∇²R(G(x)) = (∂G∂Gᵀ)⁻¹ (Li
// et al., NeurIPS 2022). It returns an error wrapping
// implicitbias.ErrInvalidInput naming the parameter if g or x is invalid,
// the Jacobian is not finite, or ∂G∂Gᵀ is singular to working precision
// (G is not regular at x: its Jacobian does not have full row rank).
func JacobianGram(g Parametrization, x *mat.VecDense) (*mat.SymDense, error) {
	const op = "JacobianGram"
	D, d, err := checkParametrization(op, g)
	if err != nil {
		return nil, err
	}
	xs, err := checkWeights(op, "x", g, x, D, d)
	if err != nil {
		return nil, err
	}
	J := mat.NewDense(d, D, nil)
	g.Jacobian(J, xs)
	K := mat.NewSymDense(d, nil)
	K.SymOuterK(1, J)
	if err := checkRegular(op, K); err != nil {
		return nil, err
	}
	return K, nil
}

// checkRegular refuses a Gram matrix ∂G∂Gᵀ that is singular to working
// precision: its Cholesky factorisation fails or its condition number
// exceeds 1e14 (beyond which ∇²R = (∂G∂Gᵀ)⁻¹ has no correct digit left
// at the 1e-2 level).
func checkRegular(op string, K *mat.SymDense) error {
	var ch mat.Cholesky
	if !ch.Factorize(K) {
		return failure.Invalid(op, "∂G∂Gᵀ is singular (not positive definite): G is not regular here, its Jacobian lacks full row rank")
	}
	if c := ch.Cond(); c > 1e14 || math.IsNaN(c) {
		return failure.Invalid(op, "∂G∂Gᵀ is singular to working precision (condition number %.3g): G is not regular here", c)
	}
	return nil
}
