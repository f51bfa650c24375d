package plots

import (
	"math"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// After EqualAspect a data unit has the same length on both axes (to
// 0.2 %: the iteration stops at 0.1 %), the box contains the original one,
// and a box that is already equal is left alone.
func TestEqualAspect(t *testing.T) {
	for _, c := range []struct{ xr, yr Range }{{Range{Min: 0, Max: 1}, Range{Min: -0.8, Max: 0.2}}, {Range{Min: -3, Max: 3}, Range{Min: 0, Max: 1}}} {
		g := &Geometry{Title: "t", XLabel: "x", YLabel: "y", XRange: c.xr, YRange: c.yr, Width: 700, Height: 600,
			Lines: []AffineLine{{A: [2]float64{1, -0.5}, B: 1}}}
		if err := EqualAspect(g); err != nil {
			t.Fatal(err)
		}
		if !(g.XRange.Min <= c.xr.Min) || !(g.XRange.Max >= c.xr.Max) || !(g.YRange.Min <= c.yr.Min) || !(g.YRange.Max >= c.yr.Max) {
			t.Errorf("box shrank: %v %v", g.XRange, g.YRange)
		}
		p, err := g.Plot()
		if err != nil {
			t.Fatal(err)
		}
		cv := draw.New(vgimg.NewWith(vgimg.UseWH(pxLen(700), pxLen(600)), vgimg.UseDPI(DPI)))
		cv = draw.Crop(cv, outerPad, -outerPad, outerPad, -outerPad)
		data := shrink(cv.Rectangle, newFrame(p).insets(cv))
		ux := (g.XRange.Max - g.XRange.Min) / float64(data.Max.X-data.Min.X)
		uy := (g.YRange.Max - g.YRange.Min) / float64(data.Max.Y-data.Min.Y)
		if !(math.Abs(ux/uy-1) <= 2e-3) {
			t.Errorf("units per point: x %g, y %g", ux, uy)
		}
		before := *g
		if err := EqualAspect(g); err != nil || g.XRange != before.XRange || g.YRange != before.YRange {
			t.Errorf("second call changed the box: %v %v", g.XRange, g.YRange)
		}
	}
	if err := EqualAspect(nil); err == nil {
		t.Error("nil geometry accepted")
	}
	if err := EqualAspect(&Geometry{}); err == nil {
		t.Error("geometry without a box accepted")
	}
}
