package reparam

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// cmFamily is a closed-form family with a start x0.
type cmFamily struct {
	name string
	g    ClosedForm
	x0   []float64
}

// cmFamilies returns every closed-form family of the package on d
// coordinates, from generic starts (rows 1, 1', 2, 3, 4, 5 of the worked
// examples, and the balanced three-layer product).
func cmFamilies(t *testing.T, d int) []cmFamily {
	t.Helper()
	rng := rand.New(rand.NewPCG(11, 12))
	pos := func(k int, s float64) []float64 {
		x := make([]float64, k)
		for i := range x {
			x[i] = s * math.Exp(0.3*rng.NormFloat64())
		}
		return x
	}
	uniform := func(k int, a float64) []float64 {
		x := make([]float64, k)
		for i := range x {
			x[i] = a
		}
		return x
	}
	must := func(g ClosedForm, err error) ClosedForm {
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	diag2 := must(NewDiagonalMap(2, d))
	diag3 := must(NewDiagonalMap(3, d))
	pow2 := must(NewPowerMap(2, d))
	pow3 := must(NewPowerMap(3, d))
	prod2 := must(NewProductMap(2, d))
	prod3 := must(NewProductMap(3, d))
	mixed := pos(2*d, 0.5)
	for i := 0; i < d; i += 2 {
		mixed[d+i] = -mixed[d+i] // u_i v_i < 0 on some coordinates
	}
	general := append(pos(d, 0.8), pos(d, 0.3)...) // δ = u² − v² > 0
	bal := pos(d, 0.7)
	balanced := append(append(append([]float64(nil), bal...), bal...), bal...)
	return []cmFamily{
		{"u²−v², u=v=α (hypentropy)", diag2, uniform(2*d, 0.5)},
		{"u²−v², general start", diag2, mixed},
		{"u³−v³, u=v=α (depth potential)", diag3, uniform(2*d, 0.8)},
		{"u², u>0", pow2, pos(d, 0.8)},
		{"u³, u>0", pow3, pos(d, 0.8)},
		{"u⊙v, δ≠0", prod2, general},
		{"x₁⊙x₂⊙x₃ balanced", prod3, balanced},
	}
}

// cmProblem returns a Gaussian least-squares problem with n rows in d
// dimensions whose right-hand side is reachable (y = Z w* with w* > 0 for
// the positive families).
func cmProblem(t *testing.T, n, d int, seed uint64) (*mat.Dense, *mat.VecDense, *ib.LeastSquares) {
	t.Helper()
	Z, err := planted.GaussianDesign(n, d, seed)
	if err != nil {
		t.Fatal(err)
	}
	ws := make([]float64, d)
	for i := range ws {
		ws[i] = 0.5 + float64(i%3)*0.4
	}
	y := mat.NewVecDense(n, nil)
	y.MulVec(Z, mat.NewVecDense(d, ws))
	ls, err := ib.NewLeastSquares(Z, y)
	if err != nil {
		t.Fatal(err)
	}
	return Z, y, ls
}

// ∇²R(G(x)) = (∂G∂Gᵀ)⁻¹ at points reached by gradient flow from x0 (on the
// conserved set), for every closed-form family. The flow is integrated to
// rtol 1e-12, so the conserved quantities drift by ~1e-11; 1e-8 relative
// leaves that margin and fails a factor 2 or a wrong exponent in any
// Hessian.
func TestHessianIsInverseGram(t *testing.T) {
	const d = 4
	_, _, ls := cmProblem(t, 2, d, 3)
	for _, f := range cmFamilies(t, d) {
		pot, err := f.g.MirrorPotential(f.x0)
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		sep := pot.(ib.Separable)
		times := []float64{0, 0.5, 2, 5}
		tr, err := GradientFlow(f.g, ls, mat.NewVecDense(len(f.x0), f.x0), ib.FlowSettings{T: 5, Times: times, RTol: 1e-12, ATol: 1e-14})
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		for k := range times {
			K, err := JacobianGram(f.g, mat.NewVecDense(len(f.x0), tr.Weights.RawRowView(k)))
			if err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			h := make([]float64, d)
			sep.HessDiag(h, tr.X.RawRowView(k))
			for i := 0; i < d; i++ {
				for j := 0; j < d; j++ {
					want := 0.0
					if i == j {
						want = 1 / h[i]
					}
					if got := K.At(i, j); !(math.Abs(got-want) <= 1e-8*math.Abs(1/h[i])) {
						t.Errorf("%s, t=%g: (∂G∂Gᵀ)[%d,%d] = %.12g, (∇²R)⁻¹ = %.12g", f.name, times[k], i, j, got, want)
					}
				}
			}
			// ∇R(w(t)) also equals the accumulated −∫∇L: it lies in range(Zᵀ)
			// only for the flow, not checked here; the flows test compares
			// whole trajectories.
		}
	}
}

// Bracket scores: ≤ 1e-7 (central differences of analytic Jacobians) for
// the commuting families at 20 random points, ≥ 1e-2 for a·b, UVᵀ and a
// quadratic map with non-commuting matrices.
func TestBracketScores(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	points := func(D int) *mat.Dense {
		P := mat.NewDense(20, D, nil)
		for k := 0; k < 20; k++ {
			for j := 0; j < D; j++ {
				P.Set(k, j, 0.3+rng.Float64()) // positive: inside every family's domain
			}
		}
		return P
	}
	const d = 4
	for _, f := range cmFamilies(t, d) {
		D, _ := f.g.Dims()
		b, err := BracketScore(f.g, points(D))
		if err != nil {
			t.Fatal(err)
		}
		if !(b.Score <= 1e-7) {
			t.Errorf("%s: bracket score %.3g > 1e-7 for a commuting map", f.name, b.Score)
		}
	}
	comm, non := cmQuadratics(t)
	b, err := BracketScore(comm, points(4))
	if err != nil {
		t.Fatal(err)
	}
	if !(b.Score <= 1e-7) {
		t.Errorf("quadratic with commuting matrices: score %.3g > 1e-7", b.Score)
	}
	sv, _ := NewScaledVectorMap(3)
	uv, _ := NewMatrixProductMap(2, 2, 2)
	for _, c := range []struct {
		name string
		g    Parametrization
	}{{"a·b", sv}, {"UVᵀ", uv}, {"quadratic, non-commuting", non}} {
		D, _ := c.g.Dims()
		b, err := BracketScore(c.g, points(D))
		if err != nil {
			t.Fatal(err)
		}
		if !(b.Score >= 1e-2) {
			t.Errorf("%s: bracket score %.3g < 1e-2 for a non-commuting map", c.name, b.Score)
		}
	}
}

// cmQuadratics returns a quadratic map on ℝ⁴ with three commuting matrices
// (diagonal in one random orthonormal basis) and one with generic
// symmetric matrices.
func cmQuadratics(t *testing.T) (comm, non *QuadraticMap) {
	t.Helper()
	rng := rand.New(rand.NewPCG(31, 32))
	n := 4
	G := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			G.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(G)
	var Q mat.Dense
	qr.QTo(&Q)
	var ca, na []*mat.SymDense
	for k := 0; k < 3; k++ {
		L := mat.NewDiagDense(n, nil)
		for i := 0; i < n; i++ {
			L.SetDiag(i, rng.NormFloat64())
		}
		var m mat.Dense
		m.Mul(&Q, L)
		m.Mul(&m, Q.T())
		s := mat.NewSymDense(n, nil)
		r := mat.NewSymDense(n, nil)
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				s.SetSym(i, j, 0.5*(m.At(i, j)+m.At(j, i)))
				r.SetSym(i, j, rng.NormFloat64())
			}
		}
		ca, na = append(ca, s), append(na, r)
	}
	var err error
	if comm, err = NewQuadraticMap(ca); err != nil {
		t.Fatal(err)
	}
	if non, err = NewQuadraticMap(na); err != nil {
		t.Fatal(err)
	}
	return comm, non
}

