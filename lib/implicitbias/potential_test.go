package implicitbias

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"
)

// potCase is a potential with interior test points.
type potCase struct {
	p   Potential
	pts [][]float64
}

func mustPot[T Potential](p T, err error) T {
	if err != nil {
		panic(err)
	}
	return p
}

// potCases covers every potential and several parameter values; points are
// away from the non-smooth spots (0 for q-powers) so that derivative checks
// make sense.
func potCases() []potCase {
	signed := [][]float64{{0.3, -1.2, 5e-3, -4, 17}, {-2.5, 0.7, -0.01, 1e-3, 3}}
	pos := [][]float64{{0.3, 1.2, 5e-3, 4, 17}, {2.5, 0.7, 1e-6, 1e-3, 3}}
	var cs []potCase
	cs = append(cs, potCase{Euclidean{}, signed}, potCase{NegEntropy{}, pos},
		potCase{SimplexEntropy{}, [][]float64{{0.1, 0.2, 0.3, 0.4}, {1e-6, 0.5 - 1e-6, 0.25, 0.25}}})
	for _, q := range []float64{1.25, 1.5, 2, 3, 10} {
		cs = append(cs, potCase{mustPot(NewQPower(q)), signed}, potCase{mustPot(NewSquaredQNorm(q)), signed})
	}
	for _, a := range []float64{1e-3, 0.1, 1, 100} {
		pts := append([][]float64{{1e-8, -2e-7, 3, -40, 0}}, signed...)
		cs = append(cs, potCase{mustPot(NewHypentropy(a)), pts})
	}
	for _, D := range []int{3, 4, 6} {
		for _, a := range []float64{0.1, 0.5, 1} {
			cs = append(cs, potCase{mustPot(NewDepthPotential(D, a)), append([][]float64{{1e-9, 0, 1e-12, -3e-9, 1}}, signed...)})
		}
	}
	return cs
}

