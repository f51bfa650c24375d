package signdescent

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// Every bad input ends in an error wrapping ErrInvalidInput, never a panic.
func TestBadInput(t *testing.T) {
	p := fig2Problem(t)
	good := Model{Alpha: 0.1, Eps: 0.01}
	nan := math.NaN()
	cases := map[string]func() error{
		"nil X": func() error { _, err := NewProblem(nil, mat.NewVecDense(1, []float64{1})); return err },
		"nil y": func() error { _, err := NewProblem(mat.NewDense(1, 2, nil), nil); return err },
		"length": func() error {
			_, err := NewProblem(mat.NewDense(2, 2, nil), mat.NewVecDense(1, []float64{1}))
			return err
		},
		"NaN X": func() error {
			_, err := NewProblem(mat.NewDense(1, 2, []float64{nan, 1}), mat.NewVecDense(1, []float64{1}))
			return err
		},
		"Inf y": func() error {
			_, err := NewProblem(mat.NewDense(1, 2, nil), mat.NewVecDense(1, []float64{math.Inf(1)}))
			return err
		},
		"nil problem": func() error { _, err := Flow(nil, good, FlowSettings{T: 1}); return err },
		"alpha 0":     func() error { _, err := Flow(p, Model{Eps: 0.01}, FlowSettings{T: 1}); return err },
		"alpha NaN":   func() error { _, err := Flow(p, Model{Alpha: nan, Eps: 0.01}, FlowSettings{T: 1}); return err },
		"eps 0":       func() error { _, err := Flow(p, Model{Alpha: 0.1}, FlowSettings{T: 1}); return err },
		"eps Inf":     func() error { _, err := Flow(p, Model{Alpha: 0.1, Eps: math.Inf(1)}, FlowSettings{T: 1}); return err },
		"depth 1": func() error {
			_, err := Flow(p, Model{Alpha: 0.1, Eps: 0.01, Depth: 1}, FlowSettings{T: 1})
			return err
		},
		"depth huge": func() error {
			_, err := Flow(p, Model{Alpha: 0.1, Eps: 0.01, Depth: 1 << 40}, FlowSettings{T: 1})
			return err
		},
		"T 0":         func() error { _, err := Flow(p, good, FlowSettings{}); return err },
		"T Inf":       func() error { _, err := Flow(p, good, FlowSettings{T: math.Inf(1)}); return err },
		"times order": func() error { _, err := Flow(p, good, FlowSettings{T: 1, Times: []float64{0.5, 0.2}}); return err },
		"times range": func() error { _, err := Flow(p, good, FlowSettings{T: 1, Times: []float64{2}}); return err },
		"rtol NaN":    func() error { _, err := Flow(p, good, FlowSettings{T: 1, RTol: nan}); return err },
		"method":      func() error { _, err := Flow(p, good, FlowSettings{T: 1, Method: 7}); return err },
		"gd alpha":    func() error { _, err := GDFlow(p, Model{Alpha: -1}, FlowSettings{T: 1}); return err },
		"step 0":      func() error { _, err := Descent(p, good, DescentSettings{MaxIter: 1}); return err },
		"maxiter":     func() error { _, err := Descent(p, good, DescentSettings{Step: 1e-3, MaxIter: -1}); return err },
		"tol NaN": func() error {
			_, err := Descent(p, good, DescentSettings{Step: 1e-3, MaxIter: 1, Tol: nan})
			return err
		},
		"recorder": func() error {
			_, err := Descent(p, good, DescentSettings{Step: 1e-3, MaxIter: 1, Recorder: &ib.Recorder{}})
			return err
		},
		"record huge": func() error {
			rec := &ib.Recorder{Every: 1, Capacity: 1 << 40, KeepIterates: true}
			_, err := Descent(p, good, DescentSettings{Step: 1e-3, MaxIter: 1, Recorder: rec})
			return err
		},
		"sweep empty":  func() error { _, err := Sweep(p, 0.1, nil, FlowSettings{T: 1}); return err },
		"sweep eps":    func() error { _, err := Sweep(p, 0.1, []float64{0.01, -1}, FlowSettings{T: 1}); return err },
		"check alpha":  func() error { return CheckAssumptions(p, 0, 0.01) },
		"check eps":    func() error { return CheckAssumptions(p, 0.1, nan) },
		"range alpha":  func() error { _, err := EpsRange(p, math.Inf(1)); return err },
		"E alpha":      func() error { _, err := NewBregmanE(p, 0, nil); return err },
		"E vInf len":   func() error { _, err := NewBregmanE(p, 0.1, []float64{0}); return err },
		"E vInf big":   func() error { _, err := NewBregmanE(p, 0.1, []float64{0, 0.2}); return err },
		"E vInf NaN":   func() error { _, err := NewBregmanE(p, 0.1, []float64{0, nan}); return err },
		"potential":    func() error { _, err := NewPotential(nil); return err },
		"potential v":  func() error { _, err := NewPotential([]float64{math.Inf(-1)}); return err },
		"gd limit":     func() error { _, _, err := GDLimit(p, 0); return err },
		"bounds eps 0": func() error { _, err := TheoremBounds(p, 0.1, 0); return err },
		"block index":  func() error { _, err := p.Block(5); return err },
	}
	for name, f := range cases {
		err := f()
		if !errors.Is(err, ib.ErrInvalidInput) {
			t.Errorf("%s: got %v, want an error wrapping ErrInvalidInput", name, err)
		}
	}
}

