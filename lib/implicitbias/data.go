package implicitbias

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

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
// It returns an error naming n or d if either is not positive.
func GaussianDesign(n, d int, seed uint64) (*mat.Dense, error) {
	if n <= 0 {
		return nil, fmt.Errorf("implicitbias: GaussianDesign: rows n = %d, must be positive", n)
	}
	if d <= 0 {
		return nil, fmt.Errorf("implicitbias: GaussianDesign: columns d = %d, must be positive", d)
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
// naming d or k unless d > 0 and 0 ≤ k ≤ d.
func SparseVector(d, k int, nonnegative bool, seed uint64) (*mat.VecDense, error) {
	if d <= 0 {
		return nil, fmt.Errorf("implicitbias: SparseVector: length d = %d, must be positive", d)
	}
	if k < 0 || k > d {
		return nil, fmt.Errorf("implicitbias: SparseVector: sparsity k = %d, must be in [0, d=%d]", k, d)
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
