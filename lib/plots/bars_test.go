package plots

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestBars(t *testing.T) {
	b := &Bars{Title: "Distance to x₀", YLabel: "‖x − x₀‖", Categories: []string{"GD", "ℓ1", "random"},
		Groups: []BarGroup{{Name: "d = 50", Values: []float64{1, 2, 3}}, {Name: "d = 100", Values: []float64{1.5, -1, 2}, Color: ReddishPurple}},
		HLines: []RefLine{{Value: 2.5, Label: "bound"}}}
	p, err := b.Plot()
	if err != nil {
		t.Fatal(err)
	}
	// The data span [-1, 3] plus barHeadroom·4 at both ends.
	pad := barHeadroom * 4
	if p.X.Min != -0.5 || p.X.Max != 2.5 || !(math.Abs(p.Y.Min-(-1-pad)) <= 1e-12) || !(math.Abs(p.Y.Max-(3+pad)) <= 1e-12) {
		t.Errorf("ranges X [%g, %g] Y [%g, %g], want [-0.5, 2.5] and [%g, %g]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max, -1-pad, 3+pad)
	}
	png, err := b.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, png)
	// Solid bars: areas of thousands of pixels. Group 1 has the auto
	// colour Palette(0), group 2 its explicit colour. The plotted value
	// sums (6 and 4.5 in absolute value) should show in the areas: the
	// ratio of bar areas equals the ratio of |value| sums, up to edge
	// pixels (a few per cent).
	n1, _, _ := countColor(img, Palette(0).NRGBA(), 0)
	n2, _, _ := countColor(img, ReddishPurple.NRGBA(), 0)
	if n1 < 5000 || n2 < 5000 {
		t.Fatalf("bar pixels %d, %d", n1, n2)
	}
	if r := float64(n1) / float64(n2); !(math.Abs(r-6/4.5) <= 0.05) {
		t.Errorf("area ratio %.3f, want %.3f", r, 6/4.5)
	}
	svg, err := b.SVG()
	if err != nil {
		t.Fatal(err)
	}
	texts := checkSVG(t, svg)
	for _, want := range []string{"Distance to x₀", "ℓ1", "random", "d = 100", "bound"} {
		if !strings.Contains(texts, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}

	for name, bad := range map[string]*Bars{
		"lengths": {Categories: []string{"a"}, Groups: []BarGroup{{Name: "g", Values: []float64{1, 2}}}},
		"NaN":     {Categories: []string{"a"}, Groups: []BarGroup{{Name: "g", Values: []float64{math.NaN()}}}},
		"empty":   {},
	} {
		if _, err := bad.PNG(); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: error %v, want ErrInvalidInput", name, err)
		}
	}
}
