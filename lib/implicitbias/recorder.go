package implicitbias

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// maxBuffer bounds the float64s of one buffer a routine allocates on the
// caller's behalf (2 GiB); larger requests are refused as invalid input
// rather than left to crash the process.
const maxBuffer = 1 << 28

// Probe is a named quantity that a Recorder samples alongside the loss:
// Eval writes Dim numbers computed from the recorded point x into dst (for
// example the singular values of a matrix iterate, an effective rank or a
// sharpness). Eval must not keep dst or x, and should allocate nothing, as
// it runs inside the iteration loop.
type Probe struct {
	// Name identifies the probe in ProbeSamples; names are unique and
	// non-empty.
	Name string
	// Dim ≥ 1 is the number of values per sample.
	Dim int
	// Eval writes the values at x into dst (length Dim).
	Eval func(dst, x []float64)
}

// Recorder samples a run of a discrete method (MirrorDescent, DiagonalGD
// and the methods of the topic subpackages) every Every iterations: the
// iteration number t, the loss (the method's objective, e.g.
// L(x_t) = ½‖Ax_t − y‖²), the stopping measure (the residual ‖Ax_t − y‖ for
// least squares), optionally the Bregman distance D_ψ(Reference, x_t),
// optionally the iterate x_t itself (β_t for reparametrised models), and
// the values of its Probes. Iteration 0 (the initialisation) and the last
// iterate are always recorded.
//
// The storage is allocated once, when a run starts (Begin), for Capacity
// samples; recording allocates nothing afterwards. When the buffer is full,
// every other sample is dropped and the sampling interval doubles, so a run
// of any length fits into Capacity samples spread evenly over the whole run.
// The interval actually used is returned by Stride. A Capacity, or a
// Capacity×d iterate buffer, beyond 1<<28 numbers is refused as invalid
// input.
//
// Fill in the settings fields and pass the Recorder in the settings of a
// run; read the exported slices afterwards. A Recorder may be reused: each
// run overwrites the previous samples.
type Recorder struct {
	// Every is the sampling interval k ≥ 1 (in iterations).
	Every int
	// Capacity bounds the number of samples kept; 0 means 1024. It must be
	// at least 2.
	Capacity int
	// Reference, when non-nil, is the point z of the recorded Bregman
	// distance D_ψ(z, x_t) (for example the predicted limit).
	Reference *mat.VecDense
	// Potential is the ψ of the Bregman distance. When nil, MirrorDescent
	// uses its own potential; methods without a potential (DiagonalGD)
	// record distances only when Potential is set. If an iterate leaves the
	// domain of Potential, the run stops with an error wrapping
	// ErrInvalidInput (the distance is undefined there): choose a potential
	// whose domain contains the run.
	Potential Potential
	// KeepIterates asks for the iterates to be stored too (Capacity×d
	// numbers).
	KeepIterates bool
	// Probes are sampled with every recorded iterate.
	Probes []Probe

	// Iter, Loss and Residual hold one entry per sample.
	Iter     []int
	Loss     []float64
	Residual []float64
	// Bregman holds D_ψ(Reference, x_t) per sample; nil without a reference
	// and potential.
	Bregman []float64

	d        int
	stride   int
	ref      []float64
	pot      Potential
	iterates []float64
	probes   [][]float64 // probes[p] holds Capacity×Probes[p].Dim values
}

// Len returns the number of samples recorded (0 for a nil Recorder).
func (r *Recorder) Len() int {
	if r == nil {
		return 0
	}
	return len(r.Iter)
}

// Stride returns the sampling interval in use at the end of the run: Every,
// doubled once for each time the buffer overflowed (0 before any run and
// for a nil Recorder).
func (r *Recorder) Stride() int {
	if r == nil {
		return 0
	}
	return r.stride
}

