package spectral

import (
	"errors"

	"math"
	"math/rand/v2"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias"
)

// spectralCases returns the spectral potentials at the shapes the tests
// use: square, tall and wide (the non-square ones exercise the null-space
// terms of Bregman).
func spectralCases(t *testing.T) []matPot {
	t.Helper()
	var out []matPot
	for _, sh := range [][2]int{{6, 6}, {7, 4}, {3, 5}} {
		r, c := sh[0], sh[1]
		must := func(p matPot, err error) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p)
		}
		must(NewFrobenius(r, c))
		for _, p := range []float64{1.1, 1.5, 2} {
			must(NewSchattenPower(r, c, p))
		}
		for _, p := range []float64{1.2, 1.7} {
			must(NewSquaredSchatten(r, c, p))
		}
		for _, b := range []float64{1e-2, 1} {
			must(NewSpectralHypentropy(r, c, b))
		}
	}
	return out
}

// testMatrices returns matrices with generic, repeated, tiny and zero
// singular values for a potential of shape r×c.
func testMatrices(rng *rand.Rand, r, c int) [][]float64 {
	k := min(r, c)
	generic := make([]float64, k)
	repeated := make([]float64, k)
	tiny := make([]float64, k)
	deficient := make([]float64, k)
	for i := range k {
		generic[i] = 2.5 / float64(i+1)
		repeated[i] = 0.7
		tiny[i] = math.Pow(10, -float64(2*i))
		if i < k/2 {
			deficient[i] = 1 + float64(i)
		}
	}
	return [][]float64{
		withSingularValues(rng, r, c, generic),
		withSingularValues(rng, r, c, repeated),
		withSingularValues(rng, r, c, tiny),
		withSingularValues(rng, r, c, deficient),
	}
}

// TestRoundTrip checks ∇ψ*(∇ψ(W)) = W to 1e-10 relative: a wrong inverse
// exponent (1/p instead of 1/(p−1)), a sinh/arcsinh scale mismatch or
// singular vectors paired wrongly (U with Uᵀ) would be off by O(1).
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, p := range spectralCases(t) {
		r, c := p.Shape()
		for k, W := range testMatrices(rng, r, c) {
			th := make([]float64, len(W))
			back := make([]float64, len(W))
			p.Grad(th, W)
			p.GradStar(back, th)
			// The tiny-σ matrix has σ down to 1e-10·σ₁; the error is
			// measured relative to ‖W‖_F, the scale of the rounding in
			// the SVD.
			if e := relDiff(back, W); !(e <= 1e-10) {
				t.Errorf("%v matrix %d: ‖∇ψ*(∇ψ(W)) − W‖/‖W‖ = %.2g", p, k, e)
			}
		}
	}
}

// TestFenchelYoung checks ψ(W) + ψ*(∇ψ(W)) = ⟨W, ∇ψ(W)⟩ (equality case of
// Fenchel–Young), which a wrong conjugate (a missing 1/q, cosh instead of
// cosh − 1) breaks by O(1).
func TestFenchelYoung(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, p := range spectralCases(t) {
		r, c := p.Shape()
		for k, W := range testMatrices(rng, r, c) {
			th := make([]float64, len(W))
			p.Grad(th, W)
			lhs := p.Value(W) + p.Star(th)
			rhs := dot(W, th)
			// Three terms of size ~|rhs|, each with relative rounding
			// ~1e-15·k: 1e-11 relative to their size.
			scale := math.Abs(p.Value(W)) + math.Abs(p.Star(th)) + math.Abs(rhs)
			if !(math.Abs(lhs-rhs) <= 1e-11*scale) {
				t.Errorf("%v matrix %d: ψ + ψ* = %.15g, ⟨W, ∇ψ⟩ = %.15g", p, k, lhs, rhs)
			}
		}
	}
}

// TestGradFiniteDifference checks ⟨∇ψ(W), E⟩ against a central difference
// of ψ, which a factor error or a transposed mirror map fails.
func TestGradFiniteDifference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, p := range spectralCases(t) {
		r, c := p.Shape()
		W := testMatrices(rng, r, c)[0] // well-separated σ, none zero
		E := gaussian(rng, len(W), 1)
		th := make([]float64, len(W))
		p.Grad(th, W)
		const h = 1e-5
		wp, wm := make([]float64, len(W)), make([]float64, len(W))
		for i := range W {
			wp[i], wm[i] = W[i]+h*E[i], W[i]-h*E[i]
		}
		fd := (p.Value(wp) - p.Value(wm)) / (2 * h)
		// Central difference: truncation O(h²) ≈ 1e-10, rounding
		// eps·ψ/h ≈ 1e-10; 1e-7 relative is far below a factor error.
		if want := dot(th, E); !(math.Abs(fd-want) <= 1e-7*(1+math.Abs(want))) {
			t.Errorf("%v: finite difference %.12g, ⟨∇ψ(W), E⟩ = %.12g", p, fd, want)
		}
	}
}

