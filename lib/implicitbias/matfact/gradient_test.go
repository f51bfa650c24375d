package matfact

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// randomTarget returns an r×c matrix with iid N(0, 1) entries.
func randomTarget(t testing.TB, r, c int, seed uint64) *mat.Dense {
	t.Helper()
	f, err := Random([]int{c, r}, math.Sqrt(float64(c)), seed)
	if err != nil {
		t.Fatal(err)
	}
	return f.Factors[0]
}

// lossAt evaluates ℓ(W_N⋯W_1).
func lossAt(f *Factorization, loss Loss) float64 {
	r, c := loss.Dims()
	g := mat.NewDense(r, c, nil)
	return loss.Gradient(g, f.Product(nil))
}

// The prefix/suffix gradient against central differences of the loss, for
// rectangular factors of every depth from 1 to 4 and both losses. A
// transposed prefix, a swapped order or a sign error changes the gradient by
// O(1); central differences with h = 1e-6 are accurate to ~1e-9 here.
func TestGradientsFiniteDifference(t *testing.T) {
	for depth := 1; depth <= 4; depth++ {
		dims := []int{3, 4, 2, 5, 3}[:depth+1]
		f, err := Random(dims, 1, uint64(depth))
		if err != nil {
			t.Fatal(err)
		}
		rows, cols := f.Dims()
		est, err := NewEstimation(randomTarget(t, rows, cols, 7))
		if err != nil {
			t.Fatal(err)
		}
		a, err := planted.GaussianSensing(6, rows, cols, 3)
		if err != nil {
			t.Fatal(err)
		}
		b := mat.NewVecDense(6, []float64{1, -2, 0.5, 0, 3, -1})
		sen, err := NewSensing(a, b, rows, cols)
		if err != nil {
			t.Fatal(err)
		}
		for name, loss := range map[string]Loss{"estimation": est, "sensing": sen} {
			g, l, err := Gradients(f, loss)
			if err != nil {
				t.Fatal(err)
			}
			if want := lossAt(f, loss); !(math.Abs(l-want) <= 1e-12*math.Max(1, want)) {
				t.Errorf("depth %d %s: loss %v, want %v", depth, name, l, want)
			}
			const h = 1e-6
			for j, w := range f.Factors {
				r, c := w.Dims()
				for p := 0; p < r; p++ {
					for q := 0; q < c; q++ {
						old := w.At(p, q)
						w.Set(p, q, old+h)
						lp := lossAt(f, loss)
						w.Set(p, q, old-h)
						lm := lossAt(f, loss)
						w.Set(p, q, old)
						fd := (lp - lm) / (2 * h)
						if got := g[j].At(p, q); !(math.Abs(got-fd) <= 1e-6*math.Max(1, math.Abs(fd))) {
							t.Errorf("depth %d %s: ∂/∂W_%d[%d,%d] = %v, finite difference %v", depth, name, j+1, p, q, got, fd)
						}
					}
				}
			}
		}
	}
}

// Sensing.Measure is the linear map vec(W) ↦ A vec(W): checked against the
// explicit inner products ⟨A_l, W⟩.
func TestSensingMeasure(t *testing.T) {
	a, err := planted.GaussianSensing(5, 3, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSensing(a, mat.NewVecDense(5, nil), 3, 4)
	if err != nil {
		t.Fatal(err)
	}
	w := randomTarget(t, 3, 4, 2)
	got, err := s.Measure(nil, w)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Measure(nil, mat.NewDense(4, 3, nil)); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("W of the wrong shape: err = %v", err)
	}
	for l := 0; l < 5; l++ {
		want := 0.0
		for i := 0; i < 3; i++ {
			for j := 0; j < 4; j++ {
				want += a.At(l, i*4+j) * w.At(i, j)
			}
		}
		if !(math.Abs(got.AtVec(l)-want) <= 1e-13) {
			t.Errorf("measurement %d: %v, want %v", l, got.AtVec(l), want)
		}
	}
}

// GaussianSensing has entries of variance 1/m: the sample variance over
// 60×100 draws is within 5 standard errors (√(2/6000) ≈ 1.8%) of 1/m.
func TestGaussianSensingVariance(t *testing.T) {
	const m = 60
	a, err := planted.GaussianSensing(m, 10, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, v := range a.RawMatrix().Data {
		sum += v * v
	}
	v := sum / float64(m*100) * m
	if !(math.Abs(v-1) <= 5*math.Sqrt(2.0/6000)) {
		t.Errorf("m·Var = %v, want 1", v)
	}
	b, _ := planted.GaussianSensing(m, 10, 10, 0)
	if !mat.Equal(a, b) {
		t.Error("same seed gave different operators")
	}
}
