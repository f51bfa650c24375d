package reparam

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// For r = w log w − w the arc length is s = 2(√w − √w0): the quadrature and
// its inverse match the closed form to 1e-12 (a missing square root in
// √r” or a factor 2 fails by O(1)).
func TestArcLengthEntropy(t *testing.T) {
	g, err := NewArcLengthMap(func(w float64) float64 { return 1 / w }, 1, 0, math.Inf(1), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []float64{1e-3, 0.2, 1, 3.7, 50} {
		want := 2 * (math.Sqrt(w) - 1)
		if got := g.ArcLength(w); !(math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))) {
			t.Errorf("s(%g) = %.15g, want %.15g", w, got, want)
		}
		if back := g.Inverse(want); !(math.Abs(back-w) <= 1e-12*w) {
			t.Errorf("s⁻¹(s(%g)) = %.15g", w, back)
		}
	}
}

// Gradient flow on the arc-length weights is the mirror flow of r: for the
// entropy (implicitbias.NegEntropy) and for hypentropy ψ_α (r” =
// 1/(4√(w² + 4α⁴))), on a 1-row problem in d = 2, the two adaptive
// integrations agree to 1e-8.
func TestArcLengthIsMirrorFlow(t *testing.T) {
	Z := mat.NewDense(1, 2, []float64{1, 0.5})
	y := mat.NewVecDense(1, []float64{2})
	ls, err := ib.NewLeastSquares(Z, y)
	if err != nil {
		t.Fatal(err)
	}
	const alpha = 0.5
	hyp, _ := ib.NewHypentropy(alpha)
	for _, c := range []struct {
		name   string
		hess   func(float64) float64
		lo, w0 float64
		pot    ib.Potential
	}{
		{"entropy", func(w float64) float64 { return 1 / w }, 0, 1, ib.NegEntropy{}},
		{"hypentropy", func(w float64) float64 { return 1 / (4 * math.Sqrt(w*w+4*math.Pow(alpha, 4))) }, math.Inf(-1), 0, hyp},
	} {
		g, err := NewArcLengthMap(c.hess, c.w0, c.lo, math.Inf(1), 2)
		if err != nil {
			t.Fatal(err)
		}
		s := ib.FlowSettings{T: 3, Times: []float64{0.5, 1, 3}}
		gf, err := GradientFlow(g, ls, mat.NewVecDense(2, nil), s)
		if err != nil {
			t.Fatal(err)
		}
		mf, err := ib.MirrorFlow(c.pot, ls, mat.NewVecDense(2, []float64{c.w0, c.w0}), s)
		if err != nil {
			t.Fatal(err)
		}
		var diff mat.Dense
		diff.Sub(gf.X, mf.X)
		if m := mat.Norm(&diff, math.Inf(1)); !(m <= 1e-8) {
			t.Errorf("%s: GF on arc length vs mirror flow: %.3g > 1e-8", c.name, m)
		}
	}
}
