package linalg

// Gemv computes y ← α·A·x + β·y, where A is the n×d row-major matrix whose
// row i is a[i*lda : i*lda+d]. x must hold at least d and y at least n
// elements; only x[:d] and y[:n] are used. When β = 0, y is not read (NaN
// or Inf in y do not propagate). y must not overlap a or x. Bad dimensions
// are programmer errors and panic.
func Gemv(n, d int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
	checkDims("Gemv", n, d, a, lda, len(x), len(y))
	if n == 0 {
		return
	}
	if beta == 0 {
		clear(y[:n])
	}
	if d == 0 {
		scale(y[:n], beta)
		return
	}
	gemvN(n, d, alpha, a, lda, x, beta, y)
}

// GemvT computes y ← α·Aᵀ·x = Σᵢ α·xᵢ·aᵢ, where A is the n×d row-major
// matrix whose row i is aᵢ = a[i*lda : i*lda+d]. x must hold at least n and
// y at least d elements; only x[:n] and y[:d] are used, and the old y[:d]
// is overwritten without being read. y must not overlap a or x. Bad
// dimensions are programmer errors and panic.
func GemvT(n, d int, alpha float64, a []float64, lda int, x []float64, y []float64) {
	checkDims("GemvT", n, d, a, lda, len(y), len(x))
	clear(y[:d])
	if n == 0 || d == 0 {
		return
	}
	gemvT(n, d, alpha, a, lda, x, y)
}

// checkDims panics unless a holds an n×d matrix with row stride lda, the
// vector indexed by columns has lenD ≥ d and the one indexed by rows
// lenN ≥ n elements.
func checkDims(name string, n, d int, a []float64, lda, lenD, lenN int) {
	if n < 0 || d < 0 || lda < max(1, d) {
		panic("linalg: " + name + ": bad dimensions or stride")
	}
	if lenD < d || lenN < n {
		panic("linalg: " + name + ": vector too short")
	}
	if n > 0 && d > 0 && len(a) < (n-1)*lda+d {
		panic("linalg: " + name + ": matrix data too short")
	}
}

// scale multiplies y by beta; beta = 0 has already cleared y.
func scale(y []float64, beta float64) {
	if beta == 0 || beta == 1 {
		return
	}
	for i := range y {
		y[i] *= beta
	}
}

// ResidualGrad computes the residual r ← A·x − y and the scaled gradient
// g ← α·Aᵀr of ½‖Ax − y‖² in a single pass over the n×d row-major matrix A
// (row i is a[i*lda : i*lda+d]): each block of rows is used for its
// residuals and then, while still in cache, for its share of g. The result
// equals Gemv followed by GemvT up to rounding. x and g must hold at least
// d, y and r at least n elements; r and g are overwritten without being
// read and must not overlap each other, a, x or y. Bad dimensions are
// programmer errors and panic.
func ResidualGrad(n, d int, a []float64, lda int, x, y []float64, alpha float64, r, g []float64) {
	checkDims("ResidualGrad", n, d, a, lda, min(len(x), len(g)), min(len(y), len(r)))
	clear(g[:d])
	if n == 0 {
		return
	}
	if d == 0 {
		for i := range n {
			r[i] = -y[i]
		}
		return
	}
	residualGrad(n, d, a, lda, x, y, alpha, r, g)
}
