package reparam

import (
	"fmt"
	"math"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// PowerPotential is the separable potential R on the positive orthant with
//
//	∇²R(w)ᵢ = wᵢ^{2/D − 2}/c,
//
// so that its mirror flow is ẇ = −c·w^{⊙(2−2/D)}⊙∇L(w), normalised by
// R(w0) = 0 and ∇R(w0) = 0. With p = 2/D:
//
//	D = 2:  ∇R(w) = log(w/w0)/c,                              ∇R*(θ) = w0·e^{cθ};
//	D ≥ 3:  ∇R(w) = D(w0^{p−1} − w^{p−1})/(c(D−2)),           ∇R*(θ) = (w0^{p−1} − c(D−2)θ/D)^{−D/(D−2)},
//
// the dual domain being θᵢ < D·w0ᵢ^{p−1}/(c(D−2)) for D ≥ 3. It is the
// mirror potential of two commuting parametrisations (Li, Wang, Lee,
// Arora, NeurIPS 2022; D = 2 is the reparametrisation of unnormalised
// exponentiated gradient by Amid and Warmuth, NeurIPS 2020):
//
//   - w = u^{⊙D}, u > 0 (PowerMap): c = D²;
//   - w = x₁⊙…⊙x_K (ProductMap) from a balanced positive start
//     x₁ = … = x_K > 0: D = K, c = K.
//
// Build it with NewPowerPotential; Value, Star and Bregman are evaluated
// without cancellation as x → z.
type PowerPotential struct {
	depth int
	c, p  float64
	w0    []float64
}

var _ ib.Separable = (*PowerPotential)(nil)

// NewPowerPotential returns the potential of depth D ≥ 2 (and at most
// MaxDepth), rate c > 0 and reference point w0 (all entries positive),
// copying w0. It returns an error wrapping implicitbias.ErrInvalidInput
// naming the parameter otherwise.
func NewPowerPotential(depth int, c float64, w0 []float64) (*PowerPotential, error) {
	const op = "NewPowerPotential"
	if depth < 2 || depth > MaxDepth {
		return nil, failure.Invalid(op, "depth = %d, must be in [2, %d]", depth, MaxDepth)
	}
	if !(c > 0) || math.IsInf(c, 0) {
		return nil, failure.Invalid(op, "rate c = %v, must be positive and finite", c)
	}
	if len(w0) == 0 || len(w0) > maxElems {
		return nil, failure.Invalid(op, "reference w0 has length %d, must be in [1, %d]", len(w0), maxElems)
	}
	for i, v := range w0 {
		if !(v >= 0x1p-1022) || math.IsInf(v, 0) {
			return nil, failure.Invalid(op, "reference w0[%d] = %v, must be positive, normal and finite", i, v)
		}
	}
	return &PowerPotential{depth: depth, c: c, p: 2 / float64(depth), w0: append([]float64(nil), w0...)}, nil
}

// Validate returns an error wrapping implicitbias.ErrInvalidInput if p is
// nil or was not built by NewPowerPotential.
func (p *PowerPotential) Validate() error {
	if p == nil || p.c == 0 {
		return failure.Invalid("PowerPotential", "a nil or zero-value PowerPotential cannot be used; build it with NewPowerPotential")
	}
	return nil
}

// Value returns R(w) = D_f(w, w0) ≥ 0.
func (p *PowerPotential) Value(w []float64) float64 { return p.Bregman(w, p.w0) }

// Grad writes ∇R(w) into dst, as −D·w0^{p−1}·expm1((p−1)log(w/w0))/(c(D−2))
// for D ≥ 3 (accurate near w0).
func (p *PowerPotential) Grad(dst, w []float64) {
	checkSize(dst, w, len(p.w0))
	D := float64(p.depth)
	for i, wi := range w {
		l := math.Log(wi / p.w0[i])
		if p.depth == 2 {
			dst[i] = l / p.c
			continue
		}
		dst[i] = -D * math.Pow(p.w0[i], p.p-1) * math.Expm1((p.p-1)*l) / (p.c * (D - 2))
	}
}

// GradStar writes ∇R*(θ) into dst, as w0·exp(log1p(−c(D−2)θ/(D·w0^{p−1}))/(p−1))
// for D ≥ 3.
func (p *PowerPotential) GradStar(dst, theta []float64) {
	checkSize(dst, theta, len(p.w0))
	for i, t := range theta {
		dst[i] = p.gradStar1(i, t)
	}
}

func (p *PowerPotential) gradStar1(i int, t float64) float64 {
	if p.depth == 2 {
		return p.w0[i] * math.Exp(p.c*t)
	}
	D := float64(p.depth)
	z := -p.c * (D - 2) * t / (D * math.Pow(p.w0[i], p.p-1))
	return p.w0[i] * math.Exp(math.Log1p(z)/(p.p-1))
}

// Star returns R*(θ) = Σᵢ [D_f(w0ᵢ, wᵢ) + w0ᵢθᵢ] with w = ∇R*(θ).
func (p *PowerPotential) Star(theta []float64) float64 {
	var s float64
	for i, t := range theta {
		s += p.breg1(p.w0[i], p.gradStar1(i, t)) + p.w0[i]*t
	}
	return s
}

// Bregman returns D_R(x, z) = Σᵢ zᵢ^p/(c·p(1−p))·(p·rᵢ − expm1(p·log1p rᵢ))
// with rᵢ = (xᵢ − zᵢ)/zᵢ (D ≥ 3), and Σᵢ (zᵢ/c)·((1+rᵢ)log1p rᵢ − rᵢ) for
// D = 2.
func (p *PowerPotential) Bregman(x, z []float64) float64 {
	var s float64
	for i := range x {
		s += p.breg1(x[i], z[i])
	}
	return s
}

func (p *PowerPotential) breg1(x, z float64) float64 {
	r := (x - z) / z
	if p.depth == 2 {
		return math.Max(0, z/p.c*((1+r)*math.Log1p(r)-r))
	}
	return math.Max(0, math.Pow(z, p.p)/(p.c*p.p*(1-p.p))*(p.p*r-math.Expm1(p.p*math.Log1p(r))))
}

// HessDiag writes wᵢ^{p−2}/c into dst.
func (p *PowerPotential) HessDiag(dst, w []float64) {
	checkSize(dst, w, len(p.w0))
	for i, wi := range w {
		dst[i] = math.Pow(wi, p.p-2) / p.c
	}
}

// HessStarDiag writes c·wᵢ^{2−p} at w = ∇R*(θ) into dst.
func (p *PowerPotential) HessStarDiag(dst, theta []float64) {
	checkSize(dst, theta, len(p.w0))
	for i, t := range theta {
		dst[i] = p.c * math.Pow(p.gradStar1(i, t), 2-p.p)
	}
}

// CheckPrimal accepts w of the right length with positive finite entries.
func (p *PowerPotential) CheckPrimal(w []float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if len(w) != len(p.w0) {
		return failure.Invalid("PowerPotential", "point has length %d, the potential %d", len(w), len(p.w0))
	}
	for i, v := range w {
		if !(v > 0) || math.IsInf(v, 0) {
			return failure.Invalid("PowerPotential", "w[%d] = %v is outside the positive orthant", i, v)
		}
	}
	return nil
}

// CheckDual accepts the θ in the dual domain whose image ∇R*(θ) is
// positive and finite.
func (p *PowerPotential) CheckDual(theta []float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if len(theta) != len(p.w0) {
		return failure.Invalid("PowerPotential", "dual point has length %d, the potential %d", len(theta), len(p.w0))
	}
	for i, t := range theta {
		w := p.gradStar1(i, t)
		if math.IsNaN(t) || math.IsInf(t, 0) || !(w > 0) || math.IsInf(w, 0) || math.IsInf(p.c*math.Pow(w, 2-p.p), 0) {
			return failure.Invalid("PowerPotential", "θ[%d] = %v is outside the dual domain", i, t)
		}
	}
	return nil
}

// String names the potential.
func (p *PowerPotential) String() string {
	if p == nil {
		return "PowerPotential(nil)"
	}
	return fmt.Sprintf("power(D=%d, c=%g, d=%d)", p.depth, p.c, len(p.w0))
}
