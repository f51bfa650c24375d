package matfact

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// maxDenseHessian bounds the number of parameters (m+n)r for which
// HessianXY builds the dense Hessian ((m+n)r)² float64s.
const maxDenseHessian = 4096

// xyParts checks that f is a two-factor model whose product matches M and
// returns X = W_2, Yᵀ = W_1 (views, not copies) and the residual
// R = XYᵀ − M.
func xyParts(op string, f *Factorization, m *Estimation) (x, yt, r *mat.Dense, err error) {
	if err := checkRun(op, f, m); err != nil {
		return nil, nil, nil, err
	}
	if f.Depth() != 2 {
		return nil, nil, nil, invalid(op, "the Hessian is implemented for two factors (W = XYᵀ), got depth %d", f.Depth())
	}
	x, yt = f.Factors[1], f.Factors[0]
	rows, cols := m.Dims()
	r = mat.NewDense(rows, cols, nil)
	r.Mul(x, yt)
	r.Sub(r, m.target)
	return x, yt, r, nil
}

// HVPXY stores H·v in dst and returns it (allocated if nil), where H is the
// Hessian of F(X, Y) = ½‖XYᵀ − M‖²_F at the two-factor model f and v, dst
// hold a direction (A, B) as vec(A) (m×r, row-major) followed by vec(B)
// (n×r): with R = XYᵀ − M and dR = AYᵀ + XBᵀ,
//
//	H(A, B) = (dR·Y + R·B,  dRᵀ·X + Rᵀ·A).
func HVPXY(dst *mat.VecDense, f *Factorization, m *Estimation, v *mat.VecDense) (*mat.VecDense, error) {
	const op = "HVPXY"
	x, yt, r, err := xyParts(op, f, m)
	if err != nil {
		return nil, err
	}
	rows, rank := x.Dims()
	_, cols := yt.Dims()
	p := (rows + cols) * rank
	if v == nil || v.Len() != p {
		return nil, invalid(op, "v must have (m+n)r = %d entries", p)
	}
	if dst == nil {
		dst = mat.NewVecDense(p, nil)
	} else if dst.Len() != p {
		return nil, invalid(op, "dst must have (m+n)r = %d entries", p)
	}
	hvp(dst, x, yt, r, v)
	return dst, nil
}

// hvp is HVPXY without checks.
func hvp(dst *mat.VecDense, x, yt, r *mat.Dense, v *mat.VecDense) {
	rows, rank := x.Dims()
	_, cols := yt.Dims()
	raw := mat.VecDenseCopyOf(v).RawVector().Data
	a := mat.NewDense(rows, rank, raw[:rows*rank])
	b := mat.NewDense(cols, rank, raw[rows*rank:])
	var dr, t mat.Dense
	dr.Mul(a, yt)
	t.Mul(x, b.T())
	dr.Add(&dr, &t)
	var hx, hy mat.Dense
	hx.Mul(&dr, yt.T())
	t.Reset()
	t.Mul(r, b)
	hx.Add(&hx, &t)
	hy.Mul(dr.T(), x)
	t.Reset()
	t.Mul(r.T(), a)
	hy.Add(&hy, &t)
	out := dst.RawVector()
	for i, val := range hx.RawMatrix().Data {
		out.Data[i*out.Inc] = val
	}
	off := rows * rank
	for i, val := range hy.RawMatrix().Data {
		out.Data[(off+i)*out.Inc] = val
	}
}

// HessianXY returns the exact Hessian of F(X, Y) = ½‖XYᵀ − M‖²_F at the
// two-factor model f, in the coordinates of HVPXY, for up to 4096
// parameters.
func HessianXY(f *Factorization, m *Estimation) (*mat.SymDense, error) {
	const op = "HessianXY"
	x, yt, r, err := xyParts(op, f, m)
	if err != nil {
		return nil, err
	}
	rows, rank := x.Dims()
	_, cols := yt.Dims()
	p := (rows + cols) * rank
	if p > maxDenseHessian {
		return nil, invalid(op, "(m+n)r = %d parameters exceed %d: use HVPXY or SharpnessXY", p, maxDenseHessian)
	}
	h := mat.NewSymDense(p, nil)
	e := mat.NewVecDense(p, nil)
	col := mat.NewVecDense(p, nil)
	for j := 0; j < p; j++ {
		e.SetVec(j, 1)
		hvp(col, x, yt, r, e)
		e.SetVec(j, 0)
		for i := 0; i <= j; i++ {
			h.SetSym(i, j, col.AtVec(i))
		}
	}
	return h, nil
}

// SharpnessXY returns the top eigenvalue and the trace of the Hessian of
// ½‖XYᵀ − M‖²_F at the two-factor model f. The trace is m‖Y‖²_F + n‖X‖²_F
// at every point (the residual enters only off-diagonal blocks). The top
// eigenvalue is exact (dense symmetric eigensolver) up to 4096 parameters;
// beyond, it is the power iteration on Hessian-vector products from a
// seeded start, run to a relative change of 1e-12 or 10,000 products (it
// finds the eigenvalue of largest magnitude, the top one near a minimum).
func SharpnessXY(f *Factorization, m *Estimation, seed uint64) (top, trace float64, err error) {
	const op = "SharpnessXY"
	x, yt, r, err := xyParts(op, f, m)
	if err != nil {
		return 0, 0, err
	}
	rows, rank := x.Dims()
	_, cols := yt.Dims()
	nx, ny := mat.Norm(x, 2), mat.Norm(yt, 2)
	trace = float64(rows)*ny*ny + float64(cols)*nx*nx
	p := (rows + cols) * rank
	if p <= maxDenseHessian {
		h, err := HessianXY(f, m)
		if err != nil {
			return 0, 0, err
		}
		var es mat.EigenSym
		if !es.Factorize(h, false) {
			return 0, 0, invalid(op, "the eigendecomposition of the Hessian did not converge")
		}
		vals := es.Values(nil)
		return vals[len(vals)-1], trace, nil
	}
	return powerTop(x, yt, r, seed), trace, nil
}

// powerTop runs the power iteration on Hessian-vector products.
func powerTop(x, yt, r *mat.Dense, seed uint64) float64 {
	rows, rank := x.Dims()
	_, cols := yt.Dims()
	p := (rows + cols) * rank
	rng := rand.New(rand.NewPCG(seed, 0x6d666876)) // "mfhv"
	v := mat.NewVecDense(p, nil)
	for i := 0; i < p; i++ {
		v.SetVec(i, rng.NormFloat64())
	}
	v.ScaleVec(1/mat.Norm(v, 2), v)
	w := mat.NewVecDense(p, nil)
	lambda := 0.0
	for it := 0; it < 10000; it++ {
		hvp(w, x, yt, r, v)
		next := mat.Dot(v, w)
		nw := mat.Norm(w, 2)
		if nw == 0 {
			return 0
		}
		v.ScaleVec(1/nw, w)
		if it > 0 && math.Abs(next-lambda) <= 1e-12*math.Abs(next) {
			return next
		}
		lambda = next
	}
	return lambda
}
