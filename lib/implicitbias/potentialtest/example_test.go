package potentialtest_test

import (
	"fmt"
	"math"

	"github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/potentialtest"
)

// halfBregman is the Euclidean potential with a Bregman divergence that
// forgets the ½ of ½‖x − z‖²: a factor-2 mistake.
type halfBregman struct{ implicitbias.Euclidean }

func (halfBregman) Bregman(x, z []float64) float64 {
	var s float64
	for i := range x {
		s += (x[i] - z[i]) * (x[i] - z[i])
	}
	return s
}

// In a test, a potential runs the whole suite with
//
//	potentialtest.Run(t, p, potentialtest.Config{Primal: ..., Dual: ...})
//
// Fuzz targets, which cannot run subtests, call CheckPoint at the fuzzed
// points instead; it returns the first identity that fails.
func ExampleCheckPoint() {
	x, z := []float64{1, -2, 3}, []float64{0.5, 0, 3}
	fmt.Println(potentialtest.CheckPoint(implicitbias.Euclidean{}, potentialtest.Config{}, x, z))
	fmt.Println(potentialtest.CheckPoint(halfBregman{}, potentialtest.Config{}, x, z))
	neg := implicitbias.NegEntropy{}
	fmt.Println(potentialtest.CheckPoint(neg, potentialtest.Config{}, []float64{math.E, 1e-300}, []float64{1, 1}))
	// Output:
	// <nil>
	// euclidean: D(x, z) = 4.25, definition ψ(x) − ψ(z) − ⟨∇ψ(z), x − z⟩ = 2.125 (scale 11.9) at x = [1 -2 3], z = [0.5 0 3]
	// <nil>
}
