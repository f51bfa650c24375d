package exercises

import (
	"errors"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
	"github.com/implicitbias/course/lib/implicitbias/reparam"
)

// The tests below re-run the experiments of notebooks/02-diagonal-networks.ipynb
// at its parameters and assert the tolerances its Checks tables print, so that
// every claim of the chapter is guarded by a test that can fail.

func ch02RelDist(a, b mat.Vector) float64 {
	z := mat.Col(nil, 0, b)
	return floats.Distance(mat.Col(nil, 0, a), z, 2) / floats.Norm(z, 2)
}

func ch02LogGrid(hi, lo float64, count int) []float64 {
	g := floats.Span(make([]float64, count), hi, lo)
	for i, e := range g {
		g[i] = math.Pow(10, e)
	}
	return g
}

// silence redirects stdout (the check functions' Report lines) for the
// duration of a test.
func silence(t *testing.T) {
	t.Helper()
	old := os.Stdout
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout = f
	t.Cleanup(func() { os.Stdout = old; f.Close() })
}

// Experiment A: GF on (u, v) and mirror flow with ψ_α are two different ODEs
// for the same curve β(t); on the same RK4 grid they differ by RK4's error
// only. The tolerances are the notebook's, with the step
// h = 2.5e-3 at α = 1 explained in the chapter.
func TestCh02FlowIsMirrorFlow(t *testing.T) {
	A, _, y := ch02Problem()
	ls, err := ib.NewLeastSquares(A, y)
	if err != nil {
		t.Fatal(err)
	}
	zero := mat.NewVecDense(ch02D, nil)
	maxGap := map[[2]float64]float64{}
	for _, c := range [][3]float64{{0.1, 1e-2, 500}, {1, 2.5e-3, 30}, {1, 1e-2, 30}} {
		alpha, h, T := c[0], c[1], c[2]
		steps := int(math.Round(T / h))
		var times []float64
		for k := 0; k <= 50; k++ {
			times = append(times, h*math.Round(T*float64(k)/50/h))
		}
		s := ib.FlowSettings{T: T, Times: times, Method: ib.RK4Flow, Steps: steps}
		net, err := reparam.NewUniformDiagonalNet(2, ch02D, alpha)
		if err != nil {
			t.Fatal(err)
		}
		gf, err := reparam.DiagonalFlow(net, ls, s)
		if err != nil {
			t.Fatal(err)
		}
		pot, err := ib.NewHypentropy(alpha)
		if err != nil {
			t.Fatal(err)
		}
		mf, err := ib.MirrorFlow(pot, ls, zero, s)
		if err != nil {
			t.Fatal(err)
		}
		g := 0.0
		for k := 1; k < len(times); k++ {
			g = math.Max(g, ch02RelDist(gf.X.RowView(k), mf.X.RowView(k)))
		}
		maxGap[[2]float64{alpha, h}] = g
		if h == 1e-2 && alpha == 1 {
			// The step h = 1e-2, too coarse at α = 1: the chapter says RK4's own
			// error is "about 2e-8", above the 1e-9 target.
			if !(g >= 1e-8) || !(g <= 4e-8) {
				t.Errorf("α=1 h=1e-2: max gap %.3g, the chapter says about 2e-8", g)
			}
			continue
		}
		if !(g <= 1e-9) {
			t.Errorf("α=%g h=%g: max trajectory gap %.3g > 1e-9", alpha, h, g)
		}
		cons := 0.0
		for j := 0; j < ch02D; j++ {
			cons = math.Max(cons, math.Abs(gf.Net.U.AtVec(j)*gf.Net.V.AtVec(j)/(alpha*alpha)-1))
		}
		if !(cons <= 1e-9) {
			t.Errorf("α=%g: u_i v_i drifted from α² by %.3g > 1e-9", alpha, cons)
		}
		if !(gf.Residual <= 1e-8) {
			t.Errorf("α=%g: residual at T=%g is %.3g > 1e-8", alpha, T, gf.Residual)
		}
		proj, err := ib.Project(pot, A, y, zero, nil)
		if err != nil {
			t.Fatal(err)
		}
		if d := ch02RelDist(gf.Final, proj.X); !(d <= 1e-6) {
			t.Errorf("α=%g: GF limit is %.3g from the projection, want ≤ 1e-6", alpha, d)
		}
	}
	// RK4 has order 4: a 4× larger step multiplies a pure discretisation gap by ≈ 256.
	ratio := maxGap[[2]float64{1, 1e-2}] / maxGap[[2]float64{1, 2.5e-3}]
	if !(math.Abs(ratio-256) <= 0.25*256) {
		t.Errorf("gap ratio h=1e-2 vs 2.5e-3 at α=1 is %.4g, want 256 ± 25%%", ratio)
	}
}

