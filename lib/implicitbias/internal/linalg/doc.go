// Package linalg holds the two dense matrix-vector kernels that the
// full-batch inner loops of package implicitbias spend their time in:
//
//	Gemv:  y ← α·A·x + β·y   (one dot product per row of A)
//	GemvT: y ← α·Aᵀ·x        (a sum of scaled rows of A)
//
// A is an n×d row-major matrix with row stride lda (the layout of
// mat.Dense's RawMatrix), x and y are unit-stride slices. On amd64 CPUs with
// AVX2 and FMA the kernels are Go assembly (4-wide fused multiply-adds over
// four rows at a time, masked loads and stores for the d mod 4 tail);
// elsewhere, or with the purego build tag, they are plain Go loops. The
// assembly sums in a different order than the Go loops, so results agree
// to rounding (a few units in the last place of Σ|terms|), not bitwise.
package linalg
