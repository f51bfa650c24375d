package signdescent

// Tests added by an independent mutation review. Each one names the wrong
// formula (the mutant) it rejects; the comparisons are written as
// !(err <= tol) so that a NaN fails them.

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Φ(β) = ⅔Σ(|βᵢ| + vᵢ²)^{3/2} at a point where every |βᵢ| + vᵢ² is a
// perfect square, computed by hand: with v = (0.6, 0, 0.8) and
// β = (0.64, −4, −0.36), |β| + v² = (1, 4, 1), so Φ = ⅔(1 + 8 + 1) = 20/3
// and ∇Φ = (1, −2, −1). ∇Φ* is flat (zero) on |θᵢ| ≤ vᵢ and equals
// sgn(θᵢ)(θᵢ² − vᵢ²) outside. The tolerance is a few ulps of the values.
// Rejects: |β| − v² in Value (the old TestPotential compares a NaN there and
// passes), and ∇Φ* without the max(·, 0) clamp.
func TestMutationPotentialClosedForm(t *testing.T) {
	phi, err := NewPotential([]float64{0.6, 0, -0.8}) // Φ depends on v² only
	if err != nil {
		t.Fatal(err)
	}
	beta := []float64{0.64, -4, -0.36}
	if got := phi.Value(beta); !(math.Abs(got-20.0/3) <= 1e-14) {
		t.Errorf("Φ(β) = %v, want 20/3", got)
	}
	g := make([]float64, 3)
	phi.Grad(g, beta)
	for i, w := range []float64{1, -2, -1} {
		if !(math.Abs(g[i]-w) <= 1e-15) {
			t.Errorf("∇Φ(β)_%d = %v, want %v", i, g[i], w)
		}
	}
	back := make([]float64, 3)
	// Inside the flat part: |0.5| < 0.6, |−0.3| < 0.8; outside: 1.5 → 2.25.
	phi.GradStar(back, []float64{0.5, 1.5, -0.3})
	for i, w := range []float64{0, 2.25, 0} {
		if !(math.Abs(back[i]-w) <= 1e-15) {
			t.Errorf("∇Φ*(θ)_%d = %v, want %v", i, back[i], w)
		}
	}
	phi.GradStar(back, []float64{1, -2, -1})
	for i := range beta {
		if !(math.Abs(back[i]-beta[i]) <= 1e-15) {
			t.Errorf("∇Φ*(∇Φ(β))_%d = %v, want %v", i, back[i], beta[i])
		}
	}
}

