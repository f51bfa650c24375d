package reparam

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// For every closed-form family: (i) the limit of gradient flow on the
// weights equals the Bregman projection argmin_{Zw=y} D_R(w, w0) computed
// by implicitbias.Project, to 1e-6 once the residual is ≤ 1e-8; (ii) the
// generic solver ProjectCommuting, which never sees R, agrees with Project
// to 1e-8 (its flows are integrated to rtol 1e-13).
func TestLimitIsProjection(t *testing.T) {
	const d = 4
	Z, y, ls := cmProblem(t, 2, d, 3)
	for _, f := range cmFamilies(t, d) {
		x0 := mat.NewVecDense(len(f.x0), f.x0)
		pot, err := f.g.MirrorPotential(f.x0)
		if err != nil {
			t.Fatal(err)
		}
		w0 := make([]float64, d)
		f.g.Map(w0, f.x0)
		proj, err := ib.Project(pot, Z, y, mat.NewVecDense(d, w0), nil)
		if err != nil {
			t.Fatalf("%s: Project: %v", f.name, err)
		}
		gf, err := GradientFlow(f.g, ls, x0, ib.FlowSettings{T: 400})
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if !(gf.Residual <= 1e-8) {
			t.Errorf("%s: residual %.3g at T = 400, want ≤ 1e-8", f.name, gf.Residual)
		} else if e := cmMaxAbs(gf.Final, proj.X); !(e <= 1e-6) {
			t.Errorf("%s: GF limit is %.3g from the projection", f.name, e)
		}
		gen, err := ProjectCommuting(f.g, Z, y, x0, nil)
		if err != nil {
			t.Fatalf("%s: ProjectCommuting: %v", f.name, err)
		}
		if e := cmMaxAbs(gen.X, proj.X); !(e <= 1e-8) {
			t.Errorf("%s: generic solver is %.3g from the closed-form projection", f.name, e)
		}
		if !(gen.Bracket.Score <= 1e-7) {
			t.Errorf("%s: bracket score %.3g", f.name, gen.Bracket.Score)
		}
	}
}

// A quadratic map that encodes w = u⊙v (Aᵢ = [[0, Eᵢᵢ], [Eᵢᵢ, 0]]) has the
// same generic projection as ProductMap's closed form.
func TestQuadraticEncodingOfProduct(t *testing.T) {
	const d = 3
	Z, y, _ := cmProblem(t, 2, d, 5)
	var as []*mat.SymDense
	for i := 0; i < d; i++ {
		a := mat.NewSymDense(2*d, nil)
		a.SetSym(i, d+i, 1)
		as = append(as, a)
	}
	q, err := NewQuadraticMap(as)
	if err != nil {
		t.Fatal(err)
	}
	prod, _ := NewProductMap(2, d)
	x0 := []float64{0.9, 0.7, 1.1, 0.3, 0.2, 0.5}
	pot, err := prod.MirrorPotential(x0)
	if err != nil {
		t.Fatal(err)
	}
	w0 := make([]float64, d)
	prod.Map(w0, x0)
	want, err := ib.Project(pot, Z, y, mat.NewVecDense(d, w0), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ProjectCommuting(q, Z, y, mat.NewVecDense(2*d, x0), nil)
	if err != nil {
		t.Fatal(err)
	}
	if e := cmMaxAbs(got.X, want.X); !(e <= 1e-8) {
		t.Errorf("quadratic encoding of u⊙v: %.3g from the closed form", e)
	}
}

// A budget of one Newton iteration returns the iterate with a
// *NotConvergedError.
func TestProjectCommutingNotConverged(t *testing.T) {
	Z, y, _ := cmProblem(t, 2, 4, 3)
	g, _ := NewDiagonalMap(2, 4)
	x0 := mat.NewVecDense(8, []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1})
	res, err := ProjectCommuting(g, Z, y, x0, &ib.ProjectSettings{MaxIter: 1})
	var nc *ib.NotConvergedError
	if !errors.As(err, &nc) || res == nil {
		t.Fatalf("err = %v, res = %v", err, res)
	}
}

