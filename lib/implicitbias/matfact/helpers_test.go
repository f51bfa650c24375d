package matfact

import (
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// orthonormal returns a d×r matrix with orthonormal columns from the QR
// factorisation of a Gaussian matrix drawn with PCG(seed, stream).
func orthonormal(d, r int, seed, stream uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, stream))
	g := mat.NewDense(d, r, nil)
	for i := 0; i < d; i++ {
		for j := 0; j < r; j++ {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	return mat.DenseCopyOf(q.Slice(0, d, 0, r))
}

// estimationProblem returns the default estimation problem of the deep
// chapter: Y = Q diag(4, 2, 1, 0, …) Qᵀ (d = 8), Ŷ = Y + 0.05(G + Gᵀ)/√2,
// and the eigenvalues ŷ of Ŷ, largest first.
func estimationProblem(t testing.TB, seed uint64) (y, yhat *mat.Dense, eig []float64) {
	t.Helper()
	const d = 8
	q := orthonormal(d, d, seed, 1)
	diag := mat.NewDiagDense(d, []float64{4, 2, 1, 0, 0, 0, 0, 0})
	y = mat.NewDense(d, d, nil)
	y.Product(q, diag, q.T())
	rng := rand.New(rand.NewPCG(seed, 2))
	g := mat.NewDense(d, d, nil)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	yhat = mat.NewDense(d, d, nil)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			yhat.Set(i, j, y.At(i, j)+0.05*(g.At(i, j)+g.At(j, i))/1.4142135623730951)
		}
	}
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(d, yhat.RawMatrix().Data), false) {
		t.Fatal("eigen")
	}
	eig = es.Values(nil)
	sort.Sort(sort.Reverse(sort.Float64Slice(eig)))
	return y, yhat, eig
}
