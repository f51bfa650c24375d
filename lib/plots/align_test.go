package plots

import (
	"image"
	"image/color"
	"testing"
)

// bbox returns the bounding box of the pixels of colour c (within tol per
// channel) in the part r of img, and whether there are any.
func bbox(img image.Image, r image.Rectangle, c color.NRGBA, tol int) (image.Rectangle, bool) {
	box, found := image.Rectangle{}, false
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if !near(p.R, c.R, tol) || !near(p.G, c.G, tol) || !near(p.B, c.B, tol) {
				continue
			}
			pt := image.Rectangle{Min: image.Pt(x, y), Max: image.Pt(x+1, y+1)}
			if !found {
				box, found = pt, true
			} else {
				box = box.Union(pt)
			}
		}
	}
	return box, found
}

// TestGridAlignment draws two panels whose y axes differ (log scale with
// long tick labels and a long label, against a short linear axis) and
// checks the picture: the data areas (the extent of a blue curve running
// from the bottom-left to the top-right corner of each) have the same top
// and bottom rows and the same width, the titles start at the same row,
// each legend (a vermillion marker) lies inside its data area, and there
// is no empty band between title and data area.
func TestGridAlignment(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	diag := func(lo, hi float64) Series {
		return Series{X: []float64{1, 4}, Y: []float64{lo, hi}, Color: Blue}
	}
	mark := func(y float64) Series {
		return Series{Name: "marker", X: x[1:2], Y: []float64{y}, Kind: Markers, Color: Vermillion}
	}
	left := &Figure{Title: "dA", YLabel: "distance to the limit ψ (log scale)", LogY: true, XLabel: "t",
		Series: []Series{diag(1e-7, 1), mark(1e-6)}}
	right := &Figure{Title: "dB", YLabel: "y", XLabel: "t",
		Series: []Series{diag(0, 1), mark(0.1)}}
	g := &Grid{Rows: 1, Cols: 2, Width: 1000, Height: 420, Panels: []Panel{left, right}}
	b, err := g.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	halves := []image.Rectangle{image.Rect(0, 0, w/2, h), image.Rect(w/2, 0, w, h)}
	var data, legend, title [2]image.Rectangle
	for i, r := range halves {
		var ok1, ok2, ok3 bool
		data[i], ok1 = bbox(img, r, Blue.NRGBA(), 8)
		// The legend marker is the topmost vermillion pixel; the data
		// marker lies near the bottom.
		legend[i], ok2 = bbox(img, image.Rect(r.Min.X, 0, r.Max.X, h/3), Vermillion.NRGBA(), 8)
		title[i], ok3 = bbox(img, image.Rect(r.Min.X, 0, r.Max.X, data[i].Min.Y), color.NRGBA{0, 0, 0, 0xFF}, 60)
		if !ok1 || !ok2 || !ok3 {
			t.Fatalf("panel %d: curve %v, legend %v, title %v found", i, ok1, ok2, ok3)
		}
	}
	// The curves are 2 pt wide lines: compare extents within 2 px.
	if d := data[0].Min.Y - data[1].Min.Y; d < -2 || d > 2 {
		t.Errorf("data tops at rows %d and %d", data[0].Min.Y, data[1].Min.Y)
	}
	if d := data[0].Max.Y - data[1].Max.Y; d < -2 || d > 2 {
		t.Errorf("data bottoms at rows %d and %d", data[0].Max.Y, data[1].Max.Y)
	}
	if d := data[0].Dx() - data[1].Dx(); d < -2 || d > 2 {
		t.Errorf("data widths %d and %d px", data[0].Dx(), data[1].Dx())
	}
	if title[0].Min.Y != title[1].Min.Y {
		t.Errorf("titles start at rows %d and %d", title[0].Min.Y, title[1].Min.Y)
	}
	for i := range 2 {
		if !legend[i].In(data[i]) {
			t.Errorf("panel %d: legend marker %v outside the data area %v", i, legend[i], data[i])
		}
		// Title (14 pt ≈ 19 px) + padding (10 pt ≈ 13 px) + half a tick
		// label: the data area starts within 45 px of the title's top.
		if gap := data[i].Min.Y - title[i].Min.Y; gap > 45 {
			t.Errorf("panel %d: data area starts %d px below the title", i, gap)
		}
	}
}
