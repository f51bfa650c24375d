package signdescent

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// Check 9: discrete smoothed sign descent with η = 1e-3 ends within 1e-3
// of the flow's limit (observed 2e-4), and halving η to 2e-4 brings it
// closer (first order in η). Both stop at residual 1e-10.
func TestDescentMatchesFlow(t *testing.T) {
	for _, c := range []struct {
		p   *Problem
		eps float64
	}{{fig2Problem(t), 0.01}, {fig2Problem(t), 0.002}, {fig1Problem(t), 0.01}} {
		m := Model{Alpha: 0.1, Eps: c.eps}
		fl := mustFlow(t, c.p, m, FlowSettings{T: 8})
		var gaps []float64
		for _, eta := range []float64{1e-3, 2e-4} {
			r, err := Descent(c.p, m, DescentSettings{Step: eta, MaxIter: 200000, Tol: 1e-10})
			if err != nil {
				t.Fatal(err)
			}
			gaps = append(gaps, floats.Distance(r.FinalBeta, fl.FinalBeta, math.Inf(1)))
		}
		if !(gaps[0] <= 1e-3) || !(gaps[1] < gaps[0]) {
			t.Errorf("ε = %g: max|β_discrete − β_flow| = %g (η = 1e-3), %g (η = 2e-4)", c.eps, gaps[0], gaps[1])
		}
	}
}

// The discrete iterates satisfy the sign facts of Prop. 3.4 too, and the
// core's Recorder keeps β at the start, every Every-th iterate and the end,
// with the loss ¼‖Xβ − y‖² and the measure max_n |residual|.
func TestDescentRecord(t *testing.T) {
	p := fig1Problem(t)
	rec := &ib.Recorder{Every: 1000, KeepIterates: true}
	r, err := Descent(p, Model{Alpha: 0.1, Eps: 0.01}, DescentSettings{Step: 1e-3, MaxIter: 2500, Recorder: rec})
	if err != nil {
		t.Fatal(err)
	}
	if r.Iterations != 2500 || rec.Len() != 4 || rec.Iter[1] != 1000 || rec.Iter[3] != 2500 {
		t.Errorf("iterations %d, recorded %v", r.Iterations, rec.Iter)
	}
	if rec.Loss[0] != p.Loss(make([]float64, 5)) || rec.Loss[3] != p.Loss(r.FinalBeta) || r.Loss != rec.Loss[3] {
		t.Errorf("losses %v, final %v", rec.Loss, r.Loss)
	}
	if rec.Residual[0] != 1.2 || rec.Residual[3] != p.Residual(r.FinalBeta) {
		t.Errorf("measures %v", rec.Residual)
	}
	if floats.Distance(rec.Iterate(3), r.FinalBeta, math.Inf(1)) != 0 {
		t.Errorf("last recorded β %v, final %v", rec.Iterate(3), r.FinalBeta)
	}
	s, _ := p.Signs()
	for i := range s {
		if sign(r.FinalBeta[i]) != s[i] {
			t.Errorf("sgn β_%d ≠ s_%d", i, i)
		}
	}
}

// Descent allocates nothing per iteration: a run of 2000 iterations
// allocates as much as a run of 10.
func TestDescentAllocations(t *testing.T) {
	p := fig2Problem(t)
	allocs := func(n int) float64 {
		return testing.AllocsPerRun(5, func() {
			if _, err := Descent(p, Model{Alpha: 0.1, Eps: 0.01}, DescentSettings{Step: 1e-3, MaxIter: n}); err != nil {
				t.Fatal(err)
			}
		})
	}
	if a, b := allocs(10), allocs(2000); a != b {
		t.Errorf("allocations grow with the iterations: %v vs %v", a, b)
	}
}

// A budget too small for the tolerance returns the result and a
// *NotConvergedError; an absurd step diverges with a *DivergedError.
func TestDescentErrors(t *testing.T) {
	p := fig2Problem(t)
	r, err := Descent(p, Model{Alpha: 0.1, Eps: 0.01}, DescentSettings{Step: 1e-3, MaxIter: 10, Tol: 1e-10})
	var nc *ib.NotConvergedError
	if !errors.As(err, &nc) || r == nil || r.Iterations != 10 || r.Converged {
		t.Errorf("got %v, %v", r, err)
	}
	_, err = Descent(p, Model{Alpha: 0.1, Eps: 0.01}, DescentSettings{Step: 1e200, MaxIter: 10})
	var de *ib.DivergedError
	if !errors.As(err, &de) || de.Iteration != 1 || de.Method != "signdescent.Descent" {
		t.Errorf("step 1e200: got %v", err)
	}
}

// Depth H = 3 (the remark, no theorem): the flow (integrated in log w) and
// the discrete method (in w) are two implementations of the same dynamics
// ẇ = −∇_wL/(|∇_wL| + ε) with ∇_{w±}L = ±3(w±)²⊙∇_βL; with η = 2e-4 they end
// within 1e-3 of each other, so a wrong power or factor in either fails.
func TestDepthFlowMatchesDescent(t *testing.T) {
	p := fig2Problem(t)
	m := Model{Alpha: 0.1, Eps: 0.002, Depth: 3}
	fl := mustFlow(t, p, m, FlowSettings{T: 4})
	r, err := Descent(p, m, DescentSettings{Step: 2e-4, MaxIter: 20000})
	if err != nil {
		t.Fatal(err)
	}
	if g := floats.Distance(fl.FinalBeta, r.FinalBeta, math.Inf(1)); !(g <= 1e-3) || !(fl.Residual <= 1e-6) {
		t.Errorf("depth 3: flow %v, descent %v (gap %g), flow residual %g", fl.FinalBeta, r.FinalBeta, g, fl.Residual)
	}
	// Depth 2 and depth 3 end at different points.
	two := mustFlow(t, p, Model{Alpha: 0.1, Eps: 0.002}, FlowSettings{T: 4})
	if !(floats.Distance(two.FinalBeta, fl.FinalBeta, math.Inf(1)) >= 1e-2) {
		t.Errorf("depth 2 and 3 limits coincide: %v", two.FinalBeta)
	}
}
