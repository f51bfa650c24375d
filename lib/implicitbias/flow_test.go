package implicitbias

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// maxRelRowDiff returns max_k ‖X_k − Y_k‖∞ / ‖Y_k‖∞ over the rows.
func maxRelRowDiff(X, Y *mat.Dense) float64 {
	r, _ := X.Dims()
	var worst float64
	for k := 0; k < r; k++ {
		x, y := X.RawRowView(k), Y.RawRowView(k)
		diff := make([]float64, len(x))
		floats.SubTo(diff, x, y)
		worst = math.Max(worst, floats.Norm(diff, math.Inf(1))/floats.Norm(y, math.Inf(1)))
	}
	return worst
}

// relDist returns ‖x − z‖₂/‖z‖₂.
func relDist(x, z *mat.VecDense) float64 {
	var diff mat.VecDense
	diff.SubVec(x, z)
	return mat.Norm(&diff, 2) / mat.Norm(z, 2)
}

// flowProblem is the course's default problem (d = 50, n = 20, 3-sparse x*).
func flowProblem(t *testing.T) (*mat.Dense, *mat.VecDense, *LeastSquares) {
	t.Helper()
	A, _, y, ls := plantedLS(t, 20, 50, 3, false, 1)
	return A, y, ls
}

// TestMirrorFlowEuclidean: the Euclidean mirror flow is the gradient flow
// x' = −Aᵀ(Ax − y), whose limit from x0 is the interpolator nearest to x0;
// the adaptive integrator at its default tolerances reaches it to 1e-8
// (the limit is approached as e^{−λmin t}, λmin(AAᵀ) ≈ 0.1 here, so T = 400
// leaves e^{−40} of the initial residual).
func TestMirrorFlowEuclidean(t *testing.T) {
	A, y, ls := flowProblem(t)
	_, d := ls.Dims()
	x0 := mat.NewVecDense(d, nil)
	for j := 0; j < d; j++ {
		x0.SetVec(j, math.Sin(float64(j)))
	}
	tr, err := MirrorFlow(Euclidean{}, ls, x0, FlowSettings{T: 400})
	if err != nil {
		t.Fatal(err)
	}
	want, err := NearestInterpolator(A, y, x0)
	if err != nil {
		t.Fatal(err)
	}
	if e := relDist(tr.Final, want); !(e <= 1e-8) || !(tr.Residual <= 1e-8) {
		t.Errorf("limit %.2g from the nearest interpolator (residual %.2g)", e, tr.Residual)
	}
}

func TestMirrorFlowValidation(t *testing.T) {
	_, _, ls := flowProblem(t)
	_, d := ls.Dims()
	x0 := mat.NewVecDense(d, nil)
	neg := mat.NewVecDense(d, nil)
	neg.SetVec(3, -1)
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"T", func() error { _, err := MirrorFlow(Euclidean{}, ls, x0, FlowSettings{T: -1}); return err }, "T"},
		{"steps", func() error {
			_, err := MirrorFlow(Euclidean{}, ls, x0, FlowSettings{T: 1, Method: RK4Flow})
			return err
		}, "Steps"},
		{"times", func() error {
			_, err := MirrorFlow(Euclidean{}, ls, x0, FlowSettings{T: 1, Times: []float64{0.5, 2}})
			return err
		}, "Times[1]"},
		{"grid", func() error {
			_, err := MirrorFlow(Euclidean{}, ls, x0, FlowSettings{T: 1, Method: RK4Flow, Steps: 10, Times: []float64{0.55}})
			return err
		}, "grid"},
		{"RTol", func() error {
			_, err := MirrorFlow(Euclidean{}, ls, x0, FlowSettings{T: 1, RTol: math.NaN()})
			return err
		}, "RTol"},
		{"method", func() error { _, err := MirrorFlow(Euclidean{}, ls, x0, FlowSettings{T: 1, Method: 99}); return err }, "Method"},
		{"domain", func() error { _, err := MirrorFlow(NegEntropy{}, ls, neg, FlowSettings{T: 1}); return err }, "x0"},
		{"dims", func() error {
			_, err := MirrorFlow(Euclidean{}, ls, mat.NewVecDense(d+1, nil), FlowSettings{T: 1})
			return err
		}, "x0"},
		{"nil objective", func() error { _, err := MirrorFlow(Euclidean{}, nil, x0, FlowSettings{T: 1}); return err }, "objective"},
		// Refused by the integrator itself, not by MirrorFlow's checks: the
		// error must still be ErrInvalidInput, for every adaptive method.
		{"MaxSteps DormandPrince", func() error {
			_, err := MirrorFlow(Euclidean{}, ls, x0, FlowSettings{T: 1, MaxSteps: -1})
			return err
		}, "MaxSteps"},
		{"MaxSteps BDF", func() error {
			_, err := MirrorFlow(Euclidean{}, ls, x0, FlowSettings{T: 1, MaxSteps: -1, Method: BDFFlow})
			return err
		}, "MaxSteps"},
	} {
		err := c.run()
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: error %v, want ErrInvalidInput", c.name, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v does not name %q", c.name, err, c.want)
		}
	}
}
