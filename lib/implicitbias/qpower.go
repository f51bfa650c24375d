package implicitbias

import (
	"fmt"
	"math"
)

// QPower is the separable potential ψ(x) = (1/q) Σᵢ |xᵢ|^q with q > 1, on
// all of ℝᵈ. Its mirror map is ∇ψ(x) = sgn(x)|x|^{q−1}, with inverse
// ∇ψ*(θ) = sgn(θ)|θ|^{1/(q−1)} and conjugate ψ*(θ) = (1/q*) Σᵢ |θᵢ|^{q*},
// q* = q/(q−1). For q < 2 the Hessian (q−1)|x|^{q−2} is +Inf at xᵢ = 0
// (and ∇²ψ* vanishes at θᵢ = 0); for q > 2 it is the other way round.
// Stochastic mirror descent with it is studied by Azizan, Lale, Hassibi
// ("Stochastic Mirror Descent on Overparameterized Nonlinear Models",
// IEEE TNNLS 2021, arXiv:1906.03830).
//
// Float64 limits the domains: CheckPrimal and CheckDual refuse entries
// whose mirror image overflows, or is not a normal float64 although the
// entry is non-zero (x = 1e-300 with q = 10), where the round trip
// ∇ψ*(∇ψ(x)) = x would lose the entry's digits.
type QPower struct {
	q, qStar float64
}

var _ Separable = (*QPower)(nil)

// NewQPower returns the q-power potential. It returns an error unless
// q > 1 is finite.
func NewQPower(q float64) (*QPower, error) {
	if !(q > 1) || math.IsInf(q, 1) {
		return nil, invalid("NewQPower", "q = %v: the q-power potential needs 1 < q < ∞", q)
	}
	return &QPower{q: q, qStar: q / (q - 1)}, nil
}

// Q returns the exponent q.
func (p *QPower) Q() float64 { return p.q }

// Validate returns an error wrapping ErrInvalidInput if p is nil or was not
// built by NewQPower.
func (p *QPower) Validate() error {
	if p == nil || p.q == 0 {
		return unusable("QPower", "NewQPower", p == nil)
	}
	return nil
}

// Value returns (1/q) Σᵢ |xᵢ|^q.
func (p *QPower) Value(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += math.Pow(math.Abs(v), p.q)
	}
	return s / p.q
}

// Grad writes sgn(x)|x|^{q−1} into dst.
func (p *QPower) Grad(dst, x []float64) {
	checkLen(dst, x)
	for i, v := range x {
		dst[i] = math.Copysign(math.Pow(math.Abs(v), p.q-1), v)
	}
}

// GradStar writes sgn(θ)|θ|^{1/(q−1)} into dst.
func (p *QPower) GradStar(dst, theta []float64) {
	checkLen(dst, theta)
	e := 1 / (p.q - 1)
	for i, v := range theta {
		dst[i] = math.Copysign(math.Pow(math.Abs(v), e), v)
	}
}

// Star returns (1/q*) Σᵢ |θᵢ|^{q*}.
func (p *QPower) Star(theta []float64) float64 {
	var s float64
	for _, v := range theta {
		s += math.Pow(math.Abs(v), p.qStar)
	}
	return s / p.qStar
}

// Bregman returns Σᵢ |xᵢ|^q/q − |zᵢ|^q/q − sgn(zᵢ)|zᵢ|^{q−1}(xᵢ − zᵢ),
// evaluated by a binomial series when xᵢ is close to zᵢ so that it keeps
// full relative accuracy.
func (p *QPower) Bregman(x, z []float64) float64 {
	checkLen(x, z)
	var s float64
	for i, v := range x {
		s += powBregman(v, z[i], p.q, p.qStar)
	}
	return s
}

// HessDiag writes (q−1)|x|^{q−2} into dst (+Inf at xᵢ = 0 when q < 2).
func (p *QPower) HessDiag(dst, x []float64) {
	checkLen(dst, x)
	for i, v := range x {
		dst[i] = (p.q - 1) * math.Pow(math.Abs(v), p.q-2)
	}
}

// HessStarDiag writes |θ|^{(2−q)/(q−1)}/(q−1) into dst (+Inf at θᵢ = 0 when
// q > 2).
func (p *QPower) HessStarDiag(dst, theta []float64) {
	checkLen(dst, theta)
	e := (2 - p.q) / (p.q - 1)
	for i, v := range theta {
		dst[i] = math.Pow(math.Abs(v), e) / (p.q - 1)
	}
}

// CheckPrimal returns an error naming the first entry of x that is NaN,
// ±Inf, so large that ∇ψ(x) = sgn(x)|x|^{q−1} overflows, or non-zero but
// so small that |x|^{q−1} underflows below the normal range (x = 1e-300
// with q = 10), where the mirror image loses the digits of x and
// ∇ψ*(∇ψ(x)) = x fails.
func (p *QPower) CheckPrimal(x []float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return checkPow("x", x, p.q-1, p.String())
}

