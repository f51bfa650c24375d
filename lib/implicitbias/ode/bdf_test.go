package ode_test

import (
	"errors"
	"fmt"
	"math"
	"os/exec"
	"strings"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias/ode"
	"gonum.org/v1/gonum/mat"
)

// BDF does not propagate a higher-order solution (no local extrapolation),
// so its global error is the sum of local errors of size up to the
// tolerance: on the Gaussian (contracting) and the rotation (isometric) it
// is at most about Steps·tol. The bound 2·Steps·tol (2: the RMS norm of a
// 2-vector versus its Euclidean norm, and the estimate's asymptotic nature)
// fails for an error estimate that is too small by a factor of 4 or more.
// Dense output is checked at 101 times on the rotation, same bound.
func TestBDFTolerance(t *testing.T) {
	times := make([]float64, 101)
	for k := range times {
		times[k] = 2 * math.Pi * float64(k) / 100
	}
	for _, tol := range []float64{1e-3, 1e-5, 1e-7, 1e-9, 1e-11} {
		s := ode.Settings{RTol: tol, ATol: tol}
		r, err := ode.BDF(gaussian(3), s)
		if err != nil {
			t.Fatal(err)
		}
		if e, bound := math.Abs(r.Y[0]-math.Exp(-9)), 2*float64(r.Stats.Steps)*tol; !(e <= bound) {
			t.Errorf("gaussian tol %g: error %g > 2·Steps·tol = %g", tol, e, bound)
		}
		s.Output = times
		r, err = ode.BDF(rotation(2*math.Pi), s)
		if err != nil {
			t.Fatal(err)
		}
		var worst float64
		for k, tk := range times {
			worst = math.Max(worst, math.Hypot(r.Output.At(k, 0)-math.Cos(tk), r.Output.At(k, 1)-math.Sin(tk)))
		}
		t.Logf("tol %g: %+v, worst dense error %.3g = %.3g·Steps·tol", tol, r.Stats, worst, worst/(float64(r.Stats.Steps)*tol))
		if bound := 2 * float64(r.Stats.Steps) * tol; !(worst <= bound) {
			t.Errorf("rotation tol %g: dense output error %g > 2·Steps·tol = %g", tol, worst, bound)
		}
	}
}

// Robertson on [0, 40] against the DormandPrince reference of
// TestRodasStiffRobertson, to 100·tol relative (plus atol). The Jacobian is
// reused: at most one evaluation per 10 steps and one LU per 3 steps (it
// needs about 1 in 40 and 1 in 6); Rodas evaluates and factorises at every
// step. A method that refreshed them every step would fail.
func TestBDFStiffRobertson(t *testing.T) {
	const tol = 1e-6
	ref, err := ode.DormandPrince(robertson(40, false), ode.Settings{RTol: 1e-10, ATol: 1e-14})
	if err != nil {
		t.Fatal(err)
	}
	for _, withJac := range []bool{false, true} {
		r, err := ode.BDF(robertson(40, withJac), ode.Settings{RTol: tol, ATol: 1e-10})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("BDF (analytic Jacobian %v): %+v", withJac, r.Stats)
		for i := range r.Y {
			if d := math.Abs(r.Y[i] - ref.Y[i]); !(d <= 100*(tol*math.Abs(ref.Y[i])+1e-10)) {
				t.Errorf("y%d(40) = %.10g, reference %.10g", i+1, r.Y[i], ref.Y[i])
			}
		}
		checkReuse(t, r.Stats)
	}
}

func checkReuse(t *testing.T, st ode.Stats) {
	t.Helper()
	if st.JacCalls*10 > st.Steps || st.LUs*3 > st.Steps {
		t.Errorf("%d Jacobians and %d LUs for %d steps: want ≤ 1/10 and ≤ 1/3 per step", st.JacCalls, st.LUs, st.Steps)
	}
}

