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

// Robertson's stiff chemical kinetics (Hairer and Wanner, Solving ODEs II,
// §IV.1) with BDF and a finite-difference Jacobian: the Jacobian and its LU
// factorisation are reused over many steps.
func ExampleBDF() {
	p := ode.Problem{
		F: func(t float64, y, dy []float64) {
			dy[0] = -0.04*y[0] + 1e4*y[1]*y[2]
			dy[2] = 3e7 * y[1] * y[1]
			dy[1] = -dy[0] - dy[2]
		},
		T0: 0, T1: 40, Y0: []float64{1, 0, 0},
	}
	r, err := ode.BDF(p, ode.Settings{RTol: 1e-8, ATol: 1e-12})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("y(40) = (%.6f, %.4e, %.6f)\n", r.Y[0], r.Y[1], r.Y[2])
	fmt.Println("fewer than one Jacobian per 20 steps:", 20*r.Stats.JacCalls < r.Stats.Steps)
	fmt.Println("fewer than one LU per 4 steps:", 4*r.Stats.LUs < r.Stats.Steps)
	// Output:
	// y(40) = (0.715827, 9.1855e-06, 0.284164)
	// fewer than one Jacobian per 20 steps: true
	// fewer than one LU per 4 steps: true
}
