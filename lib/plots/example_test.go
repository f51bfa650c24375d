package plots_test

import (
	"bytes"
	"fmt"
	"image/png"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/plots"
)

// size decodes a PNG and returns its dimensions.
func size(b []byte) string {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		log.Fatal(err)
	}
	return fmt.Sprintf("%dx%d", img.Bounds().Dx(), img.Bounds().Dy())
}

func ExampleFigure() {
	t := []float64{0, 10, 20, 30, 40}
	obs := []float64{1, 0.35, 0.13, 0.05, 0.017}
	pred := make([]float64, len(t))
	for i, ti := range t {
		pred[i] = math.Exp(-0.1 * ti)
	}
	f := &plots.Figure{
		Title: "Residual", XLabel: "iteration t", YLabel: "‖Ax − y‖ (log scale)", LogY: true,
		Series: []plots.Series{
			{Name: "mirror descent", X: t, Y: obs, Kind: plots.LineMarkers, Color: plots.Palette(0)},
			{Name: "predicted rate", X: t, Y: pred, Kind: plots.Dashed, Color: plots.Palette(0)},
		},
		HLines: []plots.RefLine{{Value: 0.02, Label: "tolerance"}},
		Bands:  []plots.Band{{From: 0, To: 10, Label: "warm-up"}},
	}
	b, err := f.PNG()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(size(b))
	// Output: 960x540
}

func ExampleBars() {
	b := &plots.Bars{
		Title: "Distance to the initialisation", YLabel: "‖x − x₀‖",
		Categories: []string{"GD limit", "min ℓ1", "random"},
		Groups:     []plots.BarGroup{{Name: "seed 1", Values: []float64{1.0, 1.4, 2.3}}},
	}
	png, err := b.PNG()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(size(png))
	// Output: 960x540
}

func ExampleHeatmap() {
	diff := mat.NewDense(2, 3, []float64{0.1, -0.2, 0, 0.05, 0.3, -0.1})
	h := &plots.Heatmap{Title: "W∞ − M", XLabel: "column", YLabel: "row", ZLabel: "error",
		Values: diff, Diverging: true}
	b, err := h.PNG()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(size(b))
	// Output: 960x540
}

func ExampleGeometry() {
	// Gradient descent from x₀ on the line x₁ + 2x₂ = 2 converges to the
	// Euclidean projection of x₀; level sets of ‖x − x₀‖² are circles.
	x0 := [2]float64{0.2, 0.3}
	a, b := [2]float64{1, 2}, 2.0
	var px, py []float64
	x := x0
	for range 30 {
		px, py = append(px, x[0]), append(py, x[1])
		r := a[0]*x[0] + a[1]*x[1] - b
		x[0] -= 0.1 * r * a[0]
		x[1] -= 0.1 * r * a[1]
	}
	g := &plots.Geometry{
		Title: "GD finds the nearest interpolator", XLabel: "x₁", YLabel: "x₂",
		XRange: plots.Range{Min: -0.5, Max: 2}, YRange: plots.Range{Min: -0.5, Max: 1.5},
		Lines: []plots.AffineLine{{A: a, B: b, Name: "a·x = b"}},
		LevelSets: []plots.LevelSet{{Name: "‖x − x₀‖²", Levels: []float64{0.1, 0.3, 0.6},
			F: func(u, v float64) float64 { return (u-x0[0])*(u-x0[0]) + (v-x0[1])*(v-x0[1]) }}},
		Paths:  []plots.Series{{Name: "GD", X: px, Y: py}},
		Points: []plots.Point{{X: px[len(px)-1], Y: py[len(py)-1], Label: "projection"}},
	}
	png, err := g.PNG()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(size(png))
	// Output: 760x640
}

func ExampleGrid() {
	x := []float64{1, 2, 3}
	left := &plots.Figure{Title: "ε = 0.002", Series: []plots.Series{{X: x, Y: []float64{1, 2, 2.5}}}}
	right := &plots.Figure{Title: "ε = 0.01", Series: []plots.Series{{X: x, Y: []float64{1, 1.5, 1.7}}}}
	g := &plots.Grid{Title: "Primal dynamics", Rows: 1, Cols: 2, Panels: []plots.Panel{left, right}}
	b, err := g.PNG()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(size(b))
	// Output: 960x380
}

func ExamplePalette() {
	for i := range 3 {
		fmt.Println(plots.Palette(i), plots.Palette(i).NRGBA())
	}
	// Output:
	// Blue {0 114 178 255}
	// Vermillion {213 94 0 255}
	// BluishGreen {0 158 115 255}
}
