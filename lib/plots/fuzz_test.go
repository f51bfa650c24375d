package plots

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// extremes are seed values across the float64 range: the limits of what
// an axis can draw, values just beyond them, subnormals and non-finite
// values.
var extremes = []float64{0, 1, -1, math.Nextafter(1, 2), 2.5, 1e-300, 1e300, -1e300,
	1.0000000001e300, 9e307, -9e307, math.MaxFloat64, -math.MaxFloat64, 5e-324, 1e-310,
	math.SmallestNonzeroFloat64 * 3, math.NaN(), math.Inf(1), math.Inf(-1)}

// drawable are seed rows (of at least 8 values) that can all be drawn,
// on linear and log axes, so that the fuzzer also explores the rendering.
var drawable = [][]float64{
	{1, 2, 3, 1, 4, 9, 0.5, 5},
	{1e-300, 1, 1e300, 1e300, 1e-300, 1, 1e-10, 1e10},
	{1, math.Nextafter(1, 2), 1, 2, 2, 2, 1, 3},
	{3e7, 2e-5, 1, 1e-7, 1e-3, 1, 2e-5, 3e7},
	{1e200, 1e200, 1e200, 7, 7, 7, 1e199, 1e201},
	{0.1, 0.2, 0.30000000000000004, 1e-16, 2e-16, 3e-16, 0.1, 0.3},
}

// seedFuzz adds seeds of n values drawn from extremes, and flags.
func seedFuzz(f *testing.F, n int, add func(vs []float64, flags uint8)) {
	for _, row := range drawable {
		for flags := range 16 {
			add(row[:n], uint8(flags)|uint8(flags%4)<<4)
		}
		add(row[:n], 0xc0)
	}
	for i := range extremes {
		for _, flags := range []uint8{0, 0x03, 0x0c, 0x55, 0xff} {
			vs := make([]float64, n)
			for j := range vs {
				vs[j] = extremes[(i+j*j)%len(extremes)]
			}
			vs[n-1] = 1 // one ordinary value
			add(vs, flags)
		}
	}
}

// FuzzFigure builds a figure of three points with optional log axes,
// explicit ranges, a reference line and a band from arbitrary values, and
// checks that it either is refused with an error wrapping ErrInvalidInput
// or has finite, distinct tick labels on both axes and renders, all
// within renderDeadline. A non-finite value used by the figure must be
// refused.
func FuzzFigure(f *testing.F) {
	seedFuzz(f, 8, func(v []float64, flags uint8) {
		f.Add(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], flags)
	})
	f.Fuzz(func(t *testing.T, x0, x1, x2, y0, y1, y2, r0, r1 float64, flags uint8) {
		fig := &Figure{LogX: flags&1 != 0, LogY: flags&2 != 0, Width: 2 * MinSize, Height: 2 * MinSize,
			Series: []Series{{Name: "s", X: []float64{x0, x1, x2}, Y: []float64{y0, y1, y2}, Kind: Kind(flags >> 4 & 3)}}}
		used := []float64{x0, x1, x2, y0, y1, y2}
		if flags&4 != 0 {
			fig.XRange = Range{r0, r1}
			used = append(used, r0, r1)
		}
		if flags&8 != 0 {
			fig.YRange = Range{r1, r0}
			used = append(used, r0, r1)
		}
		if flags&64 != 0 {
			fig.HLines = []RefLine{{Value: r0, Label: "h"}}
			used = append(used, r0)
		}
		if flags&128 != 0 {
			fig.Bands = []Band{{From: x0, To: r1}}
			used = append(used, r1)
		}
		err, ok := withDeadline(t, "Plot and PNG", func() error {
			p, err := fig.Plot()
			if err != nil {
				return err
			}
			checkAxisTicks(t, "X", p.X.Tick.Marker, p.X.Min, p.X.Max)
			checkAxisTicks(t, "Y", p.Y.Tick.Marker, p.Y.Min, p.Y.Max)
			_, err = fig.PNG()
			return err
		})
		if !ok {
			return
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Errorf("error %v does not wrap ErrInvalidInput", err)
			}
			return
		}
		for _, v := range used {
			if !finite(v) {
				t.Errorf("figure with the non-finite value %v drawn without error", v)
			}
		}
	})
}

// FuzzHeatmapBars builds a 2×2 heatmap (optionally diverging, with an
// explicit colour range and cell centres) and a bar chart of the same
// values, and checks that each is refused with ErrInvalidInput or has
// finite, distinct tick labels on its value axis and renders, within
// renderDeadline.
func FuzzHeatmapBars(f *testing.F) {
	seedFuzz(f, 6, func(v []float64, flags uint8) {
		f.Add(v[0], v[1], v[2], v[3], v[4], v[5], flags)
	})
	f.Fuzz(func(t *testing.T, a, b, c, d, z0, z1 float64, flags uint8) {
		h := &Heatmap{Values: mat.NewDense(2, 2, []float64{a, b, c, d}), Diverging: flags&1 != 0,
			Width: 2 * MinSize, Height: 2 * MinSize}
		if flags&2 != 0 {
			h.ZRange = Range{z0, z1}
		}
		if flags&4 != 0 {
			h.X, h.Y = []float64{z0, z1}, []float64{a, b}
		}
		bars := &Bars{Categories: []string{"a", "b", "c", "d"}, Groups: []BarGroup{{Name: "g", Values: []float64{a, b, c, d}}},
			Width: 2 * MinSize, Height: 2 * MinSize}
		if flags&8 != 0 {
			bars.YRange = Range{z0, z1}
		}
		if flags&16 != 0 {
			bars.HLines = []RefLine{{Value: z0}}
		}
		withDeadline(t, "axes", func() error {
			if _, bar, err := h.Plots(); err == nil {
				checkAxisTicks(t, "colour bar", bar.Y.Tick.Marker, bar.Y.Min, bar.Y.Max)
			}
			if p, err := bars.Plot(); err == nil {
				checkAxisTicks(t, "bars", p.Y.Tick.Marker, p.Y.Min, p.Y.Max)
			}
			return nil
		})
		for name, p := range map[string]Picture{"heatmap": h, "bars": bars} {
			err, ok := withDeadline(t, name, func() error { _, err := p.PNG(); return err })
			if ok && err != nil && !errors.Is(err, ErrInvalidInput) {
				t.Errorf("%s: error %v does not wrap ErrInvalidInput", name, err)
			}
		}
	})
}
