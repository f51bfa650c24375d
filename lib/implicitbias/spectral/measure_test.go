package spectral

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// completionProblem returns a rank-2 r×c planted matrix and the
// measurements of a Bernoulli(prob) mask of it.
func completionProblem(t testing.TB, r, c int, prob float64, seed uint64) (*mat.Dense, *Measurements) {
	t.Helper()
	M, err := planted.LowRank(r, c, 2, seed)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := planted.BernoulliMask(r, c, prob, seed)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewCompletion(M, obs)
	if err != nil {
		t.Fatal(err)
	}
	return M, m
}

// multiOutputProblem returns X (n×d, N(0, 1/d)), a rank-2 W⋆ (d×k) and the
// measurements of Y = XW⋆.
func multiOutputProblem(t testing.TB, n, d, k int, seed uint64) (*mat.Dense, *mat.Dense, *Measurements) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 99))
	X := mat.NewDense(n, d, gaussian(rng, n*d, 1/math.Sqrt(float64(d))))
	Ws, err := planted.LowRank(d, k, 2, seed)
	if err != nil {
		t.Fatal(err)
	}
	var Y mat.Dense
	Y.Mul(X, Ws)
	m, err := NewMultiOutput(X, &Y)
	if err != nil {
		t.Fatal(err)
	}
	return X, &Y, m
}

// TestOperatorConsistency checks Residual, Adjoint, EvalGrad and BatchGrad
// of both kinds against the dense flattened operator: a transposed index
// (W[c,j] instead of W[j,c]) or a missing 1/|B| would disagree.
func TestOperatorConsistency(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	_, mc := completionProblem(t, 6, 9, 0.5, 3)
	_, _, mo := multiOutputProblem(t, 4, 7, 3, 4)
	for _, m := range []*Measurements{mc, mo} {
		A, y := m.Operator()
		n, D := m.Dims()
		w := gaussian(rng, D, 1)
		var r mat.VecDense
		r.MulVec(A, mat.NewVecDense(D, w))
		r.SubVec(&r, y)
		res := make([]float64, m.Len())
		nr := m.Residual(res, w)
		if e := relDiff(res, r.RawVector().Data); !(e <= 1e-14) {
			t.Errorf("completion=%v: residual differs from A·w − y by %.2g", m.IsCompletion(), e)
		}
		if !(math.Abs(nr-mat.Norm(&r, 2)) <= 1e-13*nr) {
			t.Errorf("residual norm %v, want %v", nr, mat.Norm(&r, 2))
		}
		var g mat.VecDense
		g.MulVec(A.T(), &r)
		grad := make([]float64, D)
		loss, meas := m.EvalGrad(grad, nil, w)
		if e := relDiff(grad, g.RawVector().Data); !(e <= 1e-13) {
			t.Errorf("completion=%v: ∇L differs from Aᵀ(Aw − y) by %.2g", m.IsCompletion(), e)
		}
		if !(math.Abs(loss-nr*nr/2) <= 1e-13*loss) || meas != nr {
			t.Errorf("EvalGrad loss %v measure %v, want %v and %v", loss, meas, nr*nr/2, nr)
		}
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		bg := make([]float64, D)
		ml, _ := m.BatchGrad(bg, all, w)
		for i := range bg {
			bg[i] *= float64(n)
		}
		if e := relDiff(bg, grad); !(e <= 1e-13) || !(math.Abs(ml*float64(n)-loss) <= 1e-12*loss) {
			t.Errorf("completion=%v: n·(full-batch mean gradient) differs from ∇L by %.2g (mean loss %v·n vs %v)", m.IsCompletion(), e, ml, loss)
		}
		lam := gaussian(rng, m.Len(), 1)
		adj := make([]float64, D)
		m.Adjoint(adj, lam)
		var at mat.VecDense
		at.MulVec(A.T(), mat.NewVecDense(len(lam), lam))
		if e := relDiff(adj, at.RawVector().Data); !(e <= 1e-14) {
			t.Errorf("Adjoint differs from Aᵀλ by %.2g", e)
		}
	}
}

// TestMeasurementErrors checks the clear errors for bad input.
func TestMeasurementErrors(t *testing.T) {
	M := mat.NewDense(3, 4, nil)
	X := mat.NewDense(5, 3, nil)
	for _, c := range []struct {
		name string
		err  error
	}{
		{"out of range row", second(NewCompletion(M, [][2]int{{0, 0}, {3, 1}}))},
		{"negative col", second(NewCompletion(M, [][2]int{{0, -1}}))},
		{"duplicate", second(NewCompletion(M, [][2]int{{1, 1}, {1, 1}}))},
		{"empty mask", second(NewCompletion(M, nil))},
		{"nil M", second(NewCompletion(nil, [][2]int{{0, 0}}))},
		{"row mismatch", second(NewMultiOutput(X, mat.NewDense(4, 2, nil)))},
		{"NaN target", second(NewMultiOutput(X, mat.NewDense(5, 1, []float64{1, 2, math.NaN(), 4, 5})))},
		{"nil X", second(NewMultiOutput(nil, M))},
	} {
		if !errors.Is(c.err, implicitbias.ErrInvalidInput) {
			t.Errorf("%s: error %v, want ErrInvalidInput", c.name, c.err)
		}
	}
	if err := (&Measurements{}).Validate(); !errors.Is(err, implicitbias.ErrInvalidInput) {
		t.Errorf("zero Measurements validated: %v", err)
	}
}
