package signdescent

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// epsGrid is the ε grid of the Fig-3 analogue: 0.001, 0.002, …, 0.02.
func epsGrid() []float64 {
	g := make([]float64, 20)
	for k := range g {
		g[k] = 0.001 * float64(k+1)
	}
	return g
}

// The constants of Theorem 3.9 for x = (1, −0.5), y = 1, α = 0.1, computed
// independently (Python, transcribed from App. B.1 of the paper) at
// ε = 0.001 and 0.02. A wrong power of λ, a missing √2 or a swapped
// |cos θ| and |sin θ| moves them by far more than 1e-12.
func TestTheoremBoundsValues(t *testing.T) {
	p := fig2Problem(t)
	want := map[float64][2]float64{0.001: {0.42280708401998834, 0.13860430868294232}, 0.02: {0.42012007825147946, -0.7171689690370837}}
	for eps, w := range want {
		bs, err := TheoremBounds(p, 0.1, eps)
		if err != nil {
			t.Fatal(err)
		}
		b := bs[0]
		if !(math.Abs(b.MPlus-w[0]) <= 1e-12) || !(math.Abs(b.MMinus-w[1]) <= 1e-12) {
			t.Errorf("ε = %g: M₊ = %.17g, M₋ = %.17g; want %v", eps, b.MPlus, b.MMinus, w)
		}
		if b.Big != 0 || b.Small != 1 || !(math.Abs(b.MBar-0.42294850537622564) <= 1e-12) {
			t.Errorf("ε = %g: Big %d, Small %d, M̄ %.16g", eps, b.Big, b.Small, b.MBar)
		}
	}
}

// Check 8 (Theorem 3.9, Corollary 3.10, Fig. 3): on the ε grid,
// M₋ ≤ Δ ≤ M₊; δ = |Δ| equals the projection formula ‖(I − P_X)∇E(β∞)‖ to
// 1e-8 (the flow is converged to rtol 1e-9); δ(ε) and E(β∞, 0) strictly
// decrease; the distance of β∞ to the minimal-E point decreases. The
// values at the ends match the independent SciPy runs (δ: 0.3166 → 0.2650,
// E: 0.5891 → 0.5652) to their 4 digits; a loss ½‖Xβ − y‖² instead of ¼
// (ε halved) would give δ(0.02) = 0.2901.
func TestEpsSweep(t *testing.T) {
	p := fig2Problem(t)
	const alpha = 0.1
	e0, err := NewBregmanE(p, alpha, nil)
	if err != nil {
		t.Fatal(err)
	}
	starV, err := e0.Minimize()
	if err != nil {
		t.Fatal(err)
	}
	star := starV.RawVector().Data
	grid := epsGrid()
	runs, err := Sweep(p, alpha, grid, FlowSettings{T: 6})
	if err != nil {
		t.Fatal(err)
	}
	var deltas, es, dists []float64
	for k, eps := range grid {
		tr := runs[k]
		bs, err := TheoremBounds(p, alpha, eps)
		if err != nil {
			t.Fatal(err)
		}
		u, v := tr.U.RawRowView(len(tr.Times)-1), tr.V.RawRowView(len(tr.Times)-1)
		e, err := NewBregmanE(p, alpha, v)
		if err != nil {
			t.Fatal(err)
		}
		delta := bs[0].Delta(u)
		kkt := e.KKTError(tr.FinalBeta)
		if !(bs[0].MMinus <= delta && delta <= bs[0].MPlus) {
			t.Errorf("ε = %g: Δ = %g outside [M₋, M₊] = [%g, %g]", eps, delta, bs[0].MMinus, bs[0].MPlus)
		}
		if !(math.Abs(kkt-math.Abs(delta)) <= 1e-8) {
			t.Errorf("ε = %g: δ = %.12g but |Δ| = %.12g", eps, kkt, math.Abs(delta))
		}
		if !(kkt <= DeltaBound(bs)) || !(kkt <= LinearBound(bs)) {
			t.Errorf("ε = %g: δ = %g above the bounds %g, %g", eps, kkt, DeltaBound(bs), LinearBound(bs))
		}
		if !(tr.Residual <= 1e-6) {
			t.Errorf("ε = %g: residual %g", eps, tr.Residual)
		}
		deltas = append(deltas, kkt)
		es = append(es, e.Value(tr.FinalBeta))
		dists = append(dists, floats.Distance(tr.FinalBeta, star, 2))
	}
	for k := 1; k < len(grid); k++ {
		if !(deltas[k] < deltas[k-1] && es[k] < es[k-1] && dists[k] < dists[k-1]) {
			t.Errorf("not strictly decreasing at ε = %g: δ %g→%g, E %g→%g, dist %g→%g", grid[k],
				deltas[k-1], deltas[k], es[k-1], es[k], dists[k-1], dists[k])
		}
	}
	last := len(grid) - 1
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"δ(0.001)", deltas[0], 0.3166}, {"δ(0.02)", deltas[last], 0.2650}, {"E(0.001)", es[0], 0.5891}, {"E(0.02)", es[last], 0.5652},
		{"dist(0.001)", dists[0], 0.442}, {"dist(0.02)", dists[last], 0.360}} {
		if !(math.Abs(c.got-c.want) <= 6e-4) {
			t.Errorf("%s = %.5f, want %.4f", c.name, c.got, c.want)
		}
	}
}