func dot2(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// TestRoundTrip checks ∇ψ*(∇ψ(x)) = x to 1e-12 relative per coordinate.
// Justification: every map is evaluated with a few correctly rounded
// elementary functions, and the relative condition numbers of ∇ψ and ∇ψ*
// here are at most ~50 (e.g. sinh(4θ) at 4θ ≈ 20 for hypentropy with
// |β|/α² ≈ 1e7, or (p+1)/(1−z) for the depth map with 1 − z ≥ 0.05), so
// the composed error stays below 1e-13.
func TestRoundTrip(t *testing.T) {
	for _, c := range potCases() {
		for _, x := range c.pts {
			th := make([]float64, len(x))
			back := make([]float64, len(x))
			c.p.Grad(th, x)
			if err := c.p.CheckDual(th); err != nil {
				t.Fatalf("%v: ∇ψ(x) outside dual domain: %v", c.p, err)
			}
			c.p.GradStar(back, th)
			for i := range x {
				if d := math.Abs(back[i] - x[i]); !(d <= 1e-12*edgeFactor(c.p, th[i])*math.Abs(x[i])) {
					t.Errorf("%v: round trip x[%d] = %v → %v (rel err %.2g)", c.p, i, x[i], back[i], d/math.Abs(x[i]))
				}
			}
		}
	}
}

// edgeFactor is 1 except for DepthPotential, where the dual coordinate
// z = κθ approaches the edge of the box |z| < 1 as |β|/α^D grows: θ is
// stored with absolute error ~eps/κ, so 1 − |z| carries a relative error
// eps/(1 − |z|) that ∇ψ* (∝ (1−z)^{−p}) amplifies by p. This is a property of
// the dual representation, not of the algorithm.
func edgeFactor(p Potential, theta float64) float64 {
	dp, ok := p.(*DepthPotential)
	if !ok {
		return 1
	}
	return math.Max(1, 4e-4*(dp.p+1)/(1-math.Abs(dp.kappa*theta)))
}

// TestFenchelYoung checks ψ(x) + ψ*(∇ψ(x)) = ⟨x, ∇ψ(x)⟩ to 1e-12 relative to
// the size of the terms (each is computed to a few ulps).
func TestFenchelYoung(t *testing.T) {
	for _, c := range potCases() {
		for _, x := range c.pts {
			th := make([]float64, len(x))
			c.p.Grad(th, x)
			v, s, ip := c.p.Value(x), c.p.Star(th), dot2(x, th)
			scale := math.Abs(v) + math.Abs(s) + math.Abs(ip)
			ef := 1.0
			for _, v := range th {
				ef = math.Max(ef, edgeFactor(c.p, v))
			}
			if d := math.Abs(v + s - ip); !(d <= 1e-12*ef*scale) {
				t.Errorf("%v: ψ+ψ*−⟨x,θ⟩ = %.3g (scale %.3g)", c.p, d, scale)
			}
		}
	}
}

// fd4 is the fourth-order central difference of f at x with step h.
func fd4(f func(float64) float64, x, h float64) float64 {
	return (f(x-2*h) - 8*f(x-h) + 8*f(x+h) - f(x+2*h)) / (12 * h)
}

// TestGradFiniteDifference compares Grad with a fourth-order central
// difference of Value (step 1e-3·|xᵢ|: truncation ~1e-12, rounding
// ~1e-16·|ψ|/h; tolerance 1e-8 relative to |∂ψ| + |ψ|/|xᵢ|). For the
// simplex, where the gradient is defined modulo 1, directions eᵢ − e₀ are
// used.
func TestGradFiniteDifference(t *testing.T) {
	for _, c := range potCases() {
		_, simplex := c.p.(SimplexEntropy)
		for _, x := range c.pts {
			g := make([]float64, len(x))
			c.p.Grad(g, x)
			for i := range x {
				if x[i] == 0 || (simplex && i == 0) {
					continue
				}
				w := append([]float64(nil), x...)
				f := func(s float64) float64 {
					copy(w, x)
					w[i] = s
					if simplex {
						// Only coordinates 0 and i change: evaluate their
						// terms alone to keep the rounding noise small.
						return c.p.Value([]float64{x[0] - (s - x[i]), s})
					}
					return c.p.Value(w)
				}
				h := 1e-3 * math.Abs(x[i])
				if simplex {
					h = 1e-3 * math.Min(x[i], x[0])
				}
				want := g[i]
				if simplex {
					want = g[i] - g[0]
				}
				got := fd4(f, x[i], h)
				// truncation ≤ 1e-9 relative; rounding ≤ 1e-14·|f|/h (stencil
				// weights sum to 1.5, each f value correct to a few ulps).
				if d := math.Abs(got - want); !(d <= 1e-8*math.Abs(want)+1e-14*math.Abs(f(x[i]))/h) {
					t.Errorf("%v: ∂ψ/∂x[%d] at %v: Grad %v, finite difference %v", c.p, i, x, want, got)
				}
			}
		}
	}
}

// TestHessians compares HessDiag with a finite difference of Grad (same
// stencil and tolerance as above) and checks HessStarDiag(∇ψ(x))·HessDiag(x)
// = 1 to 1e-11 (both are closed forms evaluated at points related by a map
// with relative error ≤ 1e-13, amplified by at most ~50 in ψ”').
func TestHessians(t *testing.T) {
	for _, c := range potCases() {
		sp, ok := c.p.(Separable)
		if !ok {
			continue
		}
		for _, x := range c.pts {
			hd, th, hs := make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x))
			sp.HessDiag(hd, x)
			sp.Grad(th, x)
			sp.HessStarDiag(hs, th)
			for i := range x {
				if x[i] == 0 {
					continue
				}
				one := []float64{0}
				f := func(s float64) float64 {
					sp.Grad(one, []float64{s})
					return one[0]
				}
				got := fd4(f, x[i], 1e-3*math.Abs(x[i]))
				if d := math.Abs(got - hd[i]); !(d <= 1e-8*(hd[i]+math.Abs(th[i]/x[i]))) {
					t.Errorf("%v: ψ''(x[%d]=%v): HessDiag %v, finite difference %v", c.p, i, x[i], hd[i], got)
				}
				if d := math.Abs(hs[i]*hd[i] - 1); !(d <= 1e-11) {
					t.Errorf("%v: HessStarDiag·HessDiag at x[%d]=%v is 1%+.2g", c.p, i, x[i], hs[i]*hd[i]-1)
				}
			}
		}
	}
}

