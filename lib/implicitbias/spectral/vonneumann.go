package spectral

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"

	"github.com/implicitbias/course/lib/implicitbias"
)

// VonNeumann is the von Neumann entropy ψ(W) = tr(W log W − W) on
// symmetric positive definite n×n matrices, with
//
//	∇ψ(W) = log W,  ∇ψ*(Θ) = exp Θ,  ψ*(Θ) = tr exp Θ
//
// (matrix functions through one symmetric eigendecomposition), the
// potential of the matrix exponentiated gradient method (Tsuda, Rätsch,
// Warmuth, "Matrix Exponentiated Gradient Updates for On-line Learning and
// Bregman Projection", JMLR 2005). The dual domain is all symmetric
// matrices; the primal domain is open, so CheckPrimal refuses matrices
// that are not symmetric or not positive definite. Mirror descent with it
// keeps the iterate symmetric only when the gradients are symmetric
// (symmetric measurement matrices).
type VonNeumann struct {
	n    int
	pool sync.Pool // *eigWork
}

var _ implicitbias.Potential = (*VonNeumann)(nil)

// NewVonNeumann returns the von Neumann entropy on n×n matrices.
func NewVonNeumann(n int) (*VonNeumann, error) {
	if err := checkShape("NewVonNeumann", n, n); err != nil {
		return nil, err
	}
	v := &VonNeumann{n: n}
	v.pool.New = func() any { return newEigWork(n) }
	return v, nil
}

// Shape returns (n, n).
func (v *VonNeumann) Shape() (rows, cols int) { return v.n, v.n }

// String returns "von-neumann(n×n)".
func (v *VonNeumann) String() string {
	if v == nil {
		return "von-neumann(nil)"
	}
	return fmt.Sprintf("von-neumann(%d×%d)", v.n, v.n)
}

// Validate returns an error wrapping implicitbias.ErrInvalidInput if v is
// nil or a zero value built without NewVonNeumann.
func (v *VonNeumann) Validate() error {
	if v == nil || v.n <= 0 || v.pool.New == nil {
		return invalid("VonNeumann", "nil or zero-value potential; build it with NewVonNeumann")
	}
	return nil
}

// eigWork holds one symmetric eigendecomposition W = Q diag(λ) Qᵀ.
type eigWork struct {
	n          int
	q, q2, tmp []float64 // n×n: eigenvectors as columns (two sets), scratch
	l, l2, h   []float64
	work       []float64
}

func newEigWork(n int) *eigWork {
	w := &eigWork{n: n, q: make([]float64, n*n), q2: make([]float64, n*n), tmp: make([]float64, n*n),
		l: make([]float64, n), l2: make([]float64, n), h: make([]float64, n)}
	q := []float64{0}
	lapack64.Syev(lapack.EVCompute, w.sym(w.q), w.l, q, -1)
	w.work = make([]float64, int(q[0]))
	return w
}

func (w *eigWork) sym(d []float64) blas64.Symmetric {
	return blas64.Symmetric{N: w.n, Stride: w.n, Data: d, Uplo: blas.Upper}
}

func (w *eigWork) gen(d []float64) blas64.General {
	return blas64.General{Rows: w.n, Cols: w.n, Stride: w.n, Data: d}
}

// eig factorises the symmetric part (x + xᵀ)/2 into (q, l), eigenvalues
// ascending.
func (w *eigWork) eig(x, q, l []float64) bool {
	n := w.n
	for i := range n {
		for j := i; j < n; j++ {
			q[i*n+j] = (x[i*n+j] + x[j*n+i]) / 2
		}
	}
	return lapack64.Syev(lapack.EVCompute, w.sym(q), l, w.work, len(w.work))
}

// compose writes Q diag(h) Qᵀ into dst.
func (w *eigWork) compose(dst, q []float64) {
	n := w.n
	for i := range n {
		for j := range n {
			w.tmp[i*n+j] = q[i*n+j] * w.h[j]
		}
	}
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, w.gen(w.tmp), w.gen(q), 0, w.gen(dst))
}

func (v *VonNeumann) checkLen(x []float64) {
	if len(x) != v.n*v.n {
		panic(fmt.Sprintf("spectral: %v: slice of length %d, want %d", v, len(x), v.n*v.n))
	}
}

func (v *VonNeumann) spectrum(x []float64, f func(float64) float64) float64 {
	v.checkLen(x)
	w := v.pool.Get().(*eigWork)
	defer v.pool.Put(w)
	if !w.eig(x, w.q, w.l) {
		return math.NaN()
	}
	var s float64
	for _, l := range w.l {
		s += f(l)
	}
	return s
}

