package plots

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

// threeSeries is a typical chapter figure: observed, theory and samples.
func threeSeries(n int) *Figure {
	x := make([]float64, n)
	obs, th, smp := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = float64(i + 1)
		obs[i] = math.Exp(-0.01*x[i]) * (1 + 0.1*math.Sin(x[i]))
		th[i] = math.Exp(-0.01 * x[i])
		smp[i] = 0.5 * math.Exp(-0.02*x[i])
	}
	return &Figure{
		Title: "Residual vs iteration", XLabel: "iteration t", YLabel: "‖Ax−y‖ (log scale)", LogY: true,
		Series: []Series{
			{Name: "SMD", X: x, Y: obs, Color: Blue},
			{Name: "theory", X: x, Y: th, Kind: Dashed, Color: Blue},
			{Name: "GD", X: x, Y: smp, Kind: Markers, Color: Vermillion},
		},
		HLines: []RefLine{{Value: 0.1, Label: "tolerance"}},
		Bands:  []Band{{From: 100, To: 200, Label: "plateau"}},
	}
}

func TestFigurePNGSizeAndColours(t *testing.T) {
	x := []float64{0, 1, 2, 3}
	f := &Figure{Title: "t", Series: []Series{{Name: "a", X: x, Y: []float64{0, 1, 0, 1}, Color: Vermillion}}}
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	if got := img.Bounds().Size(); got.X != DefaultWidth || got.Y != DefaultHeight {
		t.Errorf("default size %v, want %dx%d", got, DefaultWidth, DefaultHeight)
	}
	// A 2 pt (2.7 px) line zig-zagging across ~700 px has well over 1000
	// fully coloured pixels; anti-aliased edges are excluded by tol = 0.
	if n, _, _ := countColor(img, Vermillion.NRGBA(), 0); n < 1000 {
		t.Errorf("found %d vermillion pixels, want a drawn line (>= 1000)", n)
	}
	if n, _, _ := countColor(img, Blue.NRGBA(), 0); n != 0 {
		t.Errorf("found %d blue pixels in a figure without blue", n)
	}

	f.Width, f.Height = 300, 200
	b, err = f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	if got := decodePNG(t, b).Bounds().Size(); got.X != 300 || got.Y != 200 {
		t.Errorf("size %v, want 300x200", got)
	}
}

func TestFigureAutoColoursFollowPalette(t *testing.T) {
	x := []float64{0, 1}
	f := &Figure{Series: []Series{{X: x, Y: x}, {X: x, Y: []float64{1, 0}}}}
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	for i := range 2 {
		if n, _, _ := countColor(img, Palette(i).NRGBA(), 0); n < 500 {
			t.Errorf("series %d: %d pixels of %v", i, n, Palette(i))
		}
	}
}

