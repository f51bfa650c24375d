package reparam

import (
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// WeightTrajectory is the outcome of GradientFlow: the trajectory of the
// parameters w = G(x) (Trajectory.X, one row per output time) and of the
// weights.
type WeightTrajectory struct {
	ib.Trajectory
	// Weights holds x(Times[k]) in row k; FinalWeights is x(T).
	Weights      *mat.Dense
	FinalWeights *mat.VecDense
}

// GradientFlow integrates gradient flow on the weights of the
// parametrisation g for the objective L(w) (for example ½‖Zw − y‖²),
//
//	ẋ = −∂G(x)ᵀ∇L(G(x)),  x(0) = x0,
//
// and reports w = G(x) and x at the requested times. For a commuting,
// regular G this is the mirror flow d/dt ∇R(w) = −∇L(w) with the
// potential R of G and x0, on the same clock (Li, Wang, Lee, Arora, NeurIPS
// 2022); CompareFlows runs both. It returns an error wrapping
// implicitbias.ErrInvalidInput naming the parameter if g, obj, x0 or s
// are invalid — among them an output dimension of g that disagrees with
// the objective, and a non-finite G(x0) or Jacobian ∂G(x0) — and the
// integrator's error if the flow fails (e.g. a non-finite state).
func GradientFlow(g Parametrization, obj ib.Objective, x0 *mat.VecDense, s ib.FlowSettings) (*WeightTrajectory, error) {
	const op = "GradientFlow"
	D, d, err := checkParametrization(op, g)
	if err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, failure.Invalid(op, "objective is nil")
	}
	if err := obj.Validate(); err != nil {
		return nil, failure.Invalid(op, "objective: %w", err)
	}
	n, dObj := obj.Dims()
	if dObj != d {
		return nil, failure.Invalid(op, "parametrization g has output dimension %d, the objective's parameters have dimension %d", d, dObj)
	}
	xs, err := checkWeights(op, "x0", g, x0, D, d)
	if err != nil {
		return nil, err
	}
	pb := newPullBack(g, D, d)
	w := make([]float64, d)
	grad := make([]float64, d)
	r := make([]float64, n)
	f := func(_ float64, x, dx []float64) {
		g.Map(w, x)
		obj.EvalGrad(grad, r, w)
		pb.mul(dx, x, grad) // ∂Gᵀ∇L, without allocation
		for k := range dx {
			dx[k] = -dx[k]
		}
	}
	res, times, err := s.Integrate(op, f, xs, true)
	if err != nil {
		return nil, err
	}
	rows := len(times)
	W := mat.NewDense(rows, d, nil)
	X := mat.NewDense(rows, D, nil)
	for k := 0; k < rows; k++ {
		X.SetRow(k, res.Output.RawRowView(k))
		g.Map(W.RawRowView(k), res.Output.RawRowView(k))
	}
	final := make([]float64, d)
	g.Map(final, res.Y)
	tr, err := ib.NewTrajectory(obj, times, W, final, res.Stats)
	if err != nil {
		return nil, err
	}
	return &WeightTrajectory{Trajectory: *tr, Weights: X, FinalWeights: mat.NewVecDense(D, append([]float64(nil), res.Y...))}, nil
}

// FlowComparison is the outcome of CompareFlows.
type FlowComparison struct {
	// Weights is gradient flow on the weights; Mirror the mirror flow on w
	// with Potential, both on the same output times.
	Weights   *WeightTrajectory
	Mirror    *ib.Trajectory
	Potential ib.Potential
	// MaxDeviation is max_k ‖G(x(t_k)) − w(t_k)‖∞ over the output times.
	MaxDeviation float64
}

// CompareFlows runs, from matched initialisations, gradient flow on the
// weights of g from x0 (GradientFlow) and the mirror flow of g's
// closed-form potential R from w(0) = G(x0) (implicitbias.MirrorFlow, in
// dual coordinates θ = ∇R(w), θ(0) = 0) with the same settings, and reports
// their largest deviation. By Li, Wang, Lee, Arora (NeurIPS 2022) the two
// are the same curve; with the same fixed-step RK4 grid they differ only
// by the integrator's error in two coordinate systems. Errors are those of
// GradientFlow, MirrorPotential and implicitbias.MirrorFlow.
func CompareFlows(g ClosedForm, obj ib.Objective, x0 *mat.VecDense, s ib.FlowSettings) (*FlowComparison, error) {
	const op = "CompareFlows"
	D, d, err := checkParametrization(op, g)
	if err != nil {
		return nil, err
	}
	gf, err := GradientFlow(g, obj, x0, s)
	if err != nil {
		return nil, err
	}
	xs, err := checkWeights(op, "x0", g, x0, D, d)
	if err != nil {
		return nil, err
	}
	pot, err := g.MirrorPotential(xs)
	if err != nil {
		return nil, err
	}
	w0 := make([]float64, d)
	g.Map(w0, xs)
	mf, err := ib.MirrorFlow(pot, obj, mat.NewVecDense(d, w0), s)
	if err != nil {
		return nil, err
	}
	dev := 0.0
	rows, _ := gf.X.Dims()
	for k := 0; k < rows; k++ {
		a, b := gf.X.RawRowView(k), mf.X.RawRowView(k)
		for i := range a {
			dev = math.Max(dev, math.Abs(a[i]-b[i]))
		}
	}
	return &FlowComparison{Weights: gf, Mirror: mf, Potential: pot, MaxDeviation: dev}, nil
}
