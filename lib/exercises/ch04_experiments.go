package exercises

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/spectral"
	"github.com/implicitbias/course/lib/notebook"
)

// The experiments of chapter 04 live here so that the notebook's cells and
// the tests in ch04_test.go run the same code at the same parameters: a
// cell calls one of the Ch04Exp functions, draws its figure from the
// returned data and shows the returned Checks; the test asserts that every
// one of those Checks passes.

// Ch04Run is one SMD run with its prediction.
type Ch04Run struct {
	Map  Ch04Map
	W0   *mat.Dense
	Res  *spectral.Result
	Proj *spectral.Projection
	// Epochs and Residual hold ‖𝒜(W_t) − y‖ once per epoch (from the
	// Recorder), Bregman the distance D_ψ(W_proj, W_t) to the predicted
	// limit, SV the singular values of W_t.
	Epochs, Residual, Bregman []float64
	// Rho and R2 are the geometric rate per epoch fitted on the second half
	// of the epochs with residual above 1e-10, and its R².
	Rho, R2 float64
	// ToProj is ‖W_T − W_proj‖_F/‖W_proj‖_F.
	ToProj float64
	// MaxIncrease is the largest relative increase of Bregman from one
	// recorded epoch to the next (0 if it never increases).
	MaxIncrease float64
}

// Converged reports whether the run reached the residual 1e-10 at which
// the chapter compares it with the projection.
func (r *Ch04Run) Converged() bool { return r.Res.Residual <= 1e-10 }

// ch04Run runs SMD with map mp on meas from W0 with mini-batches of b,
// shuffled (seed 1), for at most maxEpochs epochs or until the residual is
// ≤ tol, recording once per epoch, and projects W0 independently.
func ch04Run(mp Ch04Map, meas *spectral.Measurements, W0 *mat.Dense, b, maxEpochs int, tol float64) (*Ch04Run, error) {
	proj, err := spectral.Project(mp.Potential, meas, W0, nil)
	if err != nil {
		return nil, err
	}
	per := spectral.EpochIterations(meas, b)
	r, c := meas.Shape()
	rec := &ib.Recorder{Every: per, Capacity: maxEpochs + 2,
		Reference: mat.NewVecDense(r*c, append([]float64(nil), proj.W.RawMatrix().Data...))}
	res, err := spectral.SMD(mp.Potential, meas, W0, ib.DescentSettings{Step: mp.Step, Batch: b, Shuffle: true, Seed: 1,
		MaxIter: maxEpochs * per, Tol: tol, Recorder: rec})
	var nc *ib.NotConvergedError
	if err != nil && !asNotConverged(err, &nc) {
		return nil, fmt.Errorf("%s: %w", mp.Name, err)
	}
	run := &Ch04Run{Map: mp, W0: W0, Res: res, Proj: proj, Residual: rec.Residual, Bregman: rec.Bregman}
	for _, it := range rec.Iter {
		run.Epochs = append(run.Epochs, float64(it)/float64(per))
	}
	run.Rho, run.R2 = ch04SecondHalfRate(run.Epochs, run.Residual)
	run.ToProj = spectral.RelativeError(res.W, proj.W)
	for i := 1; i < len(run.Bregman); i++ {
		if prev := run.Bregman[i-1]; prev > 0 {
			run.MaxIncrease = math.Max(run.MaxIncrease, (run.Bregman[i]-prev)/prev)
		}
	}
	return run, nil
}

// ch04SecondHalfRate fits the residual ≈ Cρ^epoch on the second half of
// the epochs during which the residual is above 1e-10 (below it the fit
// would see the rounding floor, ~1e-15, rather than the iteration).
func ch04SecondHalfRate(ep, res []float64) (rho, r2 float64) {
	end := -1.0
	for i, r := range res {
		if r > 1e-10 {
			end = ep[i]
		}
	}
	var x, y []float64
	for i, e := range ep {
		if e >= end/2 && e <= end {
			x = append(x, e)
			y = append(y, res[i])
		}
	}
	return spectral.FitGeometricRate(x, y)
}

