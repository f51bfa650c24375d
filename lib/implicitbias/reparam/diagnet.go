package reparam

import (
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// MaxDepth bounds the depth of a DiagonalNet: deeper networks make every
// power u^D overflow or underflow for all but a sliver of weights, and an
// unbounded depth would let a loop over it run for hours.
const MaxDepth = 64

// maxDim bounds the dimension d of a network (the number of float64s in one
// of its buffers): larger sizes are refused rather than left to exhaust
// memory.
const maxDim = 1 << 28

// DiagonalNet is a depth-D diagonal linear network: weights u, v ∈ ℝᵈ
// represent the linear predictor
//
//	β = u^{⊙D} − v^{⊙D}
//
// (coordinate-wise powers). Training the weights by gradient descent or flow
// on a loss L(β) gives ∂L/∂u = D·u^{⊙(D−1)} ⊙ ∇L(β) and
// ∂L/∂v = −D·v^{⊙(D−1)} ⊙ ∇L(β). From u₀ = v₀ = α·1 the gradient flow on
// (u, v) is the mirror flow on β with the potential DiagonalPotential(D, α)
// — Hypentropy(α) for D = 2 and DepthPotential(D, α) for D ≥ 3 — with the
// same time variable (Woodworth et al., "Kernel and Rich Regimes in
// Overparametrized Models", COLT 2020, Section 4 and Theorem 1); see
// implicitbias.MirrorFlow and DiagonalFlow.
//
// Build networks with NewDiagonalNet or NewUniformDiagonalNet. The fields
// are exported for reading; every function that takes a network validates
// them, so a hand-built network with mismatched or non-finite weights gets
// an error, not a panic.
type DiagonalNet struct {
	// Depth is D ∈ [2, MaxDepth].
	Depth int
	// U and V are the weights; they have the same length d.
	U, V *mat.VecDense
}

// NewDiagonalNet returns a depth-depth network with weights copied from u0
// and v0 (of equal length). It returns an error wrapping
// implicitbias.ErrInvalidInput and naming the parameter if depth is outside
// [2, MaxDepth], a vector is nil or empty or longer than 1<<28, the lengths
// differ, or an entry is NaN or ±Inf or so large that its D-th power
// overflows.
func NewDiagonalNet(depth int, u0, v0 *mat.VecDense) (*DiagonalNet, error) {
	net := &DiagonalNet{Depth: depth, U: u0, V: v0}
	if err := net.validate("NewDiagonalNet"); err != nil {
		return nil, err
	}
	d := u0.Len()
	u, v := make([]float64, d), make([]float64, d)
	mat.NewVecDense(d, u).CopyVec(u0)
	mat.NewVecDense(d, v).CopyVec(v0)
	return &DiagonalNet{Depth: depth, U: mat.NewVecDense(d, u), V: mat.NewVecDense(d, v)}, nil
}

// NewUniformDiagonalNet returns the depth-depth network of dimension d with
// u₀ = v₀ = α·1 (so β₀ = 0), the initialisation whose scale α moves the
// implicit bias from ℓ₂ (large α, "kernel") to ℓ₁ (small α, "rich"). It
// returns an error wrapping implicitbias.ErrInvalidInput and naming the
// parameter if depth is outside [2, MaxDepth], d is outside [1, 1<<28], or
// α is not positive and finite with α^D representable.
func NewUniformDiagonalNet(depth, d int, alpha float64) (*DiagonalNet, error) {
	const op = "NewUniformDiagonalNet"
	if err := checkDepth(op, depth); err != nil {
		return nil, err
	}
	if d < 1 || d > maxDim {
		return nil, failure.Invalid(op, "dimension d = %d, must be in [1, %d]", d, maxDim)
	}
	if !(alpha > 0) || !powFinite(alpha, depth) {
		return nil, failure.Invalid(op, "scale alpha = %v, must be positive and finite with alpha^%d (and %d·alpha^%d) representable", alpha, depth, depth, depth-1)
	}
	w := make([]float64, d)
	for j := range w {
		w[j] = alpha
	}
	return &DiagonalNet{Depth: depth, U: mat.NewVecDense(d, w), V: mat.NewVecDense(d, append([]float64(nil), w...))}, nil
}

// DiagonalPotential returns the potential whose mirror flow reproduces the
// gradient flow of the depth-depth diagonal network from u₀ = v₀ = α·1
// with the same time variable: implicitbias.Hypentropy(α) for depth 2 and
// implicitbias.DepthPotential(depth, α) for depth ≥ 3 (Woodworth et al.,
// COLT 2020). It is the one place where that choice is made.
func DiagonalPotential(depth int, alpha float64) (ib.Potential, error) {
	if err := checkDepth("DiagonalPotential", depth); err != nil {
		return nil, err
	}
	if depth == 2 {
		return ib.NewHypentropy(alpha)
	}
	return ib.NewDepthPotential(depth, alpha)
}

// Dim returns the dimension d of β, or 0 for a nil network or one without
// weights.
func (net *DiagonalNet) Dim() int {
	if net == nil || net.U == nil {
		return 0
	}
	return net.U.Len()
}

// Beta returns β = u^{⊙D} − v^{⊙D}. It returns an error wrapping
// implicitbias.ErrInvalidInput if the network is not valid (see
// NewDiagonalNet).
func (net *DiagonalNet) Beta() (*mat.VecDense, error) {
	u, v, err := net.weights("DiagonalNet.Beta", net.Dim())
	if err != nil {
		return nil, err
	}
	d := len(u)
	beta := make([]float64, d)
	du, dv := make([]float64, d), make([]float64, d)
	weightsToBeta(beta, du, dv, u, v, net.Depth)
	return mat.NewVecDense(d, beta), nil
}

// MirrorPotential returns DiagonalPotential(D, α) for a network with the
// uniform initialisation u = v = α·1, α > 0, and an error wrapping
// implicitbias.ErrInvalidInput otherwise.
func (net *DiagonalNet) MirrorPotential() (ib.Potential, error) {
	const op = "MirrorPotential"
	if err := net.validate(op); err != nil {
		return nil, err
	}
	alpha := net.U.AtVec(0)
	for j := 0; j < net.Dim(); j++ {
		if net.U.AtVec(j) != alpha || net.V.AtVec(j) != alpha {
			return nil, failure.Invalid(op, "needs weights u = v = α·1; coordinate %d has u = %v, v = %v (α = %v)", j, net.U.AtVec(j), net.V.AtVec(j), alpha)
		}
	}
	if !(alpha > 0) {
		return nil, failure.Invalid(op, "needs α > 0, the weights are %v", alpha)
	}
	return DiagonalPotential(net.Depth, alpha)
}

// checkDepth validates a network depth.
func checkDepth(op string, depth int) error {
	if depth < 2 || depth > MaxDepth {
		return failure.Invalid(op, "depth = %d, must be in [2, %d]", depth, MaxDepth)
	}
	return nil
}

// powFinite reports whether |x|^D and D·|x|^{D−1} are finite.
func powFinite(x float64, depth int) bool {
	a := math.Abs(x)
	return a <= math.MaxFloat64 && math.Pow(a, float64(depth)) <= math.MaxFloat64 &&
		float64(depth)*math.Pow(a, float64(depth-1)) <= math.MaxFloat64
}

// validate checks the fields of a network handed to the function named op:
// not nil, depth in [2, MaxDepth], weights present, of equal length at most
// 1<<28, finite and with finite D-th powers.
func (net *DiagonalNet) validate(op string) error {
	if net == nil {
		return failure.Invalid(op, "network is nil")
	}
	if err := checkDepth(op, net.Depth); err != nil {
		return err
	}
	if net.U == nil || net.U.IsEmpty() {
		return failure.Invalid(op, "weight u is nil or empty")
	}
	if net.V == nil || net.V.IsEmpty() {
		return failure.Invalid(op, "weight v is nil or empty")
	}
	if net.U.Len() != net.V.Len() {
		return failure.Invalid(op, "weights u (length %d) and v (length %d) differ in length", net.U.Len(), net.V.Len())
	}
	if net.U.Len() > maxDim {
		return failure.Invalid(op, "dimension d = %d exceeds %d", net.U.Len(), maxDim)
	}
	for j := 0; j < net.U.Len(); j++ {
		for _, w := range [2]struct {
			name string
			v    float64
		}{{"u", net.U.AtVec(j)}, {"v", net.V.AtVec(j)}} {
			if !powFinite(w.v, net.Depth) {
				return failure.Invalid(op, "weight %s[%d] = %v is not finite or its %d-th power overflows", w.name, j, w.v, net.Depth)
			}
		}
	}
	return nil
}

// weights validates net and returns copies of its weights u and v, checking
// that their length is the dimension d of the objective.
func (net *DiagonalNet) weights(op string, d int) (u, v []float64, err error) {
	if err := net.validate(op); err != nil {
		return nil, nil, err
	}
	if net.Dim() != d {
		return nil, nil, failure.Invalid(op, "network has dimension %d, the objective %d", net.Dim(), d)
	}
	u, v = make([]float64, d), make([]float64, d)
	mat.NewVecDense(d, u).CopyVec(net.U)
	mat.NewVecDense(d, v).CopyVec(net.V)
	return u, v, nil
}

// weightsToBeta writes β = u^D − v^D into beta and D·u^{D−1}, D·v^{D−1}
// into du, dv (the chain-rule factors). All slices have length d; the
// flows pass the two halves of their state w = (u, v).
func weightsToBeta(beta, du, dv, u, v []float64, depth int) {
	D := float64(depth)
	for j := range beta {
		uj, vj := u[j], v[j]
		pu, pv := uj, vj
		for k := 2; k < depth; k++ {
			pu *= uj
			pv *= vj
		}
		du[j] = D * pu
		dv[j] = D * pv
		beta[j] = pu*uj - pv*vj
	}
}
