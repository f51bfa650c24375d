package spectral

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias"
)

// TestFrobeniusCompletionIsZeroFill checks the closed form: from W₀ the
// Frobenius projection is W₀ with the observed entries replaced by M, so
// no information reaches the unobserved entries (exact up to one rounding).
func TestFrobeniusCompletionIsZeroFill(t *testing.T) {
	M, m := completionProblem(t, 7, 5, 0.5, 8)
	f, _ := NewFrobenius(7, 5)
	rng := rand.New(rand.NewPCG(1, 1))
	W0 := mat.NewDense(7, 5, gaussian(rng, 35, 0.3))
	pr, err := Project(f, m, W0, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := mat.DenseCopyOf(W0)
	for _, e := range m.Observed() {
		want.Set(e[0], e[1], M.At(e[0], e[1]))
	}
	if !mat.EqualApprox(pr.W, want, 1e-15) {
		t.Errorf("Frobenius projection is not W₀ with the observations filled in")
	}
}

// TestMultiOutputInvariance checks the fact of the chapter's first
// experiment: in the multi-output model from W₀ = 0 every spectral
// potential's projection is X⁺Y (the columns of W stay in span{xᵢ}), while
// the entrywise hypentropy's is not; and from a generic W₀ the spectral
// projections differ from the Frobenius one.
func TestMultiOutputInvariance(t *testing.T) {
	const n, d, k = 6, 10, 3
	X, Y, m := multiOutputProblem(t, n, d, k, 5)
	var pinv mat.Dense // X⁺Y = Xᵀ(XXᵀ)⁻¹Y
	var G mat.Dense
	G.Mul(X, X.T())
	var L mat.Dense
	if err := L.Solve(&G, Y); err != nil {
		t.Fatal(err)
	}
	pinv.Mul(X.T(), &L)
	zero := mat.NewDense(d, k, nil)
	rng := rand.New(rand.NewPCG(2, 2))
	W0 := mat.NewDense(d, k, gaussian(rng, d*k, 0.3/math.Sqrt(d)))
	pots := []implicitbias.Potential{}
	for _, p := range []float64{1.2, 1.5} {
		s, _ := NewSchattenPower(d, k, p)
		pots = append(pots, s)
	}
	h, _ := NewSpectralHypentropy(d, k, 0.1)
	pots = append(pots, h)
	fro, _ := NewFrobenius(d, k)
	pFro, err := Project(fro, m, W0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pots {
		pr, err := Project(p, m, zero, nil)
		if err != nil {
			t.Fatal(err)
		}
		// L-BFGS stops at relative residual 1e-10; X is well conditioned
		// (n < d Gaussian), so the primal error is of that order.
		if e := RelativeError(pr.W, &pinv); !(e <= 1e-8) {
			t.Errorf("%v from 0: ‖W − X⁺Y‖/‖X⁺Y‖ = %.2g, want ≤ 1e-8", p, e)
		}
		pg, err := Project(p, m, W0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e := RelativeError(pg.W, pFro.W); !(e >= 1e-3) {
			t.Errorf("%v from generic W₀: equals the Frobenius projection (%.2g)", p, e)
		}
	}
	ent, _ := implicitbias.NewHypentropy(0.1)
	ew, _ := NewEntrywise(d, k, ent)
	pe, err := Project(ew, m, zero, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e := RelativeError(pe.W, &pinv); !(e >= 1e-3) {
		t.Errorf("entrywise hypentropy from 0 equals X⁺Y (%.2g): the contrast is lost", e)
	}
}

// TestProjectionKKTAndPythagoras checks the L-BFGS projection of a spectral
// potential independently of the solver: the residual is ≤ 1e-9 and
// ∇ψ(W) − ∇ψ(W₀) vanishes on the unobserved entries (dual feasibility for
// completion); and the Bregman Pythagorean identity
// D(W', W₀) = D(W', W∞) + D(W∞, W₀) holds for 20 random interpolators W'
// to 1e-8 relative — a wrong limit (e.g. the zero fill) violates it by O(1).
func TestProjectionKKTAndPythagoras(t *testing.T) {
	const r, c = 8, 8
	_, m := completionProblem(t, r, c, 0.5, 13)
	rng := rand.New(rand.NewPCG(4, 4))
	W0 := mat.NewDense(r, c, gaussian(rng, r*c, 0.05))
	for _, p := range []implicitbias.Potential{
		must(NewSpectralHypentropy(r, c, 0.1)),
		must(NewSchattenPower(r, c, 1.5)),
		must(NewSquaredSchatten(r, c, 1.5)),
	} {
		pr, err := Project(p, m, W0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !(pr.Residual <= 1e-9) {
			t.Errorf("%v: residual %.2g", p, pr.Residual)
		}
		g, g0 := make([]float64, r*c), make([]float64, r*c)
		w := flat(pr.W)
		w0 := flat(W0)
		p.Grad(g, w)
		p.Grad(g0, w0)
		mask := make([]bool, r*c)
		for _, e := range m.Observed() {
			mask[e[0]*c+e[1]] = true
		}
		var worst, scale float64
		for i := range g {
			scale = math.Max(scale, math.Abs(g[i]-g0[i]))
			if !mask[i] {
				worst = math.Max(worst, math.Abs(g[i]-g0[i]))
			}
		}
		// Solver stops at a primal residual ~1e-10; dual feasibility holds
		// by construction up to rounding of one SVD round trip.
		if !(worst <= 1e-8*scale) {
			t.Errorf("%v: ∇ψ(W) − ∇ψ(W₀) = %.2g on an unobserved entry (scale %.2g)", p, worst, scale)
		}
		var N mat.Dense
		for trial := range 20 {
			G := mat.NewDense(r, c, gaussian(rng, r*c, 0.5))
			if err := m.KernelPart(&N, G); err != nil {
				t.Fatal(err)
			}
			var Wp mat.Dense
			Wp.Add(pr.W, &N)
			wp := flat(&Wp)
			lhs := p.Bregman(wp, w0)
			rhs := p.Bregman(wp, w) + p.Bregman(w, w0)
			if !(math.Abs(lhs-rhs) <= 1e-8*lhs) {
				t.Errorf("%v trial %d: D(W', W₀) = %.12g, D(W', W∞) + D(W∞, W₀) = %.12g", p, trial, lhs, rhs)
			}
		}
	}
}

// TestProjectErrors checks shape and domain errors.
func TestProjectErrors(t *testing.T) {
	_, m := completionProblem(t, 4, 4, 0.6, 1)
	f, _ := NewFrobenius(4, 4)
	wrong, _ := NewSchattenPower(3, 4, 1.5)
	vn, _ := NewVonNeumann(4)
	for _, c := range []struct {
		name string
		err  error
	}{
		{"W0 shape", second(Project(f, m, mat.NewDense(4, 3, nil), nil))},
		{"potential shape", second(Project(wrong, m, mat.NewDense(4, 4, nil), nil))},
		{"nil potential", second(Project(nil, m, mat.NewDense(4, 4, nil), nil))},
		{"W0 not PD", second(Project(vn, m, mat.NewDense(4, 4, nil), nil))},
		{"W0 NaN", second(Project(f, m, mat.NewDense(4, 4, []float64{math.NaN(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), nil))},
	} {
		if !errors.Is(c.err, implicitbias.ErrInvalidInput) {
			t.Errorf("%s: error %v, want ErrInvalidInput", c.name, c.err)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
