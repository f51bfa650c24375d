package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LegendPos places the legend inside the data area.
type LegendPos int

// Legend positions. The zero value, AutoCorner, picks the corner where the
// legend covers the least data.
const (
	AutoCorner LegendPos = iota
	TopRight
	TopLeft
	BottomRight
	BottomLeft
	NoLegend
)

// corners are the candidates of AutoCorner, in order of preference when
// several are equally clear.
var corners = [...]LegendPos{TopRight, TopLeft, BottomRight, BottomLeft}

// legendInset is the distance between the legend's entries and the edges of
// the data area.
var legendInset = vg.Points(8)

// checkLegend validates pos.
func checkLegend(pos LegendPos) error {
	if pos < AutoCorner || pos > NoLegend {
		return invalid("Legend", "unknown legend position %d", int(pos))
	}
	return nil
}

// obstacles is what a legend should not cover, in data coordinates:
// polylines (lines, paths, level sets), single markers and filled
// rectangles (bars).
type obstacles struct {
	lines   []plotter.XYs
	markers plotter.XYs
	rects   []vg.Rectangle // in data coordinates, stored as float lengths
	// hlines and vlines are reference lines at y = value resp. x = value.
	hlines, vlines []float64
}

// addSeries records s as drawn by Series.plotters.
func (o *obstacles) addSeries(s *Series) {
	pts := xys(s.X, s.Y)
	if s.Kind != Markers {
		o.lines = append(o.lines, pts)
	}
	if s.Kind == Markers || s.Kind == LineMarkers {
		o.markers = append(o.markers, pts...)
	}
}

// legendBox draws a legend, on an opaque backdrop, inside the data area.
// It is the last plotter of a picture, so gonum hands it the data canvas
// after everything else is drawn; frame strips the legend from the copy
// gonum draws, so the legend is drawn once, here.
type legendBox struct {
	l   *plot.Legend
	pos LegendPos
	obs obstacles
}

// addLegend adds p's legend, placed at pos, as the last plotter of p.
func addLegend(p *plot.Plot, pos LegendPos, obs obstacles) error {
	if err := checkLegend(pos); err != nil {
		return err
	}
	if pos != NoLegend {
		p.Add(&legendBox{l: &p.Legend, pos: pos, obs: obs})
	}
	return nil
}

// legendBackground is the legend's backdrop: opaque white, so that grid
// lines never cross the legend's text, with a light grey border.
var (
	legendBackground = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	legendBorder     = draw.LineStyle{Color: color.NRGBA{0xC8, 0xC8, 0xC8, 0xFF}, Width: vg.Points(0.75)}
)

// set places l at corner pos (not AutoCorner) of the data area.
func setCorner(l *plot.Legend, pos LegendPos) {
	l.Top = pos == TopRight || pos == TopLeft
	l.Left = pos == TopLeft || pos == BottomLeft
	l.XOffs, l.YOffs = -legendInset, -legendInset
	if l.Left {
		l.XOffs = legendInset
	}
	if !l.Top {
		l.YOffs = legendInset
	}
}

// legendRect returns the backdrop of l, as Legend.Draw places its entries
// in the data canvas dc, plus the padding.
func legendRect(l *plot.Legend, dc draw.Canvas) vg.Rectangle {
	size := l.Rectangle(dc).Size() // only the size is right: gonum ignores offsets
	descent := l.TextStyle.FontExtents().Descent
	var r vg.Rectangle
	if l.Left {
		r.Min.X = dc.Min.X + l.XOffs
		r.Max.X = r.Min.X + size.X
	} else {
		r.Max.X = dc.Max.X + l.XOffs
		r.Min.X = r.Max.X - size.X
	}
	if l.Top {
		r.Max.Y = dc.Max.Y - descent + l.YOffs
		r.Min.Y = r.Max.Y - size.Y
	} else {
		r.Min.Y = dc.Min.Y + l.YOffs
		r.Max.Y = r.Min.Y + size.Y
	}
	r.Min.X, r.Min.Y = r.Min.X-legendPad, r.Min.Y-legendPad
	r.Max.X, r.Max.Y = r.Max.X+legendPad, r.Max.Y+legendPad
	return r
}

