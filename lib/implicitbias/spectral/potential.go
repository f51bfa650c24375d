package spectral

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// Spectral is a unitarily invariant potential ψ(W) = Σᵢ f(σᵢ(W)) on
// r×c matrices, stored row-major as slices of length r·c, with f even and
// strictly convex and f(0) = f'(0) = 0. By Lewis (1995), "The Convex
// Analysis of Unitarily Invariant Matrix Functions",
//
//	∇ψ(W) = U diag(f'(σ)) Vᵀ,  ψ*(Θ) = Σᵢ f*(σᵢ(Θ)),  ∇ψ*(Θ) = U_Θ diag((f*)'(σ(Θ))) V_Θᵀ,
//
// so each method costs one thin SVD (min(r, c) singular values); repeated
// and zero singular values need no special care because f'(0) = 0 and the
// reconstruction U diag(h(σ)) Vᵀ does not depend on the choice of singular
// vectors within a repeated singular value.
//
// Build one with NewSchattenPower or NewSpectralHypentropy. A Spectral
// potential implements implicitbias.Potential on the flattened matrix; its
// methods are safe for concurrent use and allocate nothing once warm.
type Spectral struct {
	rows, cols int
	g          scalar
	name       string
	pool       sync.Pool // *svdWork
	pairs      sync.Pool // *bregWork
}

func newSpectral(rows, cols int, g scalar, name string) *Spectral {
	s := &Spectral{rows: rows, cols: cols, g: g, name: name}
	s.pool.New = func() any { return newSVDWork(rows, cols) }
	s.pairs.New = func() any { return newBregWork(rows, cols) }
	return s
}

// NewSchattenPower returns ψ(W) = (1/p) Σᵢ σᵢ(W)^p = ‖W‖_{S_p}^p/p on
// rows×cols matrices, with ∇ψ(W) = U diag(σ^{p−1}) Vᵀ and
// ψ*(Θ) = ‖Θ‖_{S_q}^q/q, q = p/(p−1). p = 2 is the Frobenius potential
// (use Frobenius, which needs no SVD); as p → 1 the potential approaches the
// nuclear norm. It returns an error unless 1 < p ≤ 2 and the shape is valid.
func NewSchattenPower(rows, cols int, p float64) (*Spectral, error) {
	const op = "NewSchattenPower"
	if err := checkShape(op, rows, cols); err != nil {
		return nil, err
	}
	if !(p > 1 && p <= 2) {
		return nil, invalid(op, "p = %v: the Schatten-p power potential needs 1 < p ≤ 2", p)
	}
	return newSpectral(rows, cols, power{p: p, q: p / (p - 1)}, fmt.Sprintf("schatten-power(p=%g, %d×%d)", p, rows, cols)), nil
}

// NewSpectralHypentropy returns the spectral hyperbolic entropy with scale
// β > 0, ψ(W) = Σᵢ f(σᵢ(W)) with
//
//	f(σ) = σ arcsinh(σ/β) − √(σ² + β²) + β,  f'(σ) = arcsinh(σ/β),
//	∇ψ*(Θ) = U_Θ diag(β sinh σ(Θ)) V_Θᵀ,  ψ*(Θ) = β Σᵢ (cosh σᵢ(Θ) − 1)
//
// (Ghai, Hazan, Singer, "Exponentiated Gradient Meets Gradient Descent",
// ALT 2020). Small β favours small nuclear norm, large β small Frobenius
// norm. The library's vector Hypentropy(α) is ¼ of this f with β = 2α².
func NewSpectralHypentropy(rows, cols int, beta float64) (*Spectral, error) {
	const op = "NewSpectralHypentropy"
	if err := checkShape(op, rows, cols); err != nil {
		return nil, err
	}
	if !(beta > 0) || math.IsInf(beta, 1) || beta < 0x1p-1022 {
		return nil, invalid(op, "beta = %v: spectral hypentropy needs a positive, finite, normal beta", beta)
	}
	return newSpectral(rows, cols, hyp{beta}, fmt.Sprintf("spectral-hypentropy(β=%g, %d×%d)", beta, rows, cols)), nil
}

