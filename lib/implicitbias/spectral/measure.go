package spectral

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Measurements is a linear measurement operator on rows×cols matrices,
// 𝒜(W)_l = ⟨A_l, W⟩, l = 1..m, with targets y, grouped into n samples, and
// the squared loss L(W) = Σᵢ Lᵢ(W), Lᵢ = ½ Σ_{l ∈ sample i} (⟨A_l, W⟩ − y_l)².
// Two kinds cover the applications of the chapter:
//
//   - multi-output regression (NewMultiOutput): W ∈ ℝ^{d×k}, samples
//     (xᵢ, yᵢ), prediction Wᵀxᵢ, Lᵢ = ½‖Wᵀxᵢ − yᵢ‖², measurement matrices
//     A_{(i,c)} = xᵢe_cᵀ; one-hot yᵢ gives multi-class classification with
//     the squared loss;
//   - matrix completion (NewCompletion): observed entries Ω, one sample per
//     entry, A_{(i,j)} = eᵢeⱼᵀ, L_{(i,j)} = ½(Wᵢⱼ − Mᵢⱼ)².
//
// Matrices are flattened row-major. Measurements implements
// implicitbias.Objective on the flattened matrix (Dims, Validate, Eval,
// EvalGrad, BatchGrad); its stopping measure is the residual norm
// ‖𝒜(W) − y‖. Its methods allocate nothing and are safe for concurrent use.
type Measurements struct {
	rows, cols int
	// multi-output: x is n×d (row-major), y is n×k.
	x []float64
	// completion: idx holds the flat index i·cols + j of each observed entry.
	idx []int
	y   []float64
	n   int // samples
}

// NewMultiOutput returns the measurements of the multi-output linear model
// with inputs X (n×d, one sample per row) and targets Y (n×k): the parameter
// is W ∈ ℝ^{d×k} and sample i is fitted when Wᵀxᵢ = yᵢ. It returns an error
// wrapping implicitbias.ErrInvalidInput for nil, empty, mismatched or
// non-finite data.
func NewMultiOutput(X, Y *mat.Dense) (*Measurements, error) {
	const op = "NewMultiOutput"
	if X == nil || Y == nil || X.IsEmpty() || Y.IsEmpty() {
		return nil, invalid(op, "X and Y must be non-nil, non-empty matrices")
	}
	n, d := X.Dims()
	ny, k := Y.Dims()
	if ny != n {
		return nil, invalid(op, "Y has %d rows, X has %d: one target row per sample", ny, n)
	}
	if err := checkShape(op, d, k); err != nil {
		return nil, err
	}
	if n > maxElems/max(d, k) {
		return nil, invalid(op, "%d samples of dimension %d exceed the buffer limit", n, max(d, k))
	}
	m := &Measurements{rows: d, cols: k, n: n, x: flat(X), y: flat(Y)}
	if err := finite(op, "X", m.x, d); err != nil {
		return nil, err
	}
	if err := finite(op, "Y", m.y, k); err != nil {
		return nil, err
	}
	return m, nil
}

// NewCompletion returns the completion measurements of the entries
// observed[l] = {i, j} of M: W is fitted when Wᵢⱼ = Mᵢⱼ on every observed
// entry. Entries must lie inside M and be distinct. It returns an error
// wrapping implicitbias.ErrInvalidInput naming the bad entry.
func NewCompletion(M *mat.Dense, observed [][2]int) (*Measurements, error) {
	const op = "NewCompletion"
	if M == nil || M.IsEmpty() {
		return nil, invalid(op, "M must be a non-nil, non-empty matrix")
	}
	r, c := M.Dims()
	if err := checkShape(op, r, c); err != nil {
		return nil, err
	}
	if len(observed) == 0 {
		return nil, invalid(op, "no observed entries")
	}
	if len(observed) > r*c {
		return nil, invalid(op, "%d observed entries, but M has only %d", len(observed), r*c)
	}
	seen := make(map[int]int, len(observed))
	m := &Measurements{rows: r, cols: c, n: len(observed), idx: make([]int, len(observed)), y: make([]float64, len(observed))}
	for l, e := range observed {
		i, j := e[0], e[1]
		if i < 0 || i >= r || j < 0 || j >= c {
			return nil, invalid(op, "observed[%d] = (%d, %d) is outside the %d×%d matrix", l, i, j, r, c)
		}
		f := i*c + j
		if prev, dup := seen[f]; dup {
			return nil, invalid(op, "observed[%d] = (%d, %d) repeats observed[%d]", l, i, j, prev)
		}
		seen[f] = l
		m.idx[l] = f
		m.y[l] = M.At(i, j)
		if math.IsNaN(m.y[l]) || math.IsInf(m.y[l], 0) {
			return nil, invalid(op, "M[%d,%d] = %v is not finite", i, j, m.y[l])
		}
	}
	return m, nil
}

