package reparam

import (
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// The families below are the worked examples of commuting and
// non-commuting parametrisations for Li, Wang, Lee, Arora, NeurIPS 2022
// (arXiv:2207.04036). Their potentials were re-derived for this library
// from ∇²R = (∂G∂Gᵀ)⁻¹ on the set reachable from x0 and are checked by the
// package's tests.

// DiagonalMap is the depth-D diagonal network as a Parametrization:
// weights x = (u, v) ∈ ℝ²ᵈ, parameters w = u^{⊙D} − v^{⊙D} (the map of
// DiagonalNet). Its coordinates depend on disjoint pairs (uᵢ, vᵢ), so it
// is commuting. Closed-form potentials: for D = 2 and any start with
// uᵢvᵢ = cᵢ ≠ 0 (conserved), AsinhPotential(¼, 2|c|, w0) —
// implicitbias.Hypentropy(α) from u = v = α·1; for D ≥ 3 from u = v = α·1,
// implicitbias.DepthPotential(D, α) (Woodworth et al., COLT 2020).
type DiagonalMap struct{ depth, dim int }

// NewDiagonalMap returns the depth-depth diagonal map on dim coordinates.
// It returns an error wrapping implicitbias.ErrInvalidInput if depth is
// outside [2, MaxDepth] or dim outside [1, 1<<27].
func NewDiagonalMap(depth, dim int) (*DiagonalMap, error) {
	const op = "NewDiagonalMap"
	if err := checkDepth(op, depth); err != nil {
		return nil, err
	}
	if err := checkDims(op, 2*dim, dim); err != nil {
		return nil, err
	}
	return &DiagonalMap{depth: depth, dim: dim}, nil
}

// DiagonalNetMap returns the parametrisation of the network net and its
// weights x = (u, v) as one vector, the start of GradientFlow that
// reproduces DiagonalFlow. It returns an error wrapping
// implicitbias.ErrInvalidInput if net is invalid.
func DiagonalNetMap(net *DiagonalNet) (*DiagonalMap, *mat.VecDense, error) {
	const op = "DiagonalNetMap"
	u, v, err := net.weights(op, net.Dim())
	if err != nil {
		return nil, nil, err
	}
	g, err := NewDiagonalMap(net.Depth, len(u))
	if err != nil {
		return nil, nil, err
	}
	return g, mat.NewVecDense(2*len(u), append(u, v...)), nil
}

// Dims returns (2d, d).
func (g *DiagonalMap) Dims() (int, int) { return 2 * g.dim, g.dim }

// Map writes u^{⊙D} − v^{⊙D} into dst.
func (g *DiagonalMap) Map(dst, x []float64) {
	d := g.dim
	for i := range dst[:d] {
		dst[i] = ipow(x[i], g.depth) - ipow(x[d+i], g.depth)
	}
}

// Jacobian writes [diag(D·u^{D−1}), −diag(D·v^{D−1})] into dst.
func (g *DiagonalMap) Jacobian(dst *mat.Dense, x []float64) {
	d, D := g.dim, float64(g.depth)
	dst.Zero()
	for i := 0; i < d; i++ {
		dst.Set(i, i, D*ipow(x[i], g.depth-1))
		dst.Set(i, d+i, -D*ipow(x[d+i], g.depth-1))
	}
}

// MirrorPotential returns the potential of the flow from x0 = (u0, v0):
// implicitbias.Hypentropy(α) or DepthPotential(D, α) when u0 = v0 = α·1
// with α > 0; for D = 2 otherwise AsinhPotential(¼, 2|u0⊙v0|, w0), which
// needs every u0ᵢv0ᵢ ≠ 0. Other starts have no closed form here.
func (g *DiagonalMap) MirrorPotential(x0 []float64) (ib.Potential, error) {
	const op = "DiagonalMap.MirrorPotential"
	d := g.dim
	if len(x0) != 2*d {
		return nil, failure.Invalid(op, "x0 has length %d, want 2d = %d", len(x0), 2*d)
	}
	alpha, uniform := x0[0], x0[0] > 0
	for _, v := range x0 {
		uniform = uniform && v == alpha
	}
	if uniform {
		return DiagonalPotential(g.depth, alpha)
	}
	if g.depth != 2 {
		return nil, failure.Invalid(op, "depth %d has a closed-form potential only from u0 = v0 = α·1; use ProjectCommuting for the limit", g.depth)
	}
	b, w0 := make([]float64, d), make([]float64, d)
	for i := 0; i < d; i++ {
		c := x0[i] * x0[d+i]
		if c == 0 || math.IsNaN(c) || math.IsInf(c, 0) {
			return nil, failure.Invalid(op, "conserved u0[%d]·v0[%d] = %v must be non-zero and finite", i, i, c)
		}
		b[i] = 2 * math.Abs(c)
		w0[i] = x0[i]*x0[i] - x0[d+i]*x0[d+i]
	}
	return NewAsinhPotential(0.25, b, w0)
}

// PowerMap is w = u^{⊙D} on u > 0, D ≥ 2: commuting (disjoint supports),
// with PowerPotential(D, D², u0^D) (for D = 2, ¼Σ(w log(w/w0) − w + w0),
// the unnormalised entropy of Amid and Warmuth, NeurIPS 2020).
type PowerMap struct{ depth, dim int }

// NewPowerMap returns the map u ↦ u^{⊙depth} on dim coordinates, or an
// error wrapping implicitbias.ErrInvalidInput.
func NewPowerMap(depth, dim int) (*PowerMap, error) {
	const op = "NewPowerMap"
	if err := checkDepth(op, depth); err != nil {
		return nil, err
	}
	if err := checkDims(op, dim, dim); err != nil {
		return nil, err
	}
	return &PowerMap{depth: depth, dim: dim}, nil
}

// Dims returns (d, d).
func (g *PowerMap) Dims() (int, int) { return g.dim, g.dim }

// Map writes u^{⊙D} into dst.
func (g *PowerMap) Map(dst, x []float64) {
	for i := range dst[:g.dim] {
		dst[i] = ipow(x[i], g.depth)
	}
}

// Jacobian writes diag(D·u^{D−1}) into dst.
func (g *PowerMap) Jacobian(dst *mat.Dense, x []float64) {
	dst.Zero()
	for i := 0; i < g.dim; i++ {
		dst.Set(i, i, float64(g.depth)*ipow(x[i], g.depth-1))
	}
}

// MirrorPotential returns PowerPotential(D, D², u0^D); u0 must be positive.
func (g *PowerMap) MirrorPotential(x0 []float64) (ib.Potential, error) {
	const op = "PowerMap.MirrorPotential"
	if len(x0) != g.dim {
		return nil, failure.Invalid(op, "x0 has length %d, want %d", len(x0), g.dim)
	}
	w0 := make([]float64, g.dim)
	for i, u := range x0 {
		if !(u > 0) {
			return nil, failure.Invalid(op, "u0[%d] = %v, the family needs u > 0", i, u)
		}
		w0[i] = ipow(u, g.depth)
	}
	D := float64(g.depth)
	return NewPowerPotential(g.depth, D*D, w0)
}

// ProductMap is the product of K layers with disjoint supports,
// wᵢ = x₁ᵢ·x₂ᵢ⋯x_Kᵢ, weights x = (x₁, …, x_K) ∈ ℝ^{Kd} (a deep diagonal
// network without the difference). Each wᵢ depends on its own block, so
// the map is commuting. Closed-form potentials: for K = 2 (w = u⊙v) with
// δᵢ = u0ᵢ² − v0ᵢ² ≠ 0 (conserved), AsinhPotential(½, |δ|/2, w0); for a
// balanced positive start x₁ = … = x_K > 0, PowerPotential(K, K, w0).
type ProductMap struct{ layers, dim int }

// NewProductMap returns the product of layers ≥ 2 layers of dim
// coordinates, or an error wrapping implicitbias.ErrInvalidInput.
func NewProductMap(layers, dim int) (*ProductMap, error) {
	const op = "NewProductMap"
	if layers < 2 || layers > MaxDepth {
		return nil, failure.Invalid(op, "layers = %d, must be in [2, %d]", layers, MaxDepth)
	}
	if err := checkDims(op, layers*dim, dim); err != nil {
		return nil, err
	}
	return &ProductMap{layers: layers, dim: dim}, nil
}

// Dims returns (K·d, d).
func (g *ProductMap) Dims() (int, int) { return g.layers * g.dim, g.dim }

// Map writes the products into dst.
func (g *ProductMap) Map(dst, x []float64) {
	for i := range dst[:g.dim] {
		p := 1.0
		for k := 0; k < g.layers; k++ {
			p *= x[k*g.dim+i]
		}
		dst[i] = p
	}
}

// Jacobian writes ∂wᵢ/∂x_kᵢ = Π_{l≠k} x_lᵢ into dst.
func (g *ProductMap) Jacobian(dst *mat.Dense, x []float64) {
	dst.Zero()
	for i := 0; i < g.dim; i++ {
		for k := 0; k < g.layers; k++ {
			p := 1.0
			for l := 0; l < g.layers; l++ {
				if l != k {
					p *= x[l*g.dim+i]
				}
			}
			dst.Set(i, k*g.dim+i, p)
		}
	}
}

// MirrorPotential returns the closed form for x0 (see ProductMap).
func (g *ProductMap) MirrorPotential(x0 []float64) (ib.Potential, error) {
	const op = "ProductMap.MirrorPotential"
	d, K := g.dim, g.layers
	if len(x0) != K*d {
		return nil, failure.Invalid(op, "x0 has length %d, want K·d = %d", len(x0), K*d)
	}
	w0 := make([]float64, d)
	g.Map(w0, x0)
	balanced := true
	for i := 0; i < d; i++ {
		for k := 0; k < K; k++ {
			balanced = balanced && x0[k*d+i] == x0[i] && x0[i] > 0
		}
	}
	if balanced {
		return NewPowerPotential(K, float64(K), w0)
	}
	if K != 2 {
		return nil, failure.Invalid(op, "%d layers have a closed-form potential only from a balanced positive start; use ProjectCommuting for the limit", K)
	}
	b := make([]float64, d)
	for i := 0; i < d; i++ {
		delta := x0[i]*x0[i] - x0[d+i]*x0[d+i]
		if delta == 0 || math.IsNaN(delta) || math.IsInf(delta, 0) {
			return nil, failure.Invalid(op, "conserved u0[%d]² − v0[%d]² = %v must be non-zero and finite (or the start balanced and positive)", i, i, delta)
		}
		b[i] = math.Abs(delta) / 2
	}
	return NewAsinhPotential(0.5, b, w0)
}

// QuadraticMap is Gᵢ(x) = ½xᵀAᵢx with symmetric Aᵢ. Its bracket is
// [∇Gᵢ, ∇Gⱼ](x) = (AⱼAᵢ − AᵢAⱼ)x, so it is commuting exactly when the Aᵢ
// commute pairwise: w = u⊙u − v⊙v, w = u⊙v and matrix sensing
// wᵢ = ⟨Aᵢ, UUᵀ⟩ with commuting measurements are instances.
type QuadraticMap struct {
	a []*mat.SymDense
	n int
}

// NewQuadraticMap returns the map with the matrices a (copied), which must
// be non-empty, non-nil, of one size and finite; otherwise an error
// wrapping implicitbias.ErrInvalidInput names the offending matrix.
func NewQuadraticMap(a []*mat.SymDense) (*QuadraticMap, error) {
	const op = "NewQuadraticMap"
	if len(a) == 0 {
		return nil, failure.Invalid(op, "no matrices A")
	}
	n := 0
	for i, ai := range a {
		if ai == nil || ai.IsEmpty() {
			return nil, failure.Invalid(op, "matrix A[%d] is nil or empty", i)
		}
		if i == 0 {
			n = ai.SymmetricDim()
		}
		if ai.SymmetricDim() != n {
			return nil, failure.Invalid(op, "matrix A[%d] is %d×%d, A[0] is %d×%d", i, ai.SymmetricDim(), ai.SymmetricDim(), n, n)
		}
	}
	if err := checkDims(op, n, len(a)); err != nil {
		return nil, err
	}
	if n > maxElems/len(a)/n {
		return nil, failure.Invalid(op, "%d matrices of size %d×%d exceed %d entries", len(a), n, n, maxElems)
	}
	g := &QuadraticMap{n: n}
	for i, ai := range a {
		c := mat.NewSymDense(n, nil)
		c.CopySym(ai)
		for r := 0; r < n; r++ {
			for s := r; s < n; s++ {
				if v := c.At(r, s); math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, failure.Invalid(op, "matrix A[%d] has a non-finite entry (%d, %d) = %v", i, r, s, v)
				}
			}
		}
		g.a = append(g.a, c)
	}
	return g, nil
}

