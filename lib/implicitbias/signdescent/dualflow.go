package signdescent

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/ode"
)

// DualTrajectory is a solution of DualFlow: row k of Dual is
// θ(t) = ∇Φₜ(β(t)) and row k of Beta is β(t) = ∇Φₜ*(θ(t)) at Times[k].
type DualTrajectory struct {
	Times      []float64
	Dual, Beta *mat.Dense
	Stats      ode.Stats
}

// DualFlow integrates the dual dynamics of Prop. 3.6 of Wang and Klabjan
// (UAI 2025, eq. (20)) as a mirror flow of the time-varying potential
// Φₜ(β) = ⅔Σᵢ(|βᵢ| + vᵢ(t)²)^{3/2}, given the schedule v(t) of the
// non-dominating weights:
//
//	θ̇ = −sgn(β)⊙∇_uL/(|∇_uL| + ε),  β = ∇Φₜ*(θ),  θ(0) = s⊙α,
//
// with ∇_uLᵢ = 2sᵢuᵢ(∇_βL)ᵢ and uᵢ = |θᵢ|, i.e. θ̇ᵢ = −2uᵢ(∇_βL)ᵢ/(2uᵢ|(∇_βL)ᵢ| + ε),
// and ∇Φₜ*(θ)ᵢ = sgn(θᵢ)·max(θᵢ² − vᵢ(t)², 0). Unlike Flow this ODE is
// not autonomous — the potential changes with t — and the integrator is
// told so. With v(t) taken from a run of Flow (Trajectory.VAt) it
// reproduces that run's β(t): the mirror-descent reading of smoothed sign
// descent, checked as an ODE rather than as an identity. v must write
// finite values; vᵢ(0) = α gives β(0) = 0. Requires Assumption 3.2 (for
// the signs s) and depth 2.
func DualFlow(p *Problem, m Model, v func(t float64, dst []float64), s FlowSettings) (*DualTrajectory, error) {
	const op = "DualFlow"
	if p == nil {
		return nil, invalid(op, "problem is nil")
	}
	if v == nil {
		return nil, invalid(op, "schedule v is nil")
	}
	m, err := m.check(op, false)
	if err != nil {
		return nil, err
	}
	if m.Depth != 2 {
		return nil, invalid(op, "Depth = %d: the potential Φₜ is that of depth 2", m.Depth)
	}
	signs, err := p.Signs()
	if err != nil {
		return nil, err
	}
	times, err := checkFlowSettings(op, s)
	if err != nil {
		return nil, err
	}
	d := p.d
	if len(times) > maxElems/(2*d) {
		return nil, invalid(op, "%d output times × %d coordinates exceed %d entries", len(times), 2*d, maxElems)
	}
	if s.Method != DormandPrince && d > maxElems/d {
		return nil, invalid(op, "the stiff integrators store a %d×%d Jacobian, more than %d entries; use DormandPrince", d, d, maxElems)
	}
	dy := newDynamics(p, m, false)
	vt := make([]float64, d)
	beta := make([]float64, d)
	// inverse writes β = ∇Φₜ*(θ) for the schedule at t.
	inverse := func(t float64, theta, beta []float64) {
		v(t, vt)
		for i, th := range theta {
			beta[i] = sign(th) * math.Max(th*th-vt[i]*vt[i], 0)
		}
	}
	f := func(t float64, theta, dtheta []float64) {
		inverse(t, theta, beta)
		dy.betaGrad(beta)
		for i, th := range theta {
			u := math.Abs(th)
			dtheta[i] = -2 * u * dy.gb[i] / (2*u*math.Abs(dy.gb[i]) + dy.eps)
		}
	}
	theta0 := make([]float64, d)
	for i, si := range signs {
		theta0[i] = si * m.Alpha
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
	prob := ode.Problem{F: f, T0: 0, T1: s.T, Y0: theta0, Autonomous: false}
	settings := ode.Settings{RTol: rtol, ATol: atol, MaxSteps: s.MaxSteps, Output: times}
	res, err := s.Method.solve(op, prob, settings)
	if err != nil {
		return nil, err
	}
	tr := &DualTrajectory{Times: times, Dual: res.Output, Beta: mat.NewDense(len(times), d, nil), Stats: res.Stats}
	for k, t := range times {
		row := tr.Beta.RawRowView(k)
		inverse(t, res.Output.RawRowView(k), row)
		for i, b := range row {
			if !finite(b) {
				return nil, fmt.Errorf("signdescent: %s: β_%d(%v) = %v is not finite (check the schedule v)", op, i, t, b)
			}
		}
	}
	return tr, nil
}

// betaGrad stores ∇_βL = ½Xᵀ(Xβ − y) in dy.gb (and Xβ − y in dy.r).
func (dy *dynamics) betaGrad(beta []float64) {
	p := dy.p
	for j := range dy.gb {
		dy.gb[j] = 0
	}
	for n := 0; n < p.n; n++ {
		row := p.x.RawRowView(n)
		r := dot(row, beta) - p.y[n]
		dy.r[n] = r
		for j, x := range row {
			dy.gb[j] += 0.5 * x * r
		}
	}
}

// VAt writes into dst the non-dominating weights v(t) interpolated
// between the samples of the trajectory, linearly in log v (v decays
// exponentially after the initial stage); t outside [Times[0], Times[last]]
// takes the nearest sample. It is the schedule DualFlow needs. It panics
// if the trajectory has no V (Assumption 3.2 failed) or len(dst) ≠ D.
func (tr *Trajectory) VAt(t float64, dst []float64) {
	rows, d := tr.V.Dims()
	if len(dst) != d {
		panic(fmt.Sprintf("signdescent: VAt: dst has length %d, D = %d", len(dst), d))
	}
	k := sort.SearchFloat64s(tr.Times, t) // first index with Times[k] ≥ t
	switch {
	case k == 0:
		copy(dst, tr.V.RawRowView(0))
		return
	case k >= rows:
		copy(dst, tr.V.RawRowView(rows-1))
		return
	}
	t0, t1 := tr.Times[k-1], tr.Times[k]
	a, b := tr.V.RawRowView(k-1), tr.V.RawRowView(k)
	if t1 == t0 {
		copy(dst, b)
		return
	}
	w := (t - t0) / (t1 - t0)
	for i := range dst {
		if a[i] > 0 && b[i] > 0 {
			dst[i] = math.Exp((1-w)*math.Log(a[i]) + w*math.Log(b[i]))
		} else {
			dst[i] = (1-w)*a[i] + w*b[i]
		}
	}
}
