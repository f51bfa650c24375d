package plots

import (
	"bytes"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Picture is anything this package renders: *Figure, *Bars, *Heatmap,
// *Geometry and *Grid.
type Picture interface {
	// PNG renders the picture as a PNG image (DPI dots per inch).
	PNG() ([]byte, error)
	// SVG renders the picture as an SVG document of the same size in points.
	SVG() ([]byte, error)
}

// Panel is a picture that can be placed in a [Grid]. The method set is
// sealed: *Figure, *Bars, *Heatmap, *Geometry and *Grid are Panels.
type Panel interface {
	Picture
	build() (*built, error)
}

// built is a validated picture ready to draw.
type built struct {
	// frame lays out the single gonum plot of the picture, if it has
	// exactly one (used to align data areas in a Grid); nil otherwise.
	frame *frame
	// draw draws the picture into c.
	draw func(c draw.Canvas)
	// w, h is the picture's own size in pixels.
	w, h int
}

// pxLen converts pixels at DPI to a vg.Length.
func pxLen(px int) vg.Length { return vg.Length(px) * vg.Inch / DPI }

// renderPNG draws b on a w×h pixel image and encodes it as PNG.
func renderPNG(b *built) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(pxLen(b.w), pxLen(b.h)), vgimg.UseDPI(DPI))
	b.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// renderSVG draws b on an SVG canvas of the same physical size.
func renderSVG(b *built) ([]byte, error) {
	c := vgsvg.New(pxLen(b.w), pxLen(b.h))
	b.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pngOf and svgOf build p and render it.
func pngOf(p Panel) ([]byte, error) {
	b, err := p.build()
	if err != nil {
		return nil, err
	}
	return renderPNG(b)
}

func svgOf(p Panel) ([]byte, error) {
	b, err := p.build()
	if err != nil {
		return nil, err
	}
	return renderSVG(b)
}

// outerPad is the blank margin around a picture.
var outerPad = vg.Points(4)

// singlePlot returns the built picture of one gonum plot.
func singlePlot(p *plot.Plot, w, h int) *built {
	f := newFrame(p)
	return &built{frame: f, w: w, h: h, draw: func(c draw.Canvas) {
		f.draw(draw.Crop(c, outerPad, -outerPad, outerPad, -outerPad))
	}}
}
