package reparam

// Tests added by an independent mutation review. Each one names the wrong
// formula (the mutant) it rejects; comparisons are written as !(err <= tol)
// so that a NaN fails them.

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// Depth-2 diagonal network from a general start (u₀, v₀), u₀ᵢv₀ᵢ ≠ 0: the
// gradient flow u̇ = −2u⊙g, v̇ = 2v⊙g keeps cᵢ = u₀ᵢv₀ᵢ and gives
// βᵢ = 2cᵢ sinh(2sᵢ + ln(u₀ᵢ/v₀ᵢ)) with sᵢ = −2∫gᵢ, while the mirror flow
// needs d/dt ∇Φ(β) = −g = ṡ/2. Hence (Woodworth et al., COLT 2020; Azulay
// et al., ICML 2021, for u₀ ≠ v₀)
//
//	∇Φ(β)ᵢ = ¼[arcsinh(βᵢ/(2|cᵢ|)) − arcsinh(β₀ᵢ/(2|cᵢ|))],  β₀ = u₀² − v₀²,
//
// re-derived here and compared at three points per coordinate, with
// Φ(β₀) = 0 (Φ is the Bregman divergence from β₀). Tolerance: a few ulps of
// arcsinh of O(1) arguments. Rejects β₀ = u₀² + v₀² as the reference point
// of the closed form (TestCompareFlows starts the mirror flow at β₀ itself,
// where a constant shift of ∇Φ cancels).
func TestMutationDiagonalMapPotentialGeneralStart(t *testing.T) {
	u0, v0 := []float64{1.2, -0.3, 0.7}, []float64{0.5, 0.9, -0.4}
	g, err := NewDiagonalMap(2, 3)
	if err != nil {
		t.Fatal(err)
	}
	pot, err := g.MirrorPotential(append(append([]float64(nil), u0...), v0...))
	if err != nil {
		t.Fatal(err)
	}
	beta0 := make([]float64, 3)
	for i := range beta0 {
		beta0[i] = u0[i]*u0[i] - v0[i]*v0[i]
	}
	if v := pot.Value(beta0); !(math.Abs(v) <= 1e-15) {
		t.Errorf("Φ(β₀) = %v, want 0", v)
	}
	grad := make([]float64, 3)
	for _, shift := range []float64{-1.5, 0, 2.25} {
		beta := make([]float64, 3)
		for i := range beta {
			beta[i] = beta0[i] + shift
		}
		pot.Grad(grad, beta)
		for i := range beta {
			c := math.Abs(u0[i] * v0[i])
			want := 0.25 * (math.Asinh(beta[i]/(2*c)) - math.Asinh(beta0[i]/(2*c)))
			if !(math.Abs(grad[i]-want) <= 1e-14) {
				t.Errorf("β = β₀ + %g: ∇Φ_%d = %.16g, want %.16g", shift, i, grad[i], want)
			}
		}
	}
}

// ProjectCommuting refuses a slightly non-commuting map. The quadratic map
// G(x) = (½xᵀA₁x, ½xᵀA₂x) with A₁ = diag(1, 2) and A₂ = diag(3, 1) + δ·[[0, 1],
// [1, 0]] has a bracket ±(A₂A₁ − A₁A₂)x = ±δ(x₂, −x₁), of norm δ‖x‖: for
// δ = 1e-3 at x₀ = (1, 1) the normalised score is ≈ 5e-4, far above the
// finite-difference noise of the bracket (~1e-9) and the documented
// threshold MaxCommutingBracket = 1e-6, far below a loose threshold such as
// 1e-1 (a mutant). The mirror-flow equivalence of Li et al. (NeurIPS 2022,
// Thm. 4.8) needs commuting ∇Gᵢ exactly, so any clearly non-zero bracket
// must be refused.
func TestMutationProjectCommutingRefusesSmallBracket(t *testing.T) {
	const delta = 1e-3
	a1 := mat.NewSymDense(2, []float64{1, 0, 0, 2})
	a2 := mat.NewSymDense(2, []float64{3, delta, delta, 1})
	g, err := NewQuadraticMap([]*mat.SymDense{a1, a2})
	if err != nil {
		t.Fatal(err)
	}
	x0 := mat.NewVecDense(2, []float64{1, 1})
	br, err := BracketScore(g, mat.NewDense(1, 2, []float64{1, 1}))
	if err != nil || !(br.Score > 1e-4 && br.Score < 1e-3) {
		t.Fatalf("bracket score %v (%v), want ≈ 5e-4", br.Score, err)
	}
	Z := mat.NewDense(1, 2, []float64{1, 1})
	_, err = ProjectCommuting(g, Z, mat.NewVecDense(1, []float64{3}), x0, nil)
	if !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("non-commuting map (score %.3g): err = %v, want ErrInvalidInput", br.Score, err)
	}
}

