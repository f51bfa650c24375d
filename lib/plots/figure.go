package plots

import (
	"math"

	"gonum.org/v1/plot"
)

// Figure is a line/scatter figure: the course's workhorse (loss curves,
// errors against a parameter, predicted-vs-observed).
//
// The zero values give: linear axes fitted to the data, legend at the top
// in the corner where it covers the least data, a DefaultWidth ×
// DefaultHeight picture.
type Figure struct {
	// Title, XLabel and YLabel; give units or "(log scale)" in the labels.
	Title, XLabel, YLabel string
	// LogX and LogY select logarithmic axes (gonum plot.LogScale); all
	// data, reference lines and bands on such an axis must be positive.
	LogX, LogY bool
	// XRange and YRange fix the axis ranges; the zero Range fits the data.
	XRange, YRange Range
	// Legend places the legend (entries: the series with a Name).
	Legend LegendPos
	// Series are drawn in order, after the bands and reference lines.
	Series []Series
	// HLines and VLines are dashed, labelled reference lines at y = Value
	// resp. x = Value.
	HLines, VLines []RefLine
	// Bands are shaded x-intervals.
	Bands []Band
	// Width and Height are the size in pixels (0: DefaultWidth,
	// DefaultHeight); each must lie in [MinSize, MaxSize].
	Width, Height int
}

// check validates everything but the size.
func (f *Figure) check() error {
	if f == nil {
		return invalid("Figure", "the figure is nil")
	}
	if len(f.Series) == 0 {
		return invalid("Figure.Series", "the figure %q has no series", f.Title)
	}
	for i := range f.Series {
		if err := f.Series[i].check("Figure.Series", i, f.LogX, f.LogY); err != nil {
			return err
		}
	}
	for i := range f.HLines {
		if err := f.HLines[i].check("Figure.HLines", i, f.LogY); err != nil {
			return err
		}
	}
	for i := range f.VLines {
		if err := f.VLines[i].check("Figure.VLines", i, f.LogX); err != nil {
			return err
		}
	}
	for i := range f.Bands {
		if err := f.Bands[i].check(i, f.LogX); err != nil {
			return err
		}
	}
	if err := f.XRange.check("Figure.XRange", f.LogX); err != nil {
		return err
	}
	return f.YRange.check("Figure.YRange", f.LogY)
}

// Plot validates the figure and returns the gonum plot it draws, with
// axis ranges, scales, tickers and legend set. Errors wrap
// ErrInvalidInput; a nil figure is an error. Callers may inspect or
// adjust it (for example to add a gonum plotter this package lacks).
func (f *Figure) Plot() (*plot.Plot, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	p := newPlot(f.Title, f.XLabel, f.YLabel)
	p.Add(gridLines())
	for _, b := range f.Bands {
		p.Add(shade{b})
	}
	for _, r := range f.HLines {
		p.Add(rule{RefLine: r})
	}
	for _, r := range f.VLines {
		p.Add(rule{RefLine: r, vertical: true})
	}
	var obs obstacles
	for _, r := range f.HLines {
		obs.hlines = append(obs.hlines, r.Value)
	}
	for _, r := range f.VLines {
		obs.vlines = append(obs.vlines, r.Value)
	}
	for i := range f.Series {
		s := &f.Series[i]
		obs.addSeries(s)
		ps, th := s.plotters(s.Color.or(Palette(i)))
		p.Add(ps...)
		if s.Name != "" && f.Legend != NoLegend {
			p.Legend.Add(s.Name, th...)
		}
	}
	finishAxis(&p.X, f.LogX, f.XRange)
	finishAxis(&p.Y, f.LogY, f.YRange)
	if err := fitAxis("Figure.X", &p.X, f.LogX, !f.XRange.isAuto()); err != nil {
		return nil, err
	}
	narrow := tooNarrow(p.Y.Min, p.Y.Max)
	if err := fitAxis("Figure.Y", &p.Y, f.LogY, !f.YRange.isAuto()); err != nil {
		return nil, err
	}
	if f.YRange.isAuto() && !narrow {
		headroom(&p.Y, f.LogY)
	}
	if err := addLegend(p, f.Legend, obs); err != nil {
		return nil, err
	}
	return p, nil
}

// build implements Panel.
func (f *Figure) build() (*built, error) {
	if f == nil {
		return nil, invalid("Figure", "the figure is nil")
	}
	w, h, err := namedPixelSize("Figure", f.Width, f.Height, DefaultWidth, DefaultHeight)
	if err != nil {
		return nil, err
	}
	p, err := f.Plot()
	if err != nil {
		return nil, err
	}
	return singlePlot(p, w, h), nil
}

// PNG renders the figure as a PNG image.
func (f *Figure) PNG() ([]byte, error) { return pngOf(f) }

// SVG renders the figure as an SVG document.
func (f *Figure) SVG() ([]byte, error) { return svgOf(f) }

// autoMargin is the fraction of an automatic y range added above and
// below the data, so that a curve starting at its maximum (a residual at
// t = 0) is not drawn on, and half cut off by, the top of the frame.
const autoMargin = 0.04

// headroom widens the fitted range of a by autoMargin on both sides (in
// decades on a log axis), within the limits the axis can show.
func headroom(a *plot.Axis, log bool) {
	if !(a.Max > a.Min) {
		return // a constant range is widened by fitAxis
	}
	lo0, hi0 := a.Min, a.Max
	defer func() { // keep the fitted range if the wider one labels worse (ranges near the rounding floor)
		n := 0
		for _, t := range a.Tick.Marker.Ticks(a.Min, a.Max) {
			if t.Label != "" {
				n++
			}
		}
		if n < 2 {
			a.Min, a.Max = lo0, hi0
		}
	}()
	if log {
		lo, hi := math.Log10(a.Min), math.Log10(a.Max)
		d := autoMargin * (hi - lo)
		a.Min, a.Max = max(math.Pow(10, lo-d), MinLogValue), min(math.Pow(10, hi+d), MaxValue)
		return
	}
	d := autoMargin * (a.Max - a.Min)
	if math.IsInf(d, 0) {
		return
	}
	a.Min, a.Max = max(a.Min-d, -MaxValue), min(a.Max+d, MaxValue)
}
