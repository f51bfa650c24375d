package exercises

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/reparam"
)

// Ch02 holds the check functions of chapter 02 (diagonal linear networks,
// kernel vs rich regime): exercises.Ch02.Q1(answer), …
var Ch02 ch02

type ch02 struct{}

// ch02Planted is the chapter's problem: n = 20 Gaussian measurements of a
// 3-sparse x* in d = 50, seed 1 (notebooks/02-diagonal-networks.ipynb).
var ch02Planted = Planted{N: 20, D: 50, K: 3, Seed: 1}

const ch02D, ch02K = 50, 3

// Problem returns the planted problem of chapter 2 (Generate(false) gives
// A, x*, y).
func (ch02) Problem() Planted { return ch02Planted }

func ch02Problem() (A *mat.Dense, xStar, y *mat.VecDense) { return ch02Planted.mustGenerate(false) }

// ch02Limit returns the limit of gradient flow on the depth-D network from
// u₀ = v₀ = α·1 on the chapter's problem, computed as the Bregman
// projection argmin_{Aβ=y} ψ(β) with Hypentropy(α) (D = 2) or
// DepthPotential(D, α).
func ch02Limit(depth int, alpha float64) (*mat.VecDense, error) {
	A, _, y := ch02Problem()
	p, err := reparam.DiagonalPotential(depth, alpha)
	if err != nil {
		return nil, err
	}
	res, err := ib.Project(p, A, y, mat.NewVecDense(ch02D, nil), nil)
	if err != nil {
		return nil, err
	}
	return res.X, nil
}

// ch02Sparse reports whether β has at most k = 3 entries above a tenth of
// its largest entry (in absolute value), the chapter's notion of "sparse".
func ch02Sparse(beta mat.Vector) bool {
	m := mat.Norm(beta, math.Inf(1))
	count := 0
	for i := 0; i < beta.Len(); i++ {
		if math.Abs(beta.AtVec(i)) > 0.1*m {
			count++
		}
	}
	return count <= ch02K
}

// Q1 checks the prediction, made before running, of whether training the
// depth-2 network of the chapter from α = 10 gives a "sparse" or a "dense"
// β. The answer is computed from the flow's limit (the ψ_α projection).
func (ch02) Q1(answer string) Result {
	const ex = "Ch02.Q1"
	beta, err := ch02Limit(2, 10)
	if err != nil {
		return Report(NotYet(ex, "the check could not compute the answer: "+err.Error(), "report this as a bug"))
	}
	want := "dense"
	if ch02Sparse(beta) {
		want = "sparse"
	}
	return Report(CheckChoice(ex, answer, want, []string{"sparse", "dense"},
		"compare α² with the size (≈ 1) of the entries of β: which of the two expansions of Q_α applies?"))
}

// Q2 checks the value of u_i(t)·v_i(t) for coordinate i = 6 at time t = 50
// of gradient flow on the chapter's problem from u₀ = v₀ = 0.3·1. The
// answer is computed by integrating the flow (Dormand–Prince).
func (ch02) Q2(product float64) Result {
	const ex = "Ch02.Q2"
	const alpha, coord, T = 0.3, 6, 50
	A, _, y := ch02Problem()
	ls, err := ib.NewLeastSquares(A, y)
	if err != nil {
		return Report(NotYet(ex, "the check could not build the problem: "+err.Error(), "report this as a bug"))
	}
	net, err := reparam.NewUniformDiagonalNet(2, ch02D, alpha)
	if err != nil {
		return Report(NotYet(ex, "the check could not build the network: "+err.Error(), "report this as a bug"))
	}
	tr, err := reparam.DiagonalFlow(net, ls, ib.FlowSettings{T: T})
	if err != nil {
		return Report(NotYet(ex, "the check could not integrate the flow: "+err.Error(), "report this as a bug"))
	}
	want := tr.Net.U.AtVec(coord) * tr.Net.V.AtVec(coord)
	// The flow is integrated to rtol 1e-10; 1e-6 leaves room for rounding
	// in a hand-computed answer, and rejects anything else.
	return Report(CheckNumber(ex, "u_6·v_6 at t = 50", product, want, 1e-6,
		"differentiate u_i v_i along the flow, using u' = −2u⊙∇L and v' = +2v⊙∇L"))
}

// Q3 checks an exercise in two parts. Before running: does going from depth
// D = 2 to D = 3 at the same α = 0.1 bring the limit "closer" to the
// min-ℓ1 interpolator, leave it "same", or move it "further"? After running:
// the measured ℓ1 excess ‖β‖₁/‖β_ℓ1‖₁ − 1 of the depth-3 limit at α = 0.1.
// Both answers are checked against the projections computed here.
func (ch02) Q3(prediction string, excess float64) Result {
	const ex = "Ch02.Q3"
	A, _, y := ch02Problem()
	bL1, err := ib.BasisPursuit(A, y)
	if err != nil {
		return Report(NotYet(ex, "the check could not compute basis pursuit: "+err.Error(), "report this as a bug"))
	}
	ex2, ex3 := math.NaN(), math.NaN()
	for _, D := range []int{2, 3} {
		beta, err := ch02Limit(D, 0.1)
		if err != nil {
			return Report(NotYet(ex, fmt.Sprintf("the check could not compute the depth-%d limit: %v", D, err), "report this as a bug"))
		}
		e := mat.Norm(beta, 1)/mat.Norm(bL1, 1) - 1
		if D == 2 {
			ex2 = e
		} else {
			ex3 = e
		}
	}
	want := "same"
	switch {
	case ex3 < 0.9*ex2:
		want = "closer"
	case ex3 > 1.1*ex2:
		want = "further"
	}
	r1 := Report(CheckChoice(ex+" (prediction)", prediction, want, []string{"closer", "same", "further"},
		"for depth D the natural scale of β at initialisation is α^D, not α²"))
	// The projection is solved to a relative residual 1e-12; a relative
	// 1e-3 accepts an excess read off to three significant digits.
	r2 := Report(CheckNumber(ex+" (measurement)", "the ℓ1 excess of the depth-3 limit at α = 0.1", excess, ex3, 1e-3,
		"project with ib.NewDepthPotential(3, 0.1) and compare ‖β‖₁ with ‖β_ℓ1‖₁ from ib.BasisPursuit"))
	if r1.Right && r2.Right {
		return Right(ex, "prediction and measurement are both right")
	}
	return NotYet(ex, "see the two lines above", "")
}
