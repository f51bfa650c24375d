package potentialtest

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias"
)

// maxReports caps the failures reported per check, so that one wrong
// formula does not bury the others.
const maxReports = 5

// Run runs the conformance suite on p as subtests of t. See the package
// documentation for the checks and Config for what the caller supplies.
func Run(t *testing.T, p implicitbias.Potential, cfg Config) {
	t.Helper()
	if cfg.Primal == nil {
		t.Fatal("potentialtest: Config.Primal is required")
	}
	s, err := newSuite(p, cfg)
	if err != nil {
		t.Fatalf("potentialtest: %v", err)
	}
	for _, c := range []struct {
		name string
		f    func(report)
	}{
		{"Validate", s.validate},
		{"Domain", s.domain},
		{"RoundTrip", s.roundTrip},
		{"DualRoundTrip", s.dualRoundTrip},
		{"FenchelYoung", s.fenchelYoung},
		{"BregmanFar", s.bregmanFar},
		{"BregmanNear", s.bregmanNear},
		{"Gradients", s.gradients},
		{"Hessians", s.hessians},
		{"Edges", s.edges},
		{"Invalid", s.invalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := 0
			c.f(func(format string, args ...any) {
				n++
				if n <= maxReports {
					t.Errorf("%v: "+format, append([]any{p}, args...)...)
				}
			})
			if n > maxReports {
				t.Errorf("%v: %d more failures", p, n-maxReports)
			}
		})
	}
}

// CheckPoint runs the pointwise checks of the suite — domain membership of
// the mirror images, both round trips, Fenchel–Young (equality at
// θ = ∇ψ(x), inequality at θ = ∇ψ(z)), Bregman against its definition,
// D ≥ 0, D(x, x) = 0 and finiteness — at the primal points x and z, which
// CheckPrimal must accept, and returns the first violation. It is meant for
// fuzz targets, which cannot run subtests. Only cfg's tolerances, Kernel,
// Componentwise and Condition are used.
func CheckPoint(p implicitbias.Potential, cfg Config, x, z []float64) error {
	cfg.Primal, cfg.Dual = nil, nil // no samples
	s, err := newSuite(p, cfg)
	if err != nil {
		return err
	}
	var first error
	rep := func(format string, args ...any) {
		if first == nil {
			first = fmt.Errorf("%v: "+format, append([]any{p}, args...)...)
		}
	}
	if len(x) != len(z) {
		return fmt.Errorf("potentialtest: len(x) = %d, len(z) = %d", len(x), len(z))
	}
	s.d = len(x)
	for _, pt := range [][]float64{x, z} {
		if err := p.CheckPrimal(pt); err != nil {
			return fmt.Errorf("potentialtest: CheckPoint needs domain-valid points: %w", err)
		}
	}
	s.roundTripAt(rep, x)
	th := s.grad(x)
	if first == nil {
		s.dualRoundTripAt(rep, th)
		s.fenchelYoungAt(rep, x, th, true)
		s.fenchelYoungAt(rep, x, s.grad(z), false)
		s.bregmanFarAt(rep, x, z)
		s.bregmanFarAt(rep, z, x)
		s.finiteAt(rep, x, "x", true)
	}
	return first
}

// report records one failure.
type report func(format string, args ...any)

// suite holds the potential, its configuration and the samples.
type suite struct {
	p      implicitbias.Potential
	sp     implicitbias.Separable // nil if p is not Separable
	cfg    Config
	tol    Tolerances
	rng    *rand.Rand
	kernel [][]float64 // orthonormal basis of span(cfg.Kernel)
	d      int
	primal [][]float64
	dual   [][]float64
}

