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

// indexTicks labels integer positions (matrix rows and columns) with a
// step 1, 2, 5, 10, 20, ... giving at most 8 labels.
type indexTicks struct{}

// Ticks implements plot.Ticker.
func (indexTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := int(math.Ceil(min)), int(math.Floor(max))
	step := 1
	for k := 0; (hi-lo)/step+1 > 8; k++ {
		step = []int{2, 5, 10}[k%3] * int(math.Pow10(k/3))
	}
	var ts []plot.Tick
	for i := lo; i <= hi; i++ {
		if i%step == 0 {
			ts = append(ts, plot.Tick{Value: float64(i), Label: strconv.Itoa(i)})
		}
	}
	return ts
}

// finishAxis applies an explicit range and the log scale to a, after all
// plotters have been added (so a.Min and a.Max hold the data range).
// fitAxis then validates the range and widens a constant one.
func finishAxis(a *plot.Axis, log bool, r Range) {
	if !r.isAuto() {
		a.Min, a.Max = r.Min, r.Max
	}
	if log {
		a.Scale = plot.LogScale{}
		a.Tick.Marker = logTicks{}
	}
}

// gridLines returns light grid lines at the major ticks.
func gridLines() *plotter.Grid {
	sty := draw.LineStyle{Color: color.NRGBA(gridColor), Width: vg.Points(0.6)}
	return &plotter.Grid{Vertical: sty, Horizontal: sty}
}