// rampMap is G(x) = (x₀, x₁ + r(x₀)) with r(s) = max(0, s − 1)³: its
// gradients (1, 0) and (r′(x₀), 1) commute where x₀ ≤ 1 (the bracket is
// (r″(x₀), 0)) and do not where x₀ > 1.
type rampMap struct{}

func (rampMap) Dims() (int, int) { return 2, 2 }
func (rampMap) Map(dst, x []float64) {
	r := math.Max(0, x[0]-1)
	dst[0], dst[1] = x[0], x[1]+r*r*r
}
func (rampMap) Jacobian(dst *mat.Dense, x []float64) {
	r := math.Max(0, x[0]-1)
	dst.Set(0, 0, 1)
	dst.Set(0, 1, 0)
	dst.Set(1, 0, 3*r*r)
	dst.Set(1, 1, 1)
}

// ProjectCommuting checks the bracket at the solution too ("commuting along
// the path", Li et al., NeurIPS 2022): from x₀ = (0.2, 0.3), where rampMap
// commutes on a neighbourhood of radius 0.8, the constraint G₀ = x₀ = 2 is
// reached at x = (2, 0.3), where the bracket is (r″(2), 0) = (6, 0). The
// start passes the check, the end must not. Rejects keeping the smaller of
// the start and end scores.
func TestMutationProjectCommutingChecksTheEnd(t *testing.T) {
	x0 := mat.NewVecDense(2, []float64{0.2, 0.3})
	Z := mat.NewDense(1, 2, []float64{1, 0})
	_, err := ProjectCommuting(rampMap{}, Z, mat.NewVecDense(1, []float64{2}), x0, nil)
	if !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("end point outside the commuting region: err = %v, want ErrInvalidInput", err)
	}
	// Inside the region (G₀ = 0.5) the same map is accepted and exact.
	res, err := ProjectCommuting(rampMap{}, Z, mat.NewVecDense(1, []float64{0.5}), x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := res.Weights.RawVector().Data; !(math.Abs(w[0]-0.5) <= 1e-10 && math.Abs(w[1]-0.3) <= 1e-10) {
		t.Errorf("weights %v, want (0.5, 0.3)", w)
	}
}

