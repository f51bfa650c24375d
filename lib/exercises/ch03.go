package exercises

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/reparam"
)

// Ch03 holds the check functions of chapter 03 (commuting
// parametrisations): exercises.Ch03.Q1(answer), …
var Ch03 ch03

type ch03 struct{}

// ch03Q1Map is G(x) = (x₁x₂, x₂x₃) on ℝ³ with its analytic Jacobian.
func ch03Q1Map() *reparam.FuncMap {
	g, err := reparam.NewFuncMap(3, 2,
		func(dst, x []float64) { dst[0], dst[1] = x[0]*x[1], x[1]*x[2] },
		func(J *mat.Dense, x []float64) {
			J.Zero()
			J.Set(0, 0, x[1])
			J.Set(0, 1, x[0])
			J.Set(1, 1, x[2])
			J.Set(1, 2, x[1])
		})
	if err != nil {
		panic(err) // fixed, valid dimensions
	}
	return g
}

// Q1 checks the prediction of whether G(x) = (x₁x₂, x₂x₃) on ℝ³ is
// "commuting" or "not commuting". The answer is computed by
// reparam.BracketScore at a few generic points.
func (ch03) Q1(answer string) Result {
	const ex = "Ch03.Q1"
	pts := mat.NewDense(3, 3, []float64{0.3, -1.2, 0.8, 1.1, 0.4, -0.5, -0.7, 0.9, 1.3})
	b, err := reparam.BracketScore(ch03Q1Map(), pts)
	if err != nil {
		return Report(NotYet(ex, "the check could not compute the bracket: "+err.Error(), "report this as a bug"))
	}
	want := "not commuting"
	if b.Score <= 1e-7 {
		want = "commuting"
	}
	return Report(CheckChoice(ex, answer, want, []string{"commuting", "not commuting"},
		"compute ∇²G₂∇G₁ − ∇²G₁∇G₂ by hand: both Hessians are constant; or call reparam.BracketScore on a reparam.NewFuncMap"))
}

// Q2 checks the value of ∇²R(w) at w = 2 for the one-coordinate product
// w = u·v started at (u₀, v₀) = (1, 0.5). The answer is computed from the
// family's closed-form potential (reparam.ProductMap).
func (ch03) Q2(value float64) Result {
	const ex = "Ch03.Q2"
	g, err := reparam.NewProductMap(2, 1)
	if err != nil {
		return Report(NotYet(ex, "the check could not build the map: "+err.Error(), "report this as a bug"))
	}
	pot, err := g.MirrorPotential([]float64{1, 0.5})
	if err != nil {
		return Report(NotYet(ex, "the check could not build the potential: "+err.Error(), "report this as a bug"))
	}
	h := make([]float64, 1)
	pot.(ib.Separable).HessDiag(h, []float64{2})
	// A closed form evaluated by hand to four digits is within 1e-3.
	return Report(CheckNumber(ex, "∇²R(2)", value, h[0], 1e-3,
		"∇²R = (∂G∂Gᵀ)⁻¹ = 1/(u² + v²) on the set where u² − v² keeps its initial value; express u² + v² through w = uv"))
}

// Q3 checks an exercise in two parts. Before running: if W = UVᵀ of
// Experiment 3 is trained on (cZ, cy) with c = 2 instead of (Z, y), does
// its limit "move" or "stay"? After running: by what factor does the flow
// run faster? The prediction is checked against flows computed here; the
// factor is c² = 4 (L scales by c²).
func (ch03) Q3(prediction string, speedup float64) Result {
	const ex = "Ch03.Q3"
	const c = 2.0
	_, maps, starts := Ch03E3Models()
	Z := mat.NewDense(2, 4, append([]float64(nil), ch03E3Z...))
	y := mat.NewVecDense(2, append([]float64(nil), ch03E3Y...))
	var cZ mat.Dense
	cZ.Scale(c, Z)
	var cy mat.VecDense
	cy.ScaleVec(c, y)
	limit := func(Z *mat.Dense, y *mat.VecDense, T float64) (*mat.VecDense, error) {
		ls, err := ib.NewLeastSquares(Z, y)
		if err != nil {
			return nil, err
		}
		tr, err := reparam.GradientFlow(maps[0], ls, starts[0], ib.FlowSettings{T: T})
		if err != nil {
			return nil, err
		}
		return tr.Final, nil
	}
	a, err := limit(Z, y, 400)
	if err != nil {
		return Report(NotYet(ex, "the check could not run the flow: "+err.Error(), "report this as a bug"))
	}
	b, err := limit(&cZ, &cy, 400)
	if err != nil {
		return Report(NotYet(ex, "the check could not run the flow: "+err.Error(), "report this as a bug"))
	}
	want := "move"
	if ch03MaxAbs(a, b) <= 1e-8 {
		want = "stay"
	}
	r1 := Report(CheckChoice(ex+" (prediction)", prediction, want, []string{"move", "stay"},
		"write the loss for (cZ, cy) in terms of the loss for (Z, y); what does a constant factor do to a gradient flow?"))
	r2 := Report(CheckNumber(ex+" (speed-up)", "the speed-up factor", speedup, c*c, 1e-6,
		fmt.Sprintf("compare ẋ for the loss ½‖cZG(x) − cy‖² with ẋ for ½‖ZG(x) − y‖², c = %g", c)))
	if r1.Right && r2.Right {
		return Right(ex, "prediction and measurement are both right")
	}
	return NotYet(ex, "see the two lines above", "")
}

// ch03Q2Want is the closed form of Q2 for the test: 1/√(δ² + 4w²),
// δ = u₀² − v₀² = 0.75, w = 2.
var ch03Q2Want = 1 / math.Sqrt(0.75*0.75+16)
