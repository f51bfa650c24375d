package potentialtest

import (
	"math/rand/v2"

	"github.com/implicitbias/course/lib/implicitbias"
)

// Config tells Run how to sample a potential's domains and how strict to
// be. Only Primal is required.
type Config struct {
	// Primal returns a fresh random point in the interior of dom ψ (for a
	// matrix potential, a flattened matrix). All samples must have the same
	// length, and CheckPrimal must accept them. Required.
	Primal func(rng *rand.Rand) []float64
	// Dual returns a fresh random point in the interior of dom ψ*. If nil,
	// dual points are ∇ψ of primal samples, which tests ∇ψ∘∇ψ* only on the
	// image of the samples: give Dual when the dual domain is known.
	Dual func(rng *rand.Rand) []float64
	// Direction returns a direction v in which x + s·v stays in the domain
	// for small s (tangent to the domain, e.g. symmetric for a potential on
	// symmetric matrices, summing to zero on the simplex), of the size of x.
	// It is used at primal points for finite differences and nearby Bregman
	// pairs, and at dual points for finite differences of ψ*. If nil, v is
	// the relative perturbation vᵢ = gᵢ|xᵢ| (gᵢ standard normal; gᵢ·10⁻³‖x‖∞
	// where xᵢ = 0), projected orthogonally to Kernel.
	Direction func(rng *rand.Rand, x []float64) []float64
	// Kernel lists directions k with ∇ψ*(θ + c·k) = ∇ψ*(θ) for all c: the
	// primal domain lies in an affine subspace orthogonal to them and dual
	// points are classes modulo their span. SimplexEntropy has Kernel {1}.
	// Dual round trips are compared modulo the span, and the coordinate-wise
	// Hessian checks of Separable potentials are skipped.
	Kernel [][]float64
	// Samples is the number of random points of each kind (default 12).
	Samples int
	// Seed seeds the PCG generator that drives Primal, Dual and Direction.
	Seed uint64
	// Componentwise asks for the primal round trip ∇ψ*(∇ψ(x)) = x to hold
	// coordinate by coordinate relative to |xᵢ|, instead of relative to
	// ‖x‖∞. Separable potentials evaluated by correctly rounded elementary
	// functions should set it.
	Componentwise bool
	// Condition, if not nil, returns a factor ≥ 1 by which the RoundTrip and
	// FenchelYoung tolerances grow at the dual point θ, for potentials whose
	// maps are ill-conditioned in part of the domain (a reason belongs in
	// the caller's comment).
	Condition func(theta []float64) float64
	// Tol holds the tolerances; zero fields take the defaults.
	Tol Tolerances

	// EdgePrimal and EdgeDual are domain-valid points near the edges of the
	// domains (tiny, huge, close to a boundary) at which every exact value is
	// representable: every method must return finite numbers there.
	EdgePrimal, EdgeDual [][]float64
	// OverflowPrimal and OverflowDual are domain-valid points, typically
	// with entries near ±1e308, where ψ, ψ*, the Hessians or a Bregman
	// divergence may exceed the float64 range: these may be +Inf, but no
	// method may return NaN, and the mirror maps must stay finite (CheckPrimal
	// and CheckDual admit exactly the points whose mirror image is finite).
	OverflowPrimal, OverflowDual [][]float64
	// BadPrimal and BadDual are finite points outside the domains (negative
	// entries for an entropy, a point off the simplex, θ beyond the dual
	// box): CheckPrimal and CheckDual must reject them. NaN and ±Inf entries
	// are tested without being listed.
	BadPrimal, BadDual [][]float64
	// Invalid lists unusable values of the potential's type (typed nil
	// pointers, zero values built without the constructor). Each must
	// implement implicitbias.Validator and be refused by Validate,
	// CheckPrimal and CheckDual with an error, never a panic.
	Invalid []implicitbias.Potential
}

// Tolerances are relative tolerances. The defaults assume that every map
// is a short composition of correctly rounded functions, so that each
// quantity carries an error of a few ulps times the condition number of
// the map, which in the sampled region is at most ~10³ — a default of
// 1e-10 leaves a margin of ~10³ over the expected 1e-13 while failing any
// wrong formula, whose error is O(1).
type Tolerances struct {
	// RoundTrip bounds ∇ψ*(∇ψ(x)) − x relative to |xᵢ| (Componentwise) or
	// ‖x‖∞, and ∇ψ(∇ψ*(θ)) − θ relative to ‖θ‖∞ (default 1e-10).
	RoundTrip float64
	// FenchelYoung bounds |ψ(x) + ψ*(∇ψ(x)) − ⟨x, ∇ψ(x)⟩| and the amount by
	// which ψ(x) + ψ*(θ) − ⟨x, θ⟩ may be negative, relative to
	// |ψ(x)| + |ψ*(θ)| + Σᵢ|xᵢθᵢ|, the size of the rounding errors of the
	// three terms (default 1e-10).
	FenchelYoung float64
	// Bregman bounds the difference between Bregman(x, z) and its definition
	// ψ(x) − ψ(z) − ⟨∇ψ(z), x − z⟩ at distant sample pairs, relative to
	// |ψ(x)| + |ψ(z)| + Σᵢ|∇ψ(z)ᵢ(xᵢ − zᵢ)| (default 1e-10).
	Bregman float64
	// BregmanNear bounds the relative error of Bregman(x, z) for
	// ‖x − z‖ ≈ 10⁻⁶‖z‖ against Gauss–Legendre quadrature of
	// ∫₀¹⟨∇ψ(z + tΔ) − ∇ψ(z), Δ⟩dt (default 1e-7). The quadrature's rounding
	// error is ~10⁻¹⁶|∇ψ|/(|∇²ψ|‖Δ‖) ≈ 10⁻¹⁰ there, while the definition
	// evaluated as written is off by ~10⁻¹⁶|ψ|/D ≈ 10⁻⁴ and fails.
	BregmanNear float64
	// Derivative bounds fourth-order central differences (step 10⁻³ relative,
	// truncation error ~10⁻¹²) against Grad, GradStar, HessDiag and
	// HessStarDiag, relative to the sum of the absolute terms of the
	// directional derivative; rounding noise ~20·eps·|f|/h is added
	// (default 1e-7).
	Derivative float64
	// Hessian bounds |HessStarDiag(∇ψ(x))ᵢ·HessDiag(x)ᵢ − 1| (default 1e-10).
	Hessian float64
}

func (t Tolerances) withDefaults() Tolerances {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&t.RoundTrip, 1e-10)
	def(&t.FenchelYoung, 1e-10)
	def(&t.Bregman, 1e-10)
	def(&t.BregmanNear, 1e-7)
	def(&t.Derivative, 1e-7)
	def(&t.Hessian, 1e-10)
	return t
}
