package implicitbias

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// projData builds the spec 01 §6 data with its own seeded generator:
// A_ij ~ N(0, 1/d), a k-sparse x* (nonnegative if pos) and y = Ax*.
func projData(n, d, k int, pos bool, seed uint64) (A *mat.Dense, xStar, y *mat.VecDense) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	A = mat.NewDense(n, d, nil)
	for i := range n {
		for j := range d {
			A.Set(i, j, rng.NormFloat64()/math.Sqrt(float64(d)))
		}
	}
	xStar = mat.NewVecDense(d, nil)
	for _, j := range rng.Perm(d)[:k] {
		v := 1 + rng.Float64()
		if !pos && rng.IntN(2) == 0 {
			v = -v
		}
		xStar.SetVec(j, v)
	}
	y = mat.NewVecDense(n, nil)
	y.MulVec(A, xStar)
	return A, xStar, y
}

func projConst(d int, v float64) *mat.VecDense {
	x := mat.NewVecDense(d, nil)
	for i := range d {
		x.SetVec(i, v)
	}
	return x
}

func projRelDiff(a, b *mat.VecDense) float64 {
	var d mat.VecDense
	d.SubVec(a, b)
	return mat.Norm(&d, 2) / mat.Norm(b, 2)
}

// checkKKT verifies the optimality conditions of min_{Ax=y} D_ψ(x, x0)
// independently of Project: Ax = y, and v = ∇ψ(x) − ∇ψ(x0) lies in
// range(Aᵀ), measured as the residual of the least-squares fit
// min_μ ‖Aᵀμ − v‖ relative to ‖v‖ (QR of Aᵀ). For SimplexEntropy the ones
// row is part of A (dual points are defined modulo 1).
func checkKKT(t *testing.T, p Potential, A *mat.Dense, y, x0 *mat.VecDense, x *mat.VecDense, tolRange float64) {
	t.Helper()
	n, d := A.Dims()
	var r mat.VecDense
	r.MulVec(A, x)
	r.SubVec(&r, y)
	if rr := mat.Norm(&r, 2) / (1 + mat.Norm(y, 2)); rr > 1e-10 {
		t.Errorf("%v: ‖Ax − y‖/(1+‖y‖) = %.3g", p, rr)
	}
	gx, g0 := make([]float64, d), make([]float64, d)
	p.Grad(gx, x.RawVector().Data)
	p.Grad(g0, x0.RawVector().Data)
	floats.Sub(gx, g0)
	M := A
	if _, ok := p.(SimplexEntropy); ok {
		M = mat.NewDense(n+1, d, nil)
		M.Slice(0, n, 0, d).(*mat.Dense).Copy(A)
		for j := range d {
			M.Set(n, j, 1)
		}
		if s := floats.Sum(x.RawVector().Data); math.Abs(s-1) > 1e-10 {
			t.Errorf("simplex projection sums to %v", s)
		}
	}
	v := mat.NewVecDense(d, gx)
	var qr mat.QR
	qr.Factorize(M.T())
	mu := mat.NewVecDense(M.RawMatrix().Rows, nil)
	if err := qr.SolveVecTo(mu, false, v); err != nil {
		t.Fatal(err)
	}
	var fit mat.VecDense
	fit.MulVec(M.T(), mu)
	fit.SubVec(&fit, v)
	if vn := mat.Norm(v, 2); vn > 0 && mat.Norm(&fit, 2) > tolRange*vn {
		t.Errorf("%v: ∇ψ(x) − ∇ψ(x0) is off range(Aᵀ) by %.3g relative", p, mat.Norm(&fit, 2)/vn)
	}
}

