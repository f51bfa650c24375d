// Package ode integrates initial value problems y' = F(t, y), y(T0) = Y0,
// on a finite interval [T0, T1].
//
// Four integrators share one Problem/Settings/Result contract:
//
//   - DormandPrince: the explicit Dormand–Prince 5(4) pair (FSAL, 6 new
//     right-hand-side calls per step) with PI step-size control and a 4th-order
//     continuous extension. Use it for non-stiff problems (rotations, Kepler,
//     well-conditioned gradient flows). It is the default choice and needs no
//     Jacobian.
//   - Rodas: the L-stable, stiffly accurate Rosenbrock method RODAS4 of Hairer
//     and Wanner (order 4, embedded order 3, 3rd-order continuous extension).
//     Use it for stiff problems — when DormandPrince needs many more steps than
//     the smoothness of the solution suggests because its step size is limited
//     by stability (Van der Pol with large μ, chemical kinetics, smoothed sign
//     flows with a small ε). It uses the Jacobian (Problem.Jac, or forward
//     finite differences) and one LU factorisation per step.
//   - BDF: the variable-order (1–5) numerical differentiation formulas of
//     Shampine and Reichelt (ode15s, SciPy's BDF) with a simplified Newton
//     iteration in the manner of CVODE that reuses its Jacobian and LU
//     factorisation over many steps, and a fixed-point iteration without
//     Jacobian where the problem is not stiff (as LSODA). Use it for stiff
//     problems where the Jacobian is expensive (a finite-difference
//     Jacobian costs len(Y0) calls of F), for problems stiff only in parts,
//     or when the system is large: on the smoothed sign flow of the course
//     it needs 20× fewer calls of F than Rodas. Its global error is
//     larger relative to the tolerance than that of the one-step methods
//     (no local extrapolation): ask for about two digits more.
//   - RK4: classical fixed-step Runge–Kutta of order 4. Use it when the exact
//     step grid matters, e.g. to compare a discrete trajectory with a flow.
//
// Settings.Output requests the solution at given times (sampled with the dense
// output of the adaptive methods, so requesting many outputs does not shorten
// the steps), Settings.Events locates zeros of event functions to about 1e-12
// relative accuracy in t (on the dense output, whose accuracy is that of the
// integration). Bad input and failures (non-finite state, too many steps, step
// size underflow) are reported as errors, never as panics or silent NaNs; they
// wrap ErrInvalidInput, ErrStepFailed or ErrMaxSteps for errors.Is.
package ode

import "gonum.org/v1/gonum/mat"

// Func evaluates the right-hand side dy = F(t, y). It must not retain y or dy.
type Func func(t float64, y, dy []float64)

// JacFunc stores the Jacobian ∂F/∂y at (t, y) in dst, a len(y)×len(y) matrix
// whose entry (i, j) is ∂F_i/∂y_j.
type JacFunc func(t float64, y []float64, dst *mat.Dense)

// Problem is an initial value problem y' = F(t, y), y(T0) = Y0 on [T0, T1].
type Problem struct {
	F      Func
	Jac    JacFunc // optional; used by Rodas and BDF, finite differences when nil
	T0, T1 float64
	Y0     []float64
	// Autonomous declares that F does not depend on t. Rodas then uses
	// ∂F/∂t = 0 instead of a forward difference, saving one call of F per
	// step; the other methods ignore it. Leave it false (the safe default)
	// unless F really ignores t: a wrong true silently drops the ∂F/∂t
	// terms and lowers the order of Rodas. BDF never needs ∂F/∂t.
	Autonomous bool
}

// Event describes a scalar event function G(t, y) whose zeros are located.
//
// A zero is reported for a step (t₀, t₁] when G changes sign across it: rising
// means G(t₀) < 0 ≤ G(t₁), falling means G(t₀) > 0 ≥ G(t₁). A zero exactly at
// T0 is not reported, and a function touching zero without changing sign inside
// one step may be missed (keep MaxStep small enough if that matters). The
// reported time is the end of a bracket of width about 1e-12·max(|t|, step)
// on the side where G has already changed sign.
type Event struct {
	G         func(t float64, y []float64) float64 // must not retain y
	Direction int                                  // 0: any crossing, +1: rising only, −1: falling only
	Terminal  bool                                 // stop the integration at the first such zero
}

// Settings controls an integration. The zero value selects the defaults.
type Settings struct {
	// RTol and ATol are the relative and absolute tolerances of the local
	// error test (0 means 1e-6 and 1e-9). DormandPrince and Rodas keep the
	// RMS over components of errᵢ/(ATol + RTol·max(|yᵢ|, |ynewᵢ|)) below 1;
	// BDF keeps the largest component below 1 (the max norm, as LSODA
	// does), so at equal tolerances it is the stricter test. RK4 ignores them.
	RTol, ATol float64
	// InitialStep is the first trial step (0: Hairer's automatic choice).
	InitialStep float64
	// MaxStep bounds the step size (0: T1−T0).
	MaxStep float64
	// MaxSteps bounds the number of attempted (accepted + rejected) steps
	// (0: 1,000,000).
	MaxSteps int
	// Output lists ascending times in [T0, T1] at which the solution is
	// stored in Result.Output. For RK4 they must lie on the step grid.
	Output []float64
	// Events lists event functions whose zeros are located.
	Events []Event
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
	T float64   // final time: T1, or the time of the first terminal event
	Y []float64 // state at T
	// Output holds in row k the state at Settings.Output[k]. It has one row
	// per requested time that was reached: all of them, unless a terminal
	// event stopped the integration early, in which case only the times ≤ T
	// have rows. It is nil when no row was filled.
	Output *mat.Dense
	Events []EventHit // located zeros in increasing time
	Stats  Stats
}
