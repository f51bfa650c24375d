package signdescent

import (
	"testing"

	"gonum.org/v1/gonum/mat"
)

// fig1Problem is the data of the Fig. 1 analogue: N = 2, D = 5, blocks
// {0, 1} and {2, 3, 4}; it satisfies Assumptions 3.2 and 3.3 for α = 0.1
// and ε ≤ 0.0267.
func fig1Problem(tb testing.TB) *Problem {
	tb.Helper()
	X := mat.NewDense(2, 5, []float64{1, -0.6, 0, 0, 0, 0, 0, 0.8, 0.5, -0.7})
	p, err := NewProblem(X, mat.NewVecDense(2, []float64{1, -1.2}))
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// fig2Problem is the data of the Fig. 2/3 analogue: N = 1, D = 2,
// x = (1, −0.5), y = 1 (ε̄ = 0.0222 at α = 0.1).
func fig2Problem(tb testing.TB) *Problem {
	tb.Helper()
	p, err := NewProblem(mat.NewDense(1, 2, []float64{1, -0.5}), mat.NewVecDense(1, []float64{1}))
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// grid returns 0, h, 2h, …, T.
func grid(T, h float64) []float64 {
	n := int(T/h + 0.5)
	g := make([]float64, n+1)
	for k := range g {
		g[k] = T * float64(k) / float64(n)
	}
	return g
}

func mustFlow(tb testing.TB, p *Problem, m Model, s FlowSettings) *Trajectory {
	tb.Helper()
	tr, err := Flow(p, m, s)
	if err != nil {
		tb.Fatal(err)
	}
	return tr
}
