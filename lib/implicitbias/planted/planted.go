package planted

import (
	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/internal/plantgen"
)

// GaussianDesign returns an n×d matrix with independent N(0, 1/d) entries,
// so that E‖aᵢ‖² = 1 for every row aᵢ. The entries are drawn row by row from
// math/rand/v2's PCG generator seeded with (seed, a fixed stream), so the
// same (n, d, seed) gives the same matrix on every platform and Go version
// that keeps math/rand/v2's documented PCG and NormFloat64 algorithms.
// It returns an error wrapping implicitbias.ErrInvalidInput and naming n or
// d if either is not positive or if n·d exceeds 1<<28 entries.
func GaussianDesign(n, d int, seed uint64) (*mat.Dense, error) {
	return plantgen.GaussianDesign(n, d, seed)
}

// SparseVector returns a k-sparse vector of length d: k distinct coordinates
// chosen uniformly at random carry magnitudes uniform in [0.5, 1.5] (bounded
// away from zero, so that the support is unambiguous) with random signs, or
// positive signs when nonnegative is true; the other entries are 0. It is
// seeded like GaussianDesign (with another stream). It returns an error
// naming d or k (wrapping implicitbias.ErrInvalidInput) unless
// 0 < d ≤ 1<<28 and 0 ≤ k ≤ d.
func SparseVector(d, k int, nonnegative bool, seed uint64) (*mat.VecDense, error) {
	return plantgen.SparseVector(d, k, nonnegative, seed)
}

// PlantedProblem returns the noiseless sparse-recovery problem of the
// course: A = GaussianDesign(n, d, seed), xStar = SparseVector(d, k,
// nonnegative, seed) and y = A·xStar, so that xStar interpolates. Errors
// name the bad dimension.
func PlantedProblem(n, d, k int, nonnegative bool, seed uint64) (A *mat.Dense, xStar, y *mat.VecDense, err error) {
	return plantgen.PlantedProblem(n, d, k, nonnegative, seed)
}
