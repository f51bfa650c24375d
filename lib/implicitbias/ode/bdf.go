package ode

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Parameters of the variable-order BDF/NDF method.
const (
	bdfMaxOrder = 5
	// bdfMaxIter bounds the Newton iterations per step (CVODE's NLS_MAXCOR).
	bdfMaxIter = 3
	// bdfNewtonCoef is the share of the largest local error admitted by the
	// error test that the remaining Newton error may take. The estimate
	// C_k‖y − y_pred‖ is (α_k + C_k) times the local error, so the bound on
	// the iteration error is bdfNewtonCoef/(α_k + C_k) in the weighted norm.
	// (CVODE's nlscoef = 0.1 bounds it relative to the estimate instead;
	// that admits iteration errors larger than the local error, biased
	// towards the predictor, which add up over thousands of steps.)
	bdfNewtonCoef = 0.1
	// bdfRateFloor: the convergence-rate estimate decays by this factor per
	// iteration when the observed rate is smaller (CVODE's CRDOWN).
	bdfRateFloor = 0.3
	// bdfDiverge: a Newton update larger than this times the previous one
	// means divergence (CVODE's RDIV).
	bdfDiverge = 2
	// bdfGammaChange: the LU factorisation of I − cJ is refreshed when c
	// changed by more than this fraction since it was factorised (CVODE's
	// DGMAX).
	bdfGammaChange = 0.3
	// bdfRateAge: the convergence rate carried over from earlier steps is
	// measured again (by at least two iterations) after this many steps
	// (CVODE refreshes its setup every MSBP = 20 steps for the same reason).
	bdfRateAge = 20
	// bdfMinFactor, bdfMaxFactor bound the step ratio after an error-test
	// failure and after a successful step.
	bdfMinFactor, bdfMaxFactor = 0.2, 10
	// bdfSafety is the safety factor of the step-size choice for a step
	// that converged in one Newton iteration (SciPy's 0.9·(2m+1)/(2m+n) for
	// n iterations, with 0.7 instead of 0.9). CVODE's bias 6 on the error
	// estimate amounts to 6^(−1/(k+1)) = 0.70–0.74 at orders 4–5. On the
	// sign flow of the course 0.7 reaches the accuracy of 0.9 with 15% fewer
	// calls of F: fewer rejected steps, and local errors further below the
	// tolerance where they would otherwise sit at it.
	bdfSafety = 0.7
	// bdfKeepBand: a proposed step increase below this factor at unchanged
	// order is not applied, so that D and the LU stay as they are.
	bdfKeepBand = 1.2
	// bdfNonStiff: the Newton iteration gives way to the fixed-point
	// iteration when the latter's measured contraction c‖JΔ‖/‖Δ‖ is below
	// this (it then converges in one iteration as the Newton iteration
	// does, without the linear solve).
	bdfNonStiff = 0.05
)

// NDF coefficients (Shampine and Reichelt, The MATLAB ODE Suite, SIAM J.
// Sci. Comput. 18(1), 1997, Table 1 and eqs. (2)–(3)): κ_k per order,
// γ_k = Σ_{j≤k} 1/j, α_k = (1 − κ_k)γ_k, and the error constants
// κ_k γ_k + 1/(k+1) of the local truncation error in terms of the
// (k+1)-th backward difference.
var (
	ndfKappa    = [bdfMaxOrder + 2]float64{0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0, 0}
	ndfGamma    [bdfMaxOrder + 2]float64
	ndfAlpha    [bdfMaxOrder + 2]float64
	ndfErrConst [bdfMaxOrder + 2]float64
)

func init() {
	for k := 1; k <= bdfMaxOrder+1; k++ {
		ndfGamma[k] = ndfGamma[k-1] + 1/float64(k)
	}
	for k := 0; k <= bdfMaxOrder+1; k++ {
		ndfAlpha[k] = (1 - ndfKappa[k]) * ndfGamma[k]
		ndfErrConst[k] = ndfKappa[k]*ndfGamma[k] + 1/float64(k+1)
	}
}

