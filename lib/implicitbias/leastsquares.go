package implicitbias

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/internal/linalg"
)

// LeastSquares is the squared loss of a linear model,
//
//	L(x) = ½‖Ax − y‖² = Σᵢ Lᵢ(x),  Lᵢ(x) = ½(aᵢᵀx − yᵢ)²,
//
// with A an n×d matrix of rows aᵢᵀ and y ∈ ℝⁿ. Note that L is the sum, not
// the mean, of the per-sample losses: ∇L(x) = Aᵀ(Ax − y).
//
// Build it with NewLeastSquares, which validates A and y. The methods work on
// plain slices, write into caller-provided buffers and allocate nothing, so
// that they can run in the inner loop of a descent method; a buffer of the
// wrong length is a programmer error and panics. A and Y must not be changed
// while the methods are in use.
type LeastSquares struct {
	A *mat.Dense
	Y *mat.VecDense
}

// NewLeastSquares returns the loss ½‖Ax − y‖². It returns an error naming A
// or y if either is nil or empty, if len(y) differs from the number of rows of
// A, or if an entry is NaN or ±Inf. A and y are not copied.
func NewLeastSquares(A *mat.Dense, y *mat.VecDense) (*LeastSquares, error) {
	if err := checkLeastSquares(A, y); err != nil {
		return nil, invalid("NewLeastSquares", "%w", err)
	}
	return &LeastSquares{A: A, Y: y}, nil
}

// checkLeastSquares validates the data of a least-squares problem as
// NewLeastSquares documents; its errors carry no package prefix.
func checkLeastSquares(A *mat.Dense, y *mat.VecDense) error {
	if A == nil || A.IsEmpty() {
		return fmt.Errorf("design matrix A is nil or empty")
	}
	if y == nil || y.IsEmpty() {
		return fmt.Errorf("target y is nil or empty")
	}
	n, d := A.Dims()
	if y.Len() != n {
		return fmt.Errorf("target y has length %d, but A has %d rows (A is %d×%d)", y.Len(), n, n, d)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			if v := A.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("design matrix A has non-finite entry A[%d,%d] = %v", i, j, v)
			}
		}
		if v := y.AtVec(i); math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("target y has non-finite entry y[%d] = %v", i, v)
		}
	}
	return nil
}

// Validate returns an error wrapping ErrInvalidInput if ls is nil or its
// A and Y fail the checks of NewLeastSquares. LeastSquares has exported
// fields, so a value need not come from NewLeastSquares: a mismatched or
// non-finite A or Y would otherwise panic in an inner loop or surface as a
// misleading divergence. The check costs one pass over A.
func (ls *LeastSquares) Validate() error {
	if ls == nil {
		return invalid("", "least-squares problem is nil")
	}
	if err := checkLeastSquares(ls.A, ls.Y); err != nil {
		return invalid("", "least-squares problem: %w", err)
	}
	return nil
}

// Dims returns the number of samples n and the dimension d of x.
func (ls *LeastSquares) Dims() (n, d int) { return ls.A.Dims() }

// row returns the i-th row aᵢ of A as a slice into the matrix data.
func (ls *LeastSquares) row(i int) []float64 {
	raw := ls.A.RawMatrix()
	return raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
}

// Residual writes r = Ax − y into dst (length n) and returns ½‖r‖² = L(x).
func (ls *LeastSquares) Residual(dst, x []float64) float64 {
	n, d := ls.Dims()
	if len(dst) != n || len(x) != d {
		panic("implicitbias: LeastSquares.Residual: length mismatch")
	}
	ls.residual(dst, x)
	return floats.Dot(dst, dst) / 2
}

// residual writes Ax − y into dst with one matrix-vector product.
func (ls *LeastSquares) residual(dst, x []float64) {
	yv := ls.Y.RawVector()
	for i := range dst {
		dst[i] = yv.Data[i*yv.Inc]
	}
	raw := ls.A.RawMatrix()
	linalg.Gemv(raw.Rows, raw.Cols, 1, raw.Data, raw.Stride, x, -1, dst)
}

// residualGrad writes r = Ax − y into r (length n) and alpha·Aᵀr into dst
// (length d) with one pass over A.
func (ls *LeastSquares) residualGrad(dst, r, x []float64, alpha float64) {
	raw := ls.A.RawMatrix()
	yv := ls.Y.RawVector()
	if yv.Inc != 1 {
		ls.residual(r, x)
		ls.gradT(dst, alpha, r)
		return
	}
	linalg.ResidualGrad(raw.Rows, raw.Cols, raw.Data, raw.Stride, x, yv.Data, alpha, r, dst)
}

// gradT writes alpha·Aᵀr into dst (length d) with one matrix-vector product.
func (ls *LeastSquares) gradT(dst []float64, alpha float64, r []float64) {
	raw := ls.A.RawMatrix()
	linalg.GemvT(raw.Rows, raw.Cols, alpha, raw.Data, raw.Stride, r, dst)
}

