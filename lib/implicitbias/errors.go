package implicitbias

import "github.com/implicitbias/course/lib/implicitbias/internal/failure"

// The error contract of the package and its topic subpackages:
//
//   - invalid input (a nil or mismatched argument, a NaN or ±Inf entry, a
//     size beyond what the machine can hold, a non-positive step or scale, a
//     start outside the domain of a potential, a start whose loss already
//     overflows) returns an error wrapping ErrInvalidInput, whose message
//     names the parameter at fault;
//   - a run that diverges returns a *DivergedError;
//   - a run with a tolerance that used its whole budget returns its result
//     AND a *NotConvergedError.
//
// Test for them with errors.Is and errors.As, never by matching messages.

// ErrInvalidInput is wrapped by every error that reports invalid input: a
// nil or mismatched argument, a NaN or ±Inf entry, a size beyond what the
// machine can hold, a non-positive step or scale, a start outside the domain
// of a potential, or a start whose loss already overflows. Test for it with
// errors.Is; the message names the parameter at fault.
var ErrInvalidInput = failure.ErrInvalidInput

// DivergedError reports that an iterative method left the region where its
// iterates are finite and its loss bounded: a non-finite iterate or loss, a
// loss above 1e10 times its starting value, or a dual iterate outside the
// domain of the potential. Retrieve it with errors.As to read where the run
// failed (fields Method, Iteration, Loss, Step and Reason).
type DivergedError = failure.DivergedError

// NotConvergedError reports that an iterative method with a tolerance used
// its whole iteration budget without meeting it (fields Method, Iterations,
// Residual, Tol). Methods that return it also return their result (the last
// iterate), so that the caller can inspect or continue the run; it cannot
// be missed by a caller that checks err.
type NotConvergedError = failure.NotConvergedError

// invalid returns an error wrapping ErrInvalidInput whose message is
// "implicitbias: <op>: <formatted message>"; %w arguments stay wrapped.
func invalid(op, format string, args ...any) error {
	return failure.Invalid(op, format, args...)
}
