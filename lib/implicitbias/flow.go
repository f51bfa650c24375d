package implicitbias

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/ode"
)

// FlowMethod selects the integrator of MirrorFlow and DiagonalFlow.
type FlowMethod int

const (
	// DormandPrinceFlow integrates with the adaptive ode.DormandPrince
	// (tolerances FlowSettings.RTol, ATol). It is the default.
	DormandPrinceFlow FlowMethod = iota
	// RK4Flow integrates with FlowSettings.Steps fixed ode.RK4 steps, for
	// comparisons of two flows on the same time grid.
	RK4Flow
	// RodasFlow integrates with the stiff ode.Rodas (finite-difference
	// Jacobian; tolerances as DormandPrinceFlow), for flows that make an
	// explicit method crawl, such as the rich regime at small α.
	RodasFlow
	// BDFFlow integrates with the stiff, variable-order ode.BDF (numerical
	// differentiation formulas of orders 1–5; finite-difference Jacobian,
	// reused across steps; tolerances as DormandPrinceFlow). On long stiff
	// flows it needs far fewer right-hand-side calls than RodasFlow, which
	// factorises a new Jacobian every step.
	BDFFlow
)

// FlowSettings configures MirrorFlow and DiagonalFlow. Time runs from 0 to T.
type FlowSettings struct {
	// T > 0 is the final time.
	T float64
	// Times lists ascending output times in [0, T]; nil means just T. For
	// RK4Flow they must lie on the step grid k·T/Steps.
	Times []float64
	// Method selects the integrator.
	Method FlowMethod
	// Steps is the number of RK4 steps (RK4Flow only, must be ≥ 1).
	Steps int
	// RTol and ATol are the adaptive methods' tolerances; 0 means 1e-10 and 1e-12
	// (tighter than the ode defaults, as implicit-bias checks compare limits
	// to 1e-6 or better).
	RTol, ATol float64
	// MaxSteps bounds the adaptive methods' steps; 0 means the ode default.
	MaxSteps int
}

// Trajectory is the outcome of MirrorFlow and of the flows of the topic
// subpackages (reparam.DiagonalFlow, …).
type Trajectory struct {
	// Times are the output times and X holds in row k the point x(Times[k])
	// (β(Times[k]) for a reparametrised model).
	Times []float64
	X     *mat.Dense
	// Final is x(T) (β(T)); Residual is the objective's stopping measure
	// there (‖A·Final − y‖ for least squares).
	Final    *mat.VecDense
	Residual float64
	// Stats counts the integrator's work.
	Stats ode.Stats
}

// MirrorFlow integrates the mirror flow d/dt ∇ψ(x) = −∇L(x) of the
// potential p on the objective obj (for example a *LeastSquares) from
// x(0) = x0, in dual coordinates: θ' = −∇L(∇ψ*(θ)), θ(0) = ∇ψ(x0), and
// reports x = ∇ψ*(θ) at the requested times. No Hessian is inverted.
//
// With Hypentropy(α) it reproduces the gradient flow of the depth-2
// diagonal network from u₀ = v₀ = α·1 (same time variable), with
// DepthPotential(D, α) the depth-D network (Woodworth et al., COLT 2020);
// see reparam.DiagonalFlow. Invalid input wraps ErrInvalidInput; an
// integration failure (for example a dual state leaving the domain of ψ*)
// is reported as an error naming the method.
func MirrorFlow(p Potential, obj Objective, x0 *mat.VecDense, s FlowSettings) (*Trajectory, error) {
	const op = "MirrorFlow"
	x, err := startMirror(op, p, obj, x0)
	if err != nil {
		return nil, err
	}
	n, d := obj.Dims()
	theta0 := make([]float64, d)
	p.Grad(theta0, x)
	if err := p.CheckDual(theta0); err != nil {
		return nil, invalid(op, "∇ψ(x0) is not a valid dual point of %v: %w", p, err)
	}
	r := make([]float64, n)
	f := func(_ float64, theta, dtheta []float64) {
		p.GradStar(x, theta)
		obj.EvalGrad(dtheta, r, x)
		for j := range dtheta {
			dtheta[j] = -dtheta[j]
		}
	}
	// The mirror flow of a fixed potential on a fixed objective does not
	// depend on t; a time-varying model passes false to Integrate.
	res, times, err := s.Integrate(op, f, theta0, true)
	if err != nil {
		return nil, err
	}
	rows := len(times)
	X := mat.NewDense(rows, d, nil)
	for k := 0; k < rows; k++ {
		p.GradStar(X.RawRowView(k), res.Output.RawRowView(k))
	}
	final := make([]float64, d)
	p.GradStar(final, res.Y)
	return NewTrajectory(obj, times, X, final, res.Stats)
}