// Plot implements plot.Plotter.
func (b *legendBox) Plot(dc draw.Canvas, p *plot.Plot) {
	l := b.l
	if size := l.Rectangle(dc).Size(); size.X <= 0 || size.Y <= 0 {
		return
	}
	pos := b.pos
	if pos == AutoCorner {
		pos = b.clearest(dc, p)
	}
	setCorner(l, pos)
	r := legendRect(l, dc)
	if legendDrawn != nil {
		legendDrawn(r)
	}
	dc.SetColor(legendBackground)
	dc.Fill(r.Path())
	dc.StrokeLines(legendBorder, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
	l.Draw(dc)
}

// legendDrawn, when set (by tests), is told each legend's backdrop.
var legendDrawn func(vg.Rectangle)

// clearest returns the corner whose legend covers the least data.
func (b *legendBox) clearest(dc draw.Canvas, p *plot.Plot) LegendPos {
	best, bestScore := corners[0], math.Inf(1)
	for _, pos := range corners {
		setCorner(b.l, pos)
		if s := b.obs.cover(legendRect(b.l, dc), dc, p); s < bestScore-1e-9 {
			best, bestScore = pos, s
		}
	}
	return best
}

// markerCost is the cost, in points of covered line, of covering a marker.
const markerCost = 20

// cover returns how much of the obstacles the rectangle r (page
// coordinates) hides: the length in points of the lines inside it, plus
// markerCost per marker and the area of the bars inside it divided by the
// legend's row height (a bar under a legend is as bad as a line across
// it).
func (o *obstacles) cover(r vg.Rectangle, dc draw.Canvas, p *plot.Plot) float64 {
	trX, trY := p.Transforms(&dc)
	xa, ya := guardOf(&p.X), guardOf(&p.Y)
	var s float64
	lines := append([]plotter.XYs(nil), o.lines...)
	for _, v := range o.hlines {
		lines = append(lines, plotter.XYs{{X: p.X.Min, Y: v}, {X: p.X.Max, Y: v}})
	}
	for _, v := range o.vlines {
		lines = append(lines, plotter.XYs{{X: v, Y: p.Y.Min}, {X: v, Y: p.Y.Max}})
	}
	for _, l := range lines {
		for _, part := range clipToGuard(l, xa, ya) {
			for i := 1; i < len(part); i++ {
				a := vg.Point{X: trX(part[i-1].X), Y: trY(part[i-1].Y)}
				c := vg.Point{X: trX(part[i].X), Y: trY(part[i].Y)}
				s += insideLength(a, c, r)
			}
		}
	}
	for _, m := range o.markers {
		if !xa.inside(xa.scaled(m.X)) || !ya.inside(ya.scaled(m.Y)) {
			continue
		}
		pt := vg.Point{X: trX(m.X), Y: trY(m.Y)}
		if pt.X >= r.Min.X-markerRadius && pt.X <= r.Max.X+markerRadius &&
			pt.Y >= r.Min.Y-markerRadius && pt.Y <= r.Max.Y+markerRadius {
			s += markerCost
		}
	}
	for _, q := range o.rects {
		x0, x1 := trX(float64(q.Min.X)), trX(float64(q.Max.X))
		y0, y1 := trY(float64(q.Min.Y)), trY(float64(q.Max.Y))
		w := min(max(x0, x1), r.Max.X) - max(min(x0, x1), r.Min.X)
		h := min(max(y0, y1), r.Max.Y) - max(min(y0, y1), r.Min.Y)
		if w > 0 && h > 0 {
			s += float64(w*h) / float64(vg.Points(legendFontSize))
		}
	}
	return s
}

// clipToGuard returns the polyline as clipPolyline keeps it in the guard
// box (the whole polyline when it lies inside).
func clipToGuard(l plotter.XYs, xa, ya guard) []plotter.XYs {
	if parts := clipPolyline(l, xa, ya); parts != nil {
		return parts
	}
	return []plotter.XYs{l}
}

// insideLength returns the length of the segment ac inside r
// (Liang–Barsky clipping).
func insideLength(a, c vg.Point, r vg.Rectangle) float64 {
	dx, dy := float64(c.X-a.X), float64(c.Y-a.Y)
	t0, t1 := 0.0, 1.0
	clip := func(p, q float64) bool {
		if p == 0 {
			return q >= 0
		}
		t := q / p
		if p < 0 {
			t0 = max(t0, t)
		} else {
			t1 = min(t1, t)
		}
		return t0 <= t1
	}
	if !clip(-dx, float64(a.X-r.Min.X)) || !clip(dx, float64(r.Max.X-a.X)) ||
		!clip(-dy, float64(a.Y-r.Min.Y)) || !clip(dy, float64(r.Max.Y-a.Y)) {
		return 0
	}
	return (t1 - t0) * math.Hypot(dx, dy)
}