// Depth H ≠ 2 runs (the remark of the paper) but is reported as outside
// the theorems; its β = u^H − v^H still interpolates.
func TestDepthRemark(t *testing.T) {
	p := fig2Problem(t)
	tr, err := Flow(p, Model{Alpha: 0.3, Eps: 0.005, Depth: 3}, FlowSettings{T: 10})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Assumptions == nil || !(tr.Residual <= 1e-6) {
		t.Errorf("Assumptions = %v, residual %g", tr.Assumptions, tr.Residual)
	}
	b := tr.Final[0]*tr.Final[0]*tr.Final[0] - tr.Final[2]*tr.Final[2]*tr.Final[2]
	if !(math.Abs(b-tr.FinalBeta[0]) <= 1e-15) {
		t.Errorf("β₀ = %g, w⁺³ − w⁻³ = %g", tr.FinalBeta[0], b)
	}
}

// Extreme but finite input ends in an error or a finite result, never a
// panic, a hang or a silent NaN.
func TestExtremeInput(t *testing.T) {
	big, err := NewProblem(mat.NewDense(1, 2, []float64{1e300, -1e300}), mat.NewVecDense(1, []float64{1}))
	if err != nil {
		t.Fatal(err)
	}
	p := fig2Problem(t)
	runs := map[string]func() (*Trajectory, error){
		"huge X":     func() (*Trajectory, error) { return Flow(big, Model{Alpha: 0.1, Eps: 0.01}, FlowSettings{T: 1}) },
		"huge alpha": func() (*Trajectory, error) { return Flow(p, Model{Alpha: 1e200, Eps: 0.01}, FlowSettings{T: 1}) },
		"tiny eps": func() (*Trajectory, error) {
			return Flow(p, Model{Alpha: 0.1, Eps: 1e-300}, FlowSettings{T: 1, MaxSteps: 20000})
		},
		"long T": func() (*Trajectory, error) {
			return Flow(p, Model{Alpha: 0.1, Eps: 0.01}, FlowSettings{T: 1e300, MaxSteps: 5000})
		},
		"depth 64": func() (*Trajectory, error) {
			return Flow(p, Model{Alpha: 0.1, Eps: 0.01, Depth: 64}, FlowSettings{T: 1})
		},
	}
	for name, run := range runs {
		tr, err := run()
		if err != nil {
			continue
		}
		for _, v := range append(append([]float64(nil), tr.Final...), tr.FinalBeta...) {
			if !finite(v) {
				t.Errorf("%s: non-finite result %v without an error", name, tr.FinalBeta)
				break
			}
		}
	}
	if _, err := Descent(p, Model{Alpha: 1e200, Eps: 0.01}, DescentSettings{Step: 1e-3, MaxIter: 10}); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("Descent from an overflowing start: %v", err)
	}
	if _, err := Descent(big, Model{Alpha: 0.1, Eps: 0.01}, DescentSettings{Step: 1e-3, MaxIter: 10}); err == nil {
		t.Error("Descent on X = 1e300 reported no error")
	}
}
