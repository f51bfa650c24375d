package plots

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// logTicks marks a logarithmic axis. It uses gonum's plot.LogTicks
// (labels at powers of ten, minor ticks in between) started from the
// decade below min, and labels the minor ticks as well when fewer than two
// labelled ticks would fall inside [min, max] (a range within one decade).
type logTicks struct{}

// Ticks implements plot.Ticker. min and max must be positive.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	lo := math.Pow10(int(math.Floor(math.Log10(min))))
	ts := plot.LogTicks{Prec: -1}.Ticks(lo, max)
	labelled := 0
	for _, t := range ts {
		if t.Label != "" && t.Value >= min && t.Value <= max {
			labelled++
		}
	}
	if labelled < 2 {
		for i := range ts {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'g', 3, 64)
		}
	}
	return ts
}

// finishAxis applies an explicit range and the log scale to a, after all
// plotters have been added (so a.Min and a.Max hold the data range).
func finishAxis(a *plot.Axis, log bool, r Range) {
	if !r.isAuto() {
		a.Min, a.Max = r.Min, r.Max
	}
	if log {
		a.Scale = plot.LogScale{}
		a.Tick.Marker = logTicks{}
		if a.Min == a.Max { // a single positive value: show one decade each side
			a.Min, a.Max = a.Min/10, a.Max*10
		}
	}
}

// gridLines returns light grid lines at the major ticks.
func gridLines() *plotter.Grid {
	sty := draw.LineStyle{Color: color.NRGBA(gridColor), Width: vg.Points(0.6)}
	return &plotter.Grid{Vertical: sty, Horizontal: sty}
}
