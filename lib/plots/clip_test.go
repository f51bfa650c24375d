package plots

import (
	"bytes"
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// linearAxis and logAxis return axes with the range [min, max].
func linearAxis(min, max float64) *plot.Axis {
	return &plot.Axis{Min: min, Max: max, Scale: plot.LinearScale{}}
}

func logAxis(min, max float64) *plot.Axis {
	return &plot.Axis{Min: min, Max: max, Scale: plot.LogScale{}}
}

func TestClipPolyline(t *testing.T) {
	lin := guardOf(linearAxis(0, 1)) // guard box [-1, 2]
	lg := guardOf(logAxis(1, 10))    // guard box [0.1, 100]
	cases := []struct {
		name   string
		pts    plotter.XYs
		gx, gy guard
		want   []plotter.XYs // nil: unchanged
		tol    float64       // relative tolerance of the computed points
	}{
		{"inside", plotter.XYs{{X: -1, Y: 2}, {X: 0.5, Y: 0.5}, {X: 2, Y: -1}}, lin, lin, nil, 0},
		// The exit point is computed from the endpoint inside: x = 0.5 + (2 − 0.5)/2
		// exactly; from the far endpoint it would be off by about 1e284.
		{"far exit", plotter.XYs{{X: 0.5, Y: 0.5}, {X: 0.5 + 1e300, Y: 0.5 + 2e300}}, lin, lin,
			[]plotter.XYs{{{X: 0.5, Y: 0.5}, {X: 1.25, Y: 2}}}, 0},
		{"far entry", plotter.XYs{{X: -1e300, Y: 0.25}, {X: 0.5, Y: 0.25}}, lin, lin,
			[]plotter.XYs{{{X: -1, Y: 0.25}, {X: 0.5, Y: 0.25}}}, 0},
		{"vertical", plotter.XYs{{X: 0.5, Y: 0.5}, {X: 0.5, Y: 1e300}}, lin, lin,
			[]plotter.XYs{{{X: 0.5, Y: 0.5}, {X: 0.5, Y: 2}}}, 0},
		{"out and back", plotter.XYs{{X: 0.5, Y: 0.5}, {X: 0.5, Y: 1e300}, {X: 0.75, Y: 0.5}}, lin, lin,
			[]plotter.XYs{{{X: 0.5, Y: 0.5}, {X: 0.5, Y: 2}}, {{X: 0.75, Y: 2}, {X: 0.75, Y: 0.5}}}, 1e-15},
		{"through a corner region", plotter.XYs{{X: -3, Y: 0}, {X: 0, Y: 3}, {X: 0.5, Y: 0.5}}, lin, lin,
			[]plotter.XYs{{{X: -1, Y: 2}, {X: -1, Y: 2}}, {{X: 0.2, Y: 2}, {X: 0.5, Y: 0.5}}}, 1e-15},
		{"outside", plotter.XYs{{X: 5, Y: 5}, {X: 6, Y: 7}}, lin, lin, []plotter.XYs{}, 0},
		// On a log axis the guard box is in log coordinates: the segment
		// is straight in (x, log y) and leaves at y = 100.
		{"log far", plotter.XYs{{X: 0.5, Y: 2}, {X: 0.5, Y: 1e300}}, lin, lg,
			[]plotter.XYs{{{X: 0.5, Y: 2}, {X: 0.5, Y: 100}}}, 1e-14},
	}
	for _, c := range cases {
		got := clipPolyline(c.pts, c.gx, c.gy)
		if (got == nil) != (c.want == nil) || len(got) != len(c.want) {
			t.Errorf("%s: pieces %v, want %v", c.name, got, c.want)
			continue
		}
		for i := range got {
			if len(got[i]) != len(c.want[i]) {
				t.Errorf("%s: piece %d = %v, want %v", c.name, i, got[i], c.want[i])
				continue
			}
			for j, p := range got[i] {
				w := c.want[i][j]
				if !(math.Abs(p.X-w.X) <= c.tol*math.Abs(w.X)) || !(math.Abs(p.Y-w.Y) <= c.tol*math.Abs(w.Y)) {
					t.Errorf("%s: piece %d point %d = %v, want %v", c.name, i, j, p, w)
				}
			}
		}
	}
}

// TestFarPointsDrawTheRightLine: a segment from (0, 0) to (1e300, 1e300)
// seen through the box [0, 1e-290]² is the box's diagonal. Without the
// clipping, gonum's page coordinates overflow to +Inf and its own clipping
// drew a line off to the left; the picture must be the one of the segment
// cut at the guard box by hand, (0, 0)–(2e-290, 2e-290).
func TestFarPointsDrawTheRightLine(t *testing.T) {
	box := Range{0, 1e-290}
	fig := func(x, y []float64) *Figure {
		return &Figure{XRange: box, YRange: box, Width: 300, Height: 300, Series: []Series{{X: x, Y: y, Color: Vermillion}}}
	}
	far, err := fig([]float64{0, 1e300}, []float64{0, 1e300}).PNG()
	if err != nil {
		t.Fatal(err)
	}
	cut, err := fig([]float64{0, 2e-290}, []float64{0, 2e-290}).PNG()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(far, cut) {
		t.Errorf("the far segment is not drawn as the diagonal of the box")
	}
	if n, _, _ := countColor(decodePNG(t, far), Vermillion.NRGBA(), 0); n < 300 {
		t.Errorf("%d vermillion pixels, want a drawn diagonal (>= 300)", n)
	}
}
