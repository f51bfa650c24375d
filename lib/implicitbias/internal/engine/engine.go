package engine

import (
	"math"
	"math/rand/v2"

	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// Model is the state of one run of a discrete method. Run calls its methods
// a constant number of times per iteration; they should allocate nothing.
type Model interface {
	// Eval returns the full loss and the stopping measure (‖Ax − y‖ for
	// least squares) at the current point. When full is true (full-batch
	// runs) it also leaves the full gradient ready for the next Step.
	Eval(full bool) (loss, measure float64)
	// BatchGrad leaves the mean gradient over the samples in batch ready
	// for the next Step and returns the mean loss over the batch and the
	// largest per-sample |residual| (NaN if any is NaN), which Run uses to
	// detect divergence between the per-epoch checkpoints. batch is a view
	// that Run reuses: do not keep it.
	BatchGrad(batch []int) (meanLoss, maxAbsResidual float64)
	// Step performs one update with step size eta, using the gradient left
	// by the last Eval(true) or BatchGrad.
	Step(eta float64)
	// Check returns a non-empty reason if the state has left the region
	// where the method is defined (for example a dual iterate outside the
	// domain of ψ*); Run then reports divergence. It is called at every
	// checkpoint.
	Check() string
	// Point returns the current point (the iterate the Recorder samples;
	// β for reparametrised models). Run does not modify or keep it.
	Point() []float64
}

// Recorder samples a run. implicitbias.Recorder implements it.
type Recorder interface {
	// Due reports whether iteration t is to be recorded.
	Due(t int) bool
	// Record stores a sample of iteration t; final marks the last
	// iteration of the run, which is always recorded. An error stops the
	// run and is returned by Run as it is.
	Record(t int, x []float64, loss, measure float64, final bool) error
}

// DefaultMaxIter is the iteration budget used when Config.MaxIter is 0.
const DefaultMaxIter = 100000

// Divergence thresholds: a run whose loss exceeds
// DivergenceFactor·max(L₀, DivergenceFloor) is declared divergent.
const (
	DivergenceFactor = 1e10
	DivergenceFloor  = 1e-10
)

// Config configures Run. The zero values of Batch, Shuffle, Seed, MaxIter,
// Tol and Recorder mean full batch, cyclic order, seed 0, DefaultMaxIter
// iterations, no early stop and no recording.
type Config struct {
	// Method names the calling routine in errors, e.g. "MirrorDescent".
	Method string
	// Samples is the number n ≥ 1 of samples that batches index (any n ≥ 1,
	// e.g. 1, for a method that only runs full batch).
	Samples int
	// Step is the constant step η > 0; ignored when Schedule is set.
	Step float64
	// Schedule, if non-nil, returns the step η_t > 0 of iteration t = 0,
	// 1, …; a non-positive or non-finite value stops the run with an error
	// wrapping ErrInvalidInput.
	Schedule func(t int) float64
	// Batch is the mini-batch size: 0 = full batch, b ∈ [1, n] = batches of
	// b consecutive samples of an ordering (the last batch of an epoch may
	// be shorter).
	Batch int
	// Shuffle draws a fresh seeded permutation of the samples every epoch;
	// otherwise the order is 0, 1, …, n−1 every epoch.
	Shuffle bool
	// Seed seeds the PCG generator of the shuffles.
	Seed uint64
	// MaxIter bounds the number of iterations; 0 means DefaultMaxIter.
	MaxIter int
	// Tol > 0 stops the run at the first checkpoint where measure ≤ Tol;
	// 0 runs exactly MaxIter iterations.
	Tol float64
	// Recorder, if non-nil, samples the run.
	Recorder Recorder
}

// Validate checks the settings and returns an error wrapping
// failure.ErrInvalidInput that names the field at fault.
func (c *Config) Validate() error {
	op := c.Method
	if c.Samples < 1 {
		return failure.Invalid(op, "number of samples n = %d, must be ≥ 1", c.Samples)
	}
	if c.Schedule == nil && !(c.Step > 0 && c.Step <= math.MaxFloat64) {
		return failure.Invalid(op, "step size Step = %v, must be positive and finite", c.Step)
	}
	if c.Batch < 0 || c.Batch > c.Samples {
		return failure.Invalid(op, "Batch = %d, must be 0 (full batch) or in [1, n=%d]", c.Batch, c.Samples)
	}
	if c.MaxIter < 0 {
		return failure.Invalid(op, "MaxIter = %d, must be ≥ 0 (0 = %d)", c.MaxIter, DefaultMaxIter)
	}
	if !(c.Tol >= 0 && c.Tol <= math.MaxFloat64) {
		return failure.Invalid(op, "Tol = %v, must be ≥ 0 and finite (0 = no early stop)", c.Tol)
	}
	return nil
}

// Result is the outcome of Run.
type Result struct {
	// Iterations is the number of updates performed.
	Iterations int
	// Loss and Measure are the full loss and the stopping measure at the
	// last iterate.
	Loss, Measure float64
	// Converged reports whether Tol > 0 and Measure ≤ Tol.
	Converged bool
}

// Run iterates m as the package documentation describes. It returns an error
// wrapping failure.ErrInvalidInput for invalid settings, a non-finite
// starting loss or a bad scheduled step, a *failure.DivergedError when the
// run diverges, the Recorder's error if it fails, and, when Tol > 0 and the
// budget runs out, the Result together with a *failure.NotConvergedError.
// On the other errors the Result is the zero value.
func Run(m Model, c Config) (Result, error) {
	if err := c.Validate(); err != nil {
		return Result{}, err
	}
	maxIter := c.MaxIter
	if maxIter == 0 {
		maxIter = DefaultMaxIter
	}
	smp := newSampler(c.Samples, c.Batch, c.Shuffle, c.Seed)
	rec := c.Recorder

	loss, measure := m.Eval(c.Batch == 0)
	if !isFinite(loss) || !isFinite(measure) {
		return Result{}, failure.Invalid(c.Method, "the loss at the starting point is %v (stopping measure %v): the start or the data are too large to evaluate", loss, measure)
	}
	limit := DivergenceFactor * math.Max(loss, DivergenceFloor)
	eta := c.Step
	if c.Schedule != nil {
		eta = c.Schedule(0)
	}
	diverged := func(t int, loss float64, reason string) error {
		return &failure.DivergedError{Method: c.Method, Iteration: t, Loss: loss, Step: eta, Reason: reason}
	}
	t := 0
	checked := true // the evaluation above is iteration 0's checkpoint
	for {
		if t > 0 {
			checked = false
			if c.Batch == 0 || t%smp.perEpoch == 0 || t == maxIter {
				loss, measure = m.Eval(c.Batch == 0)
				checked = true
			}
		}
		if checked {
			if !isFinite(loss) || !isFinite(measure) || loss > limit {
				return Result{}, diverged(t, loss, "")
			}
			if reason := m.Check(); reason != "" {
				return Result{}, diverged(t, loss, reason)
			}
		}
		if rec != nil && rec.Due(t) {
			if !checked {
				loss, measure = m.Eval(false)
				checked = true
			}
			if err := rec.Record(t, m.Point(), loss, measure, false); err != nil {
				return Result{}, err
			}
		}
		if checked && c.Tol > 0 && measure <= c.Tol {
			break
		}
		if t == maxIter {
			break
		}
		if c.Schedule != nil {
			eta = c.Schedule(t)
			if !(eta > 0 && eta <= math.MaxFloat64) {
				return Result{}, failure.Invalid(c.Method, "Schedule(%d) = %v, steps must be positive and finite", t, eta)
			}
		}
		if c.Batch != 0 {
			bl, maxRes := m.BatchGrad(smp.next())
			if !isFinite(maxRes) || !isFinite(bl) || bl > limit {
				return Result{}, diverged(t, bl, "the mini-batch loss blew up")
			}
		}
		m.Step(eta)
		t++
	}
	if !checked { // unreachable: the loop stops only at checkpoints
		loss, measure = m.Eval(false)
	}
	if rec != nil {
		if err := rec.Record(t, m.Point(), loss, measure, true); err != nil {
			return Result{}, err
		}
	}
	res := Result{Iterations: t, Loss: loss, Measure: measure, Converged: c.Tol > 0 && measure <= c.Tol}
	if c.Tol > 0 && !res.Converged {
		return res, &failure.NotConvergedError{Method: c.Method, Iterations: t, Residual: measure, Tol: c.Tol}
	}
	return res, nil
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// sampler hands out the mini-batches of an epoch-based sample order.
type sampler struct {
	perm     []int
	batch    int
	pos      int
	perEpoch int // ⌈n/b⌉ batches per epoch (1 for full batch)
	rng      *rand.Rand
}

func newSampler(n, batch int, shuffle bool, seed uint64) *sampler {
	s := &sampler{batch: batch, pos: n, perEpoch: 1}
	if batch == 0 {
		return s
	}
	s.perm = make([]int, n)
	for i := range s.perm {
		s.perm[i] = i
	}
	s.perEpoch = (n + batch - 1) / batch
	if shuffle {
		s.rng = rand.New(rand.NewPCG(seed, 0x73686666)) // stream "shff"
	}
	return s
}

// next returns the next mini-batch (a view into the order).
func (s *sampler) next() []int {
	n := len(s.perm)
	if s.pos >= n {
		s.pos = 0
		if s.rng != nil { // Fisher–Yates, without the closure of rand.Shuffle
			for i := n - 1; i > 0; i-- {
				j := s.rng.IntN(i + 1)
				s.perm[i], s.perm[j] = s.perm[j], s.perm[i]
			}
		}
	}
	end := min(s.pos+s.batch, n)
	b := s.perm[s.pos:end]
	s.pos = end
	return b
}
