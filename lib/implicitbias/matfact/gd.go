package matfact

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// streamNoise is the PCG stream of the injected noise.
const streamNoise = 0x6d666e7a // "mfnz"

// maxIterations bounds Settings.Iterations so that a typo cannot hang a
// notebook for hours.
const maxIterations = 1 << 30

// divergenceFactor: a loss above divergenceFactor·max(ℓ₀, 1) is divergence.
const divergenceFactor = 1e10

// Settings configures GD.
type Settings struct {
	// Step is the step size η > 0.
	Step float64
	// Iterations is the number K ≥ 0 of updates.
	Iterations int
	// Noise, when not nil, lists one standard deviation σ_j ≥ 0 per factor
	// (index j−1). By default (Additive false) each iteration evaluates the
	// gradient at the perturbed point W_j + σ_j ξ_j, ξ_j iid N(0, 1)
	// entries drawn afresh, and applies it to the unperturbed factors:
	// perturbed gradient descent, whose expected step is a gradient step on
	// a smoothed loss.
	Noise []float64
	// Schedule scales Noise at each iteration (nil: constant noise).
	Schedule Schedule
	// Additive adds the noise to the update instead,
	// W_j ← W_j − η G_j + σ_j ξ_j, the contrast that does not smooth.
	Additive bool
	// Seed seeds the noise (PCG); runs with equal seeds are identical.
	Seed uint64
	// Probes selects what is recorded.
	Probes Probes
}

// Probes selects what GD records at iterations 0, Every, 2·Every, … and
// at the last iteration. The loss is always recorded, at the unperturbed
// factors.
type Probes struct {
	// Every is the recording stride (≥ 1); 0 records the first and last
	// iterations only.
	Every int
	// Spectrum records the singular values of W with its effective rank
	// and stable rank.
	Spectrum bool
	// Truth, when not nil, records ‖W − Truth‖_F.
	Truth *mat.Dense
	// Imbalance records D_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ for j = 1, …, N−1
	// (for W = XYᵀ: D = XᵀX − YᵀY).
	Imbalance bool
	// Norms records ‖W_j‖_F for every factor.
	Norms bool
}

// Trace holds what GD recorded; entry i refers to iteration Iter[i].
type Trace struct {
	Iter []int
	// Loss is ℓ(W) at the unperturbed factors.
	Loss []float64
	// Sigma, ERank and StableRank (Probes.Spectrum): singular values of W,
	// largest first, and the two ranks computed from them.
	Sigma             [][]float64
	ERank, StableRank []float64
	// Dist is ‖W − Truth‖_F (Probes.Truth).
	Dist []float64
	// Imbalance[i][j-1] is D_j at Iter[i] (Probes.Imbalance).
	Imbalance [][]*mat.Dense
	// Norms[i][j-1] is ‖W_j‖_F at Iter[i] (Probes.Norms).
	Norms [][]float64
}

// ImbalanceNorms returns ‖D_j‖_F along the trace (j from 1).
func (t *Trace) ImbalanceNorms(j int) []float64 {
	out := make([]float64, len(t.Imbalance))
	for i, d := range t.Imbalance {
		out[i] = mat.Norm(d[j-1], 2)
	}
	return out
}

// Result is the outcome of GD.
type Result struct {
	// Factors is the last iterate (f itself is not modified).
	Factors *Factorization
	Trace   Trace
}