// Iterate returns the k-th recorded iterate (a view, not a copy) for
// 0 ≤ k < Len(). It returns nil when KeepIterates was false or k is out of
// range, never a stale or zero buffer.
func (r *Recorder) Iterate(k int) []float64 {
	if r == nil || !r.KeepIterates || r.iterates == nil || k < 0 || k >= r.Len() {
		return nil
	}
	return r.iterates[k*r.d : (k+1)*r.d]
}

// Iterates returns a copy of the recorded iterates as a Len()×d matrix, one
// row per sample, or nil when no iterates were kept.
func (r *Recorder) Iterates() *mat.Dense {
	if r == nil || !r.KeepIterates || r.iterates == nil || r.Len() == 0 {
		return nil
	}
	return mat.NewDense(r.Len(), r.d, append([]float64(nil), r.iterates[:r.Len()*r.d]...))
}

// ProbeSamples returns a copy of the values of the probe called name as a
// Len()×Dim matrix, one row per sample. It returns an error wrapping
// ErrInvalidInput if no probe has that name or nothing was recorded.
func (r *Recorder) ProbeSamples(name string) (*mat.Dense, error) {
	if r == nil || r.Len() == 0 {
		return nil, invalid("Recorder.ProbeSamples", "nothing recorded yet")
	}
	for p, pr := range r.Probes {
		if pr.Name == name && p < len(r.probes) {
			return mat.NewDense(r.Len(), pr.Dim, append([]float64(nil), r.probes[p][:r.Len()*pr.Dim]...)), nil
		}
	}
	return nil, invalid("Recorder.ProbeSamples", "no probe named %q", name)
}

// Begin validates the settings and allocates the buffers for a run whose
// recorded points have dimension d; p is the run's own potential, used for
// the Bregman distance when Potential is nil (pass nil for methods without
// one). The methods of this module call it; a method written elsewhere
// calls Begin once before its loop and then Due and Record.
func (r *Recorder) Begin(d int, p Potential) error {
	const op = "Recorder"
	if r == nil {
		return invalid(op, "recorder is nil")
	}
	if r.Every <= 0 {
		return invalid(op, "Every = %d, must be ≥ 1", r.Every)
	}
	c := r.Capacity
	if c == 0 {
		c = 1024
	}
	if c < 2 || c > maxBuffer {
		return invalid(op, "Capacity = %d, must be in [2, %d] (or 0 for the default)", r.Capacity, maxBuffer)
	}
	if d < 1 || d > maxBuffer {
		return invalid(op, "dimension d = %d of the recorded point, must be in [1, %d]", d, maxBuffer)
	}
	if r.KeepIterates && c > maxBuffer/d {
		return invalid(op, "Capacity×d = %d×%d iterates exceed the %d numbers one buffer may hold; lower Capacity or set KeepIterates = false", c, d, maxBuffer)
	}
	for i, pr := range r.Probes {
		if pr.Name == "" || pr.Eval == nil || pr.Dim < 1 {
			return invalid(op, "Probes[%d] (%q) needs a name, Dim ≥ 1 (got %d) and a non-nil Eval", i, pr.Name, pr.Dim)
		}
		if c > maxBuffer/pr.Dim {
			return invalid(op, "Probes[%d] (%q): Capacity×Dim = %d×%d exceeds %d numbers", i, pr.Name, c, pr.Dim, maxBuffer)
		}
		for _, q := range r.Probes[:i] {
			if q.Name == pr.Name {
				return invalid(op, "Probes[%d]: name %q is used twice", i, pr.Name)
			}
		}
	}
	if r.Potential != nil {
		if err := checkPotential(r.Potential); err != nil {
			return invalid(op, "Potential: %w", err)
		}
	}
	r.d, r.stride = d, r.Every
	r.pot = r.Potential
	if r.pot == nil {
		r.pot = p
	}
	r.ref = nil
	if r.Reference != nil {
		if r.Reference.Len() != d {
			return invalid(op, "Reference has length %d, want %d", r.Reference.Len(), d)
		}
		r.ref = make([]float64, d)
		for j := range r.ref {
			r.ref[j] = r.Reference.AtVec(j)
		}
		if r.pot != nil {
			if err := r.pot.CheckPrimal(r.ref); err != nil {
				return invalid(op, "Reference is outside the domain of %v: %w", r.pot, err)
			}
		}
	}
	r.Iter = make([]int, 0, c)
	r.Loss = make([]float64, 0, c)
	r.Residual = make([]float64, 0, c)
	r.Bregman = nil
	if r.ref != nil && r.pot != nil {
		r.Bregman = make([]float64, 0, c)
	}
	r.iterates = nil
	if r.KeepIterates {
		r.iterates = make([]float64, c*d)
	}
	r.probes = make([][]float64, len(r.Probes))
	for p, pr := range r.Probes {
		r.probes[p] = make([]float64, c*pr.Dim)
	}
	return nil
}

