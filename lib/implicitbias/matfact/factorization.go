package matfact

import (
	"math"
	"math/rand/v2"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// streamRandomInit is the PCG stream of Random, so that its draws differ
// from other generators that share a seed.
const streamRandomInit = 0x6d667269 // "mfri"

// Factorization is the product W = W_N ⋯ W_1 of N ≥ 1 factors.
// Factors[j-1] holds W_j, a Dims[j]×Dims[j-1] matrix.
type Factorization struct {
	Factors []*mat.Dense
}

// New returns a factorisation holding copies of the given factors, listed
// from W_1 to W_N. Consecutive factors must chain: W_{j+1} has as many
// columns as W_j has rows.
func New(factors ...*mat.Dense) (*Factorization, error) {
	const op = "New"
	if len(factors) == 0 {
		return nil, invalid(op, "depth must be at least 1, got no factors")
	}
	f := &Factorization{Factors: make([]*mat.Dense, len(factors))}
	for j, w := range factors {
		if err := checkFinite(op, factorName(j), w); err != nil {
			return nil, err
		}
		if j > 0 {
			_, c := w.Dims()
			if r, _ := factors[j-1].Dims(); c != r {
				return nil, invalid(op, "%s has %d columns but %s has %d rows", factorName(j), c, factorName(j-1), r)
			}
		}
		f.Factors[j] = mat.DenseCopyOf(w)
	}
	return f, nil
}

func factorName(j int) string { return "W_" + strconv.Itoa(j+1) }

// Identity returns the depth-N factorisation of d×d factors W_j = αI, the
// initialisation of Chou et al. (2024). α must be positive and finite.
func Identity(depth, d int, alpha float64) (*Factorization, error) {
	const op = "Identity"
	if depth < 1 {
		return nil, invalid(op, "depth must be at least 1, got %d", depth)
	}
	if err := checkSize(op, "each factor", d, d); err != nil {
		return nil, err
	}
	if depth > maxElems/(d*d) {
		return nil, invalid(op, "depth %d of %d×%d factors exceeds the %d-element limit", depth, d, d, maxElems)
	}
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return nil, invalid(op, "alpha must be positive and finite, got %v", alpha)
	}
	f := &Factorization{Factors: make([]*mat.Dense, depth)}
	for j := range f.Factors {
		w := mat.NewDense(d, d, nil)
		for i := 0; i < d; i++ {
			w.Set(i, i, alpha)
		}
		f.Factors[j] = w
	}
	return f, nil
}

// Random returns the factorisation with W_j = α G_j / √dims[j-1], G_j
// entries iid N(0, 1) drawn from PCG(seed, ·): dims lists the N+1 sizes
// d_0, …, d_N, so W_j is d_j×d_{j-1}. For square d×d factors this is the
// random initialisation α G_j/√d.
func Random(dims []int, alpha float64, seed uint64) (*Factorization, error) {
	const op = "Random"
	if len(dims) < 2 {
		return nil, invalid(op, "dims must list at least two sizes (depth ≥ 1), got %d", len(dims))
	}
	total := 0
	for j := 1; j < len(dims); j++ {
		if err := checkSize(op, factorName(j-1), dims[j], dims[j-1]); err != nil {
			return nil, err
		}
		total += dims[j] * dims[j-1]
		if total > maxElems {
			return nil, invalid(op, "the factors exceed the %d-element limit", maxElems)
		}
	}
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return nil, invalid(op, "alpha must be positive and finite, got %v", alpha)
	}
	rng := rand.New(rand.NewPCG(seed, streamRandomInit))
	f := &Factorization{Factors: make([]*mat.Dense, len(dims)-1)}
	for j := range f.Factors {
		r, c := dims[j+1], dims[j]
		s := alpha / math.Sqrt(float64(c))
		data := make([]float64, r*c)
		for i := range data {
			data[i] = s * rng.NormFloat64()
		}
		f.Factors[j] = mat.NewDense(r, c, data)
	}
	return f, nil
}

// FromXY returns the two-factor model XYᵀ as the depth-2 factorisation
// W_1 = Yᵀ, W_2 = X (copies). X is m×r and Y is n×r.
func FromXY(x, y *mat.Dense) (*Factorization, error) {
	const op = "FromXY"
	if err := checkFinite(op, "X", x); err != nil {
		return nil, err
	}
	if err := checkFinite(op, "Y", y); err != nil {
		return nil, err
	}
	_, rx := x.Dims()
	if _, ry := y.Dims(); rx != ry {
		return nil, invalid(op, "X has %d columns and Y has %d: both must have the rank r", rx, ry)
	}
	return &Factorization{Factors: []*mat.Dense{mat.DenseCopyOf(y.T()), mat.DenseCopyOf(x)}}, nil
}

// XY returns copies of X = W_2 and Y = W_1ᵀ of a depth-2 factorisation; it
// panics if the depth is not 2 (a programmer error).
func (f *Factorization) XY() (x, y *mat.Dense) {
	if len(f.Factors) != 2 {
		panic("matfact: XY of a factorisation of depth " + strconv.Itoa(len(f.Factors)))
	}
	return mat.DenseCopyOf(f.Factors[1]), mat.DenseCopyOf(f.Factors[0].T())
}

// Depth returns N, the number of factors.
func (f *Factorization) Depth() int { return len(f.Factors) }

// Dims returns the size of the product W: the rows of W_N and the columns
// of W_1.
func (f *Factorization) Dims() (r, c int) {
	r, _ = f.Factors[len(f.Factors)-1].Dims()
	_, c = f.Factors[0].Dims()
	return r, c
}

// Clone returns a deep copy of f.
func (f *Factorization) Clone() *Factorization {
	g := &Factorization{Factors: make([]*mat.Dense, len(f.Factors))}
	for j, w := range f.Factors {
		g.Factors[j] = mat.DenseCopyOf(w)
	}
	return g
}

// Product stores W = W_N ⋯ W_1 in dst and returns it; a nil dst is
// allocated, and a dst of another size is a programmer error (panic). It
// allocates intermediate products; GD does not use it.
func (f *Factorization) Product(dst *mat.Dense) *mat.Dense {
	r, c := f.Dims()
	if dst == nil {
		dst = mat.NewDense(r, c, nil)
	} else if dr, dc := dst.Dims(); dr != r || dc != c {
		panic("matfact: Product: dst has the wrong size")
	}
	var acc mat.Dense
	acc.CloneFrom(f.Factors[0])
	for _, w := range f.Factors[1:] {
		var next mat.Dense
		next.Mul(w, &acc)
		acc = next
	}
	dst.Copy(&acc)
	return dst
}

// validate checks a hand-built factorisation: at least one factor, none
// nil, empty or non-finite, and consecutive factors chaining.
func (f *Factorization) validate(op string) error {
	if f == nil || len(f.Factors) == 0 {
		return invalid(op, "the factorisation has no factors (depth < 1)")
	}
	for j, w := range f.Factors {
		if err := checkFinite(op, factorName(j), w); err != nil {
			return err
		}
		if j > 0 {
			_, c := w.Dims()
			if r, _ := f.Factors[j-1].Dims(); c != r {
				return invalid(op, "%s has %d columns but %s has %d rows", factorName(j), c, factorName(j-1), r)
			}
		}
	}
	return nil
}