// TestBregmanTextbook checks the dilation form of Bregman against the
// textbook ψ(X) − ψ(Z) − ⟨∇ψ(Z), X − Z⟩ on well separated points, which
// catches a swapped (α+β)/(α−β) weight, a missing ½ on the null-space terms
// of non-square matrices, or a D_f(x, z) with its arguments swapped.
func TestBregmanTextbook(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, p := range spectralCases(t) {
		r, c := p.Shape()
		Ms := testMatrices(rng, r, c)
		for a, X := range Ms {
			for b, Z := range Ms {
				if a == b {
					continue
				}
				g := make([]float64, len(Z))
				p.Grad(g, Z)
				var ip float64
				for i := range X {
					ip += g[i] * (X[i] - Z[i])
				}
				want := p.Value(X) - p.Value(Z) - ip
				got := p.Bregman(X, Z)
				scale := math.Abs(p.Value(X)) + math.Abs(p.Value(Z)) + math.Abs(ip)
				// Textbook rounding ~1e-15·scale; both forms agree to
				// 1e-11 of the terms' size.
				if !(got >= 0) || !(math.Abs(got-want) <= 1e-11*scale) {
					t.Errorf("%v X%d Z%d: Bregman %.15g, textbook %.15g", p, a, b, got, want)
				}
			}
		}
	}
}

// TestBregmanNearDiagonal checks that D_ψ(Z + εE, Z) keeps its relative
// accuracy as ε → 0: D/ε² must approach ½⟨E, ∇²ψ(Z)E⟩, so the ratio at
// ε = 1e-6 and ε = 1e-4 agrees to 1e-3 (the O(ε) Taylor term); the textbook
// formula would lose all digits at ε = 1e-6 (D ~ 1e-12 from terms ~ 1).
func TestBregmanNearDiagonal(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, p := range spectralCases(t) {
		r, c := p.Shape()
		Z := testMatrices(rng, r, c)[0]
		E := gaussian(rng, len(Z), 1)
		ratio := func(eps float64) float64 {
			X := make([]float64, len(Z))
			for i := range Z {
				X[i] = Z[i] + eps*E[i]
			}
			return p.Bregman(X, Z) / (eps * eps)
		}
		a, b := ratio(1e-4), ratio(1e-6)
		if !(b > 0) || !(math.Abs(a-b) <= 1e-3*b) {
			t.Errorf("%v: D/ε² = %.10g at ε=1e-4, %.10g at ε=1e-6", p, a, b)
		}
	}
}

// TestDiagonalAgreesWithVector checks that on diagonal matrices (with
// negative entries, so that signs move into the singular vectors) every
// spectral potential equals its vector counterpart on the diagonal:
// Schatten-p power ↔ QPower(p), squared Schatten ↔ SquaredQNorm(p),
// spectral hypentropy(β) ↔ 4·Hypentropy(α = √(β/2)), von Neumann ↔
// NegEntropy (positive diagonal). Value, Grad, Star and Bregman are compared.
func TestDiagonalAgreesWithVector(t *testing.T) {
	const n = 5
	x := []float64{1.3, -0.4, 2e-3, -2.2, 0.9}
	z := []float64{-0.7, 0.5, 1.1, -3e-4, 0.05}
	pos := []float64{1.3, 0.4, 2e-3, 2.2, 0.9}
	posZ := []float64{0.7, 0.5, 1.1, 3e-4, 0.05}
	diag := func(v []float64) []float64 {
		m := make([]float64, n*n)
		for i, e := range v {
			m[i*n+i] = e
		}
		return m
	}
	type pair struct {
		mat   matPot
		vec   implicitbias.Potential
		scale float64 // ψ_mat = scale·ψ_vec, θ_mat = scale·θ_vec
		x, z  []float64
	}
	var cases []pair
	for _, p := range []float64{1.2, 1.5} {
		m, _ := NewSchattenPower(n, n, p)
		v, _ := implicitbias.NewQPower(p)
		cases = append(cases, pair{m, v, 1, x, z})
		ms, _ := NewSquaredSchatten(n, n, p)
		vs, _ := implicitbias.NewSquaredQNorm(p)
		cases = append(cases, pair{ms, vs, 1, x, z})
	}
	for _, b := range []float64{1e-2, 0.5} {
		m, _ := NewSpectralHypentropy(n, n, b)
		v, _ := implicitbias.NewHypentropy(math.Sqrt(b / 2))
		cases = append(cases, pair{m, v, 4, x, z})
	}
	vn, _ := NewVonNeumann(n)
	cases = append(cases, pair{vn, implicitbias.NegEntropy{}, 1, pos, posZ})
	for _, c := range cases {
		X, Z := diag(c.x), diag(c.z)
		close := func(what string, got, want float64) {
			// Both sides are closed forms on the same numbers; the SVD
			// adds rounding ~1e-15 relative.
			if !(math.Abs(got-want) <= 1e-12*(math.Abs(want)+1e-300)) {
				t.Errorf("%v: %s = %.15g, vector %.15g", c.mat, what, got, want)
			}
		}
		close("ψ", c.mat.Value(X), c.scale*c.vec.Value(c.x))
		close("D_ψ", c.mat.Bregman(X, Z), c.scale*c.vec.Bregman(c.x, c.z))
		g := make([]float64, n*n)
		c.mat.Grad(g, X)
		gv := make([]float64, n)
		c.vec.Grad(gv, c.x)
		for i := range n {
			for j := range n {
				want := 0.0
				if i == j {
					want = c.scale * gv[i]
				}
				if !(math.Abs(g[i*n+j]-want) <= 1e-12*(1+math.Abs(want))) {
					t.Errorf("%v: ∇ψ[%d,%d] = %.15g, want %.15g", c.mat, i, j, g[i*n+j], want)
				}
			}
		}
		// ψ*(θ) at θ = ∇ψ(X): ψ_mat*(sθ) = s·ψ_vec*(θ).
		close("ψ*", c.mat.Star(g), c.scale*c.vec.Star(gv))
	}
}

