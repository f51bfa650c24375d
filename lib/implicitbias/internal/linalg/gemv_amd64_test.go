//go:build amd64 && !purego

package linalg

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAsmMatchesReference compares the assembly with the pure-Go loops on
// larger shapes, including the 40×200 of the course benchmark. Both are
// within γ·mag of the exact value, so they are within twice that of each
// other (relative to Σ|terms|; relative to the result itself the gap can
// be larger under cancellation, which is why mag, not |y|, is the scale).
func TestAsmMatchesReference(t *testing.T) {
	if !useAsm {
		t.Skip("assembly kernels not in use on this CPU/build")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sz := range [][2]int{{40, 200}, {13, 301}, {64, 64}, {101, 7}} {
		n, d := sz[0], sz[1]
		a := matrix(rng, n, d, d, 1)
		x := randSlice(rng, d, 1)
		y1 := randSlice(rng, n, 1)
		y2 := append([]float64(nil), y1...)
		gemvNAVX(n, d, 0.5, a, d, x, -1, y1)
		gemvNRef(n, d, 0.5, a, d, x, -1, y2)
		for i := range n {
			_, mag := exactAffine(0.5, a[i*d:(i+1)*d], x, -1, y2[i])
			if e := math.Abs(y1[i] - y2[i]); !(e <= 2*tol(d, mag)) {
				t.Errorf("Gemv %d×%d: y[%d] asm %v, Go %v", n, d, i, y1[i], y2[i])
			}
		}
		r := randSlice(rng, n, 1)
		g1, g2 := make([]float64, d), make([]float64, d)
		gemvTAVX(n, d, 0.025, a, d, r, g1)
		gemvTRef(n, d, 0.025, a, d, r, g2)
		for j := range d {
			mag := 0.0
			for i := range n {
				mag += math.Abs(0.025 * r[i] * a[i*d+j])
			}
			if e := math.Abs(g1[j] - g2[j]); !(e <= 2*tol(n, mag)) {
				t.Errorf("GemvT %d×%d: y[%d] asm %v, Go %v", n, d, j, g1[j], g2[j])
			}
		}
	}
}
