package planted_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// A planted sparse-recovery problem: 20 Gaussian equations in 50 unknowns
// whose right-hand side comes from a 3-sparse vector, so that xStar is one
// of the infinitely many interpolators.
func ExamplePlantedProblem() {
	A, xStar, y, err := planted.PlantedProblem(20, 50, 3, false, 1)
	if err != nil {
		log.Fatal(err)
	}
	n, d := A.Dims()
	nonzeros := 0
	for j := 0; j < xStar.Len(); j++ {
		if xStar.AtVec(j) != 0 {
			nonzeros++
		}
	}
	var r mat.VecDense
	r.MulVec(A, xStar)
	r.SubVec(&r, y)
	fmt.Printf("A is %d×%d, x* has %d nonzeros, ‖Ax* − y‖ = %v\n", n, d, nonzeros, mat.Norm(&r, 2))
	// Output:
	// A is 20×50, x* has 3 nonzeros, ‖Ax* − y‖ = 0
}
