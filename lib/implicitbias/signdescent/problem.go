package signdescent

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// maxElems bounds the size of one buffer (float64s) this package allocates.
const maxElems = 1 << 28

// Problem is an under-determined regression problem Xβ = y with the loss of
// Wang and Klabjan (UAI 2025, eq. (8)),
//
//	L(β) = ¼‖Xβ − y‖²,
//
// trained through the diagonal network β = w⁺⊙w⁺ − w⁻⊙w⁻. The factor ¼ is
// part of the model: smoothed sign descent is not invariant under a
// rescaling of the loss (multiplying L by c is the same as dividing ε by
// c), so the thresholds of the paper's assumptions hold for this scale only.
//
// A Problem caches the block structure of Assumption 3.2 when X has one
// (each column non-zero in exactly one row); the dynamics themselves run on
// any X.
type Problem struct {
	x    *mat.Dense
	y    []float64
	n, d int
	// block[i] is the row in which column i is non-zero, or −1 when X does
	// not have the block structure of Assumption 3.2.
	block []int
	// blockErr explains why block is unavailable (nil when it is).
	blockErr error
	// xtx = XᵀX for the Jacobians, computed once (gram) and shared by the
	// runs of a sweep.
	xtxOnce sync.Once
	xtx     *mat.Dense
}

// gram returns XᵀX, computed on first use (safe for concurrent runs).
func (p *Problem) gram() *mat.Dense {
	p.xtxOnce.Do(func() {
		p.xtx = mat.NewDense(p.d, p.d, nil)
		p.xtx.Mul(p.x.T(), p.x)
	})
	return p.xtx
}

// NewProblem validates X (N×D) and y (length N) and returns the problem;
// X and y are copied. It returns an error wrapping
// implicitbias.ErrInvalidInput for nil or empty data, mismatched lengths,
// NaN or ±Inf entries, or more than 1<<28 entries. Data outside the
// paper's assumptions are accepted (the dynamics run on any X); see
// CheckAssumptions.
func NewProblem(X *mat.Dense, y *mat.VecDense) (*Problem, error) {
	const op = "NewProblem"
	if X == nil || X.IsEmpty() {
		return nil, invalid(op, "X is nil or empty")
	}
	if y == nil || y.IsEmpty() {
		return nil, invalid(op, "y is nil or empty")
	}
	n, d := X.Dims()
	if n > maxElems/d {
		return nil, invalid(op, "X is %d×%d, more than %d entries", n, d, maxElems)
	}
	if y.Len() != n {
		return nil, invalid(op, "y has length %d, X has %d rows", y.Len(), n)
	}
	p := &Problem{x: mat.DenseCopyOf(X), y: make([]float64, n), n: n, d: d}
	for i := 0; i < n; i++ {
		p.y[i] = y.AtVec(i)
		if !finite(p.y[i]) {
			return nil, invalid(op, "y[%d] = %v is not finite", i, p.y[i])
		}
		for j, v := range p.x.RawRowView(i) {
			if !finite(v) {
				return nil, invalid(op, "X[%d, %d] = %v is not finite", i, j, v)
			}
		}
	}
	p.block, p.blockErr = blocks(p.x)
	return p, nil
}

// Dims returns the number N of samples and the dimension D.
func (p *Problem) Dims() (n, d int) { return p.n, p.d }

// X returns a copy of the design matrix.
func (p *Problem) X() *mat.Dense { return mat.DenseCopyOf(p.x) }

// Y returns a copy of the targets.
func (p *Problem) Y() *mat.VecDense {
	return mat.NewVecDense(p.n, append([]float64(nil), p.y...))
}

// Loss returns L(β) = ¼‖Xβ − y‖². It panics if len(beta) ≠ D.
func (p *Problem) Loss(beta []float64) float64 {
	p.checkBeta(beta)
	var s float64
	for i := 0; i < p.n; i++ {
		r := dot(p.x.RawRowView(i), beta) - p.y[i]
		s += r * r
	}
	return s / 4
}

// Residual returns max_n |⟨x⁽ⁿ⁾, β⟩ − y⁽ⁿ⁾|, the interpolation error.
func (p *Problem) Residual(beta []float64) float64 {
	p.checkBeta(beta)
	var m float64
	for i := 0; i < p.n; i++ {
		m = math.Max(m, math.Abs(dot(p.x.RawRowView(i), beta)-p.y[i]))
	}
	return m
}

// Signs returns sᵢ = sgn(xᵢ⁽ⁿ⁾y⁽ⁿ⁾) for each coordinate i, where n is the
// only sample with xᵢ⁽ⁿ⁾ ≠ 0: the direction in which βᵢ moves under
// smoothed sign descent (Prop. 3.4 of Wang and Klabjan). It returns an
// *AssumptionError if X does not have the block structure of
// Assumption 3.2 or some y⁽ⁿ⁾ = 0.
func (p *Problem) Signs() ([]float64, error) {
	if err := p.checkBlocks(); err != nil {
		return nil, err
	}
	s := make([]float64, p.d)
	for i, n := range p.block {
		s[i] = sign(p.x.At(n, i) * p.y[n])
	}
	return s, nil
}

// Block returns the sample n whose row holds column i (Assumption 3.2), or
// an *AssumptionError if X has no such block structure.
func (p *Problem) Block(i int) (int, error) {
	if err := p.checkBlocks(); err != nil {
		return 0, err
	}
	if i < 0 || i >= p.d {
		return 0, invalid("Block", "coordinate %d outside [0, %d)", i, p.d)
	}
	return p.block[i], nil
}

func (p *Problem) checkBeta(beta []float64) {
	if len(beta) != p.d {
		panic(fmt.Sprintf("signdescent: β has length %d, the problem has D = %d", len(beta), p.d))
	}
}

// checkBlocks returns nil if Assumption 3.2 holds (block structure and
// y⁽ⁿ⁾ ≠ 0), else an *AssumptionError.
func (p *Problem) checkBlocks() error {
	if p.blockErr != nil {
		return p.blockErr
	}
	for n, v := range p.y {
		if v == 0 {
			return &AssumptionError{Assumption: "3.2", Sample: n, Coord: -1,
				Inequality: fmt.Sprintf("y⁽ⁿ⁾ ≠ 0 fails for n = %d", n)}
		}
	}
	return nil
}

// blocks returns, for each column of X, the only row in which it is
// non-zero, or an *AssumptionError naming a column with zero or several
// non-zero rows.
func blocks(x *mat.Dense) ([]int, error) {
	n, d := x.Dims()
	b := make([]int, d)
	for j := 0; j < d; j++ {
		b[j] = -1
		for i := 0; i < n; i++ {
			if x.At(i, j) == 0 {
				continue
			}
			if b[j] >= 0 {
				return nil, &AssumptionError{Assumption: "3.2", Sample: i, Coord: j,
					Inequality: fmt.Sprintf("column %d of X is non-zero in rows %d and %d; XᵀX is not block diagonal with rank-1 blocks", j, b[j], i)}
			}
			b[j] = i
		}
		if b[j] < 0 {
			return nil, &AssumptionError{Assumption: "3.2", Sample: -1, Coord: j,
				Inequality: fmt.Sprintf("column %d of X is zero; each column must be non-zero in exactly one row", j)}
		}
	}
	return b, nil
}

// invalid returns an error wrapping implicitbias.ErrInvalidInput whose
// message is "signdescent: <op>: <message>".
func invalid(op, format string, args ...any) error {
	return fmt.Errorf("signdescent: %s: %s: %w", op, fmt.Sprintf(format, args...), ib.ErrInvalidInput)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}