// Experiment B: the α path of argmin ψ_α between the two independent
// references, basis pursuit (LP) and the min-ℓ2 interpolator (closed form).
func TestCh02AlphaPath(t *testing.T) {
	A, xStar, y := ch02Problem()
	zero := mat.NewVecDense(ch02D, nil)
	bL1, err := ib.BasisPursuit(A, y)
	if err != nil {
		t.Fatal(err)
	}
	if d := ch02RelDist(bL1, xStar); !(d <= 1e-8) {
		t.Fatalf("basis pursuit does not recover x* (rel. distance %.3g): the chapter's premise fails", d)
	}
	bL2, err := ib.NearestInterpolator(A, y, zero)
	if err != nil {
		t.Fatal(err)
	}
	alphas := ch02LogGrid(2, -3, 11)
	proj, err := ib.ProjectPath(alphas, func(a float64) (ib.Potential, error) { return ib.NewHypentropy(a) }, A, y, zero)
	if err != nil {
		t.Fatal(err)
	}
	ratio := make([]float64, len(alphas))
	gap := make([]float64, len(alphas))
	for i, p := range proj {
		ratio[i] = mat.Norm(p.X, 1) / mat.Norm(bL1, 1)
		gap[i] = ch02RelDist(p.X, bL2)
	}
	last := len(alphas) - 1
	if !(math.Abs(ratio[last]-1) <= 1e-2) {
		t.Errorf("ℓ1 ratio at α=%g is %.5g, want 1 ± 1e-2", alphas[last], ratio[last])
	}
	if !(gap[0] <= 1e-6) {
		t.Errorf("distance to β_ℓ2 at α=%g is %.3g > 1e-6", alphas[0], gap[0])
	}
	if s := math.Log(gap[0]/gap[1]) / math.Log(alphas[0]/alphas[1]); !(math.Abs(s+4) <= 0.05) {
		t.Errorf("log–log slope of the ℓ2 distance at the kernel end is %.4g, want −4 ± 0.05", s)
	}
	for i := 1; i < len(ratio); i++ {
		if !(ratio[i] <= ratio[i-1]+1e-12) {
			t.Errorf("ℓ1 ratio increases from α=%g (%.6g) to α=%g (%.6g)", alphas[i-1], ratio[i-1], alphas[i], ratio[i])
		}
	}
}

// Experiment C: depth. Slope 1 of the ℓ1 excess against α^D for D = 3, 4
// (the chapter's heuristic), a slope below 1 for D = 2 on this instance,
// and the common ℓ2 end.
func TestCh02Depth(t *testing.T) {
	A, _, y := ch02Problem()
	zero := mat.NewVecDense(ch02D, nil)
	bL1, err := ib.BasisPursuit(A, y)
	if err != nil {
		t.Fatal(err)
	}
	bL2, err := ib.NearestInterpolator(A, y, zero)
	if err != nil {
		t.Fatal(err)
	}
	scales := ch02LogGrid(4, -6, 11)
	last := len(scales) - 1
	excess := map[int][]float64{}
	for _, D := range []int{2, 3, 4} {
		alphas := make([]float64, len(scales))
		for k, s := range scales {
			alphas[k] = math.Pow(s, 1/float64(D))
		}
		proj, err := ib.ProjectPath(alphas, func(a float64) (ib.Potential, error) { return reparam.DiagonalPotential(D, a) }, A, y, zero)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range proj {
			excess[D] = append(excess[D], mat.Norm(p.X, 1)/mat.Norm(bL1, 1)-1)
		}
		if g := ch02RelDist(proj[0].X, bL2); !(g <= 1e-6) {
			t.Errorf("D=%d: distance to β_ℓ2 at α^D = 1e4 is %.3g > 1e-6", D, g)
		}
	}
	slope := func(v []float64) float64 { return math.Log(v[last-1]/v[last]) / math.Log(scales[last-1]/scales[last]) }
	for _, D := range []int{3, 4} {
		if s := slope(excess[D]); !(math.Abs(s-1) <= 0.05) {
			t.Errorf("D=%d: slope of the ℓ1 excess at the rich end is %.4g, want 1 ± 0.05", D, s)
		}
		if !(excess[D][last] < excess[2][last]) {
			t.Errorf("D=%d is not closer to ℓ1 than D=2 at α^D=1e-6: %.3g vs %.3g", D, excess[D][last], excess[2][last])
		}
	}
	if s := slope(excess[2]); !(s < 0.9) {
		t.Errorf("D=2: slope of the ℓ1 excess is %.4g, the chapter says < 0.9 on this instance", s)
	}
}

