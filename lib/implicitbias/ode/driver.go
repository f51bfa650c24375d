package ode

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// errNonFinite is returned by scheme.attempt when F produced non-finite
// values during a trial step; the step is then rejected and shortened.
var errNonFinite = errors.New("ode: non-finite right-hand side")

// scheme is one adaptive one-step method.
type scheme interface {
	interpolant
	// attempt computes a trial step of size h from the current state at t
	// and returns its scaled error norm. When the norm is ≤ 1 it also makes
	// F(t+h, ynew) available for the next step.
	attempt(t, h float64) (float64, error)
	// accept makes the trial step the current state and prepares the
	// continuous extension on [t, t+h].
	accept(t, h float64)
	// state returns the current state (owned by the scheme).
	state() []float64
	// propose returns the next step size after a trial step of size h with
	// error norm err.
	propose(h, err float64, accepted bool) float64
}

// wrms returns the RMS over i of e_i/(atol + rtol·max(|y_i|, |z_i|)).
func wrms(e, y, z []float64, rtol, atol float64) float64 {
	var sum float64
	for i, v := range e {
		sk := atol + rtol*math.Max(math.Abs(y[i]), math.Abs(z[i]))
		r := v / sk
		sum += r * r
	}
	return math.Sqrt(sum / float64(len(e)))
}

// initialStep is Hairer's heuristic (HINIT in DOPRI5) for the first step of
// a method of the given order, using the norm of wrms. f0 = F(t0, y0); y1 and
// f1 are work buffers. It calls F once.
func initialStep(p Problem, s Settings, order int, f0, y1, f1 []float64, stats *Stats) float64 {
	y0 := p.Y0
	dnf := wrms(f0, y0, y0, s.RTol, s.ATol)
	dny := wrms(y0, y0, y0, s.RTol, s.ATol)
	h := 1e-6
	if dnf > 1e-5 && dny > 1e-5 {
		h = 0.01 * dny / dnf
	}
	h = math.Min(h, s.MaxStep)
	for i := range y1 {
		y1[i] = y0[i] + h*f0[i]
	}
	p.F(p.T0+h, y1, f1)
	stats.RHSCalls++
	for i := range y1 {
		y1[i] = f1[i] - f0[i]
	}
	der2 := wrms(y1, y0, y0, s.RTol, s.ATol) / h
	der12 := math.Max(math.Abs(der2), dnf)
	var h1 float64
	if !(der12 > 1e-15) { // also when F(t0+h, y1) was not finite
		h1 = math.Max(1e-6, h*1e-3)
	} else {
		h1 = math.Pow(0.01/der12, 1/float64(order))
	}
	return math.Min(math.Min(100*h, h1), s.MaxStep)
}

// integrate runs the adaptive scheme sc on the validated problem p. The
// scheme holds the state at p.T0 and has computed F(T0, Y0).
func integrate(p Problem, s Settings, sc scheme, h float64, stats *Stats) (*Result, error) {
	n := len(p.Y0)
	out := newOutputSampler(s.Output, p.T0, p.Y0)
	ev, err := newEventTracker(s.Events, p.T0, p.Y0)
	if err != nil {
		return nil, err
	}
	t := p.T0
	attempts := 0
	nonFinite := false // the last rejection was due to non-finite values
	for t < p.T1 {
		if attempts >= s.MaxSteps {
			return nil, newError(ErrMaxSteps, "Settings.MaxSteps = %d exceeded at t = %v (T1 = %v)", s.MaxSteps, t, p.T1)
		}
		hmin := 16 * eps * math.Max(math.Abs(t), math.Abs(p.T1))
		if !(h >= hmin) {
			if nonFinite {
				return nil, stepFailed("F returned non-finite values near t = %v (step size underflow)", t)
			}
			return nil, stepFailed("step size %v underflows at t = %v", h, t)
		}
		h = math.Min(h, s.MaxStep)
		last := false
		if t+1.01*h >= p.T1 {
			h, last = p.T1-t, true
		}
		attempts++
		errNorm, err := sc.attempt(t, h)
		if err == nil && math.IsNaN(errNorm) {
			err = errNonFinite
		}
		switch {
		case err == errNonFinite:
			nonFinite = true
			stats.Rejected++
			h *= 0.25
			continue
		case err != nil:
			return nil, err
		}
		nonFinite = false
		if !(errNorm <= 1) {
			stats.Rejected++
			h = sc.propose(h, errNorm, false)
			continue
		}
		// Accepted.
		stats.Steps++
		sc.accept(t, h)
		told := t
		t += h
		if last {
			t = p.T1
		}
		y := sc.state()
		tstop, stop, err := ev.check(told, t, y, sc)
		if err != nil {
			return nil, err
		}
		if stop {
			out.sample(tstop, t, y, sc)
			res := &Result{T: tstop, Y: make([]float64, n), Events: ev.hits, Stats: *stats}
			if tstop == t {
				copy(res.Y, y)
			} else {
				sc.dense(res.Y, tstop)
			}
			res.Output = out.matrix()
			return res, nil
		}
		out.sample(t, t, y, sc)
		h = sc.propose(h, errNorm, true)
	}
	res := &Result{T: p.T1, Y: append([]float64(nil), sc.state()...), Stats: *stats, Output: out.matrix()}
	if ev != nil {
		res.Events = ev.hits
	}
	return res, nil
}

