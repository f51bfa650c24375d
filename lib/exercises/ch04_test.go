package exercises

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/spectral"

	"github.com/implicitbias/course/lib/notebook"
)

// The tests below re-run the experiments of notebooks/04-matrix-smd.ipynb
// at its parameters (the same functions the cells call) and require every
// row of the Checks tables the chapter shows to pass.

func ch04RequireAll(t *testing.T, c *notebook.Checks) {
	t.Helper()
	if len(c.Rows()) == 0 {
		t.Fatalf("%s: no checks", c.Title)
	}
	for _, r := range c.Rows() {
		if !r.Pass {
			t.Errorf("%s: %s", c.Title, r.Line())
		}
	}
}

func TestCh04Experiment1(t *testing.T) {
	for _, generic := range []bool{false, true} {
		e, err := Ch04Experiment1(generic, nil)
		if err != nil {
			t.Fatal(err)
		}
		ch04RequireAll(t, e.Checks)
		for _, r := range e.Runs {
			t.Logf("generic=%v %-30s epochs %4.0f ρ %.4f R² %.4f toProj %.1e acc %.3f", generic, r.Map.Name, r.Res.Epochs, r.Rho, r.R2, r.ToProj, e.Problem.Accuracy(r.Res.W))
		}
	}
}

func TestCh04Experiment2(t *testing.T) {
	e, err := Ch04Experiment2(nil)
	if err != nil {
		t.Fatal(err)
	}
	ch04RequireAll(t, e.Checks)
	for _, r := range e.Runs {
		t.Logf("%-30s epochs %4.0f res %.1e ρ %.4f toProj %.1e", r.Map.Name, r.Res.Epochs, r.Res.Residual, r.Rho, r.ToProj)
	}
	for _, beta := range []bool{false, true} {
		s, err := Ch04ExperimentSweep(beta, nil)
		if err != nil {
			t.Fatal(err)
		}
		ch04RequireAll(t, s.Checks)
		t.Logf("beta=%v params %v recovery %.3f erank %.2f", beta, s.Params, s.Recovery, s.EffRank)
	}
}

func TestCh04Experiment3(t *testing.T) {
	e, err := Ch04Experiment3()
	if err != nil {
		t.Fatal(err)
	}
	ch04RequireAll(t, e.Checks)
	// The Pythagoras check can fail: with the limit reached from the other
	// start (W₀ = 0) in place of W∞, the cross term is O(1).
	h, err := spectral.NewSpectralHypentropy(Ch04Size, Ch04Size, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	var N, Wp mat.Dense
	G := mat.NewDense(Ch04Size, Ch04Size, nil)
	for i := range Ch04Size {
		G.Set(i, (i*7)%Ch04Size, 0.3)
	}
	if err := e.Problem.Meas.KernelPart(&N, G); err != nil {
		t.Fatal(err)
	}
	wrong := e.Zero.Res.W
	Wp.Add(wrong, &N)
	w0 := e.Generic.W0.RawMatrix().Data
	wp, wi := Wp.RawMatrix().Data, wrong.RawMatrix().Data
	lhs := h.Bregman(wp, w0)
	if rel := math.Abs(lhs-h.Bregman(wp, wi)-h.Bregman(wi, w0)) / lhs; !(rel >= 1e-3) {
		t.Errorf("Pythagoras holds (rel. error %.2g) for the wrong limit: the check cannot fail", rel)
	}
}

func TestCh04Experiment4(t *testing.T) {
	e, err := Ch04Experiment4(nil)
	if err != nil {
		t.Fatal(err)
	}
	ch04RequireAll(t, e.Checks)
	t.Logf("ρ(p, c) = %.4f; ρ(b) = %.4f", e.RhoP, e.RhoB)
}

// The exercise checkers accept the right answers and reject wrong ones.
func TestCh04Exercises(t *testing.T) {
	silence(t)
	if r := Ch04.Q1("?"); r.Right || !r.Unanswered {
		t.Error("Q1: the placeholder must be reported as unanswered")
	}
	if r := Ch04.Q2(0); r.Right || !r.Unanswered {
		t.Error("Q2: the placeholder must be reported as unanswered")
	}
	if r := Ch04.Q3("?", 0); r.Right || !r.Unanswered {
		t.Error("Q3: the placeholders must be reported as unanswered")
	}
	if !Ch04.Q1("same").Right || Ch04.Q1("different").Right {
		t.Error("Q1: the spectral limit from W₀ = 0 is SGD's")
	}
	// SGD never changes an unobserved entry: it keeps W₀'s value 0.2.
	if !Ch04.Q2(0.2).Right || Ch04.Q2(0.3).Right {
		t.Error("Q2: the unobserved entry keeps its starting value 0.2")
	}
	p := Ch04CompletionProblem()
	h, err := spectral.NewSpectralHypentropy(Ch04Size, Ch04Size, 0.003)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := spectral.Project(h, p.Meas, mat.NewDense(Ch04Size, Ch04Size, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	e := spectral.RelativeError(pr.W, p.M)
	if !Ch04.Q3("between", e).Right || Ch04.Q3("below", e).Right || Ch04.Q3("between", 1.1*e).Right {
		t.Errorf("Q3: want 'between' and %.4f accepted, other answers refused", e)
	}
}
