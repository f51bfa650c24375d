package plots

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// clippedLine is a plotter.Line that first clips its polyline to a guard
// box: the axes' ranges widened by one range width on each side.
//
// gonum maps a point to the page by (v − min)/(max − min) · size, which
// overflows to ±Inf when a point lies 1e300 range widths outside an
// explicit axis range (and loses all its digits long before), and its
// clipping of the page coordinates then draws a segment in the wrong
// direction. Clipping here, in data coordinates (logarithms on a log axis)
// and anchored at the endpoint nearer each boundary, keeps every point
// handed to gonum within three range widths of the axes. A polyline that
// stays inside the guard box, as every polyline does when the axes fit
// the data, is drawn by gonum unchanged.
type clippedLine struct{ *plotter.Line }

// Plot implements plot.Plotter.
func (l clippedLine) Plot(c draw.Canvas, p *plot.Plot) {
	pieces := clipPolyline(l.XYs, guardOf(&p.X), guardOf(&p.Y))
	if pieces == nil {
		l.Line.Plot(c, p)
		return
	}
	for _, xys := range pieces {
		piece := *l.Line
		piece.XYs = xys
		piece.Plot(c, p)
	}
}

// guard is an axis's guard interval in scaled coordinates (log v on a log
// axis, v on a linear one).
type guard struct {
	lo, hi float64
	log    bool
}

// guardOf returns the guard interval of a.
func guardOf(a *plot.Axis) guard {
	_, log := a.Scale.(plot.LogScale)
	lo, hi := a.Min, a.Max
	if log {
		lo, hi = math.Log(lo), math.Log(hi)
	}
	w := hi - lo
	return guard{lo: lo - w, hi: hi + w, log: log}
}

// scaled returns v in g's scaled coordinates.
func (g guard) scaled(v float64) float64 {
	if g.log {
		return math.Log(v)
	}
	return v
}

// unscaled inverts scaled.
func (g guard) unscaled(s float64) float64 {
	if g.log {
		return math.Exp(s)
	}
	return s
}

// inside reports whether the scaled value s lies in g.
func (g guard) inside(s float64) bool { return s >= g.lo && s <= g.hi }

// clipPolyline returns nil if every point of pts lies in the guard box
// gx × gy; otherwise the parts of the polyline inside the box, as
// polylines of at least two points. Points inside the box are kept
// exactly; points on its boundary are computed.
func clipPolyline(pts plotter.XYs, gx, gy guard) []plotter.XYs {
	all := true
	for _, q := range pts {
		if !gx.inside(gx.scaled(q.X)) || !gy.inside(gy.scaled(q.Y)) {
			all = false
			break
		}
	}
	if all {
		return nil
	}
	pieces := []plotter.XYs{}
	var cur plotter.XYs
	flush := func() {
		if len(cur) >= 2 {
			pieces = append(pieces, cur)
		}
		cur = nil
	}
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		ax, ay, bx, by := gx.scaled(a.X), gy.scaled(a.Y), gx.scaled(b.X), gy.scaled(b.Y)
		in, out, ok := clipSegment(ax, ay, bx, by, gx, gy)
		if !ok {
			flush()
			continue
		}
		start, end := a, b
		if in.k >= 0 {
			start = plotter.XY{X: gx.unscaled(in.x), Y: gy.unscaled(in.y)}
		}
		if out.k >= 0 {
			end = plotter.XY{X: gx.unscaled(out.x), Y: gy.unscaled(out.y)}
		}
		if in.k >= 0 || len(cur) == 0 {
			flush()
			cur = append(cur, start)
		}
		cur = append(cur, end)
		if out.k >= 0 {
			flush()
		}
	}
	flush()
	return pieces
}

// crossing is where a segment enters or leaves the guard box: boundary k
// (0, 1: x = lo, hi; 2, 3: y = lo, hi; −1: the endpoint itself, inside)
// at the scaled point (x, y).
type crossing struct {
	k    int
	x, y float64
}

// clipSegment clips the scaled segment a = (ax, ay) to b = (bx, by) to
// gx × gy and reports whether a part of it lies inside. An endpoint
// inside the box is kept (crossing k = −1). The boundary points are the
// crossings of the segment with the box's four lines that lie on the box
// (to a relative tolerance of 1e-9 of its width), the entry being the one
// nearer to a. Each crossing is computed from the endpoint nearer to that
// line, as anchor + (v − anchor)·slope along the crossing axis, which is
// accurate even when the other endpoint is 1e300 box widths away: no
// parameter along the segment is formed (it would underflow).
func clipSegment(ax, ay, bx, by float64, gx, gy guard) (in, out crossing, ok bool) {
	in.k, out.k = -1, -1
	aIn := gx.inside(ax) && gy.inside(ay)
	bIn := gx.inside(bx) && gy.inside(by)
	if aIn && bIn {
		return in, out, true
	}
	var cands [4]crossing
	n := 0
	tx, ty := 1e-9*(gx.hi-gx.lo), 1e-9*(gy.hi-gy.lo)
	for k, v := range [4]float64{gx.lo, gx.hi, gy.lo, gy.hi} {
		var c crossing
		if k < 2 {
			if (ax < v) == (bx < v) {
				continue
			}
			c = crossing{k: k, x: v, y: along(ax, ay, bx, by, v)}
			if c.y < gy.lo-ty || c.y > gy.hi+ty {
				continue
			}
		} else {
			if (ay < v) == (by < v) {
				continue
			}
			c = crossing{k: k, x: along(ay, ax, by, bx, v), y: v}
			if c.x < gx.lo-tx || c.x > gx.hi+tx {
				continue
			}
		}
		cands[n] = c
		n++
	}
	// dist is a monotone measure of the distance from a along the segment.
	dist := func(c crossing) float64 { return math.Abs(c.x-ax) + math.Abs(c.y-ay) }
	switch {
	case aIn: // leaves the box: the crossing is the exit
		if n == 0 {
			return in, out, false // only by rounding; draw nothing
		}
		out = cands[0]
	case bIn: // enters the box
		if n == 0 {
			return in, out, false
		}
		in = cands[0]
	default: // passes through the box, touches it, or misses it
		if n == 0 {
			return in, out, false
		}
		in, out = cands[0], cands[0]
		for _, c := range cands[1:n] {
			if dist(c) < dist(in) {
				in = c
			}
			if dist(c) > dist(out) {
				out = c
			}
		}
	}
	return in, out, true
}

// along returns the second coordinate at which the segment from (a1, a2)
// to (b1, b2) has first coordinate v, which lies between a1 and b1. It
// starts from the endpoint nearer to v, and forms the slope first when
// that is finite (so that a tiny step times a moderate slope does not
// underflow) and the fraction (v − anchor)/(b1 − a1) ∈ [−1, 1] otherwise.
func along(a1, a2, b1, b2, v float64) float64 {
	d1, d2 := b1-a1, b2-a2
	p1, p2 := a1, a2
	if math.Abs(b1-v) < math.Abs(a1-v) {
		p1, p2 = b1, b2
	}
	if slope := d2 / d1; !math.IsInf(slope, 0) {
		return p2 + (v-p1)*slope
	}
	return p2 + (v-p1)/d1*d2
}
