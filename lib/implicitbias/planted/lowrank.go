package planted

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Streams of the PCG generator for the matrix generators, distinct from the
// vector generators' streams so that one seed gives independent draws.
const (
	streamLowRank uint64 = 0x6c6f7772616e6b // "lowrank"
	streamMask    uint64 = 0x6d61736b       // "mask"
)

// LowRank returns a planted rows×cols matrix of rank `rank` with spectral
// norm 1: M = UVᵀ/σ₁(UVᵀ) with U (rows×rank) and V (cols×rank) independent
// standard Gaussian, drawn (U first, row by row, then V) from math/rand/v2's
// PCG generator seeded with (seed, a fixed stream). The singular vectors
// are uniformly distributed and the ratio σ_rank/σ₁ is that of a Gaussian
// product, moderate for rank ≪ min(rows, cols). It returns an error
// wrapping implicitbias.ErrInvalidInput unless rows, cols > 0,
// 1 ≤ rank ≤ min(rows, cols) and rows·cols ≤ 1<<28.
func LowRank(rows, cols, rank int, seed uint64) (*mat.Dense, error) {
	const op = "LowRank"
	if rows <= 0 || cols <= 0 {
		return nil, invalidInput(op, "shape %d×%d, rows and cols must be positive", rows, cols)
	}
	if rows > maxBuffer/cols {
		return nil, invalidInput(op, "rows×cols = %d×%d entries exceed the %d one matrix may hold", rows, cols, maxBuffer)
	}
	if rank < 1 || rank > min(rows, cols) {
		return nil, invalidInput(op, "rank = %d, must be in [1, min(rows, cols) = %d]", rank, min(rows, cols))
	}
	rng := rand.New(rand.NewPCG(seed, streamLowRank))
	gauss := func(r, c int) *mat.Dense {
		d := make([]float64, r*c)
		for i := range d {
			d[i] = rng.NormFloat64()
		}
		return mat.NewDense(r, c, d)
	}
	U := gauss(rows, rank)
	V := gauss(cols, rank)
	M := mat.NewDense(rows, cols, nil)
	M.Mul(U, V.T())
	var svd mat.SVD
	if !svd.Factorize(M, mat.SVDNone) {
		return nil, invalidInput(op, "the SVD of the planted matrix failed")
	}
	M.Scale(1/svd.Values(nil)[0], M)
	return M, nil
}
