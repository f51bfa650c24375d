package exercises

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/signdescent"
)

// The tests below re-run the experiments of
// notebooks/05-smoothed-sign-descent.ipynb at its parameters and assert the
// tolerances its Checks tables print.

func ch05Grid(T float64, n int) []float64 {
	g := make([]float64, n+1)
	for k := range g {
		g[k] = T * float64(k) / float64(n)
	}
	return g
}

func ch05Slope(x, y []float64) float64 {
	mx, my := floats.Sum(x)/float64(len(x)), floats.Sum(y)/float64(len(y))
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	return sxy / sxx
}

func ch05Flow(t *testing.T, p *signdescent.Problem, m signdescent.Model, s signdescent.FlowSettings) *signdescent.Trajectory {
	t.Helper()
	tr, err := signdescent.Flow(p, m, s)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// The assumption cell: both problems admissible at every ε used; α = 0.5
// rejected by (19) with no admissible ε; shared columns reported as 3.2.
func TestCh05Assumptions(t *testing.T) {
	for _, eps := range Ch05StageEps() {
		if err := signdescent.CheckAssumptions(Ch05StageProblem(), Ch05Alpha, eps); err != nil {
			t.Error(err)
		}
	}
	for _, eps := range Ch05EpsGrid() {
		if err := signdescent.CheckAssumptions(Ch05LineProblem(), Ch05Alpha, eps); err != nil {
			t.Error(err)
		}
	}
	var ae *signdescent.AssumptionError
	if err := signdescent.CheckAssumptions(Ch05LineProblem(), 0.5, 0.002); !errors.As(err, &ae) || ae.Assumption != "3.3" || !math.IsNaN(ae.EpsMax) {
		t.Errorf("α = 0.5: %v", err)
	}
	shared, err := signdescent.NewProblem(mat.NewDense(2, 3, []float64{1, 1, 0, 0, 1, 1}), mat.NewVecDense(2, []float64{1, 1}))
	if err != nil {
		t.Fatal(err)
	}
	tr := ch05Flow(t, shared, signdescent.Model{Alpha: Ch05Alpha, Eps: 0.002}, signdescent.FlowSettings{T: 3})
	if !errors.As(tr.Assumptions, &ae) || ae.Assumption != "3.2" {
		t.Errorf("shared columns: %v", tr.Assumptions)
	}
}

// Experiment A: Props. 3.4–3.7, dual slopes, mirror identity,
// interpolation, with the notebook's tolerances.
func TestCh05Stages(t *testing.T) {
	p := Ch05StageProblem()
	alpha := Ch05Alpha
	times := ch05Grid(Ch05StageT, 600)
	for _, eps := range Ch05StageEps() {
		tr := ch05Flow(t, p, signdescent.Model{Alpha: alpha, Eps: eps}, signdescent.FlowSettings{T: Ch05StageT, Times: times})
		if tr.Assumptions != nil {
			t.Fatal(tr.Assumptions)
		}
		_, d := tr.Beta.Dims()
		minSlope, maxSlope := math.Inf(1), math.Inf(-1)
		for i := 0; i < d; i++ {
			var tw, uw []float64
			for k, tk := range times {
				if tk >= tr.T0 && tk <= tr.TEnd {
					tw, uw = append(tw, tk), append(uw, tr.U.At(k, i))
				}
			}
			s := ch05Slope(tw, uw)
			minSlope, maxSlope = math.Min(minSlope, s), math.Max(maxSlope, s)
		}
		worstMono, worstMirror := 0.0, 0.0
		for k := 1; k < len(times); k++ {
			for i := 0; i < d; i++ {
				worstMono = math.Max(worstMono, math.Max(tr.U.At(k-1, i)-tr.U.At(k, i), tr.V.At(k, i)-tr.V.At(k-1, i)))
				if math.Copysign(1, tr.Beta.At(k, i)) != tr.Signs[i] || tr.Beta.At(k, i) == 0 {
					t.Fatalf("ε = %g, t = %g: sign of β_%d", eps, times[k], i)
				}
				if !(tr.Plus.At(k, i)*tr.Minus.At(k, i) < alpha*alpha) {
					t.Fatalf("ε = %g, t = %g: w⁺w⁻ ≥ α²", eps, times[k])
				}
			}
			worstMirror = math.Max(worstMirror, signdescent.MirrorIdentityError(tr.Signs, tr.U.RawRowView(k), tr.V.RawRowView(k)))
			minU := mat.Min(tr.GradU.RowView(k))
			tk := times[k]
			if (tk >= tr.T0 && tk < tr.TEnd && !(minU > eps)) || (tk >= tr.TEnd && !(minU <= eps*(1+1e-6))) {
				t.Fatalf("ε = %g, t = %g: stage condition fails (min|∇_uL| = %g)", eps, tk, minU)
			}
		}
		if !(tr.T0 <= 2*alpha && tr.T0 < tr.TEnd) {
			t.Errorf("ε = %g: T₀ = %g, T = %g", eps, tr.T0, tr.TEnd)
		}
		if !(worstMono <= 1e-7) || !(worstMirror <= 1e-12) || !(tr.Residual <= 1e-6) {
			t.Errorf("ε = %g: monotonicity %g, mirror %g, residual %g", eps, worstMono, worstMirror, tr.Residual)
		}
		if !(minSlope > 0.5 && maxSlope <= 1) || (eps == 0.002 && !(minSlope >= 0.95)) {
			t.Errorf("ε = %g: dual slopes %g … %g", eps, minSlope, maxSlope)
		}
		dual, err := signdescent.DualFlow(p, signdescent.Model{Alpha: alpha, Eps: eps}, tr.VAt, signdescent.FlowSettings{T: Ch05StageT, Times: times})
		if err != nil {
			t.Fatal(err)
		}
		var gap mat.Dense
		gap.Sub(dual.Beta, tr.Beta)
		if e := mat.Norm(&gap, math.Inf(1)); !(e <= 1e-6) {
			t.Errorf("ε = %g: mirror flow of Φ_t off by %g", eps, e)
		}
	}
}

// Experiment B: T₀ ≤ 2α and v_i(t) ≤ 2ε/|x_i y| (relative 1e-9) for t ≥ T₀.
func TestCh05WarmUp(t *testing.T) {
	p := Ch05StageProblem()
	X, y := p.X(), p.Y()
	times := ch05Grid(0.4, 800)
	for _, eps := range Ch05StageEps() {
		tr := ch05Flow(t, p, signdescent.Model{Alpha: Ch05Alpha, Eps: eps}, signdescent.FlowSettings{T: 0.4, Times: times})
		if !(tr.T0 <= 2*Ch05Alpha) {
			t.Errorf("ε = %g: T₀ = %g", eps, tr.T0)
		}
		for i := 0; i < 5; i++ {
			n, err := p.Block(i)
			if err != nil {
				t.Fatal(err)
			}
			bound := 2 * eps / math.Abs(X.At(n, i)*y.AtVec(n))
			for k, tk := range times {
				if tk >= tr.T0 && !(tr.V.At(k, i)/bound <= 1+1e-9) {
					t.Fatalf("ε = %g, t = %g: v_%d/bound = %g", eps, tk, i, tr.V.At(k, i)/bound)
				}
			}
		}
	}
}

// Experiment C: distance to the minimal-E point strictly decreasing, all
// limits interpolate, the GD baseline's KKT residual, conservation and
// convergence to the hypentropy projection.
func TestCh05Paths(t *testing.T) {
	p := Ch05LineProblem()
	e0, err := signdescent.NewBregmanE(p, Ch05Alpha, nil)
	if err != nil {
		t.Fatal(err)
	}
	starV, err := e0.Minimize()
	if err != nil {
		t.Fatal(err)
	}
	star := starV.RawVector().Data
	prev := math.Inf(1)
	for _, eps := range Ch05PathEps() {
		tr := ch05Flow(t, p, signdescent.Model{Alpha: Ch05Alpha, Eps: eps}, signdescent.FlowSettings{T: Ch05LineT, Times: ch05Grid(Ch05LineT, 600)})
		dist := floats.Distance(tr.FinalBeta, star, 2)
		if !(dist < prev) || !(tr.Residual <= 1e-6) {
			t.Errorf("ε = %g: distance %g (previous %g), residual %g", eps, dist, prev, tr.Residual)
		}
		prev = dist
	}
	lim, kkt, err := signdescent.GDLimit(p, Ch05Alpha)
	if err != nil {
		t.Fatal(err)
	}
	gd, err := signdescent.GDFlow(p, signdescent.Model{Alpha: Ch05Alpha}, signdescent.FlowSettings{T: 200, Times: ch05Grid(200, 2000)})
	if err != nil {
		t.Fatal(err)
	}
	if !(kkt <= 1e-8) || !(signdescent.ConservationError(gd.Final, Ch05Alpha) <= 1e-8) || !(floats.Distance(gd.FinalBeta, lim.RawVector().Data, math.Inf(1)) <= 1e-6) {
		t.Errorf("GD baseline: KKT %g, conservation %g, distance %g", kkt, signdescent.ConservationError(gd.Final, Ch05Alpha),
			floats.Distance(gd.FinalBeta, lim.RawVector().Data, math.Inf(1)))
	}
}

// Experiment D: M₋ ≤ Δ ≤ M₊, δ = |Δ| (1e-8), δ and E strictly decreasing,
// M₊ linear in ε.
func TestCh05Sweep(t *testing.T) {
	p := Ch05LineProblem()
	grid := Ch05EpsGrid()
	runs, err := signdescent.Sweep(p, Ch05Alpha, grid, signdescent.FlowSettings{T: Ch05LineT})
	if err != nil {
		t.Fatal(err)
	}
	var es, deltas, mPlus []float64
	for k, eps := range grid {
		tr := runs[k]
		e, err := signdescent.NewBregmanE(p, Ch05Alpha, tr.V.RawRowView(0))
		if err != nil {
			t.Fatal(err)
		}
		bs, err := signdescent.TheoremBounds(p, Ch05Alpha, eps)
		if err != nil {
			t.Fatal(err)
		}
		dl := bs[0].Delta(tr.U.RawRowView(0))
		delta := e.KKTError(tr.FinalBeta)
		if !(bs[0].MMinus <= dl && dl <= bs[0].MPlus) || !(math.Abs(delta-math.Abs(dl)) <= 1e-8) {
			t.Errorf("ε = %g: Δ = %g, [M₋, M₊] = [%g, %g], δ = %g", eps, dl, bs[0].MMinus, bs[0].MPlus, delta)
		}
		es, deltas, mPlus = append(es, e.Value(tr.FinalBeta)), append(deltas, delta), append(mPlus, bs[0].MPlus)
	}
	n := len(grid)
	for k := 1; k < n; k++ {
		if !(es[k] < es[k-1] && deltas[k] < deltas[k-1] && mPlus[k] < mPlus[k-1]) {
			t.Errorf("not strictly decreasing at ε = %g", grid[k])
		}
	}
	if !(math.Abs((mPlus[n-1]-mPlus[0])/(grid[n-1]-grid[0])-(mPlus[1]-mPlus[0])/(grid[1]-grid[0])) < 1e-9) {
		t.Error("M₊ is not linear in ε")
	}
	// The integrator-work table: at ε = 0.001 Dormand–Prince needs ≥ 5× the
	// right-hand-side calls of BDF (observed 17×).
	m := signdescent.Model{Alpha: Ch05Alpha, Eps: grid[0]}
	dp := ch05Flow(t, p, m, signdescent.FlowSettings{T: Ch05LineT, Method: signdescent.DormandPrince})
	bdf := ch05Flow(t, p, m, signdescent.FlowSettings{T: Ch05LineT})
	if r := float64(dp.Stats.RHSCalls) / float64(bdf.Stats.RHSCalls); !(r >= 5) {
		t.Errorf("RHS calls DP/BDF = %g", r)
	}
}

// Experiment E: discrete (η = 1e-3) within 1e-3 of the flow on both
// problems; the gap shrinks by more than 3 when η shrinks by 5.
func TestCh05Discrete(t *testing.T) {
	const horizon, records, eps = 6.0, 300, 0.01
	times := ch05Grid(horizon, records)
	final := func(p *signdescent.Problem, eta float64) float64 {
		fl := ch05Flow(t, p, signdescent.Model{Alpha: Ch05Alpha, Eps: eps}, signdescent.FlowSettings{T: horizon, Times: times})
		steps := int(math.Round(horizon / eta))
		rec := &ib.Recorder{Every: steps / records, Capacity: records + 1, KeepIterates: true}
		res, err := signdescent.Descent(p, signdescent.Model{Alpha: Ch05Alpha, Eps: eps}, signdescent.DescentSettings{Step: eta, MaxIter: steps, Recorder: rec})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Len() != len(times) || rec.Iter[rec.Len()-1] != steps {
			t.Fatalf("%d records for %d times", rec.Len(), len(times))
		}
		return floats.Distance(res.FinalBeta, fl.FinalBeta, math.Inf(1))
	}
	g1, g2, g3 := final(Ch05LineProblem(), 1e-3), final(Ch05LineProblem(), 2e-4), final(Ch05StageProblem(), 1e-3)
	if !(g1 <= 1e-3) || !(g3 <= 1e-3) || !(g1/g2 >= 3) {
		t.Errorf("gaps %g, %g (η = 2e-4), stage %g", g1, g2, g3)
	}
}

func TestCh05Q1(t *testing.T) {
	silence(t)
	t0, err := ch05T0(0.05)
	if err != nil {
		t.Fatal(err)
	}
	if !Ch05.Q1("shorter", t0).Right {
		t.Error("Q1 rejects the right answer")
	}
	if r := Ch05.Q1("?", 0); r.Right || !r.Unanswered {
		t.Error("Q1's placeholder is not reported as unanswered")
	}
	if Ch05.Q1("longer", t0).Right || Ch05.Q1("about the same", t0).Right || Ch05.Q1("shorter", 0.108).Right || Ch05.Q1("shorter", 0.1).Right {
		t.Error("Q1 accepts a wrong answer")
	}
}

func TestCh05Q2(t *testing.T) {
	silence(t)
	// (18) binds: |x₂||y|^{3/2}/(9√(2·1.5)) = 0.5/(9√3) < 4·0.15·0.5/9.
	if !Ch05.Q2(0.5/(9*math.Sqrt(3))).Right || !Ch05.Q2(0.03208).Right {
		t.Error("Q2 rejects the right answer")
	}
	if r := Ch05.Q2(0); r.Right || !r.Unanswered {
		t.Error("Q2's placeholder is not reported as unanswered")
	}
	for _, wrong := range []float64{4 * 0.15 * 0.5 / 9, 0.0222, 1 / (9 * math.Sqrt(3)), -0.03} {
		if Ch05.Q2(wrong).Right {
			t.Errorf("Q2 accepts %v", wrong)
		}
	}
}

func TestCh05Q3(t *testing.T) {
	silence(t)
	r, err := ch05Depth3()
	if err != nil {
		t.Fatal(err)
	}
	// With u̇ ≈ 1, u grows from about α to about 0.5 over the stage.
	if !(r > 3 && r < 8) {
		t.Errorf("u₁(T)/u₁(T₀) = %g", r)
	}
	if !Ch05.Q3("increasing", r).Right {
		t.Error("Q3 rejects the right answer")
	}
	if r := Ch05.Q3("?", 0); r.Right || !r.Unanswered {
		t.Error("Q3's placeholder is not reported as unanswered")
	}
	if Ch05.Q3("constant", r).Right || Ch05.Q3("increasing", 1).Right {
		t.Error("Q3 accepts a wrong answer")
	}
}