// matrix returns the filled rows as a matrix, or nil if none is filled.
func (o *outputSampler) matrix() *mat.Dense {
	if o.next == 0 {
		return nil
	}
	return mat.NewDense(o.next, o.n, o.data[:o.next*o.n])
}

// piControl is the PI step-size controller of DOPRI5 (Hairer, Nørsett and
// Wanner, Solving ODEs I, §II.4): h_new = h·clamp(safe·err^(−α)·errOld^β).
type piControl struct {
	alpha, beta    float64 // exponents: α = 1/order − 0.75β, β = 0.04
	safe           float64 // safety factor 0.9
	facMin, facMax float64 // bounds of h_new/h: 0.2 and 10
	errOld         float64 // previous accepted error norm (≥ 1e-4)
	rejected       bool    // the previous trial step was rejected
}

func newPIControl(order int) *piControl {
	const beta = 0.04
	return &piControl{
		alpha: 1/float64(order) - 0.75*beta, beta: beta,
		safe: 0.9, facMin: 0.2, facMax: 10, errOld: 1e-4,
	}
}

func (c *piControl) propose(h, err float64, accepted bool) float64 {
	if !accepted {
		c.rejected = true
		fac := c.safe * math.Pow(err, -c.alpha)
		return h * math.Max(c.facMin, fac)
	}
	fac := c.safe * math.Pow(math.Max(err, 1e-10), -c.alpha) * math.Pow(c.errOld, c.beta)
	fac = math.Min(c.facMax, math.Max(c.facMin, fac))
	c.errOld = math.Max(err, 1e-4)
	if c.rejected {
		fac = math.Min(fac, 1) // no increase right after a rejection
	}
	c.rejected = false
	return h * fac
}

// gustafssonControl is the predictive controller of RODAS (Hairer and
// Wanner, Solving ODEs II, §IV.8, eq. (8.21)), suited to stiff problems.
type gustafssonControl struct {
	order          float64
	safe           float64
	facMin, facMax float64
	hAcc, errAcc   float64 // last accepted step and its error norm
	first          bool    // no step accepted yet
	rejected       bool
}

func newGustafssonControl(order int) *gustafssonControl {
	return &gustafssonControl{order: float64(order), safe: 0.9, facMin: 0.2, facMax: 6, first: true}
}

func (c *gustafssonControl) propose(h, err float64, accepted bool) float64 {
	fac := math.Min(c.facMax, math.Max(c.facMin, c.safe*math.Pow(math.Max(err, 1e-10), -1/c.order)))
	if !accepted {
		if c.first && c.rejected {
			fac = 0.1
		}
		c.rejected = true
		return h * fac
	}
	if !c.first {
		pred := c.safe * (h / c.hAcc) * math.Pow(math.Max(err, 1e-10)*math.Max(err, 1e-10)/c.errAcc, -1/c.order)
		pred = math.Min(c.facMax, math.Max(c.facMin, pred))
		fac = math.Min(fac, pred)
	}
	c.first = false
	c.hAcc, c.errAcc = h, math.Max(1e-2, err)
	if c.rejected {
		fac = math.Min(fac, 1)
	}
	c.rejected = false
	return h * fac
}