// Every Jacobian is the derivative of its Map: ∂G agrees with central
// differences of G (step 1e-6 on O(1) weights: truncation ~1e-12·‖G‴‖,
// rounding ~1e-10, hence 1e-7 relative). Covers the maps no other test
// differentiates (W = UVᵀ, w = a·b, the quadratic and arc-length maps) as
// well as the closed-form families. Rejects e.g. a factor 2 on the U-entries
// of the Jacobian of UVᵀ, which changes the flow but not the
// non-commutation that TestBracketScores and TestReexpression look at.
func TestMutationJacobiansAreDerivatives(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	type named struct {
		name string
		g    Parametrization
		pos  bool // needs positive weights
	}
	var gs []named
	for _, f := range cmFamilies(t, 3) {
		gs = append(gs, named{f.name, f.g, true})
	}
	sv, _ := NewScaledVectorMap(3)
	uv, _ := NewMatrixProductMap(2, 3, 2)
	comm, non := cmQuadratics(t)
	arc, err := NewArcLengthMap(func(w float64) float64 { return 1 / w }, 1, 0, math.Inf(1), 3)
	if err != nil {
		t.Fatal(err)
	}
	gs = append(gs, named{"a·b", sv, false}, named{"UVᵀ", uv, false}, named{"quadratic (commuting)", comm, false},
		named{"quadratic", non, false}, named{"arc length of the entropy", arc, false})
	const h = 1e-6
	for _, n := range gs {
		D, d := n.g.Dims()
		x := make([]float64, D)
		for i := range x {
			x[i] = rng.NormFloat64()
			if n.pos {
				x[i] = math.Exp(0.3 * x[i])
			}
		}
		J := mat.NewDense(d, D, nil)
		n.g.Jacobian(J, x)
		gp, gm := make([]float64, d), make([]float64, d)
		for k := 0; k < D; k++ {
			xp := append([]float64(nil), x...)
			xm := append([]float64(nil), x...)
			xp[k] += h
			xm[k] -= h
			n.g.Map(gp, xp)
			n.g.Map(gm, xm)
			for i := 0; i < d; i++ {
				fd := (gp[i] - gm[i]) / (2 * h)
				if !(math.Abs(J.At(i, k)-fd) <= 1e-7*(1+math.Abs(fd))) {
					t.Errorf("%s: ∂G_%d/∂x_%d = %.10g, central difference %.10g", n.name, i, k, J.At(i, k), fd)
				}
			}
		}
	}
}

// The asinh potential's Bregman divergence, a·Σ D(xᵢ, zᵢ) with
// D(x, z) = ∫_z^x (x − s)/√(s² + b²) ds (Taylor's formula with integral
// remainder, Φ″(s) = a/√(s² + b²)), evaluated here by composite Simpson with
// 20000 panels on a smooth integrand: relative error ~1e-15, with no
// cancellation however close x is to z. The pairs span
// d = arcsinh(z/b) − arcsinh(x/b) from 0.005 to 3, both branches of the
// implementation (|d| ≤ 1 and > 1) and the small-d series of sinh d − d.
// Tolerance 1e-12 relative. Rejects the series of sinh d − d used up to
// |d| = 1 (truncation ~1e-9 there) and the exp branch used for small d
// (cancellation of O(√(x² + b²)) terms).
func TestMutationAsinhBregmanAccuracy(t *testing.T) {
	const a, b = 0.25, 1.3
	simpson := func(x, z float64) float64 {
		const n = 20000
		f := func(s float64) float64 { return (x - s) / math.Hypot(s, b) }
		hh := (x - z) / n
		sum := f(z) + f(x)
		for i := 1; i < n; i++ {
			w := 2.0
			if i%2 == 1 {
				w = 4
			}
			sum += w * f(z+float64(i)*hh)
		}
		return sum * hh / 3
	}
	pot, err := NewAsinhPotential(a, []float64{b}, []float64{0})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ x, d float64 }{{0.7, 0.005}, {-2, 0.05}, {1.1, 0.5}, {1, 0.9}, {-0.4, -0.95}, {2, 3}, {-3, -2}} {
		z := b * math.Sinh(math.Asinh(c.x/b)+c.d)
		want := a * simpson(c.x, z)
		got := pot.Bregman([]float64{c.x}, []float64{z})
		if !(math.Abs(got-want) <= 1e-12*want) {
			t.Errorf("D(x = %g, z = %g) (d = %g): %.16g, want %.16g (rel. error %.2g)", c.x, z, c.d, got, want, math.Abs(got/want-1))
		}
	}
}

// sineMap is G(x) = (x₀, x₁ + sin x₀): ∇G₀ = (1, 0), ∇G₁ = (cos x₀, 1), and
// the Lie bracket of the two gradient fields is
// [∇G₀, ∇G₁] = D∇G₁·∇G₀ − D∇G₀·∇G₁ = (−sin x₀, 0) — not polynomial, so a
// finite-difference bracket is not exact.
type sineMap struct{}

