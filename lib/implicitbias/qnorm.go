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
// As for QPower, the domain checks refuse points whose mirror image has an
// entry that overflows or, for a non-zero entry, is not a normal float64
// (with large q, entries far below the largest one).
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
	m, rn := qNormParts(x, p.q)
	return m * (rn * rn / 2) * m
}

// Grad writes ‖x‖_q^{2−q} sgn(x)|x|^{q−1} into dst (0 at x = 0).
func (p *SquaredQNorm) Grad(dst, x []float64) { qNormGrad(dst, x, p.q) }

// GradStar writes ∇(½‖θ‖_{q*}²) into dst.
func (p *SquaredQNorm) GradStar(dst, theta []float64) { qNormGrad(dst, theta, p.qStar) }

// Star returns ½‖θ‖_{q*}².
func (p *SquaredQNorm) Star(theta []float64) float64 {
	m, rn := qNormParts(theta, p.qStar)
	return m * (rn * rn / 2) * m
}

// Bregman returns D_ψ(x, z). When the textbook formula
// ½‖x‖² + ½‖z‖² − ⟨∇ψ(z), x⟩ cancels (result below 1e-3 of its terms, i.e.
// x close to z), it instead writes ψ = h∘Φ with Φ(x) = Σᵢ|xᵢ|^q and
// h(s) = ½ s^{2/q} and evaluates D_ψ = D_h(Φ(x), Φ(z)) + h'(Φ(z))·D_Φ(x, z),
// two terms of second order in x − z computed without cancellation (for
// q > 2, where h is concave, only while Φ(x)/Φ(z) stays within 1 ± ½). Both
// are evaluated on x/s and z/s, s = maxᵢ(|xᵢ|, |zᵢ|), and scaled back by s²
// (ψ is 2-homogeneous), so that nothing overflows in an intermediate.
func (p *SquaredQNorm) Bregman(x, z []float64) float64 {
	checkLen(x, z)
	var s float64
	for i := range x {
		s = math.Max(s, math.Max(math.Abs(x[i]), math.Abs(z[i])))
	}
	if s == 0 {
		return 0
	}
	q := p.q
	mx, rx := qNormParts(x, q)
	mz, rz := qNormParts(z, q)
	nx, nz := mx/s*rx, mz/s*rz // ‖x/s‖_q, ‖z/s‖_q
	var ip float64             // ⟨∇ψ(z/s), x/s⟩ = ‖z/s‖ Σ sgn(zᵢ)(|zᵢ/s|/‖z/s‖)^{q−1} xᵢ/s
	if nz > 0 {
		for i, v := range z {
			ip += nz * math.Copysign(math.Pow(math.Abs(v)/s/nz, q-1), v) * (x[i] / s)
		}
	}
	scale := (nx*nx + nz*nz) / 2
	d := scale - ip
	if !(d > 1e-3*(scale+math.Abs(ip))) {
		var phiZ, dPhi, dDiff float64
		for i := range x {
			a, b := x[i]/s, z[i]/s
			phiZ += math.Pow(math.Abs(b), q)
			dPhi += q * powBregman(a, b, q, p.qStar)
			dDiff += powDiff(a, b, q)
		}
		switch {
		case phiZ == 0:
			d = nx * nx / 2 // ∇ψ(0) = 0
		case q > 2 && math.Abs(dDiff/phiZ) > 0.5:
			// h is concave for q > 2, so D_h ≤ 0 cancels against h'·D_Φ,
			// and badly when Φ(x)/Φ(z) is far from 1 (large q magnifies a
			// small x − z). The textbook form is better there: by Hölder
			// D ≥ ½(‖x‖_q − ‖z‖_q)², and ‖x‖_q/‖z‖_q is off 1 by at least
			// ~ln(1.5)/q, so it loses at most ~4·eps·(q/ln 1.5)².
			d = math.Max(0, d)
		default:
			e := 2 / q
			dh := 0.5 * math.Pow(phiZ, e) * binomRemainder(dDiff/phiZ, e)
			hp := 0.5 * e * math.Pow(phiZ, e-1)
			d = math.Max(0, dh+hp*dPhi)
		}
	}
	if d == 0 {
		return 0
	}
	return s * d * s
}

// CheckPrimal returns an error naming the first NaN or ±Inf entry of x, or
// the largest entry if ∇ψ(x) overflows (‖x‖_q^{2−q}|x|^{q−1} > MaxFloat64).
func (p *SquaredQNorm) CheckPrimal(x []float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return checkNormGrad("x", x, p.q, p.String())
}

