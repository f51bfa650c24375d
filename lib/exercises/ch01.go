package exercises

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Chapter01 holds the exercises of notebooks/01-mirror-descent.ipynb; call
// them through the variable Ch01.
type Chapter01 struct{}

// Ch01 is the exercise set of chapter 1 (mirror descent and its implicit
// bias), e.g. exercises.Ch01.Q3("dense").
var Ch01 Chapter01

// ch01Problem is the problem of every experiment of chapter 1: n = 20
// Gaussian equations, d = 50 unknowns, a 3-sparse x*, seed 1.
var ch01Problem = Planted{N: 20, D: 50, K: 3, Seed: 1}

// Problem returns the planted problem of chapter 1's experiments;
// Generate(false) gives the signed x* of Experiments 1 and 3,
// Generate(true) the nonnegative x* of Experiment 2.
func (Chapter01) Problem() Planted { return ch01Problem }

// q1Problem is the small problem of Q1 (3 equations, 6 unknowns).
var q1Problem = Planted{N: 3, D: 6, K: 2, Seed: 11}

const q1Cols = 6

// Q1Problem returns the data of exercise Q1: a 3×6 matrix A of full row
// rank, a target y and a start x₀. The student predicts the interpolator
// that gradient descent reaches from x₀ on ½‖Ax − y‖². Fresh copies are
// returned on every call.
func (Chapter01) Q1Problem() (A *mat.Dense, y, x0 *mat.VecDense) {
	A, _, y = q1Problem.mustGenerate(false)
	x0 = mat.NewVecDense(q1Cols, []float64{0.5, -1, 0.25, 1, 0, -0.5})
	return A, y, x0
}

// Q1 checks a prediction x of the limit of gradient descent on ½‖Ax − y‖²
// from x₀ (the data of Q1Problem). It does not compare with a stored
// answer: it checks the two properties that characterise the limit, Ax = y
// and x − x₀ ∈ range(Aᵀ) (the component of x − x₀ in the null space of A
// must vanish), each to a relative 1e-8.
func (c Chapter01) Q1(x *mat.VecDense) Result {
	const ex = "Ch01.Q1"
	A, y, x0 := c.Q1Problem()
	// The cell starts with answer := x₀ (or nil): that is no answer yet.
	if x == nil || mat.Equal(x, x0) {
		return Report(Unanswered(ex, "replace answer := x0 by your prediction of GD's limit and run the cell again"))
	}
	if x.Len() != q1Cols {
		n := 0
		if x != nil {
			n = x.Len()
		}
		return Report(NotYet(ex, fmt.Sprintf("the answer has %d entries, x₀ has %d", n, q1Cols), "GD's limit lives where x₀ lives"))
	}
	for i := 0; i < x.Len(); i++ {
		if v := x.AtVec(i); math.IsNaN(v) || math.IsInf(v, 0) {
			return Report(NotYet(ex, fmt.Sprintf("entry %d is not a finite number", i), ""))
		}
	}
	var r mat.VecDense
	r.MulVec(A, x)
	r.SubVec(&r, y)
	// 1e-8 relative: a closed-form answer computed in float64 is exact to
	// about 1e-15·κ(AAᵀ); 1e-8 also accepts an answer from a converged run.
	if res := mat.Norm(&r, 2); res > 1e-8*(1+mat.Norm(y, 2)) {
		return Report(NotYet(ex, fmt.Sprintf("x does not interpolate: ‖Ax − y‖ = %.2g", res),
			"GD on this loss converges to a zero-loss point"))
	}
	var dx, back, null mat.VecDense
	dx.SubVec(x, x0)
	// Component of dx in range(Aᵀ): Aᵀ(AAᵀ)⁻¹A dx, via a least-squares solve.
	var aat mat.Dense
	aat.Mul(A, A.T())
	var adx, lam mat.VecDense
	adx.MulVec(A, &dx)
	if err := lam.SolveVec(&aat, &adx); err != nil {
		panic("exercises: Ch01.Q1: singular AAᵀ: " + err.Error())
	}
	back.MulVec(A.T(), &lam)
	null.SubVec(&dx, &back)
	if nn := mat.Norm(&null, 2); nn > 1e-8*(1+mat.Norm(&dx, 2)) {
		return Report(NotYet(ex, fmt.Sprintf("x interpolates, but x − x₀ has a component of norm %.2g in the null space of A", nn),
			"every GD step adds a combination of the rows of A to x; which interpolator differs from x₀ only in such a combination?"))
	}
	return Report(Right(ex, "x interpolates and x − x₀ lies in range(Aᵀ): it is the interpolator nearest to x₀, GD's limit"))
}

// Q2 checks three predictions, each "same" or "changes", of whether the
// limit of SMD with negative entropy (Experiment 2) changes when (a) the
// step is doubled, (b) the cyclic order is replaced by a shuffled one,
// (c) the start becomes 0.2·1. It says how many predictions are wrong, not
// which, since each has only two options.
func (Chapter01) Q2(doubledStep, shuffled, start string) Result {
	const ex = "Ch01.Q2"
	opts := []string{"same", "changes"}
	got := []string{doubledStep, shuffled, start}
	want := []string{"same", "same", "changes"}
	wrong := 0
	for i, g := range got {
		g = strings.ToLower(strings.TrimSpace(g))
		if g != opts[0] && g != opts[1] {
			return Report(NotYet(ex, fmt.Sprintf("prediction (%c) %q is not one of %q, %q", 'a'+i, got[i], opts[0], opts[1]), "answer each with one of the options"))
		}
		if g != want[i] {
			wrong++
		}
	}
	if wrong == 0 {
		return Report(Right(ex, "the limit is fixed by ψ, x₀, A and y alone; step size and sample order only decide whether and how fast SMD gets there"))
	}
	return Report(NotYet(ex, fmt.Sprintf("%d of 3 predictions are not right", wrong),
		"which quantities enter the dual-span argument θ_t − θ₀ ∈ range(Aᵀ) and the projection it implies?"))
}

// Q3 checks the prediction, "sparse" or "dense", of the shape of the SMD
// limit with ψ_q, q = 1.1, started from x₀ = 0.1·1 (Experiment 3 started
// from 0). The test of this package runs the experiment.
func (Chapter01) Q3(answer string) Result {
	return Report(CheckChoice("Ch01.Q3", answer, "dense", []string{"sparse", "dense"},
		"the limit minimises D_ψ(x, x₀), not ψ(x); what does the linear term −⟨∇ψ(x₀), x⟩ reward when x₀ = 0.1·1?"))
}
