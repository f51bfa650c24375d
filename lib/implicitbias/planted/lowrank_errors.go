package planted

import (
	"fmt"

	"github.com/implicitbias/course/lib/implicitbias"
)

// maxBuffer bounds the float64s of one generated matrix (2 GiB).
const maxBuffer = 1 << 28

// invalidInput returns an error wrapping implicitbias.ErrInvalidInput whose
// message is "planted: <op>: <formatted message>".
func invalidInput(op, format string, args ...any) error {
	return fmt.Errorf("planted: %s: %s: %w", op, fmt.Sprintf(format, args...), implicitbias.ErrInvalidInput)
}
