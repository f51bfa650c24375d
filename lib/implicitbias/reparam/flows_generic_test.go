package reparam

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// Gradient flow on the weights and the mirror flow of the closed-form
// potential from matched starts are one curve: with the same RK4 grid the
// two numerical solutions differ only by RK4's error in two coordinate
// systems (≤ 1e-9 at h = 2.5e-3; at h = 1e-2 the depth-3 families reach 5e-9, RK4 order 4 divides that by 256), with
// independent adaptive integrations (rtol 1e-10) by ≤ 1e-6. A wrong
// potential (factor 2 in its rate, a sign flip) moves w(t) by O(1)·t.
func TestCompareFlows(t *testing.T) {
	const d, T = 4, 10.0
	_, _, ls := cmProblem(t, 2, d, 3)
	times := []float64{0, 1, 2, 5, 10}
	for _, f := range cmFamilies(t, d) {
		x0 := mat.NewVecDense(len(f.x0), f.x0)
		fixed, err := CompareFlows(f.g, ls, x0, ib.FlowSettings{T: T, Times: times, Method: ib.RK4Flow, Steps: 4000})
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if !(fixed.MaxDeviation <= 1e-9) {
			t.Errorf("%s: RK4 h=2.5e-3: max deviation %.3g > 1e-9", f.name, fixed.MaxDeviation)
		}
		adaptive, err := CompareFlows(f.g, ls, x0, ib.FlowSettings{T: T, Times: times})
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if !(adaptive.MaxDeviation <= 1e-6) {
			t.Errorf("%s: adaptive: max deviation %.3g > 1e-6", f.name, adaptive.MaxDeviation)
		}
		// The flow moved: a trivial comparison (both at rest) would pass.
		var moved mat.VecDense
		moved.SubVec(fixed.Weights.X.RowView(len(times)-1), fixed.Weights.X.RowView(0))
		if !(mat.Norm(&moved, math.Inf(1)) >= 0.05) {
			t.Errorf("%s: w moved only %.3g", f.name, mat.Norm(&moved, math.Inf(1)))
		}
	}
}

// GradientFlow on DiagonalNetMap(net) is DiagonalFlow (core's model) to
// rounding on the same RK4 grid.
func TestGradientFlowMatchesDiagonalFlow(t *testing.T) {
	_, _, ls := cmProblem(t, 2, 4, 3)
	net, err := NewUniformDiagonalNet(3, 4, 0.7)
	if err != nil {
		t.Fatal(err)
	}
	g, x0, err := DiagonalNetMap(net)
	if err != nil {
		t.Fatal(err)
	}
	s := ib.FlowSettings{T: 5, Times: []float64{0, 1, 5}, Method: ib.RK4Flow, Steps: 500}
	a, err := GradientFlow(g, ls, x0, s)
	if err != nil {
		t.Fatal(err)
	}
	b, err := DiagonalFlow(net, ls, s)
	if err != nil {
		t.Fatal(err)
	}
	var diff mat.Dense
	diff.Sub(a.X, b.X)
	if m := mat.Norm(&diff, math.Inf(1)); !(m <= 1e-13) {
		t.Errorf("GradientFlow vs DiagonalFlow: %.3g", m)
	}
}
