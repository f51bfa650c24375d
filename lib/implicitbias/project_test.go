package implicitbias

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// projData builds the compressed-sensing data of the chapter on mirror
// descent with its own seeded generator:
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
	if rr := mat.Norm(&r, 2) / (1 + mat.Norm(y, 2)); !(rr <= 1e-10) {
		t.Errorf("%v: ‖Ax − y‖/(1+‖y‖) = %.3g", p, rr)
	}
	gx, g0 := make([]float64, d), make([]float64, d)
	p.Grad(gx, x.RawVector().Data)
	p.Grad(g0, x0.RawVector().Data)
	floats.Sub(gx, g0)
	M := A
	if ar, ok := p.(AffineRestricted); ok {
		_, C, c := ar.Restriction(d)
		k, _ := C.Dims()
		M = mat.NewDense(n+k, d, nil)
		M.Slice(0, n, 0, d).(*mat.Dense).Copy(A)
		M.Slice(n, n+k, 0, d).(*mat.Dense).Copy(C)
		var cx mat.VecDense
		cx.MulVec(C, x)
		cx.SubVec(&cx, c)
		if e := mat.Norm(&cx, 2); !(e <= 1e-10) {
			t.Errorf("%v: the projection violates the domain constraints by %v", p, e)
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
	if vn := mat.Norm(v, 2); vn > 0 && !(mat.Norm(&fit, 2) <= tolRange*vn) {
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
	if e := projRelDiff(res.X, want); !(e <= 1e-10) {
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
		// Both routes end at the rounding level: the Newton method by its
		// refinement steps, L-BFGS by the finite-difference Newton polish.
		// A backward error of a few ε is the floor; 2e-15 ≈ 10ε.
		if !(res.KKTResidual <= 2e-15) {
			t.Errorf("%v: KKTResidual %.3g, want the rounding level ≤ 2e-15", tc.p, res.KKTResidual)
		}
		t.Logf("%v: %d iterations, residual %.2g, %s", tc.p, res.Iterations, res.KKTResidual, res.Method)
	}
}

// hidden hides the Separable methods of a potential, forcing L-BFGS.
type hidden struct{ Potential }

// TestProjectNewtonVsLBFGS: the same strictly convex problem solved by the
// two methods agrees to 1e-12. Both end at a backward error of a few ε
// (checked at 2e-15), and the solution error is that times the condition
// number of the dual Hessian A∇²ψ*Aᵀ, ≲ 1e2 for these data.
//
// The L-BFGS half kills a wrong Jacobian in polishFD (for example one off
// by a factor 2, or with the sign of the difference flipped): L-BFGS alone
// stops at a residual of 1e-13 to 1e-12, so the rounding-level bound fails
// unless the polish converges.
func TestProjectNewtonVsLBFGS(t *testing.T) {
	A, _, y := projData(20, 50, 3, false, 6)
	// NegEntropy data with an interior solution: y = A x₊ for a dense
	// positive x₊, so that the dual has a minimiser (see
	// TestProjectLBFGSNoInteriorSolution for the other case).
	Ap, _, _ := projData(20, 50, 3, true, 7)
	rng := rand.New(rand.NewPCG(7, 7))
	xPos := mat.NewVecDense(50, nil)
	for i := range 50 {
		xPos.SetVec(i, 0.05+rng.Float64())
	}
	yp := mat.NewVecDense(20, nil)
	yp.MulVec(Ap, xPos)
	for _, tc := range []struct {
		p     Separable
		A     *mat.Dense
		y, x0 *mat.VecDense
	}{
		{mustPot(NewHypentropy(1)), A, y, projConst(50, 0)},
		{mustPot(NewHypentropy(0.3)), A, y, projConst(50, 0.1)},
		{NegEntropy{}, Ap, yp, projConst(50, 0.1)},
		{mustPot(NewQPower(1.5)), A, y, projConst(50, 0)},
		{mustPot(NewDepthPotential(3, 0.5)), A, y, projConst(50, 0)},
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
		if !(lb.KKTResidual <= 2e-15) || !(nw.KKTResidual <= 2e-15) {
			t.Errorf("%v: KKT residuals %.3g (Newton), %.3g (L-BFGS), want ≤ 2e-15", tc.p, nw.KKTResidual, lb.KKTResidual)
		}
		if e := projRelDiff(lb.X, nw.X); !(e <= 1e-12) {
			t.Errorf("%v: Newton and L-BFGS differ by %.3g", tc.p, e)
		}
	}
}

// TestProjectLBFGSNoInteriorSolution: y = Ax* for a 3-sparse x* ≥ 0 with
// n = 20 Gaussian rows: x* is then (generically) the only non-negative
// interpolator, {Ax = y} misses the open orthant, and the NegEntropy dual
// has no minimiser — the infimum is approached as λ → ∞ while coordinates
// of x(λ) underflow. Whatever route is taken, Project must either meet its
// tolerance or say that it did not (a *NotConvergedError with the last
// iterate); before, L-BFGS silently returned a residual 42× its tolerance.
func TestProjectLBFGSNoInteriorSolution(t *testing.T) {
	A, _, y := projData(20, 50, 3, true, 7)
	for _, p := range []Potential{NegEntropy{}, hidden{NegEntropy{}}} {
		for _, tol := range []float64{0, 1e-10} {
			res, err := Project(p, A, y, projConst(50, 0.1), &ProjectSettings{Tol: tol})
			want := orDefault(tol, 1e-12)
			var nc *NotConvergedError
			switch {
			case err == nil:
				if !(res.KKTResidual <= want) {
					t.Errorf("%T tol %g: no error but KKTResidual %.3g > %g", p, tol, res.KKTResidual, want)
				}
			case errors.As(err, &nc):
				if res == nil || nc.Residual != res.KKTResidual || !(nc.Residual > want) || nc.Tol != want {
					t.Errorf("%T tol %g: NotConvergedError %+v with result %v", p, tol, nc, res)
				}
			default:
				t.Errorf("%T tol %g: unexpected error %v", p, tol, err)
			}
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
	if e := projRelDiff(res.X, want); !(e <= 1e-8) {
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
		if e := projRelDiff(x, xStar); !(e <= 1e-8) {
			t.Errorf("seed %d: basis pursuit error %.3g", seed, e)
		}
	}
}

// TestHypentropyAlphaLimits: kernel → rich transition (Woodworth et al.,
// COLT 2020) on compressed-sensing data (d = 50, n = 20, k = 3), α over 11 log-spaced values 1e2 … 1e-3 solved by
// ProjectPath (large to small, warm starts).
//
// Large α: ψ_α(β) = ‖β‖²/(16α²) − O(‖β‖₄⁴/α⁶), a relative perturbation
// O(‖β‖²/α⁴) of the ℓ2 objective, so ‖β_α − β_ℓ2‖/‖β_ℓ2‖ = O(α⁻⁴): we check
// ≤ 1e-6 at α = 100 (scratch runs on 3 seeds: ~1e-10) and the slope: the
// ratio of the distances at α = 10 and α = 100 is 10⁴ within a factor 2.
//
// Small α: ψ_α ≈ ¼[log(1/α²)‖β‖₁ + Σ|β|log|β| − |β|] so β_α → β_ℓ1. The
// bound of Woodworth et al. (2020) suggests a gap ~1/log(1/α); for a unique, non-degenerate ℓ1
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
		if !(r >= 1-1e-9) || !(r <= prev+1e-9) {
			t.Errorf("α = %g: ‖β_α‖₁/‖β_ℓ1‖₁ = %v (previous %v)", alphas[i], r, prev)
		}
		prev = r
	}
	if g := prev - 1; !(g <= 1e-2) {
		t.Errorf("α = 1e-3: ℓ1 gap %.3g > 1e-2", g)
	}
	d100, d10 := projRelDiff(path[0].X, l2), projRelDiff(path[2].X, l2)
	if !(d100 <= 1e-6) {
		t.Errorf("α = 100: ‖β_α − β_ℓ2‖/‖β_ℓ2‖ = %.3g", d100)
	}
	if s := d10 / d100; !(s >= 5e3) || !(s <= 2e4) {
		t.Errorf("distance to β_ℓ2 at α = 10 over α = 100 is %.3g, want ≈ 1e4 (α⁻⁴ decay)", s)
	}
}

// TestProjectErrors: bad input returns an error wrapping ErrInvalidInput
// whose message names the parameter; non-convergence returns the last
// iterate and a *NotConvergedError.
func TestProjectErrors(t *testing.T) {
	A, _, y := projData(4, 6, 2, false, 30)
	x0 := projConst(6, 0)
	hyp := mustPot(NewHypentropy(1))
	nanA := mat.DenseCopyOf(A)
	nanA.Set(1, 2, math.NaN())
	rank := mat.DenseCopyOf(A)
	rank.SetRow(3, mat.Row(nil, 0, A))
	zeroCol := mat.DenseCopyOf(A)
	zeroCol.SetCol(4, make([]float64, 4))
	wide := mat.NewDense(7, 6, nil)
	// A matrix claiming 2¹⁵×2¹⁵ entries (its data is never read).
	huge := &mat.Dense{}
	huge.SetRawMatrix(blas64.General{Rows: 1 << 15, Cols: 1 << 15, Stride: 1 << 15, Data: make([]float64, 1)})
	hyp1 := func(a float64) (Potential, error) { return NewHypentropy(a) }
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"nil potential", func() error { _, err := Project(nil, A, y, x0, nil); return err }, "potential"},
		{"nil A", func() error { _, err := Project(hyp, nil, y, x0, nil); return err }, "A is nil"},
		{"huge A", func() error { _, err := Project(hyp, huge, y, x0, nil); return err }, "too large"},
		{"y length", func() error { _, err := Project(hyp, A, projConst(5, 0), x0, nil); return err }, "y has length 5"},
		{"x0 length", func() error { _, err := Project(hyp, A, y, projConst(7, 0), nil); return err }, "x0 has length 7"},
		{"nil x0", func() error { _, err := Project(hyp, A, y, nil, nil); return err }, "x0 is nil"},
		{"NaN in A", func() error { _, err := Project(hyp, nanA, y, x0, nil); return err }, "A[1,2] = NaN"},
		{"x0 outside domain", func() error { _, err := Project(NegEntropy{}, A, y, x0, nil); return err }, "x0 is outside the domain"},
		{"rank deficient", func() error { _, err := Project(hyp, rank, y, x0, nil); return err }, "rank deficient"},
		{"too many rows", func() error { _, err := Project(hyp, wide, projConst(7, 1), x0, nil); return err }, "7 rows"},
		{"bad tol", func() error { _, err := Project(hyp, A, y, x0, &ProjectSettings{Tol: -1}); return err }, "Tol = -1"},
		{"tol 1", func() error { _, err := Project(hyp, A, y, x0, &ProjectSettings{Tol: 1}); return err }, "Tol = 1"},
		{"NaN tol", func() error { _, err := Project(hyp, A, y, x0, &ProjectSettings{Tol: math.NaN()}); return err }, "Tol = NaN"},
		{"bad maxiter", func() error { _, err := Project(hyp, A, y, x0, &ProjectSettings{MaxIter: -3}); return err }, "MaxIter = -3"},
		{"bad lambda0", func() error {
			_, err := Project(hyp, A, y, x0, &ProjectSettings{Lambda0: projConst(3, 0)})
			return err
		}, "Lambda0 has length 3"},
		{"NaN lambda0", func() error {
			_, err := Project(hyp, A, y, x0, &ProjectSettings{Lambda0: projConst(4, math.NaN())})
			return err
		}, "Lambda0"},
		{"lambda0 outside dual domain", func() error {
			_, err := Project(NegEntropy{}, A, y, projConst(6, 1), &ProjectSettings{Lambda0: projConst(4, 1e300)})
			return err
		}, "Lambda0"},
		{"simplex ones row", func() error {
			ones := mat.NewDense(1, 6, []float64{1, 1, 1, 1, 1, 1})
			_, err := Project(SimplexEntropy{}, ones, projConst(1, 1), projConst(6, 1.0/6), nil)
			return err
		}, "constraint row(s) of simplex-entropy appended is rank deficient"},
		{"y overflows after scaling", func() error {
			tinyA := mat.NewDense(4, 6, nil)
			tinyA.Scale(1e-300, A)
			_, err := Project(hyp, tinyA, projConst(4, 1e300), x0, nil)
			return err
		}, "y[0]"},
		{"path nil constructor", func() error { _, err := ProjectPath([]float64{1}, nil, A, y, x0); return err }, "constructor is nil"},
		{"path empty", func() error { _, err := ProjectPath(nil, hyp1, A, y, x0); return err }, "alphas is empty"},
		{"path NaN alpha", func() error { _, err := ProjectPath([]float64{1, math.NaN()}, hyp1, A, y, x0); return err }, "alphas[1] = NaN"},
		{"path bad alpha", func() error { _, err := ProjectPath([]float64{1, -1}, hyp1, A, y, x0); return err }, "alphas[1] = -1"},
		{"path bad system", func() error { _, err := ProjectPath([]float64{1}, hyp1, A, nil, x0); return err }, "ProjectPath: y is nil"},
		{"path nil potential", func() error {
			_, err := ProjectPath([]float64{1}, func(float64) (Potential, error) { return nil, nil }, A, y, x0)
			return err
		}, "alphas[0] = 1"},
		{"nearest y length", func() error { _, err := NearestInterpolator(A, projConst(3, 0), nil); return err }, "y has length 3"},
		{"nearest rank", func() error { _, err := NearestInterpolator(rank, y, nil); return err }, "rank deficient"},
		{"nearest NaN x0", func() error { _, err := NearestInterpolator(A, y, projConst(6, math.Inf(1))); return err }, "x0[0] = +Inf"},
		{"nearest huge", func() error { _, err := NearestInterpolator(huge, y, nil); return err }, "too large"},
		{"bp nil", func() error { _, err := BasisPursuit(nil, y); return err }, "A is nil"},
		{"bp NaN", func() error { _, err := BasisPursuit(nanA, y); return err }, "A[1,2] = NaN"},
		{"bp rank", func() error { _, err := BasisPursuit(rank, y); return err }, "rank deficient"},
		{"bp huge", func() error { _, err := BasisPursuit(huge, y); return err }, "too large"},
		{"bp zero column is fine, rank is not", func() error { _, err := BasisPursuit(zeroCol, projConst(3, 1)); return err }, "y has length 3"},
	} {
		err := noPanic(tc.run)
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want ErrInvalidInput containing %q", tc.name, err, tc.want)
		}
	}

	// Non-convergence: the last iterate and a *NotConvergedError.
	pos := mat.NewDense(1, 6, []float64{1, 1, 1, 1, 1, 1})
	for _, tc := range []struct {
		name string
		run  func() (*Projection, error)
		iter int
	}{
		// Infeasible for negentropy: y = −1 on a non-negative row; the line
		// search stalls as λ → −∞.
		{"infeasible", func() (*Projection, error) {
			return Project(NegEntropy{}, pos, projConst(1, -1), projConst(6, 1), nil)
		}, -1},
		{"max iter newton", func() (*Projection, error) {
			return Project(mustPot(NewHypentropy(1e-3)), A, y, x0, &ProjectSettings{MaxIter: 1})
		}, 1},
		{"infeasible lbfgs", func() (*Projection, error) {
			return Project(hidden{NegEntropy{}}, pos, projConst(1, -1), projConst(6, 1), nil)
		}, -1},
	} {
		res, err := tc.run()
		var nc *NotConvergedError
		if !errors.As(err, &nc) || errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: error %v, want a *NotConvergedError", tc.name, err)
			continue
		}
		if res == nil || res.KKTResidual != nc.Residual || !(nc.Residual > nc.Tol) || (tc.iter >= 0 && nc.Iterations != tc.iter) {
			t.Errorf("%s: result %+v with %+v", tc.name, res, nc)
		}
	}

	// ProjectPath reports a failure at alphas[i] with the path so far.
	path, err := ProjectPath([]float64{1, 0.5}, func(a float64) (Potential, error) {
		if a < 1 {
			return NegEntropy{}, nil // x0 = 0 is outside its domain
		}
		return NewHypentropy(a)
	}, A, y, x0)
	if len(path) != 1 || !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "ProjectPath: alphas[1] = 0.5") {
		t.Errorf("ProjectPath failing at alphas[1]: %d projections, error %v", len(path), err)
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

// BenchmarkProjectLBFGS: the non-separable route (L-BFGS, then the
// finite-difference Newton polish) on n = 40, d = 200.
func BenchmarkProjectLBFGS(b *testing.B) {
	A, _, y := projData(40, 200, 5, false, 40)
	x0 := projConst(200, 0)
	p := mustPot(NewSquaredQNorm(1.5))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Project(p, A, y, x0, nil); err != nil {
			b.Fatal(err)
		}
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

// TestProjectNewtonRejectsCyclingStep: for QPower(3) the conjugate is
// ψ*(θ) = (2/3)|θ|^{3/2}, and the undamped Newton step on it maps θ to −θ
// (ψ*′/ψ*″ = 2θ): the textbook case where Newton's method cycles forever
// (Nocedal and Wright, "Numerical Optimization", 2006, Ch. 3). On A = [1], y = 0, x0 = 1 the dual is
// g(λ) = ψ*(1 + λ), the full step gives g(−1) = g(1) — no decrease — and
// only the Armijo test rejects it; the halved step lands on θ = 0, the
// exact solution x = 0. With the sign of the sufficient-decrease term
// flipped the full step is accepted and the run cycles until MaxIter.
func TestProjectNewtonRejectsCyclingStep(t *testing.T) {
	A := mat.NewDense(1, 1, []float64{1})
	res, err := Project(mustPot(NewQPower(3)), A, mat.NewVecDense(1, []float64{0}), mat.NewVecDense(1, []float64{1}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if x := res.X.AtVec(0); x != 0 || res.Iterations > 2 {
		t.Errorf("X = %v after %d iterations, want 0 after one damped step", x, res.Iterations)
	}
	// The same in two dimensions with a coupled constraint.
	A2 := mat.NewDense(1, 2, []float64{1, 1})
	res, err = Project(mustPot(NewQPower(3)), A2, mat.NewVecDense(1, []float64{0}), mat.NewVecDense(2, []float64{1, 1}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := mat.Norm(res.X, 2); !(n <= 1e-15) || res.Iterations > 2 {
		t.Errorf("X = %v after %d iterations, want 0", mat.Col(nil, 0, res.X), res.Iterations)
	}
}

// TestProjectTinyY: a relative stop test is scale invariant. For the
// homogeneous Euclidean and squared-2-norm potentials the projection of 0
// is linear in y, so scaling y by 1e-13 scales X by 1e-13 (to 1e-12,
// rounding level times the dual condition number); for hypentropy the
// projection must still interpolate, ‖AX − y‖ ≤ 1e-12‖y‖. Before, the stop
// test ‖Ax − y‖ ≤ Tol(1 + ‖y‖) was met by x0 = 0 after 0 iterations.
func TestProjectTinyY(t *testing.T) {
	A, _, y := projData(20, 50, 3, false, 3)
	tiny := mat.NewVecDense(20, nil)
	tiny.ScaleVec(1e-13, y)
	x0 := projConst(50, 0)
	for _, p := range []Potential{Euclidean{}, mustPot(NewSquaredQNorm(2))} {
		big, err := Project(p, A, y, x0, nil)
		if err != nil {
			t.Fatal(err)
		}
		small, err := Project(p, A, tiny, x0, nil)
		if err != nil {
			t.Fatal(err)
		}
		var want mat.VecDense
		want.ScaleVec(1e-13, big.X)
		if e := projRelDiff(small.X, &want); !(e <= 1e-12) || small.Iterations == 0 {
			t.Errorf("%v: X(1e-13·y) differs from 1e-13·X(y) by %.3g after %d iterations", p, e, small.Iterations)
		}
	}
	for _, a := range []float64{1e-3, 1} {
		res, err := Project(mustPot(NewHypentropy(a)), A, tiny, x0, nil)
		if err != nil {
			t.Fatal(err)
		}
		var r mat.VecDense
		r.MulVec(A, res.X)
		r.SubVec(&r, tiny)
		if e := mat.Norm(&r, 2) / mat.Norm(tiny, 2); !(e <= 1e-12) {
			t.Errorf("hypentropy(%g): ‖AX − y‖/‖y‖ = %.3g after %d iterations", a, e, res.Iterations)
		}
	}
}

// TestProjectScaleInvariance: {Ax = y} = {(sA)x = sy}, so the projection
// does not depend on s; A is scaled internally by a power of two, so
// s = 1e±300 (where AAᵀ over- or underflows) gives the s = 1 answer to
// rounding (1e-13: the scaled data differ from A, y by one rounding each,
// amplified by the dual condition number ≲ 1e2), with λ scaled by 1/s.
func TestProjectScaleInvariance(t *testing.T) {
	A, _, y := projData(20, 50, 3, false, 3)
	x0 := projConst(50, 0)
	for _, p := range []Potential{mustPot(NewHypentropy(0.1)), mustPot(NewSquaredQNorm(1.5))} {
		ref, err := Project(p, A, y, x0, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []float64{1e300, 1e-300, 1e308} {
			As := mat.NewDense(20, 50, nil)
			As.Scale(s, A)
			ys := mat.NewVecDense(20, nil)
			ys.ScaleVec(s, y)
			res, err := Project(p, As, ys, x0, nil)
			if err != nil {
				t.Fatalf("%v, s = %g: %v", p, s, err)
			}
			if e := projRelDiff(res.X, ref.X); !(e <= 1e-13) {
				t.Errorf("%v, s = %g: X differs by %.3g", p, s, e)
			}
			var lam mat.VecDense
			lam.ScaleVec(s, res.Lambda)
			if e := projRelDiff(&lam, ref.Lambda); !(e <= 1e-11) {
				t.Errorf("%v, s = %g: s·Lambda differs by %.3g", p, s, e)
			}
		}
	}
}

// TestNearestInterpolatorScaled: the ℓ2 interpolator of (sA, y) from x0 =
// 0 is X(A, y)/s; with s = 1e308 the old code formed Inf·0 and returned
// +Inf or NaN. A power-of-two scaling inside makes it exact up to the one
// rounding in sA (1e-14). With x0 ≠ 0, x0 − X is orthogonal to the
// solution set's direction and does not depend on s. An interpolator that
// overflows float64 is reported as invalid input.
func TestNearestInterpolatorScaled(t *testing.T) {
	A, _, y := projData(20, 50, 3, false, 8)
	x0 := projConst(50, 0.5)
	ref0, err := NearestInterpolator(A, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref1, err := NearestInterpolator(A, y, x0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []float64{1e300, 1e308, 1e-300} {
		As := mat.NewDense(20, 50, nil)
		As.Scale(s, A)
		x, err := NearestInterpolator(As, y, nil)
		if err != nil {
			t.Fatalf("s = %g: %v", s, err)
		}
		var want mat.VecDense
		want.ScaleVec(1/s, ref0)
		if s == 1e-300 {
			// 1/s overflows; compare s·x with ref0 instead.
			want.CloneFromVec(ref0)
			x.ScaleVec(s, x)
		}
		if e := projRelDiff(x, &want); !(e <= 1e-14) {
			t.Errorf("s = %g, x0 = 0: relative error %.3g", s, e)
		}
		// Scale y with A so that the interpolators stay O(1).
		ys := mat.NewVecDense(20, nil)
		ys.ScaleVec(s, y)
		x, err = NearestInterpolator(As, ys, x0)
		if err != nil {
			t.Fatalf("s = %g: %v", s, err)
		}
		if e := projRelDiff(x, ref1); !(e <= 1e-14) {
			t.Errorf("s = %g, x0 ≠ 0: relative error %.3g", s, e)
		}
	}
	// The case reported as returning NaN: (1e308·A, y) from x0 ≠ 0. The
	// answer is x0 − P x0 + O(1e-308), P the projector onto range(Aᵀ),
	// i.e. the interpolator of (A, 0) from x0.
	As := mat.NewDense(20, 50, nil)
	As.Scale(1e308, A)
	x, err := NearestInterpolator(As, y, x0)
	if err != nil {
		t.Fatal(err)
	}
	want, err := NearestInterpolator(A, mat.NewVecDense(20, nil), x0)
	if err != nil {
		t.Fatal(err)
	}
	if e := projRelDiff(x, want); !(e <= 1e-14) {
		t.Errorf("(1e308·A, y) from x0: relative error %.3g", e)
	}
	As.Scale(1e-300, A)
	ys := mat.NewVecDense(20, nil)
	ys.ScaleVec(1e300, y)
	if _, err := NearestInterpolator(As, ys, nil); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("overflowing interpolator: error %v, want ErrInvalidInput", err)
	}
}

// TestBasisPursuitZeroColumns: a column of zeros does not change Ax, so
// the minimum-ℓ1 interpolator is the one without that column, padded with
// a 0 (gonum's lp.Simplex refuses zero columns, so they must be dropped).
// Exact recovery as in TestBasisPursuitRecovers, to 1e-8.
func TestBasisPursuitZeroColumns(t *testing.T) {
	A, xStar, y := projData(20, 50, 3, false, 11)
	zero := []int{0, 17, 52}
	Z := mat.NewDense(20, 53, nil)
	xz := mat.NewVecDense(53, nil)
	for j, k := 0, 0; j < 53; j++ {
		if j == zero[0] || j == zero[1] || j == zero[2] {
			continue
		}
		Z.SetCol(j, mat.Col(nil, k, A))
		xz.SetVec(j, xStar.AtVec(k))
		k++
	}
	x, err := BasisPursuit(Z, y)
	if err != nil {
		t.Fatal(err)
	}
	if e := projRelDiff(x, xz); !(e <= 1e-8) {
		t.Errorf("basis pursuit with zero columns: error %.3g", e)
	}
	for _, j := range zero {
		if x.AtVec(j) != 0 {
			t.Errorf("x[%d] = %v on a zero column", j, x.AtVec(j))
		}
	}
}

// TestBasisPursuitScaled: BP(sA, ty) = (t/s)·BP(A, y). With s = 1e308 or
// t = 1e-13 the old code either overflowed or perturbed y by 1e-7·(1 + ‖y‖)
// ≫ ‖y‖ and lost the optimal basis. Exact recovery (1e-8 as above) at
// every scale, and y = 0 gives x = 0.
func TestBasisPursuitScaled(t *testing.T) {
	A, xStar, y := projData(20, 50, 3, false, 12)
	for _, c := range []struct{ s, t float64 }{{1e308, 1}, {1, 1e-13}, {1e-300, 1e-300}, {1e300, 1e290}} {
		As := mat.NewDense(20, 50, nil)
		As.Scale(c.s, A)
		yt := mat.NewVecDense(20, nil)
		yt.ScaleVec(c.t, y)
		x, err := BasisPursuit(As, yt)
		if err != nil {
			t.Fatalf("s = %g, t = %g: %v", c.s, c.t, err)
		}
		x.ScaleVec(c.s/c.t, x)
		if e := projRelDiff(x, xStar); !(e <= 1e-8) {
			t.Errorf("s = %g, t = %g: recovery error %.3g", c.s, c.t, e)
		}
	}
	x, err := BasisPursuit(A, mat.NewVecDense(20, nil))
	if err != nil || mat.Norm(x, 1) != 0 {
		t.Errorf("y = 0: x = %v, error %v", x, err)
	}
}
