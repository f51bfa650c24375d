package implicitbias

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// DescentSettings configures MirrorDescent.
//
// One iteration is one update of the dual variable. With Batch = 0 (full
// batch) the update uses the full gradient ∇L(x) = Aᵀ(Ax − y) — the sum over
// the samples, not the mean. With Batch = b ∈ [1, n] it uses the mini-batch
// mean (1/b)·Σ_{i∈B} ∇Lᵢ(x); so b = 1 is single-sample SMD with ∇L_{i_t},
// and b = n is full-batch descent on the mean loss L/n, whose step η
// corresponds to step η/n with Batch = 0. Batches are consecutive chunks of
// an ordering of the samples (the last chunk of an epoch may be shorter when
// b does not divide n): the order 0, 1, …, n−1 every epoch (cyclic), or a
// fresh seeded permutation every epoch when Shuffle is true.
type DescentSettings struct {
	// Step is the constant step size η > 0; ignored when Schedule is set.
	Step float64
	// Schedule, if non-nil, returns the step η_t > 0 used by iteration t =
	// 0, 1, ….
	Schedule func(t int) float64
	// Batch is the mini-batch size: 0 = full batch, 1 = single sample.
	Batch int
	// Shuffle draws a new order of the samples every epoch (from Seed).
	Shuffle bool
	// Seed seeds the PCG generator used when Shuffle is true.
	Seed uint64
	// MaxIter bounds the number of iterations; 0 means 100000.
	MaxIter int
	// Tol stops the run once ‖Ax − y‖ ≤ Tol; 0 disables the test, so that
	// exactly MaxIter iterations run. The full residual is computed every
	// iteration for full-batch runs (it is a by-product of the gradient) and
	// once per epoch (every ⌈n/b⌉ iterations) for stochastic runs, where it
	// would otherwise cost as much as the epoch itself.
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
	// Loss and Residual are L(X) = ½‖AX − y‖² and ‖AX − y‖.
	Loss, Residual float64
	// Converged reports whether Residual ≤ Tol was reached.
	Converged bool
}

// divergenceFactor: a run whose loss exceeds divergenceFactor·max(L(x₀),
// divergenceFloor) is declared divergent.
const (
	divergenceFactor = 1e10
	divergenceFloor  = 1e-10
)

// MirrorDescent runs (stochastic) mirror descent with potential p on the
// least-squares loss ls from x0, in dual coordinates (spec 01 §2):
//
//	θ₀ = ∇ψ(x₀);  x_t = ∇ψ*(θ_t);  θ_{t+1} = θ_t − η_t g_t,
//
// where g_t is the full gradient ∇L(x_t) or a mini-batch mean (see
// DescentSettings). With the SimplexEntropy potential this is the
// exponentiated-gradient method. If the iterates converge to an
// interpolator, the limit is the Bregman projection
// argmin_{Ax=y} D_ψ(x, x₀) whatever the steps and the sample order
// (θ_t − θ₀ stays in range(Aᵀ)), which Project computes directly.
//
// It returns an error naming the setting at fault for invalid input (nil or
// mismatched ls, x0, non-positive or non-finite Step, Batch outside [0, n],
// negative MaxIter or Tol, x0 outside the domain of ψ), and an error naming
// the iteration when the run diverges: a non-finite iterate, residual or
// dual variable, or a loss above 1e10·max(L(x₀), 1e-10). The iterations
// allocate nothing (given a potential whose methods do not).
func MirrorDescent(p Potential, ls *LeastSquares, x0 *mat.VecDense, s DescentSettings) (*DescentResult, error) {
	x, err := startMirror("MirrorDescent", p, ls, x0)
	if err != nil {
		return nil, err
	}
	n, d := ls.Dims()
	maxIter, err := checkLoopSettings(s.Step, s.Schedule != nil, s.Batch, n, s.MaxIter, s.Tol)
	if err != nil {
		return nil, err
	}

	theta := make([]float64, d)
	p.Grad(theta, x)
	if err := p.CheckDual(theta); err != nil {
		return nil, fmt.Errorf("implicitbias: MirrorDescent: ∇ψ(x0) is not a valid dual point: %w", err)
	}
	p.GradStar(x, theta)
	g := make([]float64, d)
	r := make([]float64, n)
	rec := s.Recorder
	if rec != nil {
		if err := rec.start(d, p, true); err != nil {
			return nil, err
		}
	}
	smp := newSampler(n, s.Batch, s.Shuffle, s.Seed)

	loss := ls.Residual(r, x)
	res := norm2(r)
	limit := divergenceFactor * math.Max(loss, divergenceFloor)
	t := 0
	for {
		checked := false
		if s.Batch == 0 {
			loss = ls.Grad(g, r, x)
			res = norm2(r)
			checked = true
		} else if t%smp.perEpoch == 0 || t == maxIter {
			loss = ls.Residual(r, x)
			res = norm2(r)
			checked = true
		}
		if checked {
			if err := divergence("MirrorDescent", loss, limit, t, s.Step, s.Schedule != nil); err != nil {
				return nil, err
			}
			if err := p.CheckDual(theta); err != nil {
				return nil, fmt.Errorf("implicitbias: MirrorDescent diverged at iteration %d: the dual iterate left the domain of %v (%v); try a smaller step", t, p, err)
			}
		}
		if rec != nil && rec.due(t) {
			if !checked {
				loss = ls.Residual(r, x)
				res = norm2(r)
				checked = true
			}
			rec.add(t, x, loss, res, false)
		}
		if checked && s.Tol > 0 && res <= s.Tol {
			break
		}
		if t == maxIter {
			break
		}
		eta := s.Step
		if s.Schedule != nil {
			eta = s.Schedule(t)
			if !(eta > 0) || math.IsInf(eta, 1) {
				return nil, fmt.Errorf("implicitbias: MirrorDescent: Schedule(%d) = %v, steps must be positive and finite", t, eta)
			}
		}
		if s.Batch != 0 {
			sampleLoss, maxRes := ls.BatchGrad(g, smp.next(), x)
			if math.IsNaN(maxRes) || math.IsInf(maxRes, 0) || sampleLoss > limit {
				return nil, divergenceError("MirrorDescent", t, sampleLoss, s.Schedule != nil, s.Step)
			}
		}
		axpy(theta, -eta, g)
		p.GradStar(x, theta)
		t++
	}
	if rec != nil {
		rec.add(t, x, loss, res, true)
	}
	return &DescentResult{
		X:          mat.NewVecDense(d, append([]float64(nil), x...)),
		Iterations: t,
		Loss:       loss,
		Residual:   res,
		Converged:  s.Tol > 0 && res <= s.Tol,
	}, nil
}

