package implicitbias

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	planted "github.com/implicitbias/course/lib/implicitbias/internal/plantgen"
)

// lambdaMax returns (*LeastSquares).Smoothness = λmax(AᵀA).
func lambdaMax(t *testing.T, ls *LeastSquares) float64 {
	t.Helper()
	l, err := ls.Smoothness()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// maxRowNorm2 returns max_i ‖aᵢ‖².
func maxRowNorm2(A *mat.Dense) float64 {
	n, _ := A.Dims()
	var m float64
	for i := 0; i < n; i++ {
		r := A.RawRowView(i)
		m = math.Max(m, floats.Dot(r, r))
	}
	return m
}

func constVec(d int, c float64) *mat.VecDense {
	v := mat.NewVecDense(d, nil)
	for j := 0; j < d; j++ {
		v.SetVec(j, c)
	}
	return v
}

// TestGDReachesNearestInterpolator: Euclidean MD = GD with η = 1/λmax(AᵀA)
// from a random x0 converges to x0 + Aᵀ(AAᵀ)⁻¹(y − Ax0);
// stopping at residual 1e-12 leaves an error ≲ κ(A)·1e-12 ≪ 1e-8.
func TestGDReachesNearestInterpolator(t *testing.T) {
	A, _, y, ls := plantedLS(t, 20, 50, 3, false, 1)
	x0, err := planted.SparseVector(50, 50, false, 77)
	if err != nil {
		t.Fatal(err)
	}
	res, err := MirrorDescent(Euclidean{}, ls, x0, DescentSettings{Step: 1 / lambdaMax(t, ls), MaxIter: 2000, Tol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	want, err := NearestInterpolator(A, y, x0)
	if err != nil {
		t.Fatal(err)
	}
	if e := relDist(res.X, want); !(e <= 1e-8) || !res.Converged {
		t.Errorf("GD: rel. error %.2g to the nearest interpolator after %d iterations (residual %.2g)", e, res.Iterations, res.Residual)
	}
}

// entropyProblem is the course default for the entropy: nonnegative 3-sparse x*, x0 = 0.1·1 and
// η = 0.5/(max‖aᵢ‖²·max(1, ‖x*‖∞)).
func entropyProblem(t testing.TB) (*mat.Dense, *mat.VecDense, *LeastSquares, *mat.VecDense, float64) {
	A, xs, y, ls := plantedLS(t, 20, 50, 3, true, 1)
	eta := 0.5 / (maxRowNorm2(A) * math.Max(1, mat.Norm(xs, math.Inf(1))))
	return A, y, ls, constVec(50, 0.1), eta
}

// TestSMDEntropyReachesKLProjection: single-sample cyclic SMD with the
// negative entropy on the course's default problem converges to the KL
// projection of x0 onto {Ax = y} computed by Project. Mini-batch, shuffled
// and variable-step SMD converge to the same point (on a smaller problem, to
// keep the test fast): the implicit bias does not depend on the step, the
// batch or the sample order (Azizan, Hassibi, ICLR 2019). After stopping at residual
// 1e-10 the error is ≲ κ·1e-10 (κ = conditioning of A diag(x) Aᵀ), hence
// the 1e-7 bound.
func TestSMDEntropyReachesKLProjection(t *testing.T) {
	A, y, ls, x0, eta := entropyProblem(t)
	checkEntropySMD(t, A, y, ls, x0, []DescentSettings{{Step: eta, Batch: 1}})

	A, xs, y, err := planted.PlantedProblem(10, 30, 3, true, 4)
	if err != nil {
		t.Fatal(err)
	}
	ls, err = NewLeastSquares(A, y)
	if err != nil {
		t.Fatal(err)
	}
	eta = 0.5 / (maxRowNorm2(A) * math.Max(1, mat.Norm(xs, math.Inf(1))))
	checkEntropySMD(t, A, y, ls, constVec(30, 0.1), []DescentSettings{
		{Step: eta, Batch: 1},
		{Step: 4 * eta, Batch: 4},
		{Step: 3 * eta, Batch: 3, Shuffle: true, Seed: 1},
		{Step: eta, Batch: 1, Shuffle: true, Seed: 2},
		{Step: 1e-3, Batch: 0},
		{Schedule: func(t int) float64 { return eta * (0.5 + 0.25*float64(t%3)) }, Batch: 1},
	})
}

func checkEntropySMD(t *testing.T, A *mat.Dense, y *mat.VecDense, ls *LeastSquares, x0 *mat.VecDense, settings []DescentSettings) {
	t.Helper()
	proj, err := Project(NegEntropy{}, A, y, x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The projection is neither x0 nor a trivial point: the check discriminates.
	if e := relDist(x0, proj.X); !(e >= 1e-2) {
		t.Fatalf("degenerate projection (%.2g from x0)", e)
	}
	for _, s := range settings {
		s.Tol, s.MaxIter = 1e-10, 2000000
		res, err := MirrorDescent(NegEntropy{}, ls, x0, s)
		if err != nil {
			t.Fatal(err)
		}
		e := relDist(res.X, proj.X)
		if !res.Converged || !(e <= 1e-7) {
			t.Errorf("batch %d shuffle %v schedule %v: converged %v after %d iterations, rel. error %.2g to the KL projection",
				s.Batch, s.Shuffle, s.Schedule != nil, res.Converged, res.Iterations, e)
		}
	}
}

// TestExponentiatedGradient: MD with SimplexEntropy (softmax inverse map) is
// exponentiated gradient; on a problem with a (dense) solution on the
// simplex (dense so that the limit has no tiny entries, which would make
// the convergence slow; the entries are ≈ 1/d, which allows a step 8× the
// entropy rule of thumb) it
// converges to argmin {KL(x‖x0): Ax = y, 1ᵀx = 1}, computed here as the
// generalised-KL (NegEntropy) projection with the row 1ᵀx = 1 appended to
// A — on that set the two divergences differ by a constant.
func TestExponentiatedGradient(t *testing.T) {
	n, d := 10, 40
	A, err := planted.GaussianDesign(n, d, 3)
	if err != nil {
		t.Fatal(err)
	}
	xs, err := planted.SparseVector(d, d, true, 3)
	if err != nil {
		t.Fatal(err)
	}
	xs.ScaleVec(1/mat.Sum(xs), xs)
	y := mat.NewVecDense(n, nil)
	y.MulVec(A, xs)
	ls, err := NewLeastSquares(A, y)
	if err != nil {
		t.Fatal(err)
	}
	x0 := constVec(d, 1/float64(d))
	res, err := MirrorDescent(SimplexEntropy{}, ls, x0, DescentSettings{Step: 8 / maxRowNorm2(A), Batch: 1, Tol: 1e-10, MaxIter: 2000000})
	if err != nil {
		t.Fatal(err)
	}
	Aug := mat.NewDense(n+1, d, nil)
	Aug.Slice(0, n, 0, d).(*mat.Dense).Copy(A)
	yAug := mat.NewVecDense(n+1, nil)
	for j := 0; j < d; j++ {
		Aug.Set(n, j, 1)
	}
	for i := 0; i < n; i++ {
		yAug.SetVec(i, y.AtVec(i))
	}
	yAug.SetVec(n, 1)
	proj, err := Project(NegEntropy{}, Aug, yAug, x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e := relDist(res.X, proj.X); !res.Converged || !(e <= 1e-7) {
		t.Errorf("EG: converged %v after %d iterations, rel. error %.2g to the KL projection", res.Converged, res.Iterations, e)
	}
	if s := mat.Sum(res.X); !(math.Abs(s-1) <= 1e-12) {
		t.Errorf("EG iterate left the simplex: Σx = %v", s)
	}
}

// TestQPowerLimits: SMD with the q-power potential from x0 = 0 converges to
// argmin_{Ax=y} ‖x‖_q, checked against Project to 1e-6
// (stop at residual 1e-11). q = 10 with the chapter's step 0.05/max‖aᵢ‖²
// does not converge within 10⁶ steps from x0 = 0 (residual stalls near 4)
// and is left out.
func TestQPowerLimits(t *testing.T) {
	A, _, y, ls := plantedLS(t, 20, 50, 3, false, 1)
	x0 := mat.NewVecDense(50, nil)
	var limits []*mat.VecDense
	for _, q := range []float64{1.25, 1.5, 2, 3} {
		p, err := NewQPower(q)
		if err != nil {
			t.Fatal(err)
		}
		c := 0.5
		if q >= 3 {
			c = 0.05
		}
		res, err := MirrorDescent(p, ls, x0, DescentSettings{Step: c / maxRowNorm2(A), Batch: 1, Tol: 1e-11, MaxIter: 1000000})
		if err != nil {
			t.Fatal(err)
		}
		proj, err := Project(p, A, y, x0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e := relDist(res.X, proj.X); !res.Converged || !(e <= 1e-6) {
			t.Errorf("q = %v: converged %v after %d iterations, rel. error %.2g to Project", q, res.Converged, res.Iterations, e)
		}
		limits = append(limits, res.X)
	}
	// Different q give different limits (the check discriminates).
	if e := relDist(limits[0], limits[3]); !(e >= 1e-2) {
		t.Errorf("q = 1.25 and q = 3 limits agree to %.2g", e)
	}
}

func TestMirrorDescentValidation(t *testing.T) {
	_, _, ls, x0, eta := entropyProblem(t)
	zeroEntry := constVec(50, 0.1)
	zeroEntry.SetVec(7, 0)
	for _, c := range []struct {
		name string
		p    Potential
		ls   Objective
		x0   *mat.VecDense
		s    DescentSettings
		want string
	}{
		{"nil p", nil, ls, x0, DescentSettings{Step: eta}, "potential p"},
		{"nil objective", NegEntropy{}, nil, x0, DescentSettings{Step: eta}, "objective"},
		{"nil *LeastSquares", NegEntropy{}, (*LeastSquares)(nil), x0, DescentSettings{Step: eta}, "least-squares problem is nil"},
		{"nil x0", NegEntropy{}, ls, nil, DescentSettings{Step: eta}, "x0"},
		{"dims", NegEntropy{}, ls, constVec(49, 0.1), DescentSettings{Step: eta}, "x0 has length 49"},
		{"NaN x0", Euclidean{}, ls, constVec(50, math.NaN()), DescentSettings{Step: eta}, "x0[0]"},
		{"domain", NegEntropy{}, ls, zeroEntry, DescentSettings{Step: eta}, "x0 is outside the domain"},
		{"zero step", NegEntropy{}, ls, x0, DescentSettings{}, "Step"},
		{"NaN step", NegEntropy{}, ls, x0, DescentSettings{Step: math.NaN()}, "Step"},
		{"batch", NegEntropy{}, ls, x0, DescentSettings{Step: eta, Batch: 21}, "Batch"},
		{"MaxIter", NegEntropy{}, ls, x0, DescentSettings{Step: eta, MaxIter: -1}, "MaxIter"},
		{"Tol", NegEntropy{}, ls, x0, DescentSettings{Step: eta, Tol: -1}, "Tol"},
		{"schedule", NegEntropy{}, ls, x0, DescentSettings{Schedule: func(t int) float64 { return 1 - float64(t) }}, "Schedule(1)"},
		{"recorder", NegEntropy{}, ls, x0, DescentSettings{Step: eta, Recorder: &Recorder{}}, "Every"},
		{"Inf schedule", NegEntropy{}, ls, x0, DescentSettings{Schedule: func(int) float64 { return math.Inf(1) }}, "Schedule(0)"},
	} {
		_, err := MirrorDescent(c.p, c.ls, c.x0, c.s)
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want ErrInvalidInput naming %q", c.name, err, c.want)
		}
	}
}

// TestDivergence: GD is stable only for η < 2/λmax(AᵀA); at 3/λmax the
// top mode grows by a factor 2 per step and the run must stop with a
// *DivergedError naming the method, a positive iteration and the step, as
// must SMD with a step far above 2/‖aᵢ‖².
func TestDivergence(t *testing.T) {
	A, _, _, ls := plantedLS(t, 20, 50, 3, false, 1)
	x0 := mat.NewVecDense(50, nil)
	lm := lambdaMax(t, ls)
	_, err := MirrorDescent(Euclidean{}, ls, x0, DescentSettings{Step: 3 / lm, MaxIter: 100000})
	var de *DivergedError
	if !errors.As(err, &de) || de.Method != "MirrorDescent" || de.Iteration < 1 || de.Step != 3/lm || errors.Is(err, ErrInvalidInput) {
		t.Errorf("GD with η = 3/λmax: error %v, want a *DivergedError with the step", err)
	}
	// Just below 2/λmax it converges (the check is not over-eager).
	if _, err := MirrorDescent(Euclidean{}, ls, x0, DescentSettings{Step: 1.9 / lm, MaxIter: 20000, Tol: 1e-10}); err != nil {
		t.Errorf("GD with η = 1.9/λmax: %v", err)
	}
	_, err = MirrorDescent(NegEntropy{}, ls, constVec(50, 0.1), DescentSettings{Step: 50 / maxRowNorm2(A), Batch: 1, MaxIter: 100000})
	if !errors.As(err, &de) || de.Iteration < 1 {
		t.Errorf("SMD(entropy) with a huge step: error %v, want a *DivergedError", err)
	}
}

// TestDivergenceReportsScheduledStep: with a schedule the error carries the
// step of the iteration that blew up, here the huge step of iteration 5.
func TestDivergenceReportsScheduledStep(t *testing.T) {
	_, _, _, ls := plantedLS(t, 20, 50, 3, false, 1)
	lm := lambdaMax(t, ls)
	sched := func(t int) float64 {
		if t >= 5 {
			return 100 / lm
		}
		return 1 / lm
	}
	_, err := MirrorDescent(Euclidean{}, ls, mat.NewVecDense(50, nil), DescentSettings{Schedule: sched, MaxIter: 1000})
	var de *DivergedError
	if !errors.As(err, &de) || de.Step != 100/lm || de.Iteration < 6 {
		t.Errorf("error %v, want a *DivergedError at iteration ≥ 6 with step 100/λmax", err)
	}
}

// TestScheduleIndex: iteration t uses Schedule(t), so the first update uses
// Schedule(0). On the one-sample problem L(x) = ½(x − 1)² from x0 = 0 one
// Euclidean step gives x₁ = η₀; a schedule read at t+1 would give 0.25.
func TestScheduleIndex(t *testing.T) {
	ls, err := NewLeastSquares(mat.NewDense(1, 1, []float64{1}), mat.NewVecDense(1, []float64{1}))
	if err != nil {
		t.Fatal(err)
	}
	sched := func(t int) float64 { return 0.5 / float64(t+1) }
	for k, want := range []float64{0.5, 0.5 + 0.5*0.25} { // x₂ = x₁ + η₁(1 − x₁)
		res, err := MirrorDescent(Euclidean{}, ls, mat.NewVecDense(1, nil), DescentSettings{Schedule: sched, MaxIter: k + 1})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.X.AtVec(0); got != want {
			t.Errorf("after %d steps x = %v, want %v", k+1, got, want)
		}
	}
}

// TestStartLossOverflow: a start whose loss overflows is invalid input, not
// a divergence.
func TestStartLossOverflow(t *testing.T) {
	ls, err := NewLeastSquares(mat.NewDense(1, 2, []float64{1, 1}), mat.NewVecDense(1, []float64{1}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = MirrorDescent(Euclidean{}, ls, mat.NewVecDense(2, []float64{1e300, 1e300}), DescentSettings{Step: 0.1, MaxIter: 10})
	var de *DivergedError
	if !errors.Is(err, ErrInvalidInput) || errors.As(err, &de) {
		t.Errorf("error %v, want ErrInvalidInput (the start overflows)", err)
	}
}

// TestNotConverged: a run with a tolerance that exhausts its budget returns
// its last iterate and a *NotConvergedError; without a tolerance it returns
// no error. The no-signal cases of the issue tracker — exponentiated
// gradient with a huge step, whose iterates hop between vertices of the
// simplex, and q = 3 SMD with step 10 — must end in an error, not a silent
// Converged = false.
func TestNotConverged(t *testing.T) {
	A, _, _, ls := plantedLS(t, 20, 50, 3, false, 1)
	x0 := mat.NewVecDense(50, nil)
	res, err := MirrorDescent(Euclidean{}, ls, x0, DescentSettings{Step: 1 / lambdaMax(t, ls), MaxIter: 10, Tol: 1e-12})
	var nc *NotConvergedError
	if !errors.As(err, &nc) || res == nil || nc.Iterations != 10 || res.Iterations != 10 || nc.Residual != res.Residual || nc.Tol != 1e-12 || res.Converged {
		t.Fatalf("error %v, result %+v: want the result and a *NotConvergedError after 10 iterations", err, res)
	}
	if _, err := MirrorDescent(Euclidean{}, ls, x0, DescentSettings{Step: 1 / lambdaMax(t, ls), MaxIter: 10}); err != nil {
		t.Errorf("without Tol: %v", err)
	}
	d := 50
	u0 := constVec(d, 1/float64(d))
	_, err = MirrorDescent(SimplexEntropy{}, ls, u0, DescentSettings{Step: 1e6, Batch: 1, MaxIter: 20000, Tol: 1e-8})
	var de *DivergedError
	if !errors.As(err, &nc) && !errors.As(err, &de) {
		t.Errorf("EG with step 1e6: error %v, want *NotConvergedError or *DivergedError", err)
	}
	q3, err := NewQPower(3)
	if err != nil {
		t.Fatal(err)
	}
	_, err = MirrorDescent(q3, ls, x0, DescentSettings{Step: 10, Batch: 1, MaxIter: 20000, Tol: 1e-8})
	if !errors.As(err, &nc) && !errors.As(err, &de) {
		t.Errorf("q = 3 with step 10 (max‖aᵢ‖² = %.2g): error %v, want *NotConvergedError or *DivergedError", maxRowNorm2(A), err)
	}
}

// TestNoAllocationsPerIteration: a run's allocations (buffers, result) must
// not grow with the number of iterations.
func TestNoAllocationsPerIteration(t *testing.T) {
	_, _, ls, x0, eta := entropyProblem(t)
	runs := map[string]func(iters int){
		"MD full batch": func(k int) { MirrorDescent(NegEntropy{}, ls, x0, DescentSettings{Step: 1e-3, MaxIter: k}) },
		"SMD shuffled": func(k int) {
			MirrorDescent(NegEntropy{}, ls, x0, DescentSettings{Step: eta, Batch: 2, Shuffle: true, MaxIter: k})
		},
		"SMD recorded": func(k int) {
			MirrorDescent(NegEntropy{}, ls, x0, DescentSettings{Step: eta, Batch: 1, MaxIter: k,
				Recorder: &Recorder{Every: 7, Capacity: 16, Reference: x0, KeepIterates: true}})
		},
		"SMD probed": func(k int) {
			MirrorDescent(NegEntropy{}, ls, x0, DescentSettings{Step: eta, Batch: 1, MaxIter: k,
				Recorder: &Recorder{Every: 3, Capacity: 16, Probes: []Probe{{Name: "sum", Dim: 1, Eval: func(dst, x []float64) { dst[0] = floats.Sum(x) }}}}})
		},
	}
	for name, run := range runs {
		short := testing.AllocsPerRun(3, func() { run(10) })
		long := testing.AllocsPerRun(3, func() { run(2000) })
		if long != short {
			t.Errorf("%s: %v allocations for 10 iterations, %v for 2000", name, short, long)
		}
	}
}

// TestRecorder checks the samples against independent evaluations: the
// recorded iterates reproduce the recorded loss, residual and Bregman
// distance; the buffer thins when full.
func TestRecorder(t *testing.T) {
	A, y, ls, x0, eta := entropyProblem(t)
	proj, err := Project(NegEntropy{}, A, y, x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := &Recorder{Every: 100, Capacity: 8, Reference: proj.X, KeepIterates: true}
	res, err := MirrorDescent(NegEntropy{}, ls, x0, DescentSettings{Step: eta, Batch: 1, MaxIter: 5000, Recorder: rec})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Len() > 8 || rec.Len() < 4 || rec.Iter[0] != 0 || rec.Iter[rec.Len()-1] != res.Iterations {
		t.Fatalf("recorded iterations %v (stride %d), want ≤ 8 samples from 0 to %d", rec.Iter, rec.Stride(), res.Iterations)
	}
	work := make([]float64, 20)
	for k, it := range rec.Iter {
		if k < rec.Len()-1 && it%rec.Stride() != 0 {
			t.Errorf("sample %d at iteration %d, not a multiple of the stride %d", k, it, rec.Stride())
		}
		x := rec.Iterate(k)
		loss := ls.Residual(work, x)
		if !(math.Abs(loss-rec.Loss[k]) <= 1e-12*loss) || !(math.Abs(floats.Norm(work, 2)-rec.Residual[k]) <= 1e-12*rec.Residual[k]) {
			t.Errorf("sample %d: loss %v residual %v, recomputed %v %v", k, rec.Loss[k], rec.Residual[k], loss, floats.Norm(work, 2))
		}
		if b := (NegEntropy{}).Bregman(proj.X.RawVector().Data, x); !(math.Abs(b-rec.Bregman[k]) <= 1e-14) {
			t.Errorf("sample %d: Bregman %v, recomputed %v", k, rec.Bregman[k], b)
		}
		if k > 0 && !(rec.Bregman[k] <= rec.Bregman[k-1]) {
			// Azizan–Hassibi: D_ψ(x_proj, x_t) decreases along SMD for small steps.
			t.Errorf("D_ψ(x_proj, x_t) increased from %v to %v", rec.Bregman[k-1], rec.Bregman[k])
		}
	}
	if !floats.Equal(rec.Iterate(rec.Len()-1), res.X.RawVector().Data) {
		t.Error("last recorded iterate is not the result")
	}
	if fmt.Sprint(rec.Iterates().Dims()) != fmt.Sprint(rec.Len(), 50) {
		t.Error("Iterates has the wrong shape")
	}
}
