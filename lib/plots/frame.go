package plots

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// frame lays out one gonum plot. gonum draws the axes, tick labels and
// data of a copy of the plot stripped of its title, axis labels and
// legend; the frame draws the title and labels around the data area, and
// the legend is drawn inside it by the plot's last plotter, a legendBox.
//
// gonum's own layout is unsuitable for two reasons: with a log scale it
// reserves room for the rotated y-axis label near the top of the axis
// (it places the label's glyph box at Normalize((min+max)/2), which is
// close to 1 on a log axis), so a long y label leaves a large empty band
// above the data; and it draws the legend in the unpadded area, so the
// legend sits above the data area whenever the padding differs from zero.
// Drawing the labels here also lets a Grid put the titles of a row at one
// height and the y labels of a column at one x.
type frame struct {
	p *plot.Plot // the full plot: title, labels and legend
	q *plot.Plot // the stripped copy gonum draws
	// equal asks for one data unit to have the same length on both axes
	// in whatever data area the frame is drawn: drawAt widens one axis's
	// range about its centre (a Geometry in a Grid tile, whose size the
	// Geometry did not know).
	equal bool
}

// newFrame returns the frame of p.
func newFrame(p *plot.Plot) *frame {
	q := *p
	q.Title.Text = ""
	q.X.Label.Text, q.Y.Label.Text = "", ""
	q.Legend = plot.NewLegend() // no entries: gonum draws no legend
	return &frame{p: p, q: &q}
}

// insets are the distances between a plot's outer rectangle and its data
// area.
type insets struct{ left, right, bottom, top vg.Length }

// max returns the componentwise maximum.
func (m insets) max(o insets) insets {
	return insets{max(m.left, o.left), max(m.right, o.right), max(m.bottom, o.bottom), max(m.top, o.top)}
}

// labelSpace returns the room taken by the title (top), the y label (left)
// and the x label (bottom).
func (f *frame) labelSpace() insets {
	var m insets
	if t := &f.p.Title; t.Text != "" {
		m.top = t.TextStyle.Rectangle(t.Text).Size().Y + t.Padding
	}
	if l := &f.p.Y.Label; l.Text != "" {
		m.left = l.TextStyle.Height(l.Text) + l.TextStyle.FontExtents().Descent + l.Padding
	}
	if l := &f.p.X.Label; l.Text != "" {
		m.bottom = l.TextStyle.Height(l.Text) + l.TextStyle.FontExtents().Descent + l.Padding
	}
	return m
}

// shrink returns r with the insets m removed.
func shrink(r vg.Rectangle, m insets) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: r.Min.X + m.left, Y: r.Min.Y + m.bottom},
		Max: vg.Point{X: r.Max.X - m.right, Y: r.Max.Y - m.top}}
}

// insets returns the insets the plot needs when drawn into c.
func (f *frame) insets(c draw.Canvas) insets {
	inner := c
	inner.Rectangle = shrink(c.Rectangle, f.labelSpace())
	d := f.q.DataCanvas(inner)
	return insets{left: d.Min.X - c.Min.X, right: c.Max.X - d.Max.X,
		bottom: d.Min.Y - c.Min.Y, top: c.Max.Y - d.Max.Y}
}

// draw draws the plot into c with gonum's data area for c.
func (f *frame) draw(c draw.Canvas) {
	f.drawAt(c, shrink(c.Rectangle, f.insets(c)))
}