func asNotConverged(err error, nc **ib.NotConvergedError) bool {
	e, ok := err.(*ib.NotConvergedError)
	if ok {
		*nc = e
	}
	return ok
}

// Ch04ClassStart returns the generic start W₀ = 0.3·G/√d of Experiment 1
// (G with independent standard normal entries, seed 2).
func Ch04ClassStart() *mat.Dense {
	rng := rand.New(rand.NewPCG(2, 0x57))
	W0 := mat.NewDense(Ch04D, Ch04K, nil)
	s := 0.3 / math.Sqrt(Ch04D)
	for i := range Ch04D {
		for j := range Ch04K {
			W0.Set(i, j, s*rng.NormFloat64())
		}
	}
	return W0
}

// Ch04Exp1 is Experiment 1 from one start: SMD with every map of
// Ch04ClassMaps on the multi-class problem, single-sample shuffled steps,
// until the residual is ≤ 1e-10 (at most 3000 epochs).
type Ch04Exp1 struct {
	Problem *Ch04Classes
	// Pinv is X⁺Y, the minimum-Frobenius interpolator.
	Pinv *mat.Dense
	Runs []*Ch04Run
	// FromZero holds, for the generic start, the projections of W₀ = 0 with
	// each map of Runs (the limits the same maps reach from 0).
	FromZero []*mat.Dense
	Checks   *notebook.Checks
}

// Ch04Experiment1 runs Experiment 1 from W₀ = 0 (generic = false) or from
// Ch04ClassStart (generic = true); step, if not nil, is called after each
// run. Its Checks hold the chapter's table.
func Ch04Experiment1(generic bool, step func()) (*Ch04Exp1, error) {
	p := Ch04ClassProblem()
	W0 := mat.NewDense(Ch04D, Ch04K, nil)
	start := "W₀ = 0"
	if generic {
		W0 = Ch04ClassStart()
		start = "W₀ = 0.3·G/√d"
	}
	zero := mat.NewDense(Ch04D, Ch04K, nil)
	pinv, err := spectral.Project(ch04Must(spectral.NewFrobenius(Ch04D, Ch04K)), p.Meas, zero, nil)
	if err != nil {
		return nil, err
	}
	e := &Ch04Exp1{Problem: p, Pinv: pinv.W, Checks: notebook.NewChecks("Experiment 1 (" + start + "): convergence and implicit bias in the multi-class model")}
	maps := Ch04ClassMaps(p)
	if generic {
		maps = maps[:3] // the spectral maps and SGD
	}
	for _, mp := range maps {
		run, err := ch04Run(mp, p.Meas, W0, 1, 3000, 1e-10)
		if err != nil {
			return nil, err
		}
		e.Runs = append(e.Runs, run)
		if generic {
			pz, err := spectral.Project(mp.Potential, p.Meas, zero, nil)
			if err != nil {
				return nil, err
			}
			e.FromZero = append(e.FromZero, pz.W)
		}
		if step != nil {
			step()
		}
	}
	c := e.Checks
	for _, r := range e.Runs {
		// Once the residual is ≤ 1e-10 the iterate is within ~1e-10 (times
		// the conditioning of XXᵀ, ≈ 10 here) of the limit; 1e-7 is the
		// issue's tolerance, far below any difference between maps (≥ 1e-2).
		c.AtMost(r.Map.Name+": residual ‖XW − Y‖ reached", 1e-10, r.Res.Residual)
		c.AtMost(r.Map.Name+": ‖W_SMD − W_proj‖/‖W_proj‖ (T2)", 1e-7, r.ToProj)
		// Exponential convergence (T1): a straight line on the log scale.
		c.Claim(r.Map.Name+": residual decays geometrically (ρ < 1, R² ≥ 0.99, 2nd half)", r.Rho < 1 && r.R2 >= 0.99,
			fmt.Sprintf("ρ = %.4f per epoch, R² = %.4f", r.Rho, r.R2))
		// An observation: the distance to the limit never grows between
		// epochs (the divergence is evaluated without cancellation, so a
		// rounding-level increase would not be mistaken for one).
		c.Claim(r.Map.Name+": D(W∞, W(t)) never increases from epoch to epoch", r.MaxIncrease == 0,
			fmt.Sprintf("largest relative increase %.2g", r.MaxIncrease))
	}
	for _, r := range e.Runs {
		if r.Map.Name == maps[0].Name {
			continue
		}
		d := spectral.RelativeError(r.Res.W, e.Runs[0].Res.W)
		switch {
		case !generic && r.Map.Spectral:
			// Invariance (derived in the text): the columns of W_t stay in
			// span{xᵢ}, where X⁺Y is the only interpolator; 1e-8 is the
			// issue's tolerance for runs stopped at residual 1e-10.
			c.AtMost(r.Map.Name+": ‖W − X⁺Y‖/‖X⁺Y‖ from W₀ = 0 (same as SGD)", 1e-8, spectral.RelativeError(r.Res.W, pinv.W))
		case !generic:
			c.AtLeast(r.Map.Name+": ‖W − X⁺Y‖/‖X⁺Y‖ (entrywise: not SGD's answer)", 1e-2, d)
		default:
			c.AtLeast(r.Map.Name+": ‖W − W_SGD‖/‖W_SGD‖ from a generic W₀ (maps differ)", 1e-2, d)
		}
	}
	return e, nil
}

