package implicitbias_test

import (
	"fmt"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// Gradient descent (mirror descent with the Euclidean potential) on an
// underdetermined least-squares problem converges to the interpolator
// nearest to its starting point.
func ExampleMirrorDescent() {
	A, _, y, err := planted.PlantedProblem(20, 50, 3, false, 1) // n = 20 equations, d = 50 unknowns
	if err != nil {
		log.Fatal(err)
	}
	ls, err := ib.NewLeastSquares(A, y)
	if err != nil {
		log.Fatal(err)
	}
	x0, err := planted.SparseVector(50, 50, false, 7) // a dense random start
	if err != nil {
		log.Fatal(err)
	}

	// Step 1/λmax(AᵀA), at most 2000 full-batch steps, stop at residual 1e-12.
	lmax, err := ls.Smoothness()
	if err != nil {
		log.Fatal(err)
	}
	res, err := ib.MirrorDescent(ib.Euclidean{}, ls, x0, ib.DescentSettings{Step: 1 / lmax, MaxIter: 2000, Tol: 1e-12})
	if err != nil {
		log.Fatal(err)
	}

	nearest, err := ib.NearestInterpolator(A, y, x0)
	if err != nil {
		log.Fatal(err)
	}
	var diff mat.VecDense
	diff.SubVec(res.X, nearest)
	fmt.Println("converged:", res.Converged)
	fmt.Println("‖x_T − x_nearest‖/‖x_nearest‖ < 1e-8:", mat.Norm(&diff, 2)/mat.Norm(nearest, 2) < 1e-8)
	// Output:
	// converged: true
	// ‖x_T − x_nearest‖/‖x_nearest‖ < 1e-8: true
}

// Stochastic mirror descent with the negative entropy, one sample at a time,
// converges to the interpolator closest to x0 in KL divergence — the
// Bregman projection that Project computes directly. A Recorder follows the
// KL divergence to the limit along the way.
func ExampleMirrorDescent_stochastic() {
	A, xStar, y, err := planted.PlantedProblem(10, 30, 3, true, 4)
	if err != nil {
		log.Fatal(err)
	}
	ls, err := ib.NewLeastSquares(A, y)
	if err != nil {
		log.Fatal(err)
	}
	x0 := mat.NewVecDense(30, nil)
	for j := 0; j < 30; j++ {
		x0.SetVec(j, 0.1)
	}
	proj, err := ib.Project(ib.NegEntropy{}, A, y, x0, nil)
	if err != nil {
		log.Fatal(err)
	}
	var maxRow float64
	for i := 0; i < 10; i++ {
		maxRow = math.Max(maxRow, mat.Dot(A.RowView(i), A.RowView(i)))
	}
	rec := &ib.Recorder{Every: 1000, Reference: proj.X}
	res, err := ib.MirrorDescent(ib.NegEntropy{}, ls, x0, ib.DescentSettings{
		Step:     0.5 / (maxRow * math.Max(1, mat.Norm(xStar, math.Inf(1)))),
		Batch:    1, // single sample, cyclic order
		Tol:      1e-10,
		MaxIter:  1000000,
		Recorder: rec,
	})
	if err != nil {
		log.Fatal(err)
	}
	var diff mat.VecDense
	diff.SubVec(res.X, proj.X)
	fmt.Println("converged:", res.Converged)
	fmt.Println("matches the KL projection to 1e-7:", mat.Norm(&diff, 2)/mat.Norm(proj.X, 2) < 1e-7)
	fmt.Printf("KL to the limit: %.1e at t = 0, < 1e-12 at the end: %v\n", rec.Bregman[0], rec.Bregman[rec.Len()-1] < 1e-12)
	// Output:
	// converged: true
	// matches the KL projection to 1e-7: true
	// KL to the limit: 3.0e+00 at t = 0, < 1e-12 at the end: true
}
