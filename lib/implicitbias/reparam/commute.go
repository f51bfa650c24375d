package reparam

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

// Bracket is the outcome of BracketScore.
type Bracket struct {
	// Score is the largest relative bracket norm
	//
	//	‖[∇Gᵢ, ∇Gⱼ](x)‖ / (‖∇Gᵢ(x)‖‖∇Gⱼ(x)‖/(1 + ‖x‖))
	//
	// over the points and pairs i < j (0 when d = 1). It is dimensionless
	// and invariant under scaling of G. Central differences of an analytic
	// Jacobian make it ≤ 1e-7 for a commuting G; non-commuting maps give
	// O(10⁻¹–1).
	Score float64
	// I, J and Point locate the worst pair (−1 if no pair was scored).
	I, J, Point int
	// Skipped counts the pairs skipped because a gradient vanished there.
	Skipped int
}

// BracketScore measures how far the gradient fields of G's coordinates are
// from commuting, the hypothesis under which gradient flow on the weights
// is a mirror flow on w = G(x) (Li, Wang, Lee, Arora, NeurIPS 2022). At
// each point (a row of points) and for each pair i < j it evaluates the
// Lie bracket
//
//	[∇Gᵢ, ∇Gⱼ] = ∇²Gⱼ∇Gᵢ − ∇²Gᵢ∇Gⱼ
//
// with Hessian-vector products by central differences of the Jacobian,
// ∇²Gⱼv ≈ (∇Gⱼ(x + hv) − ∇Gⱼ(x − hv))/(2h), h = 1e-5(1 + ‖x‖)/‖v‖ (2d
// Jacobian evaluations per point). Pairs where ∇Gᵢ or ∇Gⱼ vanishes are
// skipped and counted (the score is relative to their size): sample generic
// points. It returns an error wrapping implicitbias.ErrInvalidInput naming
// the parameter if g or points are invalid or a Jacobian is not finite.
func BracketScore(g Parametrization, points *mat.Dense) (Bracket, error) {
	const op = "BracketScore"
	res := Bracket{I: -1, J: -1, Point: -1}
	D, d, err := checkParametrization(op, g)
	if err != nil {
		return res, err
	}
	if points == nil || points.IsEmpty() {
		return res, failure.Invalid(op, "points are nil or empty")
	}
	np, c := points.Dims()
	if c != D {
		return res, failure.Invalid(op, "points have %d columns, the parametrization has %d weights", c, D)
	}
	if err := checkBracketSize(op, D, d); err != nil {
		return res, err
	}
	b := newBracketer(g, D, d)
	for k := 0; k < np; k++ {
		x := points.RawRowView(k)[:D]
		for j, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return res, failure.Invalid(op, "points[%d][%d] = %v is not finite", k, j, v)
			}
		}
		if err := b.at(op, x); err != nil {
			return res, err
		}
		for i := 0; i < d; i++ {
			for j := i + 1; j < d; j++ {
				s, ok := b.score(i, j)
				if !ok {
					res.Skipped++
					continue
				}
				if s > res.Score || res.I < 0 {
					res.Score, res.I, res.J, res.Point = s, i, j, k
				}
			}
		}
	}
	return res, nil
}

// LieBracket writes the bracket [∇Gᵢ, ∇Gⱼ](x) into dst (length D), by the
// central differences of BracketScore. It is the vector that the order-swap
// gap of OrderSwap approaches, divided by ε². Invalid input returns an
// error wrapping implicitbias.ErrInvalidInput.
func LieBracket(dst []float64, g Parametrization, x *mat.VecDense, i, j int) error {
	const op = "LieBracket"
	D, d, err := checkParametrization(op, g)
	if err != nil {
		return err
	}
	xs, err := checkWeights(op, "x", g, x, D, d)
	if err != nil {
		return err
	}
	if i < 0 || j < 0 || i >= d || j >= d {
		return failure.Invalid(op, "coordinates i = %d, j = %d must lie in [0, %d)", i, j, d)
	}
	if len(dst) != D {
		return failure.Invalid(op, "dst has length %d, want D = %d", len(dst), D)
	}
	if err := checkBracketSize(op, D, d); err != nil {
		return err
	}
	b := newBracketer(g, D, d)
	if err := b.at(op, xs); err != nil {
		return err
	}
	b.bracket(dst, i, j)
	return nil
}

