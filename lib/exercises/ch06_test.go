package exercises

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/matfact"
)

// The tests below re-run the experiments of
// notebooks/06-deep-matrix-factorization.ipynb at its parameters and assert
// the tolerances its Checks tables print.

// ch06Default runs the chapter's default GD (N = 3, α = 0.1), recording
// every step.
func ch06Default(t *testing.T) (*Ch06Denoising, *matfact.Result) {
	t.Helper()
	p := NewCh06Denoising()
	f, err := matfact.Identity(Ch06Depth, Ch06D, Ch06Alpha)
	if err != nil {
		t.Fatal(err)
	}
	res, err := matfact.GD(f, p.Loss(), matfact.Settings{Step: Ch06Step, Iterations: Ch06Iterations,
		Probes: matfact.Probes{Every: 1, Spectrum: true, Truth: p.Y}})
	if err != nil {
		t.Fatal(err)
	}
	return p, res
}

func ch06Erank(m mat.Matrix) float64 {
	sv, err := matfact.SingularValues(m)
	if err != nil {
		panic(err)
	}
	return matfact.EffectiveRank(sv)
}

// Experiment A: GD's eigenvalues are the scalar recursion's (to 1e-10;
// observed ~1e-14, rounding in the change of basis), the layers stay equal
// and symmetric (1e-12), erank W(0) = d; the escape iterations are ordered,
// within 5% of the flow's t_i/η (the Euler discretisation error at
// η = 0.02 is ~2%), and their ratios within 10% of ŷ_1/ŷ_i (the 1/ŷ law is
// the small-α asymptote; at α = 0.1 the correction is a few %).
func TestCh06SpectralDynamics(t *testing.T) {
	p, res := ch06Default(t)
	tr := &res.Trace
	sc, err := matfact.ScalarRecursion(p.Eig, Ch06Depth, Ch06Alpha, Ch06Step, Ch06Iterations, 1)
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for r := range sc.Iter {
		for i := range p.Eig {
			if p.Eig[i] > 0 {
				worst = math.Max(worst, math.Abs(tr.Sigma[r][i]-sc.Sigma[r][i]))
			}
		}
	}
	if !(worst <= 1e-10) {
		t.Errorf("GD vs scalar recursion: %v > 1e-10", worst)
	}
	for j, w := range res.Factors.Factors {
		var d mat.Dense
		d.Sub(w, res.Factors.Factors[0])
		if n := mat.Norm(&d, 2); !(n <= 1e-12) {
			t.Errorf("‖W_%d − W_1‖ = %v", j+1, n)
		}
		d.Sub(w, w.T())
		if n := mat.Norm(&d, 2); !(n <= 1e-12) {
			t.Errorf("W_%d asymmetric by %v", j+1, n)
		}
	}
	if !(math.Abs(tr.ERank[0]-Ch06D) <= 1e-12) {
		t.Errorf("erank W(0) = %v, want %d", tr.ERank[0], Ch06D)
	}
	k := matfact.HittingIterations(tr, p.Eig, 0.5)
	if !(k[0] > 0 && k[0] < k[1] && k[1] < k[2]) {
		t.Errorf("escape iterations %v not ordered", k[:3])
	}
	for i := 0; i < 3; i++ {
		ht, err := matfact.HittingTime(p.Eig[i], Ch06Depth, Ch06Alpha, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		if !(math.Abs(float64(k[i])-ht/Ch06Step) <= 0.05*float64(k[i])) {
			t.Errorf("mode %d: k = %d, flow t/η = %v", i+1, k[i], ht/Ch06Step)
		}
		if i > 0 {
			ratio, want := float64(k[i])/float64(k[0]), p.Eig[0]/p.Eig[i]
			if !(math.Abs(ratio/want-1) <= 0.1) {
				t.Errorf("k_%d/k_1 = %v, ŷ_1/ŷ_%d = %v", i+1, ratio, i+1, want)
			}
		}
	}
}

// Experiment B: the effective rank falls to ≤ 1.1, then never decreases by
// more than 1e-5 (the modes with ŷ_i ≤ 0 shrink to 0 and lower it by
// ~1e-7), and at the log-midpoint of each plateau W_r (δ = 0.05) it is
// within 0.1 of erank P_r(Ŷ) (the small modes are below δ of their targets
// but not zero, which adds a few hundredths).
func TestCh06ErankPlateaus(t *testing.T) {
	p, res := ch06Default(t)
	tr := &res.Trace
	imin := 0
	for i, e := range tr.ERank {
		if e < tr.ERank[imin] {
			imin = i
		}
	}
	if !(tr.ERank[imin] <= 1.1) {
		t.Errorf("min erank %v > 1.1", tr.ERank[imin])
	}
	for i := imin + 1; i < len(tr.ERank); i++ {
		if !(tr.ERank[i] >= tr.ERank[i-1]-1e-5) {
			t.Fatalf("erank decreases at k = %d: %v → %v", tr.Iter[i], tr.ERank[i-1], tr.ERank[i])
		}
	}
	for r := 1; r <= 3; r++ {
		w, ok := matfact.PlateauWindow(tr, p.Eig, r, Ch06Delta)
		if !ok || w.Empty() {
			t.Fatalf("plateau %d empty: %v", r, w)
		}
		got := tr.ERank[tr.Index(w.Mid())]
		want := ch06Erank(p.Projection(r))
		if !(math.Abs(got-want) <= 0.1) {
			t.Errorf("plateau %d at k = %d: erank %v, erank P_r = %v", r, w.Mid(), got, want)
		}
	}
}

// Experiment C: at α = 0.1 the minimum erank decreases with depth, and
// N = 1 has no low-rank phase (min erank > 3); the sweep's other columns
// are shown, not checked.
func TestCh06Depth(t *testing.T) {
	prev := math.Inf(1)
	for _, depth := range []int{1, 2, 3, 4} {
		tr, _, err := ch06Scalar(depth, 0.1, Ch06SweepIterations)
		if err != nil {
			t.Fatal(err)
		}
		m := minOf(tr.ERank)
		if !(m < prev) {
			t.Errorf("N = %d: min erank %v not below N − 1's %v", depth, m, prev)
		}
		if depth == 1 && m <= 3 {
			t.Errorf("N = 1: min erank %v ≤ 3", m)
		}
		prev = m
	}
}

func minOf(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = math.Min(m, x)
	}
	return m
}