// The minimal-E point: with v∞ = 0, E(·, 0) + const is the Bregman
// divergence of the core's QPower(3/2) (ψ = ⅔Σ|βᵢ|^{3/2}) from
// x₀ = s·α², so implicitbias.Project must find the same point; its KKT
// error is zero (to rounding) for any v∞, and no other interpolator has a
// smaller E. The star of Fig. 2 is (0.867, −0.266).
func TestMinimalE(t *testing.T) {
	for _, p := range []*Problem{fig1Problem(t), fig2Problem(t)} {
		n, d := p.Dims()
		s, _ := p.Signs()
		for _, vInf := range [][]float64{nil, func() []float64 {
			v := make([]float64, d)
			for i := range v {
				v[i] = 0.01 * float64(i+1)
			}
			return v
		}()} {
			e, err := NewBregmanE(p, 0.1, vInf)
			if err != nil {
				t.Fatal(err)
			}
			star, err := e.Minimize()
			if err != nil {
				t.Fatal(err)
			}
			b := star.RawVector().Data
			if r := p.Residual(b); !(r <= 1e-14) {
				t.Errorf("residual %g", r)
			}
			if k := e.KKTError(b); !(k <= 1e-12) {
				t.Errorf("KKT error at the minimiser %g", k)
			}
			// Moving along the null space of X increases E.
			null := make([]float64, d)
			copy(null, b)
			for i, blk := range p.block {
				if blk == 0 && i < 2 {
					null[i] += 1e-3 / p.x.At(0, i) * float64(1-2*i)
				}
			}
			if !(p.Residual(null) <= 1e-12) || !(e.Value(null) > e.Value(b)) {
				t.Errorf("a feasible perturbation lowers E: %g vs %g", e.Value(null), e.Value(b))
			}
			if vInf != nil {
				continue
			}
			q, _ := ib.NewQPower(1.5)
			x0 := make([]float64, d)
			for i := range x0 {
				x0[i] = s[i] * 0.01
			}
			pr, err := ib.Project(q, p.X(), p.Y(), mat.NewVecDense(d, x0), nil)
			if err != nil {
				t.Fatal(err)
			}
			if dist := floats.Distance(pr.X.RawVector().Data, b, math.Inf(1)); !(dist <= 1e-9) {
				t.Errorf("N = %d: minimal-E point differs from the QPower(3/2) projection by %g", n, dist)
			}
		}
	}
	e, _ := NewBregmanE(fig2Problem(t), 0.1, nil)
	star, err := e.Minimize()
	if err != nil || !(math.Abs(star.AtVec(0)-0.867) <= 5e-4) || !(math.Abs(star.AtVec(1)+0.266) <= 5e-4) {
		t.Errorf("star = %v, %v; want (0.867, −0.266)", star, err)
	}
}

