package reparam

import (
	"fmt"
	"math"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// AsinhPotential is the separable potential R with
//
//	∇R(w)ᵢ = a·[arcsinh(wᵢ/bᵢ) − arcsinh(w0ᵢ/bᵢ)],   ∇R*(θ)ᵢ = bᵢ·sinh(θᵢ/a + arcsinh(w0ᵢ/bᵢ)),
//	∇²R(w)ᵢ = a/√(wᵢ² + bᵢ²),
//
// normalised so that R(w0) = 0 and ∇R(w0) = 0 (R(w) = D_f(w, w0) for
// f(w) = a Σᵢ[wᵢ arcsinh(wᵢ/bᵢ) − √(wᵢ² + bᵢ²)]). It is the mirror
// potential of two commuting parametrisations for every initialisation
// with a non-degenerate conserved quantity (Li, Wang, Lee, Arora, NeurIPS
// 2022; the second is the "shape" effect of Azulay et al., ICML 2021):
//
//   - w = u⊙u − v⊙v (DiagonalMap, depth 2), with uᵢvᵢ = cᵢ ≠ 0 conserved:
//     a = ¼, bᵢ = 2|cᵢ|; from u = v = α·1 it is implicitbias.Hypentropy(α);
//   - w = u⊙v (ProductMap, two layers), with uᵢ² − vᵢ² = δᵢ ≠ 0 conserved:
//     a = ½, bᵢ = |δᵢ|/2.
//
// Both domains are all of ℝᵈ (the dual up to overflow of sinh). Build it
// with NewAsinhPotential; Value, Star and Bregman are evaluated in a form
// without cancellation, so that D_R(x, z) keeps its relative accuracy as
// x → z.
type AsinhPotential struct {
	a     float64
	b, w0 []float64
	t0    []float64 // arcsinh(w0/b)
}

var _ ib.Separable = (*AsinhPotential)(nil)

// NewAsinhPotential returns the potential with scale a > 0, per-coordinate
// widths b (all positive) and reference point w0 (the initial parameters),
// copying b and w0. It returns an error wrapping
// implicitbias.ErrInvalidInput naming the parameter if a or an entry of b
// is not positive and finite, an entry of w0 is not finite, or the lengths
// differ.
func NewAsinhPotential(a float64, b, w0 []float64) (*AsinhPotential, error) {
	const op = "NewAsinhPotential"
	if !(a > 0) || math.IsInf(a, 0) {
		return nil, failure.Invalid(op, "scale a = %v, must be positive and finite", a)
	}
	if len(b) == 0 || len(b) != len(w0) {
		return nil, failure.Invalid(op, "widths b (length %d) and reference w0 (length %d) must have the same positive length", len(b), len(w0))
	}
	if len(b) > maxElems {
		return nil, failure.Invalid(op, "dimension %d exceeds %d", len(b), maxElems)
	}
	p := &AsinhPotential{a: a, b: append([]float64(nil), b...), w0: append([]float64(nil), w0...), t0: make([]float64, len(b))}
	for i := range b {
		if !(b[i] >= 0x1p-1022) || math.IsInf(b[i], 0) {
			return nil, failure.Invalid(op, "width b[%d] = %v, must be positive, normal and finite", i, b[i])
		}
		if math.IsNaN(w0[i]) || math.IsInf(w0[i], 0) {
			return nil, failure.Invalid(op, "reference w0[%d] = %v is not finite", i, w0[i])
		}
		p.t0[i] = math.Asinh(w0[i] / b[i])
	}
	return p, nil
}

// Validate returns an error wrapping implicitbias.ErrInvalidInput if p is
// nil or was not built by NewAsinhPotential.
func (p *AsinhPotential) Validate() error {
	if p == nil || p.a == 0 {
		return failure.Invalid("AsinhPotential", "a nil or zero-value AsinhPotential cannot be used; build it with NewAsinhPotential")
	}
	return nil
}

// Value returns R(w) = D_f(w, w0) ≥ 0.
func (p *AsinhPotential) Value(w []float64) float64 { return p.Bregman(w, p.w0) }

// Grad writes ∇R(w) into dst.
func (p *AsinhPotential) Grad(dst, w []float64) {
	checkSize(dst, w, len(p.b))
	for i, wi := range w {
		dst[i] = p.a * asinhDiff(wi/p.b[i], p.w0[i]/p.b[i])
	}
}

// GradStar writes ∇R*(θ) into dst.
func (p *AsinhPotential) GradStar(dst, theta []float64) {
	checkSize(dst, theta, len(p.b))
	for i, t := range theta {
		dst[i] = p.b[i] * math.Sinh(t/p.a+p.t0[i])
	}
}

// Star returns R*(θ) = Σᵢ [D_f(w0ᵢ, wᵢ) + w0ᵢθᵢ] with w = ∇R*(θ) (Bregman
// duality: R*(θ) = f*(θ + ∇f(w0)) − f*(∇f(w0))).
func (p *AsinhPotential) Star(theta []float64) float64 {
	var s float64
	for i, t := range theta {
		w := p.b[i] * math.Sinh(t/p.a+p.t0[i])
		s += p.a*asinhBreg(p.w0[i], w, p.b[i]) + p.w0[i]*t
	}
	return s
}

// Bregman returns D_R(x, z) = a Σᵢ [hᵢ(cosh δᵢ − 1) + xᵢ(sinh δᵢ − δᵢ)]
// with hᵢ = √(xᵢ² + bᵢ²) and δᵢ = arcsinh(zᵢ/bᵢ) − arcsinh(xᵢ/bᵢ) (the
// divergence of the dual, f*(τ) = a·b·cosh(τ/a), between the two mirror
// images), which has no cancellation as x → z.
func (p *AsinhPotential) Bregman(x, z []float64) float64 {
	var s float64
	for i := range x {
		s += asinhBreg(x[i], z[i], p.b[i])
	}
	return p.a * s
}

// HessDiag writes a/√(wᵢ² + bᵢ²) into dst.
func (p *AsinhPotential) HessDiag(dst, w []float64) {
	checkSize(dst, w, len(p.b))
	for i, wi := range w {
		dst[i] = p.a / math.Hypot(wi, p.b[i])
	}
}

// HessStarDiag writes (bᵢ/a)·cosh(θᵢ/a + arcsinh(w0ᵢ/bᵢ)) into dst.
func (p *AsinhPotential) HessStarDiag(dst, theta []float64) {
	checkSize(dst, theta, len(p.b))
	for i, t := range theta {
		dst[i] = p.b[i] / p.a * math.Cosh(t/p.a+p.t0[i])
	}
}

// CheckPrimal accepts every finite w of the right length.
func (p *AsinhPotential) CheckPrimal(w []float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if len(w) != len(p.b) {
		return failure.Invalid("AsinhPotential", "point has length %d, the potential %d", len(w), len(p.b))
	}
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return failure.Invalid("AsinhPotential", "w[%d] = %v is not finite", i, v)
		}
	}
	return nil
}