// TestBregmanFar compares Bregman with the textbook formula
// ψ(x) − ψ(z) − ⟨∇ψ(z), x − z⟩ for well-separated points, where that
// formula is accurate to ~1e-15 of the size of its terms.
func TestBregmanFar(t *testing.T) {
	for _, c := range potCases() {
		for k, x := range c.pts {
			z := c.pts[(k+1)%len(c.pts)]
			gz := make([]float64, len(z))
			c.p.Grad(gz, z)
			var lin float64
			for i := range x {
				lin += gz[i] * (x[i] - z[i])
			}
			vx, vz := c.p.Value(x), c.p.Value(z)
			naive := vx - vz - lin
			got := c.p.Bregman(x, z)
			scale := math.Abs(vx) + math.Abs(vz) + math.Abs(lin)
			if d := math.Abs(got - naive); !(d <= 1e-12*scale) || !(got > 0) {
				t.Errorf("%v: D(x,z) = %v, textbook formula %v (scale %.3g)", c.p, got, naive, scale)
			}
			if c.p.Bregman(x, x) != 0 {
				t.Errorf("%v: D(x,x) = %v, want 0", c.p, c.p.Bregman(x, x))
			}
		}
	}
}

// simpsonBregman returns D(x,z) = Σᵢ ∫_{zᵢ}^{xᵢ} (xᵢ − t) ψ”(t) dt by
// Simpson's rule on one interval per coordinate. For |x − z| = ε|z| its
// relative error is O(ε²)·(ψ””/ψ”)·z² ≈ 1e-10 for ε = 1e-5 — an
// independent reference in the regime where the textbook formula loses
// all but ~6 digits.
func simpsonBregman(p Separable, x, z []float64) float64 {
	var s float64
	h := []float64{0}
	for i := range x {
		a, b := z[i], x[i]
		m := (a + b) / 2
		f := func(t float64) float64 {
			p.HessDiag(h, []float64{t})
			return (b - t) * h[0]
		}
		s += (b - a) / 6 * (f(a) + 4*f(m) + f(b))
	}
	return s
}

// TestBregmanClose checks the cancellation-free evaluation for nearby
// points (relative distance 1e-5) against simpsonBregman (tolerance 1e-8;
// the textbook formula is off by ~1e-16·|ψ|/D ≈ 1e-6 here and would fail).
// Non-separable squared q-norms use the exact identity
// D(cz, z) = (c−1)²ψ(z) of a 2-homogeneous ψ.
func TestBregmanClose(t *testing.T) {
	for _, c := range potCases() {
		for _, x := range c.pts {
			if sq, ok := c.p.(*SquaredQNorm); ok {
				cc := 1 + 1e-6
				xz := make([]float64, len(x))
				for i := range x {
					xz[i] = cc * x[i]
				}
				want := (cc - 1) * (cc - 1) * sq.Value(x)
				if got := sq.Bregman(xz, x); !(math.Abs(got-want) <= 1e-8*want) {
					t.Errorf("%v: D(cz,z) = %v, want (c−1)²ψ(z) = %v", sq, got, want)
				}
				continue
			}
			sp, ok := c.p.(Separable)
			if !ok {
				continue // SimplexEntropy shares NegEntropy's divergence
			}
			z := make([]float64, len(x))
			for i := range x {
				z[i] = x[i] * (1 + 1e-5*math.Cos(float64(3*i+1)))
			}
			got, want := sp.Bregman(x, z), simpsonBregman(sp, x, z)
			if !(math.Abs(got-want) <= 1e-8*want) {
				t.Errorf("%v: D(x,z) for nearby points = %v, Simpson %v (rel %.2g)", c.p, got, want, math.Abs(got-want)/want)
			}
		}
	}
}

