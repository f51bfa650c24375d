package implicitbias

import (
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

// Trajectory is the outcome of MirrorFlow or DiagonalFlow.
type Trajectory struct {
	// Times are the output times and X holds in row k the point x(Times[k])
	// (β(Times[k]) for a diagonal network).
	Times []float64
	X     *mat.Dense
	// Final is x(T) (β(T)); Residual is ‖A·Final − y‖.
	Final    *mat.VecDense
	Residual float64
	// Net holds the final weights of DiagonalFlow (nil for MirrorFlow).
	Net *DiagonalNet
	// Stats counts the integrator's work.
	Stats ode.Stats
}

// MirrorFlow integrates the mirror flow d/dt ∇ψ(x) = −∇L(x) of the
// potential p on the least-squares loss ls from x(0) = x0, in dual
// coordinates: θ' = −Aᵀ(A∇ψ*(θ) − y), θ(0) = ∇ψ(x0), and reports
// x = ∇ψ*(θ) at the requested times. No Hessian is inverted.
//
// With Hypentropy(α) it reproduces the gradient flow of the depth-2
// diagonal network from u₀ = v₀ = α·1 (same time variable), with
// DepthPotential(D, α) the depth-D network; see DiagonalFlow. Errors name the
// bad setting or report an integration failure (for example a dual state
// leaving the domain of ψ*).
func MirrorFlow(p Potential, ls *LeastSquares, x0 *mat.VecDense, s FlowSettings) (*Trajectory, error) {
	x, err := startMirror("MirrorFlow", p, ls, x0)
	if err != nil {
		return nil, err
	}
	n, d := ls.Dims()
	theta0 := make([]float64, d)
	p.Grad(theta0, x)
	if err := p.CheckDual(theta0); err != nil {
		return nil, fmt.Errorf("implicitbias: MirrorFlow: ∇ψ(x0) is not a valid dual point: %w", err)
	}
	r := make([]float64, n)
	f := func(_ float64, theta, dtheta []float64) {
		p.GradStar(x, theta)
		ls.Grad(dtheta, r, x)
		for j := range dtheta {
			dtheta[j] = -dtheta[j]
		}
	}
	res, times, err := integrateFlow("MirrorFlow", f, theta0, s)
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
	return newTrajectory(ls, times, X, final, res.Stats)
}

// DiagonalFlow integrates the gradient flow of the network's weights on
// L(β) = ½‖Aβ − y‖²,
//
//	u' = −D·u^{⊙(D−1)} ⊙ ∇L(β),  v' = D·v^{⊙(D−1)} ⊙ ∇L(β),
//
// from net's weights, and reports β = u^{⊙D} − v^{⊙D} at the requested
// times. net is not modified; the final weights are in Trajectory.Net.
func DiagonalFlow(net *DiagonalNet, ls *LeastSquares, s FlowSettings) (*Trajectory, error) {
	u, v, err := startWeights("DiagonalFlow", net, ls)
	if err != nil {
		return nil, err
	}
	n, d := ls.Dims()
	depth := net.Depth
	beta := make([]float64, d)
	du := make([]float64, d)
	dv := make([]float64, d)
	g := make([]float64, d)
	r := make([]float64, n)
	f := func(_ float64, w, dw []float64) {
		weightsToBeta(beta, du, dv, w[:d], w[d:], depth)
		ls.Grad(g, r, beta)
		for j, gj := range g {
			dw[j] = -du[j] * gj
			dw[d+j] = dv[j] * gj
		}
	}
	res, times, err := integrateFlow("DiagonalFlow", f, append(u, v...), s)
	if err != nil {
		return nil, err
	}
	rows := len(times)
	X := mat.NewDense(rows, d, nil)
	for k := 0; k < rows; k++ {
		w := res.Output.RawRowView(k)
		weightsToBeta(X.RawRowView(k), du, dv, w[:d], w[d:], depth)
	}
	final := make([]float64, d)
	weightsToBeta(final, du, dv, res.Y[:d], res.Y[d:], depth)
	tr, err := newTrajectory(ls, times, X, final, res.Stats)
	if err != nil {
		return nil, err
	}
	wf := append([]float64(nil), res.Y...)
	tr.Net = &DiagonalNet{Depth: depth, U: mat.NewVecDense(d, wf[:d]), V: mat.NewVecDense(d, wf[d:])}
	return tr, nil
}

// integrateFlow validates s and integrates y' = f(y) from y0 on [0, s.T].
func integrateFlow(method string, f ode.Func, y0 []float64, s FlowSettings) (*ode.Result, []float64, error) {
	if !(s.T > 0) || math.IsInf(s.T, 1) {
		return nil, nil, fmt.Errorf("implicitbias: %s: final time T = %v, must be positive and finite", method, s.T)
	}
	times := s.Times
	if len(times) == 0 {
		times = []float64{s.T}
	}
	for k, t := range times {
		if !(t >= 0 && t <= s.T) || (k > 0 && !(t >= times[k-1])) {
			return nil, nil, fmt.Errorf("implicitbias: %s: Times[%d] = %v, times must be ascending in [0, T=%v]", method, k, t, s.T)
		}
	}
	times = append([]float64(nil), times...)
	// Both flows are autonomous: their right-hand sides do not depend on t.
	p := ode.Problem{F: f, T0: 0, T1: s.T, Y0: y0, Autonomous: true}
	var res *ode.Result
	var err error
	switch s.Method {
	case RK4Flow:
		if s.Steps < 1 {
			return nil, nil, fmt.Errorf("implicitbias: %s: RK4 Steps = %d, must be ≥ 1", method, s.Steps)
		}
		res, err = ode.RK4(p, s.Steps, ode.Settings{Output: times})
	case DormandPrinceFlow, RodasFlow:
		if s.RTol < 0 || s.ATol < 0 || math.IsNaN(s.RTol) || math.IsNaN(s.ATol) {
			return nil, nil, fmt.Errorf("implicitbias: %s: tolerances RTol = %v, ATol = %v must be ≥ 0", method, s.RTol, s.ATol)
		}
		rtol, atol := s.RTol, s.ATol
		if rtol == 0 {
			rtol = 1e-10
		}
		if atol == 0 {
			atol = 1e-12
		}
		settings := ode.Settings{RTol: rtol, ATol: atol, MaxSteps: s.MaxSteps, Output: times}
		if s.Method == RodasFlow {
			res, err = ode.Rodas(p, settings)
		} else {
			res, err = ode.DormandPrince(p, settings)
		}
	default:
		return nil, nil, fmt.Errorf("implicitbias: %s: unknown Method %d", method, s.Method)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("implicitbias: %s: %w", method, err)
	}
	return res, times, nil
}

// newTrajectory assembles a Trajectory and checks that it is finite.
func newTrajectory(ls *LeastSquares, times []float64, X *mat.Dense, final []float64, st ode.Stats) (*Trajectory, error) {
	for j, v := range final {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("implicitbias: flow produced a non-finite final point (coordinate %d = %v)", j, v)
		}
	}
	n, _ := ls.Dims()
	r := make([]float64, n)
	ls.Residual(r, final)
	return &Trajectory{
		Times:    times,
		X:        X,
		Final:    mat.NewVecDense(len(final), final),
		Residual: norm2(r),
		Stats:    st,
	}, nil
}
