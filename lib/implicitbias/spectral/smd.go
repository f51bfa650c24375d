package spectral

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias"
)

// Result is the outcome of SMD.
type Result struct {
	// W is the last iterate.
	W *mat.Dense
	// Iterations is the number of updates, Epochs = Iterations/⌈n/b⌉ the
	// number of passes over the samples (Iterations for full batch).
	Iterations int
	Epochs     float64
	// Loss and Residual are L(W) = ½‖𝒜(W) − y‖² and ‖𝒜(W) − y‖.
	Loss, Residual float64
	// Converged reports whether Residual ≤ Tol was reached.
	Converged bool
}

// SMD runs matrix stochastic mirror descent with potential p on the
// measurements m from W0, in dual coordinates,
//
//	Θ₀ = ∇ψ(W₀),  W_t = ∇ψ*(Θ_t),  Θ_{t+1} = Θ_t − η·(1/|B_t|) Σ_{i∈B_t} ∇Lᵢ(W_t),
//
// the method of Akhtiamov, Ghane, Hassibi ("Implicit Bias and Convergence
// of Matrix Stochastic Mirror Descent", arXiv:2602.18997, 2026), who prove
// that it converges exponentially to the interpolator argmin{D_ψ(W, W₀) :
// 𝒜(W) = y}, which Project computes independently. It is
// implicitbias.MirrorDescent on the flattened matrix, so the settings mean
// the same: s.Batch = 0 is full batch (the gradient is the sum over the
// samples), s.Batch = b ≥ 1 uses the mean over a mini-batch of b samples
// (rows of X, or observed entries), s.Shuffle draws a fresh seeded order
// every epoch, s.Tol stops once ‖𝒜(W) − y‖ ≤ Tol (checked once per
// epoch), and s.Recorder samples the run (flattened iterates; add
// SingularValueProbe or EffectiveRankProbe to record spectra). Use
// EpochIterations to turn a number of epochs into s.MaxIter.
//
// With a Spectral potential every update costs one SVD. The errors are
// those of MirrorDescent: invalid input wraps implicitbias.ErrInvalidInput
// (shape mismatches are caught here), divergence is an
// *implicitbias.DivergedError, and a run with a tolerance that uses its
// whole budget returns its Result together with an
// *implicitbias.NotConvergedError.
func SMD(p implicitbias.Potential, m *Measurements, W0 *mat.Dense, s implicitbias.DescentSettings) (*Result, error) {
	const op = "SMD"
	if p == nil {
		return nil, invalid(op, "potential p is nil")
	}
	if err := m.Validate(); err != nil {
		return nil, invalid(op, "%v", err)
	}
	w0, err := matrixArg(op, "W0", W0, m.rows, m.cols)
	if err != nil {
		return nil, err
	}
	if sp, ok := p.(shaped); ok {
		if r, c := sp.Shape(); r != m.rows || c != m.cols {
			return nil, invalid(op, "potential %v is for %d×%d matrices, the measurements for %d×%d", p, r, c, m.rows, m.cols)
		}
	}
	res, err := implicitbias.MirrorDescent(p, m, mat.NewVecDense(len(w0), w0), s)
	var nc *implicitbias.NotConvergedError
	if err != nil && !errors.As(err, &nc) {
		return nil, err
	}
	out := &Result{
		W:          mat.NewDense(m.rows, m.cols, res.X.RawVector().Data),
		Iterations: res.Iterations,
		Loss:       res.Loss,
		Residual:   res.Residual,
		Converged:  res.Converged,
	}
	out.Epochs = float64(res.Iterations)
	if s.Batch > 0 {
		out.Epochs /= float64(EpochIterations(m, s.Batch))
	}
	return out, err
}

// EpochIterations returns the number ⌈n/b⌉ of updates in one epoch of
// mini-batches of size b over the n samples of m (1 for b ≤ 0, full batch).
func EpochIterations(m *Measurements, b int) int {
	if b <= 0 {
		return 1
	}
	return (m.n + b - 1) / b
}

// SingularValueProbe returns a Recorder probe named "singular values" that
// records the min(rows, cols) singular values (decreasing) of each recorded
// rows×cols iterate. It allocates its SVD work space once.
func SingularValueProbe(rows, cols int) (implicitbias.Probe, error) {
	if err := checkShape("SingularValueProbe", rows, cols); err != nil {
		return implicitbias.Probe{}, err
	}
	w := newSVDWork(rows, cols)
	return implicitbias.Probe{Name: "singular values", Dim: min(rows, cols), Eval: func(dst, x []float64) {
		if !w.factor(x) {
			for i := range dst {
				dst[i] = math.NaN()
			}
			return
		}
		copy(dst, w.s)
	}}, nil
}

// EffectiveRankProbe returns a Recorder probe named "effective rank" that
// records EffectiveRank of each recorded rows×cols iterate.
func EffectiveRankProbe(rows, cols int) (implicitbias.Probe, error) {
	if err := checkShape("EffectiveRankProbe", rows, cols); err != nil {
		return implicitbias.Probe{}, err
	}
	w := newSVDWork(rows, cols)
	return implicitbias.Probe{Name: "effective rank", Dim: 1, Eval: func(dst, x []float64) {
		if !w.factor(x) {
			dst[0] = math.NaN()
			return
		}
		dst[0] = EffectiveRank(w.s)
	}}, nil
}
