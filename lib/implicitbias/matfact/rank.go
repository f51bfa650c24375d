package matfact

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// EffectiveRank returns the entropy effective rank exp(−Σ p_i log p_i),
// p_i = σ_i/Σ_j σ_j, of the singular values sv (Roy, Vetterli, "The
// effective rank: A measure of effective dimensionality", EUSIPCO 2007).
// It lies in [1, rank]; erank(αI_d) = d. Zero and negative entries count as
// zero (0 log 0 = 0); it returns 0 when every entry is zero.
func EffectiveRank(sv []float64) float64 {
	sum := 0.0
	for _, s := range sv {
		if s > 0 {
			sum += s
		}
	}
	if sum == 0 {
		return 0
	}
	h := 0.0
	for _, s := range sv {
		if s > 0 {
			p := s / sum
			h -= p * math.Log(p)
		}
	}
	return math.Exp(h)
}

// StableRank returns ‖A‖²_F/‖A‖²_2 = Σσ_i²/σ_1² for the singular values sv
// in any order; 0 when every entry is zero.
func StableRank(sv []float64) float64 {
	top, sum := 0.0, 0.0
	for _, s := range sv {
		top = math.Max(top, math.Abs(s))
		sum += s * s
	}
	if top == 0 {
		return 0
	}
	return sum / (top * top)
}

// SingularValues returns the singular values of a, largest first.
func SingularValues(a mat.Matrix) ([]float64, error) {
	if err := checkFinite("SingularValues", "a", a); err != nil {
		return nil, err
	}
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDNone) {
		return nil, invalid("SingularValues", "the SVD did not converge")
	}
	return svd.Values(nil), nil
}
