package spectral

import (
	"fmt"

	"github.com/implicitbias/course/lib/implicitbias"
)

// invalid returns an error wrapping implicitbias.ErrInvalidInput whose
// message is "spectral: <op>: <formatted message>".
func invalid(op, format string, args ...any) error {
	return &inputError{op: op, msg: fmt.Sprintf(format, args...)}
}

// inputError is the error returned by invalid.
type inputError struct{ op, msg string }

func (e *inputError) Error() string { return "spectral: " + e.op + ": " + e.msg }

func (e *inputError) Unwrap() error { return implicitbias.ErrInvalidInput }

// maxElems bounds the number of float64s of one matrix buffer (2 GiB), so
// that absurd shapes are refused with an error instead of crashing.
const maxElems = 1 << 28

// checkShape returns an error naming rows or cols unless both are positive
// and rows·cols fits into one buffer.
func checkShape(op string, rows, cols int) error {
	if rows <= 0 {
		return invalid(op, "rows = %d, must be positive", rows)
	}
	if cols <= 0 {
		return invalid(op, "cols = %d, must be positive", cols)
	}
	if rows > maxElems/cols {
		return invalid(op, "rows×cols = %d×%d exceeds the limit of %d entries", rows, cols, maxElems)
	}
	return nil
}
