package matfact

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// maxElems is the largest buffer (in float64s) the package agrees to
// allocate: 1<<28 float64s are 2 GiB.
const maxElems = 1 << 28

// inputError reports invalid input; it wraps implicitbias.ErrInvalidInput.
type inputError struct{ op, msg string }

func (e *inputError) Error() string { return "matfact: " + e.op + ": " + e.msg }

func (e *inputError) Unwrap() error { return ib.ErrInvalidInput }

// invalid returns an error wrapping implicitbias.ErrInvalidInput with the
// message "matfact: <op>: <formatted message>".
func invalid(op, format string, args ...any) error {
	return &inputError{op: op, msg: fmt.Sprintf(format, args...)}
}

// checkFinite returns an error naming param if m is nil, empty or holds a
// NaN or ±Inf.
func checkFinite(op, param string, m mat.Matrix) error {
	if m == nil {
		return invalid(op, "%s is nil", param)
	}
	r, c := m.Dims()
	if r == 0 || c == 0 {
		return invalid(op, "%s is empty (%d×%d)", param, r, c)
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := m.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return invalid(op, "%s[%d,%d] = %v is not finite", param, i, j, v)
			}
		}
	}
	return nil
}

// checkSize refuses r×c buffers beyond maxElems and non-positive sizes.
func checkSize(op, param string, r, c int) error {
	if r <= 0 || c <= 0 {
		return invalid(op, "%s must have positive dimensions, got %d×%d", param, r, c)
	}
	if r > maxElems/c {
		return invalid(op, "%s of %d×%d exceeds the %d-element limit", param, r, c, maxElems)
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
