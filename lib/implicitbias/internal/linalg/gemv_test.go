package linalg

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// u is the unit roundoff of float64.
const u = 0x1p-53

// exactAffine returns α·Σⱼ aⱼxⱼ + β·y0 rounded once to float64, and the
// magnitude |α|·Σ|aⱼxⱼ| + |β·y0|. It sums in big.Float with 4096 bits, which
// holds every product (≤ 106 bits) and every partial sum of these test
// sizes exactly, so it is independent of any summation order.
func exactAffine(alpha float64, a, x []float64, beta, y0 float64) (val, mag float64) {
	sum := new(big.Float).SetPrec(4096)
	t := new(big.Float).SetPrec(4096)
	for j := range a {
		t.SetFloat64(a[j])
		t.Mul(t, new(big.Float).SetFloat64(x[j]))
		sum.Add(sum, t)
		mag += math.Abs(a[j] * x[j])
	}
	sum.Mul(sum, new(big.Float).SetFloat64(alpha))
	if beta != 0 {
		t.SetFloat64(beta)
		t.Mul(t, new(big.Float).SetFloat64(y0))
		sum.Add(sum, t)
	}
	val, _ = sum.Float64()
	return val, math.Abs(alpha)*mag + math.Abs(beta*y0)
}

// tol is the error bound for a sum of k products computed in any order
// with (fused or unfused) multiply-adds: |error| ≤ γ_{k+2}·mag with
// γ_m = m·u/(1 − m·u) (Higham, Accuracy and Stability, §3.1: each term
// passes through at most k additions plus the products by α and β). The
// factor 2 covers the final rounding of the exact value we compare with.
// A wrong index or missed tail term errs by O(mag), far above this.
func tol(k int, mag float64) float64 {
	m := float64(k + 2)
	return 2*m*u/(1-m*u)*mag + math.SmallestNonzeroFloat64
}

// randSlice fills a slice of length m with entries of random sign spread
// over scale·[2⁻⁸, 2⁸] so that cancellation and mixed magnitudes occur.
func randSlice(rng *rand.Rand, m int, scale float64) []float64 {
	s := make([]float64, m)
	for i := range s {
		s[i] = scale * math.Ldexp(rng.Float64()+0.5, rng.IntN(17)-8)
		if rng.IntN(2) == 0 {
			s[i] = -s[i]
		}
	}
	return s
}

// matrix returns n×d data with row stride lda; the padding between rows
// holds NaN so that a kernel reading past column d is caught.
func matrix(rng *rand.Rand, n, d, lda int, scale float64) []float64 {
	a := randSlice(rng, n*lda, scale)
	for i := range n {
		for j := d; j < lda; j++ {
			a[i*lda+j] = math.NaN()
		}
	}
	return a[:max(0, (n-1)*lda+d)]
}

type kernels struct {
	name string
	n    func(n, d int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64)
	t    func(n, d int, alpha float64, a []float64, lda int, x []float64, y []float64)
}

// allKernels lists the exported entry points and, when the assembly runs
// on this CPU, the pure-Go reference as well, so both are checked.
func allKernels() []kernels {
	ks := []kernels{{"exported", Gemv, GemvT}}
	if useAsm {
		ks = append(ks, kernels{"reference",
			func(n, d int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
				if beta == 0 {
					clear(y[:n])
				}
				gemvNRef(n, d, alpha, a, lda, x, beta, y)
			},
			func(n, d int, alpha float64, a []float64, lda int, x []float64, y []float64) {
				clear(y[:d])
				gemvTRef(n, d, alpha, a, lda, x, y)
			}})
	}
	return ks
}