// Van der Pol with μ = 1000 on [0, 3000]: the period between the two falling
// zeros of y1 must match the asymptotic (3 − 2 ln 2)μ + 3αμ^(−1/3) to 0.5%
// (see TestRodasStiffVanDerPol), and the zeros must agree with Rodas at tol
// 1e-10 to 300·tol relative (BDF's error in the phase is the sum of ~1,200
// local errors of size tol, about 100·tol today at the first zero; a method
// of order 1 or 2 would be off by more than 1e-3). Jacobian reuse as for
// Robertson.
func TestBDFStiffVanDerPol(t *testing.T) {
	const mu = 1000.0
	p := ode.Problem{
		F: func(t float64, y, dy []float64) {
			dy[0] = y[1]
			dy[1] = mu*(1-y[0]*y[0])*y[1] - y[0]
		},
		Jac: func(t float64, y []float64, j *mat.Dense) {
			j.Set(0, 1, 1)
			j.Set(1, 0, -2*mu*y[0]*y[1]-1)
			j.Set(1, 1, mu*(1-y[0]*y[0]))
		},
		T0: 0, T1: 3000, Y0: []float64{2, 0},
	}
	fall := ode.Event{G: func(t float64, y []float64) float64 { return y[0] }, Direction: -1}
	ref, err := ode.Rodas(p, ode.Settings{RTol: 1e-10, ATol: 1e-10, Events: []ode.Event{fall}})
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-6
	for _, withJac := range []bool{true, false} {
		q := p
		if !withJac {
			q.Jac = nil
		}
		r, err := ode.BDF(q, ode.Settings{RTol: tol, ATol: tol, Events: []ode.Event{fall}})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("analytic Jacobian %v: %+v, falling zeros at %v", withJac, r.Stats, r.Events)
		if len(r.Events) != 2 || len(ref.Events) != 2 {
			t.Fatalf("%d falling zeros (reference %d), want 2", len(r.Events), len(ref.Events))
		}
		want := (3-2*math.Ln2)*mu + 3*2.338107410459767*math.Pow(mu, -1.0/3)
		if got := r.Events[1].T - r.Events[0].T; !(math.Abs(got-want) <= 5e-3*want) {
			t.Errorf("period %v, asymptotic %v", got, want)
		}
		for i := range r.Events {
			if d := math.Abs(r.Events[i].T - ref.Events[i].T); !(d <= 300*tol*ref.Events[i].T) {
				t.Errorf("zero %d: %v, reference %v", i, r.Events[i].T, ref.Events[i].T)
			}
		}
		checkReuse(t, r.Stats)
	}
}

// Workload (b) of the shared benchmarks: Σβ(50) must be within 3e-9 of the
// converged 0.55593340853 (DormandPrince and Rodas at rtol 1e-12 agree to
// 2e-10) — the accuracy SciPy's LSODA reaches at rtol 1e-8 (0.5559334116).
// BDF's error test uses the max norm (as LSODA does), which keeps the global
// error on the transient of this flow (t < 0.5, many smoothed kinks) within
// 3e-9 at rtol 1e-9 (TestSignFlowBDFBudget checks five neighbouring rtols).
// The budget of 4,300 RHS calls with a finite-difference Jacobian (80 calls
// each, on top of ~3,400 steps; two are evaluated today) fails if the
// Jacobian is refreshed more than about three times; Rodas, which refreshes
// it every step, needs 82,000.
func TestSignFlowBDF(t *testing.T) {
	sf := newSignFlow(t)
	for _, withJac := range []bool{false, true} {
		r, err := ode.BDF(sf.problem(withJac), signFlowBDFSettings)
		if err != nil {
			t.Fatal(err)
		}
		got := sumBeta(r.Y)
		t.Logf("analytic Jacobian %v: Σβ(50) = %.11f (off by %.2g), %+v", withJac, got, got-0.55593340853, r.Stats)
		if !(math.Abs(got-0.55593340853) <= 3e-9) {
			t.Errorf("Σβ(50) = %.11f, want 0.55593340853 ± 3e-9", got)
		}
		if r.Stats.RHSCalls > 4300 {
			t.Errorf("%d RHS calls, want ≤ 4300", r.Stats.RHSCalls)
		}
		checkReuse(t, r.Stats)
	}
}

