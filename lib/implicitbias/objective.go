package implicitbias

// Objective is a loss L(x) = Σᵢ Lᵢ(x) over n samples on a parameter x ∈ ℝᵈ,
// the interface through which MirrorDescent, MirrorFlow and the topic
// subpackages' methods accept losses other than least squares (matrix
// completion or multi-output regression on a flattened matrix, for
// example). *LeastSquares implements it.
//
// The methods work on plain slices into caller-provided buffers and should
// allocate nothing, as they run once per iteration; a buffer of the wrong
// length is a programmer error and may panic. Validate is called once per
// run, before any other method.
type Objective interface {
	// Dims returns the number of samples n and the dimension d of x.
	Dims() (n, d int)
	// Validate returns an error wrapping ErrInvalidInput if the
	// objective's data cannot be used (nil, mismatched or non-finite).
	// It must not panic, also on a nil receiver.
	Validate() error
	// Eval returns L(x) and the stopping measure at x (‖Ax − y‖ for
	// least squares), using work (length n) as scratch space.
	Eval(work, x []float64) (loss, measure float64)
	// EvalGrad writes the full gradient ∇L(x) (the sum over the samples)
	// into dst (length d) and returns L(x) and the stopping measure, using
	// work (length n) as scratch space.
	EvalGrad(dst, work, x []float64) (loss, measure float64)
	// BatchGrad writes the mean gradient (1/|B|)·Σ_{i∈B} ∇Lᵢ(x) over the
	// sample indices in batch into dst and returns the mean loss over the
	// batch and the largest per-sample |residual| in it (NaN if one is
	// NaN), with which descent methods detect divergence cheaply.
	BatchGrad(dst []float64, batch []int, x []float64) (meanLoss, maxAbsResidual float64)
}

// checkObjective validates an objective handed to the routine named op.
func checkObjective(op string, obj Objective) error {
	if obj == nil {
		return invalid(op, "objective is nil")
	}
	if err := obj.Validate(); err != nil {
		return invalid(op, "objective: %w", err)
	}
	return nil
}
