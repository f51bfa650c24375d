//go:build !amd64 || purego

package linalg

// useAsm reports whether the assembly kernels are in use (never, here).
const useAsm = false

func gemvN(n, d int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
	gemvNRef(n, d, alpha, a, lda, x, beta, y)
}

func gemvT(n, d int, alpha float64, a []float64, lda int, x []float64, y []float64) {
	gemvTRef(n, d, alpha, a, lda, x, y)
}

func residualGrad(n, d int, a []float64, lda int, x, y []float64, alpha float64, r, g []float64) {
	residualGradRef(n, d, a, lda, x, y, alpha, r, g)
}
