package plots

import (
	"fmt"
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
	// be finite and at least 1×1.
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

// check validates the heatmap and returns the colour range.
func (h *Heatmap) check() (zmin, zmax float64, err error) {
	if h.Values == nil {
		return 0, 0, fmt.Errorf("plots: heatmap %q has no Values", h.Title)
	}
	r, c := h.Values.Dims()
	if r == 0 || c == 0 {
		return 0, 0, fmt.Errorf("plots: heatmap %q: Values is %d×%d", h.Title, r, c)
	}
	if (h.X == nil) != (h.Y == nil) {
		return 0, 0, fmt.Errorf("plots: heatmap %q: give both X and Y or neither", h.Title)
	}
	if h.X != nil {
		if err := checkAxis("X", h.X, c); err != nil {
			return 0, 0, fmt.Errorf("plots: heatmap %q: %v", h.Title, err)
		}
		if err := checkAxis("Y", h.Y, r); err != nil {
			return 0, 0, fmt.Errorf("plots: heatmap %q: %v", h.Title, err)
		}
	}
	zmin, zmax = math.Inf(1), math.Inf(-1)
	for i := range r {
		for j := range c {
			v := h.Values.At(i, j)
			if !finite(v) {
				return 0, 0, fmt.Errorf("plots: heatmap %q: Values[%d, %d] = %g is not finite", h.Title, i, j, v)
			}
			zmin, zmax = min(zmin, v), max(zmax, v)
		}
	}
	if err := h.ZRange.check("ZRange", false); err != nil {
		return 0, 0, err
	}
	switch {
	case !h.ZRange.isAuto():
		zmin, zmax = h.ZRange.Min, h.ZRange.Max
	case h.Diverging:
		m := max(math.Abs(zmin), math.Abs(zmax))
		zmin, zmax = -m, m
	}
	if zmin == zmax { // constant values: any non-empty range centred on them
		d := max(math.Abs(zmin)/2, 0.5)
		zmin, zmax = zmin-d, zmax+d
	}
	return zmin, zmax, nil
}

// checkAxis validates cell centres.
func checkAxis(name string, v []float64, n int) error {
	if len(v) != n {
		return fmt.Errorf("len(%s) = %d, want %d", name, len(v), n)
	}
	for i, x := range v {
		if !finite(x) {
			return fmt.Errorf("%s[%d] = %g is not finite", name, i, x)
		}
		if i > 0 && x <= v[i-1] {
			return fmt.Errorf("%s is not strictly increasing at index %d", name, i)
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
// and the colour bar.
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
	w, hh, err := pixelSize(h.Width, h.Height, DefaultWidth, DefaultHeight)
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
		strip := max((c.Max.X-c.Min.X)*colorBarShare, pxLen(colorBarMinPx))
		left := draw.Crop(c, 0, -strip, 0, 0)
		data := shrink(left.Rectangle, fr.insets(left))
		fr.drawAt(left, data)
		// The colour bar spans exactly the height of the cells.
		right := c
		right.Min.X = c.Max.X - strip + vg.Points(12)
		right.Max.X = c.Max.X - vg.Points(6)
		barData := shrink(right.Rectangle, bf.insets(right))
		barData.Min.Y, barData.Max.Y = data.Min.Y, data.Max.Y
		bf.drawAt(right, barData)
	}}, nil
}

// PNG renders the heatmap as a PNG image.
func (h *Heatmap) PNG() ([]byte, error) { return pngOf(h) }

// SVG renders the heatmap as an SVG document.
func (h *Heatmap) SVG() ([]byte, error) { return svgOf(h) }
