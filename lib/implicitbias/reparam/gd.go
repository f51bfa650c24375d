package reparam

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/engine"
	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// DiagonalSettings configures DiagonalGD.
//
// The objective is Scale·L(β), for example L(β) = ½‖Aβ − y‖². Scale = 1/n
// trains on the mean squared error ‖Aβ − y‖²/(2n) of the NumPy convention;
// step η on that objective is the same run as step η/n with Scale = 1, up
// to rounding. Batch, Shuffle, Seed, MaxIter, Tol and Recorder mean what
// they mean in implicitbias.DescentSettings: Batch = 0 uses the full
// gradient Scale·∇L(β), Batch = b the mini-batch mean
// Scale·(1/b)·Σ_{i∈B} ∇Lᵢ(β); Tol tests the unscaled stopping measure
// (‖Aβ − y‖), and a run with Tol > 0 that exhausts MaxIter returns its
// result together with an *implicitbias.NotConvergedError. The Recorder
// records β_t and the scaled objective.
type DiagonalSettings struct {
	Step     float64 // constant step size η > 0
	Scale    float64 // 0 means 1
	Batch    int
	Shuffle  bool
	Seed     uint64
	MaxIter  int // 0 means 100000
	Tol      float64
	Recorder *ib.Recorder
}

// DiagonalResult is the outcome of DiagonalGD: X is the final β and Loss
// the scaled objective Scale·L(β) there; Net holds the final weights.
type DiagonalResult struct {
	ib.DescentResult
	Net *DiagonalNet
}

// DiagonalGD trains the network's weights (u, v) by gradient descent
// (Batch = 0) or seeded stochastic gradient descent (Batch ≥ 1) on
// Scale·L(β):
//
//	u ← u − η·Scale·D·u^{⊙(D−1)} ⊙ g,  v ← v + η·Scale·D·v^{⊙(D−1)} ⊙ g,
//
// with g = ∇L(β) (Aᵀ(Aβ − y) for least squares) or its mini-batch mean,
// both updates using the same β. net is not modified. The iterations
// allocate nothing. Errors follow the contract of package implicitbias:
// invalid input (a bad network, objective or setting) wraps ErrInvalidInput,
// divergence is a *DivergedError, and a run with Tol > 0 that exhausts
// MaxIter returns its result and a *NotConvergedError.
func DiagonalGD(net *DiagonalNet, obj ib.Objective, s DiagonalSettings) (*DiagonalResult, error) {
	const op = "DiagonalGD"
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
	scale := s.Scale
	if scale == 0 {
		scale = 1
	}
	if !(scale > 0 && scale <= math.MaxFloat64) {
		return nil, failure.Invalid(op, "Scale = %v, must be positive and finite (0 = 1)", s.Scale)
	}
	cfg := engine.Config{Method: op, Samples: n, Step: s.Step, Batch: s.Batch,
		Shuffle: s.Shuffle, Seed: s.Seed, MaxIter: s.MaxIter, Tol: s.Tol}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &diagModel{obj: obj, scale: scale, depth: net.Depth, u: u, v: v,
		beta: make([]float64, d), du: make([]float64, d), dv: make([]float64, d),
		g: make([]float64, d), work: make([]float64, n)}
	weightsToBeta(m.beta, m.du, m.dv, u, v, net.Depth)
	if s.Recorder != nil {
		if err := s.Recorder.Begin(d, nil); err != nil {
			return nil, err
		}
		cfg.Recorder = s.Recorder
	}
	res, err := engine.Run(m, cfg)
	if err != nil && !isNotConverged(err) {
		return nil, err
	}
	return &DiagonalResult{
		DescentResult: ib.DescentResult{
			X:          mat.NewVecDense(d, m.beta),
			Iterations: res.Iterations,
			Loss:       res.Loss,
			Residual:   res.Measure,
			Converged:  res.Converged,
		},
		Net: &DiagonalNet{Depth: net.Depth, U: mat.NewVecDense(d, u), V: mat.NewVecDense(d, v)},
	}, err
}

// diagModel is the state of a DiagonalGD run for the engine: the weights,
// β and the chain-rule factors D·u^{D−1}, D·v^{D−1}, all kept in step.
type diagModel struct {
	obj                ib.Objective
	scale              float64
	depth              int
	u, v, beta, du, dv []float64
	g                  []float64 // unscaled gradient of L at β
	work               []float64
}

func (m *diagModel) Eval(full bool) (float64, float64) {
	var loss, measure float64
	if full {
		loss, measure = m.obj.EvalGrad(m.g, m.work, m.beta)
	} else {
		loss, measure = m.obj.Eval(m.work, m.beta)
	}
	return m.scale * loss, measure
}

func (m *diagModel) BatchGrad(batch []int) (float64, float64) {
	loss, maxRes := m.obj.BatchGrad(m.g, batch, m.beta)
	return m.scale * loss, maxRes
}

// Step folds Scale into the step: η·(Scale·g) = (η·Scale)·g.
func (m *diagModel) Step(eta float64) {
	stepWeights(m.beta, m.du, m.dv, m.u, m.v, m.g, eta*m.scale, m.depth)
}

func (m *diagModel) Check() string {
	for _, b := range m.beta {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			return "the weights overflowed (β is not finite)"
		}
	}
	return ""
}

func (m *diagModel) Point() []float64 { return m.beta }

// stepWeights performs u ← u − η·du⊙g, v ← v + η·dv⊙g and then refreshes β,
// du = D·u^{D−1} and dv = D·v^{D−1} in the same pass (depth 2 is
// special-cased, as it is the common and benchmarked case).
func stepWeights(beta, du, dv, u, v, g []float64, eta float64, depth int) {
	du, dv, u, v, g = du[:len(beta)], dv[:len(beta)], u[:len(beta)], v[:len(beta)], g[:len(beta)]
	if depth == 2 {
		for j := range beta {
			gj := eta * g[j]
			uj := u[j] - du[j]*gj
			vj := v[j] + dv[j]*gj
			u[j], v[j] = uj, vj
			du[j], dv[j] = 2*uj, 2*vj
			beta[j] = uj*uj - vj*vj
		}
		return
	}
	for j := range g {
		gj := eta * g[j]
		u[j] -= du[j] * gj
		v[j] += dv[j] * gj
	}
	weightsToBeta(beta, du, dv, u, v, depth)
}

func isNotConverged(err error) bool {
	var nc *ib.NotConvergedError
	return errors.As(err, &nc)
}