func (sineMap) Dims() (int, int) { return 2, 2 }
func (sineMap) Map(dst, x []float64) {
	dst[0], dst[1] = x[0], x[1]+math.Sin(x[0])
}
func (sineMap) Jacobian(dst *mat.Dense, x []float64) {
	dst.Set(0, 0, 1)
	dst.Set(0, 1, 0)
	dst.Set(1, 0, math.Cos(x[0]))
	dst.Set(1, 1, 1)
}

// LieBracket on a non-polynomial map against its closed form (up to the
// sign convention, ‖·‖ and direction are checked): the central difference
// with step ~1e-5 is accurate to ~1e-10; 1e-8 leaves that margin.
// Rejects a step of 1e-2 (error ~1e-5), which the quadratic and
// diagonal maps of the other tests difference exactly.
func TestMutationLieBracketNonPolynomial(t *testing.T) {
	for _, x0 := range []float64{0.3, 1.2, -2.5} {
		x := mat.NewVecDense(2, []float64{x0, 0.7})
		br := make([]float64, 2)
		if err := LieBracket(br, sineMap{}, x, 0, 1); err != nil {
			t.Fatal(err)
		}
		want := -math.Sin(x0)
		if !(math.Abs(math.Abs(br[0])-math.Abs(want)) <= 1e-8 && math.Abs(br[1]) <= 1e-8) {
			t.Errorf("x₀ = %g: bracket %v, want ±(%v, 0)", x0, br, want)
		}
	}
}

// DiagonalNet.MirrorPotential has a closed form only from u = v = α·1
// (Woodworth et al., COLT 2020); a net with u = α·1 but v ≠ α·1 must be
// refused. Rejects checking u alone.
func TestMutationMirrorPotentialNeedsBothUniform(t *testing.T) {
	net, err := NewDiagonalNet(2, mat.NewVecDense(2, []float64{0.1, 0.1}), mat.NewVecDense(2, []float64{0.1, 0.3}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.MirrorPotential(); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("u = 0.1·1, v = (0.1, 0.3): err = %v, want ErrInvalidInput", err)
	}
}

// wrongPotentialMap is the depth-2 diagonal map with the potential of
// twice its initial scale: a deliberately wrong closed form.
type wrongPotentialMap struct{ *DiagonalMap }

func (g wrongPotentialMap) MirrorPotential(x0 []float64) (ib.Potential, error) {
	return DiagonalPotential(2, 2*x0[0])
}

// CompareFlows is a checker, so it must be able to fail: with the
// potential of scale 2α instead of α (its Hessian 4× smaller near 0) the
// mirror flow leaves the gradient flow, and MaxDeviation is the largest
// coordinate gap over the sampled times, recomputed here from the two
// trajectories it returns (equality to rounding; the gap is O(0.1)).
// Rejects a MaxDeviation that is not a maximum (e.g. a running min, which
// is 0 from the first sample on, where both flows start at G(x₀)).
func TestMutationCompareFlowsDetectsAWrongPotential(t *testing.T) {
	const d = 4
	_, _, ls := cmProblem(t, 2, d, 3)
	dm, err := NewDiagonalMap(2, d)
	if err != nil {
		t.Fatal(err)
	}
	x0 := make([]float64, 2*d)
	for i := range x0 {
		x0[i] = 0.3
	}
	cmp, err := CompareFlows(wrongPotentialMap{dm}, ls, mat.NewVecDense(2*d, x0), ib.FlowSettings{T: 5, Times: []float64{0, 1, 2, 5}})
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	rows, cols := cmp.Weights.X.Dims()
	for k := 0; k < rows; k++ {
		for i := 0; i < cols; i++ {
			want = math.Max(want, math.Abs(cmp.Weights.X.At(k, i)-cmp.Mirror.X.At(k, i)))
		}
	}
	if !(want >= 1e-2) || !(math.Abs(cmp.MaxDeviation-want) <= 1e-15) {
		t.Errorf("wrong potential: MaxDeviation %v, recomputed %v (want ≥ 1e-2 and equal)", cmp.MaxDeviation, want)
	}
}
