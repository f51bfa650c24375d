package ode

import (
	"errors"
	"fmt"
)

// The errors of this package wrap one of three sentinels, to be tested with
// errors.Is (the messages name the parameter or the time at fault):
var (
	// ErrInvalidInput: a nil F or event function, an empty or non-finite
	// Y0, bad times, tolerances, step settings or output times, an F or G
	// that is not finite at (T0, Y0), or a size beyond what the machine can
	// hold (a Jacobian of len(Y0)² entries, an output of
	// len(Output)·len(Y0) entries, above 2^28).
	ErrInvalidInput = errors.New("invalid input")
	// ErrStepFailed: the solution could not be continued: F, its
	// Jacobian or an event function became non-finite and shortening the
	// step did not help, or the step size underflowed — typically a
	// blow-up or a singularity of F at the reported time.
	ErrStepFailed = errors.New("integration step failed")
	// ErrMaxSteps: Settings.MaxSteps attempted steps did not reach T1.
	ErrMaxSteps = errors.New("too many steps")
)

// maxBuffer bounds the number of float64s in one allocation (2 GiB).
const maxBuffer = 1 << 28

// odeError is an error message together with the sentinel it wraps.
type odeError struct {
	msg  string
	kind error
}

func (e *odeError) Error() string { return e.msg }
func (e *odeError) Unwrap() error { return e.kind }

// newError returns an error with message "ode: <formatted>" wrapping kind.
func newError(kind error, format string, args ...any) error {
	return &odeError{msg: "ode: " + fmt.Sprintf(format, args...), kind: kind}
}

func invalid(format string, args ...any) error { return newError(ErrInvalidInput, format, args...) }

func stepFailed(format string, args ...any) error { return newError(ErrStepFailed, format, args...) }

// checkMatrixSize refuses a Jacobian of len(Y0)² entries beyond maxBuffer.
func checkMatrixSize(n int) error {
	if n > maxBuffer/n {
		return invalid("len(Problem.Y0) = %d needs a %d×%d Jacobian, more than 2^28 entries", n, n, n)
	}
	return nil
}