// TestGemvExact checks y ← αAx + βy element by element against the exact
// result for all n = 1..9, d = 1..67 (every tail of the 4- and 8-wide
// loops and of the 4-row blocks), padded strides, several α, β, and
// magnitudes 1, 1e150 and 1e-150. A guard element after y[n] must stay
// untouched.
func TestGemvExact(t *testing.T) {
	t.Logf("assembly kernels in use: %v", useAsm)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range allKernels() {
		for n := 1; n <= 9; n++ {
			for d := 1; d <= 67; d++ {
				for c, p := range []struct{ alpha, beta, scale float64 }{
					{1, -1, 1}, {-0.37, 0, 1}, {2.5, 0.75, 1e150}, {1, 1, 1e-150},
				} {
					lda := d + c%3
					a := matrix(rng, n, d, lda, p.scale)
					x := randSlice(rng, d, 1)
					y := append(randSlice(rng, n, p.scale), 12345)
					y0 := append([]float64(nil), y...)
					if p.beta == 0 {
						for i := range n {
							y[i] = math.NaN() // must not be read
						}
					}
					k.n(n, d, p.alpha, a, lda, x, p.beta, y[:n])
					for i := range n {
						want, mag := exactAffine(p.alpha, a[i*lda:i*lda+d], x, p.beta, y0[i])
						if e := math.Abs(y[i] - want); !(e <= tol(d, mag)) {
							t.Fatalf("%s Gemv n=%d d=%d lda=%d case %d: y[%d] = %v, want %v (error %.3g > %.3g)",
								k.name, n, d, lda, c, i, y[i], want, e, tol(d, mag))
						}
					}
					if y[n] != 12345 {
						t.Fatalf("%s Gemv n=%d d=%d: wrote past y[n-1]", k.name, n, d)
					}
				}
			}
		}
	}
}

// TestGemvTExact checks y ← αAᵀx column by column against the exact sum
// Σᵢ α·xᵢ·aᵢⱼ, for the same sizes as TestGemvExact; y starts as NaN (it
// must not be read) and a guard element after y[d] must stay untouched.
func TestGemvTExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, k := range allKernels() {
		for n := 1; n <= 9; n++ {
			for d := 1; d <= 67; d++ {
				for c, p := range []struct{ alpha, scale float64 }{{1, 1}, {-1.0 / 40, 1}, {3, 1e150}, {0.5, 1e-150}} {
					lda := d + c%3
					a := matrix(rng, n, d, lda, p.scale)
					x := randSlice(rng, n, 1)
					y := make([]float64, d+1)
					for j := range d {
						y[j] = math.NaN()
					}
					y[d] = 12345
					k.t(n, d, p.alpha, a, lda, x, y[:d])
					col := make([]float64, n)
					for j := range d {
						for i := range n {
							col[i] = a[i*lda+j]
						}
						// α·Σᵢ xᵢaᵢⱼ; the kernels form α·xᵢ first, one more
						// rounding per term, covered by the +2 in tol.
						want, mag := exactAffine(p.alpha, col, x, 0, 0)
						if e := math.Abs(y[j] - want); !(e <= tol(n, mag)) {
							t.Fatalf("%s GemvT n=%d d=%d lda=%d case %d: y[%d] = %v, want %v (error %.3g > %.3g)",
								k.name, n, d, lda, c, j, y[j], want, e, tol(n, mag))
						}
					}
					if y[d] != 12345 {
						t.Fatalf("%s GemvT n=%d d=%d: wrote past y[d-1]", k.name, n, d)
					}
				}
			}
		}
	}
}

// TestResidualGradExact checks r = Ax − y against the exact residuals and
// g = αAᵀr against the exact product with the r the kernel returned (the
// gradient of the computed residual is what the kernel promises), for all
// n = 1..9, d = 1..67 and padded strides; r and g start as NaN (they must
// not be read) and guard elements after them must stay untouched.
func TestResidualGradExact(t *testing.T) {
	// Both the dispatching kernel and the pure-Go reference: on AVX2
	// machines the former never runs the latter, which must be tested too.
	for _, kernel := range []struct {
		name string
		f    func(n, d int, a []float64, lda int, x, y []float64, alpha float64, r, g []float64)
	}{{"ResidualGrad", ResidualGrad}, {"residualGradRef", func(n, d int, a []float64, lda int, x, y []float64, alpha float64, r, g []float64) {
		clear(g[:d]) // the reference accumulates into g; ResidualGrad clears it first
		residualGradRef(n, d, a, lda, x, y, alpha, r, g)
	}}} {
		t.Run(kernel.name, func(t *testing.T) { testResidualGrad(t, kernel.f) })
	}
}