// TestBregmanStrongConvexity checks ½ min ψ”·Δ² ≤ D(x,z) ≤ ½ max ψ”·Δ²
// per coordinate (Taylor with integral remainder: D = ∫(x−t)ψ”(t)dt), with
// the extrema of ψ” sampled at 401 points of the segment and a 10% margin
// for the sampling. For squared q-norms with q ≤ 2 it checks the
// (q−1)-strong convexity bound D ≥ (q−1)/2 ‖x − z‖_q², and for the simplex
// Pinsker's inequality KL ≥ ½‖x − z‖₁².
func TestBregmanStrongConvexity(t *testing.T) {
	for _, c := range potCases() {
		for k, x := range c.pts {
			z := c.pts[(k+1)%len(c.pts)]
			D := c.p.Bregman(x, z)
			switch p := c.p.(type) {
			case *SquaredQNorm:
				if p.q <= 2 {
					diff := make([]float64, len(x))
					for i := range x {
						diff[i] = x[i] - z[i]
					}
					nq := qNorm(diff, p.q)
					if lo := (p.q - 1) / 2 * nq * nq; !(D >= lo*(1-1e-12)) {
						t.Errorf("%v: D = %v below strong-convexity bound %v", p, D, lo)
					}
				}
			case SimplexEntropy:
				var l1 float64
				for i := range x {
					l1 += math.Abs(x[i] - z[i])
				}
				if !(D >= l1*l1/2) {
					t.Errorf("Pinsker violated: KL = %v < %v", D, l1*l1/2)
				}
			case Separable:
				var lo, hi float64
				h := []float64{0}
				for i := range x {
					mn, mx := math.Inf(1), 0.0
					for j := 0; j <= 400; j++ {
						s := z[i] + (x[i]-z[i])*float64(j)/400
						p.HessDiag(h, []float64{s})
						mn, mx = math.Min(mn, h[0]), math.Max(mx, h[0])
					}
					d2 := (x[i] - z[i]) * (x[i] - z[i]) / 2
					lo += 0.9 * mn * d2
					hi += mx * d2 / 0.9
				}
				if !(D >= lo) || !(D <= hi) {
					t.Errorf("%v: D = %v outside [½min ψ''Δ², ½max ψ''Δ²] = [%v, %v]", p, D, lo, hi)
				}
			}
		}
	}
}

// TestConstructorErrors checks that bad parameters are rejected with an
// error naming the parameter.
func TestConstructorErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name, want string
		err        error
	}{
		{"qpower q=1", "q = 1", errOf(NewQPower(1))},
		{"qpower q=0.5", "q = 0.5", errOf(NewQPower(0.5))},
		{"qpower q=NaN", "q = NaN", errOf(NewQPower(nan))},
		{"qpower q=Inf", "q = +Inf", errOf(NewQPower(inf))},
		{"qnorm q=1", "q = 1", errOf(NewSquaredQNorm(1))},
		{"qnorm q=NaN", "q = NaN", errOf(NewSquaredQNorm(nan))},
		{"hyp α=0", "alpha = 0", errOf(NewHypentropy(0))},
		{"hyp α<0", "alpha = -1", errOf(NewHypentropy(-1))},
		{"hyp α=NaN", "alpha = NaN", errOf(NewHypentropy(nan))},
		{"hyp α=Inf", "alpha = +Inf", errOf(NewHypentropy(inf))},
		{"hyp α tiny", "alpha = 1e-200", errOf(NewHypentropy(1e-200))},
		{"depth D=2", "depth = 2", errOf(NewDepthPotential(2, 1))},
		{"depth α=0", "alpha = 0", errOf(NewDepthPotential(3, 0))},
		{"depth α=NaN", "alpha = NaN", errOf(NewDepthPotential(3, nan))},
	} {
		if !errors.Is(tc.err, ErrInvalidInput) || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one wrapping ErrInvalidInput and naming %q", tc.name, tc.err, tc.want)
		}
	}
}

