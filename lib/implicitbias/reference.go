package implicitbias

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// NearestInterpolator returns the interpolator closest to x0 in the
// Euclidean norm,
//
//	x0 + Aᵀ(AAᵀ)⁻¹(y − Ax0) = argmin_{Ax=y} ‖x − x0‖₂,
//
// the limit of gradient descent from x0 on ½‖Ax − y‖². It is computed as
// the minimum-norm solution of Aδ = y − Ax0 from a QR factorisation of Aᵀ
// (never forming AAᵀ, whose condition number is the square of A's). x0 may
// be nil (meaning 0). A must have full row rank.
func NearestInterpolator(A *mat.Dense, y, x0 *mat.VecDense) (*mat.VecDense, error) {
	if A == nil || A.IsEmpty() {
		return nil, errors.New("implicitbias: NearestInterpolator: A is nil or empty")
	}
	_, d := A.Dims()
	if x0 == nil {
		x0 = mat.NewVecDense(d, nil)
	}
	if err := checkSystem(A, y, x0); err != nil {
		return nil, fmt.Errorf("implicitbias: NearestInterpolator: %w", err)
	}
	if err := checkFinite("x0", vecData(x0), "the nearest interpolator"); err != nil {
		return nil, fmt.Errorf("implicitbias: NearestInterpolator: %w", err)
	}
	if err := checkFullRowRank(A, false); err != nil {
		return nil, fmt.Errorf("implicitbias: NearestInterpolator: %w", err)
	}
	var r mat.VecDense
	r.MulVec(A, x0)
	r.SubVec(y, &r)
	var qr mat.QR
	qr.Factorize(A.T())
	delta := mat.NewVecDense(d, nil)
	if err := qr.SolveVecTo(delta, true, &r); err != nil && !isCondition(err) {
		return nil, fmt.Errorf("implicitbias: NearestInterpolator: %w", err)
	}
	delta.AddVec(delta, x0)
	return delta, nil
}

// BasisPursuit returns a minimum-ℓ1-norm interpolator argmin_{Ax=y} ‖x‖₁,
// the α → 0 limit of the hypentropy projection. It solves the linear
// program min 1ᵀ(p + m) s.t. A(p − m) = y, p, m ≥ 0 with gonum's simplex
// method (lp.Simplex).
//
// The LP is degenerate whenever the solution has fewer than n non-zeros
// (the typical sparse-recovery case), and gonum's simplex can cycle on
// degenerate problems. BasisPursuit therefore solves it for a slightly
// perturbed right-hand side y + δ (fixed seed, ‖δ‖ ≈ 1e-7(1 + ‖y‖)), for
// which the optimal vertex is non-degenerate, takes that vertex's basis B
// and re-solves B x_B = y for the original y. It then certifies the result:
// primal feasibility (x_B ≥ 0 up to rounding, ‖Ax − y‖ ≤ 1e-9(1 + ‖y‖))
// and dual feasibility (reduced costs ≥ −1e-9), i.e. LP optimality, and
// returns an error if either fails. A must have full row rank.
func BasisPursuit(A *mat.Dense, y *mat.VecDense) (*mat.VecDense, error) {
	if A == nil || A.IsEmpty() {
		return nil, errors.New("implicitbias: BasisPursuit: A is nil or empty")
	}
	n, d := A.Dims()
	if err := checkSystem(A, y, mat.NewVecDense(d, nil)); err != nil {
		return nil, fmt.Errorf("implicitbias: BasisPursuit: %w", err)
	}
	if err := checkFullRowRank(A, false); err != nil {
		return nil, fmt.Errorf("implicitbias: BasisPursuit: %w", err)
	}
	c := make([]float64, 2*d)
	for i := range c {
		c[i] = 1
	}
	G := mat.NewDense(n, 2*d, nil)
	for i := range n {
		for j := range d {
			G.Set(i, j, A.At(i, j))
			G.Set(i, d+j, -A.At(i, j))
		}
	}
	yv := vecData(y)
	scale := 1 + floats.Norm(yv, 2)
	rng := rand.New(rand.NewPCG(1, 2))
	b := make([]float64, n)
	var lastErr error
	for eps := 1e-7; eps >= 1e-13; eps /= 100 {
		for i := range b {
			b[i] = yv[i] + eps*scale*(rng.Float64()-0.5)
		}
		_, pm, err := lp.Simplex(c, G, b, 1e-10, nil)
		if err != nil {
			lastErr = fmt.Errorf("simplex method failed: %w", err)
			continue
		}
		x, err := bpVertex(G, c, pm, yv, scale)
		if err == nil {
			return x, nil
		}
		lastErr = err
	}
	return nil, fmt.Errorf("implicitbias: BasisPursuit: %w", lastErr)
}

// bpVertex re-solves the LP basis of the perturbed solution pm for the
// original right-hand side y and certifies optimality.
func bpVertex(G *mat.Dense, c, pm, y []float64, scale float64) (*mat.VecDense, error) {
	n, m := G.Dims()
	d := m / 2
	basis := make([]int, 0, n)
	for j, v := range pm {
		if v > 0 {
			basis = append(basis, j)
		}
	}
	if len(basis) != n {
		return nil, fmt.Errorf("perturbed LP vertex has %d positive entries, want %d", len(basis), n)
	}
	B := mat.NewDense(n, n, nil)
	cb := mat.NewVecDense(n, nil)
	for k, j := range basis {
		B.SetCol(k, mat.Col(nil, j, G))
		cb.SetVec(k, c[j])
	}
	var xb, w mat.VecDense
	if err := xb.SolveVec(B, mat.NewVecDense(n, y)); err != nil {
		return nil, fmt.Errorf("singular LP basis: %w", err)
	}
	if err := w.SolveVec(B.T(), cb); err != nil {
		return nil, fmt.Errorf("singular LP basis: %w", err)
	}
	x := mat.NewVecDense(d, nil)
	for k, j := range basis {
		v := xb.AtVec(k)
		if v < -1e-12*scale {
			return nil, fmt.Errorf("LP basis infeasible for y (x_B = %.3g < 0)", v)
		}
		v = math.Max(v, 0)
		if j < d {
			x.SetVec(j, x.AtVec(j)+v)
		} else {
			x.SetVec(j-d, x.AtVec(j-d)-v)
		}
	}
	// Dual feasibility: reduced costs c_j − G_jᵀw ≥ 0 for all columns.
	var rc mat.VecDense
	rc.MulVec(G.T(), &w)
	for j := range m {
		if r := c[j] - rc.AtVec(j); r < -1e-9 {
			return nil, fmt.Errorf("LP vertex not optimal (reduced cost %.3g for column %d)", r, j)
		}
	}
	var r mat.VecDense
	r.MulVec(G.Slice(0, n, 0, d), x)
	r.SubVec(&r, mat.NewVecDense(n, y))
	if rn := mat.Norm(&r, 2); !(rn <= 1e-9*scale) {
		return nil, fmt.Errorf("LP solution violates Ax = y (‖Ax − y‖ = %.3g)", rn)
	}
	return x, nil
}
