package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RefLine is a dashed horizontal or vertical reference line across the
// data area, with an optional label drawn next to it (e.g. a predicted
// limit, a threshold, a measured time).
type RefLine struct {
	// Value is the y (horizontal line) or x (vertical line) position.
	Value float64
	// Label is drawn at the right end (horizontal) or top (vertical).
	Label string
	// Color of line and label; Auto means Black.
	Color Color
}

// Band shades the x-interval [From, To] over the whole height of the data
// area (plateaus, stages, an early-stopping window).
type Band struct {
	From, To float64
	// Label is drawn at the top of the band.
	Label string
	// Color is the shade (drawn translucent); Auto means Gray.
	Color Color
}

// check validates r as element i of the slice field named field.
func (r *RefLine) check(field string, i int, log bool) error {
	what := describe(field, i, r.Label)
	if !r.Color.valid() {
		return invalid(what, "unknown Color %d", int(r.Color))
	}
	return checkValue(what, "Value", r.Value, log)
}

// check validates b as the i-th band of a Figure.
func (b *Band) check(i int, log bool) error {
	what := describe("Figure.Bands", i, b.Label)
	if !b.Color.valid() {
		return invalid(what, "unknown Color %d", int(b.Color))
	}
	if err := checkValue(what, "From", b.From, log); err != nil {
		return err
	}
	if err := checkValue(what, "To", b.To, log); err != nil {
		return err
	}
	if b.From >= b.To {
		return invalid(what, "From = %g is not below To = %g", b.From, b.To)
	}
	return nil
}

// annotStyle is the text style of annotations.
func annotStyle(p *plot.Plot, c color.Color, xa draw.XAlignment, ya draw.YAlignment) text.Style {
	return text.Style{Color: c, Font: font.From(courseFont, annotFontSize),
		XAlign: xa, YAlign: ya, Handler: p.TextHandler}
}

// rule draws a RefLine; vertical selects an x position.
type rule struct {
	RefLine
	vertical bool
}

// Plot implements plot.Plotter.
func (r rule) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	col := r.Color.or(Black).NRGBA()
	sty := draw.LineStyle{Color: col, Width: refLineWidth, Dashes: refDashes}
	pad := vg.Points(3)
	if r.vertical {
		x := trX(r.Value)
		if x < c.Min.X || x > c.Max.X {
			return
		}
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		if r.Label != "" {
			ts := annotStyle(p, col, draw.XLeft, draw.YTop)
			lx := x + pad
			if lx+ts.Width(r.Label) > c.Max.X { // no room on the right: write it to the left of the line
				ts.XAlign, lx = draw.XRight, x-pad
			}
			c.FillText(ts, vg.Point{X: lx, Y: c.Max.Y - pad}, r.Label)
		}
		return
	}
	y := trY(r.Value)
	if y < c.Min.Y || y > c.Max.Y {
		return
	}
	c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	if r.Label != "" {
		c.FillText(annotStyle(p, col, draw.XRight, draw.YBottom), vg.Point{X: c.Max.X - pad, Y: y + pad}, r.Label)
	}
}

// DataRange implements plot.DataRanger: the line's position is kept in view.
func (r rule) DataRange() (xmin, xmax, ymin, ymax float64) {
	inf := math.Inf(1)
	if r.vertical {
		return r.Value, r.Value, inf, -inf
	}
	return inf, -inf, r.Value, r.Value
}

// shade draws a Band.
type shade struct{ Band }

// Plot implements plot.Plotter.
func (s shade) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x0 := max(trX(s.From), c.Min.X)
	x1 := min(trX(s.To), c.Max.X)
	if x0 >= x1 {
		return
	}
	col := s.Color.or(Gray).NRGBA()
	fill := col
	fill.A = 0x38
	var rect vg.Path
	rect.Move(vg.Point{X: x0, Y: c.Min.Y})
	rect.Line(vg.Point{X: x1, Y: c.Min.Y})
	rect.Line(vg.Point{X: x1, Y: c.Max.Y})
	rect.Line(vg.Point{X: x0, Y: c.Max.Y})
	rect.Close()
	c.SetColor(fill)
	c.Fill(rect)
	if s.Label != "" {
		// Centred on the band, but moved to stay inside the data area
		// when the band is narrower than its label and near an edge.
		ts := annotStyle(p, okabeIto[Black], draw.XCenter, draw.YTop)
		half, pad := ts.Width(s.Label)/2, vg.Points(3)
		x := min(max((x0+x1)/2, c.Min.X+half+pad), c.Max.X-half-pad)
		c.FillText(ts, vg.Point{X: x, Y: c.Max.Y - pad}, s.Label)
	}
}

// DataRange implements plot.DataRanger: the band is kept in view.
func (s shade) DataRange() (xmin, xmax, ymin, ymax float64) {
	inf := math.Inf(1)
	return s.From, s.To, inf, -inf
}
