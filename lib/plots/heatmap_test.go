package plots

import (
	"errors"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestHeatmapMatrixLayout(t *testing.T) {
	// The largest entry at row 0, column 0 must be drawn top left in the
	// yellow end colour of the sequential map.
	m := mat.NewDense(4, 4, nil)
	m.Set(0, 0, 10)
	h := &Heatmap{Title: "matrix", Values: m, ZLabel: "value"}
	b, err := h.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	yellow := viridis[len(viridis)-1].(color.NRGBA)
	// Tolerance 3: the colour map round-trips through CIE Lab.
	n, cx, cy := countColor(img, yellow, 3)
	if n < 1000 {
		t.Fatalf("%d pixels of the top colour", n)
	}
	w, hgt := img.Bounds().Dx(), img.Bounds().Dy()
	if !(cx <= float64(w)/2) || !(cy <= float64(hgt)/2) {
		t.Errorf("top-colour centroid (%.0f, %.0f) not in the upper-left quadrant", cx, cy)
	}
	cells, bar, err := h.Plots()
	if err != nil {
		t.Fatal(err)
	}
	if bar.Y.Min != 0 || bar.Y.Max != 10 {
		t.Errorf("colour bar range [%g, %g], want [0, 10]", bar.Y.Min, bar.Y.Max)
	}
	if cells.X.Min != -0.5 || cells.X.Max != 3.5 {
		t.Errorf("cells X range [%g, %g]", cells.X.Min, cells.X.Max)
	}
}

func TestHeatmapDivergingAndGrid(t *testing.T) {
	m := mat.NewDense(2, 3, []float64{-1, 0, 2, 0.5, 0, -0.5})
	h := &Heatmap{Values: m, Diverging: true, X: []float64{0, 1, 2}, Y: []float64{10, 20}}
	_, bar, err := h.Plots()
	if err != nil {
		t.Fatal(err)
	}
	if bar.Y.Min != -2 || bar.Y.Max != 2 {
		t.Errorf("diverging range [%g, %g], want [-2, 2]", bar.Y.Min, bar.Y.Max)
	}
	svg, err := (&Heatmap{Title: "W − M", Values: m}).SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(checkSVG(t, svg), "W − M") {
		t.Errorf("SVG lacks the title")
	}
	// Constant values still draw (range widened around the value).
	if _, err := (&Heatmap{Values: mat.NewDense(2, 2, []float64{1, 1, 1, 1})}).PNG(); err != nil {
		t.Errorf("constant matrix: %v", err)
	}

	bad := map[string]*Heatmap{
		"nil":  {},
		"NaN":  {Values: mat.NewDense(1, 2, []float64{1, math.NaN()})},
		"X":    {Values: m, X: []float64{0, 1}, Y: []float64{0, 1}},
		"Y":    {Values: m, X: []float64{0, 1, 2}, Y: []float64{1, 1}},
		"half": {Values: m, X: []float64{0, 1, 2}},
		"Z":    {Values: m, ZRange: Range{1, 0}},
	}
	for _, name := range []string{"nil", "NaN", "X", "Y", "half", "Z"} {
		if _, err := bad[name].PNG(); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: error %v, want ErrInvalidInput", name, err)
		}
	}
}
