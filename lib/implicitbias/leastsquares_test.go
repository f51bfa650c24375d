package implicitbias

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	planted "github.com/implicitbias/course/lib/implicitbias/internal/plantgen"
)

func TestNewLeastSquaresValidation(t *testing.T) {
	A := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	y := mat.NewVecDense(2, []float64{1, 2})
	bad := mat.NewDense(2, 3, []float64{1, 2, math.NaN(), 4, 5, 6})
	inf := mat.NewVecDense(2, []float64{1, math.Inf(1)})
	for _, c := range []struct {
		name string
		A    *mat.Dense
		y    *mat.VecDense
		want string
	}{
		{"nil A", nil, y, "A"},
		{"nil y", A, nil, "y"},
		{"dims", A, mat.NewVecDense(3, nil), "y has length 3"},
		{"NaN in A", bad, y, "A[0,2]"},
		{"Inf in y", A, inf, "y[1]"},
	} {
		_, err := NewLeastSquares(c.A, c.y)
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want ErrInvalidInput mentioning %q", c.name, err, c.want)
		}
	}
}

// TestLeastSquaresDerivatives compares the slice methods with gonum mat
// products and the gradient with central finite differences of the loss.
func TestLeastSquaresDerivatives(t *testing.T) {
	A, _, y, ls := plantedLS(t, 7, 12, 3, false, 3)
	n, d := ls.Dims()
	xs, err := planted.SparseVector(d, d, false, 9)
	if err != nil {
		t.Fatal(err)
	}
	x := xs.RawVector().Data
	xv := mat.NewVecDense(d, x)
	var rRef mat.VecDense
	rRef.MulVec(A, xv)
	rRef.SubVec(&rRef, y)
	var gRef mat.VecDense
	gRef.MulVec(A.T(), &rRef)

	r := make([]float64, n)
	g := make([]float64, d)
	loss := ls.Grad(g, r, x)
	if want := mat.Dot(&rRef, &rRef) / 2; !(math.Abs(loss-want) <= 1e-13*want) {
		t.Errorf("loss %v, want %v", loss, want)
	}
	for j := range g {
		if !(math.Abs(g[j]-gRef.AtVec(j)) <= 1e-13) {
			t.Fatalf("grad[%d] = %v, want %v", j, g[j], gRef.AtVec(j))
		}
	}
	// Finite differences: L is quadratic, so the central difference is exact
	// up to rounding (≈ 1e-16·L/h).
	const h = 1e-4
	work := make([]float64, n)
	for j := 0; j < d; j++ {
		x[j] += h
		lp := ls.Loss(work, x)
		x[j] -= 2 * h
		lm := ls.Loss(work, x)
		x[j] += h
		if fd := (lp - lm) / (2 * h); !(math.Abs(fd-g[j]) <= 1e-8) {
			t.Errorf("∂L/∂x[%d]: finite difference %v, gradient %v", j, fd, g[j])
		}
	}
	// The mini-batch gradient is the mean of the per-sample gradients; the
	// sum of all n per-sample gradients is ∇L.
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	gb := make([]float64, d)
	meanLoss, _ := ls.BatchGrad(gb, all, x)
	if !(math.Abs(meanLoss*float64(n)-loss) <= 1e-12*loss) {
		t.Errorf("batch mean loss·n = %v, want L = %v", meanLoss*float64(n), loss)
	}
	for j := range gb {
		if !(math.Abs(gb[j]*float64(n)-g[j]) <= 1e-12) {
			t.Fatalf("full-batch mean gradient·n [%d] = %v, want ∇L = %v", j, gb[j]*float64(n), g[j])
		}
	}
	gi := make([]float64, d)
	li := ls.SampleGrad(gi, 2, x)
	ls.BatchGrad(gb, []int{2}, x)
	if ri := rRef.AtVec(2); !(math.Abs(li-ri*ri/2) <= 1e-13) || !(math.Abs(ls.SampleResidual(2, x)-ri) <= 1e-13) {
		t.Errorf("sample 2: loss %v residual %v, want %v, %v", li, ls.SampleResidual(2, x), ri*ri/2, ri)
	}
	for j := range gi {
		if gi[j] != gb[j] || !(math.Abs(gi[j]-rRef.AtVec(2)*A.At(2, j)) <= 1e-13) {
			t.Fatalf("sample gradient [%d]: %v / batch %v", j, gi[j], gb[j])
		}
	}
	if allocs := testing.AllocsPerRun(10, func() { ls.Grad(g, r, x); ls.BatchGrad(gb, all[:3], x) }); allocs != 0 {
		t.Errorf("Grad/BatchGrad allocate %v times", allocs)
	}
}

// TestSmoothness: λmax(AᵀA) against the power iteration on AᵀA, and its
// meaning — the gradient is λmax-Lipschitz, with equality along the top
// right singular vector (which a factor-2 or a σ₁-instead-of-σ₁² mutant
// would break).
func TestSmoothness(t *testing.T) {
	A, _, _, ls := plantedLS(t, 7, 12, 3, false, 3)
	L, err := ls.Smoothness()
	if err != nil {
		t.Fatal(err)
	}
	_, d := A.Dims()
	v := mat.NewVecDense(d, nil)
	for j := 0; j < d; j++ {
		v.SetVec(j, 1+float64(j%3))
	}
	var w, av mat.VecDense
	var rayleigh float64
	for range 2000 {
		av.MulVec(A, v)
		w.MulVec(A.T(), &av)
		rayleigh = mat.Dot(v, &w) / mat.Dot(v, v)
		v.ScaleVec(1/mat.Norm(&w, 2), &w)
	}
	if !(math.Abs(rayleigh-L) <= 1e-12*L) {
		t.Errorf("Smoothness %v, power iteration %v", L, rayleigh)
	}
	if _, err := (*LeastSquares)(nil).Smoothness(); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("nil receiver: %v, want ErrInvalidInput", err)
	}
}