// BDF integrates the (stiff) problem p with the variable-order (1–5)
// numerical differentiation formulas NDF of Shampine and Reichelt (The
// MATLAB ODE Suite, SIAM J. Sci. Comput. 18(1), 1997): the backward
// differentiation formulas with the modification κ that enlarges the
// stability region at orders 1–4 (order 5 is plain BDF5). As in SciPy's BDF,
// the solution is carried as backward differences on an equally spaced grid
// that is re-interpolated when the step changes (quasi-constant step size).
//
// The implicit equation of each step is solved by a simplified Newton
// iteration with a stored Jacobian J = ∂F/∂y and LU factorisation of
// I − cJ (c = h/α_k), in the manner of CVODE (Hindmarsh et al., ACM TOMS
// 31(3), 2005): the iteration stops when its remaining error, estimated from
// a linear convergence rate ρ as ‖Δ‖ρ/(1−ρ), is below a tenth of the local
// error the error test admits. The rate is carried over from step to step
// (so one call of F per step is typical) and measured afresh after 20 steps
// and after an error-test failure. Where the problem is not stiff, the
// iteration runs without J: a fixed-point iteration (J = 0, no linear
// solve), as LSODA does in its non-stiff mode. The integration starts that
// way; when the fixed-point iteration fails to converge, the step is
// retried with the Newton iteration, and the fixed-point iteration takes
// over again once its contraction c‖F(y₁) − F(y₀)‖/‖y₁ − y₀‖, measured
// whenever the Newton iteration takes two iterations, is below 0.05. J is
// evaluated only when the Newton iteration fails to converge with an old J
// or has none (SciPy's policy); the LU factorisation is
// refreshed when c has drifted so far from the factorised c′ that the
// iteration would slow down: by 30% in the stiff regime (c′‖J‖ ≥ 1/2, with
// CVODE's correction 2/(1 + c/c′) of the update), by 2|c − c′|‖J‖ > 0.3 in
// the non-stiff one. J comes from Problem.Jac, else from forward differences
// (len(Y0) calls of F, counted in Stats.RHSCalls). Stats.JacCalls and
// Stats.LUs count the evaluations and factorisations; they are far fewer
// than Stats.Steps. Order and step size are chosen after k+1 steps of equal
// size at order k from the error estimates at orders k−1, k and k+1; after
// three error-test failures in a row the order drops to 1.
//
// The local error test uses the weighted max norm over components,
// max_i |err_i|/(ATol + RTol·max(|y_i|, |ynew_i|)) ≤ 1, as LSODA does, not the
// RMS norm of the other methods: on flows whose error comes from a few
// components at a time (the smoothed kinks of a sign flow) the RMS norm lets
// each of them carry √len(Y0) times the tolerance. On the sign flow of the
// course this reaches the same accuracy with 15–20% fewer calls of F.
//
// Unlike the one-step methods, BDF does not propagate a higher-order
// solution than its error estimate (no local extrapolation): its global
// error is the accumulation of local errors of the size of the tolerance, so
// ask for about two more digits than the accuracy needed.
//
// Settings.Output and events use the interpolating polynomial of the last
// k+1 solution values, of the order of the method. Problem.Autonomous is
// ignored (the method never needs ∂F/∂t).
//
// It returns an error for invalid input (wrapping ErrInvalidInput), when F or
// Jac produce non-finite values that cannot be avoided by shortening the
// step, when the step size underflows, and when Settings.MaxSteps is exceeded.
func BDF(p Problem, s Settings) (*Result, error) {
	r, _, err := solveBDF(p, s)
	return r, err
}

// solveBDF is BDF that also returns the final state of the method.
func solveBDF(p Problem, s Settings) (*Result, *bdf, error) {
	s, err := checkProblem(p, s)
	if err != nil {
		return nil, nil, err
	}
	if err := checkMatrixSize(len(p.Y0)); err != nil {
		return nil, nil, err
	}
	b := newBDF(p, s)
	b.functional = true
	f0 := b.f
	p.F(p.T0, b.d[0], f0)
	b.stats.RHSCalls++
	if !allFinite(f0) {
		return nil, nil, errAtStart(p)
	}
	h := s.InitialStep
	if h == 0 {
		// Order 1 has local error O(h²): initialStep's exponent is
		// 1/(local order), as in SciPy's select_initial_step.
		h = initialStep(p, s, 2, f0, b.y, b.dy, &b.stats)
	}
	for i, v := range f0 {
		b.d[1][i] = h * v
	}
	b.h = h
	r, err := integrate(p, s, b, h, &b.stats)
	return r, b, err
}