// GD runs gradient descent on ℓ(W_N⋯W_1) from f with all factors updated
// simultaneously, W_j ← W_j − η ∇_{W_j}ℓ, optionally with injected noise
// (Settings.Noise). Each iteration costs 3(N−1) matrix products and
// allocates nothing; recording allocates.
//
// For an Estimation loss a step η ≥ 2/(N ŷ₁^{2−2/N}) is refused: at that
// step no balanced global minimum is stable. A run whose loss becomes
// non-finite or exceeds 1e10·max(ℓ₀, 1) stops with *implicitbias.DivergedError,
// and the result so far is returned with it.
func GD(f *Factorization, loss Loss, s Settings) (*Result, error) {
	const op = "GD"
	if err := checkRun(op, f, loss); err != nil {
		return nil, err
	}
	n := f.Depth()
	if err := checkSettings(op, s, n, loss); err != nil {
		return nil, err
	}
	x := f.Clone()
	ws := newWorkspace(x)
	ws.mul = newMultiplier()
	defer ws.mul.close()
	noisy := false
	for _, sg := range s.Noise {
		noisy = noisy || sg > 0
	}
	var rng *rand.Rand
	var pt []*mat.Dense
	if noisy {
		rng = rand.New(rand.NewPCG(s.Seed, streamNoise))
		pt = make([]*mat.Dense, n)
		for j, w := range x.Factors {
			pt[j] = mat.NewDense(w.RawMatrix().Rows, w.RawMatrix().Cols, nil)
		}
	}
	res := &Result{Factors: x}
	rec := recorder{p: s.Probes, tr: &res.Trace}
	bound := 0.0
	if st, ok := loss.(stableStepper); ok {
		bound = st.StableStep(n)
	}
	diverged := func(k int, l float64) error {
		e := &ib.DivergedError{Method: "matfact.GD", Iteration: k, Loss: l, Step: s.Step}
		if bound > 0 {
			e.Reason = fmt.Sprintf("the stable bound at the balanced fit is η < 2/(N ŷ₁^{2−2/N}) = %.4g", bound)
		}
		return e
	}
	var loss0 float64
	for k := 0; k < s.Iterations; k++ {
		scale := 1.0
		if s.Schedule != nil {
			scale = s.Schedule(k)
		}
		perturb := noisy && !s.Additive && scale != 0
		var l float64
		if perturb {
			if rec.due(k) {
				w := ws.product(x.Factors)
				lw := loss.Gradient(ws.r, w)
				rec.add(k, lw, w, x)
			}
			for j, w := range x.Factors {
				addNoise(pt[j], w, s.Noise[j]*scale, rng)
			}
			l = ws.gradient(pt, loss)
		} else {
			l = ws.gradient(x.Factors, loss)
			if rec.due(k) {
				rec.add(k, l, ws.last(x.Factors), x)
			}
		}
		if k == 0 {
			loss0 = l
		}
		if !finite(l) || l > divergenceFactor*math.Max(loss0, 1) {
			return res, diverged(k, l)
		}
		for j, w := range x.Factors {
			axpy(w, -s.Step, ws.g[j])
			if noisy && s.Additive && scale != 0 {
				addNoise(w, w, s.Noise[j]*scale, rng)
			}
		}
	}
	w := ws.product(x.Factors)
	l := loss.Gradient(ws.r, w)
	if !finite(l) || (s.Iterations > 0 && l > divergenceFactor*math.Max(loss0, 1)) {
		return res, diverged(s.Iterations, l)
	}
	rec.add(s.Iterations, l, w, x)
	return res, nil
}

func checkSettings(op string, s Settings, depth int, loss Loss) error {
	if !(s.Step > 0) || math.IsInf(s.Step, 0) {
		return invalid(op, "Step must be positive and finite, got %v", s.Step)
	}
	if s.Iterations < 0 || s.Iterations > maxIterations {
		return invalid(op, "Iterations must be in [0, %d], got %d", maxIterations, s.Iterations)
	}
	if s.Probes.Every < 0 {
		return invalid(op, "Probes.Every must be ≥ 0, got %d", s.Probes.Every)
	}
	if s.Noise != nil && len(s.Noise) != depth {
		return invalid(op, "Noise has %d levels for %d factors", len(s.Noise), depth)
	}
	for j, sg := range s.Noise {
		if !(sg >= 0) || math.IsInf(sg, 0) {
			return invalid(op, "Noise[%d] (σ of %s) must be ≥ 0 and finite, got %v", j, factorName(j), sg)
		}
	}
	if t := s.Probes.Truth; t != nil {
		if err := checkFinite(op, "Probes.Truth", t); err != nil {
			return err
		}
		tr, tc := t.Dims()
		if lr, lc := loss.Dims(); tr != lr || tc != lc {
			return invalid(op, "Probes.Truth is %d×%d but W is %d×%d", tr, tc, lr, lc)
		}
	}
	if st, ok := loss.(stableStepper); ok {
		if b := st.StableStep(depth); s.Step >= b {
			return invalid(op, "Step %v is not below the stable bound 2/(N ŷ₁^{2−2/N}) = %.6g for depth %d: no balanced minimum is stable", s.Step, b, depth)
		}
	}
	return nil
}

