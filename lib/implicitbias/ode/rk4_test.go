package ode_test

import (
	"math"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias/ode"
)

// Halving h divides the global error of a 4th-order method by 2⁴ = 16; the
// log ratios over four doublings must average 4 ± 0.3 (a 3rd-order method
// gives 3, a 5th-order 5).
func TestRK4Order(t *testing.T) {
	var ln, le []float64
	for _, n := range []int{20, 40, 80, 160, 320} {
		r, err := ode.RK4(gaussian(3), n, ode.Settings{})
		if err != nil {
			t.Fatal(err)
		}
		if want := 4*n + 1; r.Stats.RHSCalls != want || r.Stats.Steps != n {
			t.Errorf("n=%d: %+v, want %d steps and %d calls", n, r.Stats, n, want)
		}
		ln = append(ln, math.Log(float64(n)))
		le = append(le, math.Log(math.Abs(r.Y[0]-math.Exp(-9))))
	}
	p := -slope(ln, le)
	t.Logf("measured order %.3f", p)
	if !(math.Abs(p-4) <= 0.3) {
		t.Errorf("measured order %.3f, want 4 ± 0.3", p)
	}
}

// Output on the grid returns exactly the states of the steps: compare with an
// independent hand-written RK4 on the rotation (bit-for-bit is not promised,
// 1e-14 is rounding level).
func TestRK4OutputGrid(t *testing.T) {
	const steps = 16
	h := 2.0 / steps
	out := []float64{0, 0.5, 1.25, 2}
	r, err := ode.RK4(rotation(2), steps, ode.Settings{Output: out})
	if err != nil {
		t.Fatal(err)
	}
	// One RK4 step of y' = Ay, A the rotation generator, multiplies y by
	// the degree-4 Taylor polynomial of exp(hA).
	c := 1 - h*h/2 + h*h*h*h/24
	s := h - h*h*h/6
	y := [2]float64{1, 0}
	row := 0
	for k := 0; k <= steps; k++ {
		if row < len(out) && math.Abs(float64(k)*h-out[row]) < 1e-12 {
			if !(math.Abs(r.Output.At(row, 0)-y[0]) <= 1e-14) || !(math.Abs(r.Output.At(row, 1)-y[1]) <= 1e-14) {
				t.Errorf("t=%v: output %v, want %v", out[row], r.Output.RawRowView(row), y)
			}
			row++
		}
		y = [2]float64{c*y[0] - s*y[1], s*y[0] + c*y[1]}
	}
	if row != len(out) {
		t.Fatalf("matched %d of %d output times", row, len(out))
	}
	if _, err := ode.RK4(rotation(2), steps, ode.Settings{Output: []float64{0.1}}); err == nil {
		t.Error("an output time off the grid was accepted")
	}
}
