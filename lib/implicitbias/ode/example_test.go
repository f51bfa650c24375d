package ode_test

import (
	"fmt"
	"math"

	"github.com/implicitbias/course/lib/implicitbias/ode"
)

// Exponential decay y' = −y from y(0) = 1: sample the solution and stop when
// it falls below 1/4, which happens at t = ln 4.
func Example() {
	p := ode.Problem{
		F:  func(t float64, y, dy []float64) { dy[0] = -y[0] },
		T0: 0, T1: 10, Y0: []float64{1},
	}
	quarter := ode.Event{
		G:         func(t float64, y []float64) float64 { return y[0] - 0.25 },
		Direction: -1,
		Terminal:  true,
	}
	r, err := ode.DormandPrince(p, ode.Settings{
		RTol: 1e-10, ATol: 1e-12,
		Output: []float64{0.5, 1, 2, 3},
		Events: []ode.Event{quarter},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rows, _ := r.Output.Dims()
	for k := 0; k < rows; k++ {
		fmt.Printf("y(%.1f) = %.8f (exact %.8f)\n", []float64{0.5, 1, 2, 3}[k], r.Output.At(k, 0), math.Exp(-[]float64{0.5, 1, 2, 3}[k]))
	}
	fmt.Printf("stopped at t = %.8f (ln 4 = %.8f), y = %.8f\n", r.T, math.Log(4), r.Y[0])
	// Output:
	// y(0.5) = 0.60653066 (exact 0.60653066)
	// y(1.0) = 0.36787944 (exact 0.36787944)
	// stopped at t = 1.38629436 (ln 4 = 1.38629436), y = 0.25000000
}
