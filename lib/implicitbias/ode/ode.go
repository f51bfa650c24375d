// Package ode integrates initial value problems y' = F(t, y), y(T0) = Y0,
// on a finite interval [T0, T1].
//
// Three integrators share one Problem/Settings/Result contract:
//
//   - DormandPrince: the explicit Dormand–Prince 5(4) pair with PI step-size
//     control and 5th-order... dense output. Use it for non-stiff problems
//     (rotations, Kepler, gradient flows that are well conditioned). It is the
//     default choice; it needs no Jacobian.
//   - Rodas: the L-stable Rosenbrock method RODAS4 (order 4, embedded order 3).
//     Use it for stiff problems — when DormandPrince needs many more steps than
//     the smoothness of the solution suggests because its step size is limited
//     by stability (Van der Pol with large μ, chemical kinetics, smoothed sign
//     flows with a small ε). It uses the Jacobian (Problem.Jac, or forward
//     finite differences) and one LU factorisation per step.
//   - RK4: classical fixed-step Runge–Kutta of order 4. Use it when the exact
//     step grid matters, e.g. to compare a discrete trajectory with a flow.
//
// Settings.Output requests the solution at given times (sampled with the dense
// output of the adaptive methods), Settings.Events locates zeros of event
// functions. Bad input and failures (non-finite state, too many steps, step
// size underflow) are reported as errors, never as panics or silent NaNs.
package ode

import (
	"errors"

	"gonum.org/v1/gonum/mat"
)

// Func evaluates the right-hand side dy = F(t, y). It must not retain y or dy.
type Func func(t float64, y, dy []float64)

// JacFunc stores the Jacobian ∂F/∂y at (t, y) in dst, a len(y)×len(y) matrix
// whose entry (i, j) is ∂F_i/∂y_j.
type JacFunc func(t float64, y []float64, dst *mat.Dense)

// Problem is an initial value problem y' = F(t, y), y(T0) = Y0 on [T0, T1].
type Problem struct {
	F      Func
	Jac    JacFunc // optional; used by Rodas, finite differences when nil
	T0, T1 float64
	Y0     []float64
}

// Event describes a scalar event function G(t, y) whose zeros are located.
type Event struct {
	G         func(t float64, y []float64) float64
	Direction int  // 0: any crossing, +1: G rising through 0, −1: falling
	Terminal  bool // stop the integration at the first hit
}

// Settings controls an integration. The zero value selects the defaults.
type Settings struct {
	RTol, ATol  float64 // relative/absolute tolerances; 0 means 1e-6 / 1e-9
	InitialStep float64 // 0: automatic
	MaxStep     float64 // 0: T1−T0
	MaxSteps    int     // 0: 1e6 accepted+rejected steps
	Output      []float64
	Events      []Event
}

// EventHit records a located event.
type EventHit struct {
	Index int       // index into Settings.Events
	T     float64   // time of the zero
	Y     []float64 // state at T
}

// Stats counts the work done by an integration.
type Stats struct {
	Steps, Rejected, RHSCalls, JacCalls, LUs int
}

// Result is the outcome of an integration.
type Result struct {
	T      float64    // final time (T1, or the time of a terminal event)
	Y      []float64  // state at T
	Output *mat.Dense // len(Settings.Output)×len(Y0); nil when no output was requested
	Events []EventHit
	Stats  Stats
}

var errNotImplemented = errors.New("ode: not implemented yet")

// DormandPrince integrates p with the adaptive Dormand–Prince 5(4) method.
func DormandPrince(p Problem, s Settings) (*Result, error) { return nil, errNotImplemented }

// Rodas integrates the (stiff) problem p with the Rosenbrock method RODAS4.
func Rodas(p Problem, s Settings) (*Result, error) { return nil, errNotImplemented }

// RK4 integrates p with steps classical Runge–Kutta steps of size (T1−T0)/steps.
func RK4(p Problem, steps int, s Settings) (*Result, error) { return nil, errNotImplemented }
