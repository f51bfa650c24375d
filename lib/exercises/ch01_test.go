package exercises

// Tests of chapter 1 (notebooks/01-mirror-descent.ipynb): every claim the
// chapter's check tables make, re-run at the notebook's parameters, plus the
// exercise checkers. Predictions are recomputed here independently where
// that is cheap (closed-form ℓ2 projection, KKT conditions of the KL
// projection), so that a bug in Project or NearestInterpolator shows up.

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Chapter-1 sizes and seed, from the problem the notebook uses.
var c1n, c1d, c1k, c1seed = ch01Problem.N, ch01Problem.D, ch01Problem.K, ch01Problem.Seed

func c1const(d int, c float64) *mat.VecDense {
	v := mat.NewVecDense(d, nil)
	for i := 0; i < d; i++ {
		v.SetVec(i, c)
	}
	return v
}

func c1maxRow2(A *mat.Dense) float64 {
	n, _ := A.Dims()
	m := 0.0
	for i := 0; i < n; i++ {
		r := mat.Norm(A.RowView(i), 2)
		m = math.Max(m, r*r)
	}
	return m
}

func c1rel(x, ref *mat.VecDense) float64 {
	r := mat.Col(nil, 0, ref)
	return floats.Distance(mat.Col(nil, 0, x), r, 2) / floats.Norm(r, 2)
}

// c1rangeResidual returns the norm of the component of v orthogonal to
// range(Aᵀ), relative to ‖v‖, computed with a QR least-squares solve.
func c1rangeResidual(t *testing.T, A *mat.Dense, v *mat.VecDense) float64 {
	t.Helper()
	var lam, back, r mat.VecDense
	if err := lam.SolveVec(A.T(), v); err != nil {
		t.Fatalf("least squares in range(Aᵀ): %v", err)
	}
	back.MulVec(A.T(), &lam)
	r.SubVec(v, &back)
	return mat.Norm(&r, 2) / math.Max(mat.Norm(v, 2), 1e-300)
}

// closedFormNearest is x₀ + Aᵀ(AAᵀ)⁻¹(y − Ax₀), computed here without the
// library.
func closedFormNearest(t *testing.T, A *mat.Dense, y, x0 *mat.VecDense) *mat.VecDense {
	t.Helper()
	var aat mat.Dense
	aat.Mul(A, A.T())
	var r, lam, x mat.VecDense
	r.MulVec(A, x0)
	r.SubVec(y, &r)
	if err := lam.SolveVec(&aat, &r); err != nil {
		t.Fatal(err)
	}
	x.MulVec(A.T(), &lam)
	x.AddVec(&x, x0)
	return &x
}

// c1gauss is the notebook's gaussVec: d N(0,1) entries from PCG(seed, 7).
func c1gauss(d int, seed uint64) *mat.VecDense {
	rng := rand.New(rand.NewPCG(seed, 7))
	v := mat.NewVecDense(d, nil)
	for i := 0; i < d; i++ {
		v.SetVec(i, rng.NormFloat64())
	}
	return v
}