// Shape returns the matrix shape (rows, cols).
func (s *Spectral) Shape() (rows, cols int) { return s.rows, s.cols }

// String names the potential, its parameter and shape.
func (s *Spectral) String() string {
	if s == nil {
		return "spectral(nil)"
	}
	return s.name
}

func (s *Spectral) get() *svdWork  { return s.pool.Get().(*svdWork) }
func (s *Spectral) put(w *svdWork) { s.pool.Put(w) }
func (s *Spectral) checkLen(x []float64) {
	if len(x) != s.rows*s.cols {
		panic(fmt.Sprintf("spectral: %s: slice of length %d, want %d", s.name, len(x), s.rows*s.cols))
	}
}

// Value returns Σᵢ f(σᵢ(W)).
func (s *Spectral) Value(x []float64) float64 {
	s.checkLen(x)
	w := s.get()
	defer s.put(w)
	if !w.factor(x) {
		return math.NaN()
	}
	var v float64
	for _, si := range w.s {
		v += s.g.f(si)
	}
	return v
}

// Star returns ψ*(Θ) = Σᵢ f*(σᵢ(Θ)).
func (s *Spectral) Star(theta []float64) float64 {
	s.checkLen(theta)
	w := s.get()
	defer s.put(w)
	if !w.factor(theta) {
		return math.NaN()
	}
	var v float64
	for _, si := range w.s {
		v += s.g.fStar(si)
	}
	return v
}

// Grad writes the mirror map ∇ψ(W) = U diag(f'(σ)) Vᵀ into dst.
func (s *Spectral) Grad(dst, x []float64) { s.apply(dst, x, s.g.df) }

// GradStar writes the inverse mirror map ∇ψ*(Θ) = U diag((f*)'(σ)) Vᵀ into
// dst.
func (s *Spectral) GradStar(dst, theta []float64) { s.apply(dst, theta, s.g.dfStar) }

func (s *Spectral) apply(dst, x []float64, h func(float64) float64) {
	s.checkLen(x)
	s.checkLen(dst)
	w := s.get()
	defer s.put(w)
	if !w.factor(x) {
		for i := range dst {
			dst[i] = math.NaN()
		}
		return
	}
	for i, si := range w.s {
		w.h[i] = h(si)
	}
	w.compose(dst)
}

// SingularValues writes the min(rows, cols) singular values of the
// row-major matrix x, in decreasing order, into dst.
func (s *Spectral) SingularValues(dst, x []float64) {
	s.checkLen(x)
	if len(dst) != min(s.rows, s.cols) {
		panic("spectral: SingularValues: dst has the wrong length")
	}
	w := s.get()
	defer s.put(w)
	if !w.factor(x) {
		for i := range dst {
			dst[i] = math.NaN()
		}
		return
	}
	copy(dst, w.s)
}

// bregWork holds the two SVDs and the overlaps of Bregman.
type bregWork struct {
	x, z       *svdWork
	alpha, bet []float64 // k×k overlaps UₓᵀU_z and VₓᵀV_z
	proj       []float64 // k×k scratch for the null-space residuals
	vec        []float64 // max(r, c) scratch
}

func newBregWork(r, c int) *bregWork {
	k := min(r, c)
	return &bregWork{
		x: newSVDWork(r, c), z: newSVDWork(r, c),
		alpha: make([]float64, k*k), bet: make([]float64, k*k),
		proj: make([]float64, k), vec: make([]float64, max(r, c)),
	}
}

