package signdescent

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// fig1Runs integrates the Fig-1 analogue for ε = 0.002 and 0.01 on [0, 3]
// (Dormand–Prince, rtol 1e-9, atol 1e-12), sampled every 0.005.
func fig1Runs(t *testing.T) map[float64]*Trajectory {
	p := fig1Problem(t)
	runs := map[float64]*Trajectory{}
	for _, eps := range []float64{0.002, 0.01} {
		tr := mustFlow(t, p, Model{Alpha: 0.1, Eps: eps}, FlowSettings{T: 3, Times: grid(3, 0.005)})
		if tr.Assumptions != nil {
			t.Fatalf("ε = %g: %v", eps, tr.Assumptions)
		}
		runs[eps] = tr
	}
	return runs
}

// Check 2 (Prop. 3.4 and Lemma A.1): w± > 0 (exactly: the flow is
// integrated in log w); u non-decreasing, v
// non-increasing (up to 1e-7: after convergence the weights sit still
// and the integrator's noise is ~1e-9); sgn βᵢ(t) = sᵢ for t > 0;
// w⁺ᵢw⁻ᵢ < α² for t > 0 (gradient flow would conserve it); |r⁽ⁿ⁾|
// non-increasing without changing sign (up to 1e-9, the residual floor).
func TestProp34Monotonicity(t *testing.T) {
	p := fig1Problem(t)
	const alpha = 0.1
	for eps, tr := range fig1Runs(t) {
		rows, d := tr.Beta.Dims()
		var rOld []float64
		for k := 0; k < rows; k++ {
			for i := 0; i < d; i++ {
				wp, wm := tr.Plus.At(k, i), tr.Minus.At(k, i)
				if !(wp > 0 && wm > 0) {
					t.Fatalf("ε = %g, t = %g: w±_%d = %g, %g ≤ 0", eps, tr.Times[k], i, wp, wm)
				}
				if k == 0 {
					continue
				}
				if du := tr.U.At(k, i) - tr.U.At(k-1, i); !(du >= -1e-7) {
					t.Fatalf("ε = %g, t = %g: u_%d decreased by %g", eps, tr.Times[k], i, -du)
				}
				if dv := tr.V.At(k, i) - tr.V.At(k-1, i); !(dv <= 1e-7) {
					t.Fatalf("ε = %g, t = %g: v_%d increased by %g", eps, tr.Times[k], i, dv)
				}
				if sign(tr.Beta.At(k, i)) != tr.Signs[i] {
					t.Fatalf("ε = %g, t = %g: sgn β_%d = %v, s = %v", eps, tr.Times[k], i, sign(tr.Beta.At(k, i)), tr.Signs[i])
				}
				if !(wp*wm < alpha*alpha) {
					t.Fatalf("ε = %g, t = %g: w⁺w⁻ = %g ≥ α²", eps, tr.Times[k], wp*wm)
				}
			}
			r := make([]float64, 2)
			for n := range r {
				r[n] = p.y[n] - dot(p.x.RawRowView(n), tr.Beta.RawRowView(k))
				if math.Abs(r[n]) > 1e-9 && sign(r[n]) != sign(p.y[n]) {
					t.Fatalf("ε = %g, t = %g: r⁽%d⁾ = %g changed sign", eps, tr.Times[k], n, r[n])
				}
				if rOld != nil && !(math.Abs(r[n]) <= math.Abs(rOld[n])+1e-9) {
					t.Fatalf("ε = %g, t = %g: |r⁽%d⁾| increased", eps, tr.Times[k], n)
				}
			}
			rOld = r
		}
	}
}

// Check 3 (Prop. 3.5): T₀ ≤ 2α and vᵢ(t) ≤ 2ε/|xᵢy⁽ⁿ⁾| for t ≥ T₀ (1e-9:
// integrator tolerance).
func TestProp35InitialStage(t *testing.T) {
	p := fig1Problem(t)
	for eps, tr := range fig1Runs(t) {
		if !(tr.T0 > 0 && tr.T0 <= 0.2) {
			t.Errorf("ε = %g: T₀ = %v, want in (0, 2α = 0.2]", eps, tr.T0)
		}
		for k, tk := range tr.Times {
			if tk < tr.T0 {
				continue
			}
			for i, n := range p.block {
				bound := 2 * eps / math.Abs(p.x.At(n, i)*p.y[n])
				if v := tr.V.At(k, i); !(v <= bound+1e-9) {
					t.Fatalf("ε = %g, t = %g: v_%d = %g > 2ε/|xy| = %g", eps, tk, i, v, bound)
				}
			}
		}
	}
}

