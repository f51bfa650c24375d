package implicitbias_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias"
)

// Projecting 0 onto {x : x₁ + x₂ + 2x₃ = 2}: the ℓ2 projection spreads the
// mass, the hypentropy projection with small α is close to the sparse
// minimum-ℓ1 solution x = (0, 0, 1). (Check by hand: with θ = λ(1, 1, 2),
// 2α² sinh(4λ) ≈ 0.00995 and 2α² sinh(8λ) ≈ 0.990 satisfy the constraint.)
func ExampleProject() {
	A := mat.NewDense(1, 3, []float64{1, 1, 2})
	y := mat.NewVecDense(1, []float64{2})
	x0 := mat.NewVecDense(3, nil)
	for _, p := range []implicitbias.Potential{implicitbias.Euclidean{}, must(implicitbias.NewHypentropy(0.01))} {
		res, err := implicitbias.Project(p, A, y, x0, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-18v x = %.3f  residual < 1e-12: %v\n", p, mat.Col(nil, 0, res.X), res.KKTResidual < 1e-12)
	}
	l1, err := implicitbias.BasisPursuit(A, y)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%-18s x = %.3f\n", "basis pursuit", mat.Col(nil, 0, l1))
	// Output:
	// euclidean          x = [0.333 0.333 0.667]  residual < 1e-12: true
	// hypentropy(α=0.01) x = [0.010 0.010 0.990]  residual < 1e-12: true
	// basis pursuit      x = [0.000 0.000 1.000]
}

func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}

// The KL projection onto the simplex with one moment constraint is the
// maximum-entropy distribution of Jaynes' Brandeis dice problem (Jaynes,
// "Information Theory and Statistical Mechanics", Brandeis Lectures 1963):
// a die whose mean is 4.5 instead of 3.5 gets p_k ∝ exp(λk) with the λ
// that makes Σ k p_k = 4.5 (check: Σ k p_k of the printed p is 4.5000). SimplexEntropy
// implements AffineRestricted, so Project appends the row 1ᵀ to A and
// solves the NegEntropy projection with dual Newton.
func ExampleAffineRestricted() {
	A := mat.NewDense(1, 6, []float64{1, 2, 3, 4, 5, 6})
	y := mat.NewVecDense(1, []float64{4.5})
	uniform := mat.NewVecDense(6, []float64{1, 1, 1, 1, 1, 1})
	uniform.ScaleVec(1.0/6, uniform)
	res, err := implicitbias.Project(implicitbias.SimplexEntropy{}, A, y, uniform, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("p = %.5f\n", mat.Col(nil, 0, res.X))
	fmt.Printf("λ = %.4f, %s\n", res.Lambda.AtVec(0), res.Method)
	// Output:
	// p = [0.05435 0.07877 0.11416 0.16545 0.23977 0.34749]
	// λ = 0.3710, dual-newton (negentropy with the 1 domain constraint row(s) of simplex-entropy appended)
}