func errOf[T any](_ T, err error) error { return err }

// TestDomainChecks checks that CheckPrimal/CheckDual name the offending
// coordinate and reject NaN/Inf.
func TestDomainChecks(t *testing.T) {
	nan := math.NaN()
	hyp := mustPot(NewHypentropy(0.1))
	dep := mustPot(NewDepthPotential(3, 0.5)) // κ = 3·0.5 = 1.5, box |θ| < 2/3
	q := mustPot(NewQPower(1.5))
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"negentropy x<0", NegEntropy{}.CheckPrimal([]float64{1, 2, 3, -0.2}), "x[3] = -0.2 is outside the domain of negentropy"},
		{"negentropy x=0", NegEntropy{}.CheckPrimal([]float64{0}), "x[0] = 0"},
		{"negentropy θ=NaN", NegEntropy{}.CheckDual([]float64{0, nan}), "theta[1] = NaN"},
		{"negentropy θ overflow", NegEntropy{}.CheckDual([]float64{800}), "theta[0] = 800"},
		{"simplex sum", SimplexEntropy{}.CheckPrimal([]float64{0.5, 0.6}), "sums to"},
		{"simplex x<0", SimplexEntropy{}.CheckPrimal([]float64{1.5, -0.5}), "x[1] = -0.5"},
		{"euclid Inf", Euclidean{}.CheckPrimal([]float64{0, math.Inf(-1)}), "x[1] = -Inf"},
		{"qpower NaN", q.CheckPrimal([]float64{nan}), "x[0] = NaN"},
		{"hyp NaN", hyp.CheckPrimal([]float64{1, nan}), "x[1] = NaN"},
		{"hyp θ overflow", hyp.CheckDual([]float64{1, 200}), "theta[1] = 200"},
		{"depth box", dep.CheckDual([]float64{0.1, -0.7}), "theta[1] = -0.7"},
		{"depth NaN", dep.CheckDual([]float64{nan}), "theta[0] = NaN"},
		{"qnorm Inf", mustPot(NewSquaredQNorm(3)).CheckDual([]float64{math.Inf(1)}), "theta[0] = +Inf"},
	} {
		if !errors.Is(tc.err, ErrInvalidInput) || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one wrapping ErrInvalidInput and naming %q", tc.name, tc.err, tc.want)
		}
	}
	if err := dep.CheckDual([]float64{0.66, -0.66}); err != nil {
		t.Errorf("depth: inside the box rejected: %v", err)
	}
}

// TestHypentropyExtremes checks overflow-free evaluation: values that are
// finite mathematically stay finite, and agree with log-domain formulas.
func TestHypentropyExtremes(t *testing.T) {
	h := mustPot(NewHypentropy(1e-3))
	th := []float64{176} // 4θ = 704: sinh(704) ≈ 1e305 is at the edge, 2α² sinh(704) = 1e-6·e^{704} is not
	x := []float64{0}
	h.GradStar(x, th)
	want := math.Exp(704 + math.Log(1e-6)) // 2α² sinh(704) = α² e^{704}
	if !(math.Abs(x[0]-want) <= 1e-13*want) {
		t.Errorf("GradStar(176) = %v, want %v", x[0], want)
	}
	if s := h.Star(th); math.IsInf(s, 0) || !(math.Abs(s-want/4) <= 1e-12*want) {
		t.Errorf("Star(176) = %v, want ≈ %v", s, want/4)
	}
	if v := h.Value(x); math.IsInf(v, 0) || math.IsNaN(v) {
		t.Errorf("Value(%v) = %v", x[0], v)
	}
	if err := h.CheckDual(th); err != nil {
		t.Errorf("CheckDual(176): %v", err)
	}
}

func (c potCase) String() string { return fmt.Sprint(c.p) }

