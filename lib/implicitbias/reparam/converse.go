package reparam

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// ArcLengthMap is the converse construction of Li, Wang, Lee, Arora
// (NeurIPS 2022) — mirror flow is gradient flow of some commuting
// parametrisation — made explicit for a separable potential
// R(w) = Σᵢ r(wᵢ): in one dimension the metric r”(w)dw² is Euclidean in
// the arc length
//
//	s(w) = ∫_{w0}^{w} √r''(v) dv,
//
// so G(x)ᵢ = s⁻¹(xᵢ) (D = d) turns gradient flow on x into
// ẇ = −G'(s)²∇L = −∇L/r”(w), the mirror flow of R. (The general case
// needs Nash's embedding theorem and is not constructive.) For
// r = w log w − w, s = 2(√w − √w0) and G(x) = (√w0 + x/2)², the square
// reparametrisation of unnormalised exponentiated gradient (Amid and
// Warmuth, NeurIPS 2020).
//
// s is computed by adaptive Gauss–Legendre quadrature (relative accuracy
// ~1e-14) and inverted by Newton's method safeguarded by bisection, so one
// evaluation costs a few hundred calls of r”.
type ArcLengthMap struct {
	hess       func(float64) float64
	w0, lo, hi float64
	dim        int
	sLo, sHi   float64 // s at the ends of the domain (±Inf if unbounded)
}

// NewArcLengthMap returns the map for the potential with second derivative
// hess (positive and finite on the open interval (lo, hi), which may be
// infinite), reference point w0 ∈ (lo, hi) (G(0) = w0) and dim
// coordinates. It returns an error wrapping implicitbias.ErrInvalidInput
// naming the parameter if hess is nil, the interval is empty, w0 is
// outside it, dim < 1, or hess(w0) is not positive and finite.
func NewArcLengthMap(hess func(float64) float64, w0, lo, hi float64, dim int) (*ArcLengthMap, error) {
	const op = "NewArcLengthMap"
	if hess == nil {
		return nil, failure.Invalid(op, "second derivative hess is nil")
	}
	if !(lo < hi) || math.IsNaN(lo) || math.IsNaN(hi) {
		return nil, failure.Invalid(op, "domain (lo, hi) = (%v, %v) is empty", lo, hi)
	}
	if !(w0 > lo && w0 < hi) || math.IsInf(w0, 0) {
		return nil, failure.Invalid(op, "reference w0 = %v is outside the domain (%v, %v)", w0, lo, hi)
	}
	if err := checkDims(op, dim, dim); err != nil {
		return nil, err
	}
	if h := hess(w0); !(h > 0) || math.IsInf(h, 0) {
		return nil, failure.Invalid(op, "hess(w0) = %v, must be positive and finite", h)
	}
	return &ArcLengthMap{hess: hess, w0: w0, lo: lo, hi: hi, dim: dim}, nil
}

// Dims returns (d, d).
func (g *ArcLengthMap) Dims() (int, int) { return g.dim, g.dim }

// Map writes s⁻¹(xᵢ) into dst.
func (g *ArcLengthMap) Map(dst, x []float64) {
	for i := range dst[:g.dim] {
		dst[i] = g.Inverse(x[i])
	}
}

// Jacobian writes diag(1/√r”(s⁻¹(xᵢ))) into dst.
func (g *ArcLengthMap) Jacobian(dst *mat.Dense, x []float64) {
	dst.Zero()
	for i := 0; i < g.dim; i++ {
		dst.Set(i, i, 1/math.Sqrt(g.hess(g.Inverse(x[i]))))
	}
}

// ArcLength returns s(w) = ∫_{w0}^{w} √r”(v) dv for w in the domain (NaN
// outside it).
func (g *ArcLengthMap) ArcLength(w float64) float64 {
	if !(w > g.lo && w < g.hi) {
		return math.NaN()
	}
	if w == g.w0 {
		return 0
	}
	f := func(v float64) float64 { return math.Sqrt(g.hess(v)) }
	budget := glBudget
	if w > g.w0 {
		return adaptiveGL(f, g.w0, w, 0, &budget)
	}
	return -adaptiveGL(f, w, g.w0, 0, &budget)
}