// Integrate validates s and integrates y' = f(t, y) from y0 on [0, s.T]
// with the method and tolerances of s, returning the integrator's result
// and the output times. It is the integrator of MirrorFlow and of the flows
// of the topic subpackages; op names the caller in errors, and autonomous
// says whether f ignores t — the model knows, and the stiff methods use
// it to skip the time derivative of f. Invalid settings wrap
// ErrInvalidInput.
func (s FlowSettings) Integrate(op string, f ode.Func, y0 []float64, autonomous bool) (*ode.Result, []float64, error) {
	method := op
	if !(s.T > 0) || math.IsInf(s.T, 1) {
		return nil, nil, invalid(method, "final time T = %v, must be positive and finite", s.T)
	}
	times := s.Times
	if len(times) == 0 {
		times = []float64{s.T}
	}
	for k, t := range times {
		if !(t >= 0 && t <= s.T) || (k > 0 && !(t >= times[k-1])) {
			return nil, nil, invalid(method, "Times[%d] = %v, times must be ascending in [0, T=%v]", k, t, s.T)
		}
	}
	times = append([]float64(nil), times...)
	p := ode.Problem{F: f, T0: 0, T1: s.T, Y0: y0, Autonomous: autonomous}
	var res *ode.Result
	var err error
	switch s.Method {
	case RK4Flow:
		if s.Steps < 1 {
			return nil, nil, invalid(method, "RK4 Steps = %d, must be ≥ 1", s.Steps)
		}
		h := s.T / float64(s.Steps)
		for k, t := range times {
			if j := math.Round(t / h); math.Abs(t-j*h) > 1e-9*h {
				return nil, nil, invalid(method, "Times[%d] = %v is not on the RK4 step grid k·T/Steps = k·%v", k, t, h)
			}
		}
		res, err = ode.RK4(p, s.Steps, ode.Settings{Output: times})
	case DormandPrinceFlow, RodasFlow, BDFFlow:
		if !(s.RTol >= 0 && s.RTol < 1) || !(s.ATol >= 0 && s.ATol <= math.MaxFloat64) {
			return nil, nil, invalid(method, "tolerances RTol = %v, ATol = %v: need 0 ≤ RTol < 1 and a finite ATol ≥ 0 (0 = default)", s.RTol, s.ATol)
		}
		rtol, atol := s.RTol, s.ATol
		if rtol == 0 {
			rtol = 1e-10
		}
		if atol == 0 {
			atol = 1e-12
		}
		settings := ode.Settings{RTol: rtol, ATol: atol, MaxSteps: s.MaxSteps, Output: times}
		switch s.Method {
		case RodasFlow:
			res, err = ode.Rodas(p, settings)
		case BDFFlow:
			res, err = ode.BDF(p, settings)
		default:
			res, err = ode.DormandPrince(p, settings)
		}
	default:
		return nil, nil, invalid(method, "unknown Method %d", s.Method)
	}
	if err != nil {
		// Settings the integrator refuses (MaxSteps < 0, say) are invalid
		// input here too; a failed step or an exhausted step budget keeps
		// ode's sentinel (ode.ErrStepFailed, ode.ErrMaxSteps).
		if errors.Is(err, ode.ErrInvalidInput) {
			return nil, nil, fmt.Errorf("implicitbias: %s: %w: %w", method, ErrInvalidInput, err)
		}
		return nil, nil, fmt.Errorf("implicitbias: %s: %w", method, err)
	}
	return res, times, nil
}

// NewTrajectory assembles the Trajectory of a flow on obj from its output
// times, the points X (one row per time), the final point and the
// integrator's statistics, and computes the stopping measure at the final
// point. It returns an error if the final point is not finite, so that a
// flow never reports a silent NaN. final is kept, not copied.
func NewTrajectory(obj Objective, times []float64, X *mat.Dense, final []float64, st ode.Stats) (*Trajectory, error) {
	for j, v := range final {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &DivergedError{Method: "flow", Iteration: st.Steps, Loss: math.NaN(),
				Reason: fmt.Sprintf("the final point is not finite (coordinate %d = %v)", j, v)}
		}
	}
	n, _ := obj.Dims()
	_, res := obj.Eval(make([]float64, n), final)
	return &Trajectory{
		Times:    times,
		X:        X,
		Final:    mat.NewVecDense(len(final), final),
		Residual: res,
		Stats:    st,
	}, nil
}