var signFlowBDFSettings = ode.Settings{RTol: 1e-9, ATol: 1e-12}

// BenchmarkSignFlowBDF is workload (b) with a finite-difference Jacobian at
// the settings of TestSignFlowBDF. SciPy 1.10 solve_ivp on this machine kind
// (../shared/bench/README.md, rtol 1e-8): LSODA 0.10–0.21 s and 3,998–4,001
// RHS calls (Σβ off by 3.1e-9), BDF 0.25 s / 4,563 (its finite-difference
// Jacobian calls not counted), Radau 0.66 s / 7,196, RK45 10.2 s / 579,884.
// The benchmark prints them next to the Go figures; cpu-ms/op is the CPU
// time of the run, the figure to compare when the machine is loaded.
func BenchmarkSignFlowBDF(b *testing.B) {
	printSciPy()
	benchSignFlowSettings(b, ode.BDF, false, signFlowBDFSettings)
}

// BenchmarkSignFlowBDFJac is BenchmarkSignFlowBDF with the analytic Jacobian.
func BenchmarkSignFlowBDFJac(b *testing.B) {
	benchSignFlowSettings(b, ode.BDF, true, signFlowBDFSettings)
}

// BenchmarkSignFlowBDFSweep shows accuracy against work over rtol (finite-
// difference Jacobian, atol max(rtol/100, 1e-12)): the error in Σβ(50) is
// not monotone in rtol at this level (local errors accumulate like a random
// walk over the transient), which is why the tests check neighbouring rtols.
func BenchmarkSignFlowBDFSweep(b *testing.B) {
	for _, rtol := range []float64{1e-8, 1e-9, 1e-10, 5e-11, 2e-11, 1e-11} {
		b.Run(fmt.Sprintf("rtol=%g", rtol), func(b *testing.B) {
			benchSignFlowSettings(b, ode.BDF, false, ode.Settings{RTol: rtol, ATol: math.Max(1e-12, rtol/100)})
		})
	}
}

var sciPyPrinted bool

// printSciPy prints SciPy's figures for workload (b) next to the Go ones:
// measured in the same run by testdata/signflow_lsoda.py (LSODA at the
// README's rtol 1e-8, atol 1e-10) when python3 with SciPy is installed
// (Debian's python3-scipy), and the README's figures for this machine kind.
func printSciPy() {
	if sciPyPrinted {
		return
	}
	sciPyPrinted = true
	fmt.Println("workload (b), SciPy 1.10 solve_ivp (shared/bench README, same machine kind, rtol 1e-8 atol 1e-10):")
	fmt.Println("  LSODA  0.10-0.21 s   4,001 RHS calls  Σβ(50) off by 3.1e-9")
	fmt.Println("  BDF    0.25 s        4,563 RHS calls (finite-difference Jacobian calls not counted)")
	fmt.Println("  Radau  0.66 s        7,196 RHS calls")
	fmt.Println("  RK45  10.2 s       579,884 RHS calls  Σβ(50) off by 8e-7")
	// Debian's python3 first: another python3 on PATH may lack SciPy.
	var out []byte
	err := exec.ErrNotFound
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if out, err = exec.Command(py, "testdata/signflow_lsoda.py").Output(); err == nil {
			break
		}
	}
	if err != nil {
		fmt.Printf("measured here: not available (python3 with SciPy: %v)\n", err)
		return
	}
	fmt.Printf("measured here, this run: %s", out)
}