type bdf struct {
	p          Problem
	rtol, atol float64
	stats      Stats
	n          int

	// d[j] is the j-th backward difference of the solution at the current
	// time on the grid of spacing h; rows order+1 and order+2 hold the
	// differences needed to estimate the error at the next higher order.
	d      [bdfMaxOrder + 3][]float64
	dtmp   [bdfMaxOrder + 1][]float64 // work rows for rescale
	order  int
	h      float64 // the spacing d refers to
	nEqual int     // steps taken with the current h and order

	ypred, psi, y, corr []float64 // predictor, history term, iterate, correction
	f, fpred, dy, w     []float64 // F at the iterate and at the predictor, update, weights
	fpredOK             bool      // fpred holds F(t+h, ypred) for the current attempt

	jac *mat.Dense
	// functional: the iteration uses J = 0, a fixed-point iteration with
	// neither Jacobian nor linear solve (see bdfNonStiff).
	functional bool
	// stiff is c‖F(y₁) − F(y₀)‖/‖y₁ − y₀‖ from the two first iterates of
	// the last Newton iteration that took two, −1 when it took one.
	stiff      float64
	jacOK      bool // jac has been evaluated
	jacCurrent bool // jac was evaluated during the current step
	jacAge     int  // steps accepted since jac was evaluated
	lu         *denseLU
	luOK       bool
	cLU        float64 // the c of the factorisation
	jNorm      float64 // ‖J‖∞
	rate       float64 // estimated convergence rate of the Newton iteration
	rateAge    int     // steps since rate was last measured
	iters      int     // Newton iterations of the last converged attempt

	convFail    bool    // the last attempt failed in Newton, not in the error test
	errFails    int     // consecutive error-test failures
	errM, errP  float64 // error estimates at orders k−1 and k+1 after a step
	denseOrder  int     // order of the interpolant
	tcur        float64 // time of d[0]
	proposedOrd int     // order chosen for the next step
}

func newBDF(p Problem, s Settings) *bdf {
	n := len(p.Y0)
	rows := len(bdf{}.d) + len(bdf{}.dtmp) + 8
	buf := make([]float64, rows*n)
	next := func() []float64 { v := buf[:n:n]; buf = buf[n:]; return v }
	b := &bdf{p: p, rtol: s.RTol, atol: s.ATol, n: n, order: 1, proposedOrd: 1, rate: 1, tcur: p.T0}
	for i := range b.d {
		b.d[i] = next()
	}
	for i := range b.dtmp {
		b.dtmp[i] = next()
	}
	b.ypred, b.psi, b.y, b.corr = next(), next(), next(), next()
	b.f, b.fpred, b.dy, b.w = next(), next(), next(), next()
	copy(b.d[0], p.Y0)
	b.jac = mat.NewDense(n, n, nil)
	b.lu = newDenseLU(n)
	return b
}

func (b *bdf) state() []float64 { return b.d[0] }

// rescale re-interpolates the differences d[0..order] from spacing h to
// spacing factor·h: d ← (RU)ᵀd with R = R(factor) and U = R(1), where
// R(ρ)_{ij} = Π_{m=1..i} (m − 1 − ρj)/m (Shampine and Reichelt 1997, §2.3).
func (b *bdf) rescale(factor float64) {
	k := b.order
	var r, u, ru [bdfMaxOrder + 1][bdfMaxOrder + 1]float64
	for j := 0; j <= k; j++ {
		r[0][j], u[0][j] = 1, 1
		for i := 1; i <= k; i++ {
			r[i][j] = r[i-1][j] * (float64(i-1) - factor*float64(j)) / float64(i)
			u[i][j] = u[i-1][j] * (float64(i-1) - float64(j)) / float64(i)
		}
	}
	for i := 0; i <= k; i++ {
		for j := 0; j <= k; j++ {
			var s float64
			for m := 0; m <= k; m++ {
				s += r[i][m] * u[m][j]
			}
			ru[i][j] = s
		}
	}
	// d[0] is unchanged (ru[i][0] = δ_i0); compute rows 1..k into dtmp.
	for j := 1; j <= k; j++ {
		dst := b.dtmp[j]
		for c := range dst {
			dst[c] = 0
		}
		for i := 1; i <= k; i++ {
			if c := ru[i][j]; c != 0 {
				src := b.d[i]
				for q, v := range src {
					dst[q] += c * v
				}
			}
		}
	}
	for j := 1; j <= k; j++ {
		b.d[j], b.dtmp[j] = b.dtmp[j], b.d[j]
	}
}

func (b *bdf) evalF(t float64, y, dy []float64) bool {
	b.p.F(t, y, dy)
	b.stats.RHSCalls++
	return allFinite(dy)
}