// Check 4 (Prop. 3.7): T₀ < T; minᵢ|∇_uL|ᵢ > ε on [T₀, T) and ≤ ε (up to a
// relative 1e-6 for the located event) for all sampled t ≥ T; before T₀
// some |∇_vL|ᵢ > ε. The measured T₀, T agree with the independent SciPy
// runs (T₀ ≈ 0.108/0.113, T ≈ 0.685/0.715 for ε = 0.002/0.01) to 1e-3.
func TestProp37Stages(t *testing.T) {
	want := map[float64][2]float64{0.002: {0.1081, 0.6848}, 0.01: {0.1128, 0.7148}}
	for eps, tr := range fig1Runs(t) {
		if !(tr.T0 < tr.TEnd) {
			t.Fatalf("ε = %g: T₀ = %v, T = %v", eps, tr.T0, tr.TEnd)
		}
		if !(math.Abs(tr.T0-want[eps][0]) <= 1e-3) || !(math.Abs(tr.TEnd-want[eps][1]) <= 1e-3) {
			t.Errorf("ε = %g: T₀ = %.5f, T = %.5f, want %v", eps, tr.T0, tr.TEnd, want[eps])
		}
		for k, tk := range tr.Times {
			minU := mat.Min(tr.GradU.RowView(k))
			maxV := mat.Max(tr.GradV.RowView(k))
			switch {
			case tk < tr.T0 && !(maxV > eps):
				t.Fatalf("ε = %g, t = %g < T₀: max|∇_vL| = %g ≤ ε", eps, tk, maxV)
			case tk < tr.TEnd && !(minU > eps):
				t.Fatalf("ε = %g, t = %g < T: min|∇_uL| = %g ≤ ε", eps, tk, minU)
			case tk >= tr.TEnd && minU > eps*(1+1e-6):
				t.Fatalf("ε = %g, t = %g ≥ T: min|∇_uL| = %g > ε", eps, tk, minU)
			}
		}
	}
}

// The stage times are zeros of the event functions: at T₀ the largest
// |∇_vL|ᵢ equals ε, at T the smallest |∇_uL|ᵢ equals ε (relative 1e-7:
// event location to 1e-12 in t times a slope O(1/ε), plus the
// integrator's error).
func TestStageEventsLocated(t *testing.T) {
	p := fig1Problem(t)
	for _, eps := range []float64{0.002, 0.01} {
		m := Model{Alpha: 0.1, Eps: eps}
		tr := mustFlow(t, p, m, FlowSettings{T: 3})
		at := mustFlow(t, p, m, FlowSettings{T: 3, Times: []float64{tr.T0, tr.TEnd}})
		if v := mat.Max(at.GradV.RowView(0)); !(math.Abs(v-eps) <= 1e-7*eps) {
			t.Errorf("ε = %g: max|∇_vL|(T₀) = %.12g", eps, v)
		}
		if u := mat.Min(at.GradU.RowView(1)); !(math.Abs(u-eps) <= 1e-7*eps) {
			t.Errorf("ε = %g: min|∇_uL|(T) = %.12g", eps, u)
		}
	}
}

// lsSlope returns the least-squares slope of y against x.
func lsSlope(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(x))
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	return sxy / sxx
}

// DualSlopes returns, per coordinate, the least-squares slope of the dual
// coordinate |∇Φₜ(β)ᵢ| = uᵢ(t) over the samples in [T₀, T].
func dualSlopes(tr *Trajectory) []float64 {
	_, d := tr.U.Dims()
	slopes := make([]float64, d)
	for i := range slopes {
		var x, y []float64
		for k, tk := range tr.Times {
			if tk >= tr.T0 && tk <= tr.TEnd {
				x = append(x, tk)
				y = append(y, tr.U.At(k, i))
			}
		}
		slopes[i] = lsSlope(x, y)
	}
	return slopes
}

// Check 5 (dual dynamics (20)): on [T₀, T] each dual coordinate moves at a
// speed in (½, 1]; at ε = 0.002 the least-squares slope is ≥ 0.95
// (observed 0.985–0.992; 0.93–0.96 at ε = 0.01).
func TestDualSpeed(t *testing.T) {
	for eps, tr := range fig1Runs(t) {
		for i, s := range dualSlopes(tr) {
			if !(s > 0.5 && s <= 1) {
				t.Errorf("ε = %g: dual slope %d = %g outside (0.5, 1]", eps, i, s)
			}
			if eps == 0.002 && !(s >= 0.95) {
				t.Errorf("ε = 0.002: dual slope %d = %g < 0.95", i, s)
			}
		}
	}
}