// Eval returns L(x) = ½‖Ax − y‖² and the residual norm ‖Ax − y‖, leaving
// the residual Ax − y in work (length n).
func (ls *LeastSquares) Eval(work, x []float64) (loss, residual float64) {
	loss = ls.Residual(work, x)
	return loss, math.Sqrt(2 * loss)
}

// EvalGrad writes ∇L(x) = Aᵀ(Ax − y) into dst (length d) and returns L(x)
// and ‖Ax − y‖, leaving the residual in work (length n). It makes one pass
// over A.
func (ls *LeastSquares) EvalGrad(dst, work, x []float64) (loss, residual float64) {
	loss = ls.Grad(dst, work, x)
	return loss, math.Sqrt(2 * loss)
}

// Loss returns L(x) = ½‖Ax − y‖², using work (length n) as scratch space.
func (ls *LeastSquares) Loss(work, x []float64) float64 { return ls.Residual(work, x) }

// Grad writes ∇L(x) = Aᵀ(Ax − y) into dst (length d), leaves the residual
// Ax − y in r (length n) and returns L(x).
func (ls *LeastSquares) Grad(dst, r, x []float64) float64 {
	n, d := ls.Dims()
	if len(dst) != d || len(r) != n || len(x) != d {
		panic("implicitbias: LeastSquares.Grad: length mismatch")
	}
	ls.residualGrad(dst, r, x, 1)
	return floats.Dot(r, r) / 2
}

// SampleResidual returns aᵢᵀx − yᵢ, so that Lᵢ(x) is half its square.
func (ls *LeastSquares) SampleResidual(i int, x []float64) float64 {
	return dot(ls.row(i), x) - ls.Y.AtVec(i)
}

// SampleGrad writes ∇Lᵢ(x) = (aᵢᵀx − yᵢ)·aᵢ into dst and returns Lᵢ(x).
func (ls *LeastSquares) SampleGrad(dst []float64, i int, x []float64) float64 {
	a := ls.row(i)
	if len(dst) != len(a) || len(x) != len(a) {
		panic("implicitbias: LeastSquares.SampleGrad: length mismatch")
	}
	ri := dot(a, x) - ls.Y.AtVec(i)
	for j, aj := range a {
		dst[j] = ri * aj
	}
	return ri * ri / 2
}

// BatchGrad writes the mini-batch gradient (1/|B|)·Σ_{i∈B} ∇Lᵢ(x) into dst,
// the mean over the samples in batch, and returns the mean loss
// (1/|B|)·Σ_{i∈B} Lᵢ(x). A batch of one sample i gives ∇Lᵢ; the batch of all
// n samples gives ∇L/n, the mean, not ∇L (full-batch mirror descent uses ∇L,
// see DescentSettings). It returns the largest |aᵢᵀx − yᵢ| in the batch
// as well, which descent methods use to detect divergence cheaply.
func (ls *LeastSquares) BatchGrad(dst []float64, batch []int, x []float64) (meanLoss, maxAbsResidual float64) {
	_, d := ls.Dims()
	if len(dst) != d || len(x) != d || len(batch) == 0 {
		panic("implicitbias: LeastSquares.BatchGrad: length mismatch or empty batch")
	}
	for j := range dst {
		dst[j] = 0
	}
	scale := 1 / float64(len(batch))
	for _, i := range batch {
		a := ls.row(i)
		ri := dot(a, x) - ls.Y.AtVec(i)
		meanLoss += ri * ri / 2
		if math.Abs(ri) > maxAbsResidual || math.IsNaN(ri) {
			maxAbsResidual = math.Abs(ri)
		}
		axpy(dst, scale*ri, a)
	}
	return meanLoss * scale, maxAbsResidual
}

// dot returns aᵀb (gonum's assembly kernel).
func dot(a, b []float64) float64 { return floats.Dot(a, b) }

// axpy adds alpha·a to dst (gonum's assembly kernel).
func axpy(dst []float64, alpha float64, a []float64) { floats.AddScaled(dst, alpha, a) }

// Smoothness returns λmax(AᵀA) = σ₁(A)², the smoothness constant of L:
// ‖∇L(x) − ∇L(z)‖ ≤ λmax(AᵀA)·‖x − z‖. Full-batch gradient descent on L is
// stable exactly for steps η < 2/λmax(AᵀA), and 1/λmax(AᵀA) is the classical
// safe step. It returns an error wrapping ErrInvalidInput if ls is not valid
// (see Validate), and an error if the SVD of A fails to converge.
func (ls *LeastSquares) Smoothness() (float64, error) {
	if err := ls.Validate(); err != nil {
		return 0, err
	}
	var svd mat.SVD
	if !svd.Factorize(ls.A, mat.SVDNone) {
		return 0, fmt.Errorf("implicitbias: LeastSquares.Smoothness: the SVD of A did not converge")
	}
	s := svd.Values(nil)[0]
	return s * s, nil
}
