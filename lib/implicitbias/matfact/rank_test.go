package matfact

import (
	"math"
	"testing"
)

// erank(αI_d) = d, erank of a rank-r matrix ≤ r, and one value by hand:
// σ = (2, 1) gives p = (2/3, 1/3) and exp(H) = exp(ln 3 − (2/3) ln 2). The
// hand value catches log base 2 or p_i = σ_i² mistakes (which give 1.8 or
// 1.65 instead of 1.8899).
func TestEffectiveRank(t *testing.T) {
	if e := EffectiveRank([]float64{0.3, 0.3, 0.3, 0.3, 0.3}); !(math.Abs(e-5) <= 1e-12) {
		t.Errorf("erank(0.3 I_5) = %v, want 5", e)
	}
	if e := EffectiveRank([]float64{5, 1e-3, 0, 0}); !(e <= 2) || !(e >= 1) {
		t.Errorf("erank of a rank-2 matrix = %v, want in [1, 2]", e)
	}
	want := math.Exp(math.Log(3) - 2.0/3*math.Log(2))
	if e := EffectiveRank([]float64{2, 1}); !(math.Abs(e-want) <= 1e-14) {
		t.Errorf("erank(2, 1) = %v, want %v", e, want)
	}
	if e := EffectiveRank([]float64{0, 0}); e != 0 {
		t.Errorf("erank(0) = %v, want 0", e)
	}
	if s := StableRank([]float64{2, 1}); !(math.Abs(s-1.25) <= 1e-15) {
		t.Errorf("stable rank (2, 1) = %v, want 1.25", s)
	}
}

// The quadrature used for N ≥ 3 against the closed forms for N = 1, 2 over
// a range of α and θ (a wrong exponent 2 − 2/N or a missing 1/N would be
// off by O(1)); its small-α asymptote α^{−(N−2)}/((N−2)ŷ) for N = 3, 4;
// and the discrete iteration count of the scalar recursion at a tiny step
// (η = 1e-4), which must approach t/η.
func TestHittingTime(t *testing.T) {
	for _, depth := range []int{1, 2} {
		for _, alpha := range []float64{0.5, 0.1, 0.01} {
			for _, theta := range []float64{0.01, 0.5, 0.99} {
				for _, y := range []float64{4, 0.9} {
					closed, err := HittingTime(y, depth, alpha, theta)
					if err != nil {
						t.Fatal(err)
					}
					if math.Pow(alpha, float64(depth)) >= theta*y {
						continue
					}
					q := hittingQuad(y, depth, math.Pow(alpha, float64(depth)), theta)
					if !(math.Abs(q-closed) <= 1e-12*math.Max(1, closed)) {
						t.Errorf("N=%d α=%v θ=%v ŷ=%v: quadrature %v, closed form %v", depth, alpha, theta, y, q, closed)
					}
				}
			}
		}
	}
	for _, depth := range []int{3, 4} {
		const y, alpha = 2.0, 1e-3
		got, _ := HittingTime(y, depth, alpha, 0.5)
		asym := math.Pow(alpha, -float64(depth-2)) / (float64(depth-2) * y)
		// The neglected part of the integral is O(1/ŷ²·ln), tiny next to
		// the 1e3–1e6 leading term: 1% suffices and rejects a factor 2.
		if !(math.Abs(got/asym-1) <= 0.01) {
			t.Errorf("N=%d: t = %v, asymptote %v", depth, got, asym)
		}
	}
	const step = 1e-4
	for _, depth := range []int{2, 3, 4} {
		y := []float64{2}
		tt, _ := HittingTime(y[0], depth, 0.3, 0.5)
		tr, err := ScalarRecursion(y, depth, 0.3, step, int(2*tt/step), 1)
		if err != nil {
			t.Fatal(err)
		}
		k := HittingIterations(tr, y, 0.5)[0]
		// Euler's error over the run is O(η·t) relative: 0.5% at η = 1e-4.
		if !(math.Abs(float64(k)*step/tt-1) <= 0.005) {
			t.Errorf("N=%d: k·η = %v, flow time %v", depth, float64(k)*step, tt)
		}
	}
}

// PlateauWindow and EarlyStop on a hand-made trace.
func TestWindowsOnHandTrace(t *testing.T) {
	tr := &Trace{Iter: []int{0, 10, 20, 30, 40}, Sigma: [][]float64{
		{0.01, 0.001}, {0.5, 0.01}, {0.99, 0.04}, {1, 0.5}, {1, 0.99}}, Dist: []float64{3, 2, 1, 1.5, 2}}
	tg := []float64{1, 1}
	if k := HittingIterations(tr, tg, 0.5); k[0] != 10 || k[1] != 30 {
		t.Errorf("hitting iterations %v, want [10 30]", k)
	}
	w, ok := PlateauWindow(tr, tg, 1, 0.05)
	if !ok || w != (Window{20, 30}) {
		t.Errorf("plateau %v %v, want [20, 30]", w, ok)
	}
	if w.Mid() != 24 {
		t.Errorf("mid %d, want round(√600) = 24", w.Mid())
	}
	if k, d := tr.EarlyStop(); k != 20 || d != 1 {
		t.Errorf("early stop %d %v", k, d)
	}
}
