package matfact

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Loss is a smooth loss ℓ(W) of the end-to-end matrix W.
type Loss interface {
	// Dims returns the size of the matrices W the loss accepts.
	Dims() (r, c int)
	// Gradient stores ∇ℓ(W) in dst, which has the size of W and does not
	// alias it, and returns ℓ(W). Implementations must not allocate in
	// steady state and must be safe for concurrent use.
	Gradient(dst, w *mat.Dense) float64
}

// stableStepper is implemented by losses that know the stable step bound
// of GD at their balanced fit.
type stableStepper interface {
	StableStep(depth int) float64
}

// Estimation is the loss ½‖W − Ŷ‖²_F of matrix estimation (denoising)
// with observation Ŷ.
type Estimation struct {
	target *mat.Dense
	top    float64 // largest singular value of Ŷ
}

// NewEstimation returns the loss ½‖W − Ŷ‖²_F for a copy of the observation
// Ŷ = target, which must be non-empty and finite.
func NewEstimation(target mat.Matrix) (*Estimation, error) {
	const op = "NewEstimation"
	if err := checkFinite(op, "target", target); err != nil {
		return nil, err
	}
	r, c := target.Dims()
	if err := checkSize(op, "target", r, c); err != nil {
		return nil, err
	}
	t := mat.DenseCopyOf(target)
	var svd mat.SVD
	if !svd.Factorize(t, mat.SVDNone) {
		return nil, invalid(op, "the SVD of the target did not converge")
	}
	return &Estimation{target: t, top: svd.Values(nil)[0]}, nil
}

// Dims returns the size of Ŷ.
func (e *Estimation) Dims() (r, c int) { return e.target.Dims() }

// Target returns a copy of Ŷ.
func (e *Estimation) Target() *mat.Dense { return mat.DenseCopyOf(e.target) }

// Gradient stores W − Ŷ in dst and returns ½‖W − Ŷ‖²_F.
func (e *Estimation) Gradient(dst, w *mat.Dense) float64 {
	dst.Sub(w, e.target)
	// A plain sum of squares: mat.Norm's scaled (overflow-safe) sum costs
	// a sixth of a small GD iteration, and an overflow here is reported as
	// divergence anyway.
	r := dst.RawMatrix()
	sum := 0.0
	for i := 0; i < r.Rows; i++ {
		for _, v := range r.Data[i*r.Stride : i*r.Stride+r.Cols] {
			sum += v * v
		}
	}
	return 0.5 * sum
}

// StableStep returns 2/(N ŷ₁^{2−2/N}) with ŷ₁ the largest singular value
// of Ŷ: the largest step for which gradient descent from a balanced
// initialisation (W_j = αI, or any start with W_{j+1}ᵀW_{j+1} = W_jW_jᵀ)
// can converge to the fit, because the Hessian at the balanced fit has top
// eigenvalue N ŷ₁^{2−2/N} (Chou et al. 2024, decoupled dynamics; Arora,
// Cohen, Hu, Luo, NeurIPS 2019). Unbalanced starts reach sharper minima.
func (e *Estimation) StableStep(depth int) float64 {
	return StableStep(depth, e.top)
}

// StableStep returns 2/(N y^{2−2/N}), the step bound of the scalar
// recursion w ← w − η w^{N−1}(w^N − y) at its fixed point w^N = y > 0.
func StableStep(depth int, y float64) float64 {
	n := float64(depth)
	return 2 / (n * math.Pow(y, 2-2/n))
}

// Sensing is the matrix-sensing loss ½ Σ_l (⟨A_l, W⟩ − b_l)² with m
// measurement matrices A_l of size r×c stored as the rows of an m×(r·c)
// matrix (row l is A_l in row-major order).
type Sensing struct {
	a    *mat.Dense
	b    []float64
	r, c int
	pool sync.Pool // *[]float64 scratch of length m
}

