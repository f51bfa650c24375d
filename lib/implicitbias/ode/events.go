package ode

import (
	"math"
	"sort"
)

// interpolant evaluates the continuous extension of the last accepted step
// at t in [told, tnew]; it must not call F.
type interpolant interface {
	dense(dst []float64, t float64)
}

// eventTracker detects sign changes of the event functions across accepted
// steps and locates their zeros on the continuous extension.
type eventTracker struct {
	ev   []Event
	gOld []float64
	gNew []float64
	buf  []float64
	hits []EventHit
}

func newEventTracker(ev []Event, t0 float64, y0 []float64) (*eventTracker, error) {
	if len(ev) == 0 {
		return nil, nil
	}
	e := &eventTracker{
		ev:   ev,
		gOld: make([]float64, len(ev)),
		gNew: make([]float64, len(ev)),
		buf:  make([]float64, len(y0)),
	}
	for i := range ev {
		g := ev[i].G(t0, y0)
		if !finite(g) {
			return nil, invalid("Settings.Events[%d].G(T0, Y0) = %v is not finite", i, g)
		}
		e.gOld[i] = g
	}
	return e, nil
}

// crosses reports whether G went from a to b across a step in the direction dir.
func crosses(a, b float64, dir int) bool {
	rising := a < 0 && b >= 0
	falling := a > 0 && b <= 0
	switch dir {
	case 1:
		return rising
	case -1:
		return falling
	}
	return rising || falling
}

// check examines the accepted step (told, tnew] ending in ynew. It appends
// the zeros found to e.hits and returns the time of the earliest terminal
// zero, with stop = true, if there is one.
func (e *eventTracker) check(told, tnew float64, ynew []float64, in interpolant) (tstop float64, stop bool, err error) {
	if e == nil {
		return 0, false, nil
	}
	first := len(e.hits)
	tstop = math.Inf(1)
	for i := range e.ev {
		g := e.ev[i].G(tnew, ynew)
		if !finite(g) {
			return 0, false, stepFailed("Settings.Events[%d].G = %v is not finite at t = %v", i, g, tnew)
		}
		e.gNew[i] = g
		if !crosses(e.gOld[i], g, e.ev[i].Direction) {
			continue
		}
		tz, err := e.locate(i, told, tnew, e.gOld[i], g, in)
		if err != nil {
			return 0, false, err
		}
		if e.ev[i].Terminal && tz < tstop {
			tstop, stop = tz, true
		}
		e.hits = append(e.hits, EventHit{Index: i, T: tz})
	}
	e.gOld, e.gNew = e.gNew, e.gOld
	// Drop the zeros beyond a terminal one and fill in the states.
	hits := e.hits[first:]
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].T < hits[b].T })
	n := len(hits)
	if stop {
		n = 0
		for n < len(hits) && hits[n].T <= tstop {
			n++
		}
	}
	for k := 0; k < n; k++ {
		y := make([]float64, len(ynew))
		if hits[k].T == tnew {
			copy(y, ynew)
		} else {
			in.dense(y, hits[k].T)
		}
		hits[k].Y = y
	}
	e.hits = e.hits[:first+n]
	return tstop, stop, nil
}

// locate finds the zero of G_i in (a, b] by the Illinois variant of regula
// falsi on the continuous extension; ga and gb have opposite signs (or gb = 0).
// It returns the end of the final bracket on the side of b.
func (e *eventTracker) locate(i int, a, b, ga, gb float64, in interpolant) (float64, error) {
	if gb == 0 {
		return b, nil
	}
	tol := 1e-12 * math.Max(math.Max(math.Abs(a), math.Abs(b)), b-a)
	tol = math.Max(tol, 4*eps*math.Max(math.Abs(a), math.Abs(b)))
	side := 0
	for iter := 0; iter < 200 && b-a > tol; iter++ {
		t := b - gb*(b-a)/(gb-ga)
		// Keep the trial point strictly inside, at least tol/2 from the ends.
		lo, hi := a+tol/2, b-tol/2
		if !(t > lo) {
			t = lo
		} else if !(t < hi) {
			t = hi
		}
		in.dense(e.buf, t)
		g := e.ev[i].G(t, e.buf)
		if !finite(g) {
			return 0, stepFailed("Settings.Events[%d].G = %v is not finite at t = %v", i, g, t)
		}
		switch {
		case g == 0:
			return t, nil
		case (g < 0) == (gb < 0): // same side as b: the zero is in (a, t]
			b, gb = t, g
			if side == -1 {
				ga /= 2
			}
			side = -1
		default: // same side as a
			a, ga = t, g
			if side == 1 {
				gb /= 2
			}
			side = 1
		}
	}
	return b, nil
}

// outputSampler fills the rows of Result.Output as the integration proceeds.
type outputSampler struct {
	times []float64
	data  []float64 // row-major len(times)×n
	n     int
	next  int // first row not yet filled
}

func newOutputSampler(times []float64, t0 float64, y0 []float64) *outputSampler {
	o := &outputSampler{times: times, n: len(y0), data: make([]float64, len(times)*len(y0))}
	for o.next < len(times) && times[o.next] == t0 {
		copy(o.row(o.next), y0)
		o.next++
	}
	return o
}

func (o *outputSampler) row(k int) []float64 { return o.data[k*o.n : (k+1)*o.n] }

// sample fills the rows with times ≤ upto, which must lie in the last
// accepted step, ending at tnew in state ynew.
func (o *outputSampler) sample(upto, tnew float64, ynew []float64, in interpolant) {
	for o.next < len(o.times) && o.times[o.next] <= upto {
		t := o.times[o.next]
		if t == tnew {
			copy(o.row(o.next), ynew)
		} else {
			in.dense(o.row(o.next), t)
		}
		o.next++
	}
}