func newSuite(p implicitbias.Potential, cfg Config) (*suite, error) {
	if p == nil {
		return nil, errors.New("potential is nil")
	}
	s := &suite{p: p, cfg: cfg, tol: cfg.Tol.withDefaults()}
	s.sp, _ = p.(implicitbias.Separable)
	s.rng = rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15))
	for _, k := range cfg.Kernel {
		v := append([]float64(nil), k...)
		for _, b := range s.kernel {
			axpy(v, -dot(v, b), b)
		}
		n := math.Sqrt(dot(v, v))
		if !(n > 0) {
			return nil, errors.New("Config.Kernel has dependent or zero vectors")
		}
		for i := range v {
			v[i] /= n
		}
		s.kernel = append(s.kernel, v)
	}
	if cfg.Primal == nil {
		return s, nil // CheckPoint
	}
	n := cfg.Samples
	if n <= 0 {
		n = 12
	}
	for range n {
		x := cfg.Primal(s.rng)
		if s.d == 0 {
			s.d = len(x)
		}
		if len(x) != s.d || s.d == 0 {
			return nil, fmt.Errorf("Config.Primal returned a point of length %d, want %d > 0", len(x), s.d)
		}
		if err := p.CheckPrimal(x); err != nil {
			return nil, fmt.Errorf("Config.Primal returned a point that CheckPrimal rejects: %v", err)
		}
		s.primal = append(s.primal, x)
	}
	for k := range n {
		var th []float64
		if cfg.Dual != nil {
			th = cfg.Dual(s.rng)
		} else {
			th = s.grad(s.primal[k])
		}
		if len(th) != s.d {
			return nil, fmt.Errorf("Config.Dual returned a point of length %d, want %d", len(th), s.d)
		}
		if err := p.CheckDual(th); err != nil {
			return nil, fmt.Errorf("dual sample rejected by CheckDual: %v", err)
		}
		s.dual = append(s.dual, th)
	}
	return s, nil
}

func (s *suite) grad(x []float64) []float64 {
	g := make([]float64, len(x))
	s.p.Grad(g, x)
	return g
}

func (s *suite) gradStar(th []float64) []float64 {
	x := make([]float64, len(th))
	s.p.GradStar(x, th)
	return x
}

// cond returns the Condition factor at θ (1 by default).
func (s *suite) cond(th []float64) float64 {
	if s.cfg.Condition == nil {
		return 1
	}
	return math.Max(1, s.cfg.Condition(th))
}

// validate checks that a potential implementing Validator validates.
func (s *suite) validate(rep report) {
	if v, ok := s.p.(implicitbias.Validator); ok {
		if err := v.Validate(); err != nil {
			rep("Validate() = %v on the potential under test", err)
		}
	}
	if s.p.String() == "" {
		rep("String() is empty")
	}
}

// domain checks that the domain checks accept the samples and their mirror
// images and reject NaN, ±Inf and the listed bad points with errors that
// wrap ErrInvalidInput.
func (s *suite) domain(rep report) {
	for _, x := range s.primal {
		if err := s.p.CheckDual(s.grad(x)); err != nil {
			rep("CheckDual rejects ∇ψ(x) for x = %v: %v", x, err)
		}
	}
	if s.cfg.Dual != nil {
		for _, th := range s.dual {
			if err := s.p.CheckPrimal(s.gradStar(th)); err != nil {
				rep("CheckPrimal rejects ∇ψ*(θ) for θ = %v: %v", th, err)
			}
		}
	}
	mustReject := func(kind string, check func([]float64) error, pt []float64) {
		err := check(pt)
		switch {
		case err == nil:
			rep("%s accepts %v", kind, pt)
		case !errors.Is(err, implicitbias.ErrInvalidInput):
			rep("%s(%v) = %q does not wrap implicitbias.ErrInvalidInput", kind, pt, err)
		}
	}
	for _, c := range []struct {
		kind  string
		check func([]float64) error
		pt    []float64
		bad   [][]float64
	}{
		{"CheckPrimal", s.p.CheckPrimal, s.primal[0], s.cfg.BadPrimal},
		{"CheckDual", s.p.CheckDual, s.dual[0], s.cfg.BadDual},
	} {
		for _, i := range []int{0, s.d - 1} {
			for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
				pt := append([]float64(nil), c.pt...)
				pt[i] = v
				mustReject(c.kind, c.check, pt)
			}
		}
		for _, pt := range c.bad {
			mustReject(c.kind, c.check, pt)
		}
	}
}