// drawAt draws the plot into c so that its data area is data, which must
// leave at least f.insets(c) around it. The title is drawn at the top of
// c, the y label at its left edge and the x label at its bottom edge, all
// centred on the data area.
func (f *frame) drawAt(c draw.Canvas, data vg.Rectangle) {
	if f.equal {
		f.equalize(data)
	}
	// Find the canvas whose gonum data area is data. gonum's padding for
	// overhanging tick labels depends slightly on the canvas size, so
	// iterate the correction; it converges in two or three steps.
	inner := c
	inner.Rectangle = shrink(c.Rectangle, f.labelSpace())
	for range 6 {
		d := f.q.DataCanvas(inner)
		dx0, dy0 := data.Min.X-d.Min.X, data.Min.Y-d.Min.Y
		dx1, dy1 := data.Max.X-d.Max.X, data.Max.Y-d.Max.Y
		inner.Min.X += dx0
		inner.Min.Y += dy0
		inner.Max.X += dx1
		inner.Max.Y += dy1
		if max(abs(dx0), abs(dy0), abs(dx1), abs(dy1)) < 1e-3 {
			break
		}
	}
	f.q.Draw(inner)

	mid := vg.Point{X: (data.Min.X + data.Max.X) / 2, Y: (data.Min.Y + data.Max.Y) / 2}
	if t := &f.p.Title; t.Text != "" {
		sty := fitWidth(t.TextStyle, t.Text, c.Max.X-c.Min.X, mid.X-c.Min.X, c.Max.X-mid.X)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		c.FillText(sty, vg.Point{X: mid.X, Y: c.Max.Y}, t.Text)
	}
	if l := &f.p.Y.Label; l.Text != "" {
		sty := fitWidth(l.TextStyle, l.Text, c.Max.Y-c.Min.Y, mid.Y-c.Min.Y, c.Max.Y-mid.Y)
		sty.Rotation += math.Pi / 2
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
		x := c.Min.X + l.TextStyle.Height(l.Text) - l.TextStyle.FontExtents().Descent
		c.FillText(sty, vg.Point{X: x, Y: mid.Y}, l.Text)
	}
	if l := &f.p.X.Label; l.Text != "" {
		sty := fitWidth(l.TextStyle, l.Text, c.Max.X-c.Min.X, mid.X-c.Min.X, c.Max.X-mid.X)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
		c.FillText(sty, vg.Point{X: mid.X, Y: c.Min.Y + l.TextStyle.FontExtents().Descent}, l.Text)
	}
}

// equalize widens the x or the y range of the plot so that a data unit
// has the same length on both axes of the data area.
func (f *frame) equalize(data vg.Rectangle) {
	dx, dy := float64(data.Max.X-data.Min.X), float64(data.Max.Y-data.Min.Y)
	if !(dx > 0 && dy > 0) {
		return
	}
	ux := (f.p.X.Max - f.p.X.Min) / dx
	uy := (f.p.Y.Max - f.p.Y.Min) / dy
	if !(ux > 0 && uy > 0) || math.Abs(ux/uy-1) < 1e-4 {
		return
	}
	if ux > uy {
		f.p.Y.Min, f.p.Y.Max = widenTo(f.p.Y.Min, f.p.Y.Max, ux*dy)
	} else {
		f.p.X.Min, f.p.X.Max = widenTo(f.p.X.Min, f.p.X.Max, uy*dx)
	}
	f.q.X.Min, f.q.X.Max, f.q.Y.Min, f.q.Y.Max = f.p.X.Min, f.p.X.Max, f.p.Y.Min, f.p.Y.Max
}

// widenTo returns [lo, hi] widened to span s about its centre.
func widenTo(lo, hi, s float64) (float64, float64) {
	c := lo + (hi-lo)/2
	return c - s/2, c + s/2
}

// minFontSize is the smallest size fitWidth shrinks a text to.
const minFontSize = 9 // pt

// fitWidth returns sty with its font shrunk, if needed, so that s, centred
// at a point with room left and right of it (within a total width),
// fits: a title wider than its panel is drawn smaller rather than cut off
// at the picture's edge.
func fitWidth(sty text.Style, s string, width, left, right vg.Length) text.Style {
	w := sty.Width(s)
	room := min(width, 2*min(left, right))
	if w <= room || w <= 0 {
		return sty
	}
	sty.Font.Size = max(sty.Font.Size*room/w, vg.Points(minFontSize))
	return sty
}

func abs(x vg.Length) vg.Length { return max(x, -x) }
