package implicitbias

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// planeEuclid is ψ(x) = ½‖x‖² restricted to the hyperplane {1ᵀx = s}: a
// potential this package does not know, standing for the ones other
// packages add (von Neumann entropy on tr X = 1). Its conjugate is
// ψ*(θ) = max_{1ᵀx=s} ⟨θ, x⟩ − ½‖x‖², attained at the Euclidean projection
// x = θ − (mean θ − s/d)·1 of θ onto the hyperplane.
type planeEuclid struct {
	s float64
	// broken selects a faulty Restriction for the error tests.
	broken string
}

func (p planeEuclid) Value(x []float64) float64      { return Euclidean{}.Value(x) }
func (p planeEuclid) Grad(dst, x []float64)          { Euclidean{}.Grad(dst, x) }
func (p planeEuclid) Bregman(x, z []float64) float64 { return Euclidean{}.Bregman(x, z) }
func (p planeEuclid) GradStar(dst, theta []float64) {
	shift := floats.Sum(theta)/float64(len(theta)) - p.s/float64(len(theta))
	for i, v := range theta {
		dst[i] = v - shift
	}
}
func (p planeEuclid) Star(theta []float64) float64 {
	x := make([]float64, len(theta))
	p.GradStar(x, theta)
	return floats.Dot(theta, x) - 0.5*floats.Dot(x, x)
}
func (p planeEuclid) CheckPrimal(x []float64) error {
	if err := checkFinite("x", x, p.String()); err != nil {
		return err
	}
	if s := floats.Sum(x); math.Abs(s-p.s) > 1e-9 {
		return fmt.Errorf("x sums to %v, want %v", s, p.s)
	}
	return nil
}
func (p planeEuclid) CheckDual(theta []float64) error { return checkFinite("theta", theta, p.String()) }
func (p planeEuclid) String() string                  { return fmt.Sprintf("plane-euclidean(s=%g)", p.s) }

func (p planeEuclid) Restriction(d int) (Potential, *mat.Dense, *mat.VecDense) {
	C := mat.NewDense(1, d, nil)
	for j := range d {
		C.Set(0, j, 1)
	}
	c := mat.NewVecDense(1, []float64{p.s})
	switch p.broken {
	case "nil ext":
		return nil, C, c
	case "restricted ext":
		return SimplexEntropy{}, C, c
	case "wide C":
		return Euclidean{}, mat.NewDense(1, d+1, nil), c
	case "NaN c":
		return Euclidean{}, C, mat.NewVecDense(1, []float64{math.NaN()})
	case "nil C":
		return Euclidean{}, nil, c
	}
	return Euclidean{}, C, c
}

// TestAffineRestrictedPotential: Project handles a potential it does not
// know through the AffineRestricted interface. For planeEuclid the
// projection is the Euclidean projection onto {Ax = y, 1ᵀx = s}, which
// NearestInterpolator computes from [A; 1ᵀ] independently (agreement to
// 1e-12: both are backward stable, condition number of [A; 1ᵀ] ≲ 10).
func TestAffineRestrictedPotential(t *testing.T) {
	A, _, y := projData(10, 30, 3, false, 50)
	rng := rand.New(rand.NewPCG(50, 1))
	x0 := mat.NewVecDense(30, nil)
	for i := range 30 {
		x0.SetVec(i, rng.NormFloat64())
	}
	s := 2.0
	x0.AddVec(x0, projConst(30, (s-floats.Sum(x0.RawVector().Data))/30)) // 1ᵀx0 = s
	p := planeEuclid{s: s}
	res, err := Project(p, A, y, x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	aug := mat.NewDense(11, 30, nil)
	aug.Slice(0, 10, 0, 30).(*mat.Dense).Copy(A)
	aug.SetRow(10, projConst(30, 1).RawVector().Data)
	yAug := mat.NewVecDense(11, append(mat.Col(nil, 0, y), s))
	want, err := NearestInterpolator(aug, yAug, x0)
	if err != nil {
		t.Fatal(err)
	}
	if e := projRelDiff(res.X, want); !(e <= 1e-12) {
		t.Errorf("projection differs from the augmented ℓ2 interpolator by %.3g", e)
	}
	if !strings.Contains(res.Method, "appended") {
		t.Errorf("method %q: the Restriction was not used", res.Method)
	}
	if res.Lambda.Len() != 10 {
		t.Errorf("Lambda has length %d, want 10 (rows of A)", res.Lambda.Len())
	}
	checkKKT(t, p, A, y, x0, res.X, 1e-12)

	for _, b := range []string{"nil ext", "restricted ext", "wide C", "NaN c", "nil C"} {
		_, err := Project(planeEuclid{s: s, broken: b}, A, y, x0, nil)
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Restriction %s: error %v, want ErrInvalidInput", b, err)
		}
	}
}

// TestSimplexProjectionTwoRoutes: the KL projection onto {Ax = y} ∩
// simplex computed two ways — through Restriction (NegEntropy with the row
// 1ᵀ appended, dual Newton) and, with the interface hidden, by L-BFGS on
// the log-sum-exp dual of SimplexEntropy itself, whose softmax keeps
// 1ᵀx = 1 built in. Both meet the KKT conditions, so they agree to 1e-12
// (rounding times the dual condition number).
func TestSimplexProjectionTwoRoutes(t *testing.T) {
	Ap, _, _ := projData(20, 50, 3, true, 4)
	rng := rand.New(rand.NewPCG(5, 5))
	xs := mat.NewVecDense(50, nil)
	for i := range 50 {
		xs.SetVec(i, 0.2+rng.Float64())
	}
	xs.ScaleVec(1/floats.Sum(xs.RawVector().Data), xs)
	ys := mat.NewVecDense(20, nil)
	ys.MulVec(Ap, xs)
	x0 := projConst(50, 1.0/50)
	nw, err := Project(SimplexEntropy{}, Ap, ys, x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	lb, err := Project(hidden{SimplexEntropy{}}, Ap, ys, x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lb.Method != "dual-lbfgs" {
		t.Errorf("hidden simplex used %q", lb.Method)
	}
	if e := projRelDiff(lb.X, nw.X); !(e <= 1e-12) {
		t.Errorf("the two simplex routes differ by %.3g", e)
	}
}