// maxBracketElems bounds the d·d·D float64s (256 MiB) of the differenced
// Jacobians that the bracket keeps, one d×D matrix per coordinate.
const maxBracketElems = 1 << 25

// checkBracketSize refuses parametrisations whose bracket would not fit.
func checkBracketSize(op string, D, d int) error {
	if d > maxBracketElems/d/D {
		return failure.Invalid(op, "d = %d parameters and D = %d weights: the bracket keeps d Jacobians of d×D, more than %d entries", d, D, maxBracketElems)
	}
	return nil
}

// bracketer holds the Jacobians at x and at x ± hᵢ∇Gᵢ(x) for every i.
type bracketer struct {
	g           Parametrization
	D, d        int
	x           []float64
	J           *mat.Dense   // ∂G(x)
	dJ          []*mat.Dense // (∂G(x + hᵢgᵢ) − ∂G(x − hᵢgᵢ))/(2hᵢ)
	norm        []float64    // ‖∇Gᵢ(x)‖
	jp, jm      *mat.Dense
	xp, xm, tmp []float64
}

func newBracketer(g Parametrization, D, d int) *bracketer {
	b := &bracketer{g: g, D: D, d: d, J: mat.NewDense(d, D, nil), jp: mat.NewDense(d, D, nil), jm: mat.NewDense(d, D, nil),
		norm: make([]float64, d), xp: make([]float64, D), xm: make([]float64, D), tmp: make([]float64, D)}
	for i := 0; i < d; i++ {
		b.dJ = append(b.dJ, mat.NewDense(d, D, nil))
	}
	return b
}

// at evaluates the Jacobians at x.
func (b *bracketer) at(op string, x []float64) error {
	b.x = x
	b.g.Jacobian(b.J, x)
	if err := checkJacobian(op, b.J, "x"); err != nil {
		return err
	}
	xn := floats.Norm(x, 2)
	for i := 0; i < b.d; i++ {
		gi := b.J.RawRowView(i)[:b.D]
		b.norm[i] = floats.Norm(gi, 2)
		if b.norm[i] == 0 {
			b.dJ[i].Zero()
			continue
		}
		h := 1e-5 * (1 + xn) / b.norm[i]
		for k := range x {
			b.xp[k], b.xm[k] = x[k]+h*gi[k], x[k]-h*gi[k]
		}
		b.g.Jacobian(b.jp, b.xp)
		b.g.Jacobian(b.jm, b.xm)
		if err := checkJacobian(op, b.jp, "x + h∇Gᵢ"); err != nil {
			return err
		}
		if err := checkJacobian(op, b.jm, "x − h∇Gᵢ"); err != nil {
			return err
		}
		b.dJ[i].Sub(b.jp, b.jm)
		b.dJ[i].Scale(1/(2*h), b.dJ[i])
	}
	return nil
}

// bracket writes ∇²Gⱼ∇Gᵢ − ∇²Gᵢ∇Gⱼ into dst: row j of dJ[i] minus row i
// of dJ[j] (∇²Gⱼ is symmetric, so ∇²Gⱼ∇Gᵢ is the derivative of ∇Gⱼ along
// ∇Gᵢ).
func (b *bracketer) bracket(dst []float64, i, j int) {
	floats.SubTo(dst, b.dJ[i].RawRowView(j)[:b.D], b.dJ[j].RawRowView(i)[:b.D])
}

// score returns the relative bracket norm of the pair (i, j), and false if
// a gradient vanishes.
func (b *bracketer) score(i, j int) (float64, bool) {
	if b.norm[i] == 0 || b.norm[j] == 0 {
		return 0, false
	}
	b.bracket(b.tmp, i, j)
	return floats.Norm(b.tmp, 2) / (b.norm[i] * b.norm[j] / (1 + floats.Norm(b.x, 2))), true
}

