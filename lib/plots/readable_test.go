package plots

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
)

// exactBox returns the bounding box of the pixels of img exactly of colour c.
func exactBox(img image.Image, c color.NRGBA) (r image.Rectangle, n int) { return nearBox(img, c, 0) }

// nearBox returns the bounding box of the pixels of img within tol (per
// channel) of colour c.
func nearBox(img image.Image, c color.NRGBA, tol int) (r image.Rectangle, n int) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if near(p.R, c.R, tol) && near(p.G, c.G, tol) && near(p.B, c.B, tol) {
				if n == 0 {
					r = image.Rect(x, y, x+1, y+1)
				}
				r = r.Union(image.Rect(x, y, x+1, y+1))
				n++
			}
		}
	}
	return r, n
}

// countIn counts the pixels of colour c (within tol) inside r.
func countIn(img image.Image, r image.Rectangle, c color.NRGBA, tol int) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if near(p.R, c.R, tol) && near(p.G, c.G, tol) && near(p.B, c.B, tol) {
				n++
			}
		}
	}
	return n
}

// legendFigure is a standard figure whose data fill every corner but the
// bottom right: a curve rising into the top right, a cosine from the top
// left, samples and a reference line.
func legendFigure(pos LegendPos) *Figure {
	var x, up, cosine, sx, sy []float64
	for i := range 100 {
		v := float64(i)
		x, up, cosine = append(x, v), append(up, v*v/100), append(cosine, 55+45*math.Cos(v/15))
		if i%10 == 0 {
			sx, sy = append(sx, v), append(sy, cosine[i])
		}
	}
	return &Figure{Title: "t", XLabel: "x", YLabel: "y", Legend: pos,
		Series: []Series{{Name: "rising", X: x, Y: up, Color: Blue}, {Name: "cosine", X: x, Y: cosine, Color: Vermillion},
			{Name: "samples", X: sx, Y: sy, Kind: Markers, Color: BluishGreen}},
		HLines: []RefLine{{Value: 40, Label: "level"}}}
}

// legendInside renders f and returns its image and the inside of its
// legend's backdrop in pixels.
func legendInside(t *testing.T, f *Figure) (image.Image, image.Rectangle) {
	t.Helper()
	var r vg.Rectangle
	legendDrawn = func(b vg.Rectangle) { r = b }
	defer func() { legendDrawn = nil }()
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	px := func(l vg.Length) int { return int(math.Round(float64(l) * DPI / 72)) }
	h := img.Bounds().Dy()
	return img, image.Rect(px(r.Min.X), h-px(r.Max.Y), px(r.Max.X), h-px(r.Min.Y)).Inset(2)
}

// The default legend is drawn where it hides no data: the figure drawn
// without a legend has no pixel of a series colour where the legend's
// opaque backdrop goes. The same figure with the
// legend forced to the top right (the old default) covers the rising
// curve, so the test can fail.
func TestLegendClearOfData(t *testing.T) {
	series := []color.NRGBA{Blue.NRGBA(), Vermillion.NRGBA(), BluishGreen.NRGBA()}
	for _, pos := range []LegendPos{AutoCorner, TopRight} {
		img, in := legendInside(t, legendFigure(pos))
		if in.Dx() < 50 || in.Dy() < 30 {
			t.Fatalf("%v: legend box %v", pos, in)
		}
		_ = img
		// The backdrop is opaque: count the data under it in the same
		// figure drawn without a legend (the data area is the same).
		bare, err := legendFigure(NoLegend).PNG()
		if err != nil {
			t.Fatal(err)
		}
		hidden := 0
		for _, c := range series {
			hidden += countIn(decodePNG(t, bare), in, c, 40)
		}
		switch {
		case pos == AutoCorner && hidden > 0:
			t.Errorf("AutoCorner: the legend at %v covers %d data pixels", in, hidden)
		case pos == TopRight && hidden == 0:
			t.Errorf("TopRight: the legend at %v covers no data; the test figure does not test placement", in)
		}
		if pos == AutoCorner && (in.Min.X < img.Bounds().Dx()/2 || in.Min.Y < img.Bounds().Dy()/2) {
			t.Errorf("AutoCorner chose %v, want the clear bottom right corner", in)
		}
	}
}

// A Geometry is drawn at equal aspect by default: the unit circle, on a
// box twice as wide as high, comes out round (its drawn width and height
// agree to 1 %), and with FreeAspect it does not (so the test can fail).
func TestGeometryEqualAspectByDefault(t *testing.T) {
	for _, free := range []bool{false, true} {
		g := &Geometry{Title: "circle", XLabel: "x₁", YLabel: "x₂", FreeAspect: free,
			XRange: Range{Min: -2.4, Max: 2.4}, YRange: Range{Min: -1.2, Max: 1.2},
			LevelSets: []LevelSet{{F: func(x, y float64) float64 { return x*x + y*y }, Levels: []float64{1}, Resolution: 400, Color: Vermillion}}}
		b, err := g.PNG()
		if err != nil {
			t.Fatal(err)
		}
		r, n := exactBox(decodePNG(t, b), Vermillion.NRGBA()) // not grey: anti-aliased text has grey pixels
		if n < 200 {
			t.Fatalf("free=%v: circle not found (%d pixels)", free, n)
		}
		ratio := float64(r.Dx()) / float64(r.Dy())
		if round := math.Abs(ratio-1) <= 0.01; round == free {
			t.Errorf("FreeAspect=%v: circle drawn %d×%d px (ratio %.3f)", free, r.Dx(), r.Dy(), ratio)
		}
	}
}

