package implicitbias

import (
	"fmt"
	"math"
)

// NegEntropy is the negative entropy ψ(x) = Σᵢ xᵢ log xᵢ − xᵢ on the
// positive orthant x > 0. Its mirror map is ∇ψ(x) = log x with inverse
// ∇ψ*(θ) = exp(θ), ψ*(θ) = Σᵢ exp(θᵢ), and its Bregman divergence is the
// generalised Kullback–Leibler divergence Σᵢ xᵢ log(xᵢ/zᵢ) − xᵢ + zᵢ.
// Mirror descent with NegEntropy is the unnormalised exponentiated
// gradient method EGU (Kivinen, Warmuth, "Exponentiated Gradient versus
// Gradient Descent for Linear Predictors", Information and Computation
// 132(1), 1997).
type NegEntropy struct{}

var _ Separable = NegEntropy{}

// Value returns Σᵢ xᵢ log xᵢ − xᵢ.
func (NegEntropy) Value(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v*math.Log(v) - v
	}
	return s
}

// Grad writes log x into dst.
func (NegEntropy) Grad(dst, x []float64) {
	checkLen(dst, x)
	for i, v := range x {
		dst[i] = math.Log(v)
	}
}

// GradStar writes exp(θ) into dst (finite for every θ that CheckDual
// admits).
func (NegEntropy) GradStar(dst, theta []float64) {
	checkLen(dst, theta)
	for i, v := range theta {
		dst[i] = exp(v)
	}
}

// Star returns Σᵢ exp(θᵢ).
func (NegEntropy) Star(theta []float64) float64 {
	var s float64
	for _, v := range theta {
		s += exp(v)
	}
	return s
}

// Bregman returns the generalised KL divergence Σᵢ xᵢ log(xᵢ/zᵢ) − xᵢ + zᵢ,
// computed without cancellation when x is close to z.
func (NegEntropy) Bregman(x, z []float64) float64 {
	checkLen(x, z)
	var s float64
	for i, v := range x {
		s += klTerm(v, z[i])
	}
	return s
}

// HessDiag writes 1/x into dst.
func (NegEntropy) HessDiag(dst, x []float64) {
	checkLen(dst, x)
	for i, v := range x {
		dst[i] = 1 / v
	}
}

// HessStarDiag writes exp(θ) into dst.
func (e NegEntropy) HessStarDiag(dst, theta []float64) { e.GradStar(dst, theta) }

// CheckPrimal returns an error naming the first coordinate of x that is not
// a finite positive number. Subnormal x (< 2⁻¹⁰²² ≈ 2.2e-308) is rejected
// too: math.Log is inaccurate there, which would break ∇ψ*(∇ψ(x)) = x.
func (NegEntropy) CheckPrimal(x []float64) error {
	for i, v := range x {
		if !(v >= minNormal) || math.IsInf(v, 1) {
			return domainError("x", i, v, "negentropy", "x > 0, finite, not subnormal")
		}
	}
	return nil
}

// CheckDual returns an error naming the first coordinate of θ that is NaN,
// −Inf or so large that exp(θ) overflows (θ > log(MaxFloat64) ≈ 709.78).
func (NegEntropy) CheckDual(theta []float64) error {
	for i, v := range theta {
		if math.IsNaN(v) || math.IsInf(v, -1) || v > expMax {
			return domainError("theta", i, v, "the negentropy conjugate",
				fmt.Sprintf("θ finite, θ ≤ %.17g so that exp(θ) does not overflow", expMax))
		}
	}
	return nil
}

// String returns "negentropy".
func (NegEntropy) String() string { return "negentropy" }

// SimplexEntropy is the entropy potential ψ(x) = Σᵢ xᵢ log xᵢ restricted to
// the interior of the probability simplex {x > 0, Σᵢ xᵢ = 1}.
//
// Its conjugate is ψ*(θ) = log Σᵢ exp(θᵢ) (log-sum-exp) and the inverse
// mirror map ∇ψ*(θ) is the softmax, computed stably by subtracting max θ.
// Dual points are defined only up to adding c·1: Grad returns log x, but
// log x + c·1 maps back to the same x. Mirror descent with SimplexEntropy,
// θ ← θ − η g followed by x = softmax(θ), is the exponentiated gradient
// method x ← x ⊙ exp(−η g) / Z (Kivinen, Warmuth 1997; Beck, Teboulle,
// "Mirror Descent and Nonlinear Projected Subgradient Methods for Convex
// Optimization", Operations Research Letters 31(3), 2003). Its Bregman
// divergence is KL(x‖z).
//
// SimplexEntropy is not Separable (the Hessian of log-sum-exp is not
// diagonal); Project handles it as a KL projection with the constraint
// 1ᵀx = 1 appended.
type SimplexEntropy struct{}

