package matfact_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/matfact"
)

// Gradient descent on a depth-3 factorisation from 0.1·I fits a diagonal
// target one eigenvalue at a time: the larger eigenvalue arrives first, at
// the iteration the gradient-flow hitting time predicts.
func ExampleGD() {
	target := mat.NewDense(2, 2, []float64{2, 0, 0, 1})
	loss, err := matfact.NewEstimation(target)
	if err != nil {
		panic(err)
	}
	f, err := matfact.Identity(3, 2, 0.1)
	if err != nil {
		panic(err)
	}
	const step = 0.01
	res, err := matfact.GD(f, loss, matfact.Settings{Step: step, Iterations: 3000, Probes: matfact.Probes{Every: 1, Spectrum: true}})
	if err != nil {
		panic(err)
	}
	k := matfact.HittingIterations(&res.Trace, []float64{2, 1}, 0.5)
	t1, _ := matfact.HittingTime(2, 3, 0.1, 0.5)
	t2, _ := matfact.HittingTime(1, 3, 0.1, 0.5)
	fmt.Printf("mode 1 at half its target: k = %d (flow: %.0f)\n", k[0], t1/step)
	fmt.Printf("mode 2 at half its target: k = %d (flow: %.0f)\n", k[1], t2/step)
	fmt.Println("fitted to rounding:", res.Trace.Loss[len(res.Trace.Loss)-1] < 1e-20)
	// Output:
	// mode 1 at half its target: k = 469 (flow: 466)
	// mode 2 at half its target: k = 917 (flow: 914)
	// fitted to rounding: true
}

// The balanced global minimum of ½‖XYᵀ − M‖² is the flattest: its Hessian
// has top eigenvalue 2s₁ and trace 2√(mn)‖M‖_*.
func ExampleBalancedMinimum() {
	m := mat.NewDense(3, 3, []float64{2, 0, 0, 0, 1, 0, 0, 0, 0})
	loss, _ := matfact.NewEstimation(m)
	f, err := matfact.BalancedMinimum(m, 2, 1)
	if err != nil {
		panic(err)
	}
	top, trace, err := matfact.SharpnessXY(f, loss, 0)
	if err != nil {
		panic(err)
	}
	flatTop, flatTrace, _ := matfact.FlatSharpness(m)
	fmt.Printf("λmax = %.6f (2s₁ = %v), tr H = %.6f (2√(mn)‖M‖_* = %v)\n", top, flatTop, trace, flatTrace)
	x, y := f.XY()
	fmt.Printf("ln(‖X‖/‖Y‖) = %.1f\n", math.Abs(math.Log(mat.Norm(x, 2)/mat.Norm(y, 2))))
	// Output:
	// λmax = 4.000000 (2s₁ = 4), tr H = 18.000000 (2√(mn)‖M‖_* = 18)
	// ln(‖X‖/‖Y‖) = 0.0
}