// NewSensing returns the sensing loss for the m×(rows·cols) operator a and
// the m measurements b (copies). planted.GaussianSensing draws a.
func NewSensing(a *mat.Dense, b *mat.VecDense, rows, cols int) (*Sensing, error) {
	const op = "NewSensing"
	if err := checkSize(op, "W", rows, cols); err != nil {
		return nil, err
	}
	if err := checkFinite(op, "A", a); err != nil {
		return nil, err
	}
	m, n := a.Dims()
	if n != rows*cols {
		return nil, invalid(op, "A has %d columns, want rows·cols = %d·%d = %d (one vectorised A_l per row)", n, rows, cols, rows*cols)
	}
	if err := checkFinite(op, "b", b); err != nil {
		return nil, err
	}
	if b.Len() != m {
		return nil, invalid(op, "b has %d entries but A has %d rows (measurements)", b.Len(), m)
	}
	s := &Sensing{a: mat.DenseCopyOf(a), b: make([]float64, m), r: rows, c: cols}
	for l := range s.b {
		s.b[l] = b.AtVec(l)
	}
	s.pool.New = func() any { e := make([]float64, m); return &e }
	return s, nil
}

// Dims returns the size of W.
func (s *Sensing) Dims() (r, c int) { return s.r, s.c }

// Measurements returns m, the number of measurements.
func (s *Sensing) Measurements() int { return len(s.b) }

// Measure stores the m measurements ⟨A_l, W⟩ in dst (allocated if nil)
// and returns it; W must be rows×cols and finite, dst of length m.
func (s *Sensing) Measure(dst *mat.VecDense, w *mat.Dense) (*mat.VecDense, error) {
	const op = "Sensing.Measure"
	if err := checkFinite(op, "W", w); err != nil {
		return nil, err
	}
	if r, c := w.Dims(); r != s.r || c != s.c {
		return nil, invalid(op, "W is %d×%d, want %d×%d", r, c, s.r, s.c)
	}
	if dst == nil {
		dst = mat.NewVecDense(len(s.b), nil)
	} else if dst.Len() != len(s.b) {
		return nil, invalid(op, "dst has %d entries, want m = %d", dst.Len(), len(s.b))
	}
	e := dst.RawVector()
	for l := range s.b {
		e.Data[l*e.Inc] = 0
	}
	s.apply(e.Data, e.Inc, w)
	return dst, nil
}

// apply adds A vec(W) to e (stride inc), one Gemv per row of W so that W
// may have any stride.
func (s *Sensing) apply(e []float64, inc int, w *mat.Dense) {
	ra := s.a.RawMatrix()
	rw := w.RawMatrix()
	m := len(s.b)
	for i := 0; i < s.r; i++ {
		blk := blas64.General{Rows: m, Cols: s.c, Stride: ra.Stride, Data: ra.Data[i*s.c:]}
		blas64.Gemv(blas.NoTrans, 1, blk,
			blas64.Vector{N: s.c, Inc: 1, Data: rw.Data[i*rw.Stride:]}, 1,
			blas64.Vector{N: m, Inc: inc, Data: e})
	}
}

// Gradient stores Σ_l (⟨A_l, W⟩ − b_l) A_l in dst and returns
// ½ Σ_l (⟨A_l, W⟩ − b_l)².
func (s *Sensing) Gradient(dst, w *mat.Dense) float64 {
	p := s.pool.Get().(*[]float64)
	e := *p
	for l, bl := range s.b {
		e[l] = -bl
	}
	s.apply(e, 1, w)
	loss := 0.0
	for _, v := range e {
		loss += v * v
	}
	ra := s.a.RawMatrix()
	rd := dst.RawMatrix()
	m := len(s.b)
	for i := 0; i < s.r; i++ {
		blk := blas64.General{Rows: m, Cols: s.c, Stride: ra.Stride, Data: ra.Data[i*s.c:]}
		blas64.Gemv(blas.Trans, 1, blk, blas64.Vector{N: m, Inc: 1, Data: e}, 0,
			blas64.Vector{N: s.c, Inc: 1, Data: rd.Data[i*rd.Stride:]})
	}
	s.pool.Put(p)
	return 0.5 * loss
}
