package signdescent

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/ode"
)

// Integrator selects the ODE method of Flow.
type Integrator int

const (
	// BDF is the stiff variable-order ode.BDF (NDF) with the analytic
	// Jacobian (depth 2; finite differences otherwise), which reuses its
	// Jacobian and LU factorisation over many steps. It is the default: the
	// convergence stage makes the flow stiff at small ε (rate ~1/ε), and BDF
	// needs 5–25 times fewer right-hand-side calls than DormandPrince there.
	BDF Integrator = iota
	// DormandPrince is the explicit ode.DormandPrince 5(4) pair.
	DormandPrince
	// Rodas is the stiff ode.Rodas (one Jacobian and LU per step).
	Rodas
)

// solve integrates p with the method m; op names the caller in errors.
func (m Integrator) solve(op string, p ode.Problem, s ode.Settings) (*ode.Result, error) {
	var res *ode.Result
	var err error
	switch m {
	case BDF:
		res, err = ode.BDF(p, s)
	case DormandPrince:
		res, err = ode.DormandPrince(p, s)
	case Rodas:
		res, err = ode.Rodas(p, s)
	default:
		return nil, invalid(op, "unknown Method %d", m)
	}
	if err != nil {
		return nil, fmt.Errorf("signdescent: %s: %w", op, err)
	}
	return res, nil
}

// FlowSettings configures Flow and GDFlow. Time runs from 0 to T.
type FlowSettings struct {
	// T > 0 is the final time.
	T float64
	// Times lists ascending output times in [0, T]; nil means just T.
	Times []float64
	// Method selects the integrator.
	Method Integrator
	// RTol and ATol are the integrator's tolerances on the log-weights;
	// 0 means 1e-10 and 1e-13 for BDF and 1e-9 and 1e-12 for the one-step
	// methods, which gives the weights, T₀ and T to about 1e-8 with each
	// (BDF's global error is about ten times its local tolerance here).
	RTol, ATol float64
	// MaxSteps bounds the integrator's steps; 0 means the ode default.
	MaxSteps int
}

// Trajectory is a solution of the smoothed sign-descent flow (or of the
// gradient flow baseline) sampled at Times.
type Trajectory struct {
	// Times are the output times.
	Times []float64
	// Plus, Minus and Beta hold in row k the weights w⁺, w⁻ and
	// β = w⁺^H − w⁻^H at Times[k].
	Plus, Minus, Beta *mat.Dense
	// U and V hold in row k the dominating weight uᵢ (w⁺ᵢ if sᵢ > 0, else
	// w⁻ᵢ) and the other weight vᵢ; GradU and GradV hold |∇_uL|ᵢ and
	// |∇_vL|ᵢ. They are nil when Assumption 3.2 fails (the signs sᵢ are
	// then undefined).
	U, V, GradU, GradV *mat.Dense
	// Signs are sᵢ = sgn(xᵢ⁽ⁿ⁾y⁽ⁿ⁾) (nil when Assumption 3.2 fails).
	Signs []float64
	// T0 is the first time with maxᵢ |∇_vL|ᵢ ≤ ε (end of the initial stage,
	// Prop. 3.5) and TEnd the first time with minᵢ |∇_uL|ᵢ ≤ ε (end of the
	// sign-descent stage, Prop. 3.7), both located as events of the ODE.
	// They are NaN when not reached by T, when Assumption 3.2 fails, or for
	// the gradient-flow baseline.
	T0, TEnd float64
	// Final holds the weights (w⁺, w⁻) at T and FinalBeta β(T).
	Final     []float64
	FinalBeta []float64
	// Residual is max_n |⟨x⁽ⁿ⁾, β(T)⟩ − y⁽ⁿ⁾|.
	Residual float64
	// Assumptions is nil when the data, α and ε satisfy Assumptions 3.2
	// and 3.3 (so that Propositions 3.4–3.7 apply), else the
	// *AssumptionError that says which inequality fails. Depth ≠ 2 is
	// reported here too: no theorem covers it.
	Assumptions error
	// Stats counts the integrator's work.
	Stats ode.Stats
}

// Flow integrates the smoothed sign-descent flow ẇ = −∇_wL/(|∇_wL| + ε)
// (eq. (16) of Wang and Klabjan, UAI 2025) from w⁺ = w⁻ = α·1 and returns
// the trajectory with the stage times T₀ and T located as events.
//
// The ODE is integrated in the log-weights z = log w (the weights stay
// positive, Prop. 3.4), which gives the decaying non-dominating weights a
// relative accuracy. The weight ODE is autonomous: the time dependence of the mirror
// potential Φₜ enters only through v(t), which is part of the state, so
// the integrator is told so (ode.Problem.Autonomous) and Rodas skips the
// ∂F/∂t difference. Flow runs on any data; Trajectory.Assumptions says
// whether the paper's theorems cover the run.
func Flow(p *Problem, m Model, s FlowSettings) (*Trajectory, error) {
	const op = "Flow"
	if p == nil {
		return nil, invalid(op, "problem is nil")
	}
	m, err := m.check(op, false)
	if err != nil {
		return nil, err
	}
	return integrate(op, p, m, s, false)
}