func TestCh01Experiment1(t *testing.T) {
	A, xStar, y, err := ch01Problem.Generate(false)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := implicitbias.NewLeastSquares(A, y)
	if err != nil {
		t.Fatal(err)
	}
	x0 := c1gauss(c1d, c1seed)
	var svd mat.SVD
	svd.Factorize(A, mat.SVDNone)
	sv := svd.Values(nil)
	gd, err := implicitbias.MirrorDescent(implicitbias.Euclidean{}, ls, x0,
		implicitbias.DescentSettings{Step: 1 / (sv[0] * sv[0]), MaxIter: 2000})
	if err != nil {
		t.Fatal(err)
	}
	// The notebook's argument: κ = λmax/λmin of AAᵀ is about 10, so the
	// contraction bound (1 − 1/κ)^2000 is far below rounding.
	if k := sv[0] * sv[0] / (sv[c1n-1] * sv[c1n-1]); !(k >= 5) || !(k <= 20) || !(math.Pow(1-1/k, 2000) <= 1e-16) {
		t.Errorf("κ(AAᵀ) = %.3g: not 'about 10' with (1 − 1/κ)^2000 below rounding", k)
	}
	want := closedFormNearest(t, A, y, x0)
	// Notebook tolerance 1e-8: the contraction (1 − 1/κ)^2000 with κ ≈ 10 is
	// far below rounding, so only ~1e-15·κ remains.
	if e := c1rel(gd.X, want); !(e <= 1e-8) {
		t.Errorf("GD limit vs closed form: rel. error %g > 1e-8", e)
	}
	lib, err := implicitbias.NearestInterpolator(A, y, x0)
	if err != nil {
		t.Fatal(err)
	}
	if e := c1rel(lib, want); !(e <= 1e-12) {
		t.Errorf("NearestInterpolator vs closed form: rel. error %g", e)
	}
	dist := func(x *mat.VecDense) float64 { var v mat.VecDense; v.SubVec(x, x0); return mat.Norm(&v, 2) }
	xMin := closedFormNearest(t, A, y, mat.NewVecDense(c1d, nil))
	xRand := closedFormNearest(t, A, y, c1gauss(c1d, c1seed+100))
	for name, x := range map[string]*mat.VecDense{"min-norm": xMin, "x*": xStar, "random": xRand} {
		if !(dist(x) >= 1.01*dist(gd.X)) {
			t.Errorf("‖%s − x₀‖ = %g is not ≥ 1.01 × GD's %g", name, dist(x), dist(gd.X))
		}
	}
	bp, err := implicitbias.BasisPursuit(A, y)
	if err != nil {
		t.Fatal(err)
	}
	if e := c1rel(bp, xStar); !(e <= 1e-8) {
		t.Errorf("basis pursuit does not recover x*: rel. error %g", e)
	}
}

