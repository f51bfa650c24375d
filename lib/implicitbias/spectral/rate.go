package spectral

import "math"

// FitGeometricRate fits r ≈ C·ρ^x by least squares on (x, log r) and
// returns the ratio ρ per unit of x (per epoch when x counts epochs) and the
// coefficient of determination R² of the fit on the log scale. ρ < 1 with
// R² close to 1 is what exponential (linear-rate) convergence looks like.
// Points with r ≤ 0 or non-finite are skipped. It returns NaNs when fewer
// than 3 usable points remain, x has no spread, or the lengths differ.
func FitGeometricRate(x, r []float64) (rho, r2 float64) {
	if len(x) != len(r) {
		return math.NaN(), math.NaN()
	}
	var n, sx, sy float64
	for i, v := range r {
		if v > 0 && !math.IsInf(v, 0) && !math.IsNaN(x[i]) {
			n++
			sx += x[i]
			sy += math.Log(v)
		}
	}
	if n < 3 {
		return math.NaN(), math.NaN()
	}
	mx, my := sx/n, sy/n
	var sxx, sxy, syy float64
	for i, v := range r {
		if v > 0 && !math.IsInf(v, 0) && !math.IsNaN(x[i]) {
			dx, dy := x[i]-mx, math.Log(v)-my
			sxx += dx * dx
			sxy += dx * dy
			syy += dy * dy
		}
	}
	if sxx == 0 {
		return math.NaN(), math.NaN()
	}
	slope := sxy / sxx
	r2 = 1.0
	if syy > 0 {
		r2 = sxy * sxy / (sxx * syy)
	}
	return math.Exp(slope), r2
}