// hInvBig returns the z ∈ (−1, 1) with h_D(z) = (1−z)^{−p} − (1+z)^{−p} = w
// in high precision, by bisection, for D ∈ {3, 4, 6, 10}, where
// p = D/(D−2) ∈ {3, 2, 3/2, 5/4} makes y^{−p} a product of square roots.
// h_D(z) is a difference of two numbers near 1 for small z, so the working
// precision is 160 bits plus the binary exponent of 1/|w|.
func hInvBig(D int, w float64) *big.Float {
	prec := uint(160 + math.Max(0, -math.Logb(math.Abs(w))))
	pow := func(y *big.Float) *big.Float { // y^{−p}
		r := new(big.Float).SetPrec(prec)
		switch D {
		case 3:
			r.Mul(y, y).Mul(r, y)
		case 4:
			r.Mul(y, y)
		case 6:
			r.Sqrt(y).Mul(r, y)
		case 10:
			r.Sqrt(y).Sqrt(r).Mul(r, y)
		default:
			panic("hInvBig: unsupported depth")
		}
		return r.Quo(new(big.Float).SetPrec(prec).SetInt64(1), r)
	}
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	target := new(big.Float).SetPrec(prec).SetFloat64(math.Abs(w))
	// h_D is convex with h_D'(0) = 2p, so the root is at most |w|/2p: the
	// bracket [0, min(1, |w|/2p)] (widened by 1e-14 against the rounding of
	// |w|/2p) shrinks to 2⁻¹²⁰ of its width at any scale.
	p := float64(D) / float64(D-2)
	lo := new(big.Float).SetPrec(prec)
	hi := new(big.Float).SetPrec(prec).SetFloat64(math.Min(1, math.Abs(w)/(2*p)*(1+1e-14)))
	for range 120 {
		mid := new(big.Float).SetPrec(prec).Add(lo, hi)
		mid.Quo(mid, new(big.Float).SetPrec(prec).SetInt64(2))
		h := pow(new(big.Float).SetPrec(prec).Sub(one, mid))
		h.Sub(h, pow(new(big.Float).SetPrec(prec).Add(one, mid)))
		if h.Cmp(target) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	if w < 0 {
		lo.Neg(lo)
	}
	return lo
}

// TestDepthGradAccuracy compares DepthPotential.Grad with h_D⁻¹(β/α^D)/κ
// computed in 300-bit arithmetic, over |β|/α^D from 1e-300 to 1e20 (up to
// the domain bound). Tolerance 1e-15 relative (4.5 ulps): ∇ψ is well
// conditioned (h_D is convex with h_D(0) = 0, so the relative condition
// number of h_D⁻¹ is h_D(z)/(z h_D'(z)) ≤ 1), and the Newton solve plus the
// division by κ cost ~2 ulps. A Grad wrong by 1e-12 relative fails.
func TestDepthGradAccuracy(t *testing.T) {
	var maxRel float64
	defer func() { t.Logf("largest relative error %.2g", maxRel) }()
	ws := []float64{1e-300, 1e-17, 1e-9, 1e-3, 0.3, 1, 2.5, 7, 40, 1e3, 1e6, 1e9, 1e12, 1e15, 1e20}
	for _, D := range []int{3, 4, 6, 10} {
		for _, a := range []float64{0.1, 1, 2} {
			dp := mustPot(NewDepthPotential(D, a))
			for _, w := range ws {
				for _, s := range []float64{1, -1} {
					beta := []float64{s * w * dp.alphaD}
					if dp.CheckPrimal(beta) != nil {
						continue
					}
					got := []float64{0}
					dp.Grad(got, beta)
					z := hInvBig(D, beta[0]/dp.alphaD)
					want, _ := new(big.Float).Quo(z, new(big.Float).SetFloat64(dp.kappa)).Float64()
					if d := math.Abs(got[0] - want); !(d <= 1e-15*math.Abs(want)) {
						t.Errorf("%v: Grad(%v) = %v, want %v (relative error %.2g)", dp, beta[0], got[0], want, d/math.Abs(want))
					}
					if testing.Verbose() {
						maxRel = math.Max(maxRel, math.Abs(got[0]-want)/math.Abs(want))
					}
				}
			}
		}
	}
}

// TestHypentropySwitch checks GradStar, HessStarDiag and Star on both
// sides of |4θ| = 20, where they switch from sinh/cosh to scaled
// exponentials: the two formulas must agree (to 1e-14: adjacent θ differ by
// one ulp, which changes e^{4θ} by 4θ·eps ≈ 1e-14 relative), and
// HessStarDiag must match a finite difference of GradStar at the switch
// (sixth-order Richardson, step 1e-4: truncation ~1e-16, rounding ~1e-12).
// A factor 2 in either branch fails.
func TestHypentropySwitch(t *testing.T) {
	for _, a := range []float64{1e-3, 0.1, 1, 100} {
		h := mustPot(NewHypentropy(a))
		for _, ts := range []float64{5, -5} { // 4θ = ±20
			below := math.Nextafter(ts, 0)
			for _, f := range []struct {
				name string
				eval func(dst, th []float64)
			}{{"GradStar", h.GradStar}, {"HessStarDiag", h.HessStarDiag}} {
				lo, hi := []float64{0}, []float64{0}
				f.eval(lo, []float64{below})
				f.eval(hi, []float64{ts})
				if d := math.Abs(hi[0] - lo[0]); !(d <= 1e-14*math.Abs(hi[0])) {
					t.Errorf("%v: %s jumps at θ = %v: %v below, %v at", h, f.name, ts, lo[0], hi[0])
				}
			}
			if lo, hi := h.Star([]float64{below / 2}), h.Star([]float64{ts / 2}); !(math.Abs(hi-lo) <= 1e-14*hi) {
				t.Errorf("%v: Star jumps at 2|θ| = 20: %v below, %v at", h, lo, hi)
			}
			g := func(s float64) float64 {
				out := []float64{0}
				h.GradStar(out, []float64{ts + s})
				return out[0]
			}
			step := 1e-4
			d1 := (g(-2*step) - 8*g(-step) + 8*g(step) - g(2*step)) / (12 * step)
			d2 := (g(-step) - 8*g(-step/2) + 8*g(step/2) - g(step)) / (6 * step)
			fd := (16*d2 - d1) / 15
			hs := []float64{0}
			h.HessStarDiag(hs, []float64{ts})
			if !(math.Abs(fd-hs[0]) <= 1e-8*hs[0]) {
				t.Errorf("%v: HessStarDiag(%v) = %v, finite difference of GradStar %v", h, ts, hs[0], fd)
			}
		}
	}
}

// TestUnusablePotentials checks that nil receivers and zero values are
// refused by Validate, CheckPrimal and CheckDual with an error wrapping
// ErrInvalidInput, never a panic, and that checkPotential refuses them (and
// a nil pointer to a value type, whose methods all panic) through methods
// only, so that potentials of other packages take part.
func TestUnusablePotentials(t *testing.T) {
	x := []float64{1, 2}
	for _, p := range []Potential{(*Hypentropy)(nil), &Hypentropy{}, (*QPower)(nil), &QPower{},
		(*SquaredQNorm)(nil), &SquaredQNorm{}, (*DepthPotential)(nil), &DepthPotential{}} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%T: panic %v", p, r)
				}
			}()
			for name, err := range map[string]error{
				"Validate": p.(Validator).Validate(), "CheckPrimal": p.CheckPrimal(x),
				"CheckDual": p.CheckDual(x), "checkPotential": checkPotential(p),
			} {
				if !errors.Is(err, ErrInvalidInput) {
					t.Errorf("%T %v: %s = %v, want an error wrapping ErrInvalidInput", p, p, name, err)
				}
			}
		}()
	}
	for _, p := range []Potential{nil, (*NegEntropy)(nil), (*SimplexEntropy)(nil), (*Euclidean)(nil)} {
		if err := checkPotential(p); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("checkPotential(%T) = %v, want an error wrapping ErrInvalidInput", p, err)
		}
	}
	for _, p := range []Potential{Euclidean{}, NegEntropy{}, &NegEntropy{}, mustPot(NewHypentropy(1))} {
		if err := checkPotential(p); err != nil {
			t.Errorf("checkPotential(%v) = %v", p, err)
		}
	}
}