// GDFlow integrates the gradient flow ẇ = −∇_wL on the same network and
// loss from w⁺ = w⁻ = α·1 (depth m.Depth; m.Eps is ignored): the baseline
// of Woodworth et al. (COLT 2020), whose limit is the hyperbolic-entropy
// projection returned by GDLimit. With L = ¼‖Xβ − y‖² it runs at half the
// speed of the core's flows, which use ½‖Aβ − y‖².
func GDFlow(p *Problem, m Model, s FlowSettings) (*Trajectory, error) {
	const op = "GDFlow"
	if p == nil {
		return nil, invalid(op, "problem is nil")
	}
	m, err := m.check(op, true)
	if err != nil {
		return nil, err
	}
	return integrate(op, p, m, s, true)
}

// checkFlowSettings validates s and returns the output times.
func checkFlowSettings(op string, s FlowSettings) ([]float64, error) {
	if !(s.T > 0) || math.IsInf(s.T, 1) {
		return nil, invalid(op, "final time T = %v must be positive and finite", s.T)
	}
	if !(s.RTol >= 0) || !(s.ATol >= 0) || math.IsInf(s.RTol, 1) || math.IsInf(s.ATol, 1) {
		return nil, invalid(op, "tolerances RTol = %v, ATol = %v must be finite and ≥ 0", s.RTol, s.ATol)
	}
	if s.MaxSteps < 0 {
		return nil, invalid(op, "MaxSteps = %d must be ≥ 0", s.MaxSteps)
	}
	times := s.Times
	if len(times) == 0 {
		times = []float64{s.T}
	}
	if len(times) > maxElems {
		return nil, invalid(op, "%d output times, more than %d", len(times), maxElems)
	}
	for k, t := range times {
		if !(t >= 0 && t <= s.T) || (k > 0 && !(t >= times[k-1])) {
			return nil, invalid(op, "Times[%d] = %v: times must be ascending in [0, T = %v]", k, t, s.T)
		}
	}
	return append([]float64(nil), times...), nil
}

func integrate(op string, p *Problem, m Model, s FlowSettings, gd bool) (*Trajectory, error) {
	times, err := checkFlowSettings(op, s)
	if err != nil {
		return nil, err
	}
	d := p.d
	if len(times) > maxElems/(2*d) {
		return nil, invalid(op, "%d output times × %d weights exceed %d entries", len(times), 2*d, maxElems)
	}
	if s.Method != DormandPrince && 2*d > maxElems/(2*d) {
		return nil, invalid(op, "the stiff integrators store a %d×%d Jacobian, more than %d entries; use DormandPrince", 2*d, 2*d, maxElems)
	}
	dy := newDynamics(p, m, gd)
	// The state is z = log w (see dynamics.rhs).
	z0 := make([]float64, 2*d)
	for k := range z0 {
		z0[k] = math.Log(m.Alpha)
	}
	prob := ode.Problem{F: dy.rhs, T0: 0, T1: s.T, Y0: z0, Autonomous: true}
	if m.Depth == 2 {
		prob.Jac = dy.jac
	}
	rtol, atol := s.RTol, s.ATol
	if rtol == 0 {
		rtol = 1e-9
		if s.Method == BDF {
			rtol = 1e-10
		}
	}
	if atol == 0 {
		atol = 1e-3 * rtol
	}
	settings := ode.Settings{RTol: rtol, ATol: atol, MaxSteps: s.MaxSteps, Output: times}

	tr := &Trajectory{Times: times, T0: math.NaN(), TEnd: math.NaN()}
	switch {
	case gd:
		tr.Assumptions = fmt.Errorf("signdescent: %s: gradient descent is the baseline, not covered by the smoothed-sign-descent theorems", op)
	case m.Depth != 2:
		tr.Assumptions = fmt.Errorf("signdescent: %s: depth H = %d: Wang & Klabjan state their results for H = 2 only (the depth-H remark has no theorem)", op, m.Depth)
	default:
		tr.Assumptions = CheckAssumptions(p, m.Alpha, m.Eps)
	}
	// Stage events need the signs sᵢ (Assumption 3.2).
	var g0 [2]float64
	if signs, err := p.Signs(); err == nil && !gd {
		tr.Signs = signs
		ev := newStageEvents(p, m, signs)
		settings.Events = ev.events()
		g0[0], g0[1] = ev.eval(z0)
	}
	res, err := s.Method.solve(op, prob, settings)
	if err != nil {
		return nil, err
	}
	if tr.Signs != nil {
		tr.T0, tr.TEnd = firstHits(res.Events, g0)
	}
	if err := tr.fill(p, m, dy, res); err != nil {
		return nil, fmt.Errorf("signdescent: %s: %w", op, err)
	}
	return tr, nil
}

