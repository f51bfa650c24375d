package reparam

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// JacobianTMul agrees with Jᵀv from Jacobian for every family that has it
// (a sign flip or a wrong power would fail by O(1)).
func TestJacobianTMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, f := range cmFamilies(t, 3) {
		jt, ok := f.g.(JacobianTransposer)
		if !ok {
			continue
		}
		D, d := f.g.Dims()
		x, v := make([]float64, D), make([]float64, d)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		got := make([]float64, D)
		jt.JacobianTMul(got, x, v)
		J := mat.NewDense(d, D, nil)
		f.g.Jacobian(J, x)
		var want mat.VecDense
		want.MulVec(J.T(), mat.NewVecDense(d, v))
		for k := range got {
			if !(math.Abs(got[k]-want.AtVec(k)) <= 1e-14*(1+math.Abs(want.AtVec(k)))) {
				t.Errorf("%s: (∂Gᵀv)[%d] = %v, Jᵀv = %v", f.name, k, got[k], want.AtVec(k))
			}
		}
	}
}
