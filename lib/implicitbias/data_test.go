package implicitbias

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	planted "github.com/implicitbias/course/lib/implicitbias/internal/plantgen"
)

// plantedLS returns planted.PlantedProblem(n, d, k, nonnegative, seed) and
// its least-squares problem, failing the test on an error.
func plantedLS(tb testing.TB, n, d, k int, nonnegative bool, seed uint64) (*mat.Dense, *mat.VecDense, *mat.VecDense, *LeastSquares) {
	tb.Helper()
	A, xStar, y, err := planted.PlantedProblem(n, d, k, nonnegative, seed)
	if err != nil {
		tb.Fatal(err)
	}
	ls, err := NewLeastSquares(A, y)
	if err != nil {
		tb.Fatal(err)
	}
	return A, xStar, y, ls
}