// startVector validates a starting vector and returns a copy of its entries.
func startVector(name string, v *mat.VecDense, d int) ([]float64, error) {
	if v == nil {
		return nil, fmt.Errorf("implicitbias: starting point %s is nil", name)
	}
	if v.Len() != d {
		return nil, fmt.Errorf("implicitbias: starting point %s has length %d, want %d (columns of A)", name, v.Len(), d)
	}
	x := make([]float64, d)
	for j := range x {
		x[j] = v.AtVec(j)
		if math.IsNaN(x[j]) || math.IsInf(x[j], 0) {
			return nil, fmt.Errorf("implicitbias: starting point %s has non-finite entry %s[%d] = %v", name, name, j, x[j])
		}
	}
	return x, nil
}

// startMirror validates a potential, a problem and a start x0 for the
// mirror method named op and returns a copy of x0.
func startMirror(op string, p Potential, ls *LeastSquares, x0 *mat.VecDense) ([]float64, error) {
	if err := checkPotential(p); err != nil {
		return nil, fmt.Errorf("implicitbias: %s: %w", op, err)
	}
	if err := checkProblem(op, ls); err != nil {
		return nil, err
	}
	_, d := ls.Dims()
	x, err := startVector("x0", x0, d)
	if err != nil {
		return nil, err
	}
	if err := p.CheckPrimal(x); err != nil {
		return nil, fmt.Errorf("implicitbias: %s: x0 is outside the domain of %v: %w", op, p, err)
	}
	return x, nil
}

// checkLoopSettings validates the settings shared by MirrorDescent and
// DiagonalGD and returns the effective MaxIter.
func checkLoopSettings(step float64, schedule bool, batch, n, maxIter int, tol float64) (int, error) {
	if !schedule && (!(step > 0) || math.IsInf(step, 1)) {
		return 0, fmt.Errorf("implicitbias: step size Step = %v, must be positive and finite", step)
	}
	if batch < 0 || batch > n {
		return 0, fmt.Errorf("implicitbias: Batch = %d, must be 0 (full batch) or in [1, n=%d]", batch, n)
	}
	if maxIter < 0 {
		return 0, fmt.Errorf("implicitbias: MaxIter = %d, must be ≥ 0 (0 = default)", maxIter)
	}
	if maxIter == 0 {
		maxIter = 100000
	}
	if !(tol >= 0) || math.IsInf(tol, 1) {
		return 0, fmt.Errorf("implicitbias: Tol = %v, must be ≥ 0 and finite (0 = no early stop)", tol)
	}
	return maxIter, nil
}

// divergence returns an error if loss is not finite or exceeds limit.
func divergence(method string, loss, limit float64, t int, step float64, schedule bool) error {
	if math.IsNaN(loss) || math.IsInf(loss, 0) || loss > limit {
		return divergenceError(method, t, loss, schedule, step)
	}
	return nil
}

func divergenceError(method string, t int, loss float64, schedule bool, step float64) error {
	s := fmt.Sprintf("step %v", step)
	if schedule {
		s = "the scheduled step"
	}
	return fmt.Errorf("implicitbias: %s diverged at iteration %d (loss %v); %s is too large, try a smaller step", method, t, loss, s)
}

// norm2 returns the Euclidean norm of v.
func norm2(v []float64) float64 { return math.Sqrt(dot(v, v)) }

// sampler hands out the mini-batches of an epoch-based sample order.
type sampler struct {
	perm     []int
	batch    int
	pos      int
	perEpoch int
	rng      *rand.Rand
}

func newSampler(n, batch int, shuffle bool, seed uint64) *sampler {
	s := &sampler{perm: make([]int, n), batch: batch, pos: n, perEpoch: 1}
	for i := range s.perm {
		s.perm[i] = i
	}
	if batch > 0 {
		s.perEpoch = (n + batch - 1) / batch
	}
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