func TestCh01Experiment2(t *testing.T) {
	A, xStar, y, err := ch01Problem.Generate(true)
	if err != nil {
		t.Fatal(err)
	}
	ls, _ := implicitbias.NewLeastSquares(A, y)
	ent := implicitbias.NegEntropy{}
	x0 := c1const(c1d, 0.1)
	eta := 0.5 / (c1maxRow2(A) * math.Max(1, mat.Norm(xStar, math.Inf(1))))
	proj, err := implicitbias.Project(ent, A, y, x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Independent check of the prediction: log x − log x₀ ∈ range(Aᵀ), Ax = y.
	lg := mat.NewVecDense(c1d, nil)
	for i := 0; i < c1d; i++ {
		lg.SetVec(i, math.Log(proj.X.AtVec(i)/0.1))
	}
	if r := c1rangeResidual(t, A, lg); !(r <= 1e-9) {
		t.Errorf("KL projection: log x − log x₀ leaves range(Aᵀ) by %g", r)
	}
	// The notebook's tolerance argument: residual 1e-10 times κ(A diag(x_∞) Aᵀ)
	// (the Hessian of the dual problem at the solution) stays below 1e-7.
	var ad, h mat.Dense
	ad.Apply(func(_, j int, v float64) float64 { return v * proj.X.AtVec(j) }, A)
	h.Mul(&ad, A.T())
	if k := mat.Cond(&h, 2); !(k*1e-10 >= 1e-8) || !(k*1e-10 < 1e-7) {
		t.Errorf("κ(A diag(x_∞) Aᵀ) = %.3g: residual 1e-10 × κ is not 'a few times 1e-8' below the tolerance 1e-7", k)
	}
	smd, err := implicitbias.MirrorDescent(ent, ls, x0, implicitbias.DescentSettings{Step: eta, Batch: 1, MaxIter: 1_000_000, Tol: 1e-10})
	if err != nil || !smd.Converged {
		t.Fatalf("SMD entropy: err %v, converged %v", err, smd != nil && smd.Converged)
	}
	if e := c1rel(smd.X, proj.X); !(e <= 1e-7) {
		t.Errorf("SMD entropy vs KL projection: rel. error %g > 1e-7", e)
	}
	early, err := implicitbias.MirrorDescent(ent, ls, x0, implicitbias.DescentSettings{Step: eta, Batch: 1, MaxIter: 50})
	if err != nil {
		t.Fatal(err)
	}
	var b50 mat.VecDense
	b50.MulVec(A, early.X)
	p50, err := implicitbias.Project(ent, A, &b50, x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e := c1rel(early.X, p50.X); !(e <= 1e-9) {
		t.Errorf("x₅₀ vs projection onto {Ax = Ax₅₀}: rel. error %g > 1e-9", e)
	}

	// EG on the simplex towards the half-sparse, half-uniform target.
	var xs, ys mat.VecDense
	xs.ScaleVec(0.5/mat.Sum(xStar), xStar)
	xs.AddVec(&xs, c1const(c1d, 0.5/float64(c1d)))
	ys.MulVec(A, &xs)
	Aplus := mat.NewDense(c1n+1, c1d, nil)
	Aplus.Slice(0, c1n, 0, c1d).(*mat.Dense).Copy(A)
	yplus := mat.NewVecDense(c1n+1, nil)
	for i := 0; i < c1n; i++ {
		yplus.SetVec(i, ys.AtVec(i))
	}
	for j := 0; j < c1d; j++ {
		Aplus.Set(c1n, j, 1)
	}
	yplus.SetVec(c1n, 1)
	u0 := c1const(c1d, 1/float64(c1d))
	projS, err := implicitbias.Project(ent, Aplus, yplus, u0, nil)
	if err != nil {
		t.Fatal(err)
	}
	lsS, _ := implicitbias.NewLeastSquares(A, &ys)
	eg, err := implicitbias.MirrorDescent(implicitbias.SimplexEntropy{}, lsS, u0,
		implicitbias.DescentSettings{Step: 2 / c1maxRow2(A), Batch: 1, MaxIter: 1_000_000, Tol: 1e-10})
	if err != nil || !eg.Converged {
		t.Fatalf("EG: err %v", err)
	}
	if e := c1rel(eg.X, projS.X); !(e <= 1e-7) {
		t.Errorf("EG vs KL projection with 1ᵀx = 1: rel. error %g > 1e-7", e)
	}

	// The notebook's remark: the rescaled sparse x* is the min-ℓ1 interpolator
	// of its data, hence the only nonnegative point of {Ax = y, 1ᵀx = 1}.
	var sp, spy mat.VecDense
	sp.ScaleVec(1/mat.Sum(xStar), xStar)
	spy.MulVec(A, &sp)
	bp, err := implicitbias.BasisPursuit(A, &spy)
	if err != nil {
		t.Fatal(err)
	}
	if e := c1rel(bp, &sp); !(e <= 1e-8) {
		t.Errorf("basis pursuit does not recover x*/‖x*‖₁: rel. error %g", e)
	}
}

func TestCh01Experiment3(t *testing.T) {
	A, _, y, err := ch01Problem.Generate(false)
	if err != nil {
		t.Fatal(err)
	}
	ls, _ := implicitbias.NewLeastSquares(A, y)
	zero := mat.NewVecDense(c1d, nil)
	qs := []float64{1.25, 1.5, 2, 3, 10}
	if testing.Short() {
		qs = qs[1:4]
	}
	for _, q := range qs {
		p, err := implicitbias.NewQPower(q)
		if err != nil {
			t.Fatal(err)
		}
		proj, err := implicitbias.Project(p, A, y, zero, nil)
		if err != nil {
			t.Fatal(err)
		}
		// KKT of min ‖x‖_q: sgn(x)|x|^{q−1} ∈ range(Aᵀ).
		g := make([]float64, c1d)
		p.Grad(g, proj.X.RawVector().Data)
		if r := c1rangeResidual(t, A, mat.NewVecDense(c1d, g)); !(r <= 1e-9) {
			t.Errorf("q = %g: ∇ψ(x_proj) leaves range(Aᵀ) by %g", q, r)
		}
		cq := 0.5
		if q >= 3 {
			cq = 0.05
		}
		r, err := implicitbias.MirrorDescent(p, ls, zero, implicitbias.DescentSettings{Step: cq / c1maxRow2(A), Batch: 1, MaxIter: 100_000, Tol: 1e-10})
		var nc *implicitbias.NotConvergedError
		if q == 10 {
			// The notebook says q = 10 does not converge within its budget:
			// the run returns its last iterate and a *NotConvergedError.
			if !errors.As(err, &nc) || r == nil || !(r.Residual >= 1e-3) {
				t.Errorf("q = 10: error %v: want a *NotConvergedError far from interpolation (else update the notebook's text)", err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("q = %g: %v", q, err)
		}
		if !r.Converged {
			t.Errorf("q = %g: not converged, residual %g", q, r.Residual)
			continue
		}
		if e := c1rel(r.X, proj.X); !(e <= 1e-6) {
			t.Errorf("q = %g: SMD vs min-ℓq interpolator: rel. error %g > 1e-6", q, e)
		}
	}
}

// TestCh01QGrid checks the notebook's claim that along its q grid (1.1 to
// 10) ‖x_q‖₁ grows and ‖x_q‖∞ shrinks, and the contrast behind Q3: from 0 the
// q = 1.1 projection is sparse, from 0.1·1 the q = 1.1 SMD limit is dense.
func TestCh01QGrid(t *testing.T) {
	A, _, y, err := ch01Problem.Generate(false)
	if err != nil {
		t.Fatal(err)
	}
	zero := mat.NewVecDense(c1d, nil)
	qp := func(q float64) (implicitbias.Potential, error) { return implicitbias.NewQPower(q) }
	var down, up []float64
	for i := 0; i <= 12; i++ {
		down = append(down, math.Pow(2, 1-float64(i)/12)*math.Pow(1.1, float64(i)/12))
		up = append(up, 2*math.Pow(5, float64(i)/12))
	}
	pd, err := implicitbias.ProjectPath(down, qp, A, y, zero)
	if err != nil {
		t.Fatal(err)
	}
	pu, err := implicitbias.ProjectPath(up, qp, A, y, zero)
	if err != nil {
		t.Fatal(err)
	}
	var xs []*mat.VecDense
	for i := len(pd) - 1; i >= 0; i-- {
		xs = append(xs, pd[i].X)
	}
	for _, pr := range pu[1:] {
		xs = append(xs, pr.X)
	}
	for i := 1; i < len(xs); i++ {
		if !(mat.Norm(xs[i], 1) >= mat.Norm(xs[i-1], 1)) || !(mat.Norm(xs[i], math.Inf(1)) <= mat.Norm(xs[i-1], math.Inf(1))) {
			t.Errorf("grid point %d: ‖x‖₁ or ‖x‖∞ not monotone", i)
		}
	}
	if c := countBig(xs[0]); c > 10 {
		t.Errorf("q = 1.1 from 0: %d entries above 1e-3·max, expected a sparse vector", c)
	}
	ls, _ := implicitbias.NewLeastSquares(A, y)
	p, _ := implicitbias.NewQPower(1.1)
	r, err := implicitbias.MirrorDescent(p, ls, c1const(c1d, 0.1), implicitbias.DescentSettings{Step: 0.5 / c1maxRow2(A), Batch: 1, MaxIter: 200_000, Tol: 1e-10})
	if err != nil || !r.Converged {
		t.Fatalf("q = 1.1 from 0.1·1: err %v", err)
	}
	if c := countBig(r.X); c < 25 {
		t.Errorf("q = 1.1 from 0.1·1: only %d entries above 1e-3·max, Q3's answer \"dense\" is wrong", c)
	}
}

func countBig(x *mat.VecDense) int {
	m, c := mat.Norm(x, math.Inf(1)), 0
	for i := 0; i < x.Len(); i++ {
		if math.Abs(x.AtVec(i)) > 1e-3*m {
			c++
		}
	}
	return c
}

func TestCh01Picture2D(t *testing.T) {
	A := mat.NewDense(1, 2, []float64{1, 1})
	y := mat.NewVecDense(1, []float64{2})
	ls, _ := implicitbias.NewLeastSquares(A, y)
	x0 := mat.NewVecDense(2, []float64{0.05, 0.6})
	q3, _ := implicitbias.NewQPower(3)
	for _, p := range []implicitbias.Potential{implicitbias.Euclidean{}, implicitbias.NegEntropy{}, q3} {
		r, err := implicitbias.MirrorDescent(p, ls, x0, implicitbias.DescentSettings{Step: 0.08, MaxIter: 2000, Tol: 1e-12})
		if err != nil {
			t.Fatal(err)
		}
		proj, err := implicitbias.Project(p, A, y, x0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e := c1rel(r.X, proj.X); !(e <= 1e-8) {
			t.Errorf("%v: MD vs projection: rel. error %g", p, e)
		}
		// Tangency, independent of Project: ∇ψ(x_T) − ∇ψ(x₀) ∥ (1, 1).
		g, g0 := make([]float64, 2), make([]float64, 2)
		p.Grad(g, r.X.RawVector().Data)
		p.Grad(g0, x0.RawVector().Data)
		if v := math.Abs((g[0] - g0[0]) - (g[1] - g0[1])); !(v <= 1e-9) {
			t.Errorf("%v: not tangent, cross product %g", p, v)
		}
	}
}

func TestCh01Checkers(t *testing.T) {
	A, y, x0 := Ch01.Q1Problem()
	if r := Ch01.Q1(closedFormNearest(t, A, y, x0)); !r.Right {
		t.Errorf("Q1 rejects the right answer: %v", r)
	}
	if r := Ch01.Q1(x0); r.Right {
		t.Error("Q1 accepts x₀, which does not interpolate")
	}
	// The tolerances are tight: a residual or a null-space component of
	// 1e-6 (relative to ‖y‖ ≈ 1) is rejected — a looser check, e.g. one that
	// accepted a residual of 1e-3, fails here — while rounding-level
	// perturbations (1e-12) are accepted.
	right := closedFormNearest(t, A, y, x0)
	var w, rowDir mat.VecDense
	w.MulVec(A.T(), mat.NewVecDense(3, []float64{1, -2, 0.5})) // in range(Aᵀ): changes Ax
	rowDir.MulVec(A, &w)
	nullDir := closedFormNearest(t, A, y, mat.NewVecDense(6, []float64{1, 1, 1, 1, 1, 1}))
	nullDir.SubVec(nullDir, right) // in null(A): keeps Ax = y
	for _, c := range []struct {
		name  string
		dir   *mat.VecDense
		scale float64 // the size of the effect the checker measures
		ok    bool
	}{
		{"residual 1e-6", &w, 1e-6 / mat.Norm(&rowDir, 2), false},
		{"residual 1e-12", &w, 1e-12 / mat.Norm(&rowDir, 2), true},
		{"null-space 1e-6", nullDir, 1e-6 / mat.Norm(nullDir, 2), false},
		{"null-space 1e-12", nullDir, 1e-12 / mat.Norm(nullDir, 2), true},
	} {
		var x mat.VecDense
		x.AddScaledVec(right, c.scale, c.dir)
		if r := Ch01.Q1(&x); r.Right != c.ok {
			t.Errorf("Q1 with a perturbation (%s): Right = %v, want %v", c.name, r.Right, c.ok)
		}
	}
	// An interpolator that is not GD's limit: the nearest one to another point.
	other := closedFormNearest(t, A, y, mat.NewVecDense(6, []float64{1, 1, 1, 1, 1, 1}))
	if r := Ch01.Q1(other); r.Right {
		t.Error("Q1 accepts an interpolator with a null-space component")
	}
	if r := Ch01.Q1(mat.NewVecDense(5, nil)); r.Right {
		t.Error("Q1 accepts a vector of the wrong length")
	}
	if r := Ch01.Q1(nil); r.Right {
		t.Error("Q1 accepts nil")
	}
	nan := closedFormNearest(t, A, y, x0)
	nan.SetVec(2, math.NaN())
	if r := Ch01.Q1(nan); r.Right {
		t.Error("Q1 accepts NaN")
	}
	if r := Ch01.Q2("same", " Same ", "CHANGES"); !r.Right {
		t.Errorf("Q2 rejects the right answer: %v", r)
	}
	for _, w := range [][3]string{{"changes", "same", "changes"}, {"same", "changes", "changes"}, {"same", "same", "same"}, {"?", "same", "changes"}} {
		if r := Ch01.Q2(w[0], w[1], w[2]); r.Right {
			t.Errorf("Q2 accepts %q", w)
		}
	}
	if r := Ch01.Q3("Dense"); !r.Right {
		t.Errorf("Q3 rejects the right answer: %v", r)
	}
	for _, w := range []string{"sparse", "?", ""} {
		if r := Ch01.Q3(w); r.Right {
			t.Errorf("Q3 accepts %q", w)
		}
	}
}