// Dims returns (n, number of matrices).
func (g *QuadraticMap) Dims() (int, int) { return g.n, len(g.a) }

// Map writes ½xᵀAᵢx into dst.
func (g *QuadraticMap) Map(dst, x []float64) {
	xv := mat.NewVecDense(g.n, x)
	for i, ai := range g.a {
		dst[i] = 0.5 * mat.Inner(xv, ai, xv)
	}
}

// Jacobian writes the rows (Aᵢx)ᵀ into dst.
func (g *QuadraticMap) Jacobian(dst *mat.Dense, x []float64) {
	xv := mat.NewVecDense(g.n, x)
	for i, ai := range g.a {
		row := mat.NewVecDense(g.n, dst.RawRowView(i)[:g.n])
		row.MulVec(ai, xv)
	}
}

// ScaledVectorMap is w = a·b with weights x = (a, b) ∈ ℝ^{1+d}: one
// hidden unit. It is not commuting — [∇wᵢ, ∇wⱼ] = bᵢe_{bⱼ} − bⱼe_{bᵢ} —
// yet its limits do not depend on how the data are written, because
// b − b0 ∈ range(Zᵀ) and a² − ‖b‖² are conserved: loss-independence of the
// end point does not imply an equivalent mirror flow.
type ScaledVectorMap struct{ dim int }

