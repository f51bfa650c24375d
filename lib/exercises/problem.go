package exercises

import (
	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// Planted is a chapter's planted sparse-recovery problem: N Gaussian
// measurements (planted.GaussianDesign, entries N(0, 1/D)) of a K-sparse
// vector in dimension D (planted.SparseVector), all drawn from Seed. The
// chapters take their problem from here (Ch01.Problem(), …), so that a
// chapter's cells and this package's checks and tests use the same data.
type Planted struct {
	N, D, K int
	Seed    uint64
}

// Generate returns A, the planted x* (with nonnegative entries when
// nonnegative is true) and y = A·x*, from planted.PlantedProblem.
func (p Planted) Generate(nonnegative bool) (A *mat.Dense, xStar, y *mat.VecDense, err error) {
	return planted.PlantedProblem(p.N, p.D, p.K, nonnegative, p.Seed)
}

// mustGenerate is Generate for the chapters' fixed, valid parameters.
func (p Planted) mustGenerate(nonnegative bool) (A *mat.Dense, xStar, y *mat.VecDense) {
	A, xStar, y, err := p.Generate(nonnegative)
	if err != nil {
		panic("exercises: a chapter's planted problem failed: " + err.Error())
	}
	return A, xStar, y
}