// roundTrip checks ∇ψ*(∇ψ(x)) = x at the primal samples.
func (s *suite) roundTrip(rep report) {
	for _, x := range s.primal {
		s.roundTripAt(rep, x)
	}
}

func (s *suite) roundTripAt(rep report, x []float64) {
	th := s.grad(x)
	if err := s.p.CheckDual(th); err != nil {
		rep("∇ψ(x) is outside the dual domain at x = %v: %v", x, err)
		return
	}
	back := s.gradStar(th)
	tol := s.tol.RoundTrip * s.cond(th)
	nx := normInf(x)
	for i := range x {
		ref := nx
		if s.cfg.Componentwise {
			ref = math.Abs(x[i])
		}
		if d := math.Abs(back[i] - x[i]); !(d <= tol*ref) {
			rep("∇ψ*(∇ψ(x))[%d] = %v, want x[%d] = %v (error %.3g relative, tolerance %.3g) at x = %v",
				i, back[i], i, x[i], d/ref, tol, x)
			return
		}
	}
}

// dualRoundTrip checks ∇ψ(∇ψ*(θ)) = θ (modulo Kernel) at the dual samples.
func (s *suite) dualRoundTrip(rep report) {
	for _, th := range s.dual {
		s.dualRoundTripAt(rep, th)
	}
}

func (s *suite) dualRoundTripAt(rep report, th []float64) {
	x := s.gradStar(th)
	if err := s.p.CheckPrimal(x); err != nil {
		return // θ maps to the edge of the primal domain (e.g. exp underflow)
	}
	back := s.grad(x)
	diff := make([]float64, len(th))
	for i := range th {
		diff[i] = back[i] - th[i]
	}
	s.dropKernel(diff)
	tol := s.tol.RoundTrip * s.cond(th)
	if d, n := normInf(diff), normInf(th); !(d <= tol*n) {
		rep("∇ψ(∇ψ*(θ)) − θ has size %.3g relative (tolerance %.3g) at θ = %v", d/n, tol, th)
	}
}

// fenchelYoung checks ψ(x) + ψ*(∇ψ(x)) = ⟨x, ∇ψ(x)⟩ at the samples and
// ψ(x) + ψ*(θ) ≥ ⟨x, θ⟩ at all sample pairs.
func (s *suite) fenchelYoung(rep report) {
	for _, x := range s.primal {
		s.fenchelYoungAt(rep, x, s.grad(x), true)
		for _, th := range s.dual {
			s.fenchelYoungAt(rep, x, th, false)
		}
	}
}

func (s *suite) fenchelYoungAt(rep report, x, th []float64, equal bool) {
	v, st := s.p.Value(x), s.p.Star(th)
	var ip, abs float64
	for i := range x {
		ip += x[i] * th[i]
		abs += math.Abs(x[i] * th[i])
	}
	gap := v + st - ip
	scale := math.Abs(v) + math.Abs(st) + abs
	if math.IsNaN(v) || math.IsNaN(st) {
		rep("ψ(x) = %v, ψ*(θ) = %v at x = %v, θ = %v", v, st, x, th)
		return
	}
	if math.IsInf(scale, 0) {
		return // a term overflows: the identity cannot be checked in float64
	}
	tol := s.tol.FenchelYoung * s.cond(th) * scale
	if equal && !(math.Abs(gap) <= tol) {
		rep("Fenchel–Young equality ψ(x) + ψ*(∇ψ(x)) − ⟨x, ∇ψ(x)⟩ = %.3g, want 0 (scale %.3g) at x = %v", gap, scale, x)
	}
	if !equal && !(gap >= -tol) {
		rep("Fenchel–Young inequality violated: ψ(x) + ψ*(θ) − ⟨x, θ⟩ = %.3g < 0 (scale %.3g) at x = %v, θ = %v", gap, scale, x, th)
	}
}