func flat(A *mat.Dense) []float64 {
	r, c := A.Dims()
	out := make([]float64, 0, r*c)
	for i := range r {
		out = append(out, A.RawRowView(i)...)
	}
	return out
}

func finite(op, name string, v []float64, cols int) error {
	for i, e := range v {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return invalid(op, "%s[%d,%d] = %v is not finite", name, i/cols, i%cols, e)
		}
	}
	return nil
}

// Shape returns the shape (rows, cols) of the parameter matrix.
func (m *Measurements) Shape() (rows, cols int) { return m.rows, m.cols }

// Dims returns the number of samples n and the number of parameters
// rows·cols (implicitbias.Objective).
func (m *Measurements) Dims() (n, d int) { return m.n, m.rows * m.cols }

// Len returns the number m of scalar measurements (n·k for multi-output, n
// for completion).
func (m *Measurements) Len() int { return len(m.y) }

// IsCompletion reports whether m measures entries (matrix completion).
func (m *Measurements) IsCompletion() bool { return m.idx != nil }

// Observed returns the observed entries {i, j} of a completion problem (nil
// for multi-output).
func (m *Measurements) Observed() [][2]int {
	if m.idx == nil {
		return nil
	}
	out := make([][2]int, len(m.idx))
	for l, f := range m.idx {
		out[l] = [2]int{f / m.cols, f % m.cols}
	}
	return out
}

// Validate returns nil for a Measurements built by its constructors and an
// error wrapping implicitbias.ErrInvalidInput otherwise (nil or zero value).
func (m *Measurements) Validate() error {
	if m == nil || m.n == 0 || m.rows == 0 || m.cols == 0 {
		return invalid("Measurements", "nil or zero-value measurements; build them with NewMultiOutput or NewCompletion")
	}
	return nil
}

// sample calls f(c, r) for every measurement l of sample i, with c the
// output index (0 for completion) and r = ⟨A_l, W⟩ − y_l its residual.
func (m *Measurements) sample(i int, w []float64, f func(c int, r float64)) {
	if m.idx != nil {
		f(0, w[m.idx[i]]-m.y[i])
		return
	}
	d, k := m.rows, m.cols
	xi := m.x[i*d : (i+1)*d]
	for c := range k {
		var p float64
		for j, v := range xi {
			p += v * w[j*k+c]
		}
		f(c, p-m.y[i*k+c])
	}
}

// Residual writes 𝒜(W) − y (length Len()) into dst and returns its norm.
func (m *Measurements) Residual(dst, w []float64) float64 {
	m.checkW(w)
	if len(dst) != len(m.y) {
		panic("spectral: Measurements.Residual: dst has the wrong length")
	}
	var ss float64
	if m.idx != nil {
		for l, f := range m.idx {
			dst[l] = w[f] - m.y[l]
			ss += dst[l] * dst[l]
		}
		return math.Sqrt(ss)
	}
	k := m.cols
	for i := range m.n {
		m.sample(i, w, func(c int, r float64) { dst[i*k+c] = r; ss += r * r })
	}
	return math.Sqrt(ss)
}

// Adjoint writes 𝒜*(λ) = Σ_l λ_l A_l (length rows·cols) into dst.
func (m *Measurements) Adjoint(dst, lambda []float64) {
	if len(dst) != m.rows*m.cols || len(lambda) != len(m.y) {
		panic("spectral: Measurements.Adjoint: wrong lengths")
	}
	for i := range dst {
		dst[i] = 0
	}
	if m.idx != nil {
		for l, f := range m.idx {
			dst[f] += lambda[l]
		}
		return
	}
	d, k := m.rows, m.cols
	for i := range m.n {
		xi := m.x[i*d : (i+1)*d]
		for j, v := range xi {
			row := dst[j*k : (j+1)*k]
			for c := range k {
				row[c] += v * lambda[i*k+c]
			}
		}
	}
}