// NewScaledVectorMap returns the map (a, b) ↦ a·b with b ∈ ℝ^dim.
func NewScaledVectorMap(dim int) (*ScaledVectorMap, error) {
	if err := checkDims("NewScaledVectorMap", dim+1, dim); err != nil {
		return nil, err
	}
	return &ScaledVectorMap{dim: dim}, nil
}

// Dims returns (1 + d, d).
func (g *ScaledVectorMap) Dims() (int, int) { return 1 + g.dim, g.dim }

// Map writes a·b into dst.
func (g *ScaledVectorMap) Map(dst, x []float64) {
	for i := range dst[:g.dim] {
		dst[i] = x[0] * x[1+i]
	}
}

// Jacobian writes [b, a·I] into dst.
func (g *ScaledVectorMap) Jacobian(dst *mat.Dense, x []float64) {
	dst.Zero()
	for i := 0; i < g.dim; i++ {
		dst.Set(i, 0, x[1+i])
		dst.Set(i, 1+i, x[0])
	}
}

// MatrixProductMap is W = UVᵀ with U ∈ ℝ^{m×r}, V ∈ ℝ^{n×r}, weights
// x = (vec U, vec V) and parameters w = vec W (row-major). With generic
// measurements it is the non-commuting counterexample of Li et al.:
// its limits move when the same data are re-expressed.
type MatrixProductMap struct{ m, n, r int }

