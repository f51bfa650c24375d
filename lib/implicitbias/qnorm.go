package implicitbias

import (
	"fmt"
	"math"
)

// SquaredQNorm is the non-separable potential ψ(x) = ½‖x‖_q² with q > 1, on
// all of ℝᵈ. Its mirror map is ∇ψ(x) = ‖x‖_q^{2−q} sgn(x)|x|^{q−1}, whose
// inverse is ∇ψ*(θ) = ∇(½‖θ‖_{q*}²) with q* = q/(q−1), and
// ψ*(θ) = ½‖θ‖_{q*}². For q ∈ (1, 2] it is (q−1)-strongly convex with
// respect to ‖·‖_q; q = 2 is the Euclidean potential.
//
// SquaredQNorm does not implement Separable; Project uses L-BFGS for it.
type SquaredQNorm struct {
	q, qStar float64
}

var _ Potential = (*SquaredQNorm)(nil)

// NewSquaredQNorm returns the squared q-norm potential. It returns an error
// unless q > 1 is finite.
func NewSquaredQNorm(q float64) (*SquaredQNorm, error) {
	if !(q > 1) || math.IsInf(q, 1) {
		return nil, invalid("NewSquaredQNorm", "q = %v: the squared q-norm potential needs 1 < q < ∞", q)
	}
	return &SquaredQNorm{q: q, qStar: q / (q - 1)}, nil
}

// Q returns the exponent q.
func (p *SquaredQNorm) Q() float64 { return p.q }

// Validate returns an error wrapping ErrInvalidInput if p is nil or was not
// built by NewSquaredQNorm.
func (p *SquaredQNorm) Validate() error {
	if p == nil || p.q == 0 {
		return unusable("SquaredQNorm", "NewSquaredQNorm", p == nil)
	}
	return nil
}

// Value returns ½‖x‖_q².
func (p *SquaredQNorm) Value(x []float64) float64 {
	n := qNorm(x, p.q)
	return n * n / 2
}

// Grad writes ‖x‖_q^{2−q} sgn(x)|x|^{q−1} into dst (0 at x = 0).
func (p *SquaredQNorm) Grad(dst, x []float64) { qNormGrad(dst, x, p.q) }

// GradStar writes ∇(½‖θ‖_{q*}²) into dst.
func (p *SquaredQNorm) GradStar(dst, theta []float64) { qNormGrad(dst, theta, p.qStar) }

// Star returns ½‖θ‖_{q*}².
func (p *SquaredQNorm) Star(theta []float64) float64 {
	n := qNorm(theta, p.qStar)
	return n * n / 2
}

// Bregman returns D_ψ(x, z). When the textbook formula
// ½‖x‖² + ½‖z‖² − ⟨∇ψ(z), x⟩ cancels (result below 1e-3 of its terms, i.e.
// x close to z), it instead writes ψ = h∘Φ with Φ(x) = Σᵢ|xᵢ|^q and
// h(s) = ½ s^{2/q} and evaluates D_ψ = D_h(Φ(x), Φ(z)) + h'(Φ(z))·D_Φ(x, z),
// two terms of second order in x − z computed without cancellation.
func (p *SquaredQNorm) Bregman(x, z []float64) float64 {
	checkLen(x, z)
	nx, nz := qNorm(x, p.q), qNorm(z, p.q)
	var ip float64 // ⟨∇ψ(z), x⟩ = ‖z‖ Σ sgn(zᵢ)(|zᵢ|/‖z‖)^{q−1} xᵢ
	if nz > 0 {
		for i, v := range z {
			ip += nz * math.Copysign(math.Pow(math.Abs(v)/nz, p.q-1), v) * x[i]
		}
	}
	scale := (nx*nx + nz*nz) / 2
	if tb := scale - ip; tb > 1e-3*(scale+math.Abs(ip)) {
		return tb
	}
	var s float64 // common scale: ψ is 2-homogeneous
	for i := range x {
		s = math.Max(s, math.Max(math.Abs(x[i]), math.Abs(z[i])))
	}
	if s == 0 {
		return 0
	}
	q := p.q
	var phiZ, dPhi, dDiff float64
	for i := range x {
		a, b := x[i]/s, z[i]/s
		phiZ += math.Pow(math.Abs(b), q)
		dPhi += q * powBregman(a, b, q, p.qStar)
		dDiff += powDiff(a, b, q)
	}
	if phiZ == 0 {
		return s * s * p.Value(scaled(x, s)) // ∇ψ(0) = 0
	}
	e := 2 / q
	dh := 0.5 * math.Pow(phiZ, e) * binomRemainder(dDiff/phiZ, e)
	hp := 0.5 * e * math.Pow(phiZ, e-1)
	return s * s * math.Max(0, dh+hp*dPhi)
}

// CheckPrimal returns an error naming the first NaN or ±Inf entry of x.
func (p *SquaredQNorm) CheckPrimal(x []float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return checkFinite("x", x, p.String())
}

// CheckDual returns an error naming the first NaN or ±Inf entry of θ.
func (p *SquaredQNorm) CheckDual(theta []float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return checkFinite("theta", theta, p.String())
}

// String returns "squared-qnorm(q=…)".
func (p *SquaredQNorm) String() string {
	if p == nil {
		return "squared-qnorm(nil)"
	}
	return fmt.Sprintf("squared-qnorm(q=%g)", p.q)
}

// qNorm returns ‖x‖_q, scaling by max|xᵢ| to avoid overflow and underflow.
func qNorm(x []float64, q float64) float64 {
	var m float64
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	if m == 0 {
		return 0
	}
	var s float64
	for _, v := range x {
		s += math.Pow(math.Abs(v)/m, q)
	}
	return m * math.Pow(s, 1/q)
}

// qNormGrad writes ∇(½‖x‖_q²) = ‖x‖_q sgn(x)(|x|/‖x‖_q)^{q−1} into dst.
func qNormGrad(dst, x []float64, q float64) {
	checkLen(dst, x)
	n := qNorm(x, q)
	for i, v := range x {
		if n == 0 {
			dst[i] = 0
			continue
		}
		dst[i] = n * math.Copysign(math.Pow(math.Abs(v)/n, q-1), v)
	}
}

// scaled returns x/s in a new slice (used only on a cold path).
func scaled(x []float64, s float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = v / s
	}
	return out
}
