package spectral

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias"
)

// Projection is a matrix Bregman projection, the predicted limit of matrix
// mirror descent.
type Projection struct {
	// W is argmin{D_ψ(W, W₀) : 𝒜(W) = y}.
	W *mat.Dense
	// Lambda holds the multipliers: ∇ψ(W) = ∇ψ(W₀) + 𝒜*(λ) (for Frobenius,
	// W = W₀ + 𝒜*(λ)).
	Lambda *mat.VecDense
	// Residual is ‖𝒜(W) − y‖.
	Residual float64
	// Iterations is the number of solver iterations (0 for a closed form).
	Iterations int
	// Method names the algorithm: "closed-form" for Frobenius, otherwise
	// the method of implicitbias.Project.
	Method string
}

// shaped is a potential that knows its matrix shape.
type shaped interface{ Shape() (int, int) }

// Project computes the matrix Bregman projection of W₀ onto the
// interpolators of m,
//
//	W = argmin{D_ψ(W, W₀) : 𝒜(W) = y},
//
// the limit that Akhtiamov, Ghane, Hassibi (arXiv:2602.18997, 2026) prove
// matrix stochastic mirror descent reaches from W₀, computed independently
// of any run. For Frobenius it is the closed form
// W₀ + 𝒜*((𝒜𝒜*)⁻¹(y − 𝒜(W₀))): for completion, W₀ with the observed
// entries replaced by the observations; for multi-output regression,
// W₀ + Xᵀ(XXᵀ)⁻¹(Y − XW₀). Otherwise the measurement operator is flattened
// into a dense matrix and handed to implicitbias.Project (dual Newton for
// separable entrywise potentials, dual L-BFGS for the spectral ones; s
// tunes it and may be nil). It returns an error wrapping
// implicitbias.ErrInvalidInput for mismatched shapes, non-finite W₀ or W₀
// outside the domain of p, and the solver's error if it fails.
func Project(p implicitbias.Potential, m *Measurements, W0 *mat.Dense, s *implicitbias.ProjectSettings) (*Projection, error) {
	const op = "Project"
	if p == nil {
		return nil, invalid(op, "potential p is nil")
	}
	if err := m.Validate(); err != nil {
		return nil, invalid(op, "%v", err)
	}
	w0, err := matrixArg(op, "W0", W0, m.rows, m.cols)
	if err != nil {
		return nil, err
	}
	if sp, ok := p.(shaped); ok {
		if r, c := sp.Shape(); r != m.rows || c != m.cols {
			return nil, invalid(op, "potential %v is for %d×%d matrices, the measurements for %d×%d", p, r, c, m.rows, m.cols)
		}
	}
	if err := p.CheckPrimal(w0); err != nil {
		return nil, invalid(op, "W0 is outside the domain: %v", err)
	}
	if _, ok := p.(*Frobenius); ok {
		w, lam, err := m.frobenius(w0)
		if err != nil {
			return nil, err
		}
		res := m.Residual(make([]float64, m.Len()), w)
		return &Projection{W: mat.NewDense(m.rows, m.cols, w), Lambda: mat.NewVecDense(len(lam), lam), Residual: res, Method: "closed-form"}, nil
	}
	inner := p
	if e, ok := p.(*Entrywise); ok {
		inner = e.Potential // a Separable inner potential gets the Newton solver
	}
	A, y := m.Operator()
	pr, err := implicitbias.Project(inner, A, y, mat.NewVecDense(len(w0), w0), s)
	if err != nil {
		return nil, fmt.Errorf("spectral: Project(%v): %w", p, err)
	}
	w := pr.X.RawVector().Data
	res := m.Residual(make([]float64, m.Len()), w)
	return &Projection{W: mat.NewDense(m.rows, m.cols, w), Lambda: pr.Lambda, Residual: res, Iterations: pr.Iterations, Method: pr.Method}, nil
}

// frobenius returns W₀ + 𝒜*(λ) with λ = (𝒜𝒜*)⁻¹(y − 𝒜(W₀)).
func (m *Measurements) frobenius(w0 []float64) (w, lam []float64, err error) {
	r := make([]float64, m.Len())
	m.Residual(r, w0)
	for i := range r {
		r[i] = -r[i]
	}
	if m.idx == nil {
		// 𝒜𝒜* = XXᵀ ⊗ I_k: solve (XXᵀ)Λ = Y − XW₀ for Λ (n×k).
		n, d, k := m.n, m.rows, m.cols
		X := mat.NewDense(n, d, m.x)
		var G mat.SymDense
		G.SymOuterK(1, X)
		var ch mat.Cholesky
		if ok := ch.Factorize(&G); !ok || ch.Cond() > 1e14 {
			return nil, nil, invalid("Project", "the inputs X do not have full row rank (XXᵀ singular): no exact interpolator for every target")
		}
		var L mat.Dense
		if err := ch.SolveTo(&L, mat.NewDense(n, k, r)); err != nil {
			return nil, nil, invalid("Project", "solving XXᵀΛ = Y − XW₀: %v", err)
		}
		lam = flat(&L)
	} else {
		lam = r // 𝒜𝒜* = I for distinct observed entries
	}
	w = make([]float64, len(w0))
	m.Adjoint(w, lam)
	for i := range w {
		w[i] += w0[i]
	}
	return w, lam, nil
}

// KernelPart writes the component of G in the kernel of 𝒜 (the directions
// that leave every measurement unchanged), G − 𝒜*((𝒜𝒜*)⁻¹𝒜(G)), into dst:
// for completion, G with the observed entries set to 0. Adding it to an
// interpolator gives another interpolator. It returns an error for
// mismatched shapes or (multi-output) rank-deficient inputs.
func (m *Measurements) KernelPart(dst, G *mat.Dense) error {
	g, err := matrixArg("KernelPart", "G", G, m.rows, m.cols)
	if err != nil {
		return err
	}
	// 𝒜 is linear: the Frobenius projection of G onto {𝒜(W) = y} minus
	// that of the origin removes exactly the range component.
	w, _, err := m.frobenius(g)
	if err != nil {
		return err
	}
	z, _, _ := m.frobenius(make([]float64, len(g)))
	for i := range w {
		w[i] -= z[i]
	}
	if dst.IsEmpty() {
		dst.ReuseAs(m.rows, m.cols)
	} else if r, c := dst.Dims(); r != m.rows || c != m.cols {
		return invalid("KernelPart", "dst is %d×%d, want %d×%d", r, c, m.rows, m.cols)
	}
	for i := range m.rows {
		copy(dst.RawRowView(i), w[i*m.cols:(i+1)*m.cols])
	}
	return nil
}

// matrixArg returns the row-major entries of A after checking it is a
// finite rows×cols matrix.
func matrixArg(op, name string, A *mat.Dense, rows, cols int) ([]float64, error) {
	if A == nil || A.IsEmpty() {
		return nil, invalid(op, "%s is nil or empty", name)
	}
	if r, c := A.Dims(); r != rows || c != cols {
		return nil, invalid(op, "%s is %d×%d, want %d×%d", name, r, c, rows, cols)
	}
	w := flat(A)
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, invalid(op, "%s[%d,%d] = %v is not finite", name, i/cols, i%cols, v)
		}
	}
	return w, nil
}
