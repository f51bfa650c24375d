package planted

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// streamSensing is the PCG stream of GaussianSensing.
const streamSensing = 0x73656e73 // "sens"

// sensingLimit is the largest operator (in float64s) GaussianSensing
// allocates: 1<<28 float64s are 2 GiB.
const sensingLimit = 1 << 28

// sensingError reports invalid input to GaussianSensing; it wraps
// implicitbias.ErrInvalidInput.
type sensingError struct{ msg string }

func (e *sensingError) Error() string { return "planted: GaussianSensing: " + e.msg }
func (e *sensingError) Unwrap() error { return ib.ErrInvalidInput }

// GaussianSensing returns a Gaussian measurement operator for rows×cols
// matrices: an m×(rows·cols) matrix whose row l is vec(A_l) (row-major), with
// entries iid N(0, 1/m), so that E‖𝒜(W)‖² = ‖W‖²_F. The measurements of W
// are b_l = ⟨A_l, W⟩. Draws come from PCG(seed, ·); the same seed gives the
// same bytes.
func GaussianSensing(m, rows, cols int, seed uint64) (*mat.Dense, error) {
	if m <= 0 || rows <= 0 || cols <= 0 {
		return nil, &sensingError{fmt.Sprintf("m, rows and cols must be positive, got m = %d, rows = %d, cols = %d", m, rows, cols)}
	}
	if rows > sensingLimit/cols || m > sensingLimit/(rows*cols) {
		return nil, &sensingError{fmt.Sprintf("an operator of %d×(%d·%d) exceeds the %d-element limit", m, rows, cols, sensingLimit)}
	}
	rng := rand.New(rand.NewPCG(seed, streamSensing))
	s := 1 / math.Sqrt(float64(m))
	data := make([]float64, m*rows*cols)
	for i := range data {
		data[i] = s * rng.NormFloat64()
	}
	return mat.NewDense(m, rows*cols, data), nil
}
