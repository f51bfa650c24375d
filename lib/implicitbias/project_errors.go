package implicitbias

import (
	"fmt"
	"strings"
)

// causeError is an invalid-input error that also wraps the error that
// detected the problem (for example a potential's CheckPrimal error), so
// that errors.Is finds both ErrInvalidInput and the cause.
type causeError struct {
	msg   string
	cause error
}

func (e *causeError) Error() string   { return e.msg + ": " + e.cause.Error() }
func (e *causeError) Unwrap() []error { return []error{ErrInvalidInput, e.cause} }

// invalidCause returns an error wrapping ErrInvalidInput and cause whose
// message is "implicitbias: <op>: <formatted message>: <cause>" (without
// the formatted part if format is empty).
func invalidCause(cause error, op, format string, args ...any) error {
	msg := "implicitbias: " + op
	if format != "" {
		msg += ": " + fmt.Sprintf(format, args...)
	}
	return &causeError{msg: msg, cause: cause}
}

// opError prefixes the message of an error of this package (such as a
// *NotConvergedError) with the operation that failed and appends a note,
// without hiding the error from errors.As.
type opError struct {
	op, note string
	err      error
}

func (e *opError) Error() string {
	s := "implicitbias: " + e.op + ": " + strings.TrimPrefix(e.err.Error(), "implicitbias: ")
	if e.note != "" {
		s += " (" + e.note + ")"
	}
	return s
}

func (e *opError) Unwrap() error { return e.err }
