package spectral

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// SingularValues returns the min(r, c) singular values of A in decreasing
// order (nil if the SVD fails, which happens only for non-finite input).
func SingularValues(A mat.Matrix) []float64 {
	var svd mat.SVD
	if !svd.Factorize(A, mat.SVDNone) {
		return nil
	}
	return svd.Values(nil)
}

// EffectiveRank returns the effective rank exp(−Σᵢ pᵢ log pᵢ) with
// pᵢ = σᵢ/Σⱼσⱼ (Roy, Vetterli, "The effective rank: a measure of effective
// dimensionality", EUSIPCO 2007), the measure Wu and Rebeschini (NeurIPS
// 2021) use for mirror descent in matrix sensing. It is 1 for a rank-one
// matrix and k for k equal non-zero singular values; 0 for the zero matrix.
// Negative or non-finite entries give NaN.
func EffectiveRank(sigma []float64) float64 {
	var s float64
	for _, v := range sigma {
		if !(v >= 0) || math.IsInf(v, 1) {
			return math.NaN()
		}
		s += v
	}
	if s == 0 {
		return 0
	}
	var h float64
	for _, v := range sigma {
		if v > 0 {
			p := v / s
			h -= p * math.Log(p)
		}
	}
	return math.Exp(h)
}

// RelativeError returns ‖W − M‖_F/‖M‖_F, the recovery error of W as an
// estimate of M (‖W‖_F if M = 0). W and M must have the same shape; a
// mismatch is a programmer error and panics, as in gonum/mat.
func RelativeError(W, M mat.Matrix) float64 {
	var d mat.Dense
	d.Sub(W, M)
	nm := mat.Norm(M, 2)
	if nm == 0 {
		return mat.Norm(&d, 2)
	}
	return mat.Norm(&d, 2) / nm
}
