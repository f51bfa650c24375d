package ode

import (
	"math"
	"math/rand/v2"
	"testing"
)

// denseLU solves random systems (sizes 1 … 80, with a zero leading entry to
// force pivoting) to a backward error ‖Ax − b‖∞ / (‖A‖∞‖x‖∞) below 100·n·eps,
// the normwise bound of Gaussian elimination with partial pivoting for
// matrices of modest growth factor (Higham, Accuracy and Stability, §9.3).
func TestDenseLUSolve(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 11))
	for _, n := range []int{1, 2, 3, 5, 17, 64, 65, 80} {
		a := make([]float64, n*n)
		for i := range a {
			a[i] = rnd.NormFloat64()
		}
		if n > 1 {
			a[0] = 0
		}
		b := make([]float64, n)
		for i := range b {
			b[i] = rnd.NormFloat64()
		}
		lu := newDenseLU(n)
		copy(lu.a.Data, a)
		if !lu.factorize() {
			t.Fatalf("n = %d: random matrix reported singular", n)
		}
		x := append([]float64(nil), b...)
		lu.solve(x)
		var res, anorm, xnorm float64
		for i := 0; i < n; i++ {
			r, rowSum := -b[i], 0.0
			for j := 0; j < n; j++ {
				r += a[i*n+j] * x[j]
				rowSum += math.Abs(a[i*n+j])
			}
			res = math.Max(res, math.Abs(r))
			anorm = math.Max(anorm, rowSum)
			xnorm = math.Max(xnorm, math.Abs(x[i]))
		}
		if be := res / (anorm * xnorm); !(be < 100*float64(n)*eps) {
			t.Errorf("n = %d: backward error %g", n, be)
		}
	}
}

// An exactly singular matrix is reported.
func TestDenseLUSingular(t *testing.T) {
	lu := newDenseLU(3)
	copy(lu.a.Data, []float64{1, 2, 3, 2, 4, 6, 0, 1, 1})
	if lu.factorize() {
		t.Error("rank-2 matrix not reported singular")
	}
}
