// Package failure holds the error types shared by package implicitbias, its
// topic subpackages and the internal iteration engine. Package implicitbias
// re-exports them (ErrInvalidInput, DivergedError, NotConvergedError), and
// that is where users should name them; this package exists so that the
// engine, which implicitbias imports, can return the very same types.
package failure

import (
	"errors"
	"fmt"
)

// ErrInvalidInput is wrapped by every error that reports invalid input.
var ErrInvalidInput = errors.New("invalid input")

// Invalid returns an error wrapping ErrInvalidInput whose message is
// "implicitbias: <op>: <formatted message>" (or without "<op>: " when op is
// empty). Arguments formatted with %w are wrapped as well.
func Invalid(op, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &inputError{op: op, err: err}
}

type inputError struct {
	op  string
	err error
}

func (e *inputError) Error() string {
	if e.op == "" {
		return "implicitbias: " + e.err.Error()
	}
	return "implicitbias: " + e.op + ": " + e.err.Error()
}

// Unwrap returns ErrInvalidInput and the formatted error, so that errors
// wrapped with %w stay visible to errors.Is and errors.As.
func (e *inputError) Unwrap() []error { return []error{ErrInvalidInput, e.err} }

// DivergedError reports that an iterative method left the region where its
// iterates are finite and its loss bounded: a non-finite iterate or loss, a
// loss above 1e10 times its starting value, or a state outside the domain
// of the method (e.g. a dual iterate outside the domain of ψ*). Retrieve it
// with errors.As to read where the run failed and with which step.
type DivergedError struct {
	// Method names the routine, e.g. "MirrorDescent".
	Method string
	// Iteration is the iteration at which divergence was detected.
	Iteration int
	// Loss is the loss observed there (possibly NaN or +Inf).
	Loss float64
	// Step is the step size in use (the scheduled step for schedules).
	Step float64
	// Reason, when not empty, says what was observed besides the loss,
	// e.g. "the dual iterate left the domain of negentropy".
	Reason string
}

func (e *DivergedError) Error() string {
	s := fmt.Sprintf("implicitbias: %s diverged at iteration %d (loss %v) with step %v", e.Method, e.Iteration, e.Loss, e.Step)
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s + "; try a smaller step"
}

// NotConvergedError reports that an iterative method with a tolerance used
// its whole iteration budget without meeting it. Methods that return it also
// return their result (the last iterate), so that the caller can inspect or
// continue the run; it cannot be missed by a caller that checks err.
type NotConvergedError struct {
	// Method names the routine, e.g. "MirrorDescent".
	Method string
	// Iterations is the number of iterations run.
	Iterations int
	// Residual is the stopping measure at the end and Tol its target.
	Residual, Tol float64
}

func (e *NotConvergedError) Error() string {
	return fmt.Sprintf("implicitbias: %s did not converge in %d iterations: residual %v > Tol %v", e.Method, e.Iterations, e.Residual, e.Tol)
}
