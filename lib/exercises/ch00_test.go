package exercises

// Tests of chapter 0 (notebooks/00-start-here.ipynb): its experiment re-run
// at the notebook's parameters (n = 20, d = 60, k = 3, seed 1, η = 1/σ²max,
// T = 200), asserting every row of its check tables and the statements of its
// prose, plus the warm-up checker Ch00.Q1. Predictions are computed
// independently of the calls the notebook makes: the minimum-norm
// interpolator in closed form Aᵀ(AAᵀ)⁻¹y, the rate from the eigenvalues of
// AAᵀ (the notebook uses the SVD of A), basis pursuit's answer certified by the
// dual LP (the notebook calls BasisPursuit, which solves the primal).

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// The chapter's sizes, from its exported problem.
var ch00N, ch00D = ch00Problem.N, ch00Problem.D

// ch00Eig returns the eigenvalues of AAᵀ in increasing order.
func ch00Eig(t *testing.T, A *mat.Dense) []float64 {
	t.Helper()
	var aat mat.SymDense
	aat.SymOuterK(1, A)
	var eig mat.EigenSym
	if !eig.Factorize(&aat, false) {
		t.Fatal("eigen-decomposition of AAᵀ failed")
	}
	ev := eig.Values(nil)
	slices.Sort(ev)
	return ev
}

// ch00Run is the notebook's gradient descent: x_{t+1} = x_t − ηAᵀ(Ax_t − y)
// from 0, returning ‖x_t − x̂‖ for t = 0..T and the iterate x₁₀.
func ch00Run(A *mat.Dense, y, xHat *mat.VecDense, eta float64, T int) (errs []float64, x10 *mat.VecDense) {
	n, d := A.Dims()
	x := mat.NewVecDense(d, nil)
	r, g, e := mat.NewVecDense(n, nil), mat.NewVecDense(d, nil), mat.NewVecDense(d, nil)
	errs = make([]float64, T+1)
	for t := 0; ; t++ {
		e.SubVec(x, xHat)
		errs[t] = e.Norm(2)
		if t == 10 {
			x10 = mat.VecDenseCopyOf(x)
		}
		if t == T {
			return errs, x10
		}
		r.MulVec(A, x)
		r.SubVec(r, y)
		g.MulVec(A.T(), r)
		x.AddScaledVec(x, -eta, g)
	}
}

// ch00DualBP solves the dual of basis pursuit, max yᵀλ s.t. −1 ≤ Aᵀλ ≤ 1,
// with gonum's simplex method in standard form: variables (λ₊, λ₋, s₁, s₂) ≥ 0,
// Aᵀ(λ₊ − λ₋) + s₁ = 1, −Aᵀ(λ₊ − λ₋) + s₂ = 1, minimise −yᵀ(λ₊ − λ₋).
func ch00DualBP(t *testing.T, A *mat.Dense, y *mat.VecDense) *mat.VecDense {
	t.Helper()
	n, d := A.Dims()
	G := mat.NewDense(2*d, 2*n+2*d, nil)
	c := make([]float64, 2*n+2*d)
	b := make([]float64, 2*d)
	for j := 0; j < d; j++ {
		for i := 0; i < n; i++ {
			a := A.At(i, j)
			G.Set(j, i, a)
			G.Set(j, n+i, -a)
			G.Set(d+j, i, -a)
			G.Set(d+j, n+i, a)
		}
		G.Set(j, 2*n+j, 1)
		G.Set(d+j, 2*n+d+j, 1)
		b[j], b[d+j] = 1, 1
	}
	for i := 0; i < n; i++ {
		c[i], c[n+i] = -y.AtVec(i), y.AtVec(i)
	}
	_, z, err := lp.Simplex(c, G, b, 1e-10, nil)
	if err != nil {
		t.Fatalf("dual basis-pursuit LP: %v", err)
	}
	lam := mat.NewVecDense(n, nil)
	for i := 0; i < n; i++ {
		lam.SetVec(i, z[i]-z[n+i])
	}
	return lam
}