var _ Potential = SimplexEntropy{}

// minNormal is the smallest positive normal float64.
const minNormal = 0x1p-1022

// simplexTol is the tolerance on |Σᵢ xᵢ − 1| accepted by CheckPrimal.
const simplexTol = 1e-9

// Value returns Σᵢ xᵢ log xᵢ.
func (SimplexEntropy) Value(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * math.Log(v)
	}
	return s
}

// Grad writes log x into dst (one representative of the class log x + c·1).
func (SimplexEntropy) Grad(dst, x []float64) { NegEntropy{}.Grad(dst, x) }

// GradStar writes softmax(θ) into dst.
func (SimplexEntropy) GradStar(dst, theta []float64) {
	checkLen(dst, theta)
	m := math.Inf(-1)
	for _, v := range theta {
		m = math.Max(m, v)
	}
	var s float64
	for i, v := range theta {
		dst[i] = math.Exp(v - m)
		s += dst[i]
	}
	for i := range dst {
		dst[i] /= s
	}
}

// Star returns log Σᵢ exp(θᵢ), computed without overflow.
func (SimplexEntropy) Star(theta []float64) float64 {
	m := math.Inf(-1)
	for _, v := range theta {
		m = math.Max(m, v)
	}
	var s float64
	for _, v := range theta {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// Bregman returns KL(x‖z) = Σᵢ xᵢ log(xᵢ/zᵢ), evaluated as the generalised
// KL divergence Σᵢ xᵢ log(xᵢ/zᵢ) − xᵢ + zᵢ (equal on the simplex) whose
// terms are each non-negative, so that nothing cancels.
func (SimplexEntropy) Bregman(x, z []float64) float64 { return NegEntropy{}.Bregman(x, z) }

// CheckPrimal returns an error naming the first coordinate of x that is
// not finite and positive (subnormals are rejected as for NegEntropy), or
// an error if |Σᵢ xᵢ − 1| > 1e-9.
func (SimplexEntropy) CheckPrimal(x []float64) error {
	var s float64
	for i, v := range x {
		if !(v >= minNormal) || math.IsInf(v, 1) {
			return domainError("x", i, v, "simplex-entropy", "x > 0 (not subnormal) and Σx = 1")
		}
		s += v
	}
	if math.Abs(s-1) > simplexTol {
		return &domainErr{fmt.Sprintf("x sums to %v, outside the domain of simplex-entropy (Σx = 1 within %g)", s, simplexTol)}
	}
	return nil
}

// CheckDual returns an error naming the first NaN or ±Inf entry of θ.
func (SimplexEntropy) CheckDual(theta []float64) error {
	return checkFinite("theta", theta, "simplex-entropy")
}

// String returns "simplex-entropy".
func (SimplexEntropy) String() string { return "simplex-entropy" }

// klTerm returns x log(x/z) − x + z ≥ 0 for x, z > 0. Writing x = z(1+t),
// it equals z·[(1+t) log(1+t) − t] = z·Σ_{k≥2} (−t)ᵏ/(k(k−1)); the series is
// used for |t| ≤ 1/2 where the direct formula would cancel.
func klTerm(x, z float64) float64 {
	t := (x - z) / z
	if math.Abs(t) > 0.5 || math.IsInf(t, 0) {
		return x*(math.Log(x)-math.Log(z)) - x + z
	}
	var s float64
	p := -t // after the update below, p = (−t)ᵏ
	for k := 2; k < 200; k++ {
		p *= -t
		term := p / float64(k*(k-1))
		s += term
		if math.Abs(term) <= 1e-17*math.Abs(s) {
			break
		}
	}
	return z * s
}