// TestOverflowSizedInputs checks the cases of issue 7 at the edge of the
// float64 range: finite, domain-valid inputs give finite values where the
// exact value is representable, +Inf (never NaN) where it is not, and
// points whose mirror image float64 cannot hold are refused by the domain
// checks.
func TestOverflowSizedInputs(t *testing.T) {
	d := mustPot(NewDepthPotential(3, 0.1))
	// ψ(β) ≈ |β|/κ = |β|/0.3 for |β| ≫ α^D: 1e308/0.3 overflows, 2e307/0.3
	// does not. 1e308 is outside the domain (its dual point rounds onto
	// the edge of the box), 2e40 inside.
	if err := d.CheckPrimal([]float64{1e308}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("%v: CheckPrimal(1e308) = %v, want a domain error", d, err)
	}
	if v := d.Value([]float64{1e308}); !math.IsInf(v, 1) {
		t.Errorf("%v: Value(1e308) = %v, want +Inf (ψ ≈ 3.3e308)", d, v)
	}
	if v, want := d.Value([]float64{2e307}), 2e307/d.kappa; !(math.Abs(v-want) <= 1e-12*want) {
		t.Errorf("%v: Value(2e307) = %v, want ≈ %v", d, v, want)
	}
	if D := d.Bregman([]float64{1e308}, []float64{-1e308}); !math.IsInf(D, 1) {
		t.Errorf("%v: Bregman(1e308, -1e308) = %v, want +Inf", d, D)
	}
	edge := []float64{2e40, -2e40}
	if err := d.CheckPrimal(edge); err != nil {
		t.Fatalf("%v: CheckPrimal(%v) = %v", d, edge, err)
	}
	for _, v := range []float64{d.Value(edge), d.Bregman(edge, []float64{-2e40, 2e40}), d.Bregman(edge, []float64{1, 1})} {
		if math.IsNaN(v) || math.IsInf(v, 0) || !(v > 0) {
			t.Errorf("%v: Value/Bregman at %v = %v, want finite positive", d, edge, v)
		}
	}

	h := mustPot(NewHypentropy(0.1))
	// D(1e308, −1e308) ≥ ψ(1e308) ≈ ¼·1e308·log(1e310) ≈ 1.8e310: overflows.
	if D := h.Bregman([]float64{1e308}, []float64{-1e308}); !math.IsInf(D, 1) {
		t.Errorf("%v: Bregman(1e308, -1e308) = %v, want +Inf", h, D)
	}
	// D(1e305, −1e305) = ¼[x(u − w)] exactly here (the square roots cancel):
	// ¼·1e305·2·arcsinh(1e305/0.02).
	want := 1e305 / 2 * math.Asinh(1e305/0.02)
	if D := h.Bregman([]float64{1e305}, []float64{-1e305}); !(math.Abs(D-want) <= 1e-14*want) {
		t.Errorf("%v: Bregman(1e305, -1e305) = %v, want %v", h, D, want)
	}

	// NegEntropy: CheckDual and GradStar agree up to log(MaxFloat64).
	g := []float64{0}
	for _, th := range []float64{709.5, 709.78, expMax} {
		NegEntropy{}.GradStar(g, []float64{th})
		if err := (NegEntropy{}).CheckDual([]float64{th}); err != nil || math.IsInf(g[0], 0) {
			t.Errorf("θ = %v: CheckDual = %v, exp = %v; want admitted and finite", th, err, g[0])
		}
	}
	if err := (NegEntropy{}).CheckDual([]float64{math.Nextafter(expMax, 800)}); err == nil {
		t.Errorf("θ just above expMax = %v admitted", expMax)
	}
}