// Experiment D: finite-step GD on (u, v). One step multiplies u_i v_i by
// exactly 1 − 4η²g_i², checked against a hand computation of g = ∇L(0) =
// −Aᵀy; the rest re-runs the notebook's sweep.
func TestCh02GD(t *testing.T) {
	A, xStar, y := ch02Problem()
	ls, err := ib.NewLeastSquares(A, y)
	if err != nil {
		t.Fatal(err)
	}
	zero := mat.NewVecDense(ch02D, nil)

	// One step from u = v = α·1 (β = 0): g = −Aᵀy.
	const alpha1, eta1 = 0.3, 0.05
	net, err := reparam.NewUniformDiagonalNet(2, ch02D, alpha1)
	if err != nil {
		t.Fatal(err)
	}
	one, err := reparam.DiagonalGD(net, ls, reparam.DiagonalSettings{Step: eta1, MaxIter: 1})
	if err != nil {
		t.Fatal(err)
	}
	var g mat.VecDense
	g.MulVec(A.T(), y)
	for j := 0; j < ch02D; j++ {
		want := alpha1 * alpha1 * (1 - 4*eta1*eta1*g.AtVec(j)*g.AtVec(j))
		got := one.Net.U.AtVec(j) * one.Net.V.AtVec(j)
		if !(math.Abs(got-want) <= 1e-14) {
			t.Errorf("one GD step: u_%d v_%d = %.17g, want α²(1 − 4η²g²) = %.17g", j, j, got, want)
		}
	}

	aTest, err := planted.GaussianDesign(200, ch02D, ch02Planted.Seed+100)
	if err != nil {
		t.Fatal(err)
	}
	var yTest mat.VecDense
	yTest.MulVec(aTest, xStar)
	testMSE := func(beta mat.Vector) float64 {
		var r mat.VecDense
		r.MulVec(aTest, beta)
		r.SubVec(&r, &yTest)
		return mat.Dot(&r, &r) / 200
	}
	recovered := func(beta mat.Vector) bool {
		m := mat.Norm(beta, math.Inf(1))
		for i := 0; i < ch02D; i++ {
			if (math.Abs(beta.AtVec(i)) > 0.1*m) != (xStar.AtVec(i) != 0) {
				return false
			}
		}
		return true
	}
	lmax, err := ls.Smoothness()
	if err != nil {
		t.Fatal(err)
	}
	alphas := ch02LogGrid(2, -3, 11)
	proj, err := ib.ProjectPath(alphas, func(a float64) (ib.Potential, error) { return ib.NewHypentropy(a) }, A, y, zero)
	if err != nil {
		t.Fatal(err)
	}
	run := func(i int, eta float64) *reparam.DiagonalResult {
		net, err := reparam.NewUniformDiagonalNet(2, ch02D, alphas[i])
		if err != nil {
			t.Fatal(err)
		}
		res, err := reparam.DiagonalGD(net, ls, reparam.DiagonalSettings{Step: eta, MaxIter: 200000, Tol: 1e-8})
		// Small α uses the whole budget (the chapter shows it): the run
		// returns its last iterate with a *NotConvergedError.
		var nc *ib.NotConvergedError
		if err != nil && !errors.As(err, &nc) {
			t.Fatal(err)
		}
		if (nc != nil) != (res.Iterations == 200000) {
			t.Fatalf("α=%g: NotConvergedError %v after %d iterations", alphas[i], nc, res.Iterations)
		}
		return res
	}
	last := len(alphas) - 1
	var first, lastRes *reparam.DiagonalResult
	for i, a := range alphas {
		if a < 1e-2 && i != last {
			continue // only the ends and the converging runs are checked
		}
		eta := 1 / (4 * lmax * (2 + 2*a*a))
		res := run(i, eta)
		if i == 0 {
			first = res
		}
		if i == last {
			lastRes = res
			continue
		}
		if gp := ch02RelDist(res.X, proj[i].X); !(gp <= 1e-2) {
			t.Errorf("α=%g: GD is %.3g from argmin ψ_α, want ≤ 1e-2", a, gp)
		}
		// The chapter's reading of the right panel: for α ≥ 30 the gap is a
		// floor of order 1e-8 (residual stop); for α ≤ 1e-2 GD hits the cap.
		if gp := ch02RelDist(res.X, proj[i].X); a >= 30 && !(gp <= 1e-7) {
			t.Errorf("α=%g: gap %.3g is not on the 1e-8 floor", a, gp)
		}
		if a <= 1.0001e-2 && res.Iterations != 200000 {
			t.Errorf("α=%g: GD stopped after %d steps, the chapter says at the cap", a, res.Iterations)
		}
		// The step assumes B = 2 ≥ ‖β‖∞ (checked at the end of the run).
		if m := mat.Norm(res.X, math.Inf(1)); !(m <= 2) {
			t.Errorf("α=%g: ‖β‖∞ = %.3g > B = 2", a, m)
		}
		if i == 4 || i == 6 { // α = 1 and α = 0.1
			half := run(i, eta/2)
			r := ch02RelDist(res.X, proj[i].X) / ch02RelDist(half.X, proj[i].X)
			if !(math.Abs(r-2) <= 0.2) {
				t.Errorf("α=%g: gap(η)/gap(η/2) = %.4g, want 2 ± 10%%", a, r)
			}
			for j := 0; j < ch02D; j++ {
				if p := res.Net.U.AtVec(j) * res.Net.V.AtVec(j) / (a * a); !(p <= 1+1e-12) {
					t.Errorf("α=%g: u_%d v_%d/α² = %.17g > 1", a, j, j, p)
				}
			}
			// The chapter's observation: GD's β has a slightly larger ℓ1 norm
			// than the flow's limit (within 1%), not a smaller one.
			if l1, l1f := mat.Norm(res.X, 1), mat.Norm(proj[i].X, 1); !(l1 > l1f && l1 <= 1.01*l1f) {
				t.Errorf("α=%g: ‖β_GD‖₁ = %.8g vs ‖argmin ψ_α‖₁ = %.8g, want larger by at most 1%%", a, l1, l1f)
			}
		}
	}
	if lastRes.Iterations != 200000 {
		t.Errorf("α=%g: GD stopped after %d steps, the chapter says at the cap", alphas[last], lastRes.Iterations)
	}
	if !recovered(lastRes.X) {
		t.Errorf("α=%g: GD does not recover the support of x*", alphas[last])
	}
	if recovered(first.X) {
		t.Errorf("α=%g: GD unexpectedly recovers the support of x*", alphas[0])
	}
	if r := testMSE(lastRes.X) / testMSE(first.X); !(r <= 1e-3) {
		t.Errorf("test MSE ratio rich/kernel = %.3g > 1e-3", r)
	}
}

