package signdescent_test

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/signdescent"
)

// The three stages of smoothed sign descent on two samples in ℝ⁵.
func ExampleFlow() {
	X := mat.NewDense(2, 5, []float64{1, -0.6, 0, 0, 0, 0, 0, 0.8, 0.5, -0.7})
	p, err := signdescent.NewProblem(X, mat.NewVecDense(2, []float64{1, -1.2}))
	if err != nil {
		panic(err)
	}
	tr, err := signdescent.Flow(p, signdescent.Model{Alpha: 0.1, Eps: 0.002}, signdescent.FlowSettings{T: 3})
	if err != nil {
		panic(err)
	}
	fmt.Printf("assumptions hold: %v\n", tr.Assumptions == nil)
	fmt.Printf("initial stage ends at T0 = %.3f (≤ 2α = 0.2)\n", tr.T0)
	fmt.Printf("sign-descent stage ends at T = %.3f\n", tr.TEnd)
	fmt.Printf("interpolates at t = 3: %v\n", tr.Residual < 1e-8)
	// Output:
	// assumptions hold: true
	// initial stage ends at T0 = 0.108 (≤ 2α = 0.2)
	// sign-descent stage ends at T = 0.685
	// interpolates at t = 3: true
}

// The checker names the failing inequality and the admissible ε.
func ExampleCheckAssumptions() {
	p, err := signdescent.NewProblem(mat.NewDense(1, 2, []float64{1, -0.5}), mat.NewVecDense(1, []float64{1}))
	if err != nil {
		panic(err)
	}
	epsMax, _ := signdescent.EpsRange(p, 0.1)
	fmt.Printf("admissible ε ∈ [0, %.4f]\n", epsMax)
	err = signdescent.CheckAssumptions(p, 0.1, 0.05)
	var ae *signdescent.AssumptionError
	fmt.Println(errors.As(err, &ae), ae.Assumption)
	fmt.Println(err)
	// Output:
	// admissible ε ∈ [0, 0.0222]
	// true 3.3
	// signdescent: Assumption 3.3 of Wang & Klabjan (UAI 2025) fails: (19) 9ε/(4|xᵢy⁽ⁿ⁾|) = 0.1125 ≤ α fails for n = 0, i = 0 (α = 0.1, ε = 0.05); admissible ε ∈ [0, 0.0222222] for this α
}

// The limit of the flow is an approximate KKT point of min E(β, 0) on the
// solution line, with the error bounded by Theorem 3.9.
func ExampleTheoremBounds() {
	p, err := signdescent.NewProblem(mat.NewDense(1, 2, []float64{1, -0.5}), mat.NewVecDense(1, []float64{1}))
	if err != nil {
		panic(err)
	}
	const alpha, eps = 0.1, 0.01
	tr, err := signdescent.Flow(p, signdescent.Model{Alpha: alpha, Eps: eps}, signdescent.FlowSettings{T: 6})
	if err != nil {
		panic(err)
	}
	bs, err := signdescent.TheoremBounds(p, alpha, eps)
	if err != nil {
		panic(err)
	}
	e, err := signdescent.NewBregmanE(p, alpha, tr.V.RawRowView(0))
	if err != nil {
		panic(err)
	}
	star, err := e.Minimize()
	if err != nil {
		panic(err)
	}
	fmt.Printf("β∞ = (%.3f, %.3f), minimal-E point (%.3f, %.3f)\n", tr.FinalBeta[0], tr.FinalBeta[1], star.AtVec(0), star.AtVec(1))
	fmt.Printf("M- = %.3f ≤ Δ = %.3f ≤ M+ = %.3f; δ = %.3f\n", bs[0].MMinus, bs[0].Delta(tr.U.RawRowView(0)), bs[0].MPlus, e.KKTError(tr.FinalBeta))
	// Output:
	// β∞ = (0.689, -0.623), minimal-E point (0.867, -0.266)
	// M- = -0.376 ≤ Δ = 0.290 ≤ M+ = 0.422; δ = 0.290
}

// Discrete smoothed sign descent with the core's Recorder.
func ExampleDescent() {
	p, err := signdescent.NewProblem(mat.NewDense(1, 2, []float64{1, -0.5}), mat.NewVecDense(1, []float64{1}))
	if err != nil {
		panic(err)
	}
	rec := &ib.Recorder{Every: 250, KeepIterates: true}
	res, err := signdescent.Descent(p, signdescent.Model{Alpha: 0.1, Eps: 0.01},
		signdescent.DescentSettings{Step: 1e-3, MaxIter: 100000, Tol: 1e-10, Recorder: rec})
	if err != nil {
		panic(err)
	}
	for k, it := range rec.Iter {
		fmt.Printf("k = %4d  β = (%.3f, %.3f)  max|residual| = %.1e\n", it, rec.Iterate(k)[0], rec.Iterate(k)[1], rec.Residual[k])
	}
	fmt.Println("converged:", res.Converged)
	// Output:
	// k =    0  β = (0.000, 0.000)  max|residual| = 1.0e+00
	// k =  250  β = (0.114, -0.106)  max|residual| = 8.3e-01
	// k =  500  β = (0.335, -0.312)  max|residual| = 5.1e-01
	// k =  750  β = (0.660, -0.605)  max|residual| = 3.7e-02
	// k =  874  β = (0.688, -0.623)  max|residual| = 9.7e-11
	// converged: true
}

// The mirror map of Φₜ turns the weights into the dual point s⊙u.
func ExamplePotential() {
	u, v := []float64{0.7, 0.4}, []float64{0.01, 0.002}
	s := []float64{1, -1}
	beta := []float64{s[0] * (u[0]*u[0] - v[0]*v[0]), s[1] * (u[1]*u[1] - v[1]*v[1])}
	phi, err := signdescent.NewPotential(v)
	if err != nil {
		panic(err)
	}
	dual := make([]float64, 2)
	phi.Grad(dual, beta)
	fmt.Printf("∇Φ(β) = (%.6f, %.6f), s⊙u = (%.6f, %.6f)\n", dual[0], dual[1], s[0]*u[0], s[1]*u[1])
	// Output:
	// ∇Φ(β) = (0.700000, -0.400000), s⊙u = (0.700000, -0.400000)
}
