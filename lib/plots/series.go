package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// Kind is how a series is drawn.
type Kind int

// Series kinds. The zero value is a solid line.
const (
	Line        Kind = iota // solid line: observations
	Dashed                  // dashed line: theory, predictions
	Markers                 // markers only: samples, scatter plots
	LineMarkers             // solid line with a marker at each point
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case Line:
		return "Line"
	case Dashed:
		return "Dashed"
	case Markers:
		return "Markers"
	case LineMarkers:
		return "LineMarkers"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Series is one curve or point set of a [Figure] (or a path of a
// [Geometry]).
type Series struct {
	// Name is the legend entry; an empty Name adds no entry.
	Name string
	// X and Y are the coordinates; they must have the same, non-zero
	// length and finite values of magnitude at most MaxValue (in
	// [MinLogValue, MaxValue] on a log axis).
	X, Y []float64
	// Kind is how the series is drawn (default solid line).
	Kind Kind
	// Color is the series colour; Auto means Palette(i) for the i-th
	// series of the figure. Set it explicitly to keep a method's colour
	// fixed across figures.
	Color Color
}

// check validates s as element i of the slice field named field (e.g.
// "Figure.Series").
func (s *Series) check(field string, i int, logX, logY bool) error {
	what := describe(field, i, s.Name)
	if s.Kind < Line || s.Kind > LineMarkers {
		return invalid(what, "unknown Kind %d", int(s.Kind))
	}
	if !s.Color.valid() {
		return invalid(what, "unknown Color %d", int(s.Color))
	}
	return checkXY(what, s.X, s.Y, logX, logY)
}

// xys copies parallel slices into gonum's point list.
func xys(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i].X, pts[i].Y = x[i], y[i]
	}
	return pts
}

// plotters returns the gonum plotters that draw s in colour c, and the
// thumbnails for its legend entry.
func (s *Series) plotters(c Color) ([]plot.Plotter, []plot.Thumbnailer) {
	pts := xys(s.X, s.Y)
	var ps []plot.Plotter
	var th []plot.Thumbnailer
	if s.Kind != Markers {
		l := &plotter.Line{XYs: pts, LineStyle: draw.LineStyle{Color: c.NRGBA(), Width: lineWidth}}
		if s.Kind == Dashed {
			l.Dashes = theoryDashes
		}
		ps, th = append(ps, clippedLine{l}), append(th, l)
	}
	if s.Kind == Markers || s.Kind == LineMarkers {
		sc := &plotter.Scatter{XYs: pts, GlyphStyle: glyphFor(c)}
		ps, th = append(ps, sc), append(th, sc)
	}
	return ps, th
}
