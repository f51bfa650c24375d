package matfact

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// streamUnbalanced is the PCG stream of UnbalancedXY.
const streamUnbalanced = 0x6d667562 // "mfub"

// UnbalancedXY returns the two-factor start X₀ = c G₁/√n, Y₀ = G₂/(c√n)
// (G₁ m×r, G₂ n×r, iid N(0, 1) from PCG(seed, ·)) as the factorisation
// W_1 = Y₀ᵀ, W_2 = X₀. The scale c > 0 unbalances the factors: the
// imbalance X₀ᵀX₀ − Y₀ᵀY₀ grows like c². The rank r must lie in
// [1, min(m, n)].
func UnbalancedXY(m, n, r int, c float64, seed uint64) (*Factorization, error) {
	const op = "UnbalancedXY"
	if m < 1 || n < 1 {
		return nil, invalid(op, "m and n must be positive, got %d×%d", m, n)
	}
	if r < 1 || r > min(m, n) {
		return nil, invalid(op, "rank r = %d must be in [1, min(m, n)] = [1, %d]", r, min(m, n))
	}
	if err := checkSize(op, "X", m, r); err != nil {
		return nil, err
	}
	if err := checkSize(op, "Y", n, r); err != nil {
		return nil, err
	}
	if !(c > 0) || math.IsInf(c, 0) {
		return nil, invalid(op, "the scale c must be positive and finite, got %v", c)
	}
	rng := rand.New(rand.NewPCG(seed, streamUnbalanced))
	s := 1 / math.Sqrt(float64(n))
	x := mat.NewDense(m, r, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < r; j++ {
			x.Set(i, j, c*s*rng.NormFloat64())
		}
	}
	y := mat.NewDense(n, r, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < r; j++ {
			y.Set(i, j, s/c*rng.NormFloat64())
		}
	}
	return FromXY(x, y)
}

// XYNoise returns the Settings.Noise of a two-factor model W = XYᵀ with
// noise σ_x on X and σ_y on Y (the factors are stored as W_1 = Yᵀ,
// W_2 = X, so the order is σ_y, σ_x).
func XYNoise(sigmaX, sigmaY float64) []float64 { return []float64{sigmaY, sigmaX} }

// BalancedMinimum returns the global minimum of ½‖M − XYᵀ‖²_F (X m×r,
// Y n×r) selected by perturbed gradient descent with noise levels σ_x, σ_y:
// X = U_r S_r^{1/2} κ^{1/2}, Y = V_r S_r^{1/2} κ^{−1/2} with the top-r SVD
// M ≈ U_r S_r V_rᵀ and κ = √(mσ_x²/(nσ_y²)) — for equal noise and m = n,
// κ = 1 and XᵀX = YᵀY. It is the flattest global minimum: its Hessian has
// the least trace, 2√(mn)‖M‖_* when κ = √(m/n), and for κ = 1, m = n the
// least top eigenvalue 2s₁ (see FlatSharpness). kappa must be positive.
// The rotation X ↦ XQ, Y ↦ YQ (Q orthogonal) is left at Q = I.
func BalancedMinimum(m *mat.Dense, r int, kappa float64) (*Factorization, error) {
	const op = "BalancedMinimum"
	if err := checkFinite(op, "M", m); err != nil {
		return nil, err
	}
	rows, cols := m.Dims()
	if r < 1 || r > min(rows, cols) {
		return nil, invalid(op, "rank r = %d must be in [1, min(m, n)] = [1, %d]", r, min(rows, cols))
	}
	if !(kappa > 0) || math.IsInf(kappa, 0) {
		return nil, invalid(op, "kappa must be positive and finite, got %v", kappa)
	}
	var svd mat.SVD
	if !svd.Factorize(m, mat.SVDThin) {
		return nil, invalid(op, "the SVD of M did not converge")
	}
	s := svd.Values(nil)
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	x := mat.NewDense(rows, r, nil)
	y := mat.NewDense(cols, r, nil)
	for k := 0; k < r; k++ {
		a := math.Sqrt(s[k])
		for i := 0; i < rows; i++ {
			x.Set(i, k, u.At(i, k)*a*math.Sqrt(kappa))
		}
		for j := 0; j < cols; j++ {
			y.Set(j, k, v.At(j, k)*a/math.Sqrt(kappa))
		}
	}
	return FromXY(x, y)
}

// FlatSharpness returns the sharpness of the flattest global minima of
// ½‖M − XYᵀ‖²_F (re-derived in the chapter on noisy GD): the least top
// Hessian eigenvalue 2s₁ (attained at the balanced minimum for m = n) and
// the least Hessian trace 2√(mn)‖M‖_* (attained when nXᵀX = mYᵀY), for
// factors of rank r ≥ rank M.
func FlatSharpness(m *mat.Dense) (top, trace float64, err error) {
	sv, err := SingularValues(m)
	if err != nil {
		return 0, 0, err
	}
	rows, cols := m.Dims()
	nuc := 0.0
	for _, s := range sv {
		nuc += s
	}
	return 2 * sv[0], 2 * math.Sqrt(float64(rows*cols)) * nuc, nil
}

// ImbalanceDecay returns (1 − 2ηnσ²)^k, the predicted factor by which the
// expected imbalance E[XᵀX − YᵀY] of perturbed gradient descent shrinks in
// k steps for a square n×n target and equal noise σ on both factors: the
// expected step is a gradient step on the smoothed loss
// ½‖XYᵀ − M‖² + (nσ²/2)(‖X‖² + ‖Y‖²), whose flow gives Ḋ = −2nσ²D.
func ImbalanceDecay(eta float64, n int, sigma float64, k int) float64 {
	return math.Pow(1-2*eta*float64(n)*sigma*sigma, float64(k))
}
