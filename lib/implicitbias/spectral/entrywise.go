package spectral

import (
	"fmt"

	"github.com/implicitbias/course/lib/implicitbias"
)

// Entrywise lifts a vector potential to rows×cols matrices by applying it
// to the row-major vector of entries, ψ(W) = φ(vec W): for a separable φ,
// ψ(W) = Σᵢⱼ f(Wᵢⱼ). It is not unitarily invariant: the entrywise
// hypentropy or q-power favours sparse matrices, not low-rank ones, which
// is the contrast the spectral potentials are compared with.
type Entrywise struct {
	implicitbias.Potential
	rows, cols int
}

// NewEntrywise returns the entrywise lift of p to rows×cols matrices. It
// returns an error for a nil p or an invalid shape.
func NewEntrywise(rows, cols int, p implicitbias.Potential) (*Entrywise, error) {
	const op = "NewEntrywise"
	if err := checkShape(op, rows, cols); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, invalid(op, "potential p is nil")
	}
	return &Entrywise{Potential: p, rows: rows, cols: cols}, nil
}

// Shape returns (rows, cols).
func (e *Entrywise) Shape() (rows, cols int) { return e.rows, e.cols }

// Validate returns an error wrapping implicitbias.ErrInvalidInput if e is
// nil, a zero value, or its vector potential does not validate.
func (e *Entrywise) Validate() error {
	if e == nil || e.Potential == nil || e.rows <= 0 || e.cols <= 0 {
		return invalid("Entrywise", "nil or zero-value potential; build it with NewEntrywise")
	}
	if v, ok := e.Potential.(implicitbias.Validator); ok {
		return v.Validate()
	}
	return nil
}

// CheckPrimal checks the length and then the vector potential's domain.
func (e *Entrywise) CheckPrimal(x []float64) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if len(x) != e.rows*e.cols {
		return invalid("CheckPrimal", "x has length %d, want %d = %d×%d for %s", len(x), e.rows*e.cols, e.rows, e.cols, e)
	}
	return e.Potential.CheckPrimal(x)
}

// CheckDual checks the length and then the vector potential's dual domain.
func (e *Entrywise) CheckDual(theta []float64) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if len(theta) != e.rows*e.cols {
		return invalid("CheckDual", "theta has length %d, want %d = %d×%d for %s", len(theta), e.rows*e.cols, e.rows, e.cols, e)
	}
	return e.Potential.CheckDual(theta)
}

// String returns "entrywise(<vector potential>, r×c)".
func (e *Entrywise) String() string {
	if e == nil || e.Potential == nil {
		return "entrywise(nil)"
	}
	return fmt.Sprintf("entrywise(%v, %d×%d)", e.Potential, e.rows, e.cols)
}
