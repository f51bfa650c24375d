package reparam

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// The generic Bregman projection on the chapter-03 size (d = 50, n = 20)
// for w = u⊙u − v⊙v from a general start, against the closed-form
// projection by implicitbias.Project with its AsinhPotential.
func benchProblem(b *testing.B) (*DiagonalMap, *mat.Dense, *mat.VecDense, *mat.VecDense) {
	Z, _, y, err := planted.PlantedProblem(20, 50, 3, true, 3)
	if err != nil {
		b.Fatal(err)
	}
	g, _ := NewDiagonalMap(2, 50)
	x0 := make([]float64, 100)
	for i := range x0 {
		x0[i] = 0.3 + 0.01*float64(i%17)
	}
	return g, Z, y, mat.NewVecDense(100, x0)
}

func BenchmarkProjectCommuting(b *testing.B) {
	g, Z, y, x0 := benchProblem(b)
	for b.Loop() {
		if _, err := ProjectCommuting(g, Z, y, x0, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProjectClosedForm(b *testing.B) {
	g, Z, y, x0 := benchProblem(b)
	pot, err := g.MirrorPotential(x0.RawVector().Data)
	if err != nil {
		b.Fatal(err)
	}
	w0 := make([]float64, 50)
	g.Map(w0, x0.RawVector().Data)
	for b.Loop() {
		if _, err := ib.Project(pot, Z, y, mat.NewVecDense(50, w0), nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBracketScore(b *testing.B) {
	g, _, _, x0 := benchProblem(b)
	P := mat.NewDense(1, 100, x0.RawVector().Data)
	for b.Loop() {
		if _, err := BracketScore(g, P); err != nil {
			b.Fatal(err)
		}
	}
}