// Experiment D: early stopping beats both the last iterate and the noise,
// and the best distance is within 10% of ‖P_3(Ŷ) − Y‖_F, the distance of
// the rank-3 projection the plateau approximates.
func TestCh06EarlyStopping(t *testing.T) {
	p, res := ch06Default(t)
	_, best := res.Trace.EarlyStop()
	final := res.Trace.Dist[len(res.Trace.Dist)-1]
	noise := mat.Norm(p.Z, 2)
	if !(best < final && final < noise) {
		t.Errorf("best %v, final %v, ‖Z‖ %v: want best < final < ‖Z‖", best, final, noise)
	}
	var d mat.Dense
	d.Sub(p.Projection(3), p.Y)
	if pr := mat.Norm(&d, 2); !(math.Abs(best/pr-1) <= 0.1) {
		t.Errorf("best %v vs ‖P_3(Ŷ) − Y‖ = %v", best, pr)
	}
}

// Experiment E: sensing from m = 60 < d² = 100 measurements: N = 3 from
// 0.1·I recovers Y to 1% and its erank to 0.1, N = 1 (the minimum-distance
// interpolant) stays ≥ 30% off, and N = 3 from a random start recovers a
// non-symmetric Y to 2% (observed 0.7% in the reference runs; 2% leaves
// room for other draws).
func TestCh06Sensing(t *testing.T) {
	for _, c := range Ch06SensingRuns {
		p := NewCh06Sensing(c.Symmetric)
		res, err := c.Run(p)
		if err != nil {
			t.Fatal(err)
		}
		tr := &res.Trace
		rel := tr.Dist[len(tr.Dist)-1] / mat.Norm(p.Y, 2)
		t.Logf("%s: relative error %.4g, erank %.4g", c.Name, rel, tr.ERank[len(tr.ERank)-1])
		switch {
		case c.Depth == 1 && rel < 0.3:
			t.Errorf("%s: relative error %v < 0.3", c.Name, rel)
		case c.Depth == 3 && !c.Random && rel > 0.01:
			t.Errorf("%s: relative error %v > 0.01", c.Name, rel)
		case c.Depth == 3 && c.Random && rel > 0.02:
			t.Errorf("%s: relative error %v > 0.02", c.Name, rel)
		}
		if c.Depth == 3 && !c.Random {
			if e, want := tr.ERank[len(tr.ERank)-1], ch06Erank(p.Y); !(math.Abs(e-want) <= 0.1) {
				t.Errorf("%s: erank %v, erank Y %v", c.Name, e, want)
			}
		}
	}
}

// The exercises accept the right answers and reject wrong ones.
func TestCh06Exercises(t *testing.T) {
	silence(t)
	tr, eig, err := ch06Scalar(2, 0.1, 20000)
	if err != nil {
		t.Fatal(err)
	}
	ht, _ := matfact.HittingTime(eig[1], 2, 0.1, 0.5)
	if !Ch06.Q1(ht / Ch06Step).Right {
		t.Error("Q1 rejects the flow prediction")
	}
	if Ch06.Q1(ht / Ch06Step * eig[1] / eig[0]).Right {
		t.Error("Q1 accepts mode 1's time")
	}
	_ = tr
	if !Ch06.Q2("longer").Right || Ch06.Q2("shorter").Right {
		t.Error("Q2 verdicts wrong")
	}
	p := NewCh06Denoising()
	f, _ := matfact.Identity(2, Ch06D, 0.1)
	res, err := matfact.GD(f, p.Loss(), matfact.Settings{Step: Ch06Step, Iterations: Ch06Iterations, Probes: matfact.Probes{Every: 1, Truth: p.Y}})
	if err != nil {
		t.Fatal(err)
	}
	_, best := res.Trace.EarlyStop()
	if !Ch06.Q3(best).Right || Ch06.Q3(res.Trace.Dist[len(res.Trace.Dist)-1]).Right {
		t.Error("Q3 verdicts wrong")
	}
}
