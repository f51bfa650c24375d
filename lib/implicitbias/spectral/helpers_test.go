package spectral

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias"
)

// orthonormal returns an n×k matrix with orthonormal columns (QR of a
// Gaussian matrix).
func orthonormal(rng *rand.Rand, n, k int) *mat.Dense {
	g := mat.NewDense(n, k, nil)
	for i := range n {
		for j := range k {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	return mat.DenseCopyOf(q.Slice(0, n, 0, k))
}

// withSingularValues returns the row-major r×c matrix U diag(s) Vᵀ with
// random singular vectors.
func withSingularValues(rng *rand.Rand, r, c int, s []float64) []float64 {
	k := min(r, c)
	U, V := orthonormal(rng, r, k), orthonormal(rng, c, k)
	for j := range k {
		for i := range r {
			U.Set(i, j, U.At(i, j)*s[j])
		}
	}
	var W mat.Dense
	W.Mul(U, V.T())
	return append([]float64(nil), W.RawMatrix().Data...)
}

func gaussian(rng *rand.Rand, n int, scale float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = scale * rng.NormFloat64()
	}
	return x
}

func relDiff(a, b []float64) float64 {
	var num, den float64
	for i := range a {
		num += (a[i] - b[i]) * (a[i] - b[i])
		den += b[i] * b[i]
	}
	if den == 0 {
		return math.Sqrt(num)
	}
	return math.Sqrt(num / den)
}

// matPot is a matrix potential of this package.
type matPot interface {
	implicitbias.Potential
	Shape() (int, int)
}
