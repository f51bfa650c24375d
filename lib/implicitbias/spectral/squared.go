package spectral

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/implicitbias/course/lib/implicitbias"
)

// SquaredSchatten is ψ(W) = ½‖W‖_{S_p}² = ½(Σᵢ σᵢ(W)^p)^{2/p} on rows×cols
// matrices, 1 < p ≤ 2, with
//
//	∇ψ(W) = ‖W‖_{S_p}^{2−p} U diag(σ^{p−1}) Vᵀ,  ψ*(Θ) = ½‖Θ‖_{S_q}²,  q = p/(p−1).
//
// It is (p−1)-strongly convex with respect to ‖·‖_{S_p} (Ball, Carlen, Lieb,
// "Sharp uniform convexity and smoothness inequalities for trace norms",
// Invent. Math. 1994), the matrix analogue of the squared q-norm of Azizan,
// Lale, Hassibi (IEEE TNNLS 2021). It is not a sum Σ f(σᵢ), so its
// Bregman divergence uses the vector potential ½‖σ‖_p² on the singular
// values (see Bregman).
type SquaredSchatten struct {
	rows, cols int
	p          float64
	vec        *implicitbias.SquaredQNorm
	name       string
	pool       sync.Pool // *bregWork (its x part serves single SVDs)
}

var _ implicitbias.Potential = (*SquaredSchatten)(nil)

// NewSquaredSchatten returns ½‖W‖_{S_p}² on rows×cols matrices. It returns
// an error unless 1 < p ≤ 2 and the shape is valid.
func NewSquaredSchatten(rows, cols int, p float64) (*SquaredSchatten, error) {
	const op = "NewSquaredSchatten"
	if err := checkShape(op, rows, cols); err != nil {
		return nil, err
	}
	if !(p > 1 && p <= 2) {
		return nil, invalid(op, "p = %v: the squared Schatten-p potential needs 1 < p ≤ 2", p)
	}
	v, err := implicitbias.NewSquaredQNorm(p)
	if err != nil {
		return nil, invalid(op, "%v", err)
	}
	s := &SquaredSchatten{rows: rows, cols: cols, p: p, vec: v,
		name: fmt.Sprintf("squared-schatten(p=%g, %d×%d)", p, rows, cols)}
	s.pool.New = func() any { return newBregWork(rows, cols) }
	return s, nil
}

// Shape returns (rows, cols).
func (s *SquaredSchatten) Shape() (rows, cols int) { return s.rows, s.cols }

// String names the potential.
func (s *SquaredSchatten) String() string { return s.name }

func (s *SquaredSchatten) checkLen(x []float64) {
	if len(x) != s.rows*s.cols {
		panic(fmt.Sprintf("spectral: %s: slice of length %d, want %d", s.name, len(x), s.rows*s.cols))
	}
}

// Value returns ½‖W‖_{S_p}².
func (s *SquaredSchatten) Value(x []float64) float64 { return s.onValues(x, s.vec.Value) }

// Star returns ½‖Θ‖_{S_q}².
func (s *SquaredSchatten) Star(theta []float64) float64 { return s.onValues(theta, s.vec.Star) }

func (s *SquaredSchatten) onValues(x []float64, f func([]float64) float64) float64 {
	s.checkLen(x)
	bw := s.pool.Get().(*bregWork)
	defer s.pool.Put(bw)
	if !bw.x.factor(x) {
		return math.NaN()
	}
	return f(bw.x.s)
}

// Grad writes ∇ψ(W) into dst.
func (s *SquaredSchatten) Grad(dst, x []float64) { s.apply(dst, x, s.vec.Grad) }

// GradStar writes ∇ψ*(Θ) = ‖Θ‖_{S_q}^{2−q} U diag(σ^{q−1}) Vᵀ into dst.
func (s *SquaredSchatten) GradStar(dst, theta []float64) { s.apply(dst, theta, s.vec.GradStar) }

func (s *SquaredSchatten) apply(dst, x []float64, grad func(dst, x []float64)) {
	s.checkLen(x)
	s.checkLen(dst)
	bw := s.pool.Get().(*bregWork)
	defer s.pool.Put(bw)
	w := bw.x
	if !w.factor(x) {
		for i := range dst {
			dst[i] = math.NaN()
		}
		return
	}
	grad(w.h, w.s)
	w.compose(dst)
}

// Bregman returns D_ψ(X, Z), split as
//
//	D_g(σ(X), σ(Z)) + Σⱼ hⱼ (σⱼ(X) − uⱼᵀ X vⱼ),  h = ∇g(σ(Z)),  g(σ) = ½‖σ‖_p²,
//
// two non-negative terms (the second by von Neumann's trace inequality,
// since h is non-increasing): the first is the vector Bregman divergence of
// the squared p-norm, accurate as σ(X) → σ(Z); the second is evaluated as
// Σⱼ hⱼ(σⱼ(X) − Σᵢ σᵢ(X) αᵢⱼ βᵢⱼ) with αᵢⱼ = aᵢᵀuⱼ, βᵢⱼ = bᵢᵀvⱼ and loses
// digits (absolute error ~ eps·‖X‖·‖h‖) only in the rotation part. The
// result is clamped at 0.
func (s *SquaredSchatten) Bregman(x, z []float64) float64 {
	s.checkLen(x)
	s.checkLen(z)
	bw := s.pool.Get().(*bregWork)
	defer s.pool.Put(bw)
	X, Z := bw.x, bw.z
	if !X.factor(x) || !Z.factor(z) {
		return math.NaN()
	}
	k := X.k
	d := s.vec.Bregman(X.s, Z.s)
	s.vec.Grad(Z.h, Z.s)
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, X.gen(X.u, X.r, k), Z.gen(Z.u, Z.r, k), 0, X.gen(bw.alpha, k, k))
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, X.gen(X.vt, k, X.c), Z.gen(Z.vt, k, Z.c), 0, X.gen(bw.bet, k, k))
	var rot float64
	for j := range k {
		if Z.h[j] == 0 {
			continue
		}
		t := X.s[j]
		for i := range k {
			t -= X.s[i] * bw.alpha[i*k+j] * bw.bet[i*k+j]
		}
		rot += Z.h[j] * t
	}
	return math.Max(0, d+rot)
}

// CheckPrimal returns an error unless x has rows·cols finite entries.
func (s *SquaredSchatten) CheckPrimal(x []float64) error {
	return checkMatrix("x", x, s.rows, s.cols, s.name)
}

// CheckDual returns an error unless θ has rows·cols finite entries.
func (s *SquaredSchatten) CheckDual(theta []float64) error {
	return checkMatrix("theta", theta, s.rows, s.cols, s.name+"'s conjugate")
}
