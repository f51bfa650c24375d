package implicitbias

import (
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
// the limit of gradient descent from x0 on ½‖Ax − y‖² (the ℓ2 case of
// Gunasekar, Lee, Soudry, Srebro, ICML 2018, arXiv:1802.08246). It is
// computed as the minimum-norm solution of a least-squares problem from a
// QR factorisation of Aᵀ (Golub and Van Loan, "Matrix Computations", 4th
// ed., 2013, on underdetermined systems), never forming AAᵀ, whose condition number is the square of
// A's. A, y and x0 are scaled by powers of two first — exact, and the
// result is scaled back — so that entries anywhere in the float64 range
// are handled. x0 may be nil (meaning 0). A must have full row rank.
//
// Invalid input (nil, empty or mismatched arguments, non-finite entries, a
// rank-deficient A, more than 2²⁸ entries, or an interpolator that
// overflows float64) returns an error wrapping ErrInvalidInput.
func NearestInterpolator(A *mat.Dense, y, x0 *mat.VecDense) (*mat.VecDense, error) {
	const op = "NearestInterpolator"
	if A == nil || A.IsEmpty() {
		return nil, invalid(op, "A is nil or empty")
	}
	n, d := A.Dims()
	if x0 == nil {
		x0 = mat.NewVecDense(d, nil)
	}
	if err := checkLinearSystem(op, A, y, x0); err != nil {
		return nil, err
	}
	if err := checkFinite("x0", vecData(x0), "the nearest interpolator"); err != nil {
		return nil, invalid(op, "%w", err)
	}
	// Â = 2^−eA·A, y = 2^ey·ŷ, x0 = 2^ex·x̂0 with entries of Â, ŷ, x̂0 in
	// [−2, 2]. With P = Â⁺Â the projector onto range(Âᵀ),
	//
	//	x = x0 + Â⁺(2^−eA·y − Âx0) = 2^ex·(x̂0 − P x̂0) + 2^(ey−eA)·Â⁺ŷ,
	//
	// where both vectors are of moderate size.
	Ahat := mat.NewDense(n, d, nil)
	eA := scaleInto(Ahat, A)
	if _, err := fullRowRank(op, Ahat, "A"); err != nil {
		return nil, err
	}
	var qr mat.QR
	qr.Factorize(Ahat.T())
	minNorm := func(dst, b *mat.VecDense) error {
		if err := qr.SolveVecTo(dst, true, b); err != nil && !isCondition(err) {
			return fmt.Errorf("implicitbias: %s: %w", op, err)
		}
		return nil
	}
	yhat, ey := scaledVec(vecData(y))
	u := mat.NewVecDense(d, nil)
	if err := minNorm(u, mat.NewVecDense(n, yhat)); err != nil {
		return nil, err
	}
	xhat, ex := scaledVec(vecData(x0))
	w := mat.NewVecDense(d, xhat)
	if floats.Norm(xhat, math.Inf(1)) > 0 {
		var ax mat.VecDense
		ax.MulVec(Ahat, w)
		v := mat.NewVecDense(d, nil)
		if err := minNorm(v, &ax); err != nil {
			return nil, err
		}
		w.SubVec(w, v)
	}
	x := mat.NewVecDense(d, nil)
	for i := range d {
		xi := math.Ldexp(w.AtVec(i), ex) + math.Ldexp(u.AtVec(i), ey-eA)
		if math.IsInf(xi, 0) || math.IsNaN(xi) {
			return nil, invalid(op, "the interpolator overflows float64 (coordinate %d): y is too large relative to A", i)
		}
		x.SetVec(i, xi)
	}
	return x, nil
}

// scaledVec returns 2⁻ᵉv and e, with the largest |entry| of 2⁻ᵉv in
// [1, 2) (e = 0 if v is zero).
func scaledVec(v []float64) ([]float64, int) {
	e, ok := maxAbsExp(v)
	out := make([]float64, len(v))
	if !ok {
		return out, 0
	}
	e--
	for i, vi := range v {
		out[i] = math.Ldexp(vi, -e)
	}
	return out, e
}

// BasisPursuit returns a minimum-ℓ1-norm interpolator argmin_{Ax=y} ‖x‖₁
// (Chen, Donoho, Saunders, "Atomic Decomposition by Basis Pursuit", SIAM J.
// Sci. Comput. 20(1), 1998), the α → 0 limit of the hypentropy projection
// (Woodworth et al., COLT 2020, arXiv:2002.09277). It solves the
// linear program min 1ᵀ(p + m) s.t. A(p − m) = y, p, m ≥ 0 with gonum's
// simplex method (lp.Simplex).
//
// A and y are first scaled by powers of two (exact; the result is scaled
// back), so that entries anywhere in the float64 range are handled.
// All-zero columns of A are dropped: they do not change Ax, so the
// corresponding coordinates of every minimum-ℓ1 interpolator are 0.
//
// The LP is degenerate whenever the solution has fewer than n non-zeros
// (the typical sparse-recovery case), and gonum's simplex can cycle on
// degenerate problems. BasisPursuit therefore solves it for a slightly
// perturbed right-hand side ŷ + δ (fixed seed, ‖δ‖ ≈ 1e-7(1 + ‖ŷ‖) for the
// scaled ŷ), for which the optimal vertex is non-degenerate, takes that
// vertex's basis B and re-solves B x_B = ŷ for the unperturbed ŷ. It then
// certifies the result: primal feasibility (x_B ≥ 0 up to rounding,
// ‖Âx − ŷ‖ ≤ 1e-9(1 + ‖ŷ‖)) and dual feasibility (reduced costs ≥ −1e-9),
// i.e. LP optimality, and returns an error if either fails. A must have
// full row rank.
//
// Invalid input (nil, empty or mismatched arguments, non-finite entries, a
// rank-deficient A, more than 2²⁷ entries, or a solution that overflows
// float64) returns an error wrapping ErrInvalidInput.
func BasisPursuit(A *mat.Dense, y *mat.VecDense) (*mat.VecDense, error) {
	const op = "BasisPursuit"
	if A == nil || A.IsEmpty() {
		return nil, invalid(op, "A is nil or empty")
	}
	n, d := A.Dims()
	if d > projMaxElems/(2*n) {
		return nil, invalid(op, "A is %d×%d: the LP needs %d×%d entries, more than %d: too large for this machine", n, d, n, 2*d, projMaxElems)
	}
	if err := checkLinearSystem(op, A, y, mat.NewVecDense(d, nil)); err != nil {
		return nil, err
	}
	Ahat := mat.NewDense(n, d, nil)
	eA := scaleInto(Ahat, A)
	if _, err := fullRowRank(op, Ahat, "A"); err != nil {
		return nil, err
	}
	yhat, ey := scaledVec(vecData(y))
	x := mat.NewVecDense(d, nil)
	if floats.Norm(yhat, math.Inf(1)) == 0 {
		return x, nil // x = 0 interpolates and has the least ℓ1 norm
	}
	// Keep the non-zero columns.
	var cols []int
	for j := range d {
		for i := range n {
			if Ahat.At(i, j) != 0 {
				cols = append(cols, j)
				break
			}
		}
	}
	dk := len(cols)
	c := make([]float64, 2*dk)
	for i := range c {
		c[i] = 1
	}
	G := mat.NewDense(n, 2*dk, nil)
	for i := range n {
		for k, j := range cols {
			G.Set(i, k, Ahat.At(i, j))
			G.Set(i, dk+k, -Ahat.At(i, j))
		}
	}
	scale := 1 + floats.Norm(yhat, 2)
	rng := rand.New(rand.NewPCG(1, 2))
	b := make([]float64, n)
	var lastErr error
	for eps := 1e-7; eps >= 1e-13; eps /= 100 {
		for i := range b {
			b[i] = yhat[i] + eps*scale*(rng.Float64()-0.5)
		}
		_, pm, err := lp.Simplex(c, G, b, 1e-10, nil)
		if err != nil {
			lastErr = fmt.Errorf("simplex method failed: %w", err)
			continue
		}
		xk, err := bpVertex(G, c, pm, yhat, scale)
		if err != nil {
			lastErr = err
			continue
		}
		for k, j := range cols {
			xj := math.Ldexp(xk.AtVec(k), ey-eA)
			if math.IsInf(xj, 0) {
				return nil, invalid(op, "the solution overflows float64 (coordinate %d): y is too large relative to A", j)
			}
			x.SetVec(j, xj)
		}
		return x, nil
	}
	return nil, fmt.Errorf("implicitbias: %s: %w", op, lastErr)
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
