package signdescent

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Model is the diagonal network and update rule: β = w⁺^H − w⁻^H
// (Hadamard powers, H = Depth) trained from w⁺ = w⁻ = α·1 by smoothed
// sign descent with stability constant ε,
//
//	w ← w − η·∇_wL / (|∇_wL| + ε)   (elementwise, discrete, eq. (15)),
//	ẇ = −∇_wL / (|∇_wL| + ε)        (flow, eq. (16)).
//
// The theorems of Wang and Klabjan (UAI 2025) are about H = 2; other depths
// are their closing remark, with no theorem.
type Model struct {
	// Alpha > 0 is the initial scale: w⁺(0) = w⁻(0) = α·1, so β(0) = 0.
	Alpha float64
	// Eps > 0 is the stability constant ε.
	Eps float64
	// Depth H ≥ 2 of the Hadamard powers; 0 means 2.
	Depth int
}

// maxDepth bounds H; larger powers under- or overflow for any useful α.
const maxDepth = 64

// check validates the model; gd skips ε (gradient descent has none).
func (m Model) check(op string, gd bool) (Model, error) {
	if !(m.Alpha > 0) || math.IsInf(m.Alpha, 1) {
		return m, invalid(op, "Alpha = %v must be positive and finite", m.Alpha)
	}
	if !gd && (!(m.Eps > 0) || math.IsInf(m.Eps, 1)) {
		return m, invalid(op, "Eps = %v must be positive and finite (ε = 0 is pure sign descent, whose flow is discontinuous)", m.Eps)
	}
	if m.Depth == 0 {
		m.Depth = 2
	}
	if m.Depth < 2 || m.Depth > maxDepth {
		return m, invalid(op, "Depth = %d must lie in [2, %d]", m.Depth, maxDepth)
	}
	return m, nil
}

// dynamics evaluates the gradients of L with respect to w = (w⁺, w⁻) in
// preallocated storage. gd selects the plain gradient (φ(g) = g) instead of
// the smoothed sign φ(g) = g/(|g| + ε).
type dynamics struct {
	p     *Problem
	eps   float64
	depth int
	gd    bool
	beta  []float64 // β
	r     []float64 // Xβ − y
	gb    []float64 // ∇_βL = ½Xᵀ(Xβ − y)
	g     []float64 // ∇_wL, length 2D
	w     []float64 // weights exp(z) in the flow
}

func newDynamics(p *Problem, m Model, gd bool) *dynamics {
	return &dynamics{p: p, eps: m.Eps, depth: m.Depth, gd: gd,
		beta: make([]float64, p.d), r: make([]float64, p.n), gb: make([]float64, p.d), g: make([]float64, 2*p.d), w: make([]float64, 2*p.d)}
}

// power returns w^H and H·w^{H−1}.
func power(w float64, h int) (wh, dwh float64) {
	if h == 2 {
		return w * w, 2 * w
	}
	pm := 1.0
	for k := 1; k < h; k++ {
		pm *= w
	}
	return pm * w, float64(h) * pm
}

// weightsToBeta stores β = w⁺^H − w⁻^H in dst.
func weightsToBeta(dst, w []float64, h int) {
	d := len(dst)
	for i := range dst {
		a, _ := power(w[i], h)
		b, _ := power(w[d+i], h)
		dst[i] = a - b
	}
}

// grad fills beta, r, gb and g for the weights w and returns L(β).
func (dy *dynamics) grad(w []float64) float64 {
	p, d := dy.p, dy.p.d
	weightsToBeta(dy.beta, w, dy.depth)
	for j := range dy.gb {
		dy.gb[j] = 0
	}
	var loss float64
	for n := 0; n < p.n; n++ {
		row := p.x.RawRowView(n)
		r := dot(row, dy.beta) - p.y[n]
		dy.r[n] = r
		loss += r * r
		for j, x := range row {
			dy.gb[j] += 0.5 * x * r
		}
	}
	for i := 0; i < d; i++ {
		_, dp := power(w[i], dy.depth)
		_, dm := power(w[d+i], dy.depth)
		dy.g[i] = dp * dy.gb[i]
		dy.g[d+i] = -dm * dy.gb[i]
	}
	return loss / 4
}

