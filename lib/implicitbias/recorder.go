package implicitbias

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Recorder samples a run of MirrorDescent or DiagonalGD every Every
// iterations: the iteration number t, the loss L(x_t) = ½‖Ax_t − y‖² (the
// scaled objective Scale·L(β_t) for DiagonalGD), the
// residual ‖Ax_t − y‖, optionally the Bregman distance D_ψ(Reference, x_t)
// and optionally the iterate x_t itself (β_t for diagonal networks).
// Iteration 0 (the initialisation) and the last iterate are always recorded.
//
// The storage is allocated once, when a run starts, for Capacity samples;
// recording allocates nothing afterwards. When the buffer is full, every
// other sample is dropped and the sampling interval doubles, so a run of any
// length fits into Capacity samples spread evenly over the whole run. The
// interval actually used is returned by Stride.
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
	// uses its own potential; DiagonalGD records distances only when
	// Potential is set.
	Potential Potential
	// KeepIterates asks for the iterates to be stored too (Capacity×d
	// numbers).
	KeepIterates bool

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
}

// Len returns the number of samples recorded.
func (r *Recorder) Len() int { return len(r.Iter) }

// Stride returns the sampling interval in use at the end of the run: Every,
// doubled once for each time the buffer overflowed.
func (r *Recorder) Stride() int { return r.stride }

// Iterate returns the k-th recorded iterate (a view, not a copy), or nil when
// KeepIterates was false.
func (r *Recorder) Iterate(k int) []float64 {
	if !r.KeepIterates || r.iterates == nil {
		return nil
	}
	return r.iterates[k*r.d : (k+1)*r.d]
}

// Iterates returns a copy of the recorded iterates as a Len()×d matrix, one
// row per sample, or nil when no iterates were kept.
func (r *Recorder) Iterates() *mat.Dense {
	if !r.KeepIterates || r.Len() == 0 {
		return nil
	}
	return mat.NewDense(r.Len(), r.d, append([]float64(nil), r.iterates[:r.Len()*r.d]...))
}

// start validates the settings and prepares the buffers for a run in
// dimension d with the run's potential p (used when r.Potential is nil and
// usePotential is true).
func (r *Recorder) start(d int, p Potential, usePotential bool) error {
	if r.Every <= 0 {
		return fmt.Errorf("implicitbias: Recorder.Every = %d, must be ≥ 1", r.Every)
	}
	c := r.Capacity
	if c == 0 {
		c = 1024
	}
	if c < 2 {
		return fmt.Errorf("implicitbias: Recorder.Capacity = %d, must be ≥ 2 (or 0 for the default)", r.Capacity)
	}
	if r.Potential != nil {
		if err := checkPotential(r.Potential); err != nil {
			return fmt.Errorf("implicitbias: Recorder.Potential: %w", err)
		}
	}
	r.d, r.stride = d, r.Every
	r.pot = r.Potential
	if r.pot == nil && usePotential {
		r.pot = p
	}
	r.ref = nil
	if r.Reference != nil {
		if r.Reference.Len() != d {
			return fmt.Errorf("implicitbias: Recorder.Reference has length %d, want %d", r.Reference.Len(), d)
		}
		r.ref = make([]float64, d)
		for j := range r.ref {
			r.ref[j] = r.Reference.AtVec(j)
		}
		if r.pot != nil {
			if err := r.pot.CheckPrimal(r.ref); err != nil {
				return fmt.Errorf("implicitbias: Recorder.Reference outside the domain of %v: %w", r.pot, err)
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
	return nil
}

// due reports whether iteration t is to be recorded.
func (r *Recorder) due(t int) bool { return t%r.stride == 0 }

// add records iteration t, thinning the buffer first if it is full. After
// thinning, a regular sample (final == false) that is no longer due is
// skipped; the final iterate is always kept.
func (r *Recorder) add(t int, x []float64, loss, residual float64, final bool) {
	if n := r.Len(); n > 0 && r.Iter[n-1] == t {
		return
	}
	if r.Len() == cap(r.Iter) {
		r.thin()
		if !final && !r.due(t) {
			return
		}
	}
	k := r.Len()
	r.Iter = append(r.Iter, t)
	r.Loss = append(r.Loss, loss)
	r.Residual = append(r.Residual, residual)
	if r.Bregman != nil {
		r.Bregman = append(r.Bregman, r.pot.Bregman(r.ref, x))
	}
	if r.iterates != nil {
		copy(r.iterates[k*r.d:(k+1)*r.d], x)
	}
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
		k++
	}
	r.Iter, r.Loss, r.Residual = r.Iter[:k], r.Loss[:k], r.Residual[:k]
	if r.Bregman != nil {
		r.Bregman = r.Bregman[:k]
	}
}
