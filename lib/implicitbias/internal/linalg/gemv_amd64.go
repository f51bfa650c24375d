//go:build amd64 && !purego

package linalg

import "golang.org/x/sys/cpu"

// useAsm reports whether the AVX2+FMA assembly kernels are in use.
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// gemvNAVX computes y ← α·A·x + β·y for n, d ≥ 1 (AVX2+FMA).
//
//go:noescape
func gemvNAVX(n, d int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64)

// gemvTAVX computes y ← y + α·Aᵀ·x for n, d ≥ 1 (AVX2+FMA).
//
//go:noescape
func gemvTAVX(n, d int, alpha float64, a []float64, lda int, x []float64, y []float64)

func gemvN(n, d int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
	if useAsm {
		gemvNAVX(n, d, alpha, a, lda, x, beta, y)
		return
	}
	gemvNRef(n, d, alpha, a, lda, x, beta, y)
}

func gemvT(n, d int, alpha float64, a []float64, lda int, x []float64, y []float64) {
	if useAsm {
		gemvTAVX(n, d, alpha, a, lda, x, y)
		return
	}
	gemvTRef(n, d, alpha, a, lda, x, y)
}

// residualGradAVX computes r ← A·x − y and g ← g + α·Aᵀr for n, d ≥ 1 in
// one pass over A (AVX2+FMA).
//
//go:noescape
func residualGradAVX(n, d int, a []float64, lda int, x, y []float64, alpha float64, r, g []float64)

func residualGrad(n, d int, a []float64, lda int, x, y []float64, alpha float64, r, g []float64) {
	if useAsm {
		residualGradAVX(n, d, a, lda, x, y, alpha, r, g)
		return
	}
	residualGradRef(n, d, a, lda, x, y, alpha, r, g)
}
