package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Heatmap draws a matrix (or values on a grid) as coloured cells with a
// colour bar on the right.
//
// The colour map is a sequential viridis-like ramp (dark blue → yellow,
// colour-blind safe, monotone in lightness) or, with Diverging, Moreland's
// smooth blue–red map centred at zero (for signed errors such as W−M).
type Heatmap struct {
	Title, XLabel, YLabel string
	// Values.At(i, j) is drawn at column j (x) and row i (y). Values must
	// be finite, of magnitude at most MaxValue, and at least 1×1 with at
	// most 1<<18 cells (e.g. 512×512).
	Values mat.Matrix
	// X and Y optionally give the cell centres: len(X) = columns,
	// len(Y) = rows, strictly increasing. When both are nil the picture
	// uses matrix layout: x = j, y = i with row 0 at the top.
	X, Y []float64
	// ZLabel labels the colour bar.
	ZLabel string
	// ZRange fixes the colour range; values outside are clamped to the
	// end colours. The zero Range fits the data (±max|v| if Diverging).
	ZRange Range
	// Diverging selects the blue–red map with a range symmetric about 0.
	Diverging bool
	// Width and Height in pixels (0: DefaultWidth, DefaultHeight).
	Width, Height int
}

// paletteColors is the number of colours sampled from the colour map.
const paletteColors = 256

// viridis control colours (equally spaced samples of matplotlib's viridis,
// which is monotone in lightness as moreland.NewLuminance requires).
var viridis = []color.Color{
	color.NRGBA{0x44, 0x01, 0x54, 0xFF}, color.NRGBA{0x3B, 0x52, 0x8B, 0xFF},
	color.NRGBA{0x21, 0x90, 0x8C, 0xFF}, color.NRGBA{0x5D, 0xC8, 0x63, 0xFF},
	color.NRGBA{0xFD, 0xE7, 0x25, 0xFF},
}

// heatGrid adapts a matrix to gonum's plotter.GridXYZ.
type heatGrid struct {
	m    mat.Matrix
	x, y []float64
}

func (g heatGrid) Dims() (c, r int)   { r, c = g.m.Dims(); return c, r }
func (g heatGrid) Z(c, r int) float64 { return g.m.At(r, c) }
func (g heatGrid) X(c int) float64 {
	if g.x == nil {
		return float64(c)
	}
	return g.x[c]
}
func (g heatGrid) Y(r int) float64 {
	if g.y == nil {
		return float64(r)
	}
	return g.y[r]
}

// maxHeatCells is the most cells a heatmap can hold, e.g. a 512×512
// matrix, whose cells are already about a pixel in a default-sized
// picture. gonum draws (and boxes) every cell one by one: 512×512 takes
// about 2 s, and a 1e5×1e5 matrix would take hours and gigabytes.
const maxHeatCells = 1 << 18

// check validates the heatmap and returns the colour range.
func (h *Heatmap) check() (zmin, zmax float64, err error) {
	if h == nil {
		return 0, 0, invalid("Heatmap", "the heatmap is nil")
	}
	if h.Values == nil {
		return 0, 0, invalid("Heatmap.Values", "the heatmap %q has no Values", h.Title)
	}
	r, c, err := matrixDims(h.Values)
	if err != nil {
		return 0, 0, err
	}
	if r <= 0 || c <= 0 {
		return 0, 0, invalid("Heatmap.Values", "%d×%d matrix, want at least 1×1", r, c)
	}
	if r > maxHeatCells || c > maxHeatCells || r*c > maxHeatCells {
		return 0, 0, invalid("Heatmap.Values", "%d×%d matrix has more cells than can be drawn (at most %d)", r, c, maxHeatCells)
	}
	if (h.X == nil) != (h.Y == nil) {
		return 0, 0, invalid("Heatmap", "give both X and Y or neither")
	}
	if h.X != nil {
		if err := checkCentres("Heatmap.X", h.X, c); err != nil {
			return 0, 0, err
		}
		if err := checkCentres("Heatmap.Y", h.Y, r); err != nil {
			return 0, 0, err
		}
	}
	zmin, zmax = math.Inf(1), math.Inf(-1)
	for i := range r {
		for j := range c {
			v := h.Values.At(i, j)
			if !finite(v) {
				return 0, 0, invalid("Heatmap.Values", "Values[%d, %d] = %g is not finite", i, j, v)
			}
			if math.Abs(v) > MaxValue {
				return 0, 0, invalid("Heatmap.Values", "Values[%d, %d] = %g is beyond ±%g, the values a colour bar can draw (rescale the matrix)", i, j, v, MaxValue)
			}
			zmin, zmax = min(zmin, v), max(zmax, v)
		}
	}
	if err := h.ZRange.check("Heatmap.ZRange", false); err != nil {
		return 0, 0, err
	}
	switch {
	case !h.ZRange.isAuto():
		zmin, zmax = h.ZRange.Min, h.ZRange.Max
	case h.Diverging:
		m := max(math.Abs(zmin), math.Abs(zmax))
		zmin, zmax = -m, m
	}
	if tooNarrow(zmin, zmax) { // (nearly) constant values: a range centred on them
		mid := zmin + (zmax-zmin)/2
		d := max(math.Abs(mid)/2, 0.5)
		zmin, zmax = max(mid-d, -MaxValue), min(mid+d, MaxValue)
	}
	return zmin, zmax, nil
}