// Inverse returns s⁻¹(s): the w in the domain with ArcLength(w) = s, by a
// Newton iteration on a bracket found by stepping out from w0 (doubling
// the step, halving the distance to a finite end of the domain). If s lies
// beyond the arc length of the whole domain it returns the nearest end.
func (g *ArcLengthMap) Inverse(s float64) float64 {
	if s == 0 || math.IsNaN(s) {
		return g.w0 + s // NaN stays NaN
	}
	// Bracket [a, b] with ArcLength(a) ≤ s ≤ ArcLength(b).
	a, b := g.w0, g.w0
	sa, sb := 0.0, 0.0
	step := 0.5 * math.Max(math.Abs(g.w0), 1/math.Sqrt(g.hess(g.w0))) * math.Min(1, math.Abs(s))
	for k := 0; k < 200; k++ {
		var next float64
		if s > 0 {
			next = b + step
			if next >= g.hi {
				next = b + 0.5*(g.hi-b)
			}
			if next == b {
				return b
			}
			a, sa = b, sb
			b, sb = next, g.ArcLength(next)
			if sb >= s {
				break
			}
		} else {
			next = a - step
			if next <= g.lo {
				next = a - 0.5*(a-g.lo)
			}
			if next == a {
				return a
			}
			b, sb = a, sa
			a, sa = next, g.ArcLength(next)
			if sa <= s {
				break
			}
		}
		step *= 2
	}
	// Newton from the end nearer in s, bisection when it leaves [a, b].
	w := a
	if math.Abs(sb-s) < math.Abs(sa-s) {
		w = b
	}
	for k := 0; k < 100; k++ {
		fw := g.ArcLength(w) - s
		if fw == 0 {
			return w
		}
		if fw < 0 {
			a = w
		} else {
			b = w
		}
		next := w - fw/math.Sqrt(g.hess(w))
		if !(next > a && next < b) {
			next = 0.5 * (a + b)
		}
		if math.Abs(next-w) <= 1e-15*math.Abs(w) || next == w {
			return next
		}
		w = next
	}
	return w
}

// gaussLegendre10 holds the nodes (on [−1, 1], positive half) and weights of
// the 10-point Gauss–Legendre rule.
var gaussLegendre10 = [5][2]float64{
	{0.1488743389816312108848260, 0.2955242247147528701738930},
	{0.4333953941292471907992659, 0.2692667193099963550912269},
	{0.6794095682990244062343274, 0.2190863625159820439955349},
	{0.8650633666889845107320967, 0.1494513491505805931457763},
	{0.9739065285171717200779640, 0.0666713443086881375935688},
}

// gl10 integrates f over [a, b] by the 10-point rule.
func gl10(f func(float64) float64, a, b float64) float64 {
	m, h := 0.5*(a+b), 0.5*(b-a)
	var s float64
	for _, nw := range gaussLegendre10 {
		s += nw[1] * (f(m-h*nw[0]) + f(m+h*nw[0]))
	}
	return s * h
}

// glBudget bounds the number of subintervals adaptiveGL may split, so that
// an integrand whose halves never agree (a NaN, a singularity, rounding
// noise above the tolerance) costs at most ~3·10·glBudget evaluations
// instead of the 2⁴⁰ leaves the depth cap alone would allow.
const glBudget = 1 << 14

// adaptiveGL integrates f over [a, b] by bisecting until the 10-point rule
// on the halves agrees with the whole to 1e-14 relative (depth ≤ 40, and at
// most *budget bisections in all; past either limit it returns its current
// estimate).
func adaptiveGL(f func(float64) float64, a, b float64, depth int, budget *int) float64 {
	whole := gl10(f, a, b)
	m := 0.5 * (a + b)
	left, right := gl10(f, a, m), gl10(f, m, b)
	*budget--
	if depth >= 40 || *budget <= 0 || math.Abs(left+right-whole) <= 1e-14*math.Abs(left+right) {
		return left + right
	}
	return adaptiveGL(f, a, m, depth+1, budget) + adaptiveGL(f, m, b, depth+1, budget)
}