// CheckDual accepts the finite θ whose image ∇R*(θ) and Hessian are finite.
func (p *AsinhPotential) CheckDual(theta []float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if len(theta) != len(p.b) {
		return failure.Invalid("AsinhPotential", "dual point has length %d, the potential %d", len(theta), len(p.b))
	}
	for i, t := range theta {
		c := p.b[i] / p.a * math.Cosh(t/p.a+p.t0[i])
		if math.IsNaN(t) || math.IsInf(t, 0) || math.IsInf(c, 0) || math.IsInf(p.b[i]*math.Sinh(t/p.a+p.t0[i]), 0) {
			return failure.Invalid("AsinhPotential", "θ[%d] = %v is outside the dual domain (sinh overflows)", i, t)
		}
	}
	return nil
}

// String names the potential.
func (p *AsinhPotential) String() string {
	if p == nil {
		return "AsinhPotential(nil)"
	}
	return fmt.Sprintf("asinh(a=%g, d=%d)", p.a, len(p.b))
}

// checkSize panics on a length mismatch (a programmer error).
func checkSize(dst, x []float64, d int) {
	if len(dst) != len(x) || len(x) != d {
		panic("reparam: length mismatch between dst, argument and potential")
	}
}

// asinhDiff returns arcsinh(p) − arcsinh(q), accurate as p → q: for p, q
// of the same sign it is arcsinh of sinh(A − B) = (p − q)(p + q)/(p√(1+q²)
// + q√(1+p²)), which has no cancellation.
func asinhDiff(p, q float64) float64 {
	if p*q <= 0 {
		return math.Asinh(p) - math.Asinh(q)
	}
	hp, hq := math.Hypot(1, p), math.Hypot(1, q)
	return math.Asinh((p - q) * ((p + q) / (p*hq + q*hp)))
}

// asinhBreg returns the Bregman divergence D_f(x, z) of
// f(w) = w·arcsinh(w/b) − √(w² + b²), f” = 1/√(w² + b²). With
// h = √(x² + b²) and δ = arcsinh(z/b) − arcsinh(x/b) it is
// h(cosh δ − 1) + x(sinh δ − δ); for |δ| > 1 the exponentials are
// grouped, e^{|δ|}(h + sx)/2 + e^{−|δ|}(h − sx)/2 − h − xδ with s the
// sign of δ, so that no Inf − Inf arises.
func asinhBreg(x, z, b float64) float64 {
	d := asinhDiff(z/b, x/b)
	h := math.Hypot(x, b)
	ad := math.Abs(d)
	if ad <= 1 {
		sh := math.Sinh(d / 2)
		return math.Max(0, 2*h*sh*sh+x*sinhMinusX(d))
	}
	sx := math.Copysign(1, d) * x
	// h ± sx without cancellation: h² − x² = b².
	var plus, minus float64
	ax := math.Abs(x)
	if sx >= 0 {
		plus, minus = h+ax, b/(h+ax)*b
	} else {
		plus, minus = b/(h+ax)*b, h+ax
	}
	v := math.Exp(ad+math.Log(plus/2)) + math.Exp(-ad)*minus/2 - h - x*d
	return math.Max(0, v)
}

// sinhMinusX returns sinh(d) − d, by its Taylor series for |d| < 0.1
// (truncation below 1e-17 relative) and directly otherwise.
func sinhMinusX(d float64) float64 {
	if math.Abs(d) >= 0.1 {
		return math.Sinh(d) - d
	}
	d2 := d * d
	return d * d2 / 6 * (1 + d2/20*(1+d2/42*(1+d2/72*(1+d2/110))))
}