// CheckDual returns an error naming the first NaN or ±Inf entry of θ.
func (p *SquaredQNorm) CheckDual(theta []float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return checkNormGrad("theta", theta, p.qStar, p.String())
}

// checkNormGrad returns an error naming the first NaN or ±Inf entry of x,
// or a non-zero entry whose image under ∇(½‖x‖_q²) overflows or is not a
// normal float64 (the entries far below the largest one when q is large),
// where ∇ψ*(∇ψ(x)) = x fails. The i-th image is gᵢ = m·f·ρᵢ with
// m = maxᵢ|xᵢ|, ρᵢ = (|xᵢ|/m)^{q−1} and f = (‖x‖_q/m)^{2−q} between 1 and
// d^{(2−q)/q}; ρᵢ must be normal too, since qNormGrad forms it. The exact
// test runs only for the entries that these bounds do not clear.
func checkNormGrad(name string, x []float64, q float64, pot string) error {
	var m float64
	for i, v := range x {
		a := math.Abs(v)
		if !(a <= math.MaxFloat64) { // NaN or ±Inf
			return domainError(name, i, v, pot, "finite values")
		}
		if a > m {
			m = a
		}
	}
	if m == 0 {
		return nil
	}
	fb := math.Pow(float64(len(x)), (2-q)/q)
	fLo, fHi := math.Min(1, fb), math.Max(1, fb)
	// |xᵢ|/m ≥ lo implies ρᵢ ≥ 4·minNormal and gᵢ ≥ 4·minNormal.
	lo := math.Pow(4*math.Max(minNormal, minNormal/(m*fLo)), 1/(q-1))
	exact := !(m*fHi < math.MaxFloat64/2)
	if lom := lo * m; lom >= minNormal { // compare without a division
		for _, v := range x {
			if v != 0 && math.Abs(v) < lom {
				exact = true
				break
			}
		}
	} else {
		for _, v := range x {
			if v != 0 && !(math.Abs(v)/m >= lo) {
				exact = true
				break
			}
		}
	}
	if !exact {
		return nil
	}
	_, r := qNormParts(x, q)
	f := math.Pow(r, 2-q)
	for i, v := range x {
		if v == 0 {
			continue
		}
		rho := math.Pow(math.Abs(v)/m, q-1)
		if g := m * (f * rho); rho < minNormal || g < minNormal || math.IsInf(g, 0) {
			return domainError(name, i, v, pot, "0, or with a mirror image ‖x‖^{2−q}|xᵢ|^{q−1} that is a normal float64")
		}
	}
	return nil
}

// String returns "squared-qnorm(q=…)".
func (p *SquaredQNorm) String() string {
	if p == nil {
		return "squared-qnorm(nil)"
	}
	return fmt.Sprintf("squared-qnorm(q=%g)", p.q)
}

// qNormParts returns m = maxᵢ|xᵢ| and ‖x‖_q/m ∈ [1, d^{1/q}] (0, 0 for
// x = 0), so that ‖x‖_q = m·(‖x‖_q/m) can be used without overflow or
// underflow in an intermediate.
func qNormParts(x []float64, q float64) (m, ratio float64) {
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	if m == 0 {
		return 0, 0
	}
	var s float64
	for _, v := range x {
		s += math.Pow(math.Abs(v)/m, q)
	}
	return m, math.Pow(s, 1/q)
}

// qNorm returns ‖x‖_q (+Inf if it overflows).
func qNorm(x []float64, q float64) float64 {
	m, r := qNormParts(x, q)
	return m * r
}

// qNormGrad writes ∇(½‖x‖_q²) = ‖x‖_q^{2−q} sgn(x)|x|^{q−1}
// = m·(‖x‖_q/m)^{2−q}·sgn(x)(|x|/m)^{q−1} into dst, m = maxᵢ|xᵢ|.
func qNormGrad(dst, x []float64, q float64) {
	checkLen(dst, x)
	m, r := qNormParts(x, q)
	if m == 0 {
		for i := range dst {
			dst[i] = 0
		}
		return
	}
	f := math.Pow(r, 2-q)
	for i, v := range x {
		dst[i] = math.Copysign(m*(f*math.Pow(math.Abs(v)/m, q-1)), v)
	}
}
