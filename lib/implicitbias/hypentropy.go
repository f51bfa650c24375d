package implicitbias

import (
	"fmt"
	"math"
)

// Hypentropy is the hyperbolic-entropy potential of Woodworth et al. (2020)
// with scale α > 0, normalised (spec 01 §4) so that mirror flow with it
// reproduces gradient flow on β = u⊙u − v⊙v from u₀ = v₀ = α·1 with the
// same time variable:
//
//	ψ_α(β) = ¼ Σᵢ [βᵢ arcsinh(βᵢ/2α²) − √(βᵢ² + 4α⁴) + 2α²],
//	∇ψ_α(β) = ¼ arcsinh(β/2α²),   ∇ψ_α*(θ) = 2α² sinh(4θ),
//	ψ_α*(θ) = (α²/2) Σᵢ (cosh 4θᵢ − 1) = α² Σᵢ sinh²(2θᵢ).
//
// Small α favours small ℓ1 norm ("rich" regime), large α small ℓ2 norm
// ("kernel" regime). Both domains are all of ℝᵈ; exponentials are
// evaluated in log form where sinh or cosh alone would overflow.
type Hypentropy struct {
	alpha, c float64 // c = 2α²
}

var _ Separable = (*Hypentropy)(nil)

// NewHypentropy returns the hypentropy potential with scale alpha. It
// returns an error unless alpha is positive, finite and 2α² is a normal
// positive float64.
func NewHypentropy(alpha float64) (*Hypentropy, error) {
	c := 2 * alpha * alpha
	if !(alpha > 0) || math.IsInf(c, 0) || c < 0x1p-1022 {
		return nil, invalid("NewHypentropy", "alpha = %v: hypentropy needs a positive finite alpha with 2α² representable", alpha)
	}
	return &Hypentropy{alpha: alpha, c: c}, nil
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
		s += v * (asinhRatio(v, h.c) - v/(math.Hypot(v, h.c)+h.c))
	}
	return s / 4
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

// GradStar writes 2α² sinh(4θ) into dst, in log form when sinh alone
// would overflow.
func (h *Hypentropy) GradStar(dst, theta []float64) {
	checkLen(dst, theta)
	for i, v := range theta {
		t := 4 * v
		if math.Abs(t) < 700 {
			dst[i] = h.c * math.Sinh(t)
		} else {
			dst[i] = math.Copysign(math.Exp(math.Abs(t)+math.Log(h.c)-math.Ln2), t)
		}
	}
}

// Star returns α² Σᵢ sinh²(2θᵢ), evaluated in log form for large |θᵢ|.
func (h *Hypentropy) Star(theta []float64) float64 {
	a2 := h.c / 2
	var s float64
	for _, v := range theta {
		t := 2 * math.Abs(v)
		if t < 350 {
			sh := math.Sinh(t)
			s += a2 * sh * sh
			continue
		}
		// α² sinh²(t) = exp(log α² + 2t − 2 log 2 + 2 log1p(−e^{−2t})).
		s += math.Exp(math.Log(a2) + 2*t - 2*math.Ln2 + 2*math.Log1p(-math.Exp(-2*t)))
	}
	return s
}

// Bregman returns D_ψ(x, z). With u = arcsinh(x/2α²), w = arcsinh(z/2α²),
// m = (u+w)/2 and δ = (u−w)/2 it is
//
//	α² Σᵢ [sinh mᵢ (δᵢ cosh δᵢ − sinh δᵢ) + cosh mᵢ · δᵢ sinh δᵢ],
//
// where u − w comes from an arcsinh-difference identity and
// δ cosh δ − sinh δ from its Taylor series for small δ, so that the result
// keeps its relative accuracy as x → z.
func (h *Hypentropy) Bregman(x, z []float64) float64 {
	checkLen(x, z)
	var s float64
	for i, xi := range x {
		zi := z[i]
		if xi == zi {
			continue
		}
		u, w := asinhRatio(xi, h.c), asinhRatio(zi, h.c)
		d := asinhDiff(xi, zi, h.c) / 2
		m := (u + w) / 2
		s += math.Sinh(m)*dCoshMinusSinh(d) + math.Cosh(m)*d*math.Sinh(d)
	}
	return h.c / 2 * s
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
		dst[i] = 1 / (4 * math.Hypot(v, h.c))
	}
}

// HessStarDiag writes 8α² cosh(4θ) = 4√(β² + 4α⁴) at β = ∇ψ*(θ) into dst.
func (h *Hypentropy) HessStarDiag(dst, theta []float64) {
	checkLen(dst, theta)
	for i, v := range theta {
		t := 4 * math.Abs(v)
		if t < 700 {
			dst[i] = 4 * h.c * math.Cosh(t)
		} else {
			dst[i] = 4 * math.Exp(t+math.Log(h.c)-math.Ln2)
		}
	}
}

// CheckPrimal returns an error naming the first NaN or ±Inf entry of β.
func (h *Hypentropy) CheckPrimal(beta []float64) error {
	if err := h.Validate(); err != nil {
		return err
	}
	return checkFinite("x", beta, h.String())
}

// CheckDual returns an error naming the first entry of θ that is NaN, ±Inf
// or so large that ∇ψ*(θ) = 2α² sinh(4θ) overflows.
func (h *Hypentropy) CheckDual(theta []float64) error {
	if err := h.Validate(); err != nil {
		return err
	}
	lim := (expOverflow - math.Log(h.c) + math.Ln2) / 4
	for i, v := range theta {
		if !(math.Abs(v) < lim) {
			return domainError("theta", i, v, h.String()+"'s conjugate",
				fmt.Sprintf("|θ| < %.4g so that 2α² sinh 4θ is finite", lim))
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
