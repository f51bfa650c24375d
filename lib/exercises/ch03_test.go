package exercises

import (
	"testing"
	"time"
)

// The tests below re-run the experiments of
// notebooks/03-commuting-parametrizations.ipynb at its parameters (the same
// functions the cells call) and require every row of its Checks tables.

func TestCh03Experiment1(t *testing.T) {
	start := time.Now()
	e, err := Ch03Experiment1(nil)
	if err != nil {
		t.Fatal(err)
	}
	ch04RequireAll(t, e.Checks)
	for _, r := range e.Checks.Rows() {
		t.Log(r.Line())
	}
	t.Logf("took %v", time.Since(start))
}

func TestCh03Experiment2(t *testing.T) {
	start := time.Now()
	e, err := Ch03Experiment2(nil)
	if err != nil {
		t.Fatal(err)
	}
	ch04RequireAll(t, e.Checks)
	for _, r := range e.Checks.Rows() {
		t.Log(r.Line())
	}
	t.Logf("iters %v took %v", e.GenericIters, time.Since(start))
}

func TestCh03Experiment3(t *testing.T) {
	start := time.Now()
	e, err := Ch03Experiment3()
	if err != nil {
		t.Fatal(err)
	}
	ch04RequireAll(t, e.Checks)
	for _, r := range e.Checks.Rows() {
		t.Log(r.Line())
	}
	t.Logf("took %v", time.Since(start))
	start = time.Now()
	b, err := Ch03Experiment3b()
	if err != nil {
		t.Fatal(err)
	}
	ch04RequireAll(t, b.Checks)
	for _, r := range b.Checks.Rows() {
		t.Log(r.Line())
	}
	t.Logf("took %v", time.Since(start))
}

func TestCh03Experiment4(t *testing.T) {
	start := time.Now()
	e, err := Ch03Experiment4()
	if err != nil {
		t.Fatal(err)
	}
	ch04RequireAll(t, e.Checks)
	for _, r := range e.Checks.Rows() {
		t.Log(r.Line())
	}
	t.Logf("took %v", time.Since(start))
}

// The exercises accept the right answers and refuse wrong ones (including
// the mutants a student is likely to produce: a missing square root, the
// wrong speed-up c instead of c²).
func TestCh03Exercises(t *testing.T) {
	silence(t)
	if !Ch03.Q1("not commuting").Right || Ch03.Q1("commuting").Right {
		t.Error("Q1: G = (x₁x₂, x₂x₃) is not commuting")
	}
	if !Ch03.Q2(ch03Q2Want).Right || Ch03.Q2(ch03Q2Want*ch03Q2Want).Right || Ch03.Q2(1/(1+0.25)).Right {
		t.Error("Q2: want 1/√(δ² + 4w²)")
	}
	if !Ch03.Q3("stay", 4).Right || Ch03.Q3("move", 4).Right || Ch03.Q3("stay", 2).Right {
		t.Error("Q3: want stay, speed-up 4")
	}
}
