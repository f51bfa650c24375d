package implicitbias

import "gonum.org/v1/gonum/mat"

var _ AffineRestricted = SimplexEntropy{}

// Restriction reports that the simplex lies in the hyperplane 1ᵀx = 1 and
// that NegEntropy, Σᵢ xᵢ log xᵢ − xᵢ, agrees with Σᵢ xᵢ log xᵢ there up to
// the constant −1. Project therefore computes the KL projection onto
// {Ax = y} ∩ simplex as the NegEntropy projection onto {Ax = y, 1ᵀx = 1}
// (Csiszár, Ann. Probab. 3(1), 1975).
func (SimplexEntropy) Restriction(d int) (ext Potential, C *mat.Dense, c *mat.VecDense) {
	C = mat.NewDense(1, d, nil)
	for j := range d {
		C.Set(0, j, 1)
	}
	return NegEntropy{}, C, mat.NewVecDense(1, []float64{1})
}
