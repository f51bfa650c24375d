// Package plantgen holds the generators of package planted without its
// dependencies, so that the tests of package implicitbias (which planted
// imports) can draw the same seeded problems. Use package planted.
package plantgen

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// maxBuffer bounds the number of float64s of one generated matrix or vector
// (2 GiB); larger sizes are refused instead of exhausting memory.
const maxBuffer = 1 << 28

// Streams of the PCG generator used by the data generators, so that the
// design and the planted vector of one seed are independent.
const (
	streamDesign uint64 = 0x64657369676e // "design"
	streamSparse uint64 = 0x737061727365 // "sparse"
)

// GaussianDesign returns an n×d matrix with independent N(0, 1/d) entries,
// so that E‖aᵢ‖² = 1 for every row aᵢ. The entries are drawn row by row from
// math/rand/v2's PCG generator seeded with (seed, a fixed stream), so the
// same (n, d, seed) gives the same matrix on every platform and Go version
// that keeps math/rand/v2's documented PCG and NormFloat64 algorithms.
// It returns an error wrapping implicitbias.ErrInvalidInput and naming n or
// d if either is not positive or if n·d exceeds 1<<28 entries.
func GaussianDesign(n, d int, seed uint64) (*mat.Dense, error) {
	const op = "GaussianDesign"
	if n <= 0 {
		return nil, failure.Invalid(op, "rows n = %d, must be positive", n)
	}
	if d <= 0 {
		return nil, failure.Invalid(op, "columns d = %d, must be positive", d)
	}
	if n > maxBuffer/d { // n·d > maxBuffer, without overflowing n·d
		return nil, failure.Invalid(op, "n×d = %d×%d entries exceed the %d one matrix may hold", n, d, maxBuffer)
	}
	rng := rand.New(rand.NewPCG(seed, streamDesign))
	s := 1 / math.Sqrt(float64(d))
	data := make([]float64, n*d)
	for i := range data {
		data[i] = s * rng.NormFloat64()
	}
	return mat.NewDense(n, d, data), nil
}

// SparseVector returns a k-sparse vector of length d: k distinct coordinates
// chosen uniformly at random carry magnitudes uniform in [0.5, 1.5] (bounded
// away from zero, so that the support is unambiguous) with random signs, or
// positive signs when nonnegative is true; the other entries are 0. It is
// seeded like GaussianDesign (with another stream). It returns an error
// naming d or k (wrapping implicitbias.ErrInvalidInput) unless
// 0 < d ≤ 1<<28 and 0 ≤ k ≤ d.
func SparseVector(d, k int, nonnegative bool, seed uint64) (*mat.VecDense, error) {
	const op = "SparseVector"
	if d <= 0 || d > maxBuffer {
		return nil, failure.Invalid(op, "length d = %d, must be in [1, %d]", d, maxBuffer)
	}
	if k < 0 || k > d {
		return nil, failure.Invalid(op, "sparsity k = %d, must be in [0, d=%d]", k, d)
	}
	rng := rand.New(rand.NewPCG(seed, streamSparse))
	x := mat.NewVecDense(d, nil)
	for _, j := range rng.Perm(d)[:k] {
		v := 0.5 + rng.Float64()
		if !nonnegative && rng.IntN(2) == 0 {
			v = -v
		}
		x.SetVec(j, v)
	}
	return x, nil
}

// PlantedProblem returns the noiseless sparse-recovery problem of the
// course: A = GaussianDesign(n, d, seed), xStar = SparseVector(d, k,
// nonnegative, seed) and y = A·xStar, so that xStar interpolates. Errors
// name the bad dimension.
func PlantedProblem(n, d, k int, nonnegative bool, seed uint64) (A *mat.Dense, xStar, y *mat.VecDense, err error) {
	if A, err = GaussianDesign(n, d, seed); err != nil {
		return nil, nil, nil, err
	}
	if xStar, err = SparseVector(d, k, nonnegative, seed); err != nil {
		return nil, nil, nil, err
	}
	y = mat.NewVecDense(n, nil)
	y.MulVec(A, xStar)
	return A, xStar, y, nil
}