// TestProjectEuclideanIsNearestInterpolator: for ψ = ½‖·‖² the projection
// is x0 + Aᵀ(AAᵀ)⁻¹(y − Ax0); both are backward stable on a matrix with
// condition number ~5, so they agree to ~1e-14 (tolerance 1e-10).
func TestProjectEuclideanIsNearestInterpolator(t *testing.T) {
	A, _, y := projData(20, 50, 3, false, 1)
	rng := rand.New(rand.NewPCG(2, 2))
	x0 := mat.NewVecDense(50, nil)
	for i := range 50 {
		x0.SetVec(i, rng.NormFloat64())
	}
	res, err := Project(Euclidean{}, A, y, x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := NearestInterpolator(A, y, x0)
	if err != nil {
		t.Fatal(err)
	}
	if e := projRelDiff(res.X, want); e > 1e-10 {
		t.Errorf("Euclidean projection differs from nearest interpolator by %.3g", e)
	}
	// Independent check of NearestInterpolator: Ax = y and x − x0 ∈ range(Aᵀ).
	checkKKT(t, Euclidean{}, A, y, x0, want, 1e-12)
}

// TestProjectKKT checks the KKT conditions for every kind of potential.
// Range tolerance 1e-9: x = ∇ψ*(θ0 + Aᵀλ) holds to rounding, and ∇ψ(x)
// recomputes θ with relative error ~1e-15·cond(∇ψ), ≤ 1e-11 relative to ‖v‖
// here (v is O(1)); the 1e-9 leaves room for the L-BFGS residual.
func TestProjectKKT(t *testing.T) {
	A, _, y := projData(20, 50, 3, false, 3)
	Ap, _, yp := projData(20, 50, 3, true, 4)
	// Strictly positive point on the simplex for the entropy runs.
	rng := rand.New(rand.NewPCG(5, 5))
	xs := mat.NewVecDense(50, nil)
	for i := range 50 {
		xs.SetVec(i, 0.2+rng.Float64())
	}
	xs.ScaleVec(1/floats.Sum(xs.RawVector().Data), xs)
	ys := mat.NewVecDense(20, nil)
	ys.MulVec(Ap, xs)

	for _, tc := range []struct {
		p      Potential
		A      *mat.Dense
		y, x0  *mat.VecDense
		method string
	}{
		{NegEntropy{}, Ap, yp, projConst(50, 0.1), "dual-newton"},
		{SimplexEntropy{}, Ap, ys, projConst(50, 1.0/50), "negentropy"},
		{mustPot(NewQPower(1.25)), A, y, projConst(50, 0), "dual-newton"},
		{mustPot(NewQPower(1.5)), A, y, projConst(50, 0.1), "dual-newton"},
		{mustPot(NewQPower(3)), A, y, projConst(50, 0), "dual-newton"},
		{mustPot(NewSquaredQNorm(1.5)), A, y, projConst(50, 0), "lbfgs"},
		{mustPot(NewSquaredQNorm(3)), A, y, projConst(50, 0.1), "lbfgs"},
		{mustPot(NewHypentropy(0.1)), A, y, projConst(50, 0), "dual-newton"},
		{mustPot(NewHypentropy(1)), A, y, projConst(50, 0.3), "dual-newton"},
		{mustPot(NewDepthPotential(3, 0.5)), A, y, projConst(50, 0), "dual-newton"},
		{mustPot(NewDepthPotential(4, 0.3)), A, y, projConst(50, 0), "dual-newton"},
	} {
		res, err := Project(tc.p, tc.A, tc.y, tc.x0, nil)
		if err != nil {
			t.Errorf("%v: %v", tc.p, err)
			continue
		}
		if !strings.Contains(res.Method, tc.method) {
			t.Errorf("%v: method %q, want %q", tc.p, res.Method, tc.method)
		}
		checkKKT(t, tc.p, tc.A, tc.y, tc.x0, res.X, 1e-9)
		t.Logf("%v: %d iterations, residual %.2g, %s", tc.p, res.Iterations, res.KKTResidual, res.Method)
	}
}

// hidden hides the Separable methods of a potential, forcing L-BFGS.
type hidden struct{ Potential }

// TestProjectNewtonVsLBFGS: the same strictly convex problem solved by the
// two methods agrees to 1e-7 (L-BFGS stops at residual 1e-10; the solution
// error is that times cond(A∇²ψ*Aᵀ) ≲ 1e3).
func TestProjectNewtonVsLBFGS(t *testing.T) {
	A, _, y := projData(20, 50, 3, false, 6)
	Ap, _, yp := projData(20, 50, 3, true, 7)
	for _, tc := range []struct {
		p     Separable
		A     *mat.Dense
		y, x0 *mat.VecDense
	}{
		{mustPot(NewHypentropy(1)), A, y, projConst(50, 0)},
		{mustPot(NewHypentropy(0.3)), A, y, projConst(50, 0.1)},
		{NegEntropy{}, Ap, yp, projConst(50, 0.1)},
		{mustPot(NewQPower(1.5)), A, y, projConst(50, 0)},
	} {
		nw, err := Project(tc.p, tc.A, tc.y, tc.x0, nil)
		if err != nil {
			t.Fatalf("%v newton: %v", tc.p, err)
		}
		lb, err := Project(hidden{tc.p}, tc.A, tc.y, tc.x0, nil)
		if err != nil {
			t.Fatalf("%v lbfgs: %v", tc.p, err)
		}
		if lb.Method != "dual-lbfgs" || nw.Method != "dual-newton" {
			t.Errorf("methods %q, %q", nw.Method, lb.Method)
		}
		if e := projRelDiff(lb.X, nw.X); e > 1e-7 {
			t.Errorf("%v: Newton and L-BFGS differ by %.3g", tc.p, e)
		}
	}
}

// TestProjectSquaredQNorm2: ½‖x‖₂² is the Euclidean potential, so from
// x0 = 0 the (L-BFGS) projection is the minimum-norm interpolator
// (agreement limited by the L-BFGS residual 1e-10 × cond ≈ 1e-9).
func TestProjectSquaredQNorm2(t *testing.T) {
	A, _, y := projData(20, 50, 3, false, 8)
	x0 := projConst(50, 0)
	res, err := Project(mustPot(NewSquaredQNorm(2)), A, y, x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := NearestInterpolator(A, y, x0)
	if e := projRelDiff(res.X, want); e > 1e-8 {
		t.Errorf("squared 2-norm projection differs from the ℓ2 interpolator by %.3g", e)
	}
}

// TestBasisPursuitRecovers: with n = 20 Gaussian measurements of a 3-sparse
// vector in d = 50, ℓ1 minimisation recovers x* exactly (standard
// compressed sensing regime, n ≳ 2k log(d/k) ≈ 17); the LP vertex is then
// accurate to rounding (tolerance 1e-8).
func TestBasisPursuitRecovers(t *testing.T) {
	for seed := uint64(10); seed < 13; seed++ {
		A, xStar, y := projData(20, 50, 3, false, seed)
		x, err := BasisPursuit(A, y)
		if err != nil {
			t.Fatal(err)
		}
		if e := projRelDiff(x, xStar); e > 1e-8 {
			t.Errorf("seed %d: basis pursuit error %.3g", seed, e)
		}
	}
}

// TestHypentropyAlphaLimits: kernel → rich transition on the spec 01 §6 data
// (d = 50, n = 20, k = 3), α over 11 log-spaced values 1e2 … 1e-3 solved by
// ProjectPath (large to small, warm starts).
//
// Large α: ψ_α(β) = ‖β‖²/(16α²) − O(‖β‖₄⁴/α⁶), a relative perturbation
// O(‖β‖²/α⁴) of the ℓ2 objective, so ‖β_α − β_ℓ2‖/‖β_ℓ2‖ = O(α⁻⁴): we check
// ≤ 1e-6 at α = 100 (scratch runs on 3 seeds: ~1e-10) and the slope: the
// ratio of the distances at α = 10 and α = 100 is 10⁴ within a factor 2.
//
// Small α: ψ_α ≈ ¼[log(1/α²)‖β‖₁ + Σ|β|log|β| − |β|] so β_α → β_ℓ1. The
// spec's bound suggests a gap ~1/log(1/α); for a unique, non-degenerate ℓ1
// solution the observed gap is much smaller (~1e-3 at α = 1e-3 in scratch
// runs over 3 seeds: 4e-4, 9e-4, 2e-3). We check ‖β_α‖₁/‖β_ℓ1‖₁ − 1 ≤ 1e-2 at
// α = 1e-3 (5× margin), ≥ 0 everywhere (β_ℓ1 has the least ℓ1 norm), and
// non-increasing as α decreases (up to 1e-9).
func TestHypentropyAlphaLimits(t *testing.T) {
	A, _, y := projData(20, 50, 3, false, 20)
	x0 := projConst(50, 0)
	var alphas []float64
	for k := 0; k <= 10; k++ {
		alphas = append(alphas, math.Pow(10, 2-0.5*float64(k)))
	}
	path, err := ProjectPath(alphas, func(a float64) (Potential, error) { return NewHypentropy(a) }, A, y, x0)
	if err != nil {
		t.Fatal(err)
	}
	l1, err := BasisPursuit(A, y)
	if err != nil {
		t.Fatal(err)
	}
	l2, err := NearestInterpolator(A, y, x0)
	if err != nil {
		t.Fatal(err)
	}
	n1 := floats.Norm(l1.RawVector().Data, 1)
	prev := math.Inf(1)
	for i, p := range path {
		r := floats.Norm(p.X.RawVector().Data, 1) / n1
		if r < 1-1e-9 || r > prev+1e-9 {
			t.Errorf("α = %g: ‖β_α‖₁/‖β_ℓ1‖₁ = %v (previous %v)", alphas[i], r, prev)
		}
		prev = r
	}
	if g := prev - 1; g > 1e-2 {
		t.Errorf("α = 1e-3: ℓ1 gap %.3g > 1e-2", g)
	}
	d100, d10 := projRelDiff(path[0].X, l2), projRelDiff(path[2].X, l2)
	if d100 > 1e-6 {
		t.Errorf("α = 100: ‖β_α − β_ℓ2‖/‖β_ℓ2‖ = %.3g", d100)
	}
	if s := d10 / d100; s < 5e3 || s > 2e4 {
		t.Errorf("distance to β_ℓ2 at α = 10 over α = 100 is %.3g, want ≈ 1e4 (α⁻⁴ decay)", s)
	}
}

// TestProjectErrors: bad inputs return errors naming the problem.
func TestProjectErrors(t *testing.T) {
	A, _, y := projData(4, 6, 2, false, 30)
	x0 := projConst(6, 0)
	hyp := mustPot(NewHypentropy(1))
	nanA := mat.DenseCopyOf(A)
	nanA.Set(1, 2, math.NaN())
	rank := mat.DenseCopyOf(A)
	rank.SetRow(3, mat.Row(nil, 0, A))
	wide := mat.NewDense(7, 6, nil)
	// Infeasible for negentropy: y = −1 on a nonnegative-row system.
	pos := mat.NewDense(1, 6, []float64{1, 1, 1, 1, 1, 1})
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"nil potential", func() error { _, err := Project(nil, A, y, x0, nil); return err }, "potential"},
		{"nil A", func() error { _, err := Project(hyp, nil, y, x0, nil); return err }, "A is nil"},
		{"y length", func() error { _, err := Project(hyp, A, projConst(5, 0), x0, nil); return err }, "y has length 5"},
		{"x0 length", func() error { _, err := Project(hyp, A, y, projConst(7, 0), nil); return err }, "x0 has length 7"},
		{"nil x0", func() error { _, err := Project(hyp, A, y, nil, nil); return err }, "x0 is nil"},
		{"NaN in A", func() error { _, err := Project(hyp, nanA, y, x0, nil); return err }, "A[1,2] = NaN"},
		{"x0 outside domain", func() error { _, err := Project(NegEntropy{}, A, y, x0, nil); return err }, "x0 is outside the domain"},
		{"rank deficient", func() error { _, err := Project(hyp, rank, y, x0, nil); return err }, "rank deficient"},
		{"too many rows", func() error { _, err := Project(hyp, wide, projConst(7, 1), x0, nil); return err }, "7 rows"},
		{"bad tol", func() error { _, err := Project(hyp, A, y, x0, &ProjectSettings{Tol: -1}); return err }, "Tol = -1"},
		{"bad maxiter", func() error { _, err := Project(hyp, A, y, x0, &ProjectSettings{MaxIter: -3}); return err }, "MaxIter = -3"},
		{"bad lambda0", func() error {
			_, err := Project(hyp, A, y, x0, &ProjectSettings{Lambda0: projConst(3, 0)})
			return err
		}, "Lambda0 has length 3"},
		{"no convergence", func() error {
			_, err := Project(NegEntropy{}, pos, projConst(1, -1), projConst(6, 1), nil)
			return err
		}, "iteration"},
		{"max iter", func() error {
			_, err := Project(mustPot(NewHypentropy(1e-3)), A, y, x0, &ProjectSettings{MaxIter: 1})
			return err
		}, "did not converge in 1 iterations"},
		{"simplex ones row", func() error {
			ones := mat.NewDense(1, 6, []float64{1, 1, 1, 1, 1, 1})
			_, err := Project(SimplexEntropy{}, ones, projConst(1, 1), projConst(6, 1.0/6), nil)
			return err
		}, "1ᵀ appended"},
		{"path bad alpha", func() error {
			_, err := ProjectPath([]float64{1, -1}, func(a float64) (Potential, error) { return NewHypentropy(a) }, A, y, x0)
			return err
		}, "alphas[1] = -1"},
		{"nearest y length", func() error { _, err := NearestInterpolator(A, projConst(3, 0), nil); return err }, "y has length 3"},
		{"nearest rank", func() error { _, err := NearestInterpolator(rank, y, nil); return err }, "rank deficient"},
		{"bp nil", func() error { _, err := BasisPursuit(nil, y); return err }, "A is nil"},
		{"bp NaN", func() error { _, err := BasisPursuit(nanA, y); return err }, "A[1,2] = NaN"},
	} {
		err := tc.run()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// BenchmarkProjectHypentropy: n = 40, d = 200, α ∈ {1, 0.1}, from x0 = 0.
func BenchmarkProjectHypentropy(b *testing.B) {
	A, _, y := projData(40, 200, 5, false, 40)
	x0 := projConst(200, 0)
	for _, a := range []float64{1, 0.1} {
		p := mustPot(NewHypentropy(a))
		b.Run(p.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Project(p, A, y, x0, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPotentialMaps times Grad and GradStar per call on d = 200.
func BenchmarkPotentialMaps(b *testing.B) {
	x := make([]float64, 200)
	for i := range x {
		x[i] = math.Sin(float64(i)) * 2
	}
	th, dst := make([]float64, 200), make([]float64, 200)
	for _, p := range []Separable{mustPot(NewHypentropy(0.1)), mustPot(NewDepthPotential(3, 0.5)), mustPot(NewQPower(1.5))} {
		p.Grad(th, x)
		b.Run(p.String()+"/Grad", func(b *testing.B) {
			for b.Loop() {
				p.Grad(dst, x)
			}
		})
		b.Run(p.String()+"/GradStar", func(b *testing.B) {
			for b.Loop() {
				p.GradStar(dst, th)
			}
		})
	}
}
