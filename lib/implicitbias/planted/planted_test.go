package planted

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/internal/failure"
)

func TestGaussianDesign(t *testing.T) {
	A, err := GaussianDesign(200, 100, 5)
	if err != nil {
		t.Fatal(err)
	}
	same, _ := GaussianDesign(200, 100, 5)
	other, _ := GaussianDesign(200, 100, 6)
	if !mat.Equal(A, same) {
		t.Error("same seed, different matrices")
	}
	if mat.Equal(A, other) {
		t.Error("different seeds, same matrix")
	}
	// 20,000 N(0, 1/d) entries: the sample mean has standard deviation
	// 0.1/√20000 ≈ 7e-4 and the sample variance relative standard deviation
	// √(2/20000) ≈ 1%; the bounds are 5 standard deviations.
	raw := A.RawMatrix().Data
	var s, ss float64
	for _, v := range raw {
		s += v
		ss += v * v
	}
	N := float64(len(raw))
	if mean := s / N; !(math.Abs(mean) <= 5*0.1/math.Sqrt(N)) {
		t.Errorf("mean %v, want ≈ 0", mean)
	}
	if v := ss/N*100 - 1; !(math.Abs(v) <= 5*math.Sqrt(2/N)) {
		t.Errorf("d·variance − 1 = %v, want ≈ 0", v)
	}
}

func TestSparseVectorAndProblem(t *testing.T) {
	for _, nonneg := range []bool{false, true} {
		x, err := SparseVector(50, 7, nonneg, 11)
		if err != nil {
			t.Fatal(err)
		}
		nz, neg := 0, 0
		for j := 0; j < x.Len(); j++ {
			v := x.AtVec(j)
			if v != 0 {
				nz++
				if a := math.Abs(v); !(a >= 0.5) || !(a <= 1.5) {
					t.Errorf("entry %v outside ±[0.5, 1.5]", v)
				}
			}
			if v < 0 {
				neg++
			}
		}
		if nz != 7 || (nonneg && neg > 0) {
			t.Errorf("nonnegative=%v: %d nonzeros (%d negative), want 7", nonneg, nz, neg)
		}
		if again, _ := SparseVector(50, 7, nonneg, 11); !mat.Equal(x, again) {
			t.Error("same seed, different vectors")
		}
	}
	A, xs, y, err := PlantedProblem(5, 20, 3, false, 2)
	if err != nil {
		t.Fatal(err)
	}
	var r mat.VecDense
	r.MulVec(A, xs)
	r.SubVec(&r, y)
	if mat.Norm(&r, 2) != 0 {
		t.Errorf("planted y ≠ A·x*: residual %v", mat.Norm(&r, 2))
	}
}

// TestGeneratorErrors checks that bad dimensions are errors naming the
// parameter, not panics.
func TestGeneratorErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		err  func() error
		want string
	}{
		{"rows", func() error { _, err := GaussianDesign(0, 3, 1); return err }, "n = 0"},
		{"columns", func() error { _, err := GaussianDesign(3, -1, 1); return err }, "d = -1"},
		{"length", func() error { _, err := SparseVector(0, 0, false, 1); return err }, "d = 0"},
		{"sparsity", func() error { _, err := SparseVector(5, 6, false, 1); return err }, "k = 6"},
		{"n·d beyond memory", func() error { _, err := GaussianDesign(1e6, 1e6, 1); return err }, "exceed"},
		{"2^31 square", func() error { _, err := GaussianDesign(1<<31, 1<<31, 1); return err }, "exceed"},
		{"n·d overflows int", func() error { _, err := GaussianDesign(1<<32, 1<<32, 1); return err }, "exceed"},
		{"huge d", func() error { _, err := SparseVector(1<<40, 3, false, 1); return err }, "d = 1099511627776"},
		{"planted", func() error { _, _, _, err := PlantedProblem(3, 5, -1, false, 1); return err }, "k = -1"},
	} {
		if err := c.err(); !errors.Is(err, failure.ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want ErrInvalidInput naming %q", c.name, err, c.want)
		}
	}
}
