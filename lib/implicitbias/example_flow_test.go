package implicitbias_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// The mirror flow of the hyperbolic entropy ψ_α ends at the
// ψ_α-projection of its start onto {Ax = y}, which Project computes
// independently.
func ExampleMirrorFlow() {
	A, _, y, err := planted.PlantedProblem(20, 50, 3, false, 1)
	if err != nil {
		log.Fatal(err)
	}
	ls, err := ib.NewLeastSquares(A, y)
	if err != nil {
		log.Fatal(err)
	}
	psi, err := ib.NewHypentropy(0.1)
	if err != nil {
		log.Fatal(err)
	}
	x0 := mat.NewVecDense(50, nil)
	tr, err := ib.MirrorFlow(psi, ls, x0, ib.FlowSettings{T: 500})
	if err != nil {
		log.Fatal(err)
	}
	proj, err := ib.Project(psi, A, y, x0, nil)
	if err != nil {
		log.Fatal(err)
	}
	var diff mat.VecDense
	diff.SubVec(tr.Final, proj.X)
	fmt.Println("residual at t = 500 below 1e-8:", tr.Residual < 1e-8)
	fmt.Println("limit = projection to 1e-6:", mat.Norm(&diff, 2)/mat.Norm(proj.X, 2) < 1e-6)
	// Output:
	// residual at t = 500 below 1e-8: true
	// limit = projection to 1e-6: true
}
