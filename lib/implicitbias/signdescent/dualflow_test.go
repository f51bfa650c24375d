package signdescent

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// Prop. 3.6 as an ODE: integrating the non-autonomous mirror flow of Φₜ,
// with v(t) interpolated from the weight flow sampled every 1e-3, gives
// back the weight flow's β(t) and its dual s⊙u(t) (to 1e-7; observed
// 1–2e-8, the integrators' error: the interpolation of v in log space errs
// by O(h²) and enters β as 2v·δv). A dual speed with the wrong sign or a missing factor 2, or an
// autonomous potential (v ≡ its final value), fails.
func TestDualFlowReproducesFlow(t *testing.T) {
	p := fig1Problem(t)
	for _, eps := range []float64{0.002, 0.01} {
		m := Model{Alpha: 0.1, Eps: eps}
		fine := mustFlow(t, p, m, FlowSettings{T: 3, Times: grid(3, 0.001)})
		out := grid(3, 0.05)
		ref := mustFlow(t, p, m, FlowSettings{T: 3, Times: out})
		for _, meth := range []Integrator{BDF, DormandPrince} {
			dual, err := DualFlow(p, m, fine.VAt, FlowSettings{T: 3, Times: out, Method: meth})
			if err != nil {
				t.Fatal(err)
			}
			var db, dd mat.Dense
			db.Sub(dual.Beta, ref.Beta)
			dd.Sub(dual.Dual, ref.Dual())
			eb, ed := mat.Norm(&db, math.Inf(1)), mat.Norm(&dd, math.Inf(1))
			t.Logf("ε = %g, method %d: β error %.1e, dual error %.1e, %+v", eps, meth, eb, ed, dual.Stats)
			if !(eb <= 1e-7) || !(ed <= 1e-7) {
				t.Errorf("ε = %g, method %d: β off by %g, dual off by %g", eps, meth, eb, ed)
			}
		}
		// A frozen potential (v(t) ≡ v(3)) is a different flow.
		last := fine.V.RawRowView(len(fine.Times) - 1)
		frozen, err := DualFlow(p, m, func(_ float64, dst []float64) { copy(dst, last) }, FlowSettings{T: 3, Times: out})
		if err != nil {
			t.Fatal(err)
		}
		var db mat.Dense
		db.Sub(frozen.Beta, ref.Beta)
		if !(mat.Norm(&db, math.Inf(1)) >= 1e-3) {
			t.Errorf("ε = %g: a frozen potential reproduces the flow", eps)
		}
	}
}

func TestDualFlowBadInput(t *testing.T) {
	p := fig2Problem(t)
	m := Model{Alpha: 0.1, Eps: 0.01}
	zero := func(_ float64, dst []float64) {
		for i := range dst {
			dst[i] = 0
		}
	}
	shared, _ := NewProblem(mat.NewDense(2, 3, []float64{1, 1, 0, 0, 1, 1}), mat.NewVecDense(2, []float64{1, 1}))
	nan := func(_ float64, dst []float64) {
		for i := range dst {
			dst[i] = math.NaN()
		}
	}
	for name, f := range map[string]func() error{
		"nil problem": func() error { _, err := DualFlow(nil, m, zero, FlowSettings{T: 1}); return err },
		"nil v":       func() error { _, err := DualFlow(p, m, nil, FlowSettings{T: 1}); return err },
		"depth": func() error {
			_, err := DualFlow(p, Model{Alpha: 0.1, Eps: 0.01, Depth: 3}, zero, FlowSettings{T: 1})
			return err
		},
		"eps":    func() error { _, err := DualFlow(p, Model{Alpha: 0.1}, zero, FlowSettings{T: 1}); return err },
		"T":      func() error { _, err := DualFlow(p, m, zero, FlowSettings{}); return err },
		"blocks": func() error { _, err := DualFlow(shared, m, zero, FlowSettings{T: 1}); return err },
	} {
		if err := f(); !errors.Is(err, ib.ErrInvalidInput) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := DualFlow(p, m, nan, FlowSettings{T: 1}); err == nil {
		t.Error("a NaN schedule gave no error")
	}
}
