package plots

import (
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// starGlyph is a filled five-pointed star with a thin black outline, used
// for highlighted points (a projection, a minimiser).
type starGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (starGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	pts := make([]vg.Point, 11)
	for k := range 10 {
		r := sty.Radius
		if k%2 == 1 {
			r *= 0.45
		}
		a := math.Pi/2 + float64(k)*math.Pi/5
		pts[k] = vg.Point{X: pt.X + r*vg.Length(math.Cos(a)), Y: pt.Y + r*vg.Length(math.Sin(a))}
	}
	pts[10] = pts[0]
	c.FillPolygon(sty.Color, pts[:10])
	c.StrokeLines(draw.LineStyle{Color: okabeIto[Black], Width: vg.Points(0.6)}, pts)
}