// jacobian evaluates J at (t, ypred); fpred must hold F(t, ypred).
func (b *bdf) jacobian(t float64) error {
	n := b.n
	y := b.ypred
	raw := b.jac.RawMatrix()
	b.stats.JacCalls++
	if b.p.Jac != nil {
		b.jac.Zero()
		b.p.Jac(t, y, b.jac)
	} else {
		tmp, col := b.y, b.f // free until the Newton iteration starts
		copy(tmp, y)
		for j := 0; j < n; j++ {
			yj := y[j]
			delta := math.Sqrt(eps * math.Max(1e-5, math.Abs(yj)))
			tmp[j] = yj + delta
			delta = tmp[j] - yj
			b.p.F(t, tmp, col)
			b.stats.RHSCalls++
			for i, c := range col {
				raw.Data[i*raw.Stride+j] = (c - b.fpred[i]) / delta
			}
			tmp[j] = yj
		}
	}
	b.jNorm = 0
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+n]
		if !allFinite(row) {
			return stepFailed("the Jacobian of F is not finite at t = %v", t)
		}
		var s float64
		for _, v := range row {
			s += math.Abs(v)
		}
		b.jNorm = math.Max(b.jNorm, s)
	}
	b.jacOK, b.jacCurrent, b.jacAge = true, true, 0
	b.luOK = false
	return nil
}

// needLU reports whether the factorisation of I − c'J (c' = cLU) is too
// far from I − cJ. Using it multiplies the Newton error per iteration by
// (c − c')(I − c'J)⁻¹J: in the stiff regime (c'‖J‖ ≥ 1/2) that is about
// |c/c' − 1|, refreshed beyond 30% as in CVODE; in the non-stiff regime it
// is at most 2|c − c'|‖J‖, and the factorisation is kept while that stays
// below 0.3, however much the step changes.
func (b *bdf) needLU(c float64) bool {
	dc := math.Abs(c - b.cLU)
	if b.cLU*b.jNorm < 0.5 {
		return 2*dc*b.jNorm > bdfGammaChange
	}
	return dc > bdfGammaChange*b.cLU
}

// factorize stores the LU factorisation of I − cJ; it reports false if the
// matrix is exactly singular.
func (b *bdf) factorize(c float64) bool {
	n := b.n
	jac := b.jac.RawMatrix()
	lu := b.lu.a.Data
	for i := 0; i < n; i++ {
		src := jac.Data[i*jac.Stride : i*jac.Stride+n]
		dst := lu[i*n : i*n+n]
		for j, v := range src {
			dst[j] = -c * v
		}
		dst[i]++
	}
	b.stats.LUs++
	b.cLU, b.rate = c, 1
	b.luOK = b.lu.factorize()
	return b.luOK
}

// newton solves y = ypred + corr, corr = c·F(t, y) − psi, by the simplified
// Newton iteration. It reports whether it converged; err is errNonFinite when
// F was not finite.
func (b *bdf) newton(t, c, tol float64) (bool, error) {
	y, corr, f, dy, w := b.y, b.corr, b.f, b.dy, b.w
	copy(y, b.ypred)
	b.stiff = -1
	for i := range corr {
		corr[i] = 0
	}
	// Solving with the factorisation of I − c'J instead of I − cJ: scale
	// the update by 2/(1 + c/c') (CVODE), exact for the eigenvalues of cJ
	// that dominate stiff components.
	scale := 1.0
	if !b.functional && c != b.cLU && b.cLU*b.jNorm > 1 {
		scale = 2 / (1 + c/b.cLU)
	}
	var delOld float64
	if b.rateAge >= bdfRateAge {
		b.rate = 1 // measure it again: at least two iterations
	}
	for m := 0; m < bdfMaxIter; m++ {
		if m == 0 {
			if !b.fpredOK {
				if !b.evalF(t, y, b.fpred) {
					return false, errNonFinite
				}
				b.fpredOK = true
			}
			f = b.fpred
		} else {
			f = b.f
			if !b.evalF(t, y, f) {
				return false, errNonFinite
			}
			if m == 1 && !b.functional {
				// c‖F(y₁) − F(y₀)‖/‖y₁ − y₀‖ ≈ c‖J·corr‖/‖corr‖ (corr =
				// y₁ − y₀ here): the contraction of the fixed-point
				// iteration, in the direction the iteration moves.
				var df, dz float64
				for i, v := range f {
					d := v - b.fpred[i]
					df += d * d
					dz += corr[i] * corr[i]
				}
				if dz > 0 {
					b.stiff = c * math.Sqrt(df/dz)
				}
			}
		}
		for i := range dy {
			dy[i] = c*f[i] - b.psi[i] - corr[i]
		}
		if !b.functional {
			b.lu.solve(dy)
		}
		var sum float64
		for i := range dy {
			dy[i] *= scale
			y[i] += dy[i]
			corr[i] += dy[i]
			r := dy[i] * w[i]
			sum += r * r
		}
		del := math.Sqrt(sum / float64(len(dy)))
		if !finite(del) {
			return false, nil
		}
		if m > 0 {
			b.rate = math.Max(bdfRateFloor*b.rate, del/delOld)
			b.rateAge = 0
		}
		// The remaining iteration error is about del·ρ/(1−ρ) for a linear
		// convergence rate ρ (at m = 0, the rate of earlier steps).
		if b.rate < 1 && del*b.rate/(1-b.rate) <= tol || del == 0 {
			b.iters = m + 1
			return true, nil
		}
		if m > 0 && del > bdfDiverge*delOld {
			return false, nil
		}
		delOld = del
	}
	return false, nil
}

