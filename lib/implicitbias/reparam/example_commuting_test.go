package reparam_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/reparam"
)

// The bracket score separates commuting parametrisations (w = u⊙v: each
// wᵢ has its own weights) from non-commuting ones (w = a·b: one shared
// scale).
func ExampleBracketScore() {
	points := mat.NewDense(2, 5, []float64{
		1, 0.5, -0.3, 0.2, 0.7,
		0.4, 1.1, 0.6, -0.8, 0.9,
	})
	prod, _ := reparam.NewProductMap(2, 2)     // (u, v) ∈ ℝ⁴ ↦ u⊙v, first 4 columns
	shared, _ := reparam.NewScaledVectorMap(4) // (a, b) ∈ ℝ⁵ ↦ a·b
	p4 := mat.DenseCopyOf(points.Slice(0, 2, 0, 4))
	b1, _ := reparam.BracketScore(prod, p4)
	b2, _ := reparam.BracketScore(shared, points)
	fmt.Printf("u⊙v: commuting %v\n", b1.Score <= 1e-7)
	fmt.Printf("a·b: score %.2f\n", b2.Score)
	// Output:
	// u⊙v: commuting true
	// a·b: score 4.32
}

// Gradient flow on (u, v) for w = u⊙u − v⊙v from a start with
// u ≠ v is the mirror flow of an AsinhPotential, on the same clock.
func ExampleCompareFlows() {
	Z := mat.NewDense(1, 2, []float64{1, 2})
	y := mat.NewVecDense(1, []float64{1})
	ls, _ := ib.NewLeastSquares(Z, y)
	g, _ := reparam.NewDiagonalMap(2, 2)
	x0 := mat.NewVecDense(4, []float64{0.5, 0.2, 0.3, 0.6}) // u = (0.5, 0.2), v = (0.3, 0.6)
	c, err := reparam.CompareFlows(g, ls, x0, ib.FlowSettings{T: 5, Method: ib.RK4Flow, Steps: 2000})
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Potential)
	fmt.Printf("max deviation below 1e-10: %v\n", c.MaxDeviation < 1e-10)
	// Output:
	// asinh(a=0.25, d=2)
	// max deviation below 1e-10: true
}

// ProjectCommuting finds the limit of gradient flow for a commuting map
// without its potential: here x₁⊙x₂⊙x₃ from an unbalanced start, for which
// no closed form is known.
func ExampleProjectCommuting() {
	Z := mat.NewDense(1, 2, []float64{1, 1})
	y := mat.NewVecDense(1, []float64{2})
	g, _ := reparam.NewProductMap(3, 2)
	x0 := mat.NewVecDense(6, []float64{0.5, 0.5, 0.7, 0.3, 0.4, 0.9})
	p, err := reparam.ProjectCommuting(g, Z, y, x0, nil)
	if err != nil {
		panic(err)
	}
	ls, _ := ib.NewLeastSquares(Z, y)
	tr, _ := reparam.GradientFlow(g, ls, x0, ib.FlowSettings{T: 200})
	fmt.Printf("projection w = (%.6f, %.6f)\n", p.X.AtVec(0), p.X.AtVec(1))
	fmt.Printf("flow limit w = (%.6f, %.6f)\n", tr.Final.AtVec(0), tr.Final.AtVec(1))
	// Output:
	// projection w = (0.882463, 1.117537)
	// flow limit w = (0.882463, 1.117537)
}

// Flowing along two gradient fields in both orders: for w = a·b the end
// points differ by about ε²‖[∇G₁, ∇G₂]‖.
func ExampleOrderSwap() {
	g, _ := reparam.NewScaledVectorMap(3)
	x := mat.NewVecDense(4, []float64{1, 0.5, -0.3, 0.2}) // (a; b)
	sw, err := reparam.OrderSwap(g, x, 0, 1, 0.01, 1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("gap %.3e, predicted %.3e\n", sw.Gap, sw.Predicted)
	// Output:
	// gap 5.849e-05, predicted 5.831e-05
}

// The arc-length parametrisation of r = w log w − w from w₀ = 1 is
// G(x) = (1 + x/2)²: gradient flow on x is unnormalised exponentiated
// gradient on w.
func ExampleArcLengthMap() {
	g, err := reparam.NewArcLengthMap(func(w float64) float64 { return 1 / w }, 1, 0, math.Inf(1), 1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("s(4) = %.12f (closed form 2(√4 − 1) = 2)\n", g.ArcLength(4))
	fmt.Printf("G(1) = %.12f (closed form (1 + 1/2)² = 2.25)\n", g.Inverse(1))
	// Output:
	// s(4) = 2.000000000000 (closed form 2(√4 − 1) = 2)
	// G(1) = 2.250000000000 (closed form (1 + 1/2)² = 2.25)
}