// Swap is the outcome of OrderSwap.
type Swap struct {
	// IJ is φⱼ^ε∘φᵢ^ε(x): flow ε along ∇Gᵢ, then ε along ∇Gⱼ; JI the
	// reverse order. PathIJ and PathJI sample the two broken paths (rows
	// are points, 2·Samples+1 of them).
	IJ, JI         *mat.VecDense
	PathIJ, PathJI *mat.Dense
	// Gap is ‖IJ − JI‖₂; Predicted is ε²‖[∇Gᵢ, ∇Gⱼ](x)‖₂, its leading term.
	Gap, Predicted float64
}

// OrderSwap is the geometric meaning of the bracket: from x it flows time
// eps along ∇Gᵢ and then along ∇Gⱼ, and in the reverse order. The two end
// points agree for all eps exactly when the flows commute; otherwise
//
//	φⱼ^ε∘φᵢ^ε(x) − φᵢ^ε∘φⱼ^ε(x) = ε²[∇Gᵢ, ∇Gⱼ](x) + O(ε³).
//
// The flows are integrated by Dormand–Prince to rtol 1e-12, and samples
// points per leg are kept for pictures. Invalid input returns an error
// wrapping implicitbias.ErrInvalidInput; a failed integration returns it.
func OrderSwap(g Parametrization, x *mat.VecDense, i, j int, eps float64, samples int) (*Swap, error) {
	const op = "OrderSwap"
	D, d, err := checkParametrization(op, g)
	if err != nil {
		return nil, err
	}
	xs, err := checkWeights(op, "x", g, x, D, d)
	if err != nil {
		return nil, err
	}
	if i < 0 || j < 0 || i >= d || j >= d {
		return nil, failure.Invalid(op, "coordinates i = %d, j = %d must lie in [0, %d)", i, j, d)
	}
	if !(eps > 0) || math.IsInf(eps, 0) {
		return nil, failure.Invalid(op, "eps = %v, must be positive and finite", eps)
	}
	if samples < 1 || samples > 10000 {
		return nil, failure.Invalid(op, "samples = %d, must be in [1, 10000]", samples)
	}
	if err := checkBracketSize(op, D, d); err != nil {
		return nil, err
	}
	J := mat.NewDense(d, D, nil)
	field := func(k int) func(_ float64, y, dy []float64) {
		return func(_ float64, y, dy []float64) {
			g.Jacobian(J, y)
			copy(dy, J.RawRowView(k)[:D])
		}
	}
	times := make([]float64, samples+1)
	for k := range times {
		times[k] = eps * float64(k) / float64(samples)
	}
	times[samples] = eps
	s := ib.FlowSettings{T: eps, Times: times, RTol: 1e-12, ATol: 1e-14}
	leg := func(a, b int) (*mat.VecDense, *mat.Dense, error) {
		path := mat.NewDense(2*samples+1, D, nil)
		r1, _, err := s.Integrate(op, field(a), xs, true)
		if err != nil {
			return nil, nil, err
		}
		r2, _, err := s.Integrate(op, field(b), r1.Y, true)
		if err != nil {
			return nil, nil, err
		}
		for k := 0; k <= samples; k++ {
			path.SetRow(k, r1.Output.RawRowView(k))
			path.SetRow(samples+k, r2.Output.RawRowView(k))
		}
		return mat.NewVecDense(D, append([]float64(nil), r2.Y...)), path, nil
	}
	out := &Swap{}
	if out.IJ, out.PathIJ, err = leg(i, j); err != nil {
		return nil, err
	}
	if out.JI, out.PathJI, err = leg(j, i); err != nil {
		return nil, err
	}
	var diff mat.VecDense
	diff.SubVec(out.IJ, out.JI)
	out.Gap = mat.Norm(&diff, 2)
	br := make([]float64, D)
	b := newBracketer(g, D, d)
	if err := b.at(op, xs); err != nil {
		return nil, err
	}
	b.bracket(br, i, j)
	out.Predicted = eps * eps * floats.Norm(br, 2)
	return out, nil
}