// The bracket of a quadratic map is (AⱼAᵢ − AᵢAⱼ)x in closed form: the
// differenced bracket matches it (a sign flip or a swapped index fails).
func TestLieBracketQuadratic(t *testing.T) {
	_, non := cmQuadratics(t)
	x := mat.NewVecDense(4, []float64{0.3, -1.1, 0.7, 0.2})
	got := make([]float64, 4)
	if err := LieBracket(got, non, x, 0, 2); err != nil {
		t.Fatal(err)
	}
	var m1, m2 mat.Dense
	m1.Mul(non.a[2], non.a[0])
	m2.Mul(non.a[0], non.a[2])
	m1.Sub(&m1, &m2)
	var want mat.VecDense
	want.MulVec(&m1, x)
	diff := make([]float64, 4)
	floats.SubTo(diff, got, want.RawVector().Data)
	// Central differences of a linear field are exact up to rounding.
	if e := floats.Norm(diff, 2) / mat.Norm(&want, 2); !(e <= 1e-8) {
		t.Errorf("bracket of the quadratic map off by %.3g relative", e)
	}
}

// Order swap: for a·b at (1; 0.5, −0.3, 0.2) and ε = 0.1 the gap is the
// predicted ε²‖[∇G₀,∇G₁]‖ up to O(ε³) (10 %); with ε = 1e-3 the gap vector
// divided by ε² is the bracket to 1e-2; a commuting map has gap ≤ 1e-12.
func TestOrderSwap(t *testing.T) {
	sv, _ := NewScaledVectorMap(3)
	x := mat.NewVecDense(4, []float64{1, 0.5, -0.3, 0.2})
	sw, err := OrderSwap(sv, x, 0, 1, 0.1, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !(math.Abs(sw.Gap-sw.Predicted) <= 0.1*sw.Predicted) || !(sw.Gap >= 1e-3) {
		t.Errorf("a·b: gap %.4g vs predicted %.4g", sw.Gap, sw.Predicted)
	}
	const eps = 1e-3
	sw, err = OrderSwap(sv, x, 0, 1, eps, 1)
	if err != nil {
		t.Fatal(err)
	}
	br := make([]float64, 4)
	if err := LieBracket(br, sv, x, 0, 1); err != nil {
		t.Fatal(err)
	}
	diff := make([]float64, 4)
	for k := range diff {
		diff[k] = (sw.IJ.AtVec(k)-sw.JI.AtVec(k))/(eps*eps) - br[k]
	}
	if e := floats.Norm(diff, 2) / floats.Norm(br, 2); !(e <= 1e-2) {
		t.Errorf("a·b: (IJ − JI)/ε² differs from the bracket by %.3g relative (sign or order of the flows?)", e)
	}
	g, _ := NewDiagonalMap(2, 3)
	sw, err = OrderSwap(g, mat.NewVecDense(6, []float64{1, 0.5, 0.3, 0.2, 0.7, 1.1}), 0, 1, 0.1, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !(sw.Gap <= 1e-12) {
		t.Errorf("u²−v²: order-swap gap %.3g, want ≤ 1e-12", sw.Gap)
	}
}

// Bad input gets an error wrapping ErrInvalidInput: an output dimension
// that disagrees with the data, a NaN in a Jacobian, a singular ∂G∂Gᵀ, a
// non-commuting G handed to ProjectCommuting, nil and typed-nil maps.
func TestBadInput(t *testing.T) {
	Z, y, ls := cmProblem(t, 2, 4, 3)
	g3, _ := NewDiagonalMap(2, 3)
	s := ib.FlowSettings{T: 1}
	if _, err := GradientFlow(g3, ls, mat.NewVecDense(6, []float64{1, 1, 1, 1, 1, 1}), s); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("output dimension 3 vs data 4: err = %v", err)
	}
	nanJac, _ := NewFuncMap(4, 4, func(dst, x []float64) { copy(dst, x) }, func(dst *mat.Dense, x []float64) {
		dst.Zero()
		dst.Set(1, 2, math.NaN())
	})
	if _, err := GradientFlow(nanJac, ls, mat.NewVecDense(4, []float64{1, 1, 1, 1}), s); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("NaN Jacobian: err = %v", err)
	}
	g4, _ := NewDiagonalMap(2, 4)
	if _, err := JacobianGram(g4, mat.NewVecDense(8, nil)); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("singular ∂G∂Gᵀ at u = v = 0: err = %v", err)
	}
	sv, _ := NewScaledVectorMap(4)
	if _, err := ProjectCommuting(sv, Z, y, mat.NewVecDense(5, []float64{1, 0.1, 0.2, 0.3, 0.4}), nil); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("non-commuting a·b in ProjectCommuting: err = %v", err)
	}
	if _, err := ProjectCommuting(g4, Z, y, mat.NewVecDense(8, nil), nil); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("singular start in ProjectCommuting: err = %v", err)
	}
	if _, err := BracketScore(nil, mat.NewDense(1, 1, nil)); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("nil map: err = %v", err)
	}
	if _, err := BracketScore((*DiagonalMap)(nil), mat.NewDense(1, 1, nil)); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("typed nil map: err = %v", err)
	}
	if _, err := GradientFlow(g4, ls, mat.NewVecDense(8, []float64{1, 1, math.Inf(1), 1, 1, 1, 1, 1}), s); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("Inf weight: err = %v", err)
	}
	if _, err := NewDiagonalMap(2, 1<<28); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("absurd size: err = %v", err)
	}
	if _, err := g4.MirrorPotential([]float64{1, 0, 1, 1, 1, 1, 1, 1}); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("u0·v0 = 0 has no asinh potential: err = %v", err)
	}
	if _, err := NewAsinhPotential(0.25, []float64{1, -1}, []float64{0, 0}); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("negative width: err = %v", err)
	}
	if _, err := NewPowerPotential(3, 9, []float64{1, 0}); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("zero reference: err = %v", err)
	}
}

