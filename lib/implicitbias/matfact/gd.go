package matfact

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/internal/engine"
)

// streamNoise is the PCG stream of the injected noise.
const streamNoise = 0x6d666e7a // "mfnz"

// maxIterations bounds Settings.Iterations so that a typo cannot hang a
// notebook for hours.
const maxIterations = 1 << 30

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
// non-finite or exceeds 1e10·max(ℓ₀, 1e-10) stops with
// *implicitbias.DivergedError, returned with the trace so far. The loop is
// the library's iteration engine (internal/engine).
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
	res := &Result{Factors: x}
	m := &gdModel{x: x, loss: loss, s: s, ws: newWorkspace(x)}
	m.ws.mul = newMultiplier()
	defer m.ws.mul.close()
	for _, sg := range s.Noise {
		m.noisy = m.noisy || sg > 0
	}
	if m.noisy {
		m.rng = rand.New(rand.NewPCG(s.Seed, streamNoise))
		m.pt = make([]*mat.Dense, n)
		for j, w := range x.Factors {
			r, c := w.Dims()
			m.pt[j] = mat.NewDense(r, c, nil)
		}
	}
	rec := &recorder{p: s.Probes, tr: &res.Trace, m: m}
	if s.Iterations == 0 {
		m.Eval(false)
		rec.add(0, m.lastLoss, m.ws.last(x.Factors))
		return res, nil
	}
	_, err := engine.Run(m, engine.Config{Method: "matfact.GD", Samples: 1, Step: s.Step, MaxIter: s.Iterations, Recorder: rec})
	var d *ib.DivergedError
	if errors.As(err, &d) && d.Reason == "" {
		if st, ok := loss.(stableStepper); ok {
			d.Reason = fmt.Sprintf("the stable bound at the balanced fit is η < 2/(N ŷ₁^{2−2/N}) = %.4g", st.StableStep(n))
		}
	}
	return res, err
}

// gdModel is one GD run as an engine.Model: Eval forms the gradient (at the
// perturbed point for perturbed GD), Step applies it.
type gdModel struct {
	x        *Factorization
	loss     Loss
	s        Settings
	ws       *workspace
	noisy    bool
	rng      *rand.Rand
	pt       []*mat.Dense // the perturbed point
	k        int          // the iteration whose gradient Eval forms
	lastLoss float64      // ℓ at the point of the last Eval
	perturb  bool         // whether the last Eval was at a perturbed point
}

func (m *gdModel) scale() float64 {
	if m.s.Schedule == nil {
		return 1
	}
	return m.s.Schedule(m.k)
}

// Eval forms the gradients for iteration k; the loss it returns is at the
// point where they are taken (perturbed or not), which the divergence guard
// watches. The recorder evaluates the unperturbed loss itself.
func (m *gdModel) Eval(full bool) (float64, float64) {
	m.perturb = full && m.noisy && !m.s.Additive && m.scale() != 0
	point := m.x.Factors
	if m.perturb {
		sc := m.scale()
		for j, w := range m.x.Factors {
			addNoise(m.pt[j], w, m.s.Noise[j]*sc, m.rng)
		}
		point = m.pt
	}
	if full {
		m.lastLoss = m.ws.gradient(point, m.loss)
	} else {
		m.lastLoss = m.loss.Gradient(m.ws.r, m.ws.product(point))
	}
	return m.lastLoss, m.lastLoss
}

// unperturbedLoss returns ℓ at the current factors and leaves their
// product in the workspace; it does not touch the gradients.
func (m *gdModel) unperturbedLoss() (float64, *mat.Dense) {
	if !m.perturb {
		return m.lastLoss, m.ws.last(m.x.Factors)
	}
	w := m.ws.product(m.x.Factors)
	return m.loss.Gradient(m.ws.r, w), w
}

func (m *gdModel) BatchGrad([]int) (float64, float64) { panic("matfact: GD is full-batch") }

func (m *gdModel) Step(eta float64) {
	sc := m.scale()
	for j, w := range m.x.Factors {
		axpy(w, -eta, m.ws.g[j])
		if m.noisy && m.s.Additive && sc != 0 {
			addNoise(w, w, m.s.Noise[j]*sc, m.rng)
		}
	}
	m.k++
}

func (m *gdModel) Check() string { return "" }

// Point is not used: the recorder reads the factors itself.
func (m *gdModel) Point() []float64 { return nil }

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
	m  *gdModel
}

// Due and Record implement engine.Recorder.
func (r *recorder) Due(k int) bool { return r.due(k) }

func (r *recorder) Record(k int, _ []float64, _, _ float64, _ bool) error {
	l, w := r.m.unperturbedLoss()
	r.add(k, l, w)
	return nil
}

func (r *recorder) due(k int) bool {
	if r.p.Every == 0 {
		return k == 0
	}
	return k%r.p.Every == 0
}

func (r *recorder) add(k int, l float64, w *mat.Dense) {
	t, f := r.tr, r.m.x
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
