package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bars is a grouped bar chart: one bar per (category, group), bars of a
// category side by side, each group in its own colour with a legend entry.
// Bars start at zero, so negative values point down.
type Bars struct {
	Title, XLabel, YLabel string
	// Categories label the x axis; every group has one value per category.
	Categories []string
	// Groups are the bar series (e.g. methods), in legend order.
	Groups []BarGroup
	// HLines are dashed, labelled reference values.
	HLines []RefLine
	// YRange fixes the value axis; the zero Range fits the data and 0.
	YRange Range
	// Legend places the legend (entries: groups with a Name).
	Legend LegendPos
	// Width and Height in pixels (0: DefaultWidth, DefaultHeight).
	Width, Height int
}

// BarGroup is one series of bars, one value per category.
type BarGroup struct {
	Name   string
	Values []float64
	// Color of the bars; Auto means Palette(i) for the i-th group.
	Color Color
}

// barHeadroom is the share of the value range added beyond the longest
// bar of an auto-ranged chart.
const barHeadroom = 0.06

// barFraction is the share of a category's slot covered by its bars.
const barFraction = 0.8

// maxBars is the most bars a chart can hold: one pixel each across the
// widest picture.
const maxBars = MaxSize

// check validates the chart.
func (b *Bars) check() error {
	if b == nil {
		return invalid("Bars", "the chart is nil")
	}
	if len(b.Categories) == 0 || len(b.Groups) == 0 {
		return invalid("Bars", "the chart %q needs categories and groups (have %d, %d)", b.Title, len(b.Categories), len(b.Groups))
	}
	if len(b.Categories) > maxBars/len(b.Groups) {
		return invalid("Bars.Categories", "%d categories × %d groups are more bars than can be drawn (at most %d)", len(b.Categories), len(b.Groups), maxBars)
	}
	for i, g := range b.Groups {
		what := describe("Bars.Groups", i, g.Name)
		if len(g.Values) != len(b.Categories) {
			return invalid(what, "%d values for %d categories", len(g.Values), len(b.Categories))
		}
		if !g.Color.valid() {
			return invalid(what, "unknown Color %d", int(g.Color))
		}
		if err := checkValues(what, "Values", g.Values, false); err != nil {
			return err
		}
	}
	for i := range b.HLines {
		if err := b.HLines[i].check("Bars.HLines", i, false); err != nil {
			return err
		}
	}
	return b.YRange.check("Bars.YRange", false)
}

// Plot validates the chart and returns the gonum plot it draws. Errors
// wrap ErrInvalidInput; a nil chart is an error.
func (b *Bars) Plot() (*plot.Plot, error) {
	if err := b.check(); err != nil {
		return nil, err
	}
	p := newPlot(b.Title, b.XLabel, b.YLabel)
	g := gridLines()
	g.Vertical.Color = nil
	p.Add(g)
	for _, r := range b.HLines {
		p.Add(rule{RefLine: r})
	}
	var obs obstacles
	n := len(b.Groups)
	w := barFraction / float64(n)
	for i, grp := range b.Groups {
		bp := &barPlotter{values: grp.Values, offset: (float64(i) - float64(n-1)/2) * w,
			width: w, color: grp.Color.or(Palette(i))}
		p.Add(bp)
		for k, v := range grp.Values {
			x := float64(k) + bp.offset
			obs.rects = append(obs.rects, vg.Rectangle{Min: vg.Point{X: vg.Length(x - w/2), Y: vg.Length(min(v, 0))},
				Max: vg.Point{X: vg.Length(x + w/2), Y: vg.Length(max(v, 0))}})
		}
		if grp.Name != "" && b.Legend != NoLegend {
			p.Legend.Add(grp.Name, bp)
		}
	}
	p.NominalX(b.Categories...)
	p.X.Min, p.X.Max = -0.5, float64(len(b.Categories))-0.5
	finishAxis(&p.Y, false, b.YRange)
	if b.YRange.isAuto() { // headroom so that the tallest bar does not touch the title
		d := barHeadroom * (p.Y.Max - p.Y.Min)
		if p.Y.Max > 0 {
			p.Y.Max = min(p.Y.Max+d, MaxValue)
		}
		if p.Y.Min < 0 {
			p.Y.Min = max(p.Y.Min-d, -MaxValue)
		}
	}
	if err := fitAxis("Bars.Y", &p.Y, false, !b.YRange.isAuto()); err != nil {
		return nil, err
	}
	if err := addLegend(p, b.Legend, obs); err != nil {
		return nil, err
	}
	return p, nil
}

// barPlotter draws one group's bars; widths are in data units (a
// category's slot is 1 wide), so bars scale with the panel.
type barPlotter struct {
	values        []float64
	offset, width float64
	color         Color
}

// Plot implements plot.Plotter.
func (bp *barPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	// A bar is a rectangle, so clamping its ends to the value range
	// widened by one range width each side clips it exactly; it keeps the
	// page coordinates finite when a value lies far outside an explicit
	// YRange (gonum's polygon clipping loops forever on ±Inf).
	w := p.Y.Max - p.Y.Min
	lo, hi := p.Y.Min-w, p.Y.Max+w
	base := min(max(0, lo), hi)
	for i, v := range bp.values {
		x := float64(i) + bp.offset
		v = min(max(v, lo), hi)
		pts := c.ClipPolygonXY([]vg.Point{
			{X: trX(x - bp.width/2), Y: trY(base)}, {X: trX(x + bp.width/2), Y: trY(base)},
			{X: trX(x + bp.width/2), Y: trY(v)}, {X: trX(x - bp.width/2), Y: trY(v)},
		})
		c.FillPolygon(bp.color.NRGBA(), pts)
	}
}

// DataRange implements plot.DataRanger; the value range always includes 0.
func (bp *barPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	for _, v := range bp.values {
		ymin, ymax = min(ymin, v), max(ymax, v)
	}
	return -0.5, float64(len(bp.values)) - 0.5, ymin, ymax
}

// Thumbnail implements plot.Thumbnailer: a filled square.
func (bp *barPlotter) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(bp.color.NRGBA(), []vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y},
		{X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y},
	})
}

// build implements Panel.
func (b *Bars) build() (*built, error) {
	if b == nil {
		return nil, invalid("Bars", "the chart is nil")
	}
	w, h, err := namedPixelSize("Bars", b.Width, b.Height, DefaultWidth, DefaultHeight)
	if err != nil {
		return nil, err
	}
	p, err := b.Plot()
	if err != nil {
		return nil, err
	}
	return singlePlot(p, w, h), nil
}

// PNG renders the chart as a PNG image.
func (b *Bars) PNG() ([]byte, error) { return pngOf(b) }

// SVG renders the chart as an SVG document.
func (b *Bars) SVG() ([]byte, error) { return svgOf(b) }
