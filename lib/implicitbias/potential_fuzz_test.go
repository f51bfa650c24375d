package implicitbias

import (
	"math"
	"testing"
)

// fuzzCheck checks the invariants every potential must satisfy at a pair
// of primal points (x, z): round trip ∇ψ*(∇ψ(x)) = x (tolerance tol
// relative), Fenchel–Young, D(x,z) ≥ 0, finite and D(x,x) = 0.
func fuzzCheck(t *testing.T, p Potential, x, z []float64, tol float64) {
	if p.CheckPrimal(x) != nil || p.CheckPrimal(z) != nil {
		t.Skip()
	}
	th := make([]float64, len(x))
	back := make([]float64, len(x))
	p.Grad(th, x)
	if err := p.CheckDual(th); err != nil {
		t.Skip() // mirror image overflows the float64 range
	}
	p.GradStar(back, th)
	for i := range x {
		if d := math.Abs(back[i] - x[i]); !(d <= tol*math.Abs(x[i])) {
			t.Fatalf("%v: round trip x[%d] = %v → %v", p, i, x[i], back[i])
		}
	}
	v, s, ip := p.Value(x), p.Star(th), dot2(x, th)
	if d := math.Abs(v + s - ip); !(d <= 100*tol*(math.Abs(v)+math.Abs(s)+math.Abs(ip))) {
		t.Fatalf("%v: Fenchel–Young gap %v at x = %v", p, d, x)
	}
	D := p.Bregman(x, z)
	if !(D >= 0) || math.IsInf(D, 0) {
		t.Fatalf("%v: D(x,z) = %v at x = %v, z = %v", p, D, x, z)
	}
	if p.Bregman(x, x) != 0 {
		t.Fatalf("%v: D(x,x) = %v", p, p.Bregman(x, x))
	}
}

// FuzzHypentropy fuzzes α and two 2-d points over a range where the
// dual map does not overflow (tolerance 1e-12, see TestRoundTrip).
func FuzzHypentropy(f *testing.F) {
	f.Add(0.1, 0.3, -2.0, 0.31, -1.9)
	f.Add(1e-3, 1e-9, 40.0, 0.0, 40.000001)
	f.Add(100.0, 1e3, -1e-3, 1e3, 1e-3)
	f.Fuzz(func(t *testing.T, alpha, x0, x1, z0, z1 float64) {
		if !(alpha >= 1e-6 && alpha <= 1e6) || math.Abs(x0) > 1e12 || math.Abs(x1) > 1e12 {
			t.Skip()
		}
		p, err := NewHypentropy(alpha)
		if err != nil {
			t.Fatal(err)
		}
		fuzzCheck(t, p, []float64{x0, x1}, []float64{z0, z1}, 1e-12)
	})
}

// FuzzDepth fuzzes the depth potential; the round-trip tolerance grows
// near the box edge as explained in edgeFactor.
func FuzzDepth(f *testing.F) {
	f.Add(uint8(3), 0.5, 0.3, -2.0, 0.31, -1.9)
	f.Add(uint8(4), 0.1, 1e-9, 4.0, 0.0, 4.000001)
	f.Add(uint8(7), 1.0, 1e-3, -1e-3, 2.0, -5.0)
	f.Fuzz(func(t *testing.T, D uint8, alpha, x0, x1, z0, z1 float64) {
		if D < 3 || D > 10 || !(alpha >= 1e-2 && alpha <= 10) || math.Abs(x0) > 1e6 || math.Abs(x1) > 1e6 {
			t.Skip()
		}
		p, err := NewDepthPotential(int(D), alpha)
		if err != nil {
			t.Fatal(err)
		}
		x := []float64{x0, x1}
		th := make([]float64, 2)
		p.Grad(th, x)
		tol := 1e-12 * math.Max(edgeFactor(p, th[0]), edgeFactor(p, th[1]))
		fuzzCheck(t, p, x, []float64{z0, z1}, tol)
	})
}

// FuzzQPower fuzzes q and the points of the q-power and squared q-norm
// potentials (q in [1.1, 10] keeps |x|^{q} and |θ|^{1/(q−1)} in range; the
// relative condition of θ ↦ |θ|^{1/(q−1)} is 1/(q−1) ≤ 10).
func FuzzQPower(f *testing.F) {
	f.Add(1.5, 0.3, -2.0, 0.31, -1.9)
	f.Add(3.0, 1e-9, 40.0, 0.0, 40.000001)
	f.Add(1.1, -1e-3, 1e-3, 1e-3, 0.0)
	f.Fuzz(func(t *testing.T, q, x0, x1, z0, z1 float64) {
		if !(q >= 1.1 && q <= 10) || math.Abs(x0) > 1e6 || math.Abs(x1) > 1e6 ||
			math.Abs(x0) < 1e-6 || math.Abs(x1) < 1e-6 || math.Abs(z0) > 1e6 || math.Abs(z1) > 1e6 {
			t.Skip()
		}
		fuzzCheck(t, mustPot(NewQPower(q)), []float64{x0, x1}, []float64{z0, z1}, 1e-12)
		fuzzCheck(t, mustPot(NewSquaredQNorm(q)), []float64{x0, x1}, []float64{z0, z1}, 1e-11)
	})
}

// FuzzEntropy fuzzes the negative entropy on the positive orthant.
func FuzzEntropy(f *testing.F) {
	f.Add(0.3, 2.0, 0.31, 1.9)
	f.Add(1e-300, 1e300, 1.0, 1.0)
	f.Fuzz(func(t *testing.T, x0, x1, z0, z1 float64) {
		fuzzCheck(t, NegEntropy{}, []float64{x0, x1}, []float64{z0, z1}, 1e-12)
	})
}
