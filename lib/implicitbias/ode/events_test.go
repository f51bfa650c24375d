package ode_test

import (
	"math"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias/ode"
)

type method struct {
	name string
	run  func(ode.Problem, ode.Settings) (*ode.Result, error)
}

var adaptive = []method{{"DormandPrince", ode.DormandPrince}, {"Rodas", ode.Rodas}, {"BDF", ode.BDF}}

// A ball dropped from height h0 under gravity g hits the ground at
// sqrt(2h0/g). The solution is a quadratic polynomial, which DormandPrince
// and Rodas and their continuous extensions (orders 4 and 3) reproduce
// exactly up to rounding, so the event time is limited only by the root
// finder (1e-12 relative in t) and rounding: 1e-10 is a safe margin. BDF is
// exact for quadratics only from order 2 on; it starts at order 1 (backward
// Euler, local error h²g/2), so it runs at tolerance 1e-13, which keeps the
// start-up error below 1e-11.
func TestEventFallingBall(t *testing.T) {
	const h0, g = 10.0, 9.81
	want := math.Sqrt(2 * h0 / g)
	p := ode.Problem{
		F:  func(t float64, y, dy []float64) { dy[0], dy[1] = y[1], -g },
		T0: 0, T1: 5, Y0: []float64{h0, 0},
	}
	for _, m := range adaptive {
		ground := ode.Event{G: func(t float64, y []float64) float64 { return y[0] }, Direction: -1, Terminal: true}
		out := []float64{0, 0.5, 1, 1.5, 2, 3}
		s := ode.Settings{Events: []ode.Event{ground}, Output: out}
		if m.name == "BDF" {
			s.RTol, s.ATol = 1e-13, 1e-13
		}
		r, err := m.run(p, s)
		if err != nil {
			t.Fatal(m.name, err)
		}
		t.Logf("%s: %+v", m.name, r.Stats)
		if len(r.Events) != 1 || r.Events[0].Index != 0 {
			t.Fatalf("%s: events %+v, want one hit of event 0", m.name, r.Events)
		}
		if d := math.Abs(r.Events[0].T - want); !(d <= 1e-10) {
			t.Errorf("%s: ground hit at %.15g, want %.15g (off by %g)", m.name, r.Events[0].T, want, d)
		}
		if r.T != r.Events[0].T {
			t.Errorf("%s: terminal event at %v but Result.T = %v", m.name, r.Events[0].T, r.T)
		}
		if !(math.Abs(r.Y[0]) <= 1e-9) || !(math.Abs(r.Y[1]+g*want) <= 1e-9) {
			t.Errorf("%s: state at the hit %v, want (0, %v)", m.name, r.Y, -g*want)
		}
		// Output rows stop at the terminal event: 0, 0.5, 1 are ≤ 1.428.
		if rows, _ := r.Output.Dims(); rows != 3 {
			t.Errorf("%s: %d output rows, want 3 (times ≤ the event)", m.name, rows)
		}
		if y := r.Output.At(2, 0); !(math.Abs(y-(h0-g/2)) <= 1e-9) {
			t.Errorf("%s: height at t=1 is %v, want %v", m.name, y, h0-g/2)
		}
	}
	// RK4 on the same problem: its Hermite interpolant is also exact for
	// quadratics.
	ground := ode.Event{G: func(t float64, y []float64) float64 { return y[0] }, Terminal: true}
	r, err := ode.RK4(p, 50, ode.Settings{Events: []ode.Event{ground}, Output: []float64{0, 1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != 1 || !(math.Abs(r.T-want) <= 1e-10) {
		t.Errorf("RK4: events %+v, T = %v, want one at %v", r.Events, r.T, want)
	}
	if rows, _ := r.Output.Dims(); rows != 2 {
		t.Errorf("RK4: %d output rows, want 2", rows)
	}
}

// On y = (cos t, sin t) over [0, 10], G = y1 falls through 0 at π/2 and 5π/2
// and rises at 3π/2. The event times are limited by the dense output's
// accuracy, about the tolerance (1e-11) divided by |G'| = 1: 1e-8 is safe.
func TestEventDirection(t *testing.T) {
	cases := []struct {
		dir  int
		want []float64
	}{
		{0, []float64{math.Pi / 2, 3 * math.Pi / 2, 5 * math.Pi / 2}},
		{-1, []float64{math.Pi / 2, 5 * math.Pi / 2}},
		{+1, []float64{3 * math.Pi / 2}},
	}
	for _, m := range adaptive {
		for _, c := range cases {
			ev := ode.Event{G: func(t float64, y []float64) float64 { return y[0] }, Direction: c.dir}
			r, err := m.run(rotation(10), ode.Settings{RTol: 1e-11, ATol: 1e-11, Events: []ode.Event{ev}})
			if err != nil {
				t.Fatal(err)
			}
			if r.T != 10 {
				t.Errorf("%s: non-terminal events stopped the integration at %v", m.name, r.T)
			}
			if len(r.Events) != len(c.want) {
				t.Fatalf("%s dir %d: %d events, want %d", m.name, c.dir, len(r.Events), len(c.want))
			}
			for k, h := range r.Events {
				if !(math.Abs(h.T-c.want[k]) <= 1e-8) || !(math.Abs(h.Y[0]) <= 1e-8) {
					t.Errorf("%s dir %d: event %d at %v (y1 = %g), want %v", m.name, c.dir, k, h.T, h.Y[0], c.want[k])
				}
			}
		}
	}
}

// Two events in one run: a non-terminal one before the terminal one is kept,
// one after it is dropped.
func TestEventTerminalOrdering(t *testing.T) {
	evs := []ode.Event{
		{G: func(t float64, y []float64) float64 { return t - 2.5 }},
		{G: func(t float64, y []float64) float64 { return t - 1.5 }, Terminal: true},
		{G: func(t float64, y []float64) float64 { return t - 0.5 }},
	}
	for _, m := range adaptive {
		r, err := m.run(rotation(10), ode.Settings{Events: evs, MaxStep: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Events) != 2 || r.Events[0].Index != 2 || r.Events[1].Index != 1 {
			t.Fatalf("%s: events %+v, want events 2 then 1", m.name, r.Events)
		}
		if !(math.Abs(r.T-1.5) <= 1e-12) || !(math.Abs(r.Y[0]-math.Cos(1.5)) <= 1e-5) {
			t.Errorf("%s: stopped at %v with %v, want 1.5 and cos(1.5)", m.name, r.T, r.Y)
		}
	}
}

// withRK4 is the list of integrators that locate events: the adaptive ones
// and RK4 (here with 2,000 steps).
var withRK4 = append(append([]method(nil), adaptive...), method{"RK4", func(p ode.Problem, s ode.Settings) (*ode.Result, error) {
	return ode.RK4(p, 2000, s)
}})

// Located event times on problems whose zeros are known in closed form, for
// every integrator that supports events, to 1e-10:
//   - y' = 1 from 0, zeros of y − c at t = c: every method and interpolant
//     is exact on a linear solution, so only the root finder (1e-12
//     relative bracket) limits the time;
//   - y' = −y from 1, zero of y − 1/4 at ln 4, at tolerances where the
//     global error is ≲ 1e-12 (RK4: h = 1e-3, error ~ h⁴/120).
//
// Three properties of the reported zero are checked besides its time: it is
// on the side where G has already changed sign (Event's contract: the end of
// the bracket), the state reported with it is the solution there, and it
// took at most 40 evaluations of G beyond the one per step (31 today in
// the worst case, DormandPrince on a convex G over a step of 0.6; regula
// falsi without the Illinois modification stalls on one side and uses its
// whole budget of 200).
func TestEventTimesKnown(t *testing.T) {
	type eventCase struct {
		name  string
		p     ode.Problem
		s     ode.Settings
		g     func(t float64, y []float64) float64
		dir   int
		want  []float64
		exact func(t float64) float64
	}
	line := ode.Problem{F: func(t float64, y, dy []float64) { dy[0] = 1 }, T1: 2, Y0: []float64{0}}
	decay := ode.Problem{F: func(t float64, y, dy []float64) { dy[0] = -y[0] }, T1: 2, Y0: []float64{1}}
	tight := ode.Settings{RTol: 1e-13, ATol: 1e-15}
	cases := []eventCase{
		{"y = 0.3 rising", line, ode.Settings{}, func(t float64, y []float64) float64 { return y[0] - 0.3 }, 1, []float64{0.3}, func(t float64) float64 { return t }},
		{"y = e/2 falling through 0 of e/2 − y", line, ode.Settings{}, func(t float64, y []float64) float64 { return math.E/2 - y[0] }, -1, []float64{math.E / 2}, func(t float64) float64 { return t }},
		{"exp(20(y − 0.3)) − 1, strongly convex", line, ode.Settings{}, func(t float64, y []float64) float64 { return math.Expm1(20 * (y[0] - 0.3)) }, 1, []float64{0.3}, func(t float64) float64 { return t }},
		{"1 − exp(20(y − 0.3)), strongly concave", line, ode.Settings{}, func(t float64, y []float64) float64 { return -math.Expm1(20 * (y[0] - 0.3)) }, -1, []float64{0.3}, func(t float64) float64 { return t }},
		{"exp(−20(y − 0.3)) − 1, convex falling", line, ode.Settings{}, func(t float64, y []float64) float64 { return math.Expm1(-20 * (y[0] - 0.3)) }, -1, []float64{0.3}, func(t float64) float64 { return t }},
		{"y = 1/4 on decay", decay, tight, func(t float64, y []float64) float64 { return y[0] - 0.25 }, -1, []float64{math.Log(4)}, func(t float64) float64 { return math.Exp(-t) }},
	}
	for _, m := range withRK4 {
		for _, c := range cases {
			calls := 0
			g := func(t float64, y []float64) float64 { calls++; return c.g(t, y) }
			s := c.s
			s.Events = []ode.Event{{G: g, Direction: c.dir}}
			r, err := m.run(c.p, s)
			if err != nil {
				t.Fatalf("%s, %s: %v", m.name, c.name, err)
			}
			if len(r.Events) != len(c.want) {
				t.Fatalf("%s, %s: %d events, want %d", m.name, c.name, len(r.Events), len(c.want))
			}
			for k, h := range r.Events {
				if d := math.Abs(h.T - c.want[k]); !(d <= 1e-10) {
					t.Errorf("%s, %s: event at %.15g, want %.15g (off by %.2g)", m.name, c.name, h.T, c.want[k], d)
				}
				if gv := c.g(h.T, h.Y); !(gv*float64(c.dir) >= 0) {
					t.Errorf("%s, %s: G = %g at the reported zero, still on the side before the crossing", m.name, c.name, gv)
				}
				if d := math.Abs(h.Y[0] - c.exact(h.T)); !(d <= 1e-10) {
					t.Errorf("%s, %s: state %v at the event, want %v", m.name, c.name, h.Y[0], c.exact(h.T))
				}
			}
			t.Logf("%s, %s: %d evaluations of G beyond one per step", m.name, c.name, calls-(r.Stats.Steps+1))
			if extra := calls - (r.Stats.Steps + 1); extra > 40*len(c.want) {
				t.Errorf("%s, %s: %d evaluations of G beyond one per step for %d zeros", m.name, c.name, extra, len(c.want))
			}
		}
	}
}

// A zero that falls exactly on a step end is reported once, at that time:
// with RK4 on 4 steps of [0, 2] the grid contains t = 1 exactly, where
// G = t − 1 reaches 0 (rising) and 1 − t reaches 0 (falling). Reporting
// only strict sign changes would miss both.
func TestEventOnGridPoint(t *testing.T) {
	p := ode.Problem{F: func(t float64, y, dy []float64) { dy[0] = 1 }, T1: 2, Y0: []float64{0}}
	for _, dir := range []int{1, -1} {
		g := func(t float64, y []float64) float64 { return float64(dir) * (t - 1) }
		r, err := ode.RK4(p, 4, ode.Settings{Events: []ode.Event{{G: g, Direction: dir}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Events) != 1 || r.Events[0].T != 1 {
			t.Errorf("direction %d: events %+v, want one at exactly 1", dir, r.Events)
		}
	}
}
