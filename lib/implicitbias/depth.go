package implicitbias

import (
	"fmt"
	"math"
)

// DepthPotential is the exact-time mirror potential of a depth-D diagonal
// network β = u₊^{⊙D} − u₋^{⊙D} trained by gradient flow from
// u₊(0) = u₋(0) = α·1, D ≥ 3. Woodworth et al. ("Kernel and Rich Regimes in
// Overparametrized Models", COLT 2020, arXiv:2002.09277) give its implicit
// regulariser α^D Σᵢ q_D(βᵢ/α^D) with q_D = ∫ h_D⁻¹. The scaling below,
// which makes mirror flow and gradient flow share one time variable, is
// re-derived here: along the flow d(u±^{2−D})/dt = ±D(D−2)∇L, so with
// θ(t) = −∫₀ᵗ ∇L one has u±^{2−D} = α^{2−D}(1 ∓ κθ). With p = D/(D−2),
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
// [0, 1)) started to the right of the root; near the edge of the box it
// solves for 1 − |z| instead of z, so that primal-side quantities (Value,
// Bregman, HessDiag) keep full relative accuracy. Dual coordinates θ close
// to the edge (|β| ≫ α^D) carry an absolute error ~eps/κ, so a round trip
// β → θ → β is accurate to about p·eps/(1 − |κθ|) relative.
//
// The primal domain is all of ℝᵈ, but float64 cannot hold a dual point
// closer to the edge than 1 − |κθ| ≈ 2⁻⁵³: CheckPrimal admits the β up to
// |β| ≤ α^D h_D(1 − 2⁻⁴⁸) ≈ α^D 2^{48p} (for example 2e40 for D = 3,
// α = 0.1), whose mirror image ∇ψ(β) is inside the box.
type DepthPotential struct {
	depth        int
	alpha        float64
	p, r, kappa  float64
	alphaD, coef float64 // α^D and α²/(D(D−2))
	betaMax      float64 // largest |β| whose ∇ψ(β) CheckDual admits
}

// edgeMin is the smallest 1 − |κθ| that CheckPrimal lets ∇ψ(β) reach; 2⁻⁴⁸
// leaves a margin of 8 ulps of 1 for the rounding of z/κ and κθ.
const edgeMin = 0x1p-48

var _ Separable = (*DepthPotential)(nil)

// NewDepthPotential returns the depth-D potential with scale alpha. It
// returns an error unless depth ≥ 3 and alpha is positive and finite with
// α^D and D(D−2)α^{D−2} representable as normal float64 values.
func NewDepthPotential(depth int, alpha float64) (*DepthPotential, error) {
	if depth < 3 {
		return nil, invalid("NewDepthPotential", "depth = %d: the depth potential needs depth ≥ 3 (use NewHypentropy for depth 2)", depth)
	}
	D := float64(depth)
	aD := math.Pow(alpha, D)
	kappa := D * (D - 2) * math.Pow(alpha, D-2)
	if !(alpha > 0) || math.IsInf(aD, 0) || aD < 0x1p-1022 || math.IsInf(kappa, 0) {
		return nil, invalid("NewDepthPotential", "alpha = %v: the depth-%d potential needs a positive finite alpha with alpha^%d representable", alpha, depth, depth)
	}
	p := D / (D - 2)
	return &DepthPotential{
		depth: depth, alpha: alpha,
		p: p, r: 2 / (D - 2), kappa: kappa,
		alphaD: aD, coef: alpha * alpha / (D * (D - 2)),
		betaMax: aD * (math.Pow(edgeMin, -p) - math.Pow(2-edgeMin, -p)),
	}, nil
}

// Depth returns D.
func (dp *DepthPotential) Depth() int { return dp.depth }

// Alpha returns the scale α.
func (dp *DepthPotential) Alpha() float64 { return dp.alpha }

// Validate returns an error wrapping ErrInvalidInput if dp is nil or was not
// built by NewDepthPotential.
func (dp *DepthPotential) Validate() error {
	if dp == nil || dp.depth == 0 {
		return unusable("DepthPotential", "NewDepthPotential", dp == nil)
	}
	return nil
}