// A Jacobian that is not finite ends the integration with ErrStepFailed,
// naming the Jacobian, for both implicit methods. BDF evaluates its
// Jacobian only when the fixed-point iteration stops converging, so the
// problem is stiff (y' = −10⁴y on [0, 2]): its steps soon need J.
func TestImplicitBadJacobian(t *testing.T) {
	p := ode.Problem{
		F:   func(t float64, y, dy []float64) { dy[0] = -1e4 * y[0] },
		Jac: func(t float64, y []float64, j *mat.Dense) { j.Set(0, 0, math.NaN()) },
		T1:  2, Y0: []float64{1},
	}
	for _, m := range []method{{"Rodas", ode.Rodas}, {"BDF", ode.BDF}} {
		_, err := m.run(p, ode.Settings{})
		if !errors.Is(err, ode.ErrStepFailed) || !strings.Contains(err.Error(), "Jacobian") {
			t.Errorf("%s: error %v, want ErrStepFailed naming the Jacobian", m.name, err)
		}
	}
}

// Prothero and Robinson's problem y' = λ(y − cos t) − sin t, y(0) = 1, has
// the solution cos t for every λ; for λ ≪ 0 it is stiff. An A(α)-stable
// method with step control by accuracy takes about as many steps for
// λ = −1e9 as for λ = −1 and stays accurate: the error at t = 10 must be
// ≤ 100·tol (as TestRodasTolerance) and the step count ≤ 1.5 times that of
// λ = −1. An explicit method, or an implicit one whose Newton iteration
// did not use the Jacobian, would need |λ|·10 steps.
func TestBDFProtheroRobinson(t *testing.T) {
	const tol = 1e-8
	steps := 0
	for _, lambda := range []float64{-1, -1e3, -1e6, -1e9} {
		p := ode.Problem{
			F:  func(t float64, y, dy []float64) { dy[0] = lambda*(y[0]-math.Cos(t)) - math.Sin(t) },
			T1: 10, Y0: []float64{1},
		}
		r, err := ode.BDF(p, ode.Settings{RTol: tol, ATol: tol})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("λ = %g: error %.3g, %+v", lambda, r.Y[0]-math.Cos(10), r.Stats)
		if e := math.Abs(r.Y[0] - math.Cos(10)); !(e <= 100*tol) {
			t.Errorf("λ = %g: error %g > 100·tol", lambda, e)
		}
		if lambda == -1 {
			steps = r.Stats.Steps
		} else if 2*r.Stats.Steps > 3*steps {
			t.Errorf("λ = %g: %d steps, more than 1.5 times the %d of λ = −1", lambda, r.Stats.Steps, steps)
		}
	}
}

// On a non-stiff problem BDF never needs a Jacobian: the fixed-point
// iteration converges at every step (cλ ≤ h/α_k ≪ 1 for the harmonic
// oscillator y1' = y2, y2' = −y1 at rtol 1e-8, whose steps are ≤ 0.1), so no
// Jacobian is evaluated and nothing is factorised. Starting with the Newton
// iteration would evaluate J at the first step. The solution stays within
// 1e-6 of (cos t, −sin t) at t = 10 (100 times the tolerance, as for the
// other BDF accuracy tests: the global error is the sum of ~250 local
// errors ≤ tol; it is 2.6e-7 today).
func TestBDFNonStiffNoJacobian(t *testing.T) {
	p := ode.Problem{
		F:  func(t float64, y, dy []float64) { dy[0], dy[1] = y[1], -y[0] },
		T1: 10, Y0: []float64{1, 0},
	}
	r, err := ode.BDF(p, ode.Settings{RTol: 1e-8, ATol: 1e-8})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v, error %.2g", r.Stats, math.Hypot(r.Y[0]-math.Cos(10), r.Y[1]+math.Sin(10)))
	if r.Stats.JacCalls != 0 || r.Stats.LUs != 0 {
		t.Errorf("%d Jacobians and %d LUs on a non-stiff problem, want none", r.Stats.JacCalls, r.Stats.LUs)
	}
	if e := math.Hypot(r.Y[0]-math.Cos(10), r.Y[1]+math.Sin(10)); !(e <= 1e-6) {
		t.Errorf("y(10) off by %g, want ≤ 1e-6", e)
	}
}
