package implicitbias

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// noPanic runs f and turns a panic into an error, so that a table of
// invalid inputs can assert "an error, never a panic".
func noPanic(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return f()
}

// TestSolversValidateLeastSquares hands the solvers hand-built
// *LeastSquares values (the type has exported fields, so they need not come
// from NewLeastSquares) and checks that each returns an error naming the
// bad field instead of panicking or reporting a spurious divergence.
func TestSolversValidateLeastSquares(t *testing.T) {
	A := mat.NewDense(2, 3, []float64{1, 0, 1, 0, 1, 1})
	y := mat.NewVecDense(2, []float64{1, 2})
	x0 := mat.NewVecDense(3, nil)
	nanA := mat.NewDense(2, 3, []float64{1, 0, math.NaN(), 0, 1, 1})
	shortY := &LeastSquares{A: A, Y: mat.NewVecDense(1, []float64{1})}
	nanLS := &LeastSquares{A: nanA, Y: y}
	emptyLS := &LeastSquares{A: &mat.Dense{}, Y: &mat.VecDense{}}
	md := DescentSettings{Step: 0.1, MaxIter: 5}
	fl := FlowSettings{T: 1}
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"MirrorDescent short Y", func() error { _, err := MirrorDescent(Euclidean{}, shortY, x0, md); return err }, "y has length 1"},
		{"MirrorDescent NaN A", func() error { _, err := MirrorDescent(Euclidean{}, nanLS, x0, md); return err }, "A[0,2] = NaN"},
		{"MirrorDescent empty", func() error { _, err := MirrorDescent(Euclidean{}, emptyLS, x0, md); return err }, "A is nil or empty"},
		{"MirrorFlow NaN A", func() error { _, err := MirrorFlow(Euclidean{}, nanLS, x0, fl); return err }, "A[0,2] = NaN"},
		{"Smoothness short Y", func() error { _, err := shortY.Smoothness(); return err }, "y has length 1"},
	} {
		err := noPanic(c.run)
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want ErrInvalidInput containing %q", c.name, err, c.want)
		}
	}
}

// TestProjectionsRejectEmptyA checks that Project, NearestInterpolator and
// BasisPursuit reject an empty (zero-value) matrix and missing or
// non-finite y with an error instead of a panic inside gonum.
func TestProjectionsRejectEmptyA(t *testing.T) {
	A := mat.NewDense(2, 3, []float64{1, 0, 1, 0, 1, 1})
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"Project empty A", func() error {
			_, err := Project(Euclidean{}, &mat.Dense{}, &mat.VecDense{}, &mat.VecDense{}, nil)
			return err
		}, "A is nil or empty"},
		{"NearestInterpolator empty A", func() error {
			_, err := NearestInterpolator(&mat.Dense{}, &mat.VecDense{}, nil)
			return err
		}, "A is nil or empty"},
		{"BasisPursuit empty A", func() error { _, err := BasisPursuit(&mat.Dense{}, &mat.VecDense{}); return err }, "A is nil or empty"},
		{"BasisPursuit nil y", func() error { _, err := BasisPursuit(A, nil); return err }, "y is nil"},
		{"NearestInterpolator nil y", func() error { _, err := NearestInterpolator(A, nil, nil); return err }, "y is nil"},
		{"NearestInterpolator NaN y", func() error {
			_, err := NearestInterpolator(A, mat.NewVecDense(2, []float64{math.NaN(), 0}), nil)
			return err
		}, "y[0] = NaN"},
	} {
		err := noPanic(c.run)
		if err == nil || strings.HasPrefix(err.Error(), "panic") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestUnusablePotentialsRejected checks that typed-nil and zero-value
// (not built by their constructor) potentials give an error naming p from
// every entry point that takes a potential, instead of a nil-pointer panic
// or NaN arithmetic with q = 0 or α = 0.
func TestUnusablePotentialsRejected(t *testing.T) {
	A := mat.NewDense(2, 3, []float64{1, 0, 1, 0, 1, 1})
	y := mat.NewVecDense(2, []float64{1, 2})
	x0 := mat.NewVecDense(3, nil)
	ls := &LeastSquares{A: A, Y: y}
	for _, p := range []Potential{(*Hypentropy)(nil), &Hypentropy{}, &QPower{}, &SquaredQNorm{}, &DepthPotential{}, (*SimplexEntropy)(nil)} {
		for _, c := range []struct {
			name string
			run  func() error
		}{
			{"Project", func() error { _, err := Project(p, A, y, x0, nil); return err }},
			{"MirrorDescent", func() error { _, err := MirrorDescent(p, ls, x0, DescentSettings{Step: 0.1, MaxIter: 3}); return err }},
			{"MirrorFlow", func() error { _, err := MirrorFlow(p, ls, x0, FlowSettings{T: 1}); return err }},
			{"Recorder", func() error {
				rec := &Recorder{Every: 1, Reference: x0, Potential: p}
				_, err := MirrorDescent(Euclidean{}, ls, x0, DescentSettings{Step: 0.1, MaxIter: 3, Recorder: rec})
				return err
			}},
		} {
			err := noPanic(c.run)
			if err == nil || strings.HasPrefix(err.Error(), "panic") || !strings.Contains(err.Error(), "constructor") {
				t.Errorf("%s(%T %p): error %v, want one about the constructor", c.name, p, p, err)
			}
		}
	}
}

// TestErrorsHavePackagePrefix checks the error style of the exported
// entry points: "implicitbias: " followed by the function and parameter.
func TestErrorsHavePackagePrefix(t *testing.T) {
	A := mat.NewDense(2, 3, []float64{1, 0, 1, 0, 1, 1})
	y := mat.NewVecDense(2, []float64{1, 2})
	bad := mat.NewVecDense(3, nil)
	for _, c := range []struct{ want, got error }{
		{errors.New("NewQPower: q = 1"), errOf(NewQPower(1))},
		{errors.New("NewSquaredQNorm: q = 0.5"), errOf(NewSquaredQNorm(0.5))},
		{errors.New("NewHypentropy: alpha = 0"), errOf(NewHypentropy(0))},
		{errors.New("NewDepthPotential: depth = 2"), errOf(NewDepthPotential(2, 1))},
		{errors.New("NewDepthPotential: alpha = -1"), errOf(NewDepthPotential(3, -1))},
		{errors.New("Project: x0 is nil"), errOf(Project(Euclidean{}, A, y, nil, nil))},
		{errors.New("Project(negentropy): "), errOf(Project(NegEntropy{}, A, mat.NewVecDense(2, []float64{-1, -1}), mat.NewVecDense(3, []float64{1, 1, 1}), nil))},
		{errors.New("ProjectPath: potential(alphas[0] = 0)"), errOf(ProjectPath([]float64{0}, func(a float64) (Potential, error) { return NewHypentropy(a) }, A, y, bad))},
		{errors.New("NearestInterpolator: y is nil"), errOf(NearestInterpolator(A, nil, nil))},
		{errors.New("BasisPursuit: y is nil"), errOf(BasisPursuit(A, nil))},
	} {
		if c.got == nil || !strings.HasPrefix(c.got.Error(), "implicitbias: "+c.want.Error()) {
			t.Errorf("error %v, want one starting %q", c.got, "implicitbias: "+c.want.Error())
		}
	}
}