// bregmanFar compares Bregman with its definition at distinct samples.
func (s *suite) bregmanFar(rep report) {
	for k, x := range s.primal {
		s.bregmanFarAt(rep, x, s.primal[(k+1)%len(s.primal)])
	}
}

func (s *suite) bregmanFarAt(rep report, x, z []float64) {
	g := s.grad(z)
	vx, vz := s.p.Value(x), s.p.Value(z)
	var lin, abs float64
	for i := range x {
		lin += g[i] * (x[i] - z[i])
		abs += math.Abs(g[i] * (x[i] - z[i]))
	}
	def := vx - vz - lin
	D := s.p.Bregman(x, z)
	scale := math.Abs(vx) + math.Abs(vz) + abs
	switch {
	case !(D >= 0):
		rep("D(x, z) = %v, want ≥ 0 at x = %v, z = %v", D, x, z)
	case math.IsInf(scale, 0) || math.IsNaN(scale):
		// A term of the definition overflows: D may be anything ≥ 0,
		// including +Inf, and cannot be compared.
	case math.IsInf(D, 0):
		rep("D(x, z) = %v, but every term of its definition is finite (scale %.3g) at x = %v, z = %v", D, scale, x, z)
	case !(math.Abs(D-def) <= s.tol.Bregman*scale):
		rep("D(x, z) = %v, definition ψ(x) − ψ(z) − ⟨∇ψ(z), x − z⟩ = %v (scale %.3g) at x = %v, z = %v", D, def, scale, x, z)
	}
	if d := s.p.Bregman(x, x); d != 0 {
		rep("D(x, x) = %v, want 0 at x = %v", d, x)
	}
}

// Gauss–Legendre nodes and weights on [0, 1] (8 points, exact for degree
// 15; from the nodes ±0.18343…, ±0.52553…, ±0.79667…, ±0.96029… on [−1, 1]).
var glNodes, glWeights = func() ([]float64, []float64) {
	x := []float64{0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363}
	w := []float64{0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763}
	var n, ws []float64
	for i := range x {
		n = append(n, (1-x[i])/2, (1+x[i])/2)
		ws = append(ws, w[i]/2, w[i]/2)
	}
	return n, ws
}()

// bregmanNear checks Bregman(z + Δ, z) and Bregman(z, z + Δ) for
// ‖Δ‖ ≈ 10⁻⁶‖z‖ against quadrature of the integral form, and that both
// are positive.
func (s *suite) bregmanNear(rep report) {
	for _, z := range s.primal {
		v := s.direction(z)
		h, ok := s.step(s.p.CheckPrimal, z, v, 1e-6, 1)
		if !ok {
			rep("no step along %v stays in the domain at z = %v", v, z)
			continue
		}
		x := make([]float64, len(z))
		for i := range x {
			x[i] = z[i] + h*v[i]
		}
		for _, pr := range [][2][]float64{{x, z}, {z, x}} {
			a, b := pr[0], pr[1]
			got, want := s.p.Bregman(a, b), s.bregmanQuad(a, b)
			if !(got > 0) || !(math.Abs(got-want) <= s.tol.BregmanNear*want) {
				rep("D(x, z) = %v for ‖x − z‖ ≈ 1e-6‖z‖, quadrature of ∫⟨∇ψ(z+tΔ) − ∇ψ(z), Δ⟩ gives %v (relative error %.3g) at z = %v",
					got, want, math.Abs(got-want)/want, b)
			}
		}
	}
}

// bregmanQuad returns ∫₀¹ ⟨∇ψ(z + t(x−z)) − ∇ψ(z), x − z⟩ dt.
func (s *suite) bregmanQuad(x, z []float64) float64 {
	gz := s.grad(z)
	y := make([]float64, len(z))
	g := make([]float64, len(z))
	var sum float64
	for j, t := range glNodes {
		for i := range y {
			y[i] = z[i] + t*(x[i]-z[i])
		}
		s.p.Grad(g, y)
		var ip float64
		for i := range g {
			ip += (g[i] - gz[i]) * (x[i] - z[i])
		}
		sum += glWeights[j] * ip
	}
	return sum
}