// firstHits returns the first located zero of each stage event, or 0 when
// the event function is already ≤ 0 at t = 0, or NaN when never reached.
func firstHits(hits []ode.EventHit, g0 [2]float64) (t0, tEnd float64) {
	t := [2]float64{math.NaN(), math.NaN()}
	for k := range t {
		if g0[k] <= 0 {
			t[k] = 0
		}
	}
	for _, h := range hits {
		if math.IsNaN(t[h.Index]) {
			t[h.Index] = h.T
		}
	}
	return t[0], t[1]
}

// fill stores the sampled weights and the derived quantities.
func (tr *Trajectory) fill(p *Problem, m Model, dy *dynamics, res *ode.Result) error {
	for k, v := range res.Y {
		if !finite(v) {
			return fmt.Errorf("non-finite log-weight %d = %v at T", k, v)
		}
	}
	d, rows := p.d, len(tr.Times)
	tr.Stats = res.Stats
	tr.Final = make([]float64, 2*d)
	expTo(tr.Final, res.Y)
	tr.FinalBeta = make([]float64, d)
	weightsToBeta(tr.FinalBeta, tr.Final, m.Depth)
	tr.Residual = p.Residual(tr.FinalBeta)
	tr.Plus, tr.Minus, tr.Beta = mat.NewDense(rows, d, nil), mat.NewDense(rows, d, nil), mat.NewDense(rows, d, nil)
	if tr.Signs != nil {
		tr.U, tr.V = mat.NewDense(rows, d, nil), mat.NewDense(rows, d, nil)
		tr.GradU, tr.GradV = mat.NewDense(rows, d, nil), mat.NewDense(rows, d, nil)
	}
	for k := 0; k < rows; k++ {
		w := dy.w
		expTo(w, res.Output.RawRowView(k))
		copy(tr.Plus.RawRowView(k), w[:d])
		copy(tr.Minus.RawRowView(k), w[d:])
		weightsToBeta(tr.Beta.RawRowView(k), w, m.Depth)
		if tr.Signs == nil {
			continue
		}
		dy.grad(w)
		dy.stageGrads(tr.GradU.RawRowView(k), tr.GradV.RawRowView(k), tr.Signs)
		u, v := tr.U.RawRowView(k), tr.V.RawRowView(k)
		for i, si := range tr.Signs {
			u[i], v[i] = w[i], w[d+i]
			if si < 0 {
				u[i], v[i] = v[i], u[i]
			}
		}
	}
	return nil
}

// Dual returns the dual trajectory ∇Φₜ(β(t)) = s⊙u(t) at the sample
// times, one row per time (Prop. 3.6 of Wang and Klabjan; at t = 0 it is
// the one-sided value s⊙α the paper's proof uses at the kink of Φ₀). It
// returns nil when Assumption 3.2 fails.
func (tr *Trajectory) Dual() *mat.Dense {
	if tr.U == nil {
		return nil
	}
	r, c := tr.U.Dims()
	dual := mat.NewDense(r, c, nil)
	for k := 0; k < r; k++ {
		row, u := dual.RawRowView(k), tr.U.RawRowView(k)
		for i, si := range tr.Signs {
			row[i] = si * u[i]
		}
	}
	return dual
}

// expTo stores exp(z) in dst.
func expTo(dst, z []float64) {
	for k, v := range z {
		dst[k] = math.Exp(v)
	}
}

// stageEvents evaluates the two stage event functions
// maxᵢ|∇_vL|ᵢ − ε and minᵢ|∇_uL|ᵢ − ε of the log-weights z with their own
// workspace.
type stageEvents struct {
	dy     *dynamics
	s      []float64
	gu, gv []float64
	eps    float64
}

func newStageEvents(p *Problem, m Model, s []float64) *stageEvents {
	return &stageEvents{dy: newDynamics(p, m, false), s: s, gu: make([]float64, p.d), gv: make([]float64, p.d), eps: m.Eps}
}

func (e *stageEvents) eval(z []float64) (maxV, minU float64) {
	expTo(e.dy.w, z)
	e.dy.grad(e.dy.w)
	e.dy.stageGrads(e.gu, e.gv, e.s)
	maxV, minU = math.Inf(-1), math.Inf(1)
	for i := range e.gu {
		maxV = math.Max(maxV, e.gv[i])
		minU = math.Min(minU, e.gu[i])
	}
	return maxV - e.eps, minU - e.eps
}

func (e *stageEvents) events() []ode.Event {
	return []ode.Event{
		{G: func(_ float64, z []float64) float64 { g, _ := e.eval(z); return g }, Direction: -1},
		{G: func(_ float64, z []float64) float64 { _, g := e.eval(z); return g }, Direction: -1},
	}
}