func TestCh02Q1(t *testing.T) {
	silence(t)
	if !Ch02.Q1("dense").Right || !Ch02.Q1(" Dense ").Right {
		t.Error("Q1 rejects the right answer")
	}
	if Ch02.Q1("sparse").Right || Ch02.Q1("kernel").Right {
		t.Error("Q1 accepts a wrong answer")
	}
}

func TestCh02Q2(t *testing.T) {
	silence(t)
	// The derivation of the chapter: u_i v_i ≡ α² along the flow.
	if !Ch02.Q2(0.09).Right {
		t.Error("Q2 rejects α² = 0.09")
	}
	for _, wrong := range []float64{0.3, 0, 0.0901, 0.18, math.NaN()} {
		if Ch02.Q2(wrong).Right {
			t.Errorf("Q2 accepts %v", wrong)
		}
	}
}

func TestCh02Q3(t *testing.T) {
	silence(t)
	// The depth-3 limit at α = 0.1, by Project, certified independently by
	// its KKT conditions: Aβ = y and ∇ψ(β) ∈ range(Aᵀ), where ∇ψ is
	// evaluated by DepthPotential.Grad (the inverse of h_D, another code path
	// than the ∇ψ* that Project iterates on).
	A, _, y := ch02Problem()
	pot, err := ib.NewDepthPotential(3, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ib.Project(pot, A, y, mat.NewVecDense(ch02D, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	beta := res.X
	var r mat.VecDense
	r.MulVec(A, beta)
	r.SubVec(&r, y)
	if !(mat.Norm(&r, 2) <= 1e-10) {
		t.Fatalf("depth-3 projection does not interpolate: residual %.3g", mat.Norm(&r, 2))
	}
	theta := make([]float64, ch02D)
	pot.Grad(theta, beta.RawVector().Data)
	th := mat.NewVecDense(ch02D, theta)
	var lam, fit mat.VecDense
	if err := lam.SolveVec(A.T(), th); err != nil { // least squares in λ
		t.Fatal(err)
	}
	fit.MulVec(A.T(), &lam)
	if d := ch02RelDist(&fit, th); !(d <= 1e-8) {
		t.Fatalf("∇ψ(β) is %.3g (relative) away from range(Aᵀ): not the projection", d)
	}
	bL1, err := ib.BasisPursuit(A, y)
	if err != nil {
		t.Fatal(err)
	}
	excess := mat.Norm(beta, 1)/mat.Norm(bL1, 1) - 1
	if !Ch02.Q3("closer", excess).Right {
		t.Errorf("Q3 rejects (closer, %.6g)", excess)
	}
	for _, wrong := range []string{"same", "further", "nearer"} {
		if Ch02.Q3(wrong, excess).Right {
			t.Errorf("Q3 accepts the prediction %q", wrong)
		}
	}
	for _, wrong := range []float64{0, excess * 1.01, excess * 0.99, 0.368} {
		if Ch02.Q3("closer", wrong).Right {
			t.Errorf("Q3 accepts the measurement %v", wrong)
		}
	}
}