// gradients compares ⟨Grad(x), v⟩ and ⟨GradStar(θ), w⟩ with fourth-order
// central differences of Value and Star.
func (s *suite) gradients(rep report) {
	for _, x := range s.primal {
		s.directional(rep, "∇ψ", s.p.CheckPrimal, s.p.Value, s.grad, x)
	}
	for _, th := range s.dual {
		s.directional(rep, "∇ψ*", s.p.CheckDual, s.p.Star, s.gradStar, th)
	}
}

func (s *suite) directional(rep report, name string, check func([]float64) error, f func([]float64) float64, grad func([]float64) []float64, x []float64) {
	v := s.direction(x)
	h, ok := s.fdStep(check, x, v)
	if !ok {
		rep("no finite-difference step along %v stays in the domain at %v", v, x)
		return
	}
	y := make([]float64, len(x))
	fs := func(t float64) float64 {
		for i := range y {
			y[i] = x[i] + t*v[i]
		}
		return f(y)
	}
	d, noise := fd(fs, h)
	g := grad(x)
	var want, abs float64
	for i := range g {
		want += g[i] * v[i]
		abs += math.Abs(g[i] * v[i])
	}
	if !(math.Abs(d-want) <= s.tol.Derivative*abs+noise) {
		rep("⟨%s, v⟩ = %v, finite difference %v (step %.3g) at %v, v = %v", name, want, d, h, x, v)
	}
}

// hessians checks HessDiag and HessStarDiag of a Separable potential against
// finite differences of Grad and GradStar, coordinate by coordinate, and
// HessStarDiag(∇ψ(x))·HessDiag(x) = 1.
func (s *suite) hessians(rep report) {
	if s.sp == nil || len(s.kernel) > 0 {
		return
	}
	for _, x := range s.primal {
		hd := make([]float64, s.d)
		s.sp.HessDiag(hd, x)
		th := s.grad(x)
		hs := make([]float64, s.d)
		s.sp.HessStarDiag(hs, th)
		for i := range x {
			if d := math.Abs(hs[i]*hd[i] - 1); !(d <= s.tol.Hessian*s.cond(th)) {
				rep("HessStarDiag(∇ψ(x))[%d]·HessDiag(x)[%d] = 1 %+.3g at x = %v", i, i, hs[i]*hd[i]-1, x)
			}
		}
		s.coordHess(rep, "HessDiag", s.p.CheckPrimal, s.p.Grad, hd, x)
		s.coordHess(rep, "HessStarDiag", s.p.CheckDual, s.p.GradStar, hs, th)
	}
	if s.cfg.Dual != nil {
		for _, th := range s.dual {
			hs := make([]float64, s.d)
			s.sp.HessStarDiag(hs, th)
			s.coordHess(rep, "HessStarDiag", s.p.CheckDual, s.p.GradStar, hs, th)
		}
	}
}

func (s *suite) coordHess(rep report, name string, check func([]float64) error, grad func(dst, x []float64), hess, x []float64) {
	y := append([]float64(nil), x...)
	g := make([]float64, len(x))
	nx := normInf(x)
	for i := range x {
		v := make([]float64, len(x))
		v[i] = math.Abs(x[i])
		if v[i] == 0 {
			v[i] = 1e-3 * math.Max(nx, 1e-300)
		}
		h, ok := s.fdStep(check, x, v)
		if !ok {
			rep("no finite-difference step for coordinate %d stays in the domain at %v", i, x)
			continue
		}
		fs := func(t float64) float64 {
			y[i] = x[i] + t*v[i]
			grad(g, y)
			y[i] = x[i]
			return g[i]
		}
		d, noise := fd(fs, h)
		d /= v[i]
		noise /= v[i]
		if !(math.Abs(d-hess[i]) <= s.tol.Derivative*math.Abs(hess[i])+noise) {
			rep("%s[%d] = %v, finite difference %v at %v", name, i, hess[i], d, x)
		}
	}
}

