package implicitbias

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// DiagonalNet is a depth-D diagonal linear network: weights u, v ∈ ℝᵈ
// represent the linear predictor
//
//	β = u^{⊙D} − v^{⊙D}
//
// (coordinate-wise powers). Training the weights by gradient descent or flow
// on a loss L(β) gives ∂L/∂u = D·u^{⊙(D−1)} ⊙ ∇L(β) and
// ∂L/∂v = −D·v^{⊙(D−1)} ⊙ ∇L(β). From u₀ = v₀ = α·1 the gradient flow on
// (u, v) is the mirror flow on β with the potential Hypentropy(α) for D = 2
// and DepthPotential(D, α) for D ≥ 3, with the same time variable
// (spec 01 §4); see MirrorFlow and DiagonalFlow.
type DiagonalNet struct {
	// Depth is D ≥ 2.
	Depth int
	// U and V are the weights; they have the same length d.
	U, V *mat.VecDense
}

// NewDiagonalNet returns a depth-depth network with weights copied from u0
// and v0 (any values, of equal length). It returns an error naming the
// parameter if depth < 2, a vector is nil or empty, the lengths differ or an
// entry is NaN or ±Inf.
func NewDiagonalNet(depth int, u0, v0 *mat.VecDense) (*DiagonalNet, error) {
	if depth < 2 {
		return nil, fmt.Errorf("implicitbias: DiagonalNet depth = %d, must be ≥ 2", depth)
	}
	if u0 == nil || u0.IsEmpty() {
		return nil, fmt.Errorf("implicitbias: DiagonalNet weight u0 is nil or empty")
	}
	if v0 == nil || v0.IsEmpty() {
		return nil, fmt.Errorf("implicitbias: DiagonalNet weight v0 is nil or empty")
	}
	if u0.Len() != v0.Len() {
		return nil, fmt.Errorf("implicitbias: DiagonalNet weights u0 (length %d) and v0 (length %d) differ in length", u0.Len(), v0.Len())
	}
	u, err := startVector("u0", u0, u0.Len())
	if err != nil {
		return nil, err
	}
	v, err := startVector("v0", v0, v0.Len())
	if err != nil {
		return nil, err
	}
	return &DiagonalNet{Depth: depth, U: mat.NewVecDense(len(u), u), V: mat.NewVecDense(len(v), v)}, nil
}

// NewUniformDiagonalNet returns the depth-depth network of dimension d with
// u₀ = v₀ = α·1 (so β₀ = 0), the initialisation whose scale α moves the
// implicit bias from ℓ₂ (large α, "kernel") to ℓ₁ (small α, "rich"). It
// returns an error naming the parameter if depth < 2, d < 1 or α is not
// positive and finite.
func NewUniformDiagonalNet(depth, d int, alpha float64) (*DiagonalNet, error) {
	if d < 1 {
		return nil, fmt.Errorf("implicitbias: DiagonalNet dimension d = %d, must be ≥ 1", d)
	}
	if !(alpha > 0) || math.IsInf(alpha, 1) {
		return nil, fmt.Errorf("implicitbias: DiagonalNet scale alpha = %v, must be positive and finite", alpha)
	}
	w := make([]float64, d)
	for j := range w {
		w[j] = alpha
	}
	return NewDiagonalNet(depth, mat.NewVecDense(d, w), mat.NewVecDense(d, append([]float64(nil), w...)))
}

// Dim returns the dimension d of β.
func (net *DiagonalNet) Dim() int { return net.U.Len() }

// Beta returns β = u^{⊙D} − v^{⊙D}.
func (net *DiagonalNet) Beta() *mat.VecDense {
	d := net.Dim()
	beta := make([]float64, d)
	for j := range beta {
		beta[j] = ipow(net.U.AtVec(j), net.Depth) - ipow(net.V.AtVec(j), net.Depth)
	}
	return mat.NewVecDense(d, beta)
}

// ipow returns x^k for k ≥ 1 by repeated multiplication.
func ipow(x float64, k int) float64 {
	p := x
	for ; k > 1; k-- {
		p *= x
	}
	return p
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

// MirrorPotential returns the potential whose mirror flow reproduces the
// gradient flow of net with the same time variable: Hypentropy(α) for depth
// 2 and DepthPotential(D, α) for depth D ≥ 3. It needs the uniform
// initialisation u = v = α·1 with α > 0 and returns an error otherwise.
func (net *DiagonalNet) MirrorPotential() (Potential, error) {
	if err := checkNet("MirrorPotential", net); err != nil {
		return nil, err
	}
	if net.U.Len() != net.V.Len() {
		return nil, fmt.Errorf("implicitbias: MirrorPotential: network net has weights u (length %d) and v (length %d) of different lengths", net.U.Len(), net.V.Len())
	}
	d := net.Dim()
	alpha := net.U.AtVec(0)
	for j := 0; j < d; j++ {
		if net.U.AtVec(j) != alpha || net.V.AtVec(j) != alpha {
			return nil, fmt.Errorf("implicitbias: MirrorPotential needs weights u = v = α·1; coordinate %d has u = %v, v = %v (α = %v)", j, net.U.AtVec(j), net.V.AtVec(j), alpha)
		}
	}
	if !(alpha > 0) {
		return nil, fmt.Errorf("implicitbias: MirrorPotential needs α > 0, weights are %v", alpha)
	}
	if net.Depth == 2 {
		return NewHypentropy(alpha)
	}
	return NewDepthPotential(net.Depth, alpha)
}

// checkNet validates the fields of a network handed to the function named
// op (DiagonalNet has exported fields, so net need not come from a
// constructor): weights present and non-empty, depth ≥ 2.
func checkNet(op string, net *DiagonalNet) error {
	if net == nil || net.U == nil || net.V == nil || net.U.IsEmpty() || net.V.IsEmpty() {
		return fmt.Errorf("implicitbias: %s: network net is nil or has nil or empty weights", op)
	}
	if net.Depth < 2 {
		return fmt.Errorf("implicitbias: %s: network net has depth %d, must be ≥ 2", op, net.Depth)
	}
	return nil
}

// startWeights validates a network and a problem for the solver named op and
// returns copies of the starting weights u0 and v0.
func startWeights(op string, net *DiagonalNet, ls *LeastSquares) (u, v []float64, err error) {
	if err := checkNet(op, net); err != nil {
		return nil, nil, err
	}
	if err := checkProblem(op, ls); err != nil {
		return nil, nil, err
	}
	_, d := ls.Dims()
	if u, err = startVector("u0", net.U, d); err != nil {
		return nil, nil, err
	}
	if v, err = startVector("v0", net.V, d); err != nil {
		return nil, nil, err
	}
	return u, v, nil
}