func (b *bdf) attempt(t, h float64) (float64, error) {
	if h != b.h {
		b.rescale(h / b.h)
		b.h = h
		b.nEqual = 0
	}
	b.convFail = false
	k := b.order
	ypred, psi, w := b.ypred, b.psi, b.w
	d0 := b.d[0]
	copy(ypred, d0)
	clear(psi)
	for j := 1; j <= k; j++ {
		g := ndfGamma[j] / ndfAlpha[k]
		dj := b.d[j][:len(ypred)]
		psi := psi[:len(dj)]
		for i, v := range dj {
			ypred[i] += v
			psi[i] += g * v
		}
	}
	d0 = d0[:len(ypred)]
	for i, v := range ypred {
		w[i] = 1 / (b.atol + b.rtol*maxAbs(v, d0[i]))
	}
	c := h / ndfAlpha[k]
	tnew := t + h
	b.fpredOK = false
	tol := bdfNewtonCoef / (ndfAlpha[k] + ndfErrConst[k])
	for {
		if b.functional {
			ok, err := b.newton(tnew, c, tol)
			if err != nil {
				return 0, err
			}
			if ok {
				break
			}
			// Stiff here: retry with the Newton iteration, with the stored
			// J if there is one (a fresh one if that fails too).
			b.functional = false
			b.rate = 1
			continue
		}
		if !b.jacOK {
			if !b.fpredOK {
				if !b.evalF(tnew, ypred, b.fpred) {
					return 0, errNonFinite
				}
				b.fpredOK = true
			}
			if err := b.jacobian(tnew); err != nil {
				return 0, err
			}
		}
		if !b.luOK || b.needLU(c) {
			if !b.factorize(c) {
				if b.jacCurrent {
					return 0, errNonFinite // singular: a shorter step makes I dominate
				}
				b.jacOK = false
				continue
			}
		}
		ok, err := b.newton(tnew, c, tol)
		if err != nil {
			return 0, err
		}
		if ok {
			break
		}
		if !b.jacCurrent {
			b.jacOK = false // retry with a fresh Jacobian at the same step
			continue
		}
		b.convFail = true
		b.luOK = false // the shorter step gets its own factorisation
		return math.Inf(1), nil
	}
	errNorm := ndfErrConst[k] * wmax(b.corr, b.d[0], b.y, b.rtol, b.atol)
	if math.IsNaN(errNorm) {
		return 0, errNonFinite
	}
	return errNorm, nil
}

func (b *bdf) accept(t, h float64) {
	if !b.functional && b.stiff >= 0 && b.stiff < bdfNonStiff {
		// Back to the fixed-point iteration (the rate is measured anew).
		b.functional = true
		b.rate = 1
	}
	k := b.order
	d := &b.d
	corr := b.corr
	// corr = ∇^{k+1} y_{n+1} on the current grid: update the differences
	// (∇^j y_{n+1} = ∇^j y_n + ∇^{j+1} y_{n+1}).
	dk1, dk2 := d[k+1][:len(corr)], d[k+2][:len(corr)]
	for i, v := range corr {
		dk2[i] = v - dk1[i]
		dk1[i] = v
	}
	for j := k; j >= 0; j-- {
		src := d[j+1]
		dst := d[j][:len(src)]
		for i, v := range src {
			dst[i] += v
		}
	}
	b.tcur = t + h
	b.denseOrder = k
	b.nEqual++
	b.jacAge++
	b.rateAge++
	b.jacCurrent = false
	b.errM, b.errP = math.Inf(1), math.Inf(1)
	if b.nEqual >= k+1 {
		em, ep := wmax2(d[k], d[k+2], d[0], b.rtol, b.atol)
		if k > 1 {
			b.errM = ndfErrConst[k-1] * em
		}
		if k < bdfMaxOrder {
			b.errP = ndfErrConst[k+1] * ep
		}
	}
}