func TestFigureAxes(t *testing.T) {
	f := threeSeries(300)
	p, err := f.Plot()
	if err != nil {
		t.Fatal(err)
	}
	// Auto range: the data range, bands and reference lines included; y
	// widened by autoMargin of the decades on each side.
	if p.X.Min != 1 || p.X.Max != 300 {
		t.Errorf("X range [%g, %g], want [1, 300]", p.X.Min, p.X.Max)
	}
	ymin, ymax := 0.5*math.Exp(-0.02*300), 1.0
	for i := range 300 {
		ymax = max(ymax, f.Series[0].Y[i])
	}
	dec := autoMargin * math.Log10(ymax/ymin)
	if want := ymin * math.Pow(10, -dec); !(math.Abs(p.Y.Min/want-1) <= 1e-12) {
		t.Errorf("Y.Min = %g, want %g", p.Y.Min, want)
	}
	if want := ymax * math.Pow(10, dec); !(math.Abs(p.Y.Max/want-1) <= 1e-12) {
		t.Errorf("Y.Max = %g, want %g", p.Y.Max, want)
	}
	var labels []string
	for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
			if e := math.Round(math.Log10(tk.Value)); tk.Value != math.Pow10(int(e)) {
				t.Errorf("labelled log tick %g is not a power of ten", tk.Value)
			}
		}
	}
	if got, want := strings.Join(labels, " "), "0.001 0.01 0.1 1"; got != want { // Y range [0.00095, 1.4]: only ticks inside it
		t.Errorf("log tick labels %q, want %q", got, want)
	}

	f.XRange, f.YRange = Range{0, 500}, Range{1e-4, 2}
	p, err = f.Plot()
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Min != 0 || p.X.Max != 500 || p.Y.Min != 1e-4 || p.Y.Max != 2 {
		t.Errorf("explicit ranges not applied: X [%g, %g], Y [%g, %g]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
}

func TestLogTicksWithinOneDecade(t *testing.T) {
	var labelled int
	for _, tk := range (logTicks{}).Ticks(2, 5) {
		if tk.Label != "" && tk.Value >= 2 && tk.Value <= 5 {
			labelled++
		}
	}
	if labelled != 4 { // 2, 3, 4, 5
		t.Errorf("%d labelled ticks in [2, 5], want 4", labelled)
	}
	if got := mantissaLabel(1, -7); got != "1e-7" {
		t.Errorf("mantissaLabel(1, -7) = %q", got)
	}
	if got := mantissaLabel(1, -3); got != "0.001" {
		t.Errorf("mantissaLabel(1, -3) = %q", got)
	}
}

func TestFigureSVGAndLegend(t *testing.T) {
	f := threeSeries(50)
	f.Series[2].Name = "" // no legend entry
	b, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	texts := checkSVG(t, b)
	for _, want := range []string{"Residual vs iteration", "iteration t", "SMD", "theory", "tolerance", "plateau"} {
		if !strings.Contains(texts, want) {
			t.Errorf("SVG lacks text %q", want)
		}
	}
	if strings.Contains(texts, "GD") {
		t.Errorf("unnamed series has a legend entry")
	}
	f.Legend = NoLegend
	b, _ = f.SVG()
	if strings.Contains(checkSVG(t, b), "SMD") {
		t.Errorf("NoLegend still draws legend entries")
	}
}

func TestDeterministicBytes(t *testing.T) {
	pics := map[string]Picture{"figure": threeSeries(200), "geometry": testGeometry(), "grid": testGrid()}
	for _, name := range []string{"figure", "geometry", "grid"} {
		p := pics[name]
		for _, format := range []string{"png", "svg"} {
			render := p.PNG
			if format == "svg" {
				render = p.SVG
			}
			a, err := render()
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				b, err := render()
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s %s: rendering twice gave different bytes", name, format)
				}
			}
		}
	}
}

func TestFigureErrors(t *testing.T) {
	x := []float64{1, 2, 3}
	ok := Series{Name: "ok", X: x, Y: x}
	cases := []struct {
		name string
		f    Figure
		want string
	}{
		{"no series", Figure{}, "Figure.Series: "},
		{"empty", Figure{Series: []Series{{Name: "e"}}}, `Figure.Series[0] ("e"): no data`},
		{"lengths", Figure{Series: []Series{{Name: "m", X: x, Y: x[:2]}}}, "len(X) = 3 but len(Y) = 2"},
		{"NaN", Figure{Series: []Series{ok, {Name: "bad", X: x, Y: []float64{1, math.NaN(), 3}}}}, `Figure.Series[1] ("bad"): Y[1] = NaN`},
		{"Inf", Figure{Series: []Series{{X: []float64{math.Inf(1), 1, 2}, Y: x}}}, "Figure.Series[0]: X[0] = +Inf"},
		{"log y", Figure{LogY: true, Series: []Series{{Name: "z", X: x, Y: []float64{1, 0, 2}}}}, `"z"): Y[1] = 0 is not positive`},
		{"log x line", Figure{LogX: true, Series: []Series{ok}, VLines: []RefLine{{Value: -1, Label: "v"}}}, `Figure.VLines[0] ("v"): Value = -1`},
		{"log range", Figure{LogY: true, Series: []Series{ok}, YRange: Range{0, 1}}, "Figure.YRange"},
		{"bad range", Figure{Series: []Series{ok}, XRange: Range{2, 1}}, "Figure.XRange"},
		{"band", Figure{Series: []Series{ok}, Bands: []Band{{From: 2, To: 1}}}, "Figure.Bands[0]: From = 2"},
		{"kind", Figure{Series: []Series{{X: x, Y: x, Kind: 9}}}, "Figure.Series[0]: unknown Kind"},
		{"colour", Figure{Series: []Series{{X: x, Y: x, Color: 42}}}, "Figure.Series[0]: unknown Color"},
		{"size", Figure{Series: []Series{ok}, Width: -5}, "Figure.Width: -5 px"},
		{"huge", Figure{Series: []Series{ok}, Height: 1e6}, "Figure.Height: 1000000 px is beyond what can be drawn"},
		{"legend", Figure{Series: []Series{ok}, Legend: 17}, "Legend: unknown legend position 17"},
	}
	for _, c := range cases {
		_, err := c.f.PNG()
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one wrapping ErrInvalidInput and naming %q", c.name, err, c.want)
		}
	}
}

func BenchmarkFigurePNG(b *testing.B) {
	f := threeSeries(1000)
	for b.Loop() {
		if _, err := f.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}