// edges checks finiteness at the edge and overflow points.
func (s *suite) edges(rep report) {
	for _, c := range []struct {
		pts           [][]float64
		dual, mayOver bool
	}{
		{s.cfg.EdgePrimal, false, false}, {s.cfg.OverflowPrimal, false, true},
		{s.cfg.EdgeDual, true, false}, {s.cfg.OverflowDual, true, true},
	} {
		for _, pt := range c.pts {
			check, kind := s.p.CheckPrimal, "CheckPrimal"
			if c.dual {
				check, kind = s.p.CheckDual, "CheckDual"
			}
			if err := check(pt); err != nil {
				rep("%s rejects the edge point %v listed as domain-valid: %v", kind, pt, err)
				continue
			}
			if c.dual {
				s.finiteStarAt(rep, pt, c.mayOver)
			} else {
				s.finiteAt(rep, pt, "x", c.mayOver)
			}
		}
	}
	// Bregman divergences between edge, overflow and sample points.
	pts := append(append(append([][]float64{}, s.cfg.EdgePrimal...), s.cfg.OverflowPrimal...), s.primal[:min(2, len(s.primal))]...)
	for _, x := range pts {
		for _, z := range pts {
			if len(x) != s.d || len(z) != s.d {
				continue
			}
			if D := s.p.Bregman(x, z); !(D >= 0) {
				rep("D(x, z) = %v, want ≥ 0 (or +Inf on overflow) at x = %v, z = %v", D, x, z)
			}
		}
	}
}

// finiteAt checks the primal-side methods at x: the mirror map and the
// Hessian are finite, Value is finite (or may be +Inf if mayOver), D(x, x)
// = 0, and ∇ψ*(∇ψ(x)) is not NaN.
func (s *suite) finiteAt(rep report, x []float64, name string, mayOver bool) {
	ok := func(v float64) bool { return !math.IsNaN(v) && (mayOver || !math.IsInf(v, 0)) }
	if v := s.p.Value(x); !ok(v) || math.IsInf(v, -1) {
		rep("ψ(%s) = %v at %s = %v", name, v, name, x)
	}
	th := s.grad(x)
	if !allFinite(th) {
		rep("∇ψ(%s) = %v is not finite at %s = %v", name, th, name, x)
		return
	}
	if err := s.p.CheckDual(th); err != nil {
		rep("CheckDual rejects ∇ψ(%s) at %s = %v: %v", name, name, x, err)
	}
	if v := s.gradStar(th); anyNaN(v) {
		rep("∇ψ*(∇ψ(%s)) = %v at %s = %v", name, v, name, x)
	}
	if d := s.p.Bregman(x, x); d != 0 {
		rep("D(%s, %s) = %v, want 0 at %s = %v", name, name, d, name, x)
	}
	if s.sp != nil {
		h := make([]float64, len(x))
		s.sp.HessDiag(h, x)
		for _, v := range h {
			if !ok(v) {
				rep("HessDiag(%s) = %v at %s = %v", name, h, name, x)
				break
			}
		}
	}
}

// finiteStarAt checks the dual-side methods at θ.
func (s *suite) finiteStarAt(rep report, th []float64, mayOver bool) {
	ok := func(v float64) bool { return !math.IsNaN(v) && (mayOver || !math.IsInf(v, 0)) }
	if v := s.p.Star(th); !ok(v) || math.IsInf(v, -1) {
		rep("ψ*(θ) = %v at θ = %v", v, th)
	}
	x := s.gradStar(th)
	if !allFinite(x) {
		rep("∇ψ*(θ) = %v is not finite at θ = %v", x, th)
	}
	if s.sp != nil {
		h := make([]float64, len(th))
		s.sp.HessStarDiag(h, th)
		for _, v := range h {
			if !ok(v) {
				rep("HessStarDiag(θ) = %v at θ = %v", h, th)
				break
			}
		}
	}
}

