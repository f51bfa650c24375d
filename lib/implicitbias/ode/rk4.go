package ode

import (
	"math"
)

// RK4 integrates p with the classical 4th-order Runge–Kutta method using
// steps fixed steps of size h = (T1−T0)/steps (4 calls of F per step). The
// grid points are T0 + k·h for k = 0, …, steps (the last one is T1 exactly).
// Every Settings.Output time must lie on the grid, within 1e-9·h, and is
// returned exactly as computed there; the tolerances, InitialStep and MaxStep
// are ignored, MaxSteps (if set) must be ≥ steps. Events are located on the
// cubic Hermite interpolant of each step (order 4 locally, like the method).
//
// It returns an error for invalid input and, naming the time, when F
// produces a non-finite value.
func RK4(p Problem, steps int, s Settings) (*Result, error) {
	if steps < 1 {
		return nil, invalid("RK4 steps = %d must be ≥ 1", steps)
	}
	s, err := checkProblem(p, s)
	if err != nil {
		return nil, err
	}
	if s.MaxSteps < steps {
		return nil, invalid("RK4 steps = %d exceeds Settings.MaxSteps = %d", steps, s.MaxSteps)
	}
	h := (p.T1 - p.T0) / float64(steps)
	for k, t := range s.Output {
		j := math.Round((t - p.T0) / h)
		if math.Abs(t-(p.T0+j*h)) > 1e-9*h {
			return nil, invalid("Settings.Output[%d] = %v is not on the RK4 step grid T0 + k·%v", k, t, h)
		}
	}
	n := len(p.Y0)
	buf := make([]float64, 8*n)
	next := func() []float64 { v := buf[:n:n]; buf = buf[n:]; return v }
	r := &rk4{y: next(), yold: next(), f0: next(), fold: next()}
	k2, k3, k4, tmp := next(), next(), next(), next()
	copy(r.y, p.Y0)
	var stats Stats
	eval := func(t float64, y, dy []float64) error {
		p.F(t, y, dy)
		stats.RHSCalls++
		if !allFinite(dy) {
			return stepFailed("F returned non-finite values at t = %v", t)
		}
		return nil
	}
	if err := eval(p.T0, r.y, r.f0); err != nil {
		return nil, errAtStart(p)
	}
	ev, err := newEventTracker(s.Events, p.T0, p.Y0)
	if err != nil {
		return nil, err
	}
	// Output times are matched to grid indices, so rows are filled exactly.
	out := newOutputSampler(nil, p.T0, p.Y0)
	out.times, out.data = s.Output, make([]float64, len(s.Output)*n)
	grid := func(t float64) int { return int(math.Round((t - p.T0) / h)) }
	for out.next < len(s.Output) && grid(s.Output[out.next]) == 0 {
		copy(out.row(out.next), p.Y0)
		out.next++
	}
	t := p.T0
	for j := 1; j <= steps; j++ {
		y, f0 := r.y, r.f0
		for i := range y {
			tmp[i] = y[i] + h/2*f0[i]
		}
		if err := eval(t+h/2, tmp, k2); err != nil {
			return nil, err
		}
		for i := range y {
			tmp[i] = y[i] + h/2*k2[i]
		}
		if err := eval(t+h/2, tmp, k3); err != nil {
			return nil, err
		}
		for i := range y {
			tmp[i] = y[i] + h*k3[i]
		}
		if err := eval(t+h, tmp, k4); err != nil {
			return nil, err
		}
		r.yold, r.y = r.y, r.yold
		r.fold, r.f0 = r.f0, r.fold
		for i := range y {
			r.y[i] = r.yold[i] + h/6*(r.fold[i]+2*k2[i]+2*k3[i]+k4[i])
		}
		tnew := p.T0 + float64(j)*h
		if j == steps {
			tnew = p.T1
		}
		if !allFinite(r.y) {
			return nil, stepFailed("the RK4 state is not finite at t = %v", tnew)
		}
		// F at the new grid point: the next step's first stage and the
		// Hermite interpolant's right slope.
		if err := eval(tnew, r.y, r.f0); err != nil {
			return nil, err
		}
		stats.Steps++
		r.told, r.h = t, tnew-t
		t = tnew
		tstop, stop, err := ev.check(r.told, t, r.y, r)
		if err != nil {
			return nil, err
		}
		upto := j
		if stop {
			upto = grid(tstop)
			if p.T0+float64(upto)*h > tstop {
				upto--
			}
		}
		for out.next < len(s.Output) && grid(s.Output[out.next]) <= upto {
			copy(out.row(out.next), r.y)
			out.next++
		}
		if stop {
			res := &Result{T: tstop, Y: make([]float64, n), Events: ev.hits, Stats: stats, Output: out.matrix()}
			r.dense(res.Y, tstop)
			return res, nil
		}
	}
	res := &Result{T: p.T1, Y: append([]float64(nil), r.y...), Stats: stats, Output: out.matrix()}
	if ev != nil {
		res.Events = ev.hits
	}
	return res, nil
}

// rk4 holds the state and the cubic Hermite interpolant of the last step.
type rk4 struct {
	y, yold, f0, fold []float64
	told, h           float64
}

func (r *rk4) dense(dst []float64, t float64) {
	s := (t - r.told) / r.h
	s1 := s - 1
	h00 := (1 + 2*s) * s1 * s1
	h10 := s * s1 * s1
	h01 := s * s * (3 - 2*s)
	h11 := s * s * s1
	for i := range dst {
		dst[i] = h00*r.yold[i] + h10*r.h*r.fold[i] + h01*r.y[i] + h11*r.h*r.f0[i]
	}
}