func testResidualGrad(t *testing.T, kernel func(n, d int, a []float64, lda int, x, y []float64, alpha float64, r, g []float64)) {
	rng := rand.New(rand.NewPCG(9, 10))
	for n := 1; n <= 9; n++ {
		for d := 1; d <= 67; d++ {
			// g scales like scale², hence 1e±75 rather than 1e±150.
			for c, p := range []struct{ alpha, scale float64 }{{1, 1}, {-1.0 / 40, 1}, {3, 1e75}, {0.5, 1e-75}} {
				lda := d + c%3
				a := matrix(rng, n, d, lda, p.scale)
				x := randSlice(rng, d, 1)
				y := randSlice(rng, n, p.scale)
				r, g := make([]float64, n+1), make([]float64, d+1)
				for i := range r {
					r[i] = math.NaN()
				}
				for j := range g {
					g[j] = math.NaN()
				}
				r[n], g[d] = 12345, 12345
				kernel(n, d, a, lda, x, y, p.alpha, r[:n], g[:d])
				for i := range n {
					want, mag := exactAffine(1, a[i*lda:i*lda+d], x, -1, y[i])
					if e := math.Abs(r[i] - want); !(e <= tol(d, mag)) {
						t.Fatalf("ResidualGrad n=%d d=%d case %d: r[%d] = %v, want %v", n, d, c, i, r[i], want)
					}
				}
				col := make([]float64, n)
				for j := range d {
					for i := range n {
						col[i] = a[i*lda+j]
					}
					want, mag := exactAffine(p.alpha, col, r[:n], 0, 0)
					if e := math.Abs(g[j] - want); !(e <= tol(n, mag)) {
						t.Fatalf("ResidualGrad n=%d d=%d case %d: g[%d] = %v, want %v", n, d, c, j, g[j], want)
					}
				}
				if r[n] != 12345 || g[d] != 12345 {
					t.Fatalf("ResidualGrad n=%d d=%d: wrote past r or g", n, d)
				}
			}
		}
	}
}

// TestEdgeCases: empty dimensions, β scaling with d = 0, and panics on
// short slices.
func TestEdgeCases(t *testing.T) {
	y := []float64{1, 2}
	Gemv(2, 0, 1, nil, 1, nil, 3, y)
	if y[0] != 3 || y[1] != 6 {
		t.Errorf("Gemv with d = 0: y = %v, want β·y = [3 6]", y)
	}
	g := []float64{math.NaN(), 7}
	GemvT(0, 2, 1, nil, 2, nil, g)
	if g[0] != 0 || g[1] != 0 {
		t.Errorf("GemvT with n = 0: y = %v, want 0", g)
	}
	mustPanic := func(name string, f func()) {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}
	a := make([]float64, 6)
	mustPanic("short x", func() { Gemv(2, 3, 1, a, 3, make([]float64, 2), 0, make([]float64, 2)) })
	mustPanic("short y", func() { Gemv(2, 3, 1, a, 3, make([]float64, 3), 0, make([]float64, 1)) })
	mustPanic("short a", func() { Gemv(2, 3, 1, a[:5], 3, make([]float64, 3), 0, make([]float64, 2)) })
	mustPanic("small lda", func() { GemvT(2, 3, 1, a, 2, make([]float64, 2), make([]float64, 3)) })
	mustPanic("short GemvT y", func() { GemvT(2, 3, 1, a, 3, make([]float64, 2), make([]float64, 2)) })
}

// TestNoAllocs: the kernels allocate nothing.
func TestNoAllocs(t *testing.T) {
	a, x, y, g := make([]float64, 40*200), make([]float64, 200), make([]float64, 40), make([]float64, 200)
	r := make([]float64, 40)
	if n := testing.AllocsPerRun(10, func() {
		Gemv(40, 200, 1, a, 200, x, -1, y)
		GemvT(40, 200, 1, a, 200, y, g)
		ResidualGrad(40, 200, a, 200, x, y, 1, r, g)
	}); n != 0 {
		t.Errorf("%v allocations per call", n)
	}
}

func benchData() (a, x, y, g []float64) {
	rng := rand.New(rand.NewPCG(7, 8))
	return randSlice(rng, 40*200, 1), randSlice(rng, 200, 1), randSlice(rng, 40, 1), make([]float64, 200)
}

// BenchmarkGemv times the 40×200 residual product of the course benchmark.
func BenchmarkGemv(b *testing.B) {
	a, x, y, _ := benchData()
	for b.Loop() {
		Gemv(40, 200, 1, a, 200, x, -1, y)
	}
}

// BenchmarkGemvT times the 40×200 gradient product of the course benchmark.
func BenchmarkGemvT(b *testing.B) {
	a, _, y, g := benchData()
	for b.Loop() {
		GemvT(40, 200, 1.0/40, a, 200, y, g)
	}
}

// BenchmarkResidualGrad times the fused residual and gradient on 40×200.
func BenchmarkResidualGrad(b *testing.B) {
	a, x, y, g := benchData()
	r := make([]float64, 40)
	for b.Loop() {
		ResidualGrad(40, 200, a, 200, x, y, 1.0/40, r, g)
	}
}