// boundsProblem has two blocks of two coordinates, the larger |xᵢ| second
// in block 0 and |y| ≠ 1 of both signs, so that a wrong power of |y|, a
// swapped big/small coordinate or a dropped |·| shows. Assumptions 3.2,
// 3.3 and 3.8 hold for α = 0.1, ε = 0.01 (EpsRange is 0.0222).
func boundsProblem(tb testing.TB) *Problem {
	tb.Helper()
	X := mat.NewDense(2, 4, []float64{0.6, -1.2, 0, 0, 0, 0, 1, 0.5})
	p, err := NewProblem(X, mat.NewVecDense(2, []float64{-2.5, 1}))
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// mBounds transcribes M₊ and M₋ of App. B.1 (Theorem 3.9) of Wang and
// Klabjan (UAI 2025) independently of bounds.go: θ from atan2, every power
// through math.Pow.
func mBounds(xBig, xSmall, y, alpha, eps float64) (mp, mm float64) {
	lam := xBig*xBig + xSmall*xSmall
	th := math.Atan2(math.Abs(xSmall), math.Abs(xBig))
	c, s := math.Cos(th), math.Sin(th)
	ay := math.Abs(y)
	mp = (c - s) * (math.Pow(lam, -0.25)*math.Pow(ay, 0.5) - math.Sqrt2*eps/(4*math.Pow(lam, 0.5)*ay))
	mm = (c-s)*(math.Pow(2*lam, -0.25)*math.Pow(ay, 0.5)-alpha) -
		2*math.Sqrt(2*eps/(math.Pow(lam, 0.75)*s*math.Pow(ay, 0.5))) -
		3*math.Sqrt2*eps/(math.Pow(lam, 0.5)*math.Abs(s*y))*math.Log(math.Pow(lam, 0.25)*s*math.Pow(ay, 1.5)/(math.Sqrt2*eps))
	return mp, mm
}

// Theorem 3.9 / Corollaries 3.11–3.12 on data with |y| ≠ 1: M± agree with
// the transcription mBounds to 1e-12 (rounding of pow/log on O(1) values),
// the big coordinate of block 0 is the second one, DeltaBound is
// Σ max(|M₊|, |M₋|) and LinearBound is Σ M₊. Rejects: |y| instead of
// |y|^{3/2} inside the logarithm of M₋ (invisible at |y| = 1, the only
// data of TestTheoremBoundsValues).
func TestMutationBoundsGeneralY(t *testing.T) {
	p := boundsProblem(t)
	const alpha, eps = 0.1, 0.01
	bs, err := TheoremBounds(p, alpha, eps)
	if err != nil {
		t.Fatal(err)
	}
	if bs[0].Big != 1 || bs[0].Small != 0 || bs[1].Big != 2 || bs[1].Small != 3 {
		t.Errorf("big/small coordinates: %+v %+v", bs[0], bs[1])
	}
	wantP0, wantM0 := mBounds(-1.2, 0.6, -2.5, alpha, eps)
	wantP1, wantM1 := mBounds(1, 0.5, 1, alpha, eps)
	for n, w := range [][2]float64{{wantP0, wantM0}, {wantP1, wantM1}} {
		if !(math.Abs(bs[n].MPlus-w[0]) <= 1e-12 && math.Abs(bs[n].MMinus-w[1]) <= 1e-12) {
			t.Errorf("block %d: M₊ = %v, M₋ = %v; want %v, %v", n, bs[n].MPlus, bs[n].MMinus, w[0], w[1])
		}
	}
	wantDB := math.Max(math.Abs(wantP0), math.Abs(wantM0)) + math.Max(math.Abs(wantP1), math.Abs(wantM1))
	if got := DeltaBound(bs); !(math.Abs(got-wantDB) <= 1e-12) {
		t.Errorf("DeltaBound = %v, want %v", got, wantDB)
	}
	if got := LinearBound(bs); !(math.Abs(got-(wantP0+wantP1)) <= 1e-12) {
		t.Errorf("LinearBound = %v, want %v", got, wantP0+wantP1)
	}
	// M₊ is affine in ε with slope −(c − s)√2/(4λ^{1/2}|y|) (Cor. 3.10).
	bs2, err := TheoremBounds(p, alpha, 2*eps)
	if err != nil {
		t.Fatal(err)
	}
	lam := 1.8
	c, s := 1.2/math.Sqrt(lam), 0.6/math.Sqrt(lam)
	slope := -(c - s) * math.Sqrt2 / (4 * math.Sqrt(lam) * 2.5)
	if got := (bs2[0].MPlus - bs[0].MPlus) / eps; !(math.Abs(got-slope) <= 1e-9) {
		t.Errorf("dM₊/dε = %v, want %v", got, slope)
	}
}

// Assumption 3.3, inequality (19): α ≤ ⅓√(|y|/(2Σ|x_k|)). For x = (1, −0.5),
// y = 1 that is ⅓√(1/3) = 0.19245…: α = 0.1924 is admissible, α = 0.1925
// is not, and the error says no ε is admissible. Rejects ⅓ → ½ and 2Σ → Σ
// in alphaMax (both move the limit beyond 0.27).
func TestMutationAlphaMax(t *testing.T) {
	p := fig2Problem(t)
	if _, err := EpsRange(p, 0.1924); err != nil {
		t.Errorf("α = 0.1924 (< 0.19245) is admissible: %v", err)
	}
	_, err := EpsRange(p, 0.1925)
	var ae *AssumptionError
	if !errors.As(err, &ae) || ae.Assumption != "3.3" || !math.IsNaN(ae.EpsMax) {
		t.Errorf("α = 0.1925 (> 0.19245): got %v, want an AssumptionError 3.3 with no admissible ε", err)
	}
	// |y| = 4, Σ = 1.5: the limit is ⅓√(4/3) = 0.3849.
	p4, err := NewProblem(mat.NewDense(1, 2, []float64{1, -0.5}), mat.NewVecDense(1, []float64{-4}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := EpsRange(p4, 0.3848); err != nil {
		t.Errorf("y = −4, α = 0.3848: %v", err)
	}
	if _, err := EpsRange(p4, 0.385); !errors.As(err, &ae) {
		t.Errorf("y = −4, α = 0.385: got %v, want an AssumptionError", err)
	}
}

// Depth H = 3 before convergence: the flow ẇ = −∇_wL/(|∇_wL| + ε) and the
// discrete method with a small step agree along the way, not only at the
// limit (a mutant that multiplies the velocity by a constant, e.g.
// (H+1)/(H−1) instead of H/(H−1) in the log-weight right-hand side, is a
// time change with the same limit, and TestDepthFlowMatchesDescent, which
// compares limits only, lets it through). At t = 0.05 the weights have
// moved by ≈ 0.05; Euler with η = 1e-5 is within O(η) ≈ 1e-5 of the flow,
// so 1e-4 separates the two by two orders of magnitude from the 4/3 error.
func TestMutationDepthFlowTransient(t *testing.T) {
	p := fig2Problem(t)
	m := Model{Alpha: 0.1, Eps: 0.002, Depth: 3}
	const T, eta = 0.05, 1e-5
	fl := mustFlow(t, p, m, FlowSettings{T: T, Method: DormandPrince})
	r, err := Descent(p, m, DescentSettings{Step: eta, MaxIter: int(math.Round(T / eta))})
	if r == nil {
		t.Fatal(err)
	}
	var moved, gap float64
	for k := range fl.Final {
		moved = math.Max(moved, math.Abs(fl.Final[k]-0.1))
		gap = math.Max(gap, math.Abs(fl.Final[k]-r.Final[k]))
	}
	if !(gap <= 1e-4) || !(moved >= 1e-2) {
		t.Errorf("t = %g: flow %v, descent %v (gap %g, moved %g)", T, fl.Final, r.Final, gap, moved)
	}
}

// T0 is "the first time with maxᵢ |∇_vL|ᵢ ≤ ε" (Prop. 3.5): when that holds
// with equality at t = 0 it is 0. At w = α·1, β = 0 and ∇_{v}Lᵢ =
// −2α·½xᵢ(0 − y) has |·| = α|xᵢy|; with x = (1, −0.5), y = 1 and
// α = ε = 0.25 the maximum is exactly ε in floating point (powers of 2, and
// exp(log 0.25) == 0.25, which fails for 0.125: the flow runs in log w).
// Rejects a strict < in the t = 0 test of firstHits (T0 would be NaN: the
// event function starts at 0 and a falling crossing needs a positive start).
func TestMutationStageStartsAtZero(t *testing.T) {
	tr := mustFlow(t, fig2Problem(t), Model{Alpha: 0.25, Eps: 0.25}, FlowSettings{T: 0.5, Method: DormandPrince})
	if tr.T0 != 0 {
		t.Errorf("T0 = %v, want 0 (max|∇_vL| = ε at t = 0)", tr.T0)
	}
}

// Assumption 3.3 is a pair of non-strict inequalities (18)–(19), so the
// admissible set of ε is the closed interval [0, EpsRange]: ε = EpsRange
// itself passes CheckAssumptions, whether (19) sets the end (α = 0.1 on the
// Fig. 2 data) or (18) does (α = 0.19). Rejects ≥ for > in either test.
func TestMutationEpsRangeIsClosed(t *testing.T) {
	p := fig2Problem(t)
	for _, alpha := range []float64{0.1, 0.19} {
		epsMax, err := EpsRange(p, alpha)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckAssumptions(p, alpha, epsMax); err != nil {
			t.Errorf("α = %g: ε = EpsRange = %v is admissible, got %v", alpha, epsMax, err)
		}
	}
}
