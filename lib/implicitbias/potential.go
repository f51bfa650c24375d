package implicitbias

import (
	"errors"
	"fmt"
	"math"
	"reflect"
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
// value v outside the domain of the potential pot, described by domain.
func domainError(name string, i int, v float64, pot, domain string) error {
	return fmt.Errorf("%s[%d] = %v is outside the domain of %s (%s)", name, i, v, pot, domain)
}

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

// expOverflow is the largest argument for which math.Exp is finite.
var expOverflow = math.Log(math.MaxFloat64)

// checkPotential returns an error (without package prefix) if p cannot be
// used: a nil interface, a typed nil pointer such as (*Hypentropy)(nil), or
// a zero value of one of this package's parametrised potentials built
// without its constructor (&QPower{} has q = 0, &Hypentropy{} has α = 0),
// whose methods would panic or compute NaN.
func checkPotential(p Potential) error {
	if p == nil {
		return errors.New("potential p is nil")
	}
	if v := reflect.ValueOf(p); v.Kind() == reflect.Pointer && v.IsNil() {
		return fmt.Errorf("potential p is a nil %T; build potentials with their constructors (NewHypentropy, …) or as values (Euclidean{}, NegEntropy{}, SimplexEntropy{})", p)
	}
	var zero bool
	switch q := p.(type) {
	case *QPower:
		zero = q.q == 0
	case *SquaredQNorm:
		zero = q.q == 0
	case *Hypentropy:
		zero = q.c == 0
	case *DepthPotential:
		zero = q.depth == 0
	}
	if zero {
		return fmt.Errorf("potential p is a zero-value %T; build it with its constructor", p)
	}
	return nil
}
