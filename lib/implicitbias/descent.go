package implicitbias

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/internal/engine"
)

// DescentSettings configures MirrorDescent.
//
// One iteration is one update of the dual variable. With Batch = 0 (full
// batch) the update uses the full gradient ∇L(x) (for least squares
// Aᵀ(Ax − y)) — the sum over the samples, not the mean. With Batch = b ∈
// [1, n] it uses the mini-batch mean (1/b)·Σ_{i∈B} ∇Lᵢ(x); so b = 1 is
// single-sample SMD with ∇L_{i_t}, and b = n is full-batch descent on the
// mean loss L/n, whose step η corresponds to step η/n with Batch = 0.
// Batches are consecutive chunks of an ordering of the samples (the last
// chunk of an epoch may be shorter when b does not divide n): the order 0,
// 1, …, n−1 every epoch (cyclic), or a fresh seeded permutation every epoch
// when Shuffle is true.
type DescentSettings struct {
	// Step is the constant step size η > 0; ignored when Schedule is set.
	Step float64
	// Schedule, if non-nil, returns the step η_t > 0 used by iteration t =
	// 0, 1, … (the first update uses Schedule(0)).
	Schedule func(t int) float64
	// Batch is the mini-batch size: 0 = full batch, 1 = single sample.
	Batch int
	// Shuffle draws a new order of the samples every epoch (from Seed).
	Shuffle bool
	// Seed seeds the PCG generator used when Shuffle is true.
	Seed uint64
	// MaxIter bounds the number of iterations; 0 means 100000.
	MaxIter int
	// Tol > 0 stops the run once the stopping measure (‖Ax − y‖ for least
	// squares) is ≤ Tol; a run that exhausts MaxIter first returns its
	// result together with a *NotConvergedError. 0 disables the test, so
	// that exactly MaxIter iterations run. The measure is computed every
	// iteration for full-batch runs (it is a by-product of the gradient)
	// and once per epoch (every ⌈n/b⌉ iterations) for stochastic runs,
	// where it would otherwise cost as much as the epoch itself.
	Tol float64
	// Recorder, if non-nil, samples the run.
	Recorder *Recorder
}

// DescentResult is the outcome of MirrorDescent or DiagonalGD.
type DescentResult struct {
	// X is the last iterate (β for diagonal networks).
	X *mat.VecDense
	// Iterations is the number of updates performed.
	Iterations int
	// Loss and Residual are the loss and the stopping measure at X; for
	// least squares L(X) = ½‖AX − y‖² and ‖AX − y‖.
	Loss, Residual float64
	// Converged reports whether Tol > 0 and Residual ≤ Tol.
	Converged bool
}

// MirrorDescent runs (stochastic) mirror descent with potential p on the
// objective obj (for example a *LeastSquares) from x0, in dual coordinates:
//
//	θ₀ = ∇ψ(x₀);  x_t = ∇ψ*(θ_t);  θ_{t+1} = θ_t − η_t g_t,
//
// where g_t is the full gradient ∇L(x_t) or a mini-batch mean (see
// DescentSettings). With the SimplexEntropy potential this is the
// exponentiated-gradient method. For least squares, if the iterates
// converge to an interpolator, the limit is the Bregman projection
// argmin_{Ax=y} D_ψ(x, x₀) whatever the steps and the sample order
// (θ_t − θ₀ stays in range(Aᵀ)), which Project computes directly
// (Gunasekar, Lee, Soudry, Srebro, ICML 2018; Azizan, Hassibi, ICLR 2019,
// Theorem 4 for the stochastic case).
//
// Errors: invalid input (nil or mismatched obj or x0, a non-positive or
// non-finite Step or scheduled step, Batch outside [0, n], negative MaxIter
// or Tol, x0 outside the domain of ψ, a loss at x0 that is not finite)
// wraps ErrInvalidInput; a run that diverges (a non-finite iterate, loss or
// dual variable, a dual iterate leaving the domain of ψ*, or a loss above
// 1e10·max(L(x₀), 1e-10)) returns a *DivergedError; a run with Tol > 0 that
// exhausts MaxIter returns its result and a *NotConvergedError. The
// iterations allocate nothing (given a potential and an objective whose
// methods do not).
func MirrorDescent(p Potential, obj Objective, x0 *mat.VecDense, s DescentSettings) (*DescentResult, error) {
	const op = "MirrorDescent"
	x, err := startMirror(op, p, obj, x0)
	if err != nil {
		return nil, err
	}
	n, d := obj.Dims()
	cfg := engine.Config{Method: op, Samples: n, Step: s.Step, Schedule: s.Schedule, Batch: s.Batch,
		Shuffle: s.Shuffle, Seed: s.Seed, MaxIter: s.MaxIter, Tol: s.Tol}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &mirrorModel{p: p, obj: obj, x: x, theta: make([]float64, d), g: make([]float64, d), work: make([]float64, n)}
	p.Grad(m.theta, x)
	if err := p.CheckDual(m.theta); err != nil {
		return nil, invalid(op, "∇ψ(x0) is not a valid dual point of %v: %w", p, err)
	}
	p.GradStar(x, m.theta)
	if s.Recorder != nil {
		if err := s.Recorder.Begin(d, p); err != nil {
			return nil, err
		}
		cfg.Recorder = s.Recorder
	}
	res, err := engine.Run(m, cfg)
	return descentResult(res, x, err)
}