// Bregman returns D_ψ(X, Z) = ψ(X) − ψ(Z) − ⟨∇ψ(Z), X − Z⟩ as a sum of
// non-negative terms, so that it is never negative and keeps its accuracy
// as X → Z. With the Hermitian dilation J(W) = [0 W; Wᵀ 0], whose
// eigenpairs are (±σᵢ, (uᵢ, ±vᵢ)/√2) plus zeros, ψ(W) = ½ Σ f(λ(J(W))), and
// the Bregman divergence of a spectral function of symmetric matrices is
// Σ_{a,b} (pₐᵀq_b)² D_f(λₐ, μ_b) (eigenpairs (λₐ, pₐ) of J(X), (μ_b, q_b) of
// J(Z)). Grouping the ± pairs gives, with αᵢⱼ = aᵢᵀuⱼ, βᵢⱼ = bᵢᵀvⱼ,
//
//	D_ψ(X, Z) = Σᵢⱼ [(αᵢⱼ+βᵢⱼ)²/4 · D_f(σᵢ(X), σⱼ(Z)) + (αᵢⱼ−βᵢⱼ)²/4 · D_f(σᵢ(X), −σⱼ(Z))]
//	          + ½ Σⱼ ‖P⊥_X uⱼ‖² D_f(0, σⱼ(Z)) + ½ Σᵢ ‖P⊥_Z aᵢ‖² D_f(σᵢ(X), 0),
//
// where the last two sums run over the longer side (rows when r > c,
// columns when c > r; they vanish for square matrices) and P⊥ projects
// onto the orthogonal complement of the other matrix's singular vectors.
func (s *Spectral) Bregman(x, z []float64) float64 {
	s.checkLen(x)
	s.checkLen(z)
	if equal(x, z) {
		return 0
	}
	bw := s.pairs.Get().(*bregWork)
	defer s.pairs.Put(bw)
	if !bw.x.factor(x) || !bw.z.factor(z) {
		return math.NaN()
	}
	bw.overlaps()
	return dilationBregman(bw, s.g)
}

// overlaps computes α = Uₓᵀ U_z and β = Vₓᵀ V_z (k×k) of the factored
// pair.
func (bw *bregWork) overlaps() {
	X, Z := bw.x, bw.z
	k := X.k
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, X.gen(X.u, X.r, k), Z.gen(Z.u, Z.r, k), 0, X.gen(bw.alpha, k, k))
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, X.gen(X.vt, k, X.c), Z.gen(Z.vt, k, Z.c), 0, X.gen(bw.bet, k, k))
}

// dilationBregman evaluates the sum of Spectral.Bregman on a factored pair
// with overlaps computed, using the singular values in bw.x.s and bw.z.s
// (which the caller may have rescaled).
func dilationBregman(bw *bregWork, g scalar) float64 {
	X, Z := bw.x, bw.z
	k := X.k
	var d float64
	for i := range k {
		for j := range k {
			a, b := bw.alpha[i*k+j], bw.bet[i*k+j]
			sp, sm := (a+b)*(a+b)/4, (a-b)*(a-b)/4
			if sp != 0 {
				d += sp * g.breg(X.s[i], Z.s[j])
			}
			if sm != 0 {
				d += sm * g.breg(X.s[i], -Z.s[j])
			}
		}
	}
	if X.r != X.c {
		d += nullTerms(bw, X.r > X.c, g)
	}
	return d
}

