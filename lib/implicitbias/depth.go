package implicitbias

import (
	"fmt"
	"math"
)

// DepthPotential is the exact-time mirror potential of a depth-D diagonal
// network β = u₊^{⊙D} − u₋^{⊙D} trained by gradient flow from
// u₊(0) = u₋(0) = α·1, D ≥ 3 (spec 01 §4). With p = D/(D−2),
// κ = D(D−2)α^{D−2}, h_D(z) = (1−z)^{−p} − (1+z)^{−p} and z = κθ,
//
//	∇ψ*(θ) = α^D h_D(κθ),  |κθ| < 1,     ∇ψ(β) = h_D⁻¹(β/α^D)/κ.
//
// The dual domain is the open box |κθ| < 1. In closed form, with
// H(z) = ∫₀ᶻ h_D = ((D−2)/2)[(1−z)^{−r} + (1+z)^{−r} − 2], r = 2/(D−2),
//
//	ψ*(θ) = (α²/(D(D−2))) Σᵢ H(κθᵢ),
//	ψ(β) = (α²/(D(D−2))) Σᵢ [wᵢzᵢ − H(zᵢ)],  wᵢ = βᵢ/α^D, zᵢ = h_D⁻¹(wᵢ).
//
// All of these, and the Bregman divergence, are evaluated as Bregman
// divergences of the two convex terms of H via a binomial series, which
// keeps full relative accuracy near 0 and as x → z. h_D is inverted by a
// Newton iteration that is monotone (h_D is odd, increasing and convex on
// [0, 1)) started to the right of the root.
type DepthPotential struct {
	depth        int
	alpha        float64
	p, r, kappa  float64
	alphaD, coef float64 // α^D and α²/(D(D−2))
}

var _ Separable = (*DepthPotential)(nil)

// NewDepthPotential returns the depth-D potential with scale alpha. It
// returns an error unless depth ≥ 3 and alpha is positive and finite with
// α^D and D(D−2)α^{D−2} representable as normal float64 values.
func NewDepthPotential(depth int, alpha float64) (*DepthPotential, error) {
	if depth < 3 {
		return nil, fmt.Errorf("depth = %d: the depth potential needs depth ≥ 3 (use NewHypentropy for depth 2)", depth)
	}
	D := float64(depth)
	aD := math.Pow(alpha, D)
	kappa := D * (D - 2) * math.Pow(alpha, D-2)
	if !(alpha > 0) || math.IsInf(aD, 0) || aD < 0x1p-1022 || math.IsInf(kappa, 0) {
		return nil, fmt.Errorf("alpha = %v: the depth-%d potential needs a positive finite alpha with alpha^%d representable", alpha, depth, depth)
	}
	return &DepthPotential{
		depth: depth, alpha: alpha,
		p: D / (D - 2), r: 2 / (D - 2), kappa: kappa,
		alphaD: aD, coef: alpha * alpha / (D * (D - 2)),
	}, nil
}

// Depth returns D.
func (dp *DepthPotential) Depth() int { return dp.depth }

// Alpha returns the scale α.
func (dp *DepthPotential) Alpha() float64 { return dp.alpha }

// h returns h_D(z) = (1+z)^{−p}·expm1(2p·atanh z), accurate near z = 0.
func (dp *DepthPotential) h(z float64) float64 {
	return math.Pow(1+z, -dp.p) * math.Expm1(2*dp.p*math.Atanh(z))
}

// hPrime returns h_D'(z) = p[(1−z)^{−p−1} + (1+z)^{−p−1}].
func (dp *DepthPotential) hPrime(z float64) float64 {
	return dp.p * (math.Pow(1-z, -dp.p-1) + math.Pow(1+z, -dp.p-1))
}

// hInv returns the z ∈ (−1, 1) with h_D(z) = w.
func (dp *DepthPotential) hInv(w float64) float64 {
	if w == 0 {
		return 0
	}
	a := math.Abs(w)
	// h convex on [0,1) with h(0) = 0, h'(0) = 2p gives h(a/2p) ≥ a, and
	// h(z) ≥ (1−z)^{−p} − 1 gives h(1 − (1+a)^{−1/p}) ≥ a: both points lie
	// right of the root, so Newton decreases monotonically towards it.
	z := math.Min(a/(2*dp.p), -math.Expm1(-math.Log1p(a)/dp.p))
	for range 200 {
		f := dp.h(z) - a
		if f <= 0 {
			break
		}
		dz := f / dp.hPrime(z)
		z -= dz
		if dz <= 2e-16*z {
			break
		}
	}
	return math.Copysign(z, w)
}

