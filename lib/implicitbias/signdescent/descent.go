package signdescent

import (
	"errors"
	"math"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/engine"
)

// DescentSettings configures Descent.
type DescentSettings struct {
	// Step η > 0. Near convergence |∇_wL| ≪ ε and the update is gradient
	// descent with step η/ε, so stability needs η ≲ ε (times the inverse
	// curvature).
	Step float64
	// MaxIter bounds the number of iterations; 0 means 100000.
	MaxIter int
	// Tol > 0 stops the run once max_n |⟨x⁽ⁿ⁾, β⟩ − y⁽ⁿ⁾| ≤ Tol; a run that
	// uses MaxIter without meeting it returns its result and a
	// *implicitbias.NotConvergedError. Tol = 0 runs exactly MaxIter steps.
	Tol float64
	// Recorder, if non-nil, samples the run: β_k (with KeepIterates), the
	// loss ¼‖Xβ_k − y‖², the stopping measure max_n |residual| and any
	// probes of β_k.
	Recorder *ib.Recorder
}

// DescentResult is the outcome of Descent.
type DescentResult struct {
	// Iterations is the number of updates made.
	Iterations int
	// Final holds the weights (w⁺, w⁻) and FinalBeta the predictor at the end.
	Final, FinalBeta []float64
	// Loss is ¼‖Xβ − y‖² and Residual max_n |⟨x⁽ⁿ⁾, β⟩ − y⁽ⁿ⁾| at the end.
	Loss, Residual float64
	// Converged reports whether Tol > 0 was met.
	Converged bool
}

// Descent runs discrete smoothed sign descent (eq. (15) of Wang and
// Klabjan, UAI 2025),
//
//	w ← w − η·∇_wL(w) / (|∇_wL(w)| + ε)   (elementwise),
//
// from w⁺ = w⁻ = α·1 on L = ¼‖Xβ − y‖², on the iteration engine shared by
// the discrete methods of this module (divergence guard, tolerance,
// recorder; no allocation per iteration). With η → 0 its iterates follow
// Flow at times t = kη. Errors: invalid input wraps
// implicitbias.ErrInvalidInput; a loss that becomes non-finite or exceeds
// 10¹⁰ times its initial value is an *implicitbias.DivergedError; with
// Tol > 0 an exhausted budget returns the result and an
// *implicitbias.NotConvergedError.
func Descent(p *Problem, m Model, s DescentSettings) (*DescentResult, error) {
	const op = "signdescent.Descent"
	if p == nil {
		return nil, invalid("Descent", "problem is nil")
	}
	m, err := m.check("Descent", false)
	if err != nil {
		return nil, err
	}
	cfg := engine.Config{Method: op, Samples: p.n, Step: s.Step, MaxIter: s.MaxIter, Tol: s.Tol}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	sm := &signModel{dy: newDynamics(p, m, false), w: make([]float64, 2*p.d)}
	for k := range sm.w {
		sm.w[k] = m.Alpha
	}
	if s.Recorder != nil {
		if err := s.Recorder.Begin(p.d, nil); err != nil {
			return nil, err
		}
		cfg.Recorder = s.Recorder
	}
	res, err := engine.Run(sm, cfg)
	var nc *ib.NotConvergedError
	if err != nil && !errors.As(err, &nc) {
		return nil, err
	}
	weightsToBeta(sm.dy.beta, sm.w, m.Depth)
	return &DescentResult{Iterations: res.Iterations, Final: sm.w, FinalBeta: append([]float64(nil), sm.dy.beta...),
		Loss: res.Loss, Residual: res.Measure, Converged: res.Converged}, err
}

// signModel is the state of a Descent run for the engine: the weights and
// the gradient workspace of dy, which Eval(true) leaves for Step.
type signModel struct {
	dy *dynamics
	w  []float64
}

// Eval returns L(β) and max_n |residual|, and leaves ∇_wL in dy.g.
func (sm *signModel) Eval(bool) (float64, float64) {
	loss := sm.dy.grad(sm.w)
	return loss, maxAbs(sm.dy.r)
}

// BatchGrad is never called: Descent runs full batch only (the paper's
// algorithm).
func (sm *signModel) BatchGrad([]int) (float64, float64) {
	panic("signdescent: internal error: Descent is full-batch")
}

// Step makes the smoothed sign update with the gradient of the last Eval.
func (sm *signModel) Step(eta float64) {
	for k, g := range sm.dy.g {
		sm.w[k] -= eta * sm.dy.phi(g)
	}
}

// Check reports weights that left the finite range (the loss guard
// catches the rest).
func (sm *signModel) Check() string {
	for _, v := range sm.w {
		if !finite(v) {
			return "a weight is not finite"
		}
	}
	return ""
}

// Point returns β at the last Eval.
func (sm *signModel) Point() []float64 { return sm.dy.beta }

func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}