// Check 6 (Prop. 3.6): the mirror identity sgn(βᵢ)√(|βᵢ| + vᵢ²) = sᵢuᵢ holds
// along the flow to 1e-12 (rounding in β = u² − v² and the square root),
// both through MirrorIdentityError and through Potential.Grad applied to
// the sampled β; Dual() returns s⊙u.
func TestMirrorIdentity(t *testing.T) {
	for eps, tr := range fig1Runs(t) {
		dual := tr.Dual()
		rows, d := tr.Beta.Dims()
		g := make([]float64, d)
		for k := 1; k < rows; k++ {
			u, v := tr.U.RawRowView(k), tr.V.RawRowView(k)
			if e := MirrorIdentityError(tr.Signs, u, v); !(e <= 1e-12) {
				t.Fatalf("ε = %g, t = %g: mirror identity error %g", eps, tr.Times[k], e)
			}
			phi, err := NewPotential(v)
			if err != nil {
				t.Fatal(err)
			}
			phi.Grad(g, tr.Beta.RawRowView(k))
			for i := range g {
				if !(math.Abs(g[i]-dual.At(k, i)) <= 1e-12) || dual.At(k, i) != tr.Signs[i]*u[i] {
					t.Fatalf("ε = %g, t = %g: ∇Φₜ(β)_%d = %g, dual = %g", eps, tr.Times[k], i, g[i], dual.At(k, i))
				}
			}
		}
		for i := 0; i < d; i++ {
			// exp(log 0.1) = 0.1 + 1 ulp: the state is log w.
			if !(math.Abs(dual.At(0, i)-tr.Signs[i]*0.1) <= 1e-16) {
				t.Errorf("ε = %g: dual at t = 0 is %g, want s⊙α", eps, dual.At(0, i))
			}
		}
	}
}

// Check 7: the flow interpolates: ‖Xβ(3) − y‖∞ ≤ 1e-6.
func TestInterpolation(t *testing.T) {
	for eps, tr := range fig1Runs(t) {
		if !(tr.Residual <= 1e-6) {
			t.Errorf("ε = %g: residual %g", eps, tr.Residual)
		}
	}
}

// BDF (default), Rodas and Dormand–Prince at their default tolerances agree
// with a reference run (Dormand–Prince, rtol 1e-12) along the whole
// trajectory and in the stage times to 1e-7 (observed ≤ 2e-8: the
// defaults aim at 1e-8).
func TestIntegratorsAgree(t *testing.T) {
	for _, p := range []*Problem{fig1Problem(t), fig2Problem(t)} {
		for _, eps := range []float64{0.001, 0.01} {
			m := Model{Alpha: 0.1, Eps: eps}
			times := grid(3, 0.01)
			ref := mustFlow(t, p, m, FlowSettings{T: 3, Times: times, Method: DormandPrince, RTol: 1e-12, ATol: 1e-14})
			for _, meth := range []Integrator{BDF, DormandPrince, Rodas} {
				tr := mustFlow(t, p, m, FlowSettings{T: 3, Times: times, Method: meth})
				var du, dv mat.Dense
				du.Sub(tr.U, ref.U)
				dv.Sub(tr.V, ref.V)
				if e := math.Max(mat.Norm(&du, math.Inf(1)), mat.Norm(&dv, math.Inf(1))); !(e <= 1e-7) ||
					!(math.Abs(tr.T0-ref.T0) <= 1e-7) || !(math.Abs(tr.TEnd-ref.TEnd) <= 1e-7) {
					t.Errorf("ε = %g, method %d: weights off by %g, T₀ by %g, T by %g", eps, meth, e, tr.T0-ref.T0, tr.TEnd-ref.TEnd)
				}
			}
		}
	}
}

// BDF reuses its Jacobian: on the stage flow it needs a handful of
// Jacobians for hundreds of steps (a method that refactorises every step,
// like Rodas, has JacCalls = Steps).
func TestBDFReusesJacobian(t *testing.T) {
	tr := mustFlow(t, fig1Problem(t), Model{Alpha: 0.1, Eps: 0.002}, FlowSettings{T: 3})
	if tr.Stats.JacCalls > tr.Stats.Steps/20 || tr.Stats.LUs > tr.Stats.Steps/2 {
		t.Errorf("stats %+v", tr.Stats)
	}
}

// The analytic Jacobian agrees with central differences (relative 1e-6:
// the differences' error is O(h²) with h = 1e-6 on entries of size 1/ε).
func TestJacobian(t *testing.T) {
	p := fig1Problem(t)
	for _, gd := range []bool{false, true} {
		dy := newDynamics(p, Model{Alpha: 0.1, Eps: 0.01, Depth: 2}, gd)
		w := []float64{0.3, 0.05, 0.2, 0.4, 0.1, 0.02, 0.6, 0.01, 0.03, 0.2}
		n := len(w)
		J := mat.NewDense(n, n, nil)
		dy.jac(0, w, J)
		fp, fm := make([]float64, n), make([]float64, n)
		const h = 1e-6
		var worst, scale float64
		for c := 0; c < n; c++ {
			wc := w[c]
			w[c] = wc + h
			dy.rhs(0, w, fp)
			w[c] = wc - h
			dy.rhs(0, w, fm)
			w[c] = wc
			for r := 0; r < n; r++ {
				fd := (fp[r] - fm[r]) / (2 * h)
				worst = math.Max(worst, math.Abs(fd-J.At(r, c)))
				scale = math.Max(scale, math.Abs(fd))
			}
		}
		if !(worst <= 1e-6*scale) {
			t.Errorf("gd = %v: Jacobian off by %g (scale %g)", gd, worst, scale)
		}
	}
}
