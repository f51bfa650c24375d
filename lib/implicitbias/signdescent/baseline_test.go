package signdescent

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// Check 10 (Woodworth et al.): the hypentropy projection satisfies its KKT
// conditions to 1e-8; gradient flow conserves w⁺ᵢw⁻ᵢ = α² (relative 1e-8,
// the integrator's tolerance) and converges to the projection; smoothed
// sign descent does not conserve it, and ends at a different, less sparse
// point (GD ≈ (0.952, −0.097), SSD ≈ (0.69, −0.62)).
func TestGDBaseline(t *testing.T) {
	p := fig2Problem(t)
	const alpha = 0.1
	lim, kkt, err := GDLimit(p, alpha)
	if err != nil {
		t.Fatal(err)
	}
	b := lim.RawVector().Data
	if !(kkt <= 1e-8) || !(p.Residual(b) <= 1e-8) {
		t.Errorf("KKT residual %g, interpolation %g", kkt, p.Residual(b))
	}
	if !(math.Abs(b[0]-0.952) <= 5e-4) || !(math.Abs(b[1]+0.097) <= 5e-4) {
		t.Errorf("GD limit %v", b)
	}
	gd, err := GDFlow(p, Model{Alpha: alpha}, FlowSettings{T: 200, Times: grid(200, 1)})
	if err != nil {
		t.Fatal(err)
	}
	for k := range gd.Times {
		w := append(append([]float64(nil), gd.Plus.RawRowView(k)...), gd.Minus.RawRowView(k)...)
		if c := ConservationError(w, alpha); !(c <= 1e-8) {
			t.Fatalf("t = %g: |w⁺w⁻/α² − 1| = %g", gd.Times[k], c)
		}
	}
	if dist := floats.Distance(gd.FinalBeta, b, math.Inf(1)); !(dist <= 1e-6) {
		t.Errorf("GD flow at T = 200 is %g from the projection", dist)
	}
	ssd := mustFlow(t, p, Model{Alpha: alpha, Eps: 0.01}, FlowSettings{T: 6})
	if c := ConservationError(ssd.Final, alpha); !(c >= 0.5) {
		t.Errorf("SSD keeps w⁺w⁻ near α²: %g", c)
	}
	if !(floats.Distance(ssd.FinalBeta, b, 2) >= 0.3) {
		t.Errorf("SSD limit %v close to the GD limit %v", ssd.FinalBeta, b)
	}
}

// GDFlow on L = ¼‖Xβ − y‖² is the core's mirror flow with Hypentropy(α) on
// ½‖Xβ − y‖² at half the time: β_GD(t) = β_MF(t/2) (relative 1e-7: two
// integrations at rtol 1e-9/1e-10 in different coordinates). A wrong loss
// scale (a clock off by 2) or a wrong chain-rule factor fails.
func TestGDFlowIsMirrorFlow(t *testing.T) {
	p := fig1Problem(t)
	const alpha = 0.1
	times := grid(40, 0.5)
	gd, err := GDFlow(p, Model{Alpha: alpha}, FlowSettings{T: 40, Times: times})
	if err != nil {
		t.Fatal(err)
	}
	half := make([]float64, len(times))
	for k, tk := range times {
		half[k] = tk / 2
	}
	ls, err := ib.NewLeastSquares(p.X(), p.Y())
	if err != nil {
		t.Fatal(err)
	}
	pot, err := ib.NewHypentropy(alpha)
	if err != nil {
		t.Fatal(err)
	}
	mf, err := ib.MirrorFlow(pot, ls, mat.NewVecDense(5, nil), ib.FlowSettings{T: 20, Times: half})
	if err != nil {
		t.Fatal(err)
	}
	for k := range times {
		a, b := gd.Beta.RawRowView(k), mf.X.RawRowView(k)
		if d := floats.Distance(a, b, math.Inf(1)); !(d <= 1e-7*math.Max(1, floats.Norm(b, math.Inf(1)))) {
			t.Fatalf("t = %g: GD flow %v, mirror flow at t/2 %v", times[k], a, b)
		}
	}
}