func (v *VonNeumann) apply(dst, x []float64, f func(float64) float64) {
	v.checkLen(x)
	v.checkLen(dst)
	w := v.pool.Get().(*eigWork)
	defer v.pool.Put(w)
	if !w.eig(x, w.q, w.l) {
		for i := range dst {
			dst[i] = math.NaN()
		}
		return
	}
	for i, l := range w.l {
		w.h[i] = f(l)
	}
	w.compose(dst, w.q)
}

// Value returns Σᵢ λᵢ log λᵢ − λᵢ (NaN if an eigenvalue is negative).
func (v *VonNeumann) Value(x []float64) float64 {
	return v.spectrum(x, func(l float64) float64 {
		if l == 0 {
			return 0
		}
		return l*math.Log(l) - l
	})
}

// Star returns tr exp Θ.
func (v *VonNeumann) Star(theta []float64) float64 { return v.spectrum(theta, math.Exp) }

// Grad writes the matrix logarithm log W into dst.
func (v *VonNeumann) Grad(dst, x []float64) { v.apply(dst, x, math.Log) }

// GradStar writes the matrix exponential exp Θ into dst.
func (v *VonNeumann) GradStar(dst, theta []float64) { v.apply(dst, theta, math.Exp) }

// Bregman returns the quantum relative entropy
// D(X, Z) = tr(X log X − X log Z − X + Z) = Σᵢⱼ (pᵢᵀqⱼ)² [λᵢ log(λᵢ/μⱼ) − λᵢ + μⱼ],
// with eigenpairs (λᵢ, pᵢ) of X and (μⱼ, qⱼ) of Z: a sum of non-negative
// terms, each evaluated without cancellation.
func (v *VonNeumann) Bregman(x, z []float64) float64 {
	v.checkLen(x)
	v.checkLen(z)
	if equal(x, z) {
		return 0
	}
	w := v.pool.Get().(*eigWork)
	defer v.pool.Put(w)
	if !w.eig(x, w.q, w.l) || !w.eig(z, w.q2, w.l2) {
		return math.NaN()
	}
	n := v.n
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, w.gen(w.q), w.gen(w.q2), 0, w.gen(w.tmp))
	var d float64
	for i := range n {
		for j := range n {
			c := w.tmp[i*n+j]
			if c != 0 {
				d += c * c * klTerm(w.l[i], w.l2[j])
			}
		}
	}
	return d
}

// CheckPrimal returns an error unless x is a finite, symmetric (to 1e-12
// relative) and positive definite n×n matrix, naming the offending entry or
// the smallest eigenvalue.
func (v *VonNeumann) CheckPrimal(x []float64) error {
	if err := v.Validate(); err != nil {
		return err
	}
	if err := v.checkSym("x", x, v.String()); err != nil {
		return err
	}
	w := v.pool.Get().(*eigWork)
	defer v.pool.Put(w)
	if !w.eig(x, w.q, w.l) {
		return invalid("CheckPrimal", "x: the eigendecomposition did not converge (%v)", v)
	}
	if !(w.l[0] > 0) {
		return invalid("CheckPrimal", "x has smallest eigenvalue %v: %v needs a positive definite matrix", w.l[0], v)
	}
	return nil
}

// CheckDual returns an error unless θ is finite, symmetric and its largest
// eigenvalue keeps exp Θ finite.
func (v *VonNeumann) CheckDual(theta []float64) error {
	if err := v.Validate(); err != nil {
		return err
	}
	if err := v.checkSym("theta", theta, v.String()+"'s conjugate"); err != nil {
		return err
	}
	w := v.pool.Get().(*eigWork)
	defer v.pool.Put(w)
	if !w.eig(theta, w.q, w.l) {
		return invalid("CheckDual", "theta: the eigendecomposition did not converge (%v)", v)
	}
	if top := w.l[v.n-1]; math.IsInf(math.Exp(top), 0) {
		return invalid("CheckDual", "theta has largest eigenvalue %v, where exp overflows (%v)", top, v)
	}
	return nil
}

func (v *VonNeumann) checkSym(name string, x []float64, pot string) error {
	if err := checkMatrix(name, x, v.n, v.n, pot); err != nil {
		return err
	}
	var m float64
	for _, e := range x {
		m = math.Max(m, math.Abs(e))
	}
	n := v.n
	for i := range n {
		for j := i + 1; j < n; j++ {
			if math.Abs(x[i*n+j]-x[j*n+i]) > 1e-12*m {
				return invalid("Check", "%s[%d,%d] = %v ≠ %s[%d,%d] = %v: %s needs a symmetric matrix", name, i, j, x[i*n+j], name, j, i, x[j*n+i], pot)
			}
		}
	}
	return nil
}
