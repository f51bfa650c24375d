package implicitbias

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// FuzzProject draws small systems (n ≤ 3 rows, d ≤ 5 columns) with entries
// spanning the float64 range, a potential and a start, and checks the
// contract of Project, NearestInterpolator and BasisPursuit: no panic,
// and either a finite answer that meets the tolerance, an error wrapping
// ErrInvalidInput, or (Project only) the last iterate with a
// *NotConvergedError.
func FuzzProject(f *testing.F) {
	f.Add(uint64(1), uint8(0), int16(0), int16(0), uint8(2), uint8(4))
	f.Add(uint64(2), uint8(3), int16(300), int16(-300), uint8(1), uint8(3))
	f.Add(uint64(3), uint8(5), int16(-13), int16(0), uint8(3), uint8(5))
	f.Fuzz(func(t *testing.T, seed uint64, pot uint8, eA, ey int16, n8, d8 uint8) {
		n, d := 1+int(n8)%3, 1+int(d8)%5
		rng := rand.New(rand.NewPCG(seed, 9))
		A := mat.NewDense(n, d, nil)
		for i := range n {
			for j := range d {
				if rng.IntN(5) > 0 {
					A.Set(i, j, math.Ldexp(rng.NormFloat64(), int(eA)%1100))
				}
			}
		}
		y := mat.NewVecDense(n, nil)
		for i := range n {
			y.SetVec(i, math.Ldexp(rng.NormFloat64(), int(ey)%1100))
		}
		pots := []Potential{Euclidean{}, NegEntropy{}, SimplexEntropy{}, mustPot(NewHypentropy(0.1)),
			mustPot(NewQPower(3)), mustPot(NewSquaredQNorm(1.5)), mustPot(NewDepthPotential(3, 0.5))}
		p := pots[int(pot)%len(pots)]
		x0 := mat.NewVecDense(d, nil)
		for j := range d {
			x0.SetVec(j, 1/float64(d))
		}
		res, err := Project(p, A, y, x0, &ProjectSettings{MaxIter: 300})
		var nc *NotConvergedError
		switch {
		case err == nil:
			if !(res.KKTResidual <= 1e-12) || !finiteVec(res.X) || !finiteVec(res.Lambda) {
				t.Fatalf("%v: success with residual %v, X %v", p, res.KKTResidual, mat.Col(nil, 0, res.X))
			}
		case errors.As(err, &nc):
			if res == nil || !finiteVec(res.X) {
				t.Fatalf("%v: not converged without a finite last iterate: %v", p, err)
			}
		case !errors.Is(err, ErrInvalidInput):
			t.Fatalf("%v: error %v is neither invalid input nor non-convergence", p, err)
		}
		if x, err := NearestInterpolator(A, y, nil); err == nil {
			if !finiteVec(x) {
				t.Fatalf("NearestInterpolator: non-finite %v", mat.Col(nil, 0, x))
			}
		} else if !errors.Is(err, ErrInvalidInput) {
			t.Fatalf("NearestInterpolator: %v", err)
		}
		if x, err := BasisPursuit(A, y); err == nil && !finiteVec(x) {
			t.Fatalf("BasisPursuit: non-finite %v", mat.Col(nil, 0, x))
		}
	})
}

func finiteVec(v *mat.VecDense) bool {
	for i := range v.Len() {
		if x := v.AtVec(i); math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