// TestVonNeumann checks the quantum relative entropy against
// tr(X log X − X log Z − X + Z) on random PD matrices and the domain checks.
func TestVonNeumann(t *testing.T) {
	const n = 4
	rng := rand.New(rand.NewPCG(11, 12))
	vn, err := NewVonNeumann(n)
	if err != nil {
		t.Fatal(err)
	}
	pd := func(eigs []float64) []float64 {
		Q := orthonormal(rng, n, n)
		m := make([]float64, n*n)
		for i := range n {
			for j := range n {
				for l := range n {
					m[i*n+j] += Q.At(i, l) * eigs[l] * Q.At(j, l)
				}
			}
		}
		for i := range n { // exact symmetry
			for j := i + 1; j < n; j++ {
				m[j*n+i] = m[i*n+j]
			}
		}
		return m
	}
	X, Z := pd([]float64{2, 1, 0.3, 1e-3}), pd([]float64{0.5, 0.5, 1.5, 0.2})
	lx, lz := make([]float64, n*n), make([]float64, n*n)
	vn.Grad(lx, X)
	vn.Grad(lz, Z)
	var tr float64
	for i := range n {
		tr += Z[i*n+i] - X[i*n+i]
		for j := range n {
			tr += X[i*n+j] * (lx[j*n+i] - lz[j*n+i])
		}
	}
	if got := vn.Bregman(X, Z); !(math.Abs(got-tr) <= 1e-12*math.Abs(tr)) {
		t.Errorf("quantum relative entropy %.15g, trace formula %.15g", got, tr)
	}
	back := make([]float64, n*n)
	vn.GradStar(back, lx)
	if e := relDiff(back, X); !(e <= 1e-10) {
		t.Errorf("exp(log X) ≠ X: %.2g", e)
	}
	if err := vn.CheckPrimal(X); err != nil {
		t.Errorf("PD matrix refused: %v", err)
	}
	notPSD := pd([]float64{1, 1, 1, -0.1})
	if err := vn.CheckPrimal(notPSD); err == nil {
		t.Error("indefinite matrix accepted")
	}
	asym := append([]float64(nil), X...)
	asym[1] += 1e-3
	if err := vn.CheckPrimal(asym); err == nil {
		t.Error("asymmetric matrix accepted")
	}
}

// TestConstructorErrors checks that bad parameters and shapes are refused
// with errors wrapping implicitbias.ErrInvalidInput.
func TestConstructorErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
	}{
		{"p=1", second(NewSchattenPower(3, 3, 1))},
		{"p=2.5", second(NewSchattenPower(3, 3, 2.5))},
		{"p=NaN", second(NewSquaredSchatten(3, 3, math.NaN()))},
		{"beta=0", second(NewSpectralHypentropy(3, 3, 0))},
		{"beta=Inf", second(NewSpectralHypentropy(3, 3, math.Inf(1)))},
		{"rows=0", second(NewFrobenius(0, 3))},
		{"cols=-1", second(NewSchattenPower(3, -1, 1.5))},
		{"huge", second(NewVonNeumann(1 << 15))},
		{"nil entrywise", second(NewEntrywise(2, 2, nil))},
	} {
		if !errors.Is(c.err, implicitbias.ErrInvalidInput) {
			t.Errorf("%s: error %v, want one wrapping ErrInvalidInput", c.name, c.err)
		}
	}
	p, _ := NewSchattenPower(2, 3, 1.5)
	if err := p.CheckPrimal([]float64{1, 2, 3, 4, 5, math.NaN()}); err == nil {
		t.Error("NaN entry accepted")
	}
	if err := p.CheckPrimal([]float64{1, 2, 3}); err == nil {
		t.Error("wrong length accepted")
	}
	h, _ := NewSpectralHypentropy(2, 2, 0.1)
	if err := h.CheckDual([]float64{800, 0, 0, 1}); err == nil {
		t.Error("θ with sinh overflow accepted")
	}
}

func second[T any](_ T, err error) error { return err }
