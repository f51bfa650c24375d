package spectral

import (
	"fmt"

	"github.com/implicitbias/course/lib/implicitbias"
)

// Frobenius is ψ(W) = ½‖W‖_F² = ½ Σᵢ σᵢ(W)² on rows×cols matrices: the
// mirror map is the identity, so mirror descent with it is (stochastic)
// gradient descent, and the Bregman divergence is ½‖X − Z‖_F². It is the
// Schatten-p power potential at p = 2, computed without an SVD.
type Frobenius struct {
	rows, cols int
}

var _ implicitbias.Potential = (*Frobenius)(nil)

// NewFrobenius returns the Frobenius potential on rows×cols matrices.
func NewFrobenius(rows, cols int) (*Frobenius, error) {
	if err := checkShape("NewFrobenius", rows, cols); err != nil {
		return nil, err
	}
	return &Frobenius{rows: rows, cols: cols}, nil
}

// Shape returns (rows, cols).
func (f *Frobenius) Shape() (rows, cols int) { return f.rows, f.cols }

// Value returns ½‖W‖_F².
func (f *Frobenius) Value(x []float64) float64 { return dot(x, x) / 2 }

// Grad copies W into dst.
func (f *Frobenius) Grad(dst, x []float64) { copyLen(dst, x) }

// GradStar copies Θ into dst.
func (f *Frobenius) GradStar(dst, theta []float64) { copyLen(dst, theta) }

// Star returns ½‖Θ‖_F².
func (f *Frobenius) Star(theta []float64) float64 { return dot(theta, theta) / 2 }

// Bregman returns ½‖X − Z‖_F².
func (f *Frobenius) Bregman(x, z []float64) float64 {
	if len(x) != len(z) {
		panic("spectral: Frobenius.Bregman: length mismatch")
	}
	var s float64
	for i, v := range x {
		d := v - z[i]
		s += d * d
	}
	return s / 2
}

// Validate returns an error wrapping implicitbias.ErrInvalidInput if f is
// nil or a zero value built without NewFrobenius.
func (f *Frobenius) Validate() error {
	if f == nil || f.rows <= 0 || f.cols <= 0 {
		return invalid("Frobenius", "nil or zero-value potential; build it with NewFrobenius")
	}
	return nil
}

// CheckPrimal returns an error unless x has rows·cols finite entries.
func (f *Frobenius) CheckPrimal(x []float64) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return checkMatrix("x", x, f.rows, f.cols, f.String())
}

// CheckDual returns an error unless θ has rows·cols finite entries.
func (f *Frobenius) CheckDual(theta []float64) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return checkMatrix("theta", theta, f.rows, f.cols, f.String())
}

// String returns "frobenius(r×c)".
func (f *Frobenius) String() string {
	if f == nil {
		return "frobenius(nil)"
	}
	return fmt.Sprintf("frobenius(%d×%d)", f.rows, f.cols)
}

func copyLen(dst, x []float64) {
	if len(dst) != len(x) {
		panic("spectral: length mismatch between dst and argument")
	}
	copy(dst, x)
}