// NewMatrixProductMap returns the map for an m×n product of rank r, or an
// error wrapping implicitbias.ErrInvalidInput.
func NewMatrixProductMap(m, n, r int) (*MatrixProductMap, error) {
	const op = "NewMatrixProductMap"
	if m < 1 || n < 1 || r < 1 || m > maxElems/n || r > maxElems/(m+n) {
		return nil, failure.Invalid(op, "sizes m = %d, n = %d, r = %d must be positive and small enough", m, n, r)
	}
	if err := checkDims(op, (m+n)*r, m*n); err != nil {
		return nil, err
	}
	return &MatrixProductMap{m: m, n: n, r: r}, nil
}

// Dims returns ((m+n)·r, m·n).
func (g *MatrixProductMap) Dims() (int, int) { return (g.m + g.n) * g.r, g.m * g.n }

// Map writes vec(UVᵀ) into dst.
func (g *MatrixProductMap) Map(dst, x []float64) {
	U, V := x[:g.m*g.r], x[g.m*g.r:]
	for p := 0; p < g.m; p++ {
		for q := 0; q < g.n; q++ {
			var s float64
			for k := 0; k < g.r; k++ {
				s += U[p*g.r+k] * V[q*g.r+k]
			}
			dst[p*g.n+q] = s
		}
	}
}

// Jacobian writes ∂W_pq/∂U_pk = V_qk and ∂W_pq/∂V_qk = U_pk into dst.
func (g *MatrixProductMap) Jacobian(dst *mat.Dense, x []float64) {
	U, V := x[:g.m*g.r], x[g.m*g.r:]
	off := g.m * g.r
	dst.Zero()
	for p := 0; p < g.m; p++ {
		for q := 0; q < g.n; q++ {
			row := p*g.n + q
			for k := 0; k < g.r; k++ {
				dst.Set(row, p*g.r+k, V[q*g.r+k])
				dst.Set(row, off+q*g.r+k, U[p*g.r+k])
			}
		}
	}
}

// ipow returns x^k for a small integer k ≥ 0 by repeated multiplication.
func ipow(x float64, k int) float64 {
	p := 1.0
	for ; k > 0; k-- {
		p *= x
	}
	return p
}
