package spectral

import (
	"fmt"
	"math"
	"sync"

	"github.com/implicitbias/course/lib/implicitbias"
)

// SquaredSchatten is ψ(W) = ½‖W‖_{S_p}² = ½(Σᵢ σᵢ(W)^p)^{2/p} on rows×cols
// matrices, 1 < p ≤ 2, with
//
//	∇ψ(W) = ‖W‖_{S_p}^{2−p} U diag(σ^{p−1}) Vᵀ,  ψ*(Θ) = ½‖Θ‖_{S_q}²,  q = p/(p−1).
//
// It is (p−1)-strongly convex with respect to ‖·‖_{S_p} (Ball, Carlen, Lieb,
// "Sharp uniform convexity and smoothness inequalities for trace norms",
// Invent. Math. 1994), the matrix analogue of the squared q-norm of Azizan,
// Lale, Hassibi (IEEE TNNLS 2021). It is not a sum Σ f(σᵢ), so its
// Bregman divergence uses the vector potential ½‖σ‖_p² on the singular
// values (see Bregman).
type SquaredSchatten struct {
	rows, cols int
	p          float64
	vec        *implicitbias.SquaredQNorm
	name       string
	pool       sync.Pool // *bregWork (its x part serves single SVDs)
}

var _ implicitbias.Potential = (*SquaredSchatten)(nil)

// NewSquaredSchatten returns ½‖W‖_{S_p}² on rows×cols matrices. It returns
// an error unless 1 < p ≤ 2 and the shape is valid.
func NewSquaredSchatten(rows, cols int, p float64) (*SquaredSchatten, error) {
	const op = "NewSquaredSchatten"
	if err := checkShape(op, rows, cols); err != nil {
		return nil, err
	}
	if !(p > 1 && p <= 2) {
		return nil, invalid(op, "p = %v: the squared Schatten-p potential needs 1 < p ≤ 2", p)
	}
	v, err := implicitbias.NewSquaredQNorm(p)
	if err != nil {
		return nil, invalid(op, "%v", err)
	}
	s := &SquaredSchatten{rows: rows, cols: cols, p: p, vec: v,
		name: fmt.Sprintf("squared-schatten(p=%g, %d×%d)", p, rows, cols)}
	s.pool.New = func() any { return newBregWork(rows, cols) }
	return s, nil
}

// Shape returns (rows, cols).
func (s *SquaredSchatten) Shape() (rows, cols int) { return s.rows, s.cols }

// String names the potential.
func (s *SquaredSchatten) String() string {
	if s == nil {
		return "squared-schatten(nil)"
	}
	return s.name
}

func (s *SquaredSchatten) checkLen(x []float64) {
	if len(x) != s.rows*s.cols {
		panic(fmt.Sprintf("spectral: %s: slice of length %d, want %d", s.name, len(x), s.rows*s.cols))
	}
}

// Value returns ½‖W‖_{S_p}².
func (s *SquaredSchatten) Value(x []float64) float64 { return s.onValues(x, s.vec.Value) }

// Star returns ½‖Θ‖_{S_q}².
func (s *SquaredSchatten) Star(theta []float64) float64 { return s.onValues(theta, s.vec.Star) }

func (s *SquaredSchatten) onValues(x []float64, f func([]float64) float64) float64 {
	s.checkLen(x)
	bw := s.pool.Get().(*bregWork)
	defer s.pool.Put(bw)
	if !bw.x.factor(x) {
		return math.NaN()
	}
	return f(bw.x.s)
}

// Grad writes ∇ψ(W) into dst.
func (s *SquaredSchatten) Grad(dst, x []float64) { s.apply(dst, x, s.vec.Grad) }

// GradStar writes ∇ψ*(Θ) = ‖Θ‖_{S_q}^{2−q} U diag(σ^{q−1}) Vᵀ into dst.
func (s *SquaredSchatten) GradStar(dst, theta []float64) { s.apply(dst, theta, s.vec.GradStar) }

