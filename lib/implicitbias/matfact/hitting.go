package matfact

import (
	"math"

	"gonum.org/v1/gonum/integrate/quad"
)

// HittingTime returns the time t at which the gradient flow of one mode,
//
//	λ' = −N λ^{2−2/N}(λ − ŷ),   λ(0) = α^N,
//
// first reaches θŷ (0 < θ < 1): the continuous-time counterpart of the
// iteration count k ≈ t/η (Arora, Cohen, Hu, Luo, NeurIPS 2019, for the
// balanced dynamics; Chou et al. 2024 for its discrete version). Closed
// forms for N = 1, 2:
//
//	N = 1: t = ln((ŷ − α)/((1 − θ)ŷ))
//	N = 2: t = ln((ŷ/α² − 1)θ/(1 − θ)) / (2ŷ)
//
// and for N ≥ 3 the integral t = ∫_{α^N}^{θŷ} dλ / (Nλ^{2−2/N}(ŷ − λ)) by
// Gauss–Legendre quadrature on panels (in ln λ below ŷ/2, in −ln(ŷ − λ)
// above), accurate to ~1e-13 relative. For small α it behaves like
// α^{−(N−2)}/((N−2)ŷ): escape times scale like 1/ŷ and depth amplifies the
// gaps between modes. It returns 0 when α^N ≥ θŷ already.
func HittingTime(yhat float64, depth int, alpha, theta float64) (float64, error) {
	const op = "HittingTime"
	if !(yhat > 0) || math.IsInf(yhat, 0) {
		return 0, invalid(op, "yhat must be positive and finite (modes with ŷ ≤ 0 never grow), got %v", yhat)
	}
	if depth < 1 {
		return 0, invalid(op, "depth must be at least 1, got %d", depth)
	}
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return 0, invalid(op, "alpha must be positive and finite, got %v", alpha)
	}
	if !(theta > 0 && theta < 1) {
		return 0, invalid(op, "theta must be in (0, 1), got %v", theta)
	}
	a := math.Pow(alpha, float64(depth))
	if a >= theta*yhat {
		return 0, nil
	}
	switch depth {
	case 1:
		return math.Log((yhat - alpha) / ((1 - theta) * yhat)), nil
	case 2:
		return math.Log((yhat/(alpha*alpha)-1)*theta/(1-theta)) / (2 * yhat), nil
	}
	return hittingQuad(yhat, depth, a, theta), nil
}

// hittingQuad integrates dλ/(Nλ^{2−2/N}(ŷ − λ)) from a to θŷ for any
// N ≥ 1 (the closed forms for N ≤ 2 test it).
func hittingQuad(yhat float64, depth int, a, theta float64) float64 {
	n := float64(depth)
	e := 2 - 2/n
	b := theta * yhat
	mid := math.Max(a, math.Min(b, yhat/2))
	t := 0.0
	// Lower part in s = ln λ: dλ = λ ds.
	lower := func(s float64) float64 {
		l := math.Exp(s)
		return l / (n * math.Pow(l, e) * (yhat - l))
	}
	t += panels(lower, math.Log(a), math.Log(mid))
	if b > mid {
		// Upper part in v = −ln(ŷ − λ): dλ = (ŷ − λ) dv.
		upper := func(v float64) float64 {
			l := yhat - math.Exp(-v)
			return 1 / (n * math.Pow(l, e))
		}
		t += panels(upper, -math.Log(yhat-mid), -math.Log(yhat-b))
	}
	return t
}

// panels integrates f over [lo, hi] with 20-point Gauss–Legendre on panels
// of width at most ½.
func panels(f func(float64) float64, lo, hi float64) float64 {
	if hi <= lo {
		return 0
	}
	k := int(math.Ceil((hi - lo) / 0.5))
	h := (hi - lo) / float64(k)
	sum := 0.0
	for i := 0; i < k; i++ {
		sum += quad.Fixed(f, lo+float64(i)*h, lo+float64(i+1)*h, 20, quad.Legendre{}, 0)
	}
	return sum
}
