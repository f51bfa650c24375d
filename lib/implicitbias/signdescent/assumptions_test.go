package signdescent

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// Check 1: both default datasets satisfy Assumptions 3.2 and 3.3; α = 0.5
// violates the right inequality of (19) and no ε is admissible.
func TestAssumptionsDefaults(t *testing.T) {
	for _, eps := range []float64{0.002, 0.01} {
		if err := CheckAssumptions(fig1Problem(t), 0.1, eps); err != nil {
			t.Errorf("Fig-1 data, ε = %g: %v", eps, err)
		}
	}
	for k := 1; k <= 20; k++ {
		if err := CheckAssumptions(fig2Problem(t), 0.1, 0.001*float64(k)); err != nil {
			t.Errorf("Fig-2 data, ε = %g: %v", 0.001*float64(k), err)
		}
	}
	for _, p := range []*Problem{fig1Problem(t), fig2Problem(t)} {
		err := CheckAssumptions(p, 0.5, 0.002)
		var ae *AssumptionError
		if !errors.As(err, &ae) || ae.Assumption != "3.3" || !math.IsNaN(ae.EpsMax) {
			t.Errorf("α = 0.5: got %v, want Assumption 3.3 with no admissible ε", err)
		}
		if !errors.Is(err, ib.ErrInvalidInput) {
			t.Errorf("α = 0.5: %v does not wrap ErrInvalidInput", err)
		}
	}
}

// EpsRange is the minimum of the bounds (18) and (19) with the paper's
// constants: for x = (1, −0.5), y = 1 the bound (19) 4α|x₂y|/9 binds at
// α = 0.1 (0.0222…) and (18) |x₂||y|^{3/2}/(9√(2·1.5)) = 0.032075 at
// α = 0.19 (values computed independently from the paper's formulas). A
// wrong constant (9 ↔ 4, a missing √2 or a missing power 3/2) fails.
func TestEpsRange(t *testing.T) {
	p := fig2Problem(t)
	for _, c := range []struct{ alpha, want float64 }{{0.1, 0.022222222222222223}, {0.19, 0.03207501495497921}} {
		got, err := EpsRange(p, c.alpha)
		if err != nil || !(math.Abs(got-c.want) <= 1e-15) {
			t.Errorf("EpsRange(α = %g) = %v, %v; want %v", c.alpha, got, err, c.want)
		}
	}
	// |y| ≠ 1 distinguishes the powers of |y| in (18): y = 4 scales the (18)
	// bound by 8 and the (19) bound by 4.
	p4, err := NewProblem(mat.NewDense(1, 2, []float64{1, -0.5}), mat.NewVecDense(1, []float64{4}))
	if err != nil {
		t.Fatal(err)
	}
	got, err := EpsRange(p4, 0.3)
	want := math.Min(8*0.03207501495497921, 4*4*0.3*0.5/9)
	if err != nil || !(math.Abs(got-want) <= 1e-15) {
		t.Errorf("EpsRange(y = 4, α = 0.3) = %v, %v; want %v", got, err, want)
	}
	// Just above the range the checker names inequality (19) and the range.
	err = CheckAssumptions(p, 0.1, 0.0223)
	var ae *AssumptionError
	if !errors.As(err, &ae) || ae.Assumption != "3.3" || ae.EpsMax != 0.022222222222222223 || ae.Coord != 1 {
		t.Errorf("ε = 0.0223: got %#v", err)
	}
	if err := CheckAssumptions(p, 0.1, 0.0222); err != nil {
		t.Errorf("ε = 0.0222 is admissible: %v", err)
	}
}

// Assumption 3.2 fails for a column shared by two rows, a zero column, or
// y⁽ⁿ⁾ = 0; Assumption 3.8 fails for the three-coordinate block of Fig. 1.
func TestAssumptionViolations(t *testing.T) {
	cases := []struct {
		name string
		X    []float64
		y    []float64
	}{
		{"shared column", []float64{1, 1, 0, 0, 1, 1}, []float64{1, 1}},
		{"zero column", []float64{1, 0, 0, 0, 0, 1}, []float64{1, 1}},
		{"zero target", []float64{1, 1, 0, 0, 0, 1}, []float64{1, 0}},
	}
	for _, c := range cases {
		p, err := NewProblem(mat.NewDense(2, 3, c.X), mat.NewVecDense(2, c.y))
		if err != nil {
			t.Fatal(err)
		}
		err = CheckAssumptions(p, 0.1, 0.001)
		var ae *AssumptionError
		if !errors.As(err, &ae) || ae.Assumption != "3.2" {
			t.Errorf("%s: got %v, want Assumption 3.2", c.name, err)
		}
		if _, err := p.Signs(); !errors.As(err, &ae) {
			t.Errorf("%s: Signs: got %v, want *AssumptionError", c.name, err)
		}
		// The dynamics still run, and say that no theorem covers them.
		tr, err := Flow(p, Model{Alpha: 0.1, Eps: 0.001}, FlowSettings{T: 1})
		if err != nil {
			t.Fatalf("%s: Flow: %v", c.name, err)
		}
		if !errors.As(tr.Assumptions, &ae) || tr.U != nil || !math.IsNaN(tr.T0) {
			t.Errorf("%s: Flow reports Assumptions = %v, U = %v, T0 = %v", c.name, tr.Assumptions, tr.U, tr.T0)
		}
		if _, err := NewBregmanE(p, 0.1, nil); !errors.As(err, &ae) {
			t.Errorf("%s: NewBregmanE: got %v", c.name, err)
		}
	}
	var ae *AssumptionError
	if err := CheckPairs(fig1Problem(t)); !errors.As(err, &ae) || ae.Assumption != "3.8" || ae.Sample != 1 {
		t.Errorf("CheckPairs(Fig-1 data) = %v, want Assumption 3.8 for block 1", err)
	}
	if _, err := TheoremBounds(fig1Problem(t), 0.1, 0.002); !errors.As(err, &ae) || ae.Assumption != "3.8" {
		t.Errorf("TheoremBounds(Fig-1 data) = %v, want Assumption 3.8", err)
	}
	if _, err := TheoremBounds(fig2Problem(t), 0.1, 0.03); !errors.As(err, &ae) || ae.Assumption != "3.3" {
		t.Errorf("TheoremBounds(ε = 0.03) = %v, want Assumption 3.3", err)
	}
}
