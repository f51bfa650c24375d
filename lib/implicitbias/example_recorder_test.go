package implicitbias_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// A Recorder with a named probe: here the ℓ₁ norm of the iterate, sampled
// every 10 iterations of gradient descent alongside the loss and the
// residual. Probes receive the recorded point and write into a row of the
// recorder's buffer, so sampling allocates nothing.
func ExampleRecorder_probes() {
	A, _, y, err := planted.PlantedProblem(20, 50, 3, false, 1)
	if err != nil {
		log.Fatal(err)
	}
	ls, err := ib.NewLeastSquares(A, y)
	if err != nil {
		log.Fatal(err)
	}
	lmax, err := ls.Smoothness()
	if err != nil {
		log.Fatal(err)
	}
	rec := &ib.Recorder{Every: 10, Probes: []ib.Probe{
		{Name: "l1", Dim: 1, Eval: func(dst, x []float64) { dst[0] = floats.Norm(x, 1) }},
	}}
	_, err = ib.MirrorDescent(ib.Euclidean{}, ls, mat.NewVecDense(50, nil),
		ib.DescentSettings{Step: 1 / lmax, MaxIter: 30, Recorder: rec})
	if err != nil {
		log.Fatal(err)
	}
	l1, err := rec.ProbeSamples("l1")
	if err != nil {
		log.Fatal(err)
	}
	for k, t := range rec.Iter {
		fmt.Printf("t = %2d: ‖x_t‖₁ = %.3f, ‖Ax_t − y‖ = %.1e\n", t, l1.At(k, 0), rec.Residual[k])
	}
	// Output:
	// t =  0: ‖x_t‖₁ = 0.000, ‖Ax_t − y‖ = 1.1e+00
	// t = 10: ‖x_t‖₁ = 5.411, ‖Ax_t − y‖ = 3.3e-02
	// t = 20: ‖x_t‖₁ = 5.484, ‖Ax_t − y‖ = 8.3e-03
	// t = 30: ‖x_t‖₁ = 5.494, ‖Ax_t − y‖ = 2.7e-03
}