// Ch04Exp2 is Experiment 2: SMD for completion with every map of
// Ch04CompletionMaps from W₀ = 0, mini-batches of Ch04Batch entries, until
// the residual is ≤ 1e-10 (at most 2000 epochs).
type Ch04Exp2 struct {
	Problem *Ch04Completion
	Runs    []*Ch04Run
	Checks  *notebook.Checks
}

// Ch04Experiment2 runs Experiment 2; step, if not nil, is called after
// each run.
func Ch04Experiment2(step func()) (*Ch04Exp2, error) {
	p := Ch04CompletionProblem()
	zero := mat.NewDense(Ch04Size, Ch04Size, nil)
	e := &Ch04Exp2{Problem: p, Checks: notebook.NewChecks("Experiment 2: what each mirror map selects in matrix completion")}
	for _, mp := range Ch04CompletionMaps() {
		run, err := ch04Run(mp, p.Meas, zero, Ch04Batch, 2000, 1e-10)
		if err != nil {
			return nil, err
		}
		e.Runs = append(e.Runs, run)
		if step != nil {
			step()
		}
	}
	c := e.Checks
	zf := p.ZeroFill(zero)
	// SGD changes only observed entries: its limit is the zero fill, up to
	// the rounding of the last steps (1e-12 absolute on entries of size ≤ 1).
	fro := e.Runs[0]
	var worst float64
	for i := range Ch04Size {
		for j := range Ch04Size {
			worst = math.Max(worst, math.Abs(fro.Res.W.At(i, j)-zf.At(i, j)))
		}
	}
	c.AtMost("SGD limit vs zero-filled observations (max entry)", 1e-12, worst)
	for _, r := range e.Runs {
		if !r.Converged() {
			c.Claim(r.Map.Name+": reached residual 1e-10 within 2000 epochs", false, fmt.Sprintf("residual %.2g", r.Res.Residual))
			continue
		}
		c.AtMost(r.Map.Name+": ‖W_SMD − W_proj‖/‖W_proj‖ at residual ≤ 1e-10", 1e-7, r.ToProj)
	}
	rec := func(r *Ch04Run) float64 { return spectral.RelativeError(r.Res.W, p.M) }
	c.Claim("recovery error: SGD > hypentropy 0.1 > hypentropy 0.03", rec(e.Runs[0]) > rec(e.Runs[2]) && rec(e.Runs[2]) > rec(e.Runs[3]),
		fmt.Sprintf("%.3f > %.3f > %.3f", rec(e.Runs[0]), rec(e.Runs[2]), rec(e.Runs[3])))
	c.Claim("recovery error: SGD > Schatten 1.5", rec(e.Runs[0]) > rec(e.Runs[1]), fmt.Sprintf("%.3f > %.3f", rec(e.Runs[0]), rec(e.Runs[1])))
	// Entrywise maps are separable: like SGD they never touch an
	// unobserved entry, so their limit is the zero fill as well.
	c.AtMost("entrywise hypentropy limit vs zero fill (rel.)", 1e-8, spectral.RelativeError(e.Runs[4].Res.W, zf))
	ef := spectral.EffectiveRank(spectral.SingularValues(e.Runs[0].Res.W))
	eh := spectral.EffectiveRank(spectral.SingularValues(e.Runs[3].Res.W))
	c.Claim("effective rank: hypentropy 0.03 below SGD", eh < ef, fmt.Sprintf("%.2f < %.2f", eh, ef))
	return e, nil
}