// descentResult turns an engine outcome into the result of a method whose
// last point is x: nil on errors other than *NotConvergedError.
func descentResult(res engine.Result, x []float64, err error) (*DescentResult, error) {
	if err != nil && !isNotConverged(err) {
		return nil, err
	}
	return &DescentResult{
		X:          mat.NewVecDense(len(x), append([]float64(nil), x...)),
		Iterations: res.Iterations,
		Loss:       res.Loss,
		Residual:   res.Measure,
		Converged:  res.Converged,
	}, err
}

func isNotConverged(err error) bool {
	var nc *NotConvergedError
	return errors.As(err, &nc)
}

// mirrorModel is the state of a MirrorDescent run for the engine.
type mirrorModel struct {
	p     Potential
	obj   Objective
	x     []float64 // primal iterate ∇ψ*(θ)
	theta []float64 // dual iterate
	g     []float64 // gradient for the next step
	work  []float64 // objective scratch, length n
}

func (m *mirrorModel) Eval(full bool) (float64, float64) {
	if full {
		return m.obj.EvalGrad(m.g, m.work, m.x)
	}
	return m.obj.Eval(m.work, m.x)
}

func (m *mirrorModel) BatchGrad(batch []int) (float64, float64) {
	return m.obj.BatchGrad(m.g, batch, m.x)
}

func (m *mirrorModel) Step(eta float64) {
	floats.AddScaled(m.theta, -eta, m.g)
	m.p.GradStar(m.x, m.theta)
}

func (m *mirrorModel) Check() string {
	if err := m.p.CheckDual(m.theta); err != nil {
		return "the dual iterate left the domain of " + m.p.String() + " (" + err.Error() + ")"
	}
	return ""
}

func (m *mirrorModel) Point() []float64 { return m.x }

// startVector validates a starting vector and returns a copy of its entries.
func startVector(op, name string, v *mat.VecDense, d int) ([]float64, error) {
	if v == nil {
		return nil, invalid(op, "starting point %s is nil", name)
	}
	if v.Len() != d {
		return nil, invalid(op, "starting point %s has length %d, want %d", name, v.Len(), d)
	}
	x := make([]float64, d)
	for j := range x {
		x[j] = v.AtVec(j)
		if math.IsNaN(x[j]) || math.IsInf(x[j], 0) {
			return nil, invalid(op, "starting point %s has non-finite entry %s[%d] = %v", name, name, j, x[j])
		}
	}
	return x, nil
}

// startMirror validates a potential, an objective and a start x0 for the
// mirror method named op and returns a copy of x0.
func startMirror(op string, p Potential, obj Objective, x0 *mat.VecDense) ([]float64, error) {
	if err := checkPotential(p); err != nil {
		return nil, invalid(op, "%w", err)
	}
	if err := checkObjective(op, obj); err != nil {
		return nil, err
	}
	_, d := obj.Dims()
	x, err := startVector(op, "x0", x0, d)
	if err != nil {
		return nil, err
	}
	if err := p.CheckPrimal(x); err != nil {
		return nil, invalid(op, "x0 is outside the domain of %v: %w", p, err)
	}
	return x, nil
}

// norm2 returns the Euclidean norm of v.
func norm2(v []float64) float64 { return math.Sqrt(dot(v, v)) }