func TestCh00Seeds(t *testing.T) {
	draw := func(seed uint64) []float64 {
		r := rand.New(rand.NewPCG(seed, 0))
		return []float64{r.Float64(), r.Float64(), r.Float64()}
	}
	if !slices.Equal(draw(1), draw(1)) {
		t.Error("seed 1 twice gives different numbers")
	}
	if slices.Equal(draw(1), draw(2)) {
		t.Error("seeds 1 and 2 give the same numbers")
	}
}

func TestCh00Experiment(t *testing.T) {
	const T = 200
	A, xStar, y, err := ch00Problem.Generate(false)
	if err != nil {
		t.Fatal(err)
	}
	zero := mat.NewVecDense(ch00D, nil)

	// Prediction, in closed form: x̂ = Aᵀ(AAᵀ)⁻¹y. The library's
	// NearestInterpolator, which the notebook uses, must agree.
	xHat := closedFormNearest(t, A, y, zero)
	lib, err := implicitbias.NearestInterpolator(A, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := c1rel(lib, xHat); !(d <= 1e-12) { // both exact up to ~1e-16·κ(AAᵀ)
		t.Fatalf("NearestInterpolator differs from Aᵀ(AAᵀ)⁻¹y by %.2g (relative)", d)
	}

	// Step and rate from the eigenvalues of AAᵀ (λ = σ²).
	ev := ch00Eig(t, A)
	if len(ev) != ch00N || !(ev[0] > 0) {
		t.Fatalf("AAᵀ is not positive definite: eigenvalues %v", ev)
	}
	lmax, lmin, lnext := ev[ch00N-1], ev[0], ev[1]
	eta := 1 / lmax
	rate := 1 - eta*lmin

	errs, x10 := ch00Run(A, y, xHat, eta, T)
	bound := func(t int) float64 { return math.Pow(rate, float64(t)) * mat.Norm(xHat, 2) }

	// Row 1: contraction measured over t = 20…80, tolerance 1e-2. The
	// measured factor can never exceed 1 − ησ²min (every mode contracts at
	// least that fast); the 1e-2 also covers the gap to the next-slowest
	// mode, as the notebook's comment says.
	measured := math.Pow(errs[80]/errs[20], 1.0/60)
	if !(math.Abs(measured-rate) <= 1e-2*rate) {
		t.Errorf("measured contraction %.6g vs predicted 1 − ησ²min = %.6g: beyond 1%%", measured, rate)
	}
	if !(measured <= rate*(1+1e-12)) {
		t.Errorf("measured contraction %.9g exceeds the slowest mode's %.9g", measured, rate)
	}
	if next := 1 - eta*lnext; !(math.Abs(next-rate) <= 1e-2*rate) {
		t.Errorf("notebook comment: the next-slowest factor %.6g is not within 1%% of %.6g", next, rate)
	}

	// Row 2: the bound holds up to t = 120, where it is still above 1e-9.
	if b := bound(120) / mat.Norm(xHat, 2); !(b >= 1e-9) {
		t.Errorf("notebook comment: the relative bound at t = 120 is %.2g, not above 1e-9", b)
	}
	for tt := 1; tt <= 120; tt++ {
		if !(errs[tt] <= (1+1e-9)*bound(tt)) {
			t.Errorf("t = %d: ‖x_t − x̂‖ = %.6g above the bound %.6g", tt, errs[tt], bound(tt))
		}
	}

	// Row 3 (tolerance 1e-10): converged after T = 200 steps. The prose calls
	// the end of the curve round-off, so assert the stricter 1e-13 level.
	if rel := errs[T] / mat.Norm(xHat, 2); !(rel <= 1e-13) {
		t.Errorf("‖x_T − x̂‖/‖x̂‖ = %.2g: not at round-off level", rel)
	}

	// Row 4: x₁₀ lies in the row space of A (QR least squares on Aᵀ).
	if r := c1rangeResidual(t, A, x10); !(r <= 1e-12) {
		t.Errorf("x₁₀ leaves range(Aᵀ): relative component %.2g", r)
	}

	// Rows 5–6: basis pursuit recovers x⋆. Certified here through the dual
	// LP max yᵀλ s.t. ‖Aᵀλ‖∞ ≤ 1 (the library solves the primal LP): x⋆
	// interpolates, so ‖x⋆‖₁ = yᵀλ* proves x⋆ a minimiser of ‖x‖₁ on
	// Ax = y (weak duality). (Uniqueness is not certified: the simplex
	// returns a degenerate vertex λ* with an active constraint off the
	// support.)
	lam := ch00DualBP(t, A, y)
	l1Star := mat.Norm(xStar, 1)
	if gap := math.Abs(mat.Dot(y, lam) - l1Star); !(gap <= 1e-9*l1Star) { // simplex pivots: exact to rounding
		t.Fatalf("dual LP value %.12g differs from ‖x⋆‖₁ = %.12g", mat.Dot(y, lam), l1Star)
	}
	xBP, err := implicitbias.BasisPursuit(A, y)
	if err != nil {
		t.Fatal(err)
	}
	if d := c1rel(xBP, xStar); !(d <= 1e-9) {
		t.Errorf("BasisPursuit misses the certified minimiser x⋆ by %.2g (relative)", d)
	}
	l1Hat := mat.Norm(xHat, 1)
	if !(l1Hat >= l1Star) {
		t.Errorf("‖x̂‖₁ = %.6g below the minimal ℓ1 norm %.6g", l1Hat, l1Star)
	}

	// Row 7 and the prose: x̂ has every entry nonzero (above 1e-6) and an ℓ1
	// norm "about twice" that of x⋆ (asserted as a ratio in [1.5, 2.5]).
	nz := 0
	for i := 0; i < ch00D; i++ {
		if math.Abs(xHat.AtVec(i)) > 1e-6 {
			nz++
		}
	}
	if nz != ch00D {
		t.Errorf("x̂ has %d of %d entries above 1e-6; the prose says all", nz, ch00D)
	}
	if ratio := l1Hat / l1Star; !(ratio >= 1.5) || !(ratio <= 2.5) {
		t.Errorf("‖x̂‖₁/‖x⋆‖₁ = %.3g, not 'about twice'", ratio)
	}
}

func TestCh00Q1(t *testing.T) {
	silence(t)
	A, _, y, err := ch00Problem.Generate(false)
	if err != nil {
		t.Fatal(err)
	}
	ev := ch00Eig(t, A)
	rate := 1 - ev[0]/ev[ch00N-1]
	want := math.Log(1e-6) / math.Log(rate)
	for _, ok := range []float64{want, math.Ceil(want), math.Floor(want)} {
		if !Ch00.Q1(ok).Right {
			t.Errorf("Q1 rejects %.4g (t* = %.4g)", ok, want)
		}
	}
	// The actual error starts below the bound, so it reaches 10⁻⁶ of its
	// start earlier; that count answers another question.
	errs, _ := ch00Run(A, y, closedFormNearest(t, A, y, mat.NewVecDense(ch00D, nil)), 1/ev[ch00N-1], 200)
	crossing := 0
	for errs[crossing] > 1e-6*errs[0] {
		crossing++
	}
	wrong := []float64{0, 2 * want, want - 4, want + 4,
		math.Log(1e-6) / math.Log(1-ev[0]), // η forgotten
		-6 / math.Log(rate),                // log₁₀ on one side only
		math.NaN()}
	if math.Abs(float64(crossing)-want) > 0.03*want {
		wrong = append(wrong, float64(crossing))
	}
	for _, w := range wrong {
		if Ch00.Q1(w).Right {
			t.Errorf("Q1 accepts %.4g (t* = %.4g)", w, want)
		}
	}
}