// h returns h_D(z) = (1+z)^{−p}·expm1(2p·atanh z), accurate near z = 0.
func (dp *DepthPotential) h(z float64) float64 {
	return math.Pow(1+z, -dp.p) * math.Expm1(2*dp.p*math.Atanh(z))
}

// hPrime returns h_D'(z) = p[(1−z)^{−p−1} + (1+z)^{−p−1}].
func (dp *DepthPotential) hPrime(z float64) float64 {
	return dp.p * (math.Pow(1-z, -dp.p-1) + math.Pow(1+z, -dp.p-1))
}

// zc is a point z of (−1, 1) together with e = 1 − |z|, which is kept
// accurate near the edge of the box where 1 − |z| would lose digits.
type zc struct{ z, e float64 }

// hInv returns the z ∈ (−1, 1) with h_D(z) = w, with e = 1 − |z|.
func (dp *DepthPotential) hInv(w float64) zc {
	if w == 0 {
		return zc{0, 1}
	}
	a := math.Abs(w)
	p := dp.p
	// h convex on [0,1) with h(0) = 0, h'(0) = 2p gives h(a/2p) ≥ a, and
	// h(z) ≥ (1−z)^{−p} − 1 gives h(1 − (1+a)^{−1/p}) ≥ a: both points lie
	// right of the root, so Newton decreases monotonically towards it.
	l := -math.Log1p(a) / p
	e0 := math.Exp(l) // (1+a)^{−1/p}
	// 1 − e0 by expm1: for tiny a, 1 − e0 would round to 0, a start left of
	// the root from which Newton stops at once.
	z := math.Min(a/(2*p), -math.Expm1(l))
	if z <= 0.5 {
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
		return zc{math.Copysign(z, w), 1 - z}
	}
	// Near the edge solve F(e) = e^{−p} − (2−e)^{−p} − a = 0 for e = 1 − z.
	// F is convex and decreasing and F(e0) = 1 − (2−e0)^{−p} ≥ 0, so Newton
	// from e0 increases monotonically to the root.
	e := e0
	for range 200 {
		f := math.Pow(e, -p) - math.Pow(2-e, -p) - a
		if f <= 0 {
			break
		}
		de := f / (p * (math.Pow(e, -p-1) + math.Pow(2-e, -p-1)))
		e += de
		if de <= 2e-16*e {
			break
		}
	}
	return zc{math.Copysign(1-e, w), e}
}

// sides returns 1 − u and 1 + u, accurately.
func (u zc) sides() (om, op float64) {
	if u.z >= 0 {
		return u.e, 2 - u.e
	}
	return 2 - u.e, u.e
}

// minus returns u − v, accurately when u and v are close to the same edge.
func (u zc) minus(v zc) float64 {
	switch {
	case u.z > 0.5 && v.z > 0.5:
		return v.e - u.e
	case u.z < -0.5 && v.z < -0.5:
		return u.e - v.e
	}
	return u.z - v.z
}

// bregH returns the Bregman divergence D_H(v, u) = H(v) − H(u) − h(u)(v−u)
// of H = ∫h_D, as the sum of the divergences of its two convex terms
// ((D−2)/2)(1∓s)^{−r}; each is (1∓u)^{−r}((D−2)/2)·[(1+τ)^{−r} − 1 + rτ]
// with τ₁ = (u−v)/(1−u), τ₂ = (v−u)/(1+u).
func (dp *DepthPotential) bregH(v, u zc) float64 {
	if v == u {
		return 0
	}
	om, op := u.sides()
	vm, vp := v.sides()
	d := u.minus(v)
	// 1 + τ₁ = (1−v)/(1−u) and 1 + τ₂ = (1+v)/(1+u) are formed from the
	// accurate sides: near the edge τ ≈ −1 and 1 + τ would lose all digits.
	s := math.Pow(om, -dp.r)*binomRemainderAt(d/om, vm/om, -dp.r) + math.Pow(op, -dp.r)*binomRemainderAt(-d/op, vp/op, -dp.r)
	return s / dp.r // (D−2)/2 = 1/r
}

// hPrimeZ returns h_D'(z) = p[(1−z)^{−p−1} + (1+z)^{−p−1}] from 1 ∓ z.
func (dp *DepthPotential) hPrimeZ(u zc) float64 {
	om, op := u.sides()
	return dp.p * (math.Pow(om, -dp.p-1) + math.Pow(op, -dp.p-1))
}

