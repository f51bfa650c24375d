package planted

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias"
)

// TestLowRank checks rank, spectral norm 1 and determinism: a missing
// normalisation or a rank-(r+1) draw fails.
func TestLowRank(t *testing.T) {
	M, err := LowRank(20, 15, 3, 7)
	if err != nil {
		t.Fatal(err)
	}
	var svd mat.SVD
	svd.Factorize(M, mat.SVDNone)
	s := svd.Values(nil)
	// σ₁ = 1 after one division; σ₄.. are rounding-level (≈ 1e-16).
	if !(math.Abs(s[0]-1) <= 1e-14) {
		t.Errorf("σ₁ = %v, want 1", s[0])
	}
	if !(s[2] >= 1e-3) || !(s[3] <= 1e-13) {
		t.Errorf("singular values %v: want exactly 3 non-negligible", s[:5])
	}
	again, _ := LowRank(20, 15, 3, 7)
	other, _ := LowRank(20, 15, 3, 8)
	if !mat.Equal(M, again) || mat.Equal(M, other) {
		t.Error("LowRank is not a deterministic function of the seed")
	}
}

// TestBernoulliMask checks the fraction observed (≈ prob), row-major order
// without repeats, and determinism.
func TestBernoulliMask(t *testing.T) {
	obs, err := BernoulliMask(40, 50, 0.3, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Binomial(2000, 0.3): sd ≈ 20.5; 5 sd.
	if n := float64(len(obs)); !(math.Abs(n-600) <= 5*math.Sqrt(2000*0.3*0.7)) {
		t.Errorf("%d entries observed, want ≈ 600", len(obs))
	}
	for l := 1; l < len(obs); l++ {
		a, b := obs[l-1], obs[l]
		if a[0]*50+a[1] >= b[0]*50+b[1] {
			t.Fatalf("entries %v, %v not in strictly increasing row-major order", a, b)
		}
	}
	again, _ := BernoulliMask(40, 50, 0.3, 1)
	if len(again) != len(obs) || again[len(obs)/2] != obs[len(obs)/2] {
		t.Error("mask is not a deterministic function of the seed")
	}
	if all, _ := BernoulliMask(3, 4, 1, 9); len(all) != 12 {
		t.Errorf("prob 1 observed %d of 12 entries", len(all))
	}
	mm := MaskMatrix(3, 4, [][2]int{{1, 2}, {5, 5}})
	if mm[6] != 1 || mat.Sum(mat.NewDense(3, 4, mm)) != 1 {
		t.Errorf("MaskMatrix = %v", mm)
	}
}

func TestMatrixGeneratorErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
	}{
		{"rank 0", matrixGenErr(LowRank(5, 5, 0, 1))},
		{"rank > min", matrixGenErr(LowRank(5, 3, 4, 1))},
		{"rows 0", matrixGenErr(LowRank(0, 3, 1, 1))},
		{"huge", matrixGenErr(LowRank(1<<20, 1<<20, 1, 1))},
		{"prob 0", matrixGenErr(BernoulliMask(3, 3, 0, 1))},
		{"prob NaN", matrixGenErr(BernoulliMask(3, 3, math.NaN(), 1))},
		{"cols -1", matrixGenErr(BernoulliMask(3, -1, 0.5, 1))},
	} {
		if !errors.Is(c.err, implicitbias.ErrInvalidInput) {
			t.Errorf("%s: error %v, want ErrInvalidInput", c.name, c.err)
		}
	}
}

func matrixGenErr[T any](_ T, err error) error { return err }