// checkPow returns an error naming the first entry v of x that is NaN or
// has |v|^e infinite, or non-zero and below the normal range.
func checkPow(name string, x []float64, e float64, pot string) error {
	for i, v := range x {
		g := math.Pow(math.Abs(v), e)
		if math.IsNaN(v) || math.IsInf(g, 0) || (v != 0 && g < minNormal) {
			return domainError(name, i, v, pot, fmt.Sprintf("0 or |%s|^%.4g a normal float64", name, e))
		}
	}
	return nil
}

// CheckDual returns an error naming the first entry of θ that is NaN, ±Inf,
// so large that ∇ψ*(θ) = sgn(θ)|θ|^{1/(q−1)} overflows, or non-zero with
// |θ|^{1/(q−1)} below the normal range.
func (p *QPower) CheckDual(theta []float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return checkPow("theta", theta, 1/(p.q-1), p.String()+"'s conjugate")
}

// String returns "qpower(q=…)".
func (p *QPower) String() string {
	if p == nil {
		return "qpower(nil)"
	}
	return fmt.Sprintf("qpower(q=%g)", p.q)
}

// powBregman returns the scalar Bregman divergence of f(t) = |t|^q/q
// between x and z, D = |x|^q/q + |z|^q/q* − x·sgn(z)|z|^{q−1} ≥ 0. Powers
// of large or tiny arguments are split as r·(…)·r with r = m^{q/2}, so that
// D is +Inf or 0 only when it overflows or underflows itself.
func powBregman(x, z, q, qStar float64) float64 {
	switch {
	case x == z:
		return 0
	case z == 0:
		return math.Pow(math.Abs(x), q) / q
	case x == 0:
		return math.Pow(math.Abs(z), q) / qStar
	case (x > 0) != (z > 0):
		a, b := math.Abs(x), math.Abs(z)
		return math.Pow(a, q)/q + math.Pow(b, q)/qStar + a*math.Pow(b, q-1)
	}
	a, b := math.Abs(x), math.Abs(z)
	if t := (a - b) / b; math.Abs(t) <= 0.5 && math.Abs(q*t) <= 1 {
		// x = z(1+t): D = |z|^q [(1+t)^q − 1 − q t]/q.
		r := math.Pow(b, q/2)
		return r * (binomRemainder(t, q) / q) * r
	}
	// Far apart or q·t large: scale by m = max(|x|, |z|); nothing cancels
	// badly (see binomRemainder).
	m := math.Max(a, b)
	a, b = a/m, b/m
	br := math.Pow(a, q)/q + math.Pow(b, q)/qStar - a*math.Pow(b, q-1)
	if !(br > 0) {
		return 0
	}
	r := math.Pow(m, q/2)
	return r * br * r
}

// binomRemainder returns (1+t)^q − 1 − q·t for t > −1 and any real q. For
// |t| ≤ 1/2 and |q·t| ≤ 1 it sums the binomial series Σ_{k≥2} C(q,k) tᵏ,
// which avoids the cancellation of the direct formula when q·t is small.
// Elsewhere the direct formula loses at most a few ulps (the result is at
// least ~(q·t)²/8 of its terms), while the series would not: for large q
// its terms grow like (q|t|)ᵏ/k! before they decay, and cancel.
func binomRemainder(t, q float64) float64 {
	if math.Abs(t) > 0.5 || math.Abs(q*t) > 1 {
		return math.Pow(1+t, q) - 1 - q*t
	}
	term := q * (q - 1) / 2 * t * t
	s := term
	for k := 3; k < 300 && term != 0; k++ {
		term *= (q - float64(k-1)) / float64(k) * t
		s += term
		if math.Abs(term) <= 1e-17*math.Abs(s) {
			break
		}
	}
	return s
}

// binomRemainderAt is binomRemainder(t, q) given also 1 + t, computed
// accurately by the caller, for use in the direct formula.
func binomRemainderAt(t, onePlusT, q float64) float64 {
	if math.Abs(t) > 0.5 || math.Abs(q*t) > 1 {
		return math.Pow(onePlusT, q) - 1 - q*t
	}
	return binomRemainder(t, q)
}

// powDiff returns |a|^q − |b|^q, accurately when a and b are close.
func powDiff(a, b, q float64) float64 {
	a, b = math.Abs(a), math.Abs(b)
	if b == 0 || a == 0 {
		return math.Pow(a, q) - math.Pow(b, q)
	}
	return math.Pow(b, q) * math.Expm1(q*math.Log1p((a-b)/b))
}
