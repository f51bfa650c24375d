// Package engine is the iteration loop shared by every discrete method of
// package implicitbias and its topic subpackages: (stochastic) mirror
// descent, gradient descent on reparametrised weights, matrix mirror
// descent, sign descent, gradient descent on factorisations.
//
// A method implements Model — the state of one run (its iterate and
// whatever buffers it needs) — and calls Run with a Config. Run owns the
// schedule of work; the model owns the arithmetic:
//
//	for t := 0; ; t++ {
//		at a checkpoint:  loss, measure = m.Eval(full)   // full: gradient for Step too
//		                  divergence guard; m.Check()
//		if recording:     rec.Record(t, m.Point(), loss, measure)
//		if Tol > 0 and measure ≤ Tol, or t == MaxIter: stop
//		η = Step or Schedule(t)
//		if mini-batch:    m.BatchGrad(next batch); guard on the batch loss
//		m.Step(η)
//	}
//
// Checkpoints are every iteration for full-batch runs (Batch = 0), where the
// loss is a by-product of the gradient, and once per epoch (every ⌈n/b⌉
// iterations, and at MaxIter) for mini-batch runs. A run is declared
// divergent when a checked loss or mini-batch loss is NaN or ±Inf or exceeds
// 1e10·max(L₀, 1e-10), when a batch's largest per-sample residual is NaN or
// ±Inf, or when Model.Check reports a reason; the error is a
// *failure.DivergedError (implicitbias.DivergedError). A starting loss that
// is not finite is invalid input. With Tol > 0 a run that reaches MaxIter
// returns its Result together with a *failure.NotConvergedError.
//
// The loop makes a constant number of interface calls per iteration and
// allocates nothing after Run has set up its sampler (one permutation of the
// n samples), so a model whose methods allocate nothing gives an
// allocation-free run.
//
// # Using it from a topic package
//
//	type sgd struct{ x, g, work []float64; obj implicitbias.Objective }
//	func (m *sgd) Eval(full bool) (float64, float64) { … }        // L(x) and ‖residual‖; ∇L into g if full
//	func (m *sgd) BatchGrad(b []int) (float64, float64) { … }      // mean batch loss, max |residual|; batch gradient into g
//	func (m *sgd) Step(eta float64) { floats.AddScaled(m.x, -eta, m.g) }
//	func (m *sgd) Check() string  { return "" }
//	func (m *sgd) Point() []float64 { return m.x }
//
//	cfg := engine.Config{Method: "MyGD", Samples: n, Step: 0.1, MaxIter: 1000, Tol: 1e-8}
//	if err := cfg.Validate(); err != nil { … }                  // wraps ErrInvalidInput
//	if rec != nil { if err := rec.Begin(d, nil); err != nil { … }; cfg.Recorder = rec }
//	res, err := engine.Run(m, cfg)
//
// implicitbias.Recorder satisfies the Recorder interface (call its Begin
// first); leave Config.Recorder nil when nothing is recorded (a nil
// *implicitbias.Recorder in the interface records nothing, too).
package engine