// An automatic y range leaves room above the data: a residual curve that
// starts at its maximum (t = 0) is drawn below the top of the frame, not
// on it, on a log and a linear axis.
func TestResidualNotClippedAtTheTop(t *testing.T) {
	for _, logY := range []bool{true, false} {
		var x, y []float64
		for i := range 200 {
			x, y = append(x, float64(i)), append(y, 30*math.Exp(-float64(i)/10)+1e-12)
		}
		f := &Figure{Title: "residual", XLabel: "t", YLabel: "r", LogY: logY, Series: []Series{{X: x, Y: y, Color: Blue}}}
		p, err := f.Plot()
		if err != nil {
			t.Fatal(err)
		}
		top, lo := p.Y.Max, p.Y.Min
		frac := (y[0] - lo) / (top - lo)
		if logY {
			frac = math.Log(y[0]/lo) / math.Log(top/lo)
		}
		// The line is 2.25 pt wide: at autoMargin 4 % of a ≥ 300 px data
		// area its half-width (1.5 px) stays clear of the frame.
		if !(frac <= 1-autoMargin/1.1) {
			t.Errorf("logY=%v: the first value sits at %.3f of the axis height, want ≤ %.3f", logY, frac, 1-autoMargin/1.1)
		}
	}
}

// A title wider than its room is drawn smaller, down to minFontSize, and a
// title that fits keeps its size; the room is twice the nearer side of
// the centre, so an off-centre title does not run off the short side.
func TestFitWidth(t *testing.T) {
	p := newPlot("", "", "")
	sty := p.Title.TextStyle
	long := "relative gap ‖β_GF(t) − β_MF(t)‖ / ‖β_MF(t)‖ of the two flows"
	w := sty.Width(long)
	if got := fitWidth(sty, long, 2*w, w, w); got.Font.Size != sty.Font.Size {
		t.Errorf("a fitting title was resized to %v", got.Font.Size)
	}
	room := w * 0.8 // 12 pt: above the floor
	got := fitWidth(sty, long, 2*w, room/2, 2*w)
	if gw := got.Width(long); !(gw <= room*1.001) || !(gw >= room*0.95) {
		t.Errorf("shrunk title is %v wide, want the room %v", gw, room)
	}
	if got := fitWidth(sty, long, 1, 0.5, 0.5); got.Font.Size != vg.Points(minFontSize) {
		t.Errorf("size %v, want the floor %v pt", got.Font.Size, minFontSize)
	}
}

// labelCentroid renders g with and without its point's label and returns
// the centroid of the pixels the label changes, and the star's centroid.
func labelCentroid(t *testing.T, g *Geometry) (lx, ly, sx, sy float64) {
	t.Helper()
	with, err := g.PNG()
	if err != nil {
		t.Fatal(err)
	}
	g.Points[0].Label = ""
	without, err := g.PNG()
	if err != nil {
		t.Fatal(err)
	}
	a, b := decodePNG(t, with), decodePNG(t, without)
	n := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				lx, ly, n = lx+float64(x), ly+float64(y), n+1
			}
		}
	}
	if n == 0 {
		t.Fatal("the label drew nothing")
	}
	_, sx, sy = countColor(b, Orange.NRGBA(), 0)
	return lx / float64(n), ly / float64(n), sx, sy
}

// A point's label goes to its upper right, unless a path leaves the point
// that way: then it goes to a free side. Image y grows downwards.
func TestPointLabelAvoidsPaths(t *testing.T) {
	for _, withPath := range []bool{false, true} {
		g := &Geometry{Title: "t", XRange: Range{Min: -1, Max: 1}, YRange: Range{Min: -1, Max: 1}, Legend: NoLegend,
			Points: []Point{{X: 0, Y: 0, Label: "x₀ start"}}}
		if withPath {
			g.Paths = []Series{{X: []float64{0, 0.2, 0.9}, Y: []float64{0, 0.05, 0.3}, Color: Blue}}
		}
		lx, ly, sx, sy := labelCentroid(t, g)
		upperRight := lx > sx && ly < sy
		if upperRight == withPath {
			t.Errorf("path=%v: label centroid (%.0f, %.0f), point (%.0f, %.0f)", withPath, lx, ly, sx, sy)
		}
	}
}

// In a Grid, a Geometry is drawn at equal aspect in its tile (whose size
// it does not know): a unit circle in each of two panels with boxes of
// different shapes comes out round to 1 %, and the circle is drawn in
// full although the box was widened after the level set was sampled.
func TestGeometryEqualAspectInAGrid(t *testing.T) {
	circle := func(xr, yr Range, c Color) *Geometry {
		return &Geometry{Title: "circle", XLabel: "x₁", YLabel: "x₂", XRange: xr, YRange: yr,
			LevelSets: []LevelSet{{F: func(x, y float64) float64 { return x*x + y*y }, Levels: []float64{1}, Resolution: 400, Color: c}}}
	}
	g := &Grid{Rows: 1, Cols: 2, Width: 960, Height: 420, Panels: []Panel{
		circle(Range{Min: -1.1, Max: 1.1}, Range{Min: -3, Max: 3}, Vermillion),
		circle(Range{Min: -3, Max: 3}, Range{Min: -1.05, Max: 1.05}, Blue)}}
	b, err := g.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	for _, c := range []Color{Vermillion, Blue} {
		r, n := nearBox(img, c.NRGBA(), 40) // the thin line is anti-aliased: few pixels have the exact colour
		if n < 200 {
			t.Fatalf("%v circle not found (%d pixels)", c, n)
		}
		if ratio := float64(r.Dx()) / float64(r.Dy()); !(math.Abs(ratio-1) <= 0.01) {
			t.Errorf("%v circle drawn %d×%d px (ratio %.3f)", c, r.Dx(), r.Dy(), ratio)
		}
	}
}
