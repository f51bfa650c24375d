package ode

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// denseLU is a preallocated LU factorisation with partial pivoting,
// P A = L U, of a square row-major matrix, for solving many systems with
// the same matrix without allocating. Unlike mat.LU it computes no
// condition-number estimate.
type denseLU struct {
	n    int
	a    blas64.General // A on input to factorize; L (unit lower) and U after
	ipiv []int          // row i was interchanged with row ipiv[i] (LAPACK order)
}

func newDenseLU(n int) *denseLU {
	return &denseLU{
		n:    n,
		a:    blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)},
		ipiv: make([]int, n),
	}
}

// factorize overwrites the matrix stored in lu.a.Data with its LU factors
// (LAPACK Getrf). It reports false if a pivot is exactly zero.
func (lu *denseLU) factorize() bool {
	return lapack64.Getrf(lu.a, lu.ipiv)
}

// solve overwrites x with A⁻¹x. The triangular solves use unit-stride dot
// products over the rows of L and U; they are about twice as fast as
// blas64.Trsv and much faster than Getrs, whose Trsm path is slow for a
// single right-hand side.
func (lu *denseLU) solve(x []float64) {
	n, a := lu.n, lu.a.Data
	x = x[:n]
	for i, p := range lu.ipiv {
		if p != i {
			x[i], x[p] = x[p], x[i]
		}
	}
	for i := 1; i < n; i++ {
		x[i] -= dot(a[i*n:i*n+i], x[:i])
	}
	for i := n - 1; i >= 0; i-- {
		x[i] = (x[i] - dot(a[i*n+i+1:i*n+n], x[i+1:])) / a[i*n+i]
	}
}

// dot returns Σ a_j x_j with four partial sums (len(x) ≥ len(a)), which
// breaks the dependency chain of a single accumulator.
func dot(a, x []float64) float64 {
	x = x[:len(a)]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+3 < len(a); j += 4 {
		s0 += a[j] * x[j]
		s1 += a[j+1] * x[j+1]
		s2 += a[j+2] * x[j+2]
		s3 += a[j+3] * x[j+3]
	}
	for ; j < len(a); j++ {
		s0 += a[j] * x[j]
	}
	return (s0 + s1) + (s2 + s3)
}
