package implicitbias

import (
	"fmt"
	"math"
)

// Hypentropy is the hyperbolic-entropy potential with scale α > 0 of a
// two-layer diagonal linear network β = u⊙u − v⊙v trained by gradient flow
// from u₀ = v₀ = α·1 (Woodworth et al., "Kernel and Rich Regimes in
// Overparametrized Models", COLT 2020, arXiv:2002.09277; the name is from
// Ghai, Hazan, Singer, ALT 2020):
//
//	ψ_α(β) = ¼ Σᵢ [βᵢ arcsinh(βᵢ/2α²) − √(βᵢ² + 4α⁴) + 2α²],
//	∇ψ_α(β) = ¼ arcsinh(β/2α²),   ∇ψ_α*(θ) = 2α² sinh(4θ),
//	ψ_α*(θ) = (α²/2) Σᵢ (cosh 4θᵢ − 1) = α² Σᵢ sinh²(2θᵢ).
//
// ψ_α is ¼ of Woodworth et al.'s Q_α(β) = α² Σᵢ q(βᵢ/α²),
// q(z) = 2 − √(4 + z²) + z arcsinh(z/2). The factor ¼ makes mirror flow
// under ψ_α and gradient flow on (u, v) share one time variable: u⊙v = α²
// is conserved, so dβ/dt = −4(u⊙u + v⊙v)⊙∇L = −4√(β² + 4α⁴)⊙∇L, and
// 4√(β² + 4α⁴) is the inverse Hessian of ψ_α.
//
// Small α favours small ℓ1 norm ("rich" regime), large α small ℓ2 norm
// ("kernel" regime). Both domains are all of ℝᵈ, up to the float64 range:
// CheckDual admits the θ whose image 2α² sinh 4θ is finite. Exponentials
// are scaled (2α² sinh t = α² eᵗ for |t| ≥ 20) where sinh or cosh alone
// would overflow.
type Hypentropy struct {
	alpha, c float64 // c = 2α²
	lim      float64 // largest |θ| with ∇ψ*(θ) finite
}

var _ Separable = (*Hypentropy)(nil)

// sinhSwitch is the |t| from which sinh t and cosh t are evaluated as
// ±eᵗ/2: they differ from it by a relative e^{−2|t|} ≤ e^{−40} ≈ 4e-18,
// below rounding.
const sinhSwitch = 20

// NewHypentropy returns the hypentropy potential with scale alpha. It
// returns an error wrapping ErrInvalidInput unless alpha is positive,
// finite and 2α² is a normal positive float64.
func NewHypentropy(alpha float64) (*Hypentropy, error) {
	c := 2 * alpha * alpha
	if !(alpha > 0) || math.IsInf(c, 0) || c < 0x1p-1022 {
		return nil, invalid("NewHypentropy", "alpha = %v: hypentropy needs a positive finite alpha with 2α² representable", alpha)
	}
	h := &Hypentropy{alpha: alpha, c: c}
	h.lim = largestFinite(h.gradStar1, 0, 1000)
	return h, nil
}

// Alpha returns the scale α.
func (h *Hypentropy) Alpha() float64 { return h.alpha }

// Validate returns an error wrapping ErrInvalidInput if h is nil or was not
// built by NewHypentropy.
func (h *Hypentropy) Validate() error {
	if h == nil || h.c == 0 {
		return unusable("Hypentropy", "NewHypentropy", h == nil)
	}
	return nil
}

// Value returns ψ_α(β), as ¼ Σᵢ βᵢ[arcsinh(βᵢ/2α²) − βᵢ/(√(βᵢ²+4α⁴) + 2α²)],
// a form without cancellation or overflow.
func (h *Hypentropy) Value(beta []float64) float64 {
	var s float64
	for _, v := range beta {
		s += v / 4 * (asinhRatio(v, h.c) - v/(math.Hypot(v, h.c)+h.c))
	}
	return s
}

// Grad writes ¼ arcsinh(β/2α²) into dst.
func (h *Hypentropy) Grad(dst, beta []float64) {
	checkLen(dst, beta)
	for i, v := range beta {
		dst[i] = asinhRatio(v, h.c) / 4
	}
}

// asinhRatio returns arcsinh(x/c) for c > 0, also when x/c overflows.
func asinhRatio(x, c float64) float64 {
	b := x / c
	if math.IsInf(b, 0) {
		return math.Copysign(math.Ln2+math.Log(math.Abs(x))-math.Log(c), x)
	}
	return math.Asinh(b)
}

// GradStar writes 2α² sinh(4θ) into dst.
func (h *Hypentropy) GradStar(dst, theta []float64) {
	checkLen(dst, theta)
	for i, v := range theta {
		dst[i] = h.gradStar1(v)
	}
}

// gradStar1 returns 2α² sinh(4θ), as sgn(θ)·α²e^{4|θ|} for 4|θ| ≥ 20.
func (h *Hypentropy) gradStar1(theta float64) float64 {
	t := 4 * theta
	if math.Abs(t) < sinhSwitch {
		return h.c * math.Sinh(t)
	}
	return math.Copysign(scaledExp(h.c/2, math.Abs(t)), t)
}

// Star returns α² Σᵢ sinh²(2θᵢ), as (α²/4)e^{4|θᵢ|} for 2|θᵢ| ≥ 20.
func (h *Hypentropy) Star(theta []float64) float64 {
	a2 := h.c / 2
	var s float64
	for _, v := range theta {
		t := 2 * math.Abs(v)
		if t < sinhSwitch {
			sh := math.Sinh(t)
			s += a2 * sh * sh
			continue
		}
		s += scaledExp(a2/4, 2*t)
	}
	return s
}

