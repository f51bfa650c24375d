package spectral

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias"
)

// TestSMDLimitIsProjection checks the paper's implicit-bias statement on
// completion and multi-output problems: once the residual is ≤ 1e-10 the
// SMD iterate equals the independently computed Bregman projection to
// 1e-7 relative (the primal error is of the order of the residual times
// the conditioning of the constraint set, ~1e-10 here).
func TestSMDLimitIsProjection(t *testing.T) {
	_, mc := completionProblem(t, 10, 10, 0.5, 31)
	_, _, mo := multiOutputProblem(t, 8, 12, 3, 32)
	rng := rand.New(rand.NewPCG(3, 3))
	for _, c := range []struct {
		m    *Measurements
		p    implicitbias.Potential
		eta  float64
		b    int
		from float64 // scale of a random W₀
	}{
		{mc, must(NewSpectralHypentropy(10, 10, 0.1)), 10, 10, 0},
		{mc, must(NewSchattenPower(10, 10, 1.5)), 5, 10, 0.05},
		{mo, must(NewSchattenPower(12, 3, 1.5)), 0.5, 1, 0.1},
		{mo, must(NewSquaredSchatten(12, 3, 1.5)), 0.5, 2, 0.1},
	} {
		r, k := c.m.Shape()
		W0 := mat.NewDense(r, k, gaussian(rng, r*k, c.from))
		res, err := SMD(c.p, c.m, W0, implicitbias.DescentSettings{Step: c.eta, Batch: c.b, Shuffle: true, Seed: 1,
			MaxIter: 20000 * EpochIterations(c.m, c.b), Tol: 1e-10})
		if err != nil {
			t.Fatalf("%v: %v", c.p, err)
		}
		pr, err := Project(c.p, c.m, W0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e := RelativeError(res.W, pr.W); !(e <= 1e-7) {
			t.Errorf("%v: ‖W_SMD − W_proj‖/‖W_proj‖ = %.2g after %.0f epochs (residual %.2g)", c.p, e, res.Epochs, res.Residual)
		}
	}
}

// TestSMDFrobeniusCompletion checks that SGD on completion converges to
// the zero-filled observations (1e-12): nothing reaches the unobserved
// entries.
func TestSMDFrobeniusCompletion(t *testing.T) {
	M, m := completionProblem(t, 9, 7, 0.5, 5)
	f := must(NewFrobenius(9, 7))
	res, err := SMD(f, m, mat.NewDense(9, 7, nil), implicitbias.DescentSettings{Step: 4, Batch: 5, Shuffle: true, Seed: 2, MaxIter: 100000, Tol: 1e-14})
	if err != nil {
		t.Fatal(err)
	}
	want := mat.NewDense(9, 7, nil)
	for _, e := range m.Observed() {
		want.Set(e[0], e[1], M.At(e[0], e[1]))
	}
	if !mat.EqualApprox(res.W, want, 1e-12) {
		t.Errorf("SGD completion limit differs from the zero fill")
	}
}

// TestSMDMultiOutputInvariance: from W₀ = 0 every spectral map's SMD limit
// is X⁺Y to 1e-8 (the chapter's invariance fact, on the run itself).
func TestSMDMultiOutputInvariance(t *testing.T) {
	X, Y, m := multiOutputProblem(t, 6, 10, 4, 7)
	var G, L, pinv mat.Dense
	G.Mul(X, X.T())
	if err := L.Solve(&G, Y); err != nil {
		t.Fatal(err)
	}
	pinv.Mul(X.T(), &L)
	for _, p := range []implicitbias.Potential{
		must(NewSchattenPower(10, 4, 1.3)),
		must(NewSpectralHypentropy(10, 4, 0.1)),
	} {
		res, err := SMD(p, m, mat.NewDense(10, 4, nil), implicitbias.DescentSettings{Step: 0.5, Batch: 1, Shuffle: true, Seed: 3, MaxIter: 200000, Tol: 1e-11})
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		if e := RelativeError(res.W, &pinv); !(e <= 1e-8) {
			t.Errorf("%v: ‖W − X⁺Y‖/‖X⁺Y‖ = %.2g", p, e)
		}
	}
}

// TestSMDDualSpan checks, after a few steps (far from convergence), that
// ∇ψ(W_t) − ∇ψ(W₀) ∈ range(𝒜*) — zero on the unobserved entries — which
// fails if the update were applied to W instead of Θ = ∇ψ(W).
func TestSMDDualSpan(t *testing.T) {
	const r, c = 6, 6
	_, m := completionProblem(t, r, c, 0.5, 9)
	p := must(NewSchattenPower(r, c, 1.4))
	rng := rand.New(rand.NewPCG(8, 8))
	W0 := mat.NewDense(r, c, gaussian(rng, r*c, 0.3))
	res, err := SMD(p, m, W0, implicitbias.DescentSettings{Step: 0.3, Batch: 3, Shuffle: true, Seed: 4, MaxIter: 7})
	if err != nil {
		t.Fatal(err)
	}
	g, g0 := make([]float64, r*c), make([]float64, r*c)
	p.Grad(g, flat(res.W))
	p.Grad(g0, flat(W0))
	obs := make([]bool, r*c)
	for _, e := range m.Observed() {
		obs[e[0]*c+e[1]] = true
	}
	var moved float64
	for i := range g {
		d := math.Abs(g[i] - g0[i])
		if !obs[i] && !(d <= 1e-12) {
			t.Errorf("Θ moved by %.2g at unobserved entry %d", d, i)
		}
		moved = math.Max(moved, d)
	}
	if !(moved >= 1e-3) {
		t.Errorf("Θ barely moved (%.2g): the test is vacuous", moved)
	}
}

// TestSMDRateAndRecorder records the residual and singular values of a
// converging completion run: the residual decays geometrically on the
// second half (fitted ratio < 1, R² ≥ 0.99), the Bregman distance to the
// limit is recorded, and the singular-value probe ends at those of the
// final iterate.
func TestSMDRateAndRecorder(t *testing.T) {
	_, m := completionProblem(t, 10, 10, 0.5, 31)
	p := must(NewSpectralHypentropy(10, 10, 0.1))
	zero := mat.NewDense(10, 10, nil)
	pr, err := Project(p, m, zero, nil)
	if err != nil {
		t.Fatal(err)
	}
	sv, _ := SingularValueProbe(10, 10)
	er, _ := EffectiveRankProbe(10, 10)
	rec := &implicitbias.Recorder{Every: EpochIterations(m, 10), Reference: mat.NewVecDense(100, flat(pr.W)), Probes: []implicitbias.Probe{sv, er}}
	res, err := SMD(p, m, zero, implicitbias.DescentSettings{Step: 10, Batch: 10, Shuffle: true, Seed: 1, MaxIter: 400 * EpochIterations(m, 10), Recorder: rec})
	if err != nil {
		t.Fatal(err)
	}
	var ep, rs []float64
	for i, it := range rec.Iter {
		e := float64(it) / float64(EpochIterations(m, 10))
		if e >= res.Epochs/2 && rec.Residual[i] > 1e-13 {
			ep = append(ep, e)
			rs = append(rs, rec.Residual[i])
		}
	}
	rho, r2 := FitGeometricRate(ep, rs)
	if !(rho < 1) || !(r2 >= 0.99) {
		t.Errorf("residual fit on the second half: ρ = %v, R² = %v (want ρ < 1, R² ≥ 0.99)", rho, r2)
	}
	S, err := rec.ProbeSamples("singular values")
	if err != nil {
		t.Fatal(err)
	}
	last := mat.Row(nil, rec.Len()-1, S)
	if e := relDiff(last, SingularValues(res.W)); !(e <= 1e-12) {
		t.Errorf("recorded singular values differ from the final iterate's by %.2g", e)
	}
	if !(rec.Bregman[0] > rec.Bregman[rec.Len()-1]) {
		t.Errorf("D_ψ(W_proj, W_t) did not decrease: %v → %v", rec.Bregman[0], rec.Bregman[rec.Len()-1])
	}
	E, _ := rec.ProbeSamples("effective rank")
	if got := E.At(rec.Len()-1, 0); !(math.Abs(got-EffectiveRank(last)) <= 1e-12) {
		t.Errorf("effective-rank probe %v, want %v", got, EffectiveRank(last))
	}
}

// TestSMDErrors checks the error contract: shape mismatches are invalid
// input, a far too large step diverges with a *DivergedError, and a tight
// tolerance with a small budget returns the result with a
// *NotConvergedError.
func TestSMDErrors(t *testing.T) {
	_, m := completionProblem(t, 5, 5, 0.6, 2)
	p := must(NewSchattenPower(5, 5, 1.5))
	ok := implicitbias.DescentSettings{Step: 1, Batch: 2, MaxIter: 10}
	for _, c := range []struct {
		name string
		err  error
	}{
		{"W0 shape", second(SMD(p, m, mat.NewDense(4, 5, nil), ok))},
		{"potential shape", second(SMD(must(NewSchattenPower(5, 4, 1.5)), m, mat.NewDense(5, 5, nil), ok))},
		{"step", second(SMD(p, m, mat.NewDense(5, 5, nil), implicitbias.DescentSettings{Step: -1, Batch: 1}))},
		{"batch", second(SMD(p, m, mat.NewDense(5, 5, nil), implicitbias.DescentSettings{Step: 1, Batch: 1000}))},
		{"nil measurements", second(SMD(p, nil, mat.NewDense(5, 5, nil), ok))},
	} {
		if !errors.Is(c.err, implicitbias.ErrInvalidInput) {
			t.Errorf("%s: error %v, want ErrInvalidInput", c.name, c.err)
		}
	}
	f := must(NewFrobenius(5, 5))
	_, err := SMD(f, m, mat.NewDense(5, 5, nil), implicitbias.DescentSettings{Step: 50, Batch: 0, MaxIter: 1000})
	var div *implicitbias.DivergedError
	if !errors.As(err, &div) {
		t.Errorf("step 50 full batch: error %v, want a DivergedError", err)
	}
	res, err := SMD(p, m, mat.NewDense(5, 5, nil), implicitbias.DescentSettings{Step: 1, Batch: 2, MaxIter: 3, Tol: 1e-12})
	var nc *implicitbias.NotConvergedError
	if !errors.As(err, &nc) || res == nil {
		t.Errorf("tiny budget: result %v, error %v; want the result and a NotConvergedError", res, err)
	}
}
