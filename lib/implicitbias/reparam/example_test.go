package reparam_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
	"github.com/implicitbias/course/lib/implicitbias/reparam"
)

// Gradient flow on the weights of a depth-2 diagonal network
// β = u⊙u − v⊙v from u = v = α·1 is the mirror flow of the hyperbolic
// entropy ψ_α, with the same clock: the two β trajectories coincide (up to
// the RK4 error of each), and both end at the ψ_α-projection of 0 onto
// {Aβ = y}.
func ExampleDiagonalFlow() {
	A, _, y, err := planted.PlantedProblem(20, 50, 3, false, 1)
	if err != nil {
		log.Fatal(err)
	}
	ls, err := ib.NewLeastSquares(A, y)
	if err != nil {
		log.Fatal(err)
	}
	const alpha = 0.1
	net, err := reparam.NewUniformDiagonalNet(2, 50, alpha)
	if err != nil {
		log.Fatal(err)
	}
	psi, err := reparam.DiagonalPotential(2, alpha) // the hyperbolic entropy ψ_α
	if err != nil {
		log.Fatal(err)
	}
	// Both flows with 100 RK4 steps per unit of time, sampled at t = 1, 10, 100.
	s := ib.FlowSettings{T: 100, Times: []float64{1, 10, 100}, Method: ib.RK4Flow, Steps: 10000}
	gf, err := reparam.DiagonalFlow(net, ls, s)
	if err != nil {
		log.Fatal(err)
	}
	mf, err := ib.MirrorFlow(psi, ls, mat.NewVecDense(50, nil), s)
	if err != nil {
		log.Fatal(err)
	}
	for k, t := range s.Times {
		g, m := gf.X.RawRowView(k), mf.X.RawRowView(k)
		diff := make([]float64, len(g))
		floats.SubTo(diff, g, m)
		fmt.Printf("t = %3v: ‖β_GF − β_MF‖/‖β_GF‖ < 1e-9: %v\n", t, floats.Norm(diff, 2)/floats.Norm(g, 2) < 1e-9)
	}
	// The limit, with the adaptive integrator (default tolerances).
	long, err := reparam.DiagonalFlow(net, ls, ib.FlowSettings{T: 500})
	if err != nil {
		log.Fatal(err)
	}
	proj, err := ib.Project(psi, A, y, mat.NewVecDense(50, nil), nil)
	if err != nil {
		log.Fatal(err)
	}
	var diff mat.VecDense
	diff.SubVec(long.Final, proj.X)
	fmt.Println("residual at t = 500 below 1e-8:", long.Residual < 1e-8)
	fmt.Println("limit = projection to 1e-6:", mat.Norm(&diff, 2)/mat.Norm(proj.X, 2) < 1e-6)
	// Output:
	// t =   1: ‖β_GF − β_MF‖/‖β_GF‖ < 1e-9: true
	// t =  10: ‖β_GF − β_MF‖/‖β_GF‖ < 1e-9: true
	// t = 100: ‖β_GF − β_MF‖/‖β_GF‖ < 1e-9: true
	// residual at t = 500 below 1e-8: true
	// limit = projection to 1e-6: true
}

// Gradient descent on the weights of a diagonal network, as in the course's
// NumPy benchmark: loss ‖Xβ − y‖²/(2n), i.e. Scale = 1/n on ½‖Xβ − y‖².
func ExampleDiagonalGD() {
	A, _, y, err := planted.PlantedProblem(20, 50, 3, false, 1)
	if err != nil {
		log.Fatal(err)
	}
	ls, err := ib.NewLeastSquares(A, y)
	if err != nil {
		log.Fatal(err)
	}
	l1, err := ib.BasisPursuit(A, y)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("min ℓ₁ interpolator: ‖β‖₁ = %.3f\n", mat.Norm(l1, 1))
	// Smaller initialisations α bias GD towards the sparse, small-ℓ₁ end.
	for _, alpha := range []float64{1, 0.1, 0.01} {
		net, err := reparam.NewUniformDiagonalNet(2, 50, alpha)
		if err != nil {
			log.Fatal(err)
		}
		res, err := reparam.DiagonalGD(net, ls, reparam.DiagonalSettings{Step: 1, Scale: 1.0 / 20, MaxIter: 1000000, Tol: 1e-9})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("α = %-4v: converged %v, ‖β‖₁ = %.3f\n", alpha, res.Converged, mat.Norm(res.X, 1))
	}
	// Output:
	// min ℓ₁ interpolator: ‖β‖₁ = 2.568
	// α = 1   : converged true, ‖β‖₁ = 5.487
	// α = 0.1 : converged true, ‖β‖₁ = 3.528
	// α = 0.01: converged true, ‖β‖₁ = 2.665
}
