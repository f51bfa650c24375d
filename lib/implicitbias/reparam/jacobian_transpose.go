package reparam

import (
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// JacobianTransposer is implemented by parametrisations that compute the
// pull-back ∂G(x)ᵀv of a vector v ∈ ℝᵈ without forming the d×D Jacobian.
// GradientFlow and ProjectCommuting use it when it is available: for the
// families with disjoint supports it costs O(D) instead of O(dD) per call.
type JacobianTransposer interface {
	// JacobianTMul writes ∂G(x)ᵀv into dst (length D).
	JacobianTMul(dst, x, v []float64)
}

// pullBack is ∂G(x)ᵀv for any parametrisation: by JacobianTMul if g has
// it, otherwise through the Jacobian J (d×D scratch).
type pullBack struct {
	g  Parametrization
	jt JacobianTransposer
	J  interface {
		RawRowView(i int) []float64
	}
	fill func(x []float64)
	D    int
}

func newPullBack(g Parametrization, D, d int) *pullBack {
	p := &pullBack{g: g, D: D}
	if jt, ok := g.(JacobianTransposer); ok {
		p.jt = jt
		return p
	}
	J := newDense(d, D)
	p.J = J
	p.fill = func(x []float64) { g.Jacobian(J, x) }
	return p
}

// mul writes ∂G(x)ᵀv into dst.
func (p *pullBack) mul(dst, x, v []float64) {
	if p.jt != nil {
		p.jt.JacobianTMul(dst, x, v)
		return
	}
	p.fill(x)
	for k := range dst {
		dst[k] = 0
	}
	for i, vi := range v {
		floats.AddScaled(dst, vi, p.J.RawRowView(i)[:p.D])
	}
}

// JacobianTMul writes ∂G(x)ᵀv = (D·u^{D−1}⊙v, −D·v^{D−1}⊙v) into dst.
func (g *DiagonalMap) JacobianTMul(dst, x, v []float64) {
	d, D := g.dim, float64(g.depth)
	for i, vi := range v[:d] {
		dst[i] = D * ipow(x[i], g.depth-1) * vi
		dst[d+i] = -D * ipow(x[d+i], g.depth-1) * vi
	}
}

// JacobianTMul writes D·u^{D−1}⊙v into dst.
func (g *PowerMap) JacobianTMul(dst, x, v []float64) {
	for i, vi := range v[:g.dim] {
		dst[i] = float64(g.depth) * ipow(x[i], g.depth-1) * vi
	}
}

// JacobianTMul writes (Π_{l≠k} x_l)⊙v for each layer k into dst.
func (g *ProductMap) JacobianTMul(dst, x, v []float64) {
	for i, vi := range v[:g.dim] {
		for k := 0; k < g.layers; k++ {
			p := vi
			for l := 0; l < g.layers; l++ {
				if l != k {
					p *= x[l*g.dim+i]
				}
			}
			dst[k*g.dim+i] = p
		}
	}
}

// newDense returns a zero r×c matrix.
func newDense(r, c int) *mat.Dense { return mat.NewDense(r, c, nil) }
