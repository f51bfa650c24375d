package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Color is a colour of the course palette: the Okabe–Ito colour-blind-safe
// set. The zero value Auto lets the figure choose (usually by the position
// of the element, see each type's documentation).
type Color int

// The palette colours. Their order in [Palette] is the declaration order.
const (
	Auto          Color = iota // chosen by the figure
	Blue                       // #0072B2
	Vermillion                 // #D55E00
	BluishGreen                // #009E73
	Orange                     // #E69F00
	ReddishPurple              // #CC79A7
	SkyBlue                    // #56B4E9
	Yellow                     // #F0E442
	Black                      // #000000
	Gray                       // #999999, not in the cycle; for backgrounds such as level sets
)

// numCycle is the number of colours in the [Palette] cycle.
const numCycle = 8

var okabeIto = [...]color.NRGBA{
	Blue:          {0x00, 0x72, 0xB2, 0xFF},
	Vermillion:    {0xD5, 0x5E, 0x00, 0xFF},
	BluishGreen:   {0x00, 0x9E, 0x73, 0xFF},
	Orange:        {0xE6, 0x9F, 0x00, 0xFF},
	ReddishPurple: {0xCC, 0x79, 0xA7, 0xFF},
	SkyBlue:       {0x56, 0xB4, 0xE9, 0xFF},
	Yellow:        {0xF0, 0xE4, 0x42, 0xFF},
	Black:         {0x00, 0x00, 0x00, 0xFF},
	Gray:          {0x99, 0x99, 0x99, 0xFF},
}

var colorNames = [...]string{"Auto", "Blue", "Vermillion", "BluishGreen", "Orange",
	"ReddishPurple", "SkyBlue", "Yellow", "Black", "Gray"}

// Palette returns the i-th colour of the fixed cycle Blue, Vermillion,
// BluishGreen, Orange, ReddishPurple, SkyBlue, Yellow, Black (i is taken
// modulo 8). Use it to give "method i" the same colour in every figure.
func Palette(i int) Color {
	i %= numCycle
	if i < 0 {
		i += numCycle
	}
	return Color(i + 1)
}

// NRGBA returns the colour's value. Auto and out-of-range values give Black.
func (c Color) NRGBA() color.NRGBA {
	if c <= Auto || int(c) >= len(okabeIto) {
		return okabeIto[Black]
	}
	return okabeIto[c]
}

// String returns the colour's name.
func (c Color) String() string {
	if c < 0 || int(c) >= len(colorNames) {
		return fmt.Sprintf("Color(%d)", int(c))
	}
	return colorNames[c]
}

// valid reports whether c is Auto or a named colour.
func (c Color) valid() bool { return c >= Auto && int(c) < len(okabeIto) }

// or returns c, or def when c is Auto.
func (c Color) or(def Color) Color {
	if c == Auto {
		return def
	}
	return c
}

// Theme constants: sizes in pixels at 96 dpi and font sizes in points
// (1 pt = 4/3 px).
//
// The sizes are chosen for the classic Jupyter Notebook's column, which
// shows an image at most about 980 px wide in a window of 1200 px or more
// (a 1140 px container less padding and the 14ex prompt column): a
// 960 px figure is shown at its own size, not scaled down, and its
// smallest text (tick labels, 16 px) stays legible on a projector.
const (
	// DefaultWidth and DefaultHeight are the PNG size in pixels of a
	// figure whose Width and Height are zero.
	DefaultWidth  = 960
	DefaultHeight = 540

	// DPI is the resolution of PNG output: 1 pt = 96/72 px.
	DPI = 96

	// MinSize and MaxSize bound Width and Height in pixels; a larger
	// picture is refused as beyond what can be drawn (its RGBA buffer
	// alone would exceed 256 MB).
	MinSize = 100
	MaxSize = 8000

	titleFontSize  = 15   // pt: 20 px
	labelFontSize  = 13.5 // pt: 18 px
	tickFontSize   = 12   // pt: 16 px
	legendFontSize = 12   // pt: 16 px
	annotFontSize  = 12   // pt: 16 px
)

var (
	lineWidth    = vg.Points(2.25)
	refLineWidth = vg.Points(1.5)
	theoryDashes = []vg.Length{vg.Points(7), vg.Points(4)}
	refDashes    = []vg.Length{vg.Points(4), vg.Points(3)}
	markerRadius = vg.Points(4)
	gridColor    = color.NRGBA{0xE0, 0xE0, 0xE0, 0xFF}

	// legendRowGap is the space between two legend rows, so that their
	// texts never touch; legendPad is the margin of the legend's
	// backdrop around its entries.
	legendRowGap = vg.Points(3)
	legendPad    = vg.Points(5)
)

// glyphShapes gives each palette colour its own marker shape, so markers
// stay distinguishable in grey-scale print.
var glyphShapes = [...]draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.CrossGlyph{},
	draw.RingGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PlusGlyph{},
}

// glyphFor returns the marker style of colour c.
func glyphFor(c Color) draw.GlyphStyle {
	shape := glyphShapes[0]
	if c > Auto && int(c) <= numCycle {
		shape = glyphShapes[int(c)-1]
	}
	return draw.GlyphStyle{Color: c.NRGBA(), Radius: markerRadius, Shape: shape}
}

// newPlot returns a gonum plot with the course theme applied: fonts,
// tick lengths, legend style and title.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(courseFont, titleFontSize)
	p.Title.Padding = vg.Points(10)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(courseFont, labelFontSize)
		a.Tick.Label.Font = font.From(courseFont, tickFontSize)
		a.Label.Padding = vg.Points(4)
		a.Tick.Length = vg.Points(5)
		a.Tick.Marker = linearTicks{} // compact labels; log axes and indices replace it
	}
	p.Legend.TextStyle.Font = font.From(courseFont, legendFontSize)
	p.Legend.ThumbnailWidth = vg.Points(28)
	p.Legend.Padding = legendRowGap
	return p
}

// whiteBackground is the background of multi-panel pictures.
var whiteBackground = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
