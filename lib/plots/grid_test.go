package plots

import (
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// testGrid is a 2×2 grid with a figure, a log figure, a heatmap and a
// blank tile.
func testGrid() *Grid {
	x := []float64{1, 2, 3, 4}
	f1 := &Figure{Title: "primal", Series: []Series{{Name: "β₁", X: x, Y: []float64{1, 3, 2, 4}, Color: Vermillion}}}
	f2 := &Figure{Title: "dual", LogY: true, Series: []Series{{X: x, Y: []float64{1, 1e-3, 1e-5, 1e-8}, Kind: Markers, Color: Blue}}}
	return &Grid{Title: "Two by two", Rows: 2, Cols: 2,
		Panels: []Panel{f1, f2, &Heatmap{Title: "h", Values: mat.NewDense(2, 2, []float64{1, 2, 3, 4})}, nil}}
}

func TestGrid(t *testing.T) {
	g := testGrid()
	b, err := g.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	if s := img.Bounds().Size(); s.X != DefaultWidth || s.Y != 2*340+gridTitleHeight {
		t.Errorf("size %v", s)
	}
	// Panel 0 is top left, panel 1 top right.
	w, h := float64(img.Bounds().Dx()), float64(img.Bounds().Dy())
	if n, cx, cy := countColor(img, Vermillion.NRGBA(), 0); n < 200 || !(cx <= w/2) || !(cy <= h/2) {
		t.Errorf("top-left panel: %d pixels at (%.0f, %.0f)", n, cx, cy)
	}
	if n, cx, cy := countColor(img, Blue.NRGBA(), 0); n < 50 || !(cx >= w/2) || !(cy <= h/2) {
		t.Errorf("top-right panel: %d pixels at (%.0f, %.0f)", n, cx, cy)
	}
	s, err := g.SVG()
	if err != nil {
		t.Fatal(err)
	}
	texts := checkSVG(t, s)
	for _, want := range []string{"Two by two", "primal", "dual"} {
		if !strings.Contains(texts, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}

	// A grid of single-plot panels takes the plot.Align path.
	row := &Grid{Rows: 1, Cols: 3, Panels: []Panel{g.Panels[0], g.Panels[1], threeSeries(10)}}
	if _, err := row.PNG(); err != nil {
		t.Fatal(err)
	}

	if _, err := (&Grid{Rows: 2, Cols: 2, Panels: g.Panels[:3]}).PNG(); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("wrong panel count: no error")
	}
	bad := &Grid{Rows: 1, Cols: 1, Panels: []Panel{&Figure{}}}
	if _, err := bad.PNG(); !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "Grid.Panels[0]: Figure.Series") {
		t.Errorf("bad panel: error %v", err)
	}
}
