package signdescent

import (
	"fmt"
	"math"
)

// Potential is the time-varying mirror potential of smoothed sign descent
// frozen at one time t (Prop. 3.6 of Wang and Klabjan, UAI 2025):
//
//	Φₜ(β) = ⅔ Σᵢ (|βᵢ| + vᵢ(t)²)^{3/2},   ∇Φₜ(β)ᵢ = sgn(βᵢ)·√(|βᵢ| + vᵢ(t)²),
//
// where v(t) are the non-dominating weights. Along the flow,
// ∇Φₜ(β(t)) = s⊙u(t) (the mirror identity, since |βᵢ| = uᵢ² − vᵢ²), and
// the dual dynamics are d/dt ∇Φₜ(β(t)) = −sgn(β)⊙∇_uL/(|∇_uL| + ε).
// As v → 0 (v is O(ε) after the initial stage), Φₜ tends to ⅔‖β‖_{3/2}^{3/2}.
type Potential struct {
	v2 []float64 // vᵢ²
}

// NewPotential returns Φ for the non-dominating weights v (finite; Φ
// depends on v only through v², so the sign of a weight the integrator has
// pushed to −1e-19 does not matter).
func NewPotential(v []float64) (*Potential, error) {
	if len(v) == 0 {
		return nil, invalid("NewPotential", "v is empty")
	}
	if len(v) > maxElems {
		return nil, invalid("NewPotential", "v has %d entries, more than %d", len(v), maxElems)
	}
	v2 := make([]float64, len(v))
	for i, x := range v {
		if !finite(x) {
			return nil, invalid("NewPotential", "v[%d] = %v must be finite", i, x)
		}
		v2[i] = x * x
	}
	return &Potential{v2: v2}, nil
}

// Dim returns the dimension D.
func (p *Potential) Dim() int { return len(p.v2) }

// Value returns Φ(β) = ⅔ Σᵢ (|βᵢ| + vᵢ²)^{3/2}. It panics if len(β) ≠ D.
func (p *Potential) Value(beta []float64) float64 {
	p.check(beta)
	var s float64
	for i, b := range beta {
		a := math.Abs(b) + p.v2[i]
		s += a * math.Sqrt(a)
	}
	return 2 * s / 3
}

// Grad writes the mirror map ∇Φ(β)ᵢ = sgn(βᵢ)√(|βᵢ| + vᵢ²) into dst (0 at
// βᵢ = 0, the middle of the subdifferential [−vᵢ, vᵢ] of the kink).
func (p *Potential) Grad(dst, beta []float64) {
	p.check(beta)
	p.check(dst)
	for i, b := range beta {
		dst[i] = sign(b) * math.Sqrt(math.Abs(b)+p.v2[i])
	}
}

// GradStar writes the inverse mirror map, the gradient of the conjugate
// Φ*: ∇Φ*(θ)ᵢ = sgn(θᵢ)·max(θᵢ² − vᵢ², 0). It is flat on |θᵢ| ≤ vᵢ, the
// subdifferential of Φ at βᵢ = 0.
func (p *Potential) GradStar(dst, theta []float64) {
	p.check(theta)
	p.check(dst)
	for i, t := range theta {
		dst[i] = sign(t) * math.Max(t*t-p.v2[i], 0)
	}
}

func (p *Potential) check(x []float64) {
	if len(x) != len(p.v2) {
		panic(fmt.Sprintf("signdescent: Potential: vector of length %d, potential of dimension %d", len(x), len(p.v2)))
	}
}

// MirrorIdentityError returns maxᵢ |∇Φₜ(β)ᵢ − sᵢuᵢ| for β = s⊙(u² − v²)
// built from the weights (u, v) and the signs s: zero up to rounding along
// any trajectory of Flow or Descent with uᵢ ≥ vᵢ ≥ 0. It is the check that
// Φₜ is the mirror potential of the weight dynamics. It panics if the
// lengths differ.
func MirrorIdentityError(s, u, v []float64) float64 {
	if len(u) != len(s) || len(v) != len(s) {
		panic("signdescent: MirrorIdentityError: s, u and v differ in length")
	}
	var worst float64
	for i, si := range s {
		beta := si * (u[i]*u[i] - v[i]*v[i])
		g := sign(beta) * math.Sqrt(math.Abs(beta)+v[i]*v[i])
		worst = math.Max(worst, math.Abs(g-si*u[i]))
	}
	return worst
}
