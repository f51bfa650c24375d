package exercises

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/matfact"
)

// The tests below re-run the experiments of
// notebooks/07-noisy-gd-flat-minima.ipynb at its parameters and assert the
// tolerances its Checks tables print.

func ch07LnRatio(f *matfact.Factorization) float64 {
	x, y := f.XY()
	return math.Log(mat.Norm(x, 2) / mat.Norm(y, 2))
}

// Experiment A: GD keeps ‖D‖ within 1% over 9000 steps; the 20-seed mean of
// D_k is within 10% of (1 − 2ηnσ²)^k D₀ for k ≤ 800; every seed ends with
// ‖D‖ ≤ 0.2 after the polish.
func TestCh07Imbalance(t *testing.T) {
	loss := Ch07Loss()
	f := Ch07Start(Ch07C, 0)
	probes := matfact.Probes{Every: 10, Imbalance: true}
	gd, err := matfact.GD(f, loss, matfact.Settings{Step: Ch07Step, Iterations: Ch07Noisy + Ch07Polish, Probes: probes})
	if err != nil {
		t.Fatal(err)
	}
	n := gd.Trace.ImbalanceNorms(1)
	if !(math.Abs(n[len(n)-1]-n[0]) <= 0.01*n[0]) {
		t.Errorf("GD: ‖D‖ %v → %v", n[0], n[len(n)-1])
	}
	seeds := make([]uint64, 20)
	for i := range seeds {
		seeds[i] = uint64(i + 1)
	}
	runs, err := matfact.RunSeeds(seeds, 0, func(seed uint64) (*matfact.Result, error) {
		return matfact.GD(f, loss, Ch07Perturbed(Ch07Sigma, Ch07Sigma, seed, probes))
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d0 := gd.Trace.Imbalance[0][0]
	for r, k := range runs[0].Trace.Iter {
		if k > 800 {
			break
		}
		mean := mat.NewDense(2, 2, nil)
		for _, run := range runs {
			mean.Add(mean, run.Trace.Imbalance[r][0])
		}
		mean.Scale(1/float64(len(runs)), mean)
		var p, diff mat.Dense
		p.Scale(matfact.ImbalanceDecay(Ch07Step, Ch07N, Ch07Sigma, k), d0)
		diff.Sub(mean, &p)
		if e := mat.Norm(&diff, 2) / mat.Norm(&p, 2); !(e <= 0.1) {
			t.Errorf("k = %d: mean D_k off by %.3g", k, e)
		}
	}
	for i, run := range runs {
		n := run.Trace.ImbalanceNorms(1)
		if !(n[len(n)-1] <= 0.2) {
			t.Errorf("seed %d: final ‖D‖ = %v", seeds[i], n[len(n)-1])
		}
	}
}

// Experiment B: during the noise phase the product's singular values
// average to s_i − nσ² (2%); both methods fit to 1e-12 in the end.
func TestCh07LossAndShrinkage(t *testing.T) {
	loss := Ch07Loss()
	f := Ch07Start(Ch07C, 0)
	probes := matfact.Probes{Every: 1, Spectrum: true}
	pgd, err := matfact.GD(f, loss, Ch07Perturbed(Ch07Sigma, Ch07Sigma, 1, probes))
	if err != nil {
		t.Fatal(err)
	}
	gd, err := matfact.GD(f, loss, matfact.Settings{Step: Ch07Step, Iterations: Ch07GDIts})
	if err != nil {
		t.Fatal(err)
	}
	tau := Ch07Sigma * Ch07Sigma * Ch07N
	avg := []float64{0, 0}
	count := 0.0
	for i, k := range pgd.Trace.Iter {
		if k >= Ch07Noisy/2 && k < Ch07Noisy {
			avg[0] += pgd.Trace.Sigma[i][0]
			avg[1] += pgd.Trace.Sigma[i][1]
			count++
		}
	}
	for i := range avg {
		if want := Ch07Singular[i] - tau; !(math.Abs(avg[i]/count/want-1) <= 0.02) {
			t.Errorf("mean σ_%d = %v, s − τ = %v", i+1, avg[i]/count, want)
		}
	}
	if l := pgd.Trace.Loss[len(pgd.Trace.Loss)-1]; !(l <= 1e-12) {
		t.Errorf("perturbed GD final loss %v", l)
	}
	if l := gd.Trace.Loss[len(gd.Trace.Loss)-1]; !(l <= 1e-12) {
		t.Errorf("GD final loss %v", l)
	}
}

// Experiment C: perturbed GD + polish within 2% of the flat values, GD at
// least 1.3 times sharper.
func TestCh07Sharpness(t *testing.T) {
	loss := Ch07Loss()
	f := Ch07Start(Ch07C, 0)
	gd, err := matfact.GD(f, loss, matfact.Settings{Step: Ch07Step, Iterations: Ch07GDIts})
	if err != nil {
		t.Fatal(err)
	}
	pgd, err := matfact.GD(f, loss, Ch07Perturbed(Ch07Sigma, Ch07Sigma, 1, matfact.Probes{}))
	if err != nil {
		t.Fatal(err)
	}
	wantTop, wantTrace, _ := matfact.FlatSharpness(Ch07Target())
	top, trace, _ := matfact.SharpnessXY(pgd.Factors, loss, 0)
	if !(math.Abs(top/wantTop-1) <= 0.02) || !(math.Abs(trace/wantTrace-1) <= 0.02) {
		t.Errorf("perturbed GD: λmax %v (flat %v), tr %v (flat %v)", top, wantTop, trace, wantTrace)
	}
	gtop, _, _ := matfact.SharpnessXY(gd.Factors, loss, 0)
	if !(gtop/wantTop >= 1.3) {
		t.Errorf("GD: λmax/2s₁ = %v", gtop/wantTop)
	}
}

// Experiment D: over 20 random starts, perturbed GD ends balanced
// (|ln ratio| ≤ 0.05), GD spreads by ≥ 1, all fit to 1e-8.
func TestCh07InitStudy(t *testing.T) {
	if testing.Short() {
		t.Skip("40 runs")
	}
	loss := Ch07Loss()
	type outcome struct{ gd, pgd, loss float64 }
	seeds := make([]uint64, 20)
	for i := range seeds {
		seeds[i] = uint64(100 + i)
	}
	outs, err := matfact.RunSeeds(seeds, 0, func(seed uint64) (outcome, error) {
		rng := rand.New(rand.NewPCG(seed, 1))
		c := math.Exp(math.Log(1.0/3) + rng.Float64()*math.Log(9))
		f := Ch07Start(c, seed)
		g, err := matfact.GD(f, loss, matfact.Settings{Step: Ch07Step, Iterations: Ch07GDIts})
		if err != nil {
			return outcome{}, err
		}
		p, err := matfact.GD(f, loss, Ch07Perturbed(Ch07Sigma, Ch07Sigma, seed, matfact.Probes{}))
		if err != nil {
			return outcome{}, err
		}
		return outcome{ch07LnRatio(g.Factors), ch07LnRatio(p.Factors), math.Max(g.Trace.Loss[len(g.Trace.Loss)-1], p.Trace.Loss[len(p.Trace.Loss)-1])}, nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, o := range outs {
		lo, hi = math.Min(lo, o.gd), math.Max(hi, o.gd)
		if !(math.Abs(o.pgd) <= 0.05) || !(o.loss <= 1e-8) {
			t.Errorf("outcome %+v", o)
		}
	}
	if !(hi-lo >= 1) {
		t.Errorf("GD spread %v < 1", hi-lo)
	}
}

// Experiment E: unequal noise sets ‖X‖²/‖Y‖² ≈ σ_x²/σ_y² = 4 (10%) at the
// end of the noise phase; additive noise keeps ‖D‖ above half its start.
func TestCh07UnequalAndAdditive(t *testing.T) {
	loss := Ch07Loss()
	f := Ch07Start(Ch07C, 0)
	res, err := matfact.GD(f, loss, Ch07Perturbed(0.2, 0.1, 1, matfact.Probes{Every: 10, Norms: true}))
	if err != nil {
		t.Fatal(err)
	}
	nm := res.Trace.Norms[res.Trace.Index(Ch07Noisy)]
	if r := nm[1] * nm[1] / (nm[0] * nm[0]); !(math.Abs(r/4-1) <= 0.1) {
		t.Errorf("‖X‖²/‖Y‖² = %v, want ≈ 4", r)
	}
	for s := uint64(0); s < 3; s++ {
		g := Ch07Start(Ch07C, s)
		add, err := matfact.GD(g, loss, matfact.Settings{Step: Ch07Step, Iterations: Ch07Noisy,
			Noise: []float64{0.015, 0.015}, Additive: true, Seed: 1, Probes: matfact.Probes{Every: 10, Imbalance: true}})
		if err != nil {
			t.Fatal(err)
		}
		n := add.Trace.ImbalanceNorms(1)
		if !(n[len(n)-1] >= 0.5*n[0]) {
			t.Errorf("additive, start %d: ‖D‖ %v → %v", s, n[0], n[len(n)-1])
		}
	}
}

// The exercises accept the right answers and reject wrong ones.
func TestCh07Exercises(t *testing.T) {
	silence(t)
	k := math.Ln2 / (2 * Ch07Step * Ch07N * 0.01)
	if !Ch07.Q1(k).Right || Ch07.Q1(k/2).Right {
		t.Error("Q1 verdicts wrong")
	}
	if !Ch07.Q2(60).Right || Ch07.Q2(30).Right {
		t.Error("Q2 verdicts wrong")
	}
	if !Ch07.Q3("larger").Right || Ch07.Q3("about 1").Right {
		t.Error("Q3 verdicts wrong")
	}
}