// bregH returns the Bregman divergence D_H(v, u) = H(v) − H(u) − h(u)(v−u)
// of H = ∫h_D, as the sum of the divergences of its two convex terms
// ((D−2)/2)(1∓s)^{−r}; each is (1∓u)^{−r}((D−2)/2)·[(1+τ)^{−r} − 1 + rτ].
func (dp *DepthPotential) bregH(v, u float64) float64 {
	if v == u {
		return 0
	}
	t1 := (u - v) / (1 - u)
	t2 := (v - u) / (1 + u)
	s := math.Pow(1-u, -dp.r)*binomRemainder(t1, -dp.r) + math.Pow(1+u, -dp.r)*binomRemainder(t2, -dp.r)
	return s / dp.r // (D−2)/2 = 1/r
}

// Value returns ψ(β) = D_ψ(β, 0), since ψ(0) = 0 and ∇ψ(0) = 0.
func (dp *DepthPotential) Value(beta []float64) float64 {
	var s float64
	for _, v := range beta {
		s += dp.bregH(0, dp.hInv(v/dp.alphaD))
	}
	return dp.coef * s
}

// Grad writes h_D⁻¹(β/α^D)/κ into dst.
func (dp *DepthPotential) Grad(dst, beta []float64) {
	checkLen(dst, beta)
	for i, v := range beta {
		dst[i] = dp.hInv(v/dp.alphaD) / dp.kappa
	}
}

// GradStar writes α^D h_D(κθ) into dst. θ must lie in the dual box.
func (dp *DepthPotential) GradStar(dst, theta []float64) {
	checkLen(dst, theta)
	for i, v := range theta {
		dst[i] = dp.alphaD * dp.h(dp.kappa*v)
	}
}

// Star returns ψ*(θ) = (α²/(D(D−2))) Σᵢ H(κθᵢ) (+Inf outside the box).
func (dp *DepthPotential) Star(theta []float64) float64 {
	var s float64
	for _, v := range theta {
		z := dp.kappa * v
		if !(math.Abs(z) < 1) {
			return math.Inf(1)
		}
		s += dp.bregH(z, 0)
	}
	return dp.coef * s
}

// Bregman returns D_ψ(x, z) = D_{ψ*}(∇ψ(z), ∇ψ(x)), evaluated in the
// z-coordinates of the dual box.
func (dp *DepthPotential) Bregman(x, z []float64) float64 {
	checkLen(x, z)
	var s float64
	for i, v := range x {
		s += dp.bregH(dp.hInv(z[i]/dp.alphaD), dp.hInv(v/dp.alphaD))
	}
	return dp.coef * s
}

// HessDiag writes 1/(κα^D h_D'(z)) at z = h_D⁻¹(β/α^D) into dst.
func (dp *DepthPotential) HessDiag(dst, beta []float64) {
	checkLen(dst, beta)
	for i, v := range beta {
		dst[i] = 1 / (dp.kappa * dp.alphaD * dp.hPrime(dp.hInv(v/dp.alphaD)))
	}
}

// HessStarDiag writes κα^D h_D'(κθ) into dst.
func (dp *DepthPotential) HessStarDiag(dst, theta []float64) {
	checkLen(dst, theta)
	for i, v := range theta {
		dst[i] = dp.kappa * dp.alphaD * dp.hPrime(dp.kappa*v)
	}
}

// CheckPrimal returns an error naming the first NaN or ±Inf entry of β.
func (dp *DepthPotential) CheckPrimal(beta []float64) error {
	return checkFinite("x", beta, dp.String())
}

// CheckDual returns an error naming the first entry of θ outside the open
// box |D(D−2)α^{D−2}θ| < 1 (or NaN).
func (dp *DepthPotential) CheckDual(theta []float64) error {
	for i, v := range theta {
		if !(math.Abs(dp.kappa*v) < 1) {
			return domainError("theta", i, v, dp.String()+"'s conjugate",
				fmt.Sprintf("|D(D−2)α^(D−2)θ| < 1, i.e. |θ| < %.6g", 1/dp.kappa))
		}
	}
	return nil
}

// String returns "depth(D=…, α=…)".
func (dp *DepthPotential) String() string {
	return fmt.Sprintf("depth(D=%d, α=%g)", dp.depth, dp.alpha)
}