// Ch04Sweep is the projection sweep of Experiment 2: the limits of SMD
// from W₀ = 0 for a range of p (Schatten-p power) or β (spectral
// hypentropy), computed as Bregman projections.
type Ch04Sweep struct {
	Params        []float64
	Recovery      []float64 // ‖W_∞ − M‖_F/‖M‖_F
	EffRank       []float64
	Residual      []float64 // ‖𝒜(W_∞) − y‖ of the projections
	ZeroFillError float64
	// NuclearError is the recovery error of the minimum-nuclear-norm
	// interpolator, the end of both families (p → 1, β → 0).
	NuclearError float64
	Checks       *notebook.Checks
}

// Ch04PSweep and Ch04BetaSweep are the parameter grids of the sweeps.
var (
	Ch04PSweep    = []float64{2, 1.7, 1.5, 1.3, 1.2, 1.1}
	Ch04BetaSweep = []float64{1, 0.1, 0.01, 0.001}
)

// Ch04ExperimentSweep projects W₀ = 0 with the Schatten-p power for every
// p in Ch04PSweep (beta = false) or the spectral hypentropy for every β in
// Ch04BetaSweep (beta = true), warm-starting each projection from the
// previous multipliers; step, if not nil, is called after each.
func Ch04ExperimentSweep(beta bool, step func()) (*Ch04Sweep, error) {
	p := Ch04CompletionProblem()
	zero := mat.NewDense(Ch04Size, Ch04Size, nil)
	s := &Ch04Sweep{Params: Ch04PSweep}
	name := "p"
	if beta {
		s.Params, name = Ch04BetaSweep, "β"
	}
	s.Checks = notebook.NewChecks(fmt.Sprintf("Experiment 2: recovery error against %s (projections)", name))
	s.ZeroFillError = spectral.RelativeError(p.ZeroFill(zero), p.M)
	nuc, err := spectral.NuclearNormInterpolator(p.Meas, spectral.NuclearSettings{})
	if err != nil {
		return nil, err
	}
	s.NuclearError = spectral.RelativeError(nuc.W, p.M)
	var lam *mat.VecDense
	for _, v := range s.Params {
		var pot ib.Potential
		var err error
		switch {
		case beta:
			pot, err = spectral.NewSpectralHypentropy(Ch04Size, Ch04Size, v)
		case v == 2:
			pot, err = spectral.NewFrobenius(Ch04Size, Ch04Size)
		default:
			pot, err = spectral.NewSchattenPower(Ch04Size, Ch04Size, v)
		}
		if err != nil {
			return nil, err
		}
		pr, err := spectral.Project(pot, p.Meas, zero, &ib.ProjectSettings{Lambda0: lam})
		if err != nil {
			return nil, err
		}
		lam = pr.Lambda
		s.Recovery = append(s.Recovery, spectral.RelativeError(pr.W, p.M))
		s.EffRank = append(s.EffRank, spectral.EffectiveRank(spectral.SingularValues(pr.W)))
		s.Residual = append(s.Residual, pr.Residual)
		if step != nil {
			step()
		}
	}
	c := s.Checks
	mono, monoRank := true, true
	for i := 1; i < len(s.Params); i++ {
		mono = mono && s.Recovery[i] < s.Recovery[i-1]
		monoRank = monoRank && s.EffRank[i] < s.EffRank[i-1]
	}
	toward := "p ↓ 1"
	if beta {
		toward = "β ↓ 0"
	}
	c.Claim("recovery error decreases monotonically as "+toward, mono, fmt.Sprintf("%.3f → %.3f", s.Recovery[0], s.Recovery[len(s.Recovery)-1]))
	c.Claim("effective rank decreases monotonically as "+toward, monoRank, fmt.Sprintf("%.2f → %.2f", s.EffRank[0], s.EffRank[len(s.EffRank)-1]))
	if !beta {
		// p = 2 is SGD: the zero fill (closed form, exact up to rounding).
		c.Absolute("p = 2: recovery error of the zero fill", s.ZeroFillError, s.Recovery[0], 1e-12)
	} else {
		// β = 1 ≫ the entries of M: already close to Frobenius (within 5%
		// of the zero fill's error, an observation, not a bound).
		c.Relative("β = 1: close to the zero fill's error", s.ZeroFillError, s.Recovery[0], 0.05)
	}
	// Observation on this instance (rank 2, 214 of 400 entries): the
	// nuclear-norm interpolator recovers M up to the ADMM tolerance 1e-9,
	// as the theory of Candès and Recht (2009) leads one to expect with this
	// many samples; the families approach it.
	c.AtMost("minimum nuclear norm interpolator (ADMM): recovery error", 1e-6, s.NuclearError)
	var worst float64
	for _, r := range s.Residual {
		worst = math.Max(worst, r)
	}
	// The projections are solved to a relative residual ≤ 1e-10.
	c.AtMost("largest residual ‖𝒜(W) − y‖ of the projections", 1e-9, worst)
	return s, nil
}

