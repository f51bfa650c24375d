package plots

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidInput is wrapped by every error that reports a picture this
// package cannot draw: a nil picture, empty or mismatched data, a NaN or
// ±Inf value, a non-positive value on a log axis, an axis or colour range
// that cannot be labelled (wider than ±MaxLinear on a linear axis, or too
// narrow to tell its ends apart), a size beyond what can be drawn, an unknown
// option. Test for it with errors.Is; the message names the parameter at
// fault, e.g. "plots: Figure.Series[1] ("GD"): Y[3] = NaN is not finite".
var ErrInvalidInput = errors.New("plots: invalid input")

// invalid returns an error wrapping ErrInvalidInput whose message is
// "plots: <param>: <formatted message>".
func invalid(param, format string, args ...any) error {
	return &inputError{param: param, msg: fmt.Sprintf(format, args...)}
}

// inputError is the error returned by invalid.
type inputError struct{ param, msg string }

func (e *inputError) Error() string { return "plots: " + e.param + ": " + e.msg }

func (e *inputError) Unwrap() error { return ErrInvalidInput }

// panelError reports the error of one panel of a Grid; it keeps the
// panel's error in the chain for errors.Is and errors.As.
type panelError struct {
	i   int
	err error
}

func (e *panelError) Error() string {
	return fmt.Sprintf("plots: Grid.Panels[%d]: %s", e.i, strings.TrimPrefix(e.err.Error(), "plots: "))
}

func (e *panelError) Unwrap() error { return e.err }
