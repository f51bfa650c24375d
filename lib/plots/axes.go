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

// logTicks marks a logarithmic axis like gonum's plot.LogTicks (labelled
// ticks at powers of ten, unlabelled ones at 2..9 times them), but computes
// each tick as an exact power of ten (plot.LogTicks accumulates products and
// labels e.g. 9.999999999999999e-05) and labels the minor ticks too when
// fewer than two labelled ticks fall inside [min, max].
type logTicks struct{}

// Ticks implements plot.Ticker. min and max must be positive.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	lo := int(math.Floor(math.Log10(min)))
	hi := int(math.Ceil(math.Log10(max)))
	var ts []plot.Tick
	labelled := 0
	for e := lo; e <= hi; e++ {
		d := math.Pow10(e)
		ts = append(ts, plot.Tick{Value: d, Label: decadeLabel(e)})
		if d >= min && d <= max {
			labelled++
		}
		if e == hi {
			break
		}
		for k := 2; k <= 9; k++ {
			ts = append(ts, plot.Tick{Value: float64(k) * d})
		}
	}
	if labelled < 2 {
		for i := range ts {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'g', 3, 64)
		}
	}
	return ts
}

// decadeLabel formats 10^e: plain decimals for -3 ≤ e ≤ 4, else "1e-7".
func decadeLabel(e int) string {
	if e >= -3 && e <= 4 {
		return strconv.FormatFloat(math.Pow10(e), 'f', -1, 64)
	}
	return "1e" + strconv.Itoa(e)
}

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