// Corollary 3.11 on a two-block problem satisfying Assumption 3.8: the
// total KKT error is at most Σₙ max(|M₊⁽ⁿ⁾|, |M₋⁽ⁿ⁾|), and each block's
// δ⁽ⁿ⁾ = |Δ⁽ⁿ⁾| lies in its own [M₋, M₊].
func TestCorollary311(t *testing.T) {
	X := mat.NewDense(2, 4, []float64{1, -0.5, 0, 0, 0, 0, 0.4, 0.9})
	p, err := NewProblem(X, mat.NewVecDense(2, []float64{1, -1.5}))
	if err != nil {
		t.Fatal(err)
	}
	for _, eps := range []float64{0.002, 0.01} {
		bs, err := TheoremBounds(p, 0.1, eps)
		if err != nil {
			t.Fatal(err)
		}
		tr := mustFlow(t, p, Model{Alpha: 0.1, Eps: eps}, FlowSettings{T: 8})
		u, v := tr.U.RawRowView(0), tr.V.RawRowView(0)
		e, err := NewBregmanE(p, 0.1, v)
		if err != nil {
			t.Fatal(err)
		}
		var sq float64
		for _, b := range bs {
			dl := b.Delta(u)
			if !(b.MMinus <= dl && dl <= b.MPlus) {
				t.Errorf("ε = %g, block %d: Δ = %g outside [%g, %g]", eps, b.Sample, dl, b.MMinus, b.MPlus)
			}
			sq += dl * dl
		}
		kkt := e.KKTError(tr.FinalBeta)
		// Disjoint blocks: (I − P_X) acts blockwise, so δ̄² = Σₙ Δₙ².
		if !(math.Abs(kkt-math.Sqrt(sq)) <= 1e-8) || !(kkt <= DeltaBound(bs)) || !(tr.Residual <= 1e-6) {
			t.Errorf("ε = %g: δ̄ = %g, √ΣΔ² = %g, bound %g, residual %g", eps, kkt, math.Sqrt(sq), DeltaBound(bs), tr.Residual)
		}
	}
}

// Potential: the mirror map is the gradient of Φ (central differences,
// 1e-7 relative: O(h²) with h = 1e-5) and GradStar inverts it away from
// the kink.
func TestPotential(t *testing.T) {
	v := []float64{0.05, 0, 0.2}
	phi, err := NewPotential(v)
	if err != nil {
		t.Fatal(err)
	}
	beta := []float64{0.3, -0.7, -0.01}
	g, back := make([]float64, 3), make([]float64, 3)
	phi.Grad(g, beta)
	phi.GradStar(back, g)
	const h = 1e-5
	for i := range beta {
		bp := append([]float64(nil), beta...)
		bm := append([]float64(nil), beta...)
		bp[i] += h
		bm[i] -= h
		fd := (phi.Value(bp) - phi.Value(bm)) / (2 * h)
		if !(math.Abs(fd-g[i]) <= 1e-7*math.Abs(g[i])) {
			t.Errorf("∂Φ/∂β_%d: %g vs finite differences %g", i, g[i], fd)
		}
		if !(math.Abs(back[i]-beta[i]) <= 1e-15) {
			t.Errorf("∇Φ*(∇Φ(β))_%d = %g, want %g", i, back[i], beta[i])
		}
	}
	if val := phi.Value([]float64{0, 0, 0}); !(math.Abs(val-2.0/3*(0.05*0.05*0.05+0.2*0.2*0.2)) <= 1e-16) {
		t.Errorf("Φ(0) = %g", val)
	}
}

// Data so large that the multiplier overflows end in an error, not a hang.
func TestMinimizeOverflow(t *testing.T) {
	p, err := NewProblem(mat.NewDense(1, 2, []float64{1e-300, -1e-300}), mat.NewVecDense(1, []float64{1e300}))
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewBregmanE(p, 0.1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Minimize(); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("got %v", err)
	}
}
