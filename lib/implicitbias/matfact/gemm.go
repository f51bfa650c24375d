package matfact

import (
	"runtime"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// tile is the largest C tile handed to one blas64.Gemm call on the pure-Go
// backend: gonum's Dgemm computes a product of at most 64×64 (one block)
// serially, while larger ones start goroutines and allocate on every call.
const tile = 64

// multiplier computes matrix products for one GD run without allocating:
// on the pure-Go backend it splits C into row bands, one per worker, and
// each band into ≤ 64×64 tiles; a persistent helper goroutine takes the
// second band. With OpenBLAS (build tag openblas) every product is one
// Dgemm call and OpenBLAS does its own threading.
type multiplier struct {
	tasks chan gemmTask
	done  chan struct{}
}

type gemmTask struct {
	ta, tb  bool
	a, b, c blas64.General
}

// newMultiplier starts the helper when the pure-Go backend runs on more
// than one processor; close stops it.
func newMultiplier() *multiplier {
	m := &multiplier{}
	if nativeBLAS && runtime.GOMAXPROCS(0) > 1 {
		m.tasks = make(chan gemmTask)
		m.done = make(chan struct{})
		go func() {
			for t := range m.tasks {
				tiledGemm(t.ta, t.a, t.tb, t.b, t.c)
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
	if !nativeBLAS {
		blas64.Gemm(trans(ta), trans(tb), 1, ra, rb, 0, rc)
		return
	}
	if m == nil || m.tasks == nil || rc.Rows < 2*16 || rc.Rows*rc.Cols < 2*tile*tile/4 {
		tiledGemm(ta, ra, tb, rb, rc)
		return
	}
	// Two row bands: the helper takes the lower one.
	h := rc.Rows / 2
	lo := gemmTask{ta: ta, tb: tb, a: rowsOf(ra, ta, h, rc.Rows), b: rb, c: subRows(rc, h, rc.Rows)}
	m.tasks <- lo
	tiledGemm(ta, rowsOf(ra, ta, 0, h), tb, rb, subRows(rc, 0, h))
	<-m.done
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

// colsOf returns the columns [c0, c1) of op(b).
func colsOf(b blas64.General, tb bool, c0, c1 int) blas64.General {
	if tb {
		return subRows(b, c0, c1)
	}
	return subCols(b, c0, c1)
}

// tiledGemm sets c = op(a)·op(b) tile by tile; each c_ij is still summed
// over the whole inner dimension in one call, as in an untiled product.
func tiledGemm(ta bool, a blas64.General, tb bool, b blas64.General, c blas64.General) {
	for i := 0; i < c.Rows; i += tile {
		i1 := min(i+tile, c.Rows)
		ai := rowsOf(a, ta, i, i1)
		ci := subRows(c, i, i1)
		for j := 0; j < c.Cols; j += tile {
			j1 := min(j+tile, c.Cols)
			blas64.Gemm(trans(ta), trans(tb), 1, ai, colsOf(b, tb, j, j1), 0, subCols(ci, j, j1))
		}
	}
}
