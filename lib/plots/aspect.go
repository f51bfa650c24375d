package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// EqualAspect widens one side of the box of g (XRange or YRange, about its
// centre) so that one data unit has the same length on both axes of the
// picture at g's size: the picture is then a true map of the plane, where
// angles and distances (to a solution line, between limits) can be read
// off. The box only grows, so nothing drawn before is cut off. It returns
// an error if g is invalid.
func EqualAspect(g *Geometry) error {
	if g == nil {
		return fmt.Errorf("plots: EqualAspect: geometry is nil")
	}
	w, h, err := pixelSize(g.Width, g.Height, geometryWidth, geometryHeight)
	if err != nil {
		return err
	}
	// Widening a range changes the tick labels and so, slightly, the room
	// they take: iterate until the two scales agree to 0.1 %.
	for range 8 {
		p, err := g.Plot()
		if err != nil {
			return err
		}
		c := draw.New(vgimg.NewWith(vgimg.UseWH(pxLen(w), pxLen(h)), vgimg.UseDPI(DPI)))
		c = draw.Crop(c, outerPad, -outerPad, outerPad, -outerPad)
		data := shrink(c.Rectangle, newFrame(p).insets(c))
		dx, dy := float64(data.Max.X-data.Min.X), float64(data.Max.Y-data.Min.Y)
		if !(dx > 0 && dy > 0) {
			return fmt.Errorf("plots: EqualAspect: geometry %q leaves no data area at %d×%d px", g.Title, w, h)
		}
		ux := (g.XRange.Max - g.XRange.Min) / dx // data units per point
		uy := (g.YRange.Max - g.YRange.Min) / dy
		if math.Abs(ux/uy-1) < 1e-3 {
			return nil
		}
		if ux > uy {
			g.YRange = widen(g.YRange, ux*dy)
		} else {
			g.XRange = widen(g.XRange, uy*dx)
		}
	}
	return nil
}

// widen returns r with span s about the same centre.
func widen(r Range, s float64) Range {
	c := (r.Min + r.Max) / 2
	return Range{Min: c - s/2, Max: c + s/2}
}