func (b *bdf) propose(h, err float64, accepted bool) float64 {
	k := b.order
	if !accepted {
		if b.convFail {
			return 0.25 * h
		}
		b.errFails++
		// The rate is kept: the shorter step contracts at least as fast, and
		// measuring it again costs a second call of F per retried step.
		safety := bdfSafety * float64(2*bdfMaxIter+1) / float64(2*bdfMaxIter+b.iters)
		fac := math.Max(bdfMinFactor, safety*math.Pow(err, -1/float64(k+1)))
		if b.errFails >= 3 && k > 1 {
			// Repeated failures: the history is not to be trusted; restart
			// from order 1 (CVODE does the same after three failures).
			b.order, b.nEqual = 1, 0
		}
		return h * fac
	}
	b.errFails = 0
	if b.nEqual < k+1 {
		return h
	}
	safety := bdfSafety * float64(2*bdfMaxIter+1) / float64(2*bdfMaxIter+b.iters)
	fm := pow0(b.errM, -1/float64(k))
	f0 := pow0(err, -1/float64(k+1))
	fp := pow0(b.errP, -1/float64(k+2))
	best, newOrder := f0, k
	if fm > best {
		best, newOrder = fm, k-1
	}
	if fp > best {
		best, newOrder = fp, k+1
	}
	fac := math.Min(bdfMaxFactor, safety*best)
	if newOrder == k && fac >= 1 && fac < bdfKeepBand {
		return h
	}
	if newOrder != k {
		b.order = newOrder
		b.nEqual = 0
	}
	return h * fac
}

// maxAbs returns max(|a|, |b|), NaN if either is NaN (inlined, unlike
// math.Max).
func maxAbs(a, b float64) float64 {
	a, b = math.Abs(a), math.Abs(b)
	if b > a || b != b {
		return b
	}
	return a
}

// wmax returns the weighted max norm max_i |e_i|/(atol + rtol·max(|y_i|, |z_i|))
// of the error test (LSODA's norm; the RMS norm of the other methods lets
// one component of n carry √n times the tolerance, and on flows whose
// error comes from a few components at a time, such as the smoothed kinks
// of a sign flow, that error accumulates).
func wmax(e, y, z []float64, rtol, atol float64) float64 {
	var m float64
	y, z = y[:len(e)], z[:len(e)]
	for i, v := range e {
		r := math.Abs(v) / (atol + rtol*maxAbs(y[i], z[i]))
		if r > m {
			m = r
		} else if r != r {
			return r
		}
	}
	return m
}

// wmax2 returns wmax(e1, y, y, …) and wmax(e2, y, y, …) in one pass (to
// rounding: each weight is inverted once and multiplied, not divided by).
func wmax2(e1, e2, y []float64, rtol, atol float64) (float64, float64) {
	var m1, m2 float64
	e1, e2 = e1[:len(y)], e2[:len(y)]
	for i, v := range y {
		s := 1 / (atol + rtol*math.Abs(v))
		r1, r2 := math.Abs(e1[i])*s, math.Abs(e2[i])*s
		if r1 > m1 || r1 != r1 {
			m1 = r1
		}
		if r2 > m2 || r2 != r2 {
			m2 = r2
		}
	}
	return m1, m2
}

// pow0 returns x^p for x > 0 (p < 0), +Inf for x = 0 and 0 for x = +Inf.
func pow0(x, p float64) float64 {
	if x == 0 {
		return math.Inf(1)
	}
	return math.Pow(x, p)
}

// dense evaluates the interpolating polynomial through the last
// denseOrder+1 solution values, d[0] + Σ_j d[j] Π_{m<j} (t − t_n + m h)/((m+1)h).
func (b *bdf) dense(dst []float64, t float64) {
	copy(dst, b.d[0])
	p := 1.0
	for j := 1; j <= b.denseOrder; j++ {
		m := float64(j - 1)
		p *= (t - b.tcur + m*b.h) / ((m + 1) * b.h)
		for i, v := range b.d[j] {
			dst[i] += p * v
		}
	}
}