// zOf returns κθ with e = 1 − |κθ|.
func (dp *DepthPotential) zOf(theta float64) zc {
	z := dp.kappa * theta
	return zc{z, 1 - math.Abs(z)}
}

// Value returns ψ(β) = D_ψ(β, 0), since ψ(0) = 0 and ∇ψ(0) = 0. Where
// β/α^D overflows (far outside the domain CheckPrimal admits) it uses
// ψ(β) = |β|/κ·(1 + O(|β/α^D|^{−2/D})), whose correction is below 1e-100.
func (dp *DepthPotential) Value(beta []float64) float64 {
	var s, far float64
	for _, v := range beta {
		w := v / dp.alphaD
		if math.IsInf(w, 0) {
			far += math.Abs(v) / dp.kappa
			continue
		}
		s += dp.bregH(zc{0, 1}, dp.hInv(w))
	}
	return dp.coef*s + far
}

// Grad writes h_D⁻¹(β/α^D)/κ into dst.
func (dp *DepthPotential) Grad(dst, beta []float64) {
	checkLen(dst, beta)
	for i, v := range beta {
		dst[i] = dp.hInv(v/dp.alphaD).z / dp.kappa
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
		z := dp.zOf(v)
		if !(z.e > 0) {
			return math.Inf(1)
		}
		s += dp.bregH(z, zc{0, 1})
	}
	return dp.coef * s
}

// Bregman returns D_ψ(x, z) = D_{ψ*}(∇ψ(z), ∇ψ(x)), evaluated in the
// z-coordinates of the dual box.
//
// Where β/α^D overflows (far outside the domain CheckPrimal admits) the
// divergence of distinct points is returned as +Inf: an overflow, not a
// NaN.
func (dp *DepthPotential) Bregman(x, z []float64) float64 {
	checkLen(x, z)
	var s float64
	for i, v := range x {
		if v == z[i] {
			continue
		}
		wx, wz := v/dp.alphaD, z[i]/dp.alphaD
		if math.IsInf(wx, 0) || math.IsInf(wz, 0) {
			return math.Inf(1)
		}
		s += dp.bregH(dp.hInv(wz), dp.hInv(wx))
	}
	return dp.coef * s
}

// HessDiag writes 1/(κα^D h_D'(z)) at z = h_D⁻¹(β/α^D) into dst.
func (dp *DepthPotential) HessDiag(dst, beta []float64) {
	checkLen(dst, beta)
	for i, v := range beta {
		dst[i] = 1 / (dp.kappa * dp.alphaD * dp.hPrimeZ(dp.hInv(v/dp.alphaD)))
	}
}

// HessStarDiag writes κα^D h_D'(κθ) into dst.
func (dp *DepthPotential) HessStarDiag(dst, theta []float64) {
	checkLen(dst, theta)
	for i, v := range theta {
		dst[i] = dp.kappa * dp.alphaD * dp.hPrimeZ(dp.zOf(v))
	}
}

// CheckPrimal returns an error naming the first entry of β that is NaN or
// so large (|β| > α^D h_D(1 − 2⁻⁴⁸), see DepthPotential) that its mirror
// image cannot be told from the edge of the dual box, or an error if dp is
// nil or a zero value.
func (dp *DepthPotential) CheckPrimal(beta []float64) error {
	if err := dp.Validate(); err != nil {
		return err
	}
	for i, v := range beta {
		if !(math.Abs(v) <= dp.betaMax) {
			return domainError("x", i, v, dp.String(),
				fmt.Sprintf("|x| ≤ %.6g, so that ∇ψ(x) stays inside the dual box in float64", dp.betaMax))
		}
	}
	return nil
}

// CheckDual returns an error naming the first entry of θ outside the open
// box |D(D−2)α^{D−2}θ| < 1 (or NaN).
func (dp *DepthPotential) CheckDual(theta []float64) error {
	if err := dp.Validate(); err != nil {
		return err
	}
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
	if dp == nil {
		return "depth(nil)"
	}
	return fmt.Sprintf("depth(D=%d, α=%g)", dp.depth, dp.alpha)
}