// Due reports whether iteration t is to be recorded (never before Begin,
// never for a nil Recorder, so that a nil *Recorder stored in an interface
// records nothing instead of panicking).
func (r *Recorder) Due(t int) bool { return r != nil && r.stride > 0 && t%r.stride == 0 }

// Record stores the sample of iteration t at the point x, thinning the
// buffer first if it is full; after thinning, a regular sample (final ==
// false) that is no longer due is skipped, while the final iterate is
// always kept. It returns an error wrapping ErrInvalidInput if x leaves the
// domain of the Bregman potential or the distance is not finite. It
// allocates nothing.
func (r *Recorder) Record(t int, x []float64, loss, measure float64, final bool) error {
	if r == nil || r.stride == 0 { // nil, or Begin was not called
		return nil
	}
	if n := r.Len(); n > 0 && r.Iter[n-1] == t {
		return nil
	}
	if r.Len() == cap(r.Iter) {
		r.thin()
		if !final && !r.Due(t) {
			return nil
		}
	}
	var breg float64
	if r.Bregman != nil {
		if err := r.pot.CheckPrimal(x); err != nil {
			return invalid("Recorder", "cannot record D_ψ(Reference, x_t) at iteration %d: x_t left the domain of the Recorder's potential %v (%w); choose a Potential whose domain contains the run", t, r.pot, err)
		}
		breg = r.pot.Bregman(r.ref, x)
		if math.IsNaN(breg) || math.IsInf(breg, 0) {
			return invalid("Recorder", "D_ψ(Reference, x_t) = %v at iteration %d for the Recorder's potential %v", breg, t, r.pot)
		}
	}
	k := r.Len()
	r.Iter = append(r.Iter, t)
	r.Loss = append(r.Loss, loss)
	r.Residual = append(r.Residual, measure)
	if r.Bregman != nil {
		r.Bregman = append(r.Bregman, breg)
	}
	if r.iterates != nil {
		copy(r.iterates[k*r.d:(k+1)*r.d], x)
	}
	for p, pr := range r.Probes {
		pr.Eval(r.probes[p][k*pr.Dim:(k+1)*pr.Dim], x)
	}
	return nil
}

// thin keeps the samples whose iteration is a multiple of twice the stride
// (always including iteration 0) and doubles the stride.
func (r *Recorder) thin() {
	r.stride *= 2
	k := 0
	for i, t := range r.Iter {
		if t%r.stride != 0 {
			continue
		}
		r.Iter[k], r.Loss[k], r.Residual[k] = t, r.Loss[i], r.Residual[i]
		if r.Bregman != nil {
			r.Bregman[k] = r.Bregman[i]
		}
		if r.iterates != nil {
			copy(r.iterates[k*r.d:(k+1)*r.d], r.iterates[i*r.d:(i+1)*r.d])
		}
		for p, pr := range r.Probes {
			copy(r.probes[p][k*pr.Dim:(k+1)*pr.Dim], r.probes[p][i*pr.Dim:(i+1)*pr.Dim])
		}
		k++
	}
	r.Iter, r.Loss, r.Residual = r.Iter[:k], r.Loss[:k], r.Residual[:k]
	if r.Bregman != nil {
		r.Bregman = r.Bregman[:k]
	}
}