// Ch04Exp3 is Experiment 3: dependence on W₀ and the Bregman Pythagorean
// identity, with the spectral hypentropy β = 0.1 on the completion problem.
type Ch04Exp3 struct {
	Problem *Ch04Completion
	// Runs from W₀ = 0 and W₀ = 0.1·G/√20.
	Zero, Generic *Ch04Run
	// For 100 random interpolators W' = W∞ + N (N zero on Ω), from the
	// generic start: D(W', W₀), D(W', W∞) and D(W∞, W₀).
	DToStart, DToLimit []float64
	DLimit             float64
	Checks             *notebook.Checks
}

// Ch04Experiment3 runs Experiment 3.
func Ch04Experiment3() (*Ch04Exp3, error) {
	p := Ch04CompletionProblem()
	n := Ch04Size
	h := ch04Must(spectral.NewSpectralHypentropy(n, n, 0.1))
	mp := Ch04Map{Name: "spectral hypentropy β = 0.1", Potential: h, Step: Ch04Batch, Spectral: true}
	rng := rand.New(rand.NewPCG(3, 0x57))
	W0 := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			W0.Set(i, j, 0.1/math.Sqrt(float64(n))*rng.NormFloat64())
		}
	}
	e := &Ch04Exp3{Problem: p, Checks: notebook.NewChecks("Experiment 3: the limit depends on W₀ as the Bregman projection says")}
	var err error
	if e.Zero, err = ch04Run(mp, p.Meas, mat.NewDense(n, n, nil), Ch04Batch, 2000, 1e-10); err != nil {
		return nil, err
	}
	if e.Generic, err = ch04Run(mp, p.Meas, W0, Ch04Batch, 2000, 1e-10); err != nil {
		return nil, err
	}
	wInf := e.Generic.Res.W.RawMatrix().Data
	w0 := W0.RawMatrix().Data
	e.DLimit = h.Bregman(wInf, w0)
	var worst float64
	allAbove := true
	var N, Wp mat.Dense
	for range 100 {
		G := mat.NewDense(n, n, nil)
		s := 0.5 * rng.Float64() // interpolators at various distances
		for i := range n {
			for j := range n {
				G.Set(i, j, s*rng.NormFloat64())
			}
		}
		if err := p.Meas.KernelPart(&N, G); err != nil {
			return nil, err
		}
		Wp.Add(e.Generic.Res.W, &N)
		wp := Wp.RawMatrix().Data
		lhs := h.Bregman(wp, w0)
		dl := h.Bregman(wp, wInf)
		e.DToStart = append(e.DToStart, lhs)
		e.DToLimit = append(e.DToLimit, dl)
		worst = math.Max(worst, math.Abs(lhs-(dl+e.DLimit))/lhs)
		allAbove = allAbove && lhs >= e.DLimit
	}
	c := e.Checks
	for _, r := range []*Ch04Run{e.Zero, e.Generic} {
		start := "W₀ = 0"
		if r == e.Generic {
			start = "W₀ = 0.1·G/√20"
		}
		c.AtMost(start+": residual reached", 1e-10, r.Res.Residual)
		// At residual 1e-10 the primal error is ~1e-10 (measured 1e-10 to
		// 1e-9); 1e-8 is the tolerance of the issue for this experiment.
		c.AtMost(start+": ‖W_SMD − its own projection‖/‖W_proj‖", 1e-8, r.ToProj)
	}
	c.AtLeast("the two limits differ: ‖W∞(0) − W∞(W₀)‖/‖W∞(0)‖", 1e-3, spectral.RelativeError(e.Generic.Res.W, e.Zero.Res.W))
	// The three-point identity leaves ⟨∇ψ(W∞) − ∇ψ(W₀), W' − W∞⟩, which
	// vanishes exactly along the run (the dual iterate stays in range 𝒜*,
	// W' − W∞ in ker 𝒜), so only the rounding of the three divergences
	// (~1e-14 relative, cancellation-free) remains; 1e-8 is the issue's
	// tolerance. Using the other start's limit breaks it by O(1).
	c.AtMost("Pythagoras D(W',W₀) = D(W',W∞) + D(W∞,W₀): max rel. error over 100 W'", 1e-8, worst)
	c.Claim("every interpolator is at least as far from W₀ as W∞ (D(W',W₀) ≥ D(W∞,W₀))", allAbove, fmt.Sprintf("D(W∞, W₀) = %.4g", e.DLimit))
	return e, nil
}

