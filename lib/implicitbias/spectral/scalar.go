package spectral

import "math"

// scalar is an even, strictly convex function f on ℝ with f(0) = f'(0) = 0,
// the generator of a spectral potential ψ(W) = Σᵢ f(σᵢ(W)). Its methods are
// defined on all of ℝ (by evenness), which the Bregman divergence of
// spectralPot needs: D_f(x, −z) appears for singular-value pairs of
// opposite sign in the Hermitian dilation.
type scalar interface {
	f(t float64) float64
	df(t float64) float64     // f'
	dfStar(s float64) float64 // (f*)' = (f')⁻¹
	fStar(s float64) float64  // f*
	// breg returns D_f(x, z) = f(x) − f(z) − f'(z)(x − z) ≥ 0, with full
	// relative accuracy as x → z.
	breg(x, z float64) float64
}

// power is f(t) = |t|^p/p, 1 < p ≤ 2, with conjugate |s|^q/q, q = p/(p−1).
type power struct{ p, q float64 }

func (g power) f(t float64) float64 { return math.Pow(math.Abs(t), g.p) / g.p }
func (g power) df(t float64) float64 {
	return math.Copysign(math.Pow(math.Abs(t), g.p-1), t)
}
func (g power) dfStar(s float64) float64 {
	return math.Copysign(math.Pow(math.Abs(s), 1/(g.p-1)), s)
}
func (g power) fStar(s float64) float64 { return math.Pow(math.Abs(s), g.q) / g.q }
func (g power) breg(x, z float64) float64 {
	switch {
	case x == z:
		return 0
	case z == 0:
		return g.f(x)
	case x == 0:
		return g.fStar(g.df(z)) // f(0) − f(z) + f'(z)z = f*(f'(z))
	case (x > 0) != (z > 0):
		a, b := math.Abs(x), math.Abs(z)
		return g.f(a) + math.Pow(b, g.p)/g.q + a*math.Pow(b, g.p-1)
	}
	a, b := math.Abs(x), math.Abs(z)
	// x = z(1+t): D = |z|^p [(1+t)^p − 1 − p t]/p, summed as a series for
	// small t so that the difference keeps its relative accuracy.
	return math.Pow(b, g.p) * binomRemainder((a-b)/b, g.p) / g.p
}

// binomRemainder returns (1+t)^q − 1 − q·t for t > −1, by the binomial
// series Σ_{k≥2} C(q,k) tᵏ when |t| ≤ 1/2 (no cancellation).
func binomRemainder(t, q float64) float64 {
	if math.Abs(t) > 0.5 {
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

// hyp is the hyperbolic entropy f(t) = t·arcsinh(t/β) − √(t²+β²) + β,
// f'(t) = arcsinh(t/β), (f*)'(s) = β sinh s, f*(s) = β(cosh s − 1)
// (Ghai, Hazan, Singer, ALT 2020).
type hyp struct{ beta float64 }

func (g hyp) f(t float64) float64 {
	// β·[u sinh u − cosh u + 1] with u = arcsinh(t/β), written as
	// t·u − t²/(√(t²+β²) + β) to avoid the cancellation of cosh u − 1.
	return t*g.df(t) - t*t/(math.Hypot(t, g.beta)+g.beta)
}
func (g hyp) df(t float64) float64 {
	b := t / g.beta
	if math.IsInf(b, 0) {
		return math.Copysign(math.Ln2+math.Log(math.Abs(t))-math.Log(g.beta), t)
	}
	return math.Asinh(b)
}
func (g hyp) dfStar(s float64) float64 { return g.beta * math.Sinh(s) }
func (g hyp) fStar(s float64) float64 {
	h := math.Sinh(s / 2)
	return 2 * g.beta * h * h // β(cosh s − 1) without cancellation
}

// breg uses, with u = f'(x), w = f'(z), m = (u+w)/2, δ = (u−w)/2,
//
//	D_f(x, z) = β[(u−w) sinh u − cosh u + cosh w]
//	          = 2β[sinh m (δ cosh δ − sinh δ) + cosh m · δ sinh δ],
//
// with u − w from an arcsinh-difference identity, so that D keeps its
// relative accuracy as x → z.
func (g hyp) breg(x, z float64) float64 {
	if x == z {
		return 0
	}
	u, w := g.df(x), g.df(z)
	d := asinhDiff(x, z, g.beta) / 2
	m := (u + w) / 2
	return 2 * g.beta * (math.Sinh(m)*dCoshMinusSinh(d) + math.Cosh(m)*d*math.Sinh(d))
}

// asinhDiff returns arcsinh(x/c) − arcsinh(z/c) without cancellation:
// for x, z of one sign, a√(1+b²) − b√(1+a²) = (x−z)(x+z)/(x√(z²+c²) + z√(x²+c²))
// with a = x/c, b = z/c, and arcsinh a − arcsinh b = arcsinh of that.
func asinhDiff(x, z, c float64) float64 {
	if x*z <= 0 {
		return hyp{c}.df(x) - hyp{c}.df(z)
	}
	m := math.Max(math.Abs(x), math.Max(math.Abs(z), c))
	xs, zs, cs := x/m, z/m, c/m
	return math.Asinh((xs - zs) * (xs + zs) / (xs*math.Hypot(zs, cs) + zs*math.Hypot(xs, cs)))
}

// dCoshMinusSinh returns d cosh d − sinh d = Σ_{k≥1} 2k d^{2k+1}/(2k+1)!.
func dCoshMinusSinh(d float64) float64 {
	if math.Abs(d) > 0.1 {
		return d*math.Cosh(d) - math.Sinh(d)
	}
	d2 := d * d
	return d * d2 * (1.0/3 + d2*(1.0/30+d2*(1.0/840+d2*(1.0/45360+d2*(1.0/3991680+d2/518918400)))))
}

// klTerm returns λ log(λ/μ) − λ + μ ≥ 0 for λ, μ > 0, the scalar Bregman
// divergence of t log t − t, as μ·h(λ/μ − 1) with h(u) = (1+u)log(1+u) − u
// summed as a series for small u.
func klTerm(l, mu float64) float64 {
	if l == mu {
		return 0
	}
	u := (l - mu) / mu
	if math.Abs(u) > 0.1 || math.IsInf(u, 0) {
		return l*math.Log(l/mu) - l + mu
	}
	// h(u) = Σ_{k≥2} (−1)^k u^k/(k(k−1)).
	var s float64
	pw := u * u
	for k := 2; k < 40; k++ {
		term := pw / float64(k*(k-1))
		if k%2 == 1 {
			term = -term
		}
		s += term
		if math.Abs(term) <= 1e-17*math.Abs(s) {
			break
		}
		pw *= u
	}
	return mu * s
}
