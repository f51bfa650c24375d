package spectral

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// svdWork holds the buffers of one thin SVD X = U diag(σ) Vᵀ of a row-major
// r×c matrix, k = min(r, c), and of the reconstruction U diag(h) Vᵀ. The
// LAPACK work space is sized once, so that factorising allocates nothing.
type svdWork struct {
	r, c, k int
	a       []float64 // r×c copy of the input (overwritten by LAPACK)
	u       []float64 // r×k, columns uᵢ
	vt      []float64 // k×c, rows vᵢᵀ
	s, h    []float64 // k singular values (descending), k scaled values
	tmp     []float64 // r×k, U diag(h)
	work    []float64
}

func newSVDWork(r, c int) *svdWork {
	k := min(r, c)
	w := &svdWork{
		r: r, c: c, k: k,
		a: make([]float64, r*c), u: make([]float64, r*k), vt: make([]float64, k*c),
		s: make([]float64, k), h: make([]float64, k), tmp: make([]float64, r*k),
	}
	q := []float64{0}
	lapack64.Gesvd(lapack.SVDStore, lapack.SVDStore, w.gen(w.a, r, c), w.gen(w.u, r, k), w.gen(w.vt, k, c), w.s, q, -1)
	w.work = make([]float64, int(q[0]))
	return w
}

func (w *svdWork) gen(d []float64, r, c int) blas64.General {
	return blas64.General{Rows: r, Cols: c, Stride: c, Data: d}
}

// factor computes the thin SVD of the row-major matrix x. It reports false
// if LAPACK did not converge (or x is not finite).
func (w *svdWork) factor(x []float64) bool {
	copy(w.a, x)
	return lapack64.Gesvd(lapack.SVDStore, lapack.SVDStore, w.gen(w.a, w.r, w.c),
		w.gen(w.u, w.r, w.k), w.gen(w.vt, w.k, w.c), w.s, w.work, len(w.work))
}

// compose writes U diag(w.h) Vᵀ into dst.
func (w *svdWork) compose(dst []float64) {
	for i := range w.r {
		row := w.u[i*w.k : (i+1)*w.k]
		t := w.tmp[i*w.k : (i+1)*w.k]
		for l, v := range row {
			t[l] = v * w.h[l]
		}
	}
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, w.gen(w.tmp, w.r, w.k), w.gen(w.vt, w.k, w.c), 0, w.gen(dst, w.r, w.c))
}