// Ch04Exp4 is Experiment 4: the convergence rate per epoch against the
// geometry (p) and the mini-batch size, on the completion problem from
// W₀ = 0, for a fixed budget of epochs.
type Ch04Exp4 struct {
	Ps, Steps []float64 // p values; per-entry steps c (η = c·b)
	// RhoP[i][j] is the fitted ρ at p = Ps[i], step Steps[j], b = Ch04Batch.
	RhoP, R2P [][]float64
	Batches   []int
	// RhoB[i] is the fitted ρ at p = 1.5, c = 0.5 and batch Batches[i].
	RhoB, R2B []float64
	Epochs    int
	Checks    *notebook.Checks
}

// Ch04Experiment4 runs Experiment 4; step, if not nil, is called after
// each run.
func Ch04Experiment4(step func()) (*Ch04Exp4, error) {
	p := Ch04CompletionProblem()
	n := Ch04Size
	zero := mat.NewDense(n, n, nil)
	e := &Ch04Exp4{Ps: []float64{2, 1.8, 1.6, 1.4}, Steps: []float64{0.25, 0.5, 1}, Batches: []int{5, 20, len(p.Observed)}, Epochs: 150,
		Checks: notebook.NewChecks("Experiment 4: exponential convergence, rate against p and batch size")}
	pot := func(pv float64) ib.Potential {
		if pv == 2 {
			return ch04Must(spectral.NewFrobenius(n, n))
		}
		return ch04Must(spectral.NewSchattenPower(n, n, pv))
	}
	fit := func(pv, c float64, b int) (float64, float64, error) {
		per := spectral.EpochIterations(p.Meas, b)
		rec := &ib.Recorder{Every: per, Capacity: e.Epochs + 2}
		_, err := spectral.SMD(pot(pv), p.Meas, zero, ib.DescentSettings{Step: c * float64(b), Batch: b, Shuffle: true, Seed: 1,
			MaxIter: e.Epochs * per, Recorder: rec})
		if err != nil {
			return 0, 0, fmt.Errorf("p = %g, c = %g, b = %d: %w", pv, c, b, err)
		}
		ep := make([]float64, len(rec.Iter))
		for i, it := range rec.Iter {
			ep[i] = float64(it) / float64(per)
		}
		rho, r2 := ch04SecondHalfRate(ep, rec.Residual)
		if step != nil {
			step()
		}
		return rho, r2, nil
	}
	for _, pv := range e.Ps {
		var rr, qq []float64
		for _, c := range e.Steps {
			rho, r2, err := fit(pv, c, Ch04Batch)
			if err != nil {
				return nil, err
			}
			rr, qq = append(rr, rho), append(qq, r2)
		}
		e.RhoP, e.R2P = append(e.RhoP, rr), append(e.R2P, qq)
	}
	for _, b := range e.Batches {
		rho, r2, err := fit(1.5, 0.5, b)
		if err != nil {
			return nil, err
		}
		e.RhoB, e.R2B = append(e.RhoB, rho), append(e.R2B, r2)
	}
	ck := e.Checks
	for i, pv := range e.Ps {
		for j, c := range e.Steps {
			if math.IsNaN(e.RhoP[i][j]) {
				continue // converged to the rounding floor within a few epochs (p = 2, c = 1)
			}
			ck.Claim(fmt.Sprintf("p = %g, c = %g: geometric decay (ρ < 1, R² ≥ 0.99)", pv, c), e.RhoP[i][j] < 1 && e.R2P[i][j] >= 0.99,
				fmt.Sprintf("ρ = %.4f, R² = %.4f", e.RhoP[i][j], e.R2P[i][j]))
		}
	}
	// c = 0.5 column: slower as p ↓ 1.
	mono := true
	for i := 1; i < len(e.Ps); i++ {
		mono = mono && e.RhoP[i][1] > e.RhoP[i-1][1]
	}
	ck.Claim("at c = 0.5, ρ increases (slower) as p decreases", mono, fmt.Sprintf("ρ = %.3f (p=2) … %.3f (p=%g)", e.RhoP[0][1], e.RhoP[len(e.Ps)-1][1], e.Ps[len(e.Ps)-1]))
	// p = 2, full batch with per-entry step c: every observed residual is
	// multiplied by exactly 1 − c per epoch, a check of the rate fit itself;
	// the last residuals fitted (≈ 1e-10) carry rounding ~1e-15 absolute,
	// which moves the fitted ρ by ~1e-9, so 1e-7 (a wrong ρ is off by ≥ 1e-2).
	rho, _, err := fit(2, 0.25, len(p.Observed))
	if err != nil {
		return nil, err
	}
	ck.Relative("p = 2, full batch, c = 0.25: ρ = 1 − c exactly (SGD on completion)", 0.75, rho, 1e-7)
	minB, maxB := math.Inf(1), math.Inf(-1)
	for _, r := range e.RhoB {
		minB, maxB = math.Min(minB, r), math.Max(maxB, r)
	}
	// Observation: at a fixed step per entry an epoch contracts by about
	// the same factor whatever the batch size (within 1% here).
	ck.Claim("p = 1.5, c = 0.5: ρ per epoch nearly independent of the batch size", maxB-minB <= 0.01,
		fmt.Sprintf("ρ from %.4f to %.4f over batches %v", minB, maxB, e.Batches))
	for i, b := range e.Batches {
		ck.Claim(fmt.Sprintf("p = 1.5, batch %d: geometric decay (ρ < 1, R² ≥ 0.99)", b), e.RhoB[i] < 1 && e.R2B[i] >= 0.99,
			fmt.Sprintf("ρ = %.4f, R² = %.4f", e.RhoB[i], e.R2B[i]))
	}
	return e, nil
}