func (m *Measurements) checkW(w []float64) {
	if len(w) != m.rows*m.cols {
		panic(fmt.Sprintf("spectral: Measurements: matrix of length %d, want %d", len(w), m.rows*m.cols))
	}
}

// Eval returns L(W) = ½‖𝒜(W) − y‖² and ‖𝒜(W) − y‖. work is not used.
func (m *Measurements) Eval(work, w []float64) (loss, measure float64) {
	m.checkW(w)
	var ss float64
	for i := range m.n {
		m.sample(i, w, func(_ int, r float64) { ss += r * r })
	}
	return ss / 2, math.Sqrt(ss)
}

// EvalGrad writes ∇L(W) = 𝒜*(𝒜(W) − y) into dst and returns L(W) and
// ‖𝒜(W) − y‖.
func (m *Measurements) EvalGrad(dst, work, w []float64) (loss, measure float64) {
	m.checkW(w)
	if len(dst) != len(w) {
		panic("spectral: Measurements.EvalGrad: dst has the wrong length")
	}
	for i := range dst {
		dst[i] = 0
	}
	var ss float64
	for i := range m.n {
		m.addGrad(dst, i, w, 1, &ss, nil)
	}
	return ss / 2, math.Sqrt(ss)
}

// addGrad adds s·∇Lᵢ(W) to dst, ½Σ r² to *ss and tracks max |r|.
func (m *Measurements) addGrad(dst []float64, i int, w []float64, s float64, ss, maxAbs *float64) {
	if m.idx != nil {
		r := w[m.idx[i]] - m.y[i]
		dst[m.idx[i]] += s * r
		*ss += r * r
		if maxAbs != nil {
			*maxAbs = maxNaN(*maxAbs, r)
		}
		return
	}
	d, k := m.rows, m.cols
	xi := m.x[i*d : (i+1)*d]
	m.sample(i, w, func(c int, r float64) {
		*ss += r * r
		if maxAbs != nil {
			*maxAbs = maxNaN(*maxAbs, r)
		}
		sr := s * r
		for j, v := range xi {
			dst[j*k+c] += v * sr
		}
	})
}

func maxNaN(m, r float64) float64 {
	if math.IsNaN(r) || math.IsNaN(m) {
		return math.NaN()
	}
	return math.Max(m, math.Abs(r))
}

// BatchGrad writes the mean gradient (1/|B|) Σ_{i∈B} ∇Lᵢ(W) over the
// samples in batch into dst and returns the mean batch loss and the largest
// |residual| in the batch.
func (m *Measurements) BatchGrad(dst []float64, batch []int, w []float64) (meanLoss, maxAbsResidual float64) {
	m.checkW(w)
	if len(dst) != len(w) {
		panic("spectral: Measurements.BatchGrad: dst has the wrong length")
	}
	for i := range dst {
		dst[i] = 0
	}
	if len(batch) == 0 {
		return 0, 0
	}
	s := 1 / float64(len(batch))
	var ss, mx float64
	for _, i := range batch {
		m.addGrad(dst, i, w, s, &ss, &mx)
	}
	return ss / 2 * s, mx
}

// Operator returns the measurement operator flattened into a dense
// Len()×(rows·cols) matrix A (row l is vec A_l, row-major) and the targets
// y, so that 𝒜(W) = A·vec(W). It is the input of implicitbias.Project.
func (m *Measurements) Operator() (*mat.Dense, *mat.VecDense) {
	D := m.rows * m.cols
	A := mat.NewDense(len(m.y), D, nil)
	if m.idx != nil {
		for l, f := range m.idx {
			A.Set(l, f, 1)
		}
	} else {
		d, k := m.rows, m.cols
		for i := range m.n {
			for c := range k {
				row := A.RawRowView(i*k + c)
				for j := range d {
					row[j*k+c] = m.x[i*d+j]
				}
			}
		}
	}
	return A, mat.NewVecDense(len(m.y), append([]float64(nil), m.y...))
}
