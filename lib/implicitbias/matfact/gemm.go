package matfact

import (
	"runtime"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/internal/linalg"
)

// multiplier computes matrix products for one GD run without allocating.
// With a helper (GD on more than one processor) it splits C into two row
// bands and a persistent helper goroutine takes the second. On the pure-Go
// backend each row of C is one matrix–vector product by the library's
// AVX2/FMA kernels (internal/linalg; gonum's Dgemm would start goroutines
// and allocate for products above 64×64, and its SSE2 kernels are about half
// as fast here); with OpenBLAS (build tag openblas) each band is one Dgemm.
type multiplier struct {
	tasks   chan gemmTask
	done    chan struct{}
	scratch []float64 // a column of a transposed left factor
}

type gemmTask struct {
	ta, tb  bool
	a, b, c blas64.General
}

// newMultiplier starts the helper when more than one processor is
// available; close stops it.
func newMultiplier() *multiplier {
	m := &multiplier{}
	if runtime.GOMAXPROCS(0) > 1 {
		m.tasks = make(chan gemmTask)
		m.done = make(chan struct{})
		go func() {
			var scratch []float64
			for t := range m.tasks {
				scratch = bandGemm(t.ta, t.a, t.tb, t.b, t.c, scratch)
				m.done <- struct{}{}
			}
		}()
	}
	return m
}

func (m *multiplier) close() {
	if m != nil && m.tasks != nil {
		close(m.tasks)
		m.tasks = nil
	}
}

// gemm sets c = op(a)·op(b) (op transposes when the flag is set) on the
// raw storage: no interface boxing as with mat.Dense.Mul(a.T(), …), and no
// allocation.
func (m *multiplier) gemm(ta bool, a *mat.Dense, tb bool, b *mat.Dense, c *mat.Dense) {
	ra, rb, rc := a.RawMatrix(), b.RawMatrix(), c.RawMatrix()
	if m.tasks == nil || rc.Rows < 32 || rc.Rows*rc.Cols < 2048 {
		m.scratch = bandGemm(ta, ra, tb, rb, rc, m.scratch)
		return
	}
	// Two row bands: the helper takes the lower one.
	h := rc.Rows / 2
	m.tasks <- gemmTask{ta: ta, tb: tb, a: rowsOf(ra, ta, h, rc.Rows), b: rb, c: subRows(rc, h, rc.Rows)}
	m.scratch = bandGemm(ta, rowsOf(ra, ta, 0, h), tb, rb, subRows(rc, 0, h), m.scratch)
	<-m.done
}

// bandGemm sets c = op(a)·op(b) and returns scratch, grown if needed (once
// per run: the inner dimension does not change).
func bandGemm(ta bool, a blas64.General, tb bool, b blas64.General, c blas64.General, scratch []float64) []float64 {
	if !nativeBLAS {
		blas64.Gemm(trans(ta), trans(tb), 1, a, b, 0, c)
		return scratch
	}
	k := a.Cols
	if ta {
		k = a.Rows
	}
	if ta && cap(scratch) < k {
		scratch = make([]float64, k)
	}
	for i := 0; i < c.Rows; i++ {
		ci := c.Data[i*c.Stride : i*c.Stride+c.Cols]
		var ai []float64
		if ta { // row i of aᵀ is column i of a (k×rows(c))
			ai = scratch[:k]
			for l := range ai {
				ai[l] = a.Data[l*a.Stride+i]
			}
		} else {
			ai = a.Data[i*a.Stride : i*a.Stride+k]
		}
		if tb { // c_i = b·a_i with b of size cols(c)×k
			linalg.Gemv(b.Rows, b.Cols, 1, b.Data, b.Stride, ai, 0, ci)
		} else { // c_i = bᵀ·a_i with b of size k×cols(c)
			linalg.GemvT(b.Rows, b.Cols, 1, b.Data, b.Stride, ai, ci)
		}
	}
	return scratch
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// subRows returns rows [r0, r1) of g.
func subRows(g blas64.General, r0, r1 int) blas64.General {
	return blas64.General{Rows: r1 - r0, Cols: g.Cols, Stride: g.Stride, Data: g.Data[r0*g.Stride:]}
}

// subCols returns columns [c0, c1) of g.
func subCols(g blas64.General, c0, c1 int) blas64.General {
	return blas64.General{Rows: g.Rows, Cols: c1 - c0, Stride: g.Stride, Data: g.Data[c0:]}
}

// rowsOf returns the rows [r0, r1) of op(a) as a slice of a: rows of a, or
// columns of a when a is transposed.
func rowsOf(a blas64.General, ta bool, r0, r1 int) blas64.General {
	if ta {
		return subCols(a, r0, r1)
	}
	return subRows(a, r0, r1)
}
