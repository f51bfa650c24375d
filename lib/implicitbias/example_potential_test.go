package implicitbias_test

import (
	"fmt"
	"log"

	"github.com/implicitbias/course/lib/implicitbias"
)

// A hypentropy round trip β → θ = ∇ψ(β) → ∇ψ*(θ) and a Bregman divergence.
func ExampleHypentropy() {
	h, err := implicitbias.NewHypentropy(0.5)
	if err != nil {
		log.Fatal(err)
	}
	beta := []float64{1, -0.25, 0}
	theta := make([]float64, 3)
	back := make([]float64, 3)
	h.Grad(theta, beta)     // ¼ arcsinh(β/2α²)
	h.GradStar(back, theta) // 2α² sinh(4θ)
	fmt.Printf("theta = %.4f\n", theta)
	fmt.Printf("back  = %.4f\n", back)
	// ∇ψ(0) = 0, so D(β, 0) = ψ(β). By hand, with 2α² = 0.5:
	// ¼[asinh 2 − √1.25 + 0.5] + ¼[0.25 asinh 0.5 − √0.3125 + 0.5] ≈ 0.221722.
	fmt.Printf("D(beta, 0) = %.6f, psi(beta) = %.6f\n", h.Bregman(beta, make([]float64, 3)), h.Value(beta))
	// Output:
	// theta = [0.3609 -0.1203 0.0000]
	// back  = [1.0000 -0.2500 0.0000]
	// D(beta, 0) = 0.221722, psi(beta) = 0.221722
}