// Re-expressing the data (SZ, Sy) or presenting them in sequence leaves the
// limit of a commuting model unchanged (≤ 1e-8) and moves that of W = UVᵀ
// (≥ 1e-3); w = a·b is non-commuting yet passes the re-expression test.
func TestReexpression(t *testing.T) {
	uv, _ := NewMatrixProductMap(2, 2, 2)
	sv, _ := NewScaledVectorMap(4)
	diag, _ := NewDiagonalMap(2, 4)
	Z := mat.NewDense(2, 4, []float64{0.9, -0.4, 0.3, 0.7, 0.2, 0.8, -0.6, 0.5})
	y := mat.NewVecDense(2, []float64{0.6, -0.3})
	S := mat.NewDense(2, 2, []float64{2, 1, 0.5, 1.5})
	var SZ mat.Dense
	SZ.Mul(S, Z)
	var Sy mat.VecDense
	Sy.MulVec(S, y)
	limit := func(g Parametrization, Z *mat.Dense, y, x0 *mat.VecDense) (*mat.VecDense, *mat.VecDense) {
		ls, err := ib.NewLeastSquares(Z, y)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := GradientFlow(g, ls, x0, ib.FlowSettings{T: 400})
		if err != nil {
			t.Fatal(err)
		}
		if !(tr.Residual <= 1e-9) {
			t.Fatalf("%T: residual %.3g", g, tr.Residual)
		}
		return tr.Final, tr.FinalWeights
	}
	x0uv := mat.NewVecDense(8, []float64{0.3, 0.1, -0.2, 0.25, 0.15, -0.1, 0.2, 0.3})
	x0sv := mat.NewVecDense(5, []float64{0.5, 0.1, -0.2, 0.15, 0.05})
	x0d := mat.NewVecDense(8, []float64{0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3})
	for _, c := range []struct {
		name     string
		g        Parametrization
		x0       *mat.VecDense
		commutes bool
	}{{"u²−v²", diag, x0d, true}, {"UVᵀ", uv, x0uv, false}, {"a·b", sv, x0sv, false}} {
		a, _ := limit(c.g, Z, y, c.x0)
		b, _ := limit(c.g, &SZ, &Sy, c.x0)
		moveS := cmMaxAbs(a, b)
		// Sequential: first row only, then both rows from the weights reached.
		_, xMid := limit(c.g, mat.NewDense(1, 4, Z.RawRowView(0)), mat.NewVecDense(1, []float64{y.AtVec(0)}), c.x0)
		seq, _ := limit(c.g, Z, y, xMid)
		moveSeq := cmMaxAbs(a, seq)
		switch c.name {
		case "u²−v²":
			if !(moveS <= 1e-8) || !(moveSeq <= 1e-8) {
				t.Errorf("%s: limit moved by %.3g (re-expressed), %.3g (sequential); want ≤ 1e-8", c.name, moveS, moveSeq)
			}
		case "UVᵀ":
			if !(moveS >= 1e-3) || !(moveSeq >= 1e-3) {
				t.Errorf("%s: limit moved by only %.3g (re-expressed), %.3g (sequential); want ≥ 1e-3", c.name, moveS, moveSeq)
			}
		case "a·b":
			if !(moveS <= 1e-8) {
				t.Errorf("%s: limit moved by %.3g under re-expression; its invariants pin it (want ≤ 1e-8)", c.name, moveS)
			}
		}
	}
}

// cmMaxAbs returns ‖a − b‖∞.
func cmMaxAbs(a, b mat.Vector) float64 {
	m := 0.0
	for i := 0; i < a.Len(); i++ {
		m = math.Max(m, math.Abs(a.AtVec(i)-b.AtVec(i)))
	}
	return m
}