// nullTerms returns the two null-space sums of Bregman. The singular
// vectors of the longer side are the columns of U (rows > cols) or the rows
// of Vᵀ; ‖P⊥_X uⱼ‖² is computed from the residual uⱼ − Uₓ(Uₓᵀuⱼ), whose
// square loses no relative accuracy when it is small.
func nullTerms(bw *bregWork, rowsLonger bool, g scalar) float64 {
	X, Z := bw.x, bw.z
	k := X.k
	n := X.c // length of the longer-side vectors
	vecOf := func(w *svdWork, j int, dst []float64) {
		if rowsLonger {
			for i := range w.r {
				dst[i] = w.u[i*k+j]
			}
		} else {
			copy(dst, w.vt[j*w.c:(j+1)*w.c])
		}
	}
	if rowsLonger {
		n = X.r
	}
	// overlaps of the longer side: α when rows are longer, β otherwise.
	ov := bw.bet
	if rowsLonger {
		ov = bw.alpha
	}
	v := bw.vec[:n]
	var d float64
	// ½ Σⱼ ‖P⊥_X zⱼ‖² D_f(0, σⱼ(Z)): zⱼ − Σᵢ xᵢ (xᵢᵀzⱼ), with xᵢᵀzⱼ = ov[i,j].
	for j := range k {
		if Z.s[j] == 0 {
			continue
		}
		vecOf(Z, j, v)
		for i := range k {
			c := ov[i*k+j]
			if rowsLonger {
				for l := range n {
					v[l] -= c * X.u[l*k+i]
				}
			} else {
				row := X.vt[i*n : (i+1)*n]
				for l := range n {
					v[l] -= c * row[l]
				}
			}
		}
		d += 0.5 * dot(v, v) * g.breg(0, Z.s[j])
	}
	// ½ Σᵢ ‖P⊥_Z xᵢ‖² D_f(σᵢ(X), 0).
	for i := range k {
		if X.s[i] == 0 {
			continue
		}
		vecOf(X, i, v)
		for j := range k {
			c := ov[i*k+j]
			if rowsLonger {
				for l := range n {
					v[l] -= c * Z.u[l*k+j]
				}
			} else {
				row := Z.vt[j*n : (j+1)*n]
				for l := range n {
					v[l] -= c * row[l]
				}
			}
		}
		d += 0.5 * dot(v, v) * g.breg(X.s[i], 0)
	}
	return d
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// Validate returns an error wrapping implicitbias.ErrInvalidInput if s is
// nil or a zero value built without a constructor.
func (s *Spectral) Validate() error {
	if s == nil || s.g == nil || s.rows <= 0 || s.cols <= 0 {
		return invalid("Spectral", "nil or zero-value potential; build it with NewSchattenPower or NewSpectralHypentropy")
	}
	return nil
}

// CheckPrimal returns an error unless x has rows·cols finite entries.
func (s *Spectral) CheckPrimal(x []float64) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return checkMatrix("x", x, s.rows, s.cols, s.name)
}

// CheckDual returns an error unless θ has rows·cols finite entries and
// ∇ψ*(θ) is finite (for hypentropy: ‖θ‖₂ below the overflow of sinh).
func (s *Spectral) CheckDual(theta []float64) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if err := checkMatrix("theta", theta, s.rows, s.cols, s.name+"'s conjugate"); err != nil {
		return err
	}
	// ‖Θ‖₂ ≤ ‖Θ‖_F: a cheap sufficient bound before the exact test.
	var f float64
	for _, v := range theta {
		f += v * v
	}
	if v := s.g.dfStar(math.Sqrt(f)); !math.IsInf(v, 0) && !math.IsNaN(v) {
		return nil
	}
	w := s.get()
	defer s.put(w)
	if !w.factor(theta) {
		return invalid("CheckDual", "theta: the SVD of θ did not converge (%s)", s.name)
	}
	if v := s.g.dfStar(w.s[0]); math.IsInf(v, 0) || math.IsNaN(v) {
		return invalid("CheckDual", "theta has largest singular value %v, where ∇ψ* of %s overflows", w.s[0], s.name)
	}
	return nil
}

// checkMatrix returns an error naming the first non-finite entry of x (as
// name[i,j]) or a length other than rows·cols.
func checkMatrix(name string, x []float64, rows, cols int, pot string) error {
	if len(x) != rows*cols {
		return invalid("Check", "%s has length %d, want %d = %d×%d for %s", name, len(x), rows*cols, rows, cols, pot)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return invalid("Check", "%s[%d,%d] = %v is outside the domain of %s (finite values)", name, i/cols, i%cols, v, pot)
		}
	}
	return nil
}

// equal reports whether x and z are equal entry by entry (D_ψ(x, x) = 0
// exactly, where the two SVDs would leave rounding-level residue).
func equal(x, z []float64) bool {
	for i, v := range x {
		if v != z[i] {
			return false
		}
	}
	return true
}
