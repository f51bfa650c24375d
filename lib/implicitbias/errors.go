package implicitbias

import (
	"errors"
	"fmt"
)

// ErrInvalidInput is wrapped by every error that reports invalid input: a
// nil or mismatched argument, a NaN or ±Inf entry, a size beyond what the
// machine can hold, a non-positive step or scale, a start outside the domain
// of a potential, or a start whose loss already overflows. Test for it with
// errors.Is; the message names the parameter at fault.
var ErrInvalidInput = errors.New("invalid input")

// invalid returns an error wrapping ErrInvalidInput whose message is
// "implicitbias: <op>: <formatted message>".
func invalid(op, format string, args ...any) error {
	return &inputError{op: op, msg: fmt.Sprintf(format, args...)}
}

// inputError is the error returned by invalid.
type inputError struct{ op, msg string }

func (e *inputError) Error() string {
	if e.op == "" {
		return "implicitbias: " + e.msg
	}
	return "implicitbias: " + e.op + ": " + e.msg
}

func (e *inputError) Unwrap() error { return ErrInvalidInput }

// DivergedError reports that an iterative method left the region where its
// iterates are finite and its loss bounded: a non-finite iterate or loss, a
// loss above 1e10 times its starting value, or a dual iterate outside the
// domain of the potential. Retrieve it with errors.As to read where the run
// failed and with which step.
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
