package implicitbias

import (
	"errors"
	"fmt"

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
	if A == nil {
		return nil, errors.New("nearest interpolator: A is nil")
	}
	_, d := A.Dims()
	if x0 == nil {
		x0 = mat.NewVecDense(d, nil)
	}
	if err := checkSystem(A, y, x0); err != nil {
		return nil, fmt.Errorf("nearest interpolator: %w", err)
	}
	if err := checkFinite("x0", vecData(x0), "the nearest interpolator"); err != nil {
		return nil, fmt.Errorf("nearest interpolator: %w", err)
	}
	if err := checkFullRowRank(A, false); err != nil {
		return nil, fmt.Errorf("nearest interpolator: %w", err)
	}
	var r mat.VecDense
	r.MulVec(A, x0)
	r.SubVec(y, &r)
	var qr mat.QR
	qr.Factorize(A.T())
	delta := mat.NewVecDense(d, nil)
	if err := qr.SolveVecTo(delta, true, &r); err != nil && !isCondition(err) {
		return nil, fmt.Errorf("nearest interpolator: %w", err)
	}
	delta.AddVec(delta, x0)
	return delta, nil
}

// BasisPursuit returns a minimum-ℓ1-norm interpolator argmin_{Ax=y} ‖x‖₁,
// the α → 0 limit of the hypentropy projection. It solves the linear
// program min 1ᵀ(p + m) s.t. A(p − m) = y, p, m ≥ 0 with gonum's simplex
// method, then checks that x = p − m satisfies ‖Ax − y‖ ≤ 1e-9(1 + ‖y‖)
// and returns an error if it does not. A must have full row rank.
func BasisPursuit(A *mat.Dense, y *mat.VecDense) (*mat.VecDense, error) {
	if A == nil {
		return nil, errors.New("basis pursuit: A is nil")
	}
	n, d := A.Dims()
	if err := checkSystem(A, y, mat.NewVecDense(d, nil)); err != nil {
		return nil, fmt.Errorf("basis pursuit: %w", err)
	}
	if err := checkFullRowRank(A, false); err != nil {
		return nil, fmt.Errorf("basis pursuit: %w", err)
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
	b := append([]float64(nil), vecData(y)...)
	_, pm, err := lp.Simplex(c, G, b, 1e-12, nil)
	if err != nil {
		return nil, fmt.Errorf("basis pursuit: simplex method failed: %w", err)
	}
	x := mat.NewVecDense(d, nil)
	for j := range d {
		x.SetVec(j, pm[j]-pm[d+j])
	}
	var r mat.VecDense
	r.MulVec(A, x)
	r.SubVec(&r, y)
	if rn := mat.Norm(&r, 2); !(rn <= 1e-9*(1+floats.Norm(b, 2))) {
		return nil, fmt.Errorf("basis pursuit: simplex solution violates Ax = y (‖Ax − y‖ = %.3g)", rn)
	}
	return x, nil
}
