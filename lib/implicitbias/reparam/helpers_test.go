package reparam

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// maxRelRowDiff returns max_k ‖X_k − Y_k‖∞ / ‖Y_k‖∞ over the rows.
func maxRelRowDiff(X, Y *mat.Dense) float64 {
	r, _ := X.Dims()
	var worst float64
	for k := 0; k < r; k++ {
		x, y := X.RawRowView(k), Y.RawRowView(k)
		diff := make([]float64, len(x))
		floats.SubTo(diff, x, y)
		worst = math.Max(worst, floats.Norm(diff, math.Inf(1))/floats.Norm(y, math.Inf(1)))
	}
	return worst
}

// relDist returns ‖x − z‖₂/‖z‖₂.
func relDist(x, z *mat.VecDense) float64 {
	var diff mat.VecDense
	diff.SubVec(x, z)
	return mat.Norm(&diff, 2) / mat.Norm(z, 2)
}

// flowProblem is the course's default problem (d = 50, n = 20, 3-sparse x*).
func flowProblem(t *testing.T) (*mat.Dense, *mat.VecDense, *ib.LeastSquares) {
	t.Helper()
	A, _, y, err := planted.PlantedProblem(20, 50, 3, false, 1)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := ib.NewLeastSquares(A, y)
	if err != nil {
		t.Fatal(err)
	}
	return A, y, ls
}