// The bracket refuses sizes whose d Jacobians of d×D would not fit, before
// allocating them.
func TestBracketSizeGuard(t *testing.T) {
	g, err := NewDiagonalMap(2, 1<<12)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BracketScore(g, mat.NewDense(1, 1<<13, nil)); !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("d = 4096, D = 8192: err = %v", err)
	}
}

// More bad input, each refused with ErrInvalidInput naming the parameter.
func TestBadInputMore(t *testing.T) {
	Z, y, _ := cmProblem(t, 2, 4, 3)
	g3, _ := NewDiagonalMap(2, 3)
	g4, _ := NewDiagonalMap(2, 4)
	ones8 := mat.NewVecDense(8, []float64{1, 1, 1, 1, 1, 1, 1, 1})
	cases := map[string]error{}
	_, cases["ProjectCommuting: Z has 4 columns, g outputs 3"] = ProjectCommuting(g3, Z, y, mat.NewVecDense(6, []float64{1, 1, 1, 1, 1, 1}), nil)
	_, cases["ProjectCommuting: y has the wrong length"] = ProjectCommuting(g4, Z, mat.NewVecDense(3, nil), ones8, nil)
	_, cases["ProjectCommuting: NaN in y"] = ProjectCommuting(g4, Z, mat.NewVecDense(2, []float64{1, math.NaN()}), ones8, nil)
	_, cases["ProjectCommuting: Tol ≥ 1"] = ProjectCommuting(g4, Z, y, ones8, &ib.ProjectSettings{Tol: 2})
	_, cases["OrderSwap: eps ≤ 0"] = OrderSwap(g4, ones8, 0, 1, 0, 1)
	_, cases["OrderSwap: coordinate out of range"] = OrderSwap(g4, ones8, 0, 9, 0.1, 1)
	_, cases["NewArcLengthMap: nil hess"] = NewArcLengthMap(nil, 1, 0, 2, 1)
	_, cases["NewArcLengthMap: w0 outside the domain"] = NewArcLengthMap(func(w float64) float64 { return 1 / w }, -1, 0, math.Inf(1), 1)
	_, cases["NewFuncMap: nil map"] = NewFuncMap(2, 2, nil, nil)
	_, cases["NewQuadraticMap: mismatched sizes"] = NewQuadraticMap([]*mat.SymDense{mat.NewSymDense(2, nil), mat.NewSymDense(3, nil)})
	_, cases["BracketScore: wrong number of columns"] = BracketScore(g4, mat.NewDense(1, 7, nil))
	cases["LieBracket: dst of wrong length"] = LieBracket(make([]float64, 3), g4, ones8, 0, 1)
	_, cases["CompareFlows: nil objective"] = CompareFlows(g4, nil, ones8, ib.FlowSettings{T: 1})
	for name, err := range cases {
		if !errors.Is(err, ib.ErrInvalidInput) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
