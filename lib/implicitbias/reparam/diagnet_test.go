package reparam

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// noPanic runs f and turns a panic into an error.
func noPanic(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return f()
}

// TestDiagonalNetFieldsValidated checks that MirrorPotential, DiagonalGD
// and DiagonalFlow reject hand-built networks with empty, mismatched or
// too-shallow weights with an error naming net or the weight.
func TestDiagonalNetFieldsValidated(t *testing.T) {
	A := mat.NewDense(2, 3, []float64{1, 0, 1, 0, 1, 1})
	y := mat.NewVecDense(2, []float64{1, 2})
	ones := mat.NewVecDense(3, []float64{1, 1, 1})
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"MirrorPotential empty net", func() error {
			_, err := (&DiagonalNet{Depth: 2, U: &mat.VecDense{}, V: &mat.VecDense{}}).MirrorPotential()
			return err
		}, "weight"},
		{"MirrorPotential short V", func() error {
			_, err := (&DiagonalNet{Depth: 2, U: mat.NewVecDense(2, []float64{1, 1}), V: mat.NewVecDense(1, []float64{1})}).MirrorPotential()
			return err
		}, "weight"},
		{"DiagonalGD short V", func() error {
			bad := &DiagonalNet{Depth: 2, U: mat.NewVecDense(3, []float64{1, 1, 1}), V: mat.NewVecDense(2, []float64{1, 1})}
			_, err := DiagonalGD(bad, &ib.LeastSquares{A: A, Y: y}, DiagonalSettings{Step: 0.1, MaxIter: 5})
			return err
		}, "differ in length"},
		{"MirrorPotential depth 1", func() error { _, err := (&DiagonalNet{Depth: 1, U: ones, V: ones}).MirrorPotential(); return err }, "depth = 1"},
		{"DiagonalFlow depth 0", func() error {
			_, err := DiagonalFlow(&DiagonalNet{U: ones, V: ones}, &ib.LeastSquares{A: A, Y: y}, ib.FlowSettings{T: 1})
			return err
		}, "depth = 0"},
		{"Beta short V", func() error {
			_, err := (&DiagonalNet{Depth: 2, U: mat.NewVecDense(2, []float64{1, 1}), V: mat.NewVecDense(1, []float64{1})}).Beta()
			return err
		}, "differ in length"},
		{"Beta nil", func() error { _, err := (*DiagonalNet)(nil).Beta(); return err }, "nil"},
		{"huge depth", func() error { _, err := NewUniformDiagonalNet(1<<40, 8, 1); return err }, "depth"},
		{"depth 65", func() error { _, err := NewUniformDiagonalNet(65, 8, 1); return err }, "depth"},
		{"huge d", func() error { _, err := NewUniformDiagonalNet(2, 1<<40, 1); return err }, "dimension d"},
		{"β overflows", func() error { _, err := NewUniformDiagonalNet(2, 3, 1e200); return err }, "alpha"},
		{"hand-built huge depth", func() error {
			_, err := DiagonalGD(&DiagonalNet{Depth: 1 << 40, U: ones, V: ones}, &ib.LeastSquares{A: A, Y: y}, DiagonalSettings{Step: 0.1})
			return err
		}, "depth"},
		{"weight overflows", func() error {
			_, err := NewDiagonalNet(3, mat.NewVecDense(1, []float64{1e120}), mat.NewVecDense(1, []float64{1}))
			return err
		}, "u[0]"},
		{"DiagonalPotential depth", func() error { _, err := DiagonalPotential(1, 0.1); return err }, "depth"},
	} {
		err := noPanic(c.run)
		if !errors.Is(err, ib.ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestNilAndEmptyNets: Dim of a nil or empty network is 0, not a panic.
func TestNilAndEmptyNets(t *testing.T) {
	if d := (&DiagonalNet{}).Dim(); d != 0 {
		t.Errorf("(&DiagonalNet{}).Dim() = %d", d)
	}
	if d := (*DiagonalNet)(nil).Dim(); d != 0 {
		t.Errorf("nil Dim() = %d", d)
	}
}

// TestDiagonalPotentialChoice: depth 2 is the hyperbolic entropy, depth ≥ 3
// the depth potential, with the network's α.
func TestDiagonalPotentialChoice(t *testing.T) {
	p2, err := DiagonalPotential(2, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p2.(*ib.Hypentropy); !ok {
		t.Errorf("depth 2: %v, want hypentropy", p2)
	}
	p3, err := DiagonalPotential(3, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p3.(*ib.DepthPotential); !ok {
		t.Errorf("depth 3: %v, want the depth potential", p3)
	}
}