// phi is the update direction: g/(|g| + ε), or g for gradient descent.
func (dy *dynamics) phi(g float64) float64 {
	if dy.gd {
		return g
	}
	return g / (math.Abs(g) + dy.eps)
}

// rhs is the flow in logarithmic coordinates z = log w (elementwise). The
// weights stay positive (Prop. 3.4), and ż = ẇ/w is free of the factor w:
// with gₖ = Hσₖwₖ^{H−1}(∇_βL)ₖ̄ (σ = +1 on w⁺, −1 on w⁻, k̄ the coordinate),
//
//	żₖ = −Hσₖ wₖ^{H−2} (∇_βL)ₖ̄ / (|gₖ| + ε)   (gradient flow: without the denominator).
//
// Integrating z instead of w gives every weight a relative accuracy, so
// that the non-dominating weights, which decay like e^{−c/ε}, never cross
// zero through integration error.
func (dy *dynamics) rhs(_ float64, z, dz []float64) {
	w := dy.w
	for k, v := range z {
		w[k] = math.Exp(v)
	}
	dy.grad(w)
	d := dy.p.d
	for k, g := range dy.g {
		kb, sk := k, 1.0
		if k >= d {
			kb, sk = k-d, -1
		}
		dwh := 2.0
		if dy.depth != 2 {
			_, dwh = power(w[k], dy.depth-1)
			dwh *= float64(dy.depth) / float64(dy.depth-1)
		}
		num := -sk * dwh * dy.gb[kb]
		if !dy.gd {
			num /= math.Abs(g) + dy.eps
		}
		dz[k] = num
	}
}

// jac stores ∂ż/∂z for depth 2. With G = XᵀX, aₖ = |gₖ| + ε and
// ∂(∇_βL)ᵢ/∂zₗ = Gᵢₗ̄σₗwₗ²,
//
//	∂żₖ/∂zₗ = −2σₖ(ε/aₖ²)Gₖ̄ₗ̄σₗwₗ² + δₖₗ·2σₖ|gₖ|(∇_βL)ₖ̄/aₖ²,
//
// and for gradient flow (żₖ = −2σₖ(∇_βL)ₖ̄) the first term with ε/aₖ² = 1.
func (dy *dynamics) jac(_ float64, z []float64, dst *mat.Dense) {
	w := dy.w
	for k, v := range z {
		w[k] = math.Exp(v)
	}
	dy.grad(w)
	d := dy.p.d
	gram := dy.p.gram()
	for k := 0; k < 2*d; k++ {
		kb, sk := k, 1.0
		if k >= d {
			kb, sk = k-d, -1
		}
		f, diag := 1.0, 0.0
		if !dy.gd {
			a := math.Abs(dy.g[k]) + dy.eps
			f = dy.eps / (a * a)
			diag = 2 * sk * math.Abs(dy.g[k]) * dy.gb[kb] / (a * a)
		}
		c := -2 * sk * f
		row := dst.RawRowView(k)
		grow := gram.RawRowView(kb)
		for l := 0; l < d; l++ {
			row[l] = c * grow[l] * w[l] * w[l]
			row[d+l] = -c * grow[l] * w[d+l] * w[d+l]
		}
		row[k] += diag
	}
}

// stageGrads stores |∇_uL|ᵢ and |∇_vL|ᵢ in gu and gv, where u is the
// dominating weight of coordinate i (w⁺ᵢ if sᵢ > 0, else w⁻ᵢ) and v the
// other one; dy.g must hold ∇_wL.
func (dy *dynamics) stageGrads(gu, gv, s []float64) {
	d := dy.p.d
	for i, si := range s {
		a, b := math.Abs(dy.g[i]), math.Abs(dy.g[d+i])
		if si < 0 {
			a, b = b, a
		}
		gu[i], gv[i] = a, b
	}
}
