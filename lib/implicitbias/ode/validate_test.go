package ode_test

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias/ode"
)

func TestBadInput(t *testing.T) {
	good := rotation(1)
	nan := math.NaN()
	withF := func(f ode.Func, t1 float64) ode.Problem { p := good; p.F, p.T1 = f, t1; return p }
	cases := []struct {
		name string
		p    ode.Problem
		s    ode.Settings
		want string // regular expression matched by the error
		kind error  // the sentinel it wraps; nil means ode.ErrInvalidInput
	}{
		{"nil F", ode.Problem{T1: 1, Y0: []float64{1}}, ode.Settings{}, "Problem.F", nil},
		{"empty Y0", ode.Problem{F: good.F, T1: 1}, ode.Settings{}, "Y0", nil},
		{"NaN Y0", ode.Problem{F: good.F, T1: 1, Y0: []float64{1, nan}}, ode.Settings{}, `Y0\[1\]`, nil},
		{"Inf Y0", ode.Problem{F: good.F, T1: 1, Y0: []float64{math.Inf(1), 0}}, ode.Settings{}, `Y0\[0\]`, nil},
		{"NaN T0", ode.Problem{F: good.F, T0: nan, T1: 1, Y0: []float64{1, 0}}, ode.Settings{}, "T0", nil},
		{"Inf T1", ode.Problem{F: good.F, T1: math.Inf(1), Y0: []float64{1, 0}}, ode.Settings{}, "T1", nil},
		{"T1 = T0", ode.Problem{F: good.F, T0: 1, T1: 1, Y0: []float64{1, 0}}, ode.Settings{}, "T1", nil},
		{"T1 < T0", ode.Problem{F: good.F, T0: 1, T1: 0, Y0: []float64{1, 0}}, ode.Settings{}, "T1", nil},
		{"negative RTol", good, ode.Settings{RTol: -1e-6}, "RTol", nil},
		{"NaN RTol", good, ode.Settings{RTol: nan}, "RTol", nil},
		{"tiny RTol", good, ode.Settings{RTol: 1e-18}, "RTol", nil},
		{"negative ATol", good, ode.Settings{ATol: -1}, "ATol", nil},
		{"negative InitialStep", good, ode.Settings{InitialStep: -0.1}, "InitialStep", nil},
		{"negative MaxStep", good, ode.Settings{MaxStep: -0.1}, "MaxStep", nil},
		{"negative MaxSteps", good, ode.Settings{MaxSteps: -1}, "MaxSteps", nil},
		{"Output below T0", good, ode.Settings{Output: []float64{-0.1, 0.5}}, `Output\[0\]`, nil},
		{"Output above T1", good, ode.Settings{Output: []float64{0.5, 1.5}}, `Output\[1\]`, nil},
		{"Output NaN", good, ode.Settings{Output: []float64{nan}}, `Output\[0\]`, nil},
		{"Output descending", good, ode.Settings{Output: []float64{0.5, 0.25}}, "ascending", nil},
		{"nil event", good, ode.Settings{Events: []ode.Event{{}}}, `Events\[0\]\.G`, nil},
		{"bad direction", good, ode.Settings{Events: []ode.Event{{G: func(float64, []float64) float64 { return 1 }, Direction: 2}}}, "Direction", nil},
		{"MaxSteps exceeded", good, ode.Settings{MaxSteps: 3, RTol: 1e-12}, "MaxSteps", ode.ErrMaxSteps},
		{"Output too large", ode.Problem{F: func(t float64, y, dy []float64) {}, T1: 1, Y0: make([]float64, 1<<15)}, ode.Settings{Output: make([]float64, 1<<14)}, `len\(Settings.Output\)`, nil},
		{"NaN from F at T0", withF(func(t float64, y, dy []float64) { dy[0], dy[1] = nan, 0 }, 1), ode.Settings{}, "t = 0$", nil},
		{"NaN from F later", withF(func(t float64, y, dy []float64) {
			dy[0], dy[1] = -y[1], y[0]
			if t > 0.5 {
				dy[1] = math.Inf(1)
			}
		}, 1), ode.Settings{}, `t = 0\.(5|49999)`, ode.ErrStepFailed},
		// y' = y², y(0) = 1 blows up at t = 1.
		{"blow-up", withF(func(t float64, y, dy []float64) { dy[0], dy[1] = y[0]*y[0], 0 }, 2), ode.Settings{}, `t = (0\.9999|1\.0000)`, ode.ErrStepFailed},
	}
	for _, m := range append(adaptive, method{"RK4", func(p ode.Problem, s ode.Settings) (*ode.Result, error) {
		return ode.RK4(p, 1000, s)
	}}) {
		for _, c := range cases {
			if m.name == "RK4" && strings.Contains("tiny RTol|MaxSteps exceeded|blow-up", c.name) {
				continue // RK4 ignores tolerances; its step count is explicit; see below
			}
			r, err := m.run(c.p, c.s)
			if err == nil {
				t.Errorf("%s, %s: no error (result %+v)", m.name, c.name, r)
				continue
			}
			if !regexp.MustCompile(c.want).MatchString(err.Error()) {
				t.Errorf("%s, %s: error %q does not mention %q", m.name, c.name, err, c.want)
			}
			kind := c.kind
			if kind == nil {
				kind = ode.ErrInvalidInput
			}
			if !errors.Is(err, kind) {
				t.Errorf("%s, %s: error %q does not wrap %v", m.name, c.name, err, kind)
			}
		}
	}
	if _, err := ode.RK4(good, 0, ode.Settings{}); !errors.Is(err, ode.ErrInvalidInput) || !strings.Contains(err.Error(), "steps") {
		t.Errorf("RK4 with 0 steps: error %v", err)
	}
	// y' = y², y(0) = 1 blows up at t = 1: RK4 with 1000 steps overflows there.
	blow := ode.Problem{F: func(t float64, y, dy []float64) { dy[0] = y[0] * y[0] }, T1: 2, Y0: []float64{1}}
	if _, err := ode.RK4(blow, 1000, ode.Settings{}); !errors.Is(err, ode.ErrStepFailed) || !strings.Contains(err.Error(), "t = ") {
		t.Errorf("RK4 through a blow-up: error %v", err)
	}
	// The implicit methods store a len(Y0)² Jacobian: 2^15 unknowns would
	// need 2^30 entries (8 GiB) and are refused before any allocation.
	big := ode.Problem{F: func(t float64, y, dy []float64) {}, T1: 1, Y0: make([]float64, 1<<15)}
	for _, m := range []method{{"Rodas", ode.Rodas}, {"BDF", ode.BDF}} {
		if _, err := m.run(big, ode.Settings{}); !errors.Is(err, ode.ErrInvalidInput) || !strings.Contains(err.Error(), "Jacobian") {
			t.Errorf("%s with 2^15 unknowns: error %v, want ErrInvalidInput naming the Jacobian", m.name, err)
		}
	}
}
