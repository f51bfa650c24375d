package matfact

import (
	"gonum.org/v1/gonum/mat"
)

// workspace holds the buffers of one gradient evaluation, allocated once
// per run: prefixes pre[j] = W_{j+1}⋯W_1 (pre[0] is W_1 itself, pre[N-1]
// is W), the loss gradient R = ∇ℓ(W), the back-propagated products
// T_j = S_jᵀR = W_{j+1}ᵀT_{j+1} and the factor gradients
// G_j = T_j P_jᵀ with P_j = pre[j-2].
type workspace struct {
	pre []*mat.Dense // pre[0] unused: the prefix W_1 is the point's own factor
	r   *mat.Dense
	t   []*mat.Dense // t[j-1] = T_j for j = 2..N-1; T_N = r, T_1 = g[0]
	g   []*mat.Dense // g[j-1] = G_j
	mul *multiplier
}

func newWorkspace(f *Factorization) *workspace {
	n := len(f.Factors)
	_, c0 := f.Factors[0].Dims()
	ws := &workspace{pre: make([]*mat.Dense, n), t: make([]*mat.Dense, n), g: make([]*mat.Dense, n), mul: &multiplier{}}
	for j, w := range f.Factors {
		r, c := w.Dims()
		if j > 0 {
			ws.pre[j] = mat.NewDense(r, c0, nil)
		}
		if j > 0 && j < n-1 {
			ws.t[j] = mat.NewDense(r, c0, nil)
		}
		ws.g[j] = mat.NewDense(r, c, nil)
	}
	rN, _ := f.Factors[n-1].Dims()
	ws.r = mat.NewDense(rN, c0, nil)
	return ws
}

// product forms the prefixes of point and returns W = W_N⋯W_1 (a
// workspace buffer, or point[0] when N = 1).
func (ws *workspace) product(point []*mat.Dense) *mat.Dense {
	prev := point[0]
	for j := 1; j < len(point); j++ {
		ws.mul.gemm(false, point[j], false, prev, ws.pre[j])
		prev = ws.pre[j]
	}
	return prev
}

// last returns the product formed by the latest product or gradient call.
func (ws *workspace) last(point []*mat.Dense) *mat.Dense {
	if len(point) == 1 {
		return point[0]
	}
	return ws.pre[len(point)-1]
}

// gradient stores ∇_{W_j} ℓ(W_N⋯W_1) at point in ws.g and returns ℓ at
// point: 3(N−1) matrix products and no allocation.
func (ws *workspace) gradient(point []*mat.Dense, loss Loss) float64 {
	n := len(point)
	w := ws.product(point)
	l := loss.Gradient(ws.r, w)
	if n == 1 {
		ws.g[0].Copy(ws.r)
		return l
	}
	// G_N = R P_Nᵀ with P_N = W_{N-1}⋯W_1.
	ws.mul.gemm(false, ws.r, true, prefixOf(point, ws.pre, n-2), ws.g[n-1])
	if n == 2 {
		ws.mul.gemm(true, point[1], false, ws.r, ws.g[0])
		return l
	}
	// T_{N-1} = W_Nᵀ R, then downwards; G_j = T_j P_jᵀ, G_1 = T_1.
	ws.mul.gemm(true, point[n-1], false, ws.r, ws.t[n-2])
	for j := n - 2; j >= 1; j-- { // j is the 0-based index of W_{j+1}
		ws.mul.gemm(false, ws.t[j], true, prefixOf(point, ws.pre, j-1), ws.g[j])
		if j == 1 {
			ws.mul.gemm(true, point[1], false, ws.t[1], ws.g[0])
		} else {
			ws.mul.gemm(true, point[j], false, ws.t[j], ws.t[j-1])
		}
	}
	return l
}

// prefixOf returns W_{j+1}⋯W_1 (0-based j).
func prefixOf(point, pre []*mat.Dense, j int) *mat.Dense {
	if j == 0 {
		return point[0]
	}
	return pre[j]
}

// Gradients returns ∇_{W_j} ℓ(W_N⋯W_1) for j = 1, …, N (index j−1) and
// the loss ℓ, computed by prefix and suffix products. It allocates its
// buffers; GD reuses them across iterations instead.
func Gradients(f *Factorization, loss Loss) ([]*mat.Dense, float64, error) {
	const op = "Gradients"
	if err := checkRun(op, f, loss); err != nil {
		return nil, 0, err
	}
	ws := newWorkspace(f)
	l := ws.gradient(f.Factors, loss)
	return ws.g, l, nil
}

// checkRun validates a factorisation and a loss whose sizes must agree.
func checkRun(op string, f *Factorization, loss Loss) error {
	if err := f.validate(op); err != nil {
		return err
	}
	switch l := loss.(type) {
	case nil:
		return invalid(op, "loss is nil")
	case *Estimation:
		if l == nil || l.target == nil {
			return invalid(op, "loss is a nil or zero-value *Estimation (use NewEstimation)")
		}
	case *Sensing:
		if l == nil || l.a == nil {
			return invalid(op, "loss is a nil or zero-value *Sensing (use NewSensing)")
		}
	}
	r, c := f.Dims()
	lr, lc := loss.Dims()
	if r != lr || c != lc {
		return invalid(op, "the product W_N⋯W_1 is %d×%d but the loss expects %d×%d", r, c, lr, lc)
	}
	// The workspace holds prefixes and back-propagated products of size
	// d_j×d_0 besides the gradients: refuse what the machine cannot hold
	// (a thin middle factor can make them far larger than the factors).
	total := 0
	for _, w := range f.Factors {
		rj, cj := w.Dims()
		if rj > maxElems/c || cj > maxElems/rj {
			return invalid(op, "the workspace for factors of these sizes exceeds the %d-element limit", maxElems)
		}
		total += 2*rj*c + rj*cj
		if total > maxElems {
			return invalid(op, "the workspace for factors of these sizes exceeds the %d-element limit", maxElems)
		}
	}
	return nil
}
