package engine

import (
	"errors"
	"math"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// scripted is a Model whose loss is a scripted function of the iteration
// and which logs every call, so that the schedule of the loop itself — which
// iterations are checkpoints, which step each update uses — can be tested
// exactly, independently of any mathematics.
type scripted struct {
	t        int
	loss     func(t int) float64
	evals    []int     // iterations at which Eval ran
	fullEval []bool    // its argument
	etas     []float64 // the step of every update
	batches  [][]int
	reason   func(t int) string
}

func (m *scripted) Eval(full bool) (float64, float64) {
	m.evals = append(m.evals, m.t)
	m.fullEval = append(m.fullEval, full)
	l := m.loss(m.t)
	return l, math.Sqrt(2 * l)
}
func (m *scripted) BatchGrad(b []int) (float64, float64) {
	m.batches = append(m.batches, append([]int(nil), b...))
	return 0, 0
}
func (m *scripted) Step(eta float64) { m.etas = append(m.etas, eta); m.t++ }
func (m *scripted) Check() string {
	if m.reason != nil {
		return m.reason(m.t)
	}
	return ""
}
func (m *scripted) Point() []float64 { return nil }

func decaying(t int) float64 { return math.Pow(0.5, float64(t)) }

// TestEpochCheckpoints: with n = 5 samples and batches of 2 an epoch has
// ⌈5/2⌉ = 3 batches, so the full loss is evaluated at t = 0, 3, 6, … and at
// MaxIter (a ⌊n/b⌋ = 2 epoch would evaluate at 0, 2, 4, …); the batches
// cover 0..4 in order, the last one short.
func TestEpochCheckpoints(t *testing.T) {
	m := &scripted{loss: decaying}
	res, err := Run(m, Config{Method: "test", Samples: 5, Step: 0.1, Batch: 2, MaxIter: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := []int{0, 3, 6, 9, 10}
	if len(m.evals) != len(want) {
		t.Fatalf("evaluations at %v, want %v", m.evals, want)
	}
	for k := range want {
		if m.evals[k] != want[k] || m.fullEval[k] {
			t.Fatalf("evaluations at %v (full %v), want %v, none full", m.evals, m.fullEval, want)
		}
	}
	if res.Iterations != 10 || len(m.batches) != 10 {
		t.Fatalf("%d iterations, %d batches", res.Iterations, len(m.batches))
	}
	wantB := [][]int{{0, 1}, {2, 3}, {4}, {0, 1}}
	for k, b := range wantB {
		if len(m.batches[k]) != len(b) || m.batches[k][0] != b[0] {
			t.Fatalf("batches %v, want %v first", m.batches[:4], wantB)
		}
	}
	// With a tolerance the stop happens at the first checkpoint with
	// measure ≤ Tol: √(2·0.5^t) ≤ 0.1 first at t = 8, checked at t = 9.
	m = &scripted{loss: decaying}
	res, err = Run(m, Config{Method: "test", Samples: 5, Step: 0.1, Batch: 2, MaxIter: 100, Tol: 0.1})
	if err != nil || res.Iterations != 9 || !res.Converged {
		t.Errorf("Tol run: %+v, %v; want convergence at the checkpoint t = 9", res, err)
	}
}

// TestFullBatchEvaluatesEveryIteration: full-batch runs evaluate with the
// gradient at every iteration, and stop as soon as the measure is small.
func TestFullBatchEvaluatesEveryIteration(t *testing.T) {
	m := &scripted{loss: decaying}
	res, err := Run(m, Config{Method: "test", Samples: 3, Step: 0.1, MaxIter: 50, Tol: 0.1})
	if err != nil || res.Iterations != 8 {
		t.Fatalf("%+v, %v; want a stop at t = 8", res, err)
	}
	for k, it := range m.evals {
		if it != k || !m.fullEval[k] {
			t.Fatalf("evaluations %v (full %v), want every iteration with the gradient", m.evals, m.fullEval)
		}
	}
}

// TestScheduleIndex: update t uses Schedule(t).
func TestScheduleIndex(t *testing.T) {
	m := &scripted{loss: decaying}
	sched := func(t int) float64 { return float64(t + 1) }
	if _, err := Run(m, Config{Method: "test", Samples: 1, Schedule: sched, MaxIter: 4}); err != nil {
		t.Fatal(err)
	}
	for k, eta := range m.etas {
		if eta != float64(k+1) {
			t.Fatalf("steps %v, want 1, 2, 3, 4", m.etas)
		}
	}
}

// TestOutcomes: the error contract of Run.
func TestOutcomes(t *testing.T) {
	cfg := Config{Method: "test", Samples: 2, Step: 0.5, MaxIter: 20}
	// Growth beyond 1e10 × the start: divergence with the step in use.
	_, err := Run(&scripted{loss: func(t int) float64 { return math.Pow(100, float64(t)) }}, cfg)
	var de *failure.DivergedError
	if !errors.As(err, &de) || de.Iteration != 6 || de.Step != 0.5 || de.Method != "test" {
		t.Errorf("growing loss: %v, want divergence at t = 6 (100⁶ > 1e10)", err)
	}
	// A NaN loss, and Check's reason.
	_, err = Run(&scripted{loss: func(t int) float64 {
		if t == 3 {
			return math.NaN()
		}
		return 1
	}}, cfg)
	if !errors.As(err, &de) || de.Iteration != 3 {
		t.Errorf("NaN loss: %v, want divergence at t = 3", err)
	}
	_, err = Run(&scripted{loss: decaying, reason: func(t int) string {
		if t == 2 {
			return "left the domain"
		}
		return ""
	}}, cfg)
	if !errors.As(err, &de) || de.Iteration != 2 || de.Reason != "left the domain" {
		t.Errorf("Check: %v, want divergence at t = 2 with the reason", err)
	}
	// A start whose loss overflows is invalid input, not divergence.
	_, err = Run(&scripted{loss: func(int) float64 { return math.Inf(1) }}, cfg)
	if !errors.Is(err, failure.ErrInvalidInput) || errors.As(err, &de) {
		t.Errorf("infinite start: %v, want ErrInvalidInput", err)
	}
	// The budget runs out with a tolerance: result and NotConvergedError.
	tol := cfg
	tol.Tol = 1e-30
	res, err := Run(&scripted{loss: decaying}, tol)
	var nc *failure.NotConvergedError
	if !errors.As(err, &nc) || res.Iterations != 20 || nc.Iterations != 20 || nc.Residual != res.Measure {
		t.Errorf("budget: %+v, %v; want the result and a NotConvergedError", res, err)
	}
	// Invalid settings.
	for _, c := range []Config{
		{Method: "t", Samples: 0, Step: 1},
		{Method: "t", Samples: 2, Step: 0},
		{Method: "t", Samples: 2, Step: math.Inf(1)},
		{Method: "t", Samples: 2, Step: 1, Batch: 3},
		{Method: "t", Samples: 2, Step: 1, MaxIter: -1},
		{Method: "t", Samples: 2, Step: 1, Tol: math.NaN()},
		{Method: "t", Samples: 2, Schedule: func(int) float64 { return -1 }},
	} {
		if _, err := Run(&scripted{loss: decaying}, c); !errors.Is(err, failure.ErrInvalidInput) {
			t.Errorf("%+v: %v, want ErrInvalidInput", c, err)
		}
	}
}