func (s *SquaredSchatten) apply(dst, x []float64, grad func(dst, x []float64)) {
	s.checkLen(x)
	s.checkLen(dst)
	bw := s.pool.Get().(*bregWork)
	defer s.pool.Put(bw)
	w := bw.x
	if !w.factor(x) {
		for i := range dst {
			dst[i] = math.NaN()
		}
		return
	}
	grad(w.h, w.s)
	w.compose(dst)
}

// Bregman returns D_ψ(X, Z). Writing ψ = h∘Φ with Φ(W) = Σᵢ σᵢ(W)^p and
// h(s) = ½ s^{2/p} (convex for p ≤ 2), the chain rule gives
//
//	D_ψ(X, Z) = D_h(Φ(X), Φ(Z)) + h'(Φ(Z))·D_Φ(X, Z),
//
// two non-negative terms: D_Φ is p times the Bregman divergence of the
// Schatten-p power, evaluated without cancellation like Spectral.Bregman,
// and D_h needs only Φ(X) − Φ(Z) = Σᵢ (σᵢ(X)^p − σᵢ(Z)^p), summed term by
// term. Singular values are scaled by the largest one (ψ is 2-homogeneous)
// so that nothing overflows.
func (s *SquaredSchatten) Bregman(x, z []float64) float64 {
	s.checkLen(x)
	s.checkLen(z)
	if equal(x, z) {
		return 0
	}
	bw := s.pool.Get().(*bregWork)
	defer s.pool.Put(bw)
	X, Z := bw.x, bw.z
	if !X.factor(x) || !Z.factor(z) {
		return math.NaN()
	}
	sc := math.Max(X.s[0], Z.s[0])
	if sc == 0 {
		return 0
	}
	p := s.p
	var phiZ, dDiff float64
	for i := range X.s {
		X.s[i] /= sc
		Z.s[i] /= sc
		phiZ += math.Pow(Z.s[i], p)
		dDiff += powDiff(X.s[i], Z.s[i], p)
	}
	if phiZ == 0 { // Z = 0: ∇ψ(0) = 0
		var phiX float64
		for _, v := range X.s {
			phiX += math.Pow(v, p)
		}
		return sc * sc * 0.5 * math.Pow(phiX, 2/p)
	}
	bw.overlaps()
	dPhi := p * dilationBregman(bw, power{p: p, q: p / (p - 1)})
	e := 2 / p
	dh := 0.5 * math.Pow(phiZ, e) * binomRemainder(dDiff/phiZ, e)
	hp := 0.5 * e * math.Pow(phiZ, e-1)
	return sc * sc * math.Max(0, dh+hp*dPhi)
}

// powDiff returns a^p − b^p for a, b ≥ 0, accurately when a and b are
// close.
func powDiff(a, b, p float64) float64 {
	if a == 0 || b == 0 {
		return math.Pow(a, p) - math.Pow(b, p)
	}
	return math.Pow(b, p) * math.Expm1(p*math.Log1p((a-b)/b))
}

// Validate returns an error wrapping implicitbias.ErrInvalidInput if s is
// nil or a zero value built without NewSquaredSchatten.
func (s *SquaredSchatten) Validate() error {
	if s == nil || s.vec == nil || s.rows <= 0 || s.cols <= 0 {
		return invalid("SquaredSchatten", "nil or zero-value potential; build it with NewSquaredSchatten")
	}
	return nil
}

// CheckPrimal returns an error unless x has rows·cols finite entries.
func (s *SquaredSchatten) CheckPrimal(x []float64) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return checkMatrix("x", x, s.rows, s.cols, s.name)
}

// CheckDual returns an error unless θ has rows·cols finite entries.
func (s *SquaredSchatten) CheckDual(theta []float64) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return checkMatrix("theta", theta, s.rows, s.cols, s.name+"'s conjugate")
}
