package spectral

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias"
)

// NuclearSettings tunes NuclearNormInterpolator. The zero value selects the
// defaults.
type NuclearSettings struct {
	// Tol is the stopping tolerance on the ADMM residuals ‖W − Z‖_F and
	// ρ‖Z − Z_prev‖_F, relative to max(1, ‖W‖_F) (default 1e-9).
	Tol float64
	// MaxIter bounds the iterations (default 20000).
	MaxIter int
	// Rho is the ADMM penalty ρ > 0 (default 1).
	Rho float64
}

// NuclearResult is the outcome of NuclearNormInterpolator.
type NuclearResult struct {
	// W is the minimum-nuclear-norm interpolator (it satisfies 𝒜(W) = y to
	// rounding); Nuclear is ‖W‖_*.
	W       *mat.Dense
	Nuclear float64
	// Certificate is the dual matrix Y = ρU ∈ range(𝒜*) of the last
	// iteration; at the optimum ‖Y‖₂ ≤ 1 and ⟨Y, W⟩ = ‖W‖_* (Y ∈ ∂‖W‖_*).
	Certificate *mat.Dense
	// Gap is ‖W − Z‖_F/max(1, ‖W‖_F) at the end (W interpolates, Z is the
	// low-rank iterate); Iterations is the number of ADMM iterations.
	Gap        float64
	Iterations int
}

// NuclearNormInterpolator computes argmin{‖W‖_* : 𝒜(W) = y}, the
// interpolator of least nuclear norm — the limit the spectral maps approach
// as p → 1 or β → 0, and the convex relaxation of rank minimisation
// (Recht, Fazel, Parrilo, "Guaranteed minimum-rank solutions of linear
// matrix equations via nuclear norm minimization", SIAM Review 2010; for
// completion, Candès and Recht, Found. Comput. Math. 2009). It runs ADMM on
// min ‖Z‖_* s.t. W = Z, 𝒜(W) = y (Boyd et al., "Distributed optimization
// and statistical learning via the alternating direction method of
// multipliers", Found. Trends Mach. Learn. 2011, §5): W is the Frobenius
// projection of Z − U onto the interpolators (closed form), Z the singular
// value thresholding of W + U at 1/ρ, U += W − Z. It is a reference of
// modest accuracy (Tol), not a mirror-descent limit. It returns an error
// wrapping implicitbias.ErrInvalidInput for invalid settings or
// (multi-output) rank-deficient inputs, and the result with an
// *implicitbias.NotConvergedError if MaxIter is reached.
func NuclearNormInterpolator(m *Measurements, s NuclearSettings) (*NuclearResult, error) {
	const op = "NuclearNormInterpolator"
	if err := m.Validate(); err != nil {
		return nil, invalid(op, "%v", err)
	}
	tol, maxIter, rho := s.Tol, s.MaxIter, s.Rho
	if tol == 0 {
		tol = 1e-9
	}
	if maxIter == 0 {
		maxIter = 20000
	}
	if rho == 0 {
		rho = 1
	}
	if !(tol > 0) || math.IsInf(tol, 0) || maxIter < 0 || !(rho > 0) || math.IsInf(rho, 0) {
		return nil, invalid(op, "settings Tol = %v, MaxIter = %d, Rho = %v: need Tol > 0, MaxIter ≥ 0, Rho > 0, all finite", s.Tol, s.MaxIter, s.Rho)
	}
	D := m.rows * m.cols
	w, z, u, zPrev, tmp := make([]float64, D), make([]float64, D), make([]float64, D), make([]float64, D), make([]float64, D)
	sv := newSVDWork(m.rows, m.cols)
	var it int
	var gap float64
	for it = 1; it <= maxIter; it++ {
		for i := range tmp {
			tmp[i] = z[i] - u[i]
		}
		wn, _, err := m.frobenius(tmp)
		if err != nil {
			return nil, err
		}
		copy(w, wn)
		copy(zPrev, z)
		for i := range tmp {
			tmp[i] = w[i] + u[i]
		}
		if !sv.factor(tmp) {
			return nil, invalid(op, "the SVD did not converge (non-finite data)")
		}
		for i, v := range sv.s {
			sv.h[i] = math.Max(v-1/rho, 0)
		}
		sv.compose(z)
		var r2, d2, w2 float64
		for i := range u {
			u[i] += w[i] - z[i]
			r2 += (w[i] - z[i]) * (w[i] - z[i])
			d2 += (z[i] - zPrev[i]) * (z[i] - zPrev[i])
			w2 += w[i] * w[i]
		}
		scale := math.Max(1, math.Sqrt(w2))
		gap = math.Sqrt(r2) / scale
		if gap <= tol && rho*math.Sqrt(d2)/scale <= tol {
			break
		}
	}
	res := &NuclearResult{W: mat.NewDense(m.rows, m.cols, w), Gap: gap, Iterations: min(it, maxIter)}
	for i := range u {
		tmp[i] = rho * u[i]
	}
	res.Certificate = mat.NewDense(m.rows, m.cols, append([]float64(nil), tmp...))
	for _, v := range SingularValues(res.W) {
		res.Nuclear += v
	}
	if it > maxIter {
		return res, &implicitbias.NotConvergedError{Method: op, Iterations: maxIter, Residual: gap, Tol: tol}
	}
	return res, nil
}
