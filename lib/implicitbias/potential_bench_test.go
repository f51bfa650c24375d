package implicitbias

import (
	"math"
	"testing"
)

// BenchmarkPotentialDualStep times the per-iteration work of mirror descent
// on a potential: the inverse mirror map and the dual domain check (which
// MirrorDescent runs every iteration), at d = 1000.
func BenchmarkPotentialDualStep(b *testing.B) {
	const d = 1000
	theta := make([]float64, d)
	for i := range theta {
		theta[i] = 0.1 * math.Sin(float64(i))
	}
	for _, p := range []Potential{Euclidean{}, NegEntropy{}, SimplexEntropy{}, mustPot(NewQPower(1.5)),
		mustPot(NewSquaredQNorm(1.5)), mustPot(NewHypentropy(0.1)), mustPot(NewDepthPotential(3, 0.5))} {
		dst := make([]float64, d)
		b.Run(p.String()+"/GradStar", func(b *testing.B) {
			for b.Loop() {
				p.GradStar(dst, theta)
			}
		})
		b.Run(p.String()+"/CheckDual", func(b *testing.B) {
			for b.Loop() {
				if err := p.CheckDual(theta); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
