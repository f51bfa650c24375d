package matfact

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// xyTarget returns M = U diag(s) Vᵀ (m×n) with orthonormal U, V.
func xyTarget(m, n int, s []float64, seed uint64) *mat.Dense {
	u := orthonormal(m, len(s), seed, 11)
	v := orthonormal(n, len(s), seed, 12)
	out := mat.NewDense(m, n, nil)
	out.Product(u, mat.NewDiagDense(len(s), s), v.T())
	return out
}

// The Monte-Carlo mean of the perturbed gradient ∇F(X + σ_xξ, Y + σ_yζ)
// over 10⁴ draws matches E∇_X = RY + nσ_y²X, E∇_Y = RᵀX + mσ_x²Y (the
// gradient of the smoothed loss) within 3% (Frobenius): the standard error
// of the mean is ~1%. With m ≠ n and σ_x ≠ σ_y, swapping the two noise
// levels in the formula moves it by more than 3%, which the test verifies.
func TestPerturbedGradientMean(t *testing.T) {
	const m, n, r = 10, 7, 2
	const sx, sy = 0.2, 0.1
	f, err := UnbalancedXY(m, n, r, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	loss, _ := NewEstimation(xyTarget(m, n, []float64{2, 1}, 0))
	x, yt := f.Factors[1], f.Factors[0]
	rng := rand.New(rand.NewPCG(1, 2))
	const draws = 10000
	mx, myt := mat.NewDense(m, r, nil), mat.NewDense(r, n, nil)
	pt := f.Clone()
	ws := newWorkspace(pt)
	for d := 0; d < draws; d++ {
		addNoise(pt.Factors[0], yt, sy, rng)
		addNoise(pt.Factors[1], x, sx, rng)
		ws.gradient(pt.Factors, loss)
		mx.Add(mx, ws.g[1])
		myt.Add(myt, ws.g[0])
	}
	mx.Scale(1.0/draws, mx)
	myt.Scale(1.0/draws, myt)
	closed := func(sx, sy float64) (gx, gyt *mat.Dense) {
		var res mat.Dense
		res.Mul(x, yt)
		res.Sub(&res, loss.target)
		gx, gyt = mat.NewDense(m, r, nil), mat.NewDense(r, n, nil)
		gx.Mul(&res, yt.T()) // R Y
		var t1 mat.Dense
		t1.Scale(n*sy*sy, x)
		gx.Add(gx, &t1)
		gyt.Mul(x.T(), &res) // (RᵀX)ᵀ = XᵀR
		t1.Reset()
		t1.Scale(m*sx*sx, yt)
		gyt.Add(gyt, &t1)
		return gx, gyt
	}
	rel := func(a, b *mat.Dense) float64 {
		var d mat.Dense
		d.Sub(a, b)
		return mat.Norm(&d, 2) / mat.Norm(b, 2)
	}
	gx, gyt := closed(sx, sy)
	if e := rel(mx, gx); !(e <= 0.03) {
		t.Errorf("X: Monte-Carlo mean off the closed form by %.3g", e)
	}
	if e := rel(myt, gyt); !(e <= 0.03) {
		t.Errorf("Y: Monte-Carlo mean off the closed form by %.3g", e)
	}
	wx, wyt := closed(sy, sx)
	if rel(mx, wx) <= 0.03 && rel(myt, wyt) <= 0.03 {
		t.Error("the test cannot tell σ_x from σ_y")
	}
}

// The Hessian against central differences of the gradient (h = 1e-6:
// truncation O(h²) ≈ 1e-12, rounding ≈ 1e-16/h ≈ 1e-10) within 1e-5 at
// a point with R ≠ 0 and m ≠ n; HVPXY against the matrix; the trace
// formula m‖Y‖² + n‖X‖² against the diagonal; the power iteration against
// the dense eigenvalue (near a minimum, where H is PSD).
func TestHessianXY(t *testing.T) {
	const m, n, r = 6, 4, 2
	f, _ := UnbalancedXY(m, n, r, 1.5, 3)
	loss, _ := NewEstimation(xyTarget(m, n, []float64{2, 1}, 1))
	h, err := HessianXY(f, loss)
	if err != nil {
		t.Fatal(err)
	}
	p := (m + n) * r
	flat := func(g []*mat.Dense) []float64 {
		out := append([]float64{}, mat.DenseCopyOf(g[1]).RawMatrix().Data...)
		return append(out, mat.DenseCopyOf(g[0].T()).RawMatrix().Data...)
	}
	set := func(g *Factorization, i int, delta float64) {
		if i < m*r {
			g.Factors[1].Set(i/r, i%r, g.Factors[1].At(i/r, i%r)+delta)
		} else {
			j := i - m*r // Y[j/r, j%r] is W_1[j%r, j/r]
			g.Factors[0].Set(j%r, j/r, g.Factors[0].At(j%r, j/r)+delta)
		}
	}
	const step = 1e-6
	for j := 0; j < p; j++ {
		fp, fm := f.Clone(), f.Clone()
		set(fp, j, step)
		set(fm, j, -step)
		gp, _, _ := Gradients(fp, loss)
		gm, _, _ := Gradients(fm, loss)
		a, b := flat(gp), flat(gm)
		for i := 0; i < p; i++ {
			fd := (a[i] - b[i]) / (2 * step)
			if !(math.Abs(fd-h.At(i, j)) <= 1e-5) {
				t.Fatalf("H[%d,%d] = %v, finite difference %v", i, j, h.At(i, j), fd)
			}
		}
	}
	v := mat.NewVecDense(p, nil)
	for i := 0; i < p; i++ {
		v.SetVec(i, math.Sin(float64(i)))
	}
	hv, err := HVPXY(nil, f, loss, v)
	if err != nil {
		t.Fatal(err)
	}
	var want mat.VecDense
	want.MulVec(h, v)
	if !mat.EqualApprox(hv, &want, 1e-12) {
		t.Error("HVPXY differs from H·v")
	}
	tr := 0.0
	for i := 0; i < p; i++ {
		tr += h.At(i, i)
	}
	_, trace, err := SharpnessXY(f, loss, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !(math.Abs(tr-trace) <= 1e-12*tr) {
		t.Errorf("trace formula %v, diagonal sum %v", trace, tr)
	}
	bm, _ := BalancedMinimum(loss.target, r, 1.3)
	top, _, _ := SharpnessXY(bm, loss, 0)
	x, yt, res, _ := xyParts("test", bm, loss)
	if pw := powerTop(x, yt, res, 5); !(math.Abs(pw-top) <= 1e-8*top) {
		t.Errorf("power iteration %v, dense %v", pw, top)
	}
}

// At the balanced minimum (m = n, κ = 1) the loss is 0, XᵀX = YᵀY, the top
// Hessian eigenvalue is 2s₁ and the trace 2√(mn)‖M‖_* (both to 1e-10); for
// m ≠ n the trace is least at κ = √(m/n), where it equals 2√(mn)‖M‖_*, and
// larger at κ = 1.
func TestBalancedMinimum(t *testing.T) {
	mm := xyTarget(10, 10, []float64{2, 1}, 0)
	loss, _ := NewEstimation(mm)
	f, err := BalancedMinimum(mm, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	top, trace, _ := SharpnessXY(f, loss, 0)
	wantTop, wantTrace, _ := FlatSharpness(mm)
	if !(math.Abs(wantTop-4) <= 1e-12) || !(math.Abs(wantTrace-60) <= 1e-12) {
		t.Errorf("flat values %v %v, want 4 and 60", wantTop, wantTrace)
	}
	if !(math.Abs(top-wantTop) <= 1e-10) || !(math.Abs(trace-wantTrace) <= 1e-10) {
		t.Errorf("balanced minimum: λmax %v (want %v), tr %v (want %v)", top, wantTop, trace, wantTrace)
	}
	if l := lossAt(f, loss); !(l <= 1e-25) {
		t.Errorf("loss at the balanced minimum %v", l)
	}
	d, _ := Imbalance(nil, f, 1)
	if !(mat.Norm(d, 2) <= 1e-12) {
		t.Errorf("imbalance %v", mat.Norm(d, 2))
	}
	rect := xyTarget(12, 5, []float64{2, 1}, 2)
	rl, _ := NewEstimation(rect)
	_, flatTrace, _ := FlatSharpness(rect)
	g, _ := BalancedMinimum(rect, 2, math.Sqrt(12.0/5))
	_, tr, _ := SharpnessXY(g, rl, 0)
	g1, _ := BalancedMinimum(rect, 2, 1)
	_, tr1, _ := SharpnessXY(g1, rl, 0)
	if !(math.Abs(tr-flatTrace) <= 1e-10) || !(tr1 > tr*1.01) {
		t.Errorf("m ≠ n: trace %v at κ = √(m/n) (want %v), %v at κ = 1", tr, flatTrace, tr1)
	}
}

// GD conserves the imbalance up to O(η²) per step:
// ‖D_{k+1} − D_k‖ ≤ η²(‖G_X‖² + ‖G_Y‖²) (+ rounding), and over 9000 steps
// ‖D_K‖ stays within 1% of ‖D_0‖; a sign error in either update (or
// updating Y with the new X) breaks the per-step bound at once.
func TestGDConservesImbalance(t *testing.T) {
	f, _ := UnbalancedXY(10, 10, 2, 3, 0)
	loss, _ := NewEstimation(xyTarget(10, 10, []float64{2, 1}, 0))
	const eta = 0.01
	cur := f
	for k := 0; k < 200; k++ {
		g, _, _ := Gradients(cur, loss)
		d0, _ := Imbalance(nil, cur, 1)
		res, err := GD(cur, loss, Settings{Step: eta, Iterations: 1})
		if err != nil {
			t.Fatal(err)
		}
		d1, _ := Imbalance(nil, res.Factors, 1)
		var dd mat.Dense
		dd.Sub(d1, d0)
		gx, gy := mat.Norm(g[1], 2), mat.Norm(g[0], 2)
		if !(mat.Norm(&dd, 2) <= eta*eta*(gx*gx+gy*gy)+1e-12) {
			t.Fatalf("step %d: ‖ΔD‖ = %v > η²(‖G_X‖² + ‖G_Y‖²) = %v", k, mat.Norm(&dd, 2), eta*eta*(gx*gx+gy*gy))
		}
		cur = res.Factors
	}
	res, err := GD(f, loss, Settings{Step: eta, Iterations: 9000, Probes: Probes{Imbalance: true}})
	if err != nil {
		t.Fatal(err)
	}
	n := res.Trace.ImbalanceNorms(1)
	if !(math.Abs(n[len(n)-1]-n[0]) <= 0.01*n[0]) {
		t.Errorf("‖D‖: %v → %v", n[0], n[len(n)-1])
	}
}

// Perturbed GD (σ = 0.15, 6000 noisy steps, 3000 polish steps) from the
// unbalanced start reaches the flat minimum: loss ≤ 1e-12, ‖D‖ ≤ 0.2,
// λmax and tr H within 2% of 2s₁ and 2√(mn)‖M‖_*; plain GD from the same
// start stays ≥ 1.3 times sharper.
func TestPerturbedGDFindsFlatMinimum(t *testing.T) {
	mm := xyTarget(10, 10, []float64{2, 1}, 0)
	loss, _ := NewEstimation(mm)
	f, _ := UnbalancedXY(10, 10, 2, 3, 0)
	wantTop, wantTrace, _ := FlatSharpness(mm)
	res, err := GD(f, loss, Settings{Step: 0.01, Iterations: 9000, Noise: XYNoise(0.15, 0.15), Schedule: NoiseThenPolish(6000), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	top, trace, _ := SharpnessXY(res.Factors, loss, 0)
	d, _ := Imbalance(nil, res.Factors, 1)
	if l := lossAt(res.Factors, loss); !(l <= 1e-12) {
		t.Errorf("final loss %v", l)
	}
	if !(mat.Norm(d, 2) <= 0.2) {
		t.Errorf("‖D‖ = %v", mat.Norm(d, 2))
	}
	if !(math.Abs(top/wantTop-1) <= 0.02) || !(math.Abs(trace/wantTrace-1) <= 0.02) {
		t.Errorf("λmax/2s₁ = %v, tr/flat = %v", top/wantTop, trace/wantTrace)
	}
	gd, err := GD(f, loss, Settings{Step: 0.01, Iterations: 9000})
	if err != nil {
		t.Fatal(err)
	}
	gtop, _, _ := SharpnessXY(gd.Factors, loss, 0)
	if !(gtop/wantTop >= 1.3) {
		t.Errorf("GD: λmax/2s₁ = %v < 1.3", gtop/wantTop)
	}
}

// RunSeeds gives the serial loop's results, in order, whatever the number
// of workers.
func TestRunSeedsMatchesSerial(t *testing.T) {
	loss, _ := NewEstimation(xyTarget(10, 10, []float64{2, 1}, 0))
	f, _ := UnbalancedXY(10, 10, 2, 3, 0)
	run := func(seed uint64) (*mat.Dense, error) {
		res, err := GD(f, loss, Settings{Step: 0.01, Iterations: 300, Noise: XYNoise(0.15, 0.15), Seed: seed})
		if err != nil {
			return nil, err
		}
		return res.Factors.Factors[1], nil
	}
	seeds := []uint64{0, 1, 2, 3, 4, 5, 6}
	var serial []*mat.Dense
	for _, s := range seeds {
		x, _ := run(s)
		serial = append(serial, x)
	}
	calls := 0
	par, err := RunSeeds(seeds, 2, run, func() { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	for i := range seeds {
		if !mat.Equal(par[i], serial[i]) {
			t.Errorf("seed %d: parallel result differs", seeds[i])
		}
	}
	if calls != len(seeds) {
		t.Errorf("progress called %d times", calls)
	}
	_, err = RunSeeds(seeds, 3, func(s uint64) (int, error) {
		if s == 4 {
			return 0, ib.ErrInvalidInput
		}
		return 1, nil
	}, nil)
	if !errors.Is(err, ib.ErrInvalidInput) {
		t.Errorf("error not propagated: %v", err)
	}
}

// Two-factor bad input.
func TestTwoFactorBadInput(t *testing.T) {
	mm := xyTarget(10, 10, []float64{2, 1}, 0)
	loss, _ := NewEstimation(mm)
	f, _ := UnbalancedXY(10, 10, 2, 3, 0)
	nan := mat.DenseCopyOf(mm)
	nan.Set(0, 0, math.NaN())
	cases := map[string]func() error{
		"rank above the dimensions": func() error { _, err := UnbalancedXY(3, 5, 4, 1, 0); return err },
		"rank 0":                    func() error { _, err := UnbalancedXY(3, 5, 0, 1, 0); return err },
		"balanced rank too large":   func() error { _, err := BalancedMinimum(mm, 11, 1); return err },
		"NaN in M":                  func() error { _, err := NewEstimation(nan); return err },
		"negative noise": func() error {
			_, err := GD(f, loss, Settings{Step: 0.01, Iterations: 1, Noise: XYNoise(-0.1, 0.1)})
			return err
		},
		"step beyond the stable bound": func() error { _, err := GD(f, loss, Settings{Step: 0.5, Iterations: 1}); return err },
		"Hessian of depth 3": func() error {
			g, _ := Identity(3, 10, 0.1)
			_, err := HessianXY(g, loss)
			return err
		},
		"HVP of the wrong length": func() error { _, err := HVPXY(nil, f, loss, mat.NewVecDense(3, nil)); return err },
		"non-positive c":          func() error { _, err := UnbalancedXY(3, 5, 2, 0, 0); return err },
	}
	for name, run := range cases {
		if err := run(); !errors.Is(err, ib.ErrInvalidInput) {
			t.Errorf("%s: err = %v, want ErrInvalidInput", name, err)
		}
	}
}

// The expected imbalance of perturbed GD decays like (1 − 2ηnσ²)^k: the
// mean of D_k over 20 noise seeds is within 10% (of ‖E D_k‖) of
// (1 − 2ηnσ²)^k D_0 for k ≤ 800 (the seed-to-seed spread of D_k is
// ~σ√k‖X‖, so 20 seeds average it to a few %); a decay rate of nσ² or
// 4nσ² misses by > 10% by k = 800.
func TestImbalanceDecayMean(t *testing.T) {
	const eta, sigma, n, K = 0.01, 0.15, 10, 800
	loss, _ := NewEstimation(xyTarget(n, n, []float64{2, 1}, 0))
	f, _ := UnbalancedXY(n, n, 2, 3, 0)
	seeds := make([]uint64, 20)
	for i := range seeds {
		seeds[i] = uint64(100 + i)
	}
	runs, err := RunSeeds(seeds, 0, func(seed uint64) ([]*mat.Dense, error) {
		res, err := GD(f, loss, Settings{Step: eta, Iterations: K, Noise: XYNoise(sigma, sigma), Seed: seed,
			Probes: Probes{Every: 100, Imbalance: true}})
		if err != nil {
			return nil, err
		}
		var ds []*mat.Dense
		for _, d := range res.Trace.Imbalance {
			ds = append(ds, d[0])
		}
		return ds, nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d0 := runs[0][0]
	for r := range runs[0] {
		k := r * 100
		mean := mat.NewDense(2, 2, nil)
		for _, ds := range runs {
			mean.Add(mean, ds[r])
		}
		mean.Scale(1.0/float64(len(runs)), mean)
		var pred, diff mat.Dense
		pred.Scale(ImbalanceDecay(eta, n, sigma, k), d0)
		diff.Sub(mean, &pred)
		if e := mat.Norm(&diff, 2) / mat.Norm(&pred, 2); !(e <= 0.1) {
			t.Errorf("k = %d: mean D_k off the prediction by %.3g", k, e)
		}
	}
}