// matrixDims returns the size of m, or an error if m panics when asked,
// as a typed nil such as (*mat.Dense)(nil) does.
func matrixDims(m mat.Matrix) (r, c int, err error) {
	defer func() {
		if recover() != nil {
			err = invalid("Heatmap.Values", "the matrix cannot report its size (a nil %T?)", m)
		}
	}()
	r, c = m.Dims()
	return r, c, nil
}

// checkCentres validates the cell centres named param.
func checkCentres(param string, v []float64, n int) error {
	if len(v) != n {
		return invalid(param, "len = %d, want %d", len(v), n)
	}
	if err := checkValues(param, param[len("Heatmap."):], v, false); err != nil {
		return err
	}
	for i := 1; i < len(v); i++ {
		if v[i] <= v[i-1] {
			return invalid(param, "not strictly increasing at index %d", i)
		}
	}
	return nil
}

// colorMap returns the heatmap's colour map on [zmin, zmax].
func (h *Heatmap) colorMap(zmin, zmax float64) palette.ColorMap {
	var cm palette.ColorMap
	if h.Diverging {
		cm = moreland.SmoothBlueRed()
	} else {
		var err error
		cm, err = moreland.NewLuminance(viridis)
		if err != nil {
			panic(err) // the control colours are constants
		}
	}
	cm.SetMax(zmax)
	cm.SetMin(zmin)
	return cm
}

// Plots validates the heatmap and returns its two gonum plots: the cells
// and the colour bar. Errors wrap ErrInvalidInput; a nil heatmap is an
// error.
func (h *Heatmap) Plots() (cells, colorBar *plot.Plot, err error) {
	zmin, zmax, err := h.check()
	if err != nil {
		return nil, nil, err
	}
	cm := h.colorMap(zmin, zmax)
	pal := cm.Palette(paletteColors)
	hm := plotter.NewHeatMap(heatGrid{m: h.Values, x: h.X, y: h.Y}, pal)
	hm.Min, hm.Max = zmin, zmax
	cols := pal.Colors()
	hm.Underflow, hm.Overflow = cols[0], cols[len(cols)-1]

	cells = newPlot(h.Title, h.XLabel, h.YLabel)
	cells.Add(hm)
	if h.X == nil {
		cells.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
		cells.X.Tick.Marker, cells.Y.Tick.Marker = indexTicks{}, indexTicks{}
	}
	// The cell centres are the user's: a range too narrow to label is an
	// error, not widened.
	if err := fitAxis("Heatmap.X", &cells.X, false, true); err != nil {
		return nil, nil, err
	}
	if err := fitAxis("Heatmap.Y", &cells.Y, false, true); err != nil {
		return nil, nil, err
	}
	colorBar = newPlot("", "", h.ZLabel)
	colorBar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	colorBar.HideX()
	colorBar.X.Padding, colorBar.Y.Padding = 0, 0
	return cells, colorBar, nil
}

// colorBarShare is the fraction of the width given to the colour bar.
const colorBarShare = 0.13

// colorBarMinPx is the minimum width of the colour bar strip in pixels.
const colorBarMinPx = 100

// build implements Panel.
func (h *Heatmap) build() (*built, error) {
	if h == nil {
		return nil, invalid("Heatmap", "the heatmap is nil")
	}
	w, hh, err := namedPixelSize("Heatmap", h.Width, h.Height, DefaultWidth, DefaultHeight)
	if err != nil {
		return nil, err
	}
	cells, bar, err := h.Plots()
	if err != nil {
		return nil, err
	}
	fr, bf := newFrame(cells), newFrame(bar)
	return &built{w: w, h: hh, draw: func(c draw.Canvas) {
		c = draw.Crop(c, outerPad, -outerPad, outerPad, -outerPad)
		// The strip takes at most a third of the width, so that a small
		// tile of a Grid keeps room for the cells.
		strip := min(max((c.Max.X-c.Min.X)*colorBarShare, pxLen(colorBarMinPx)), (c.Max.X-c.Min.X)/3)
		left := draw.Crop(c, 0, -strip, 0, 0)
		data := shrink(left.Rectangle, fr.insets(left))
		if !positive(data) {
			return // no room for the cells (a tiny tile): gonum would panic
		}
		fr.drawAt(left, data)
		// The colour bar spans exactly the height of the cells.
		right := c
		right.Min.X = c.Max.X - strip + vg.Points(12)
		right.Max.X = c.Max.X - vg.Points(6)
		barData := shrink(right.Rectangle, bf.insets(right))
		barData.Min.Y, barData.Max.Y = data.Min.Y, data.Max.Y
		if positive(barData) {
			bf.drawAt(right, barData)
		}
	}}, nil
}

// PNG renders the heatmap as a PNG image.
func (h *Heatmap) PNG() ([]byte, error) { return pngOf(h) }

// SVG renders the heatmap as an SVG document.
func (h *Heatmap) SVG() ([]byte, error) { return svgOf(h) }

// positive reports whether r has a positive width and height.
func positive(r vg.Rectangle) bool { return r.Max.X > r.Min.X && r.Max.Y > r.Min.Y }
