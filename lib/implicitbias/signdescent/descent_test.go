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
		if gaps[0] > 1e-3 || !(gaps[1] < gaps[0]) {
			t.Errorf("ε = %g: max|β_discrete − β_flow| = %g (η = 1e-3), %g (η = 2e-4)", c.eps, gaps[0], gaps[1])
		}
	}
}

// The discrete iterates satisfy the sign facts of Prop. 3.4 too, and the
// recorder keeps the start, every Stride-th iterate and the end.
func TestDescentRecord(t *testing.T) {
	p := fig1Problem(t)
	r, err := Descent(p, Model{Alpha: 0.1, Eps: 0.01}, DescentSettings{Step: 1e-3, MaxIter: 2500, Stride: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if r.Iterations != 2500 || len(r.Iter) != 4 || r.Iter[1] != 1000 || r.Iter[3] != 2500 {
		t.Errorf("iterations %d, recorded %v", r.Iterations, r.Iter)
	}
	if math.Abs(r.Loss[0]-p.Loss(make([]float64, 5))) > 0 || r.Loss[3] != p.Loss(r.FinalBeta) {
		t.Errorf("losses %v", r.Loss)
	}
	s, _ := p.Signs()
	for i := range s {
		if sign(r.FinalBeta[i]) != s[i] {
			t.Errorf("sgn β_%d ≠ s_%d", i, i)
		}
	}
}

// A budget too small for the tolerance returns the result and a
// *NotConvergedError; an absurd step diverges with a *DivergedError.
func TestDescentErrors(t *testing.T) {
	p := fig2Problem(t)
	r, err := Descent(p, Model{Alpha: 0.1, Eps: 0.01}, DescentSettings{Step: 1e-3, MaxIter: 10, Tol: 1e-10})
	var nc *ib.NotConvergedError
	if !errors.As(err, &nc) || r == nil || r.Iterations != 10 {
		t.Errorf("got %v, %v", r, err)
	}
	_, err = Descent(p, Model{Alpha: 0.1, Eps: 0.01}, DescentSettings{Step: 1e200, MaxIter: 10})
	var de *ib.DivergedError
	if !errors.As(err, &de) || de.Iteration != 1 {
		t.Errorf("step 1e200: got %v", err)
	}
}