// invalid checks that the listed unusable values are refused without a
// panic.
func (s *suite) invalid(rep report) {
	for k, q := range s.cfg.Invalid {
		func() {
			defer func() {
				if r := recover(); r != nil {
					rep("Invalid[%d] (%T) panics: %v", k, q, r)
				}
			}()
			v, ok := q.(implicitbias.Validator)
			if !ok {
				rep("Invalid[%d] (%T) does not implement implicitbias.Validator", k, q)
				return
			}
			if err := v.Validate(); err == nil || !errors.Is(err, implicitbias.ErrInvalidInput) {
				rep("Invalid[%d] (%T): Validate() = %v, want an error wrapping ErrInvalidInput", k, q, err)
			}
			if err := q.CheckPrimal(s.primal[0]); err == nil {
				rep("Invalid[%d] (%T): CheckPrimal accepts a point", k, q)
			}
			if err := q.CheckDual(s.dual[0]); err == nil {
				rep("Invalid[%d] (%T): CheckDual accepts a point", k, q)
			}
			_ = q.String()
		}()
	}
}

// direction returns a direction at x (Config.Direction or the default
// relative perturbation, orthogonal to Kernel).
func (s *suite) direction(x []float64) []float64 {
	if s.cfg.Direction != nil {
		return s.cfg.Direction(s.rng, x)
	}
	v := make([]float64, len(x))
	nx := normInf(x)
	for i, xi := range x {
		a := math.Abs(xi)
		if a == 0 {
			a = 1e-3 * nx
		}
		v[i] = s.rng.NormFloat64() * a
	}
	s.dropKernel(v)
	return v
}

// dropKernel removes from v its component in span(Kernel).
func (s *suite) dropKernel(v []float64) {
	for _, b := range s.kernel {
		axpy(v, -dot(v, b), b)
	}
}

// step returns the largest h = h0·2⁻ᵏ (k < 60) with x + t·v in the domain
// (as check decides) for t = ±m·h and t = h.
func (s *suite) step(check func([]float64) error, x, v []float64, h0, m float64) (float64, bool) {
	y := make([]float64, len(x))
	for h := h0; h > h0*0x1p-60; h /= 2 {
		in := true
		for _, t := range []float64{m * h, -m * h, h} {
			for i := range y {
				y[i] = x[i] + t*v[i]
			}
			if check(y) != nil {
				in = false
				break
			}
		}
		if in {
			return h, true
		}
	}
	return 0, false
}

// fdStep returns a step h ≤ 10⁻³ such that x + t·v is in the domain for
// |t| ≤ 16h, so that the stencil of fd stays well inside it.
func (s *suite) fdStep(check func([]float64) error, x, v []float64) (float64, bool) {
	return s.step(check, x, v, 1e-3, 16)
}

// fd returns a sixth-order estimate of the derivative of f at 0: the
// Richardson extrapolation (16·D(h/2) − D(h))/15 of the fourth-order central
// differences D, which removes their h⁴ error term, so that points closer to
// the edge of the domain than the step (which only keeps the stencil inside)
// still give an accurate reference. noise bounds its rounding error,
// 20·eps·max|f|/h per difference (each value carries a few ulps; the stencil
// weights sum to 18/12), amplified by the 31/15 of the extrapolation.
func fd(f func(float64) float64, h float64) (d, noise float64) {
	d1, n1 := fd4(f, h)
	d2, n2 := fd4(f, h/2)
	return (16*d2 - d1) / 15, (16*n2 + n1) / 15
}

// fd4 returns the fourth-order central difference of f at 0 with step h and
// a bound on its rounding noise.
func fd4(f func(float64) float64, h float64) (d, noise float64) {
	a, b, c, e := f(-2*h), f(-h), f(h), f(2*h)
	d = (a - 8*b + 8*c - e) / (12 * h)
	m := math.Max(math.Max(math.Abs(a), math.Abs(b)), math.Max(math.Abs(c), math.Abs(e)))
	return d, 20 * 0x1p-52 * m / h
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func axpy(y []float64, a float64, x []float64) {
	for i := range y {
		y[i] += a * x[i]
	}
}

func normInf(x []float64) float64 {
	var m float64
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

func allFinite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func anyNaN(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) {
			return true
		}
	}
	return false
}
