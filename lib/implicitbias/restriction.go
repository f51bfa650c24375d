package implicitbias

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// AffineRestricted is implemented by a potential ψ whose domain lies in a
// proper affine subset {x ∈ ℝᵈ : Cx = c} of ℝᵈ rather than in an open set:
// SimplexEntropy on the probability simplex (1ᵀx = 1), or the von Neumann
// entropy on density matrices (tr X = 1). Such a ψ is Legendre only
// relative to that affine set, so its dual points are defined modulo
// range(Cᵀ) and its dual function is flat in those directions.
//
// Project uses the method to reduce the projection to one for a potential
// on an open set: if φ = ext agrees with ψ on dom ψ up to an affine
// function, the two Bregman divergences coincide there, and
//
//	argmin_{Ax=y} D_ψ(x, x₀) = argmin_{Ax=y, Cx=c} D_φ(x, x₀)
//
// whenever the right-hand side lies in dom ψ (Censor and Zenios, "Parallel
// Optimization", Oxford University Press 1997, on Bregman projections
// onto affine sets). For SimplexEntropy, φ is NegEntropy and the
// projection is Csiszár's I-projection onto a linear family (Csiszár, Ann.
// Probab. 3(1), 1975).
//
// Any potential, in any package, can implement AffineRestricted; Project
// does not need to know its type.
type AffineRestricted interface {
	Potential
	// Restriction describes the domain in dimension d: a potential ext on
	// an open subset of ℝᵈ (not itself AffineRestricted) that agrees with
	// ψ on dom ψ up to an affine function, and the k×d constraint matrix C
	// and right-hand side c (length k ≥ 1) with dom ψ ⊂ {x : Cx = c}. The
	// matrices are freshly allocated; C must have full row rank, and so
	// must [A; C] for the constraint matrix A given to Project.
	Restriction(d int) (ext Potential, C *mat.Dense, c *mat.VecDense)
}

// restriction validates the description returned by p.Restriction(d).
func restriction(op string, p AffineRestricted, d int) (Potential, *mat.Dense, []float64, error) {
	ext, C, c := p.Restriction(d)
	if err := checkPotential(ext); err != nil {
		return nil, nil, nil, invalid(op, "%v.Restriction returned an unusable extension: %w", p, err)
	}
	if _, ok := ext.(AffineRestricted); ok {
		return nil, nil, nil, invalid(op, "%v.Restriction returned the extension %v, which is itself AffineRestricted; it must live on an open set", p, ext)
	}
	if C == nil || C.IsEmpty() || c == nil {
		return nil, nil, nil, invalid(op, "%v.Restriction returned no constraint (C or c is nil or empty)", p)
	}
	k, dc := C.Dims()
	if dc != d || c.Len() != k {
		return nil, nil, nil, invalid(op, "%v.Restriction(%d) returned C of size %d×%d and c of length %d, want %d columns and %d entries", p, d, k, dc, c.Len(), d, k)
	}
	cs := make([]float64, k)
	for i := range k {
		for j := range d {
			if v := C.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, nil, invalid(op, "%v.Restriction returned C[%d,%d] = %v, not finite", p, i, j, v)
			}
		}
		cs[i] = c.AtVec(i)
		if math.IsNaN(cs[i]) || math.IsInf(cs[i], 0) {
			return nil, nil, nil, invalid(op, "%v.Restriction returned c[%d] = %v, not finite", p, i, cs[i])
		}
	}
	return ext, C, cs, nil
}
