package implicitbias

import (
	"fmt"
	"math"
)

// Potential is a Legendre function ψ on (the interior of) its domain in ℝᵈ:
// strictly convex, differentiable, with a gradient that blows up at the
// boundary. Its gradient ∇ψ is the mirror map; the gradient of its convex
// conjugate, ∇ψ*, is the inverse mirror map.
//
// Methods work on plain slices so that the inner loops of mirror descent
// allocate nothing; the dst-first methods write their result into dst.
// The methods assume their arguments lie in the (primal or dual) domain and
// have the potential's dimension — checking is the caller's job, done once
// with CheckPrimal or CheckDual, because the methods run in every iteration.
// A length mismatch between dst and the argument is a programmer error and
// panics, as in gonum/floats.
type Potential interface {
	// Value returns ψ(x).
	Value(x []float64) float64
	// Grad writes the mirror map ∇ψ(x) into dst.
	Grad(dst, x []float64)
	// GradStar writes the inverse mirror map ∇ψ*(θ) into dst.
	GradStar(dst, theta []float64)
	// Star returns the convex conjugate ψ*(θ).
	Star(theta []float64) float64
	// Bregman returns D_ψ(x, z) = ψ(x) − ψ(z) − ⟨∇ψ(z), x − z⟩ ≥ 0.
	Bregman(x, z []float64) float64
	// CheckPrimal returns a non-nil error naming the offending coordinate
	// if x is not in the interior of dom ψ (or is NaN or ±Inf).
	CheckPrimal(x []float64) error
	// CheckDual returns a non-nil error naming the offending coordinate
	// if θ is not in the interior of dom ψ* (or is NaN or ±Inf).
	CheckDual(theta []float64) error
	// String names the potential and its parameters, e.g. "hypentropy(α=0.1)".
	String() string
}

// Separable is a potential ψ(x) = Σᵢ f(xᵢ) acting coordinate by coordinate.
// Its Hessians are diagonal, which lets the Bregman projection use a dual
// Newton method with an n×n system instead of a quasi-Newton method.
type Separable interface {
	Potential
	// HessDiag writes the diagonal of ∇²ψ(x) into dst.
	HessDiag(dst, x []float64)
	// HessStarDiag writes the diagonal of ∇²ψ*(θ) = (∇²ψ(x))⁻¹ at
	// x = ∇ψ*(θ) into dst.
	HessStarDiag(dst, theta []float64)
}

// domainError reports that coordinate i of the vector called name has the
// value v outside the domain of the potential pot, described by domain. It
// wraps ErrInvalidInput and carries no package prefix: callers such as
// MirrorDescent add their own context.
func domainError(name string, i int, v float64, pot, domain string) error {
	return &domainErr{fmt.Sprintf("%s[%d] = %v is outside the domain of %s (%s)", name, i, v, pot, domain)}
}

// domainErr is the error of CheckPrimal and CheckDual.
type domainErr struct{ msg string }

func (e *domainErr) Error() string { return e.msg }
func (e *domainErr) Unwrap() error { return ErrInvalidInput }

// checkFinite returns a domainError for the first NaN or ±Inf entry of v.
func checkFinite(name string, v []float64, pot string) error {
	for i, vi := range v {
		if math.IsNaN(vi) || math.IsInf(vi, 0) {
			return domainError(name, i, vi, pot, "finite values")
		}
	}
	return nil
}

// checkLen panics if dst and x have different lengths (a programmer error).
func checkLen(dst, x []float64) {
	if len(dst) != len(x) {
		panic("implicitbias: length mismatch between dst and argument")
	}
}

// exp returns eˣ, finite for every x up to about log(MaxFloat64) ≈ 709.78.
// math.Exp alone is not: its amd64 assembly returns +Inf from x ≈ 709.44.
// Above 709 it squares e^{x/2}, which costs one rounding (≤ 1.5 ulp
// in all).
func exp(x float64) float64 {
	if x > 709 {
		h := math.Exp(x / 2)
		return h * h
	}
	return math.Exp(x)
}

// scaledExp returns a·eᵗ for a > 0 and t ≥ 0 without overflow in an
// intermediate: it is +Inf only if a·eᵗ exceeds MaxFloat64 (to rounding).
// Forming eᵗ⁺ˡᵒᵍ ᵃ instead would cost ~|t|·eps of relative accuracy.
func scaledExp(a, t float64) float64 {
	if t < 700 {
		return a * math.Exp(t)
	}
	h := math.Exp(t / 2)
	return a * h * h
}

// expMax is the largest float64 x with exp(x) finite; NegEntropy.CheckDual
// admits exactly the θ ≤ expMax, so that it agrees with GradStar.
var expMax = largestFinite(exp, 0, 710)

// largestFinite returns the largest float64 x in [lo, hi) with f(x) finite,
// by bisection, for f increasing with f(lo) finite and f(hi) = +Inf.
func largestFinite(f func(float64) float64, lo, hi float64) float64 {
	for {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			return lo
		}
		if math.IsInf(f(mid), 0) {
			hi = mid
		} else {
			lo = mid
		}
	}
}

// Validator is implemented by potentials with parameters (and by any
// potential that can be built in an unusable state). Validate returns an
// error wrapping ErrInvalidInput if the receiver cannot be used: a typed nil
// pointer such as (*Hypentropy)(nil), or a zero value built without the
// constructor (&Hypentropy{} has α = 0), whose methods would panic or
// compute NaN. It must be safe to call on a nil receiver. MirrorDescent,
// MirrorFlow, Project and the Recorder call it, so potentials defined in
// other packages take part in the same validation.
type Validator interface {
	Validate() error
}

// checkPotential returns an error wrapping ErrInvalidInput (without package
// prefix, callers add theirs) if p cannot be used: a nil interface, a
// potential whose Validate method reports a typed nil or zero value, or one
// whose String method panics — the sign of a typed nil pointer to a value
// type such as (*SimplexEntropy)(nil), whose every method would panic.
func checkPotential(p Potential) (err error) {
	if p == nil {
		return fmt.Errorf("potential p is nil: %w", ErrInvalidInput)
	}
	defer func() {
		if r := recover(); r != nil {
			err = &domainErr{fmt.Sprintf("potential p (%T) cannot be used, its methods panic (%v); build it with its constructor or as a value", p, r)}
		}
	}()
	if v, ok := p.(Validator); ok {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("potential p: %w", err)
		}
	}
	_ = p.String()
	return nil
}

// unusable returns the Validate error of a potential of type name that is
// nil (isNil) or a zero value built without its constructor ctor.
func unusable(name, ctor string, isNil bool) error {
	if isNil {
		return &domainErr{fmt.Sprintf("a nil *%s cannot be used; build it with its constructor %s", name, ctor)}
	}
	return &domainErr{fmt.Sprintf("a zero-value %s cannot be used; build it with its constructor %s", name, ctor)}
}