// axpy sets w ← w + a·g for equally shaped matrices.
func axpy(w *mat.Dense, a float64, g *mat.Dense) {
	rw, rg := w.RawMatrix(), g.RawMatrix()
	for i := 0; i < rw.Rows; i++ {
		wr := rw.Data[i*rw.Stride : i*rw.Stride+rw.Cols]
		gr := rg.Data[i*rg.Stride : i*rg.Stride+rw.Cols]
		for c, v := range gr {
			wr[c] += a * v
		}
	}
}

// addNoise sets dst = w + σ·ξ with ξ iid N(0, 1); dst may be w.
func addNoise(dst, w *mat.Dense, sigma float64, rng *rand.Rand) {
	rd, rw := dst.RawMatrix(), w.RawMatrix()
	for i := 0; i < rw.Rows; i++ {
		d := rd.Data[i*rd.Stride : i*rd.Stride+rw.Cols]
		src := rw.Data[i*rw.Stride : i*rw.Stride+rw.Cols]
		for c, v := range src {
			if sigma == 0 {
				d[c] = v
			} else {
				d[c] = v + sigma*rng.NormFloat64()
			}
		}
	}
}

// Imbalance stores D_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ (1 ≤ j < N) in dst
// (allocated if nil) and returns it. Gradient flow conserves every D_j
// (Arora, Cohen, Hazan, ICML 2018); for W = XYᵀ, D_1 = XᵀX − YᵀY.
func Imbalance(dst *mat.Dense, f *Factorization, j int) (*mat.Dense, error) {
	if err := f.validate("Imbalance"); err != nil {
		return nil, err
	}
	if j < 1 || j >= f.Depth() {
		return nil, invalid("Imbalance", "j must be in [1, N−1] = [1, %d], got %d", f.Depth()-1, j)
	}
	return imbalance(dst, f, j), nil
}

func imbalance(dst *mat.Dense, f *Factorization, j int) *mat.Dense {
	a, b := f.Factors[j], f.Factors[j-1]
	r, _ := b.Dims()
	if dst == nil {
		dst = mat.NewDense(r, r, nil)
	}
	var bb mat.Dense
	bb.Mul(b, b.T())
	dst.Mul(a.T(), a)
	dst.Sub(dst, &bb)
	return dst
}

// recorder fills a Trace.
type recorder struct {
	p  Probes
	tr *Trace
}

func (r *recorder) due(k int) bool {
	if r.p.Every == 0 {
		return k == 0
	}
	return k%r.p.Every == 0
}

func (r *recorder) add(k int, l float64, w *mat.Dense, f *Factorization) {
	t := r.tr
	if n := len(t.Iter); n > 0 && t.Iter[n-1] == k {
		return
	}
	t.Iter = append(t.Iter, k)
	t.Loss = append(t.Loss, l)
	if r.p.Spectrum {
		var svd mat.SVD
		var sv []float64
		if svd.Factorize(w, mat.SVDNone) {
			sv = svd.Values(nil)
		} else {
			sv = []float64{math.NaN()}
		}
		t.Sigma = append(t.Sigma, sv)
		t.ERank = append(t.ERank, EffectiveRank(sv))
		t.StableRank = append(t.StableRank, StableRank(sv))
	}
	if r.p.Truth != nil {
		var d mat.Dense
		d.Sub(w, r.p.Truth)
		t.Dist = append(t.Dist, mat.Norm(&d, 2))
	}
	if r.p.Imbalance {
		ds := make([]*mat.Dense, f.Depth()-1)
		for j := range ds {
			ds[j] = imbalance(nil, f, j+1)
		}
		t.Imbalance = append(t.Imbalance, ds)
	}
	if r.p.Norms {
		ns := make([]float64, f.Depth())
		for j, fw := range f.Factors {
			ns[j] = mat.Norm(fw, 2)
		}
		t.Norms = append(t.Norms, ns)
	}
}