// Bregman returns D_ψ(x, z). With u = arcsinh(x/2α²), w = arcsinh(z/2α²),
// m = (u+w)/2 and δ = (u−w)/2 it is, per coordinate,
//
//	α² [sinh m (δ cosh δ − sinh δ) + cosh m · δ sinh δ],
//
// where u − w comes from an arcsinh-difference identity and
// δ cosh δ − sinh δ from its Taylor series for small δ, so that the result
// keeps its relative accuracy as x → z; for |m| ≥ 20 the hyperbolic
// functions of m are scaled exponentials. For |δ| > 1 nothing cancels in
// ¼[x(u − w) − √(x² + 4α⁴) + √(z² + 4α⁴)], which is used instead because it
// cannot overflow in an intermediate.
func (h *Hypentropy) Bregman(x, z []float64) float64 {
	checkLen(x, z)
	var s float64
	for i, xi := range x {
		s += h.bregman1(xi, z[i])
	}
	return s
}

func (h *Hypentropy) bregman1(x, z float64) float64 {
	if x == z {
		return 0
	}
	u, w := asinhRatio(x, h.c), asinhRatio(z, h.c)
	d := asinhDiff(x, z, h.c) / 2
	if math.Abs(d) > 1 {
		return x/4*(u-w) - (math.Hypot(x, h.c)/4 - math.Hypot(z, h.c)/4)
	}
	m := (u + w) / 2
	if math.Abs(m) < sinhSwitch {
		return h.c / 2 * (math.Sinh(m)*dCoshMinusSinh(d) + math.Cosh(m)*d*math.Sinh(d))
	}
	// sinh m = sgn(m) e^{|m|}/2 and cosh m = e^{|m|}/2 to rounding.
	b := math.Copysign(1, m)*dCoshMinusSinh(d) + d*math.Sinh(d)
	if !(b > 0) {
		return 0
	}
	return scaledExp(h.c/4*b, math.Abs(m))
}

// asinhDiff returns arcsinh(x/c) − arcsinh(z/c) without cancellation, using
// arcsinh a − arcsinh b = arcsinh(a√(1+b²) − b√(1+a²)) and, for x, z of the
// same sign, a√(1+b²) − b√(1+a²) = (x−z)(x+z)/(x√(z²+c²) + z√(x²+c²)).
func asinhDiff(x, z, c float64) float64 {
	if x*z <= 0 {
		return asinhRatio(x, c) - asinhRatio(z, c) // terms of opposite sign
	}
	m := math.Max(math.Abs(x), math.Max(math.Abs(z), c))
	xs, zs, cs := x/m, z/m, c/m
	return math.Asinh((xs - zs) * (xs + zs) / (xs*math.Hypot(zs, cs) + zs*math.Hypot(xs, cs)))
}

// dCoshMinusSinh returns d cosh d − sinh d = Σ_{k≥1} 2k d^{2k+1}/(2k+1)!.
func dCoshMinusSinh(d float64) float64 {
	if math.Abs(d) > 0.1 {
		return d*math.Cosh(d) - math.Sinh(d)
	}
	d2 := d * d
	// 1/3, 1/30, 1/840, 1/45360, 1/3991680, 1/518918400.
	return d * d2 * (1.0/3 + d2*(1.0/30+d2*(1.0/840+d2*(1.0/45360+d2*(1.0/3991680+d2/518918400)))))
}

// HessDiag writes 1/(4√(β² + 4α⁴)) into dst.
func (h *Hypentropy) HessDiag(dst, beta []float64) {
	checkLen(dst, beta)
	for i, v := range beta {
		dst[i] = 0.25 / math.Hypot(v, h.c)
	}
}

// HessStarDiag writes 8α² cosh(4θ) = 4√(β² + 4α⁴) at β = ∇ψ*(θ) into dst,
// as 4α² e^{4|θ|} for 4|θ| ≥ 20.
func (h *Hypentropy) HessStarDiag(dst, theta []float64) {
	checkLen(dst, theta)
	for i, v := range theta {
		t := 4 * math.Abs(v)
		if t < sinhSwitch {
			dst[i] = 4 * h.c * math.Cosh(t)
		} else {
			dst[i] = scaledExp(2*h.c, t)
		}
	}
}

// CheckPrimal returns an error naming the first NaN or ±Inf entry of β,
// or an error if h is nil or a zero value.
func (h *Hypentropy) CheckPrimal(beta []float64) error {
	if err := h.Validate(); err != nil {
		return err
	}
	return checkFinite("x", beta, h.String())
}

// CheckDual returns an error naming the first entry of θ that is NaN, ±Inf
// or so large that ∇ψ*(θ) = 2α² sinh 4θ overflows, or an error if h is nil
// or a zero value.
func (h *Hypentropy) CheckDual(theta []float64) error {
	if err := h.Validate(); err != nil {
		return err
	}
	for i, v := range theta {
		if !(math.Abs(v) <= h.lim) {
			return domainError("theta", i, v, h.String()+"'s conjugate",
				fmt.Sprintf("|θ| ≤ %.6g so that 2α² sinh 4θ is finite", h.lim))
		}
	}
	return nil
}

// String returns "hypentropy(α=…)".
func (h *Hypentropy) String() string {
	if h == nil {
		return "hypentropy(nil)"
	}
	return fmt.Sprintf("hypentropy(α=%g)", h.alpha)
}
