package reparam

import (
	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// DiagonalTrajectory is the outcome of DiagonalFlow: the trajectory of β
// and the final weights.
type DiagonalTrajectory struct {
	ib.Trajectory
	// Net holds the weights at the final time.
	Net *DiagonalNet
}

// DiagonalFlow integrates the gradient flow of the network's weights on the
// objective L(β) (for example ½‖Aβ − y‖²),
//
//	u' = −D·u^{⊙(D−1)} ⊙ ∇L(β),  v' = D·v^{⊙(D−1)} ⊙ ∇L(β),
//
// from net's weights, and reports β = u^{⊙D} − v^{⊙D} at the requested
// times. net is not modified; the final weights are in Net. From
// u₀ = v₀ = α·1 this is implicitbias.MirrorFlow with
// DiagonalPotential(D, α) (Woodworth et al., COLT 2020). Invalid input
// wraps implicitbias.ErrInvalidInput.
func DiagonalFlow(net *DiagonalNet, obj ib.Objective, s ib.FlowSettings) (*DiagonalTrajectory, error) {
	const op = "DiagonalFlow"
	if obj == nil {
		return nil, failure.Invalid(op, "objective is nil")
	}
	if err := obj.Validate(); err != nil {
		return nil, failure.Invalid(op, "objective: %w", err)
	}
	n, d := obj.Dims()
	u, v, err := net.weights(op, d)
	if err != nil {
		return nil, err
	}
	depth := net.Depth
	beta := make([]float64, d)
	du := make([]float64, d)
	dv := make([]float64, d)
	g := make([]float64, d)
	r := make([]float64, n)
	f := func(_ float64, w, dw []float64) {
		weightsToBeta(beta, du, dv, w[:d], w[d:], depth)
		obj.EvalGrad(g, r, beta)
		for j, gj := range g {
			dw[j] = -du[j] * gj
			dw[d+j] = dv[j] * gj
		}
	}
	// The gradient flow of fixed weights' map on a fixed objective does not
	// depend on t.
	res, times, err := s.Integrate(op, f, append(u, v...), true)
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
	tr, err := ib.NewTrajectory(obj, times, X, final, res.Stats)
	if err != nil {
		return nil, err
	}
	wf := append([]float64(nil), res.Y...)
	return &DiagonalTrajectory{
		Trajectory: *tr,
		Net:        &DiagonalNet{Depth: depth, U: mat.NewVecDense(d, wf[:d]), V: mat.NewVecDense(d, wf[d:])},
	}, nil
}
