package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// renderDeadline bounds one rendering in the bad-input tests: a normal
// picture takes well under a second, so a picture still drawing after
// this long is a hang (gonum's tick search loops forever on a NaN step).
const renderDeadline = 20 * time.Second

// withDeadline runs f in a goroutine and returns its error. A panic or a
// run past renderDeadline fails the test (the goroutine of a hang is left
// running: it cannot be stopped, but the test fails instead of hanging
// the suite).
func withDeadline(t *testing.T, name string, f func() error) (err error, ok bool) {
	t.Helper()
	type result struct {
		err   error
		panic any
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{panic: r}
			}
		}()
		done <- result{err: f()}
	}()
	select {
	case r := <-done:
		if r.panic != nil {
			t.Errorf("%s: panic: %v", name, r.panic)
			return nil, false
		}
		return r.err, true
	case <-time.After(renderDeadline):
		t.Errorf("%s: no result after %v (hang)", name, renderDeadline)
		return nil, false
	}
}

// badCase is a picture that must be refused with an error wrapping
// ErrInvalidInput whose message contains want (the parameter at fault).
type badCase struct {
	name string
	pic  Picture
	want string
}

// checkRefused renders each case as PNG and SVG and checks the error.
func checkRefused(t *testing.T, cases []badCase) {
	t.Helper()
	for _, c := range cases {
		for _, format := range []string{"PNG", "SVG"} {
			render := c.pic.PNG
			if format == "SVG" {
				render = c.pic.SVG
			}
			err, ok := withDeadline(t, c.name+" "+format, func() error { _, err := render(); return err })
			if !ok {
				continue
			}
			if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s %s: error %v, want one wrapping ErrInvalidInput and containing %q", c.name, format, err, c.want)
			}
		}
	}
}

// xy returns a series through the given points.
func xy(x, y []float64) []Series { return []Series{{X: x, Y: y}} }

var (
	unit  = []float64{0, 1}
	ramp3 = []float64{1, 2, 3}
	m22   = mat.NewDense(2, 2, []float64{1, 2, 3, 4})
)

// TestRefusesRangesBeyondTheAxisLimits covers the class "hang": data or
// ranges whose span overflows float64 (±9e307) made gonum's tick search
// loop forever. Every axis path is covered: Figure (linear, log, explicit
// ranges, reference lines, bands), Bars, Heatmap (values, colour range,
// cell centres), Geometry (box, paths, points, lines, levels).
func TestRefusesRangesBeyondTheAxisLimits(t *testing.T) {
	big := []float64{-9e307, 9e307}
	checkRefused(t, []badCase{
		{"Figure Y ±9e307", &Figure{Series: xy(unit, big)}, "Figure.Series[0]: Y[0] = -9e+307 is beyond ±1e+300"},
		{"Figure X ±9e307", &Figure{Series: xy(big, unit)}, "Figure.Series[0]: X[0] = -9e+307"},
		{"Figure Y MaxFloat64", &Figure{Series: xy(unit, []float64{0, math.MaxFloat64})}, "Figure.Series[0]: Y[1]"},
		{"Figure log Y 1e301", &Figure{LogY: true, Series: xy(unit, []float64{1, 1e301})}, "Figure.Series[0]: Y[1] = 1e+301 is outside [1e-300, 1e+300]"},
		{"Figure log X subnormal", &Figure{LogX: true, Series: xy([]float64{5e-324, 1}, unit)}, "Figure.Series[0]: X[0] = 5e-324"},
		{"Figure YRange ±9e307", &Figure{Series: xy(unit, unit), YRange: Range{-9e307, 9e307}}, "Figure.YRange: the range [-9e+307, 9e+307]"},
		{"Figure log XRange", &Figure{LogX: true, Series: xy(unit[1:], unit[1:]), XRange: Range{1e-310, 1}}, "Figure.XRange"},
		{"Figure HLine", &Figure{Series: xy(unit, unit), HLines: []RefLine{{Value: 9e307, Label: "h"}}}, `Figure.HLines[0] ("h"): Value = 9e+307`},
		{"Figure VLine", &Figure{Series: xy(unit, unit), VLines: []RefLine{{Value: -9e307}}}, "Figure.VLines[0]: Value"},
		{"Figure Band", &Figure{Series: xy(unit, unit), Bands: []Band{{From: -9e307, To: 9e307}}}, "Figure.Bands[0]: From"},
		{"Bars values", &Bars{Categories: []string{"a", "b"}, Groups: []BarGroup{{Name: "g", Values: big}}}, `Bars.Groups[0] ("g"): Values[0]`},
		{"Bars HLine", &Bars{Categories: []string{"a"}, Groups: []BarGroup{{Values: unit[1:]}}, HLines: []RefLine{{Value: 1e301}}}, "Bars.HLines[0]: Value"},
		{"Bars YRange", &Bars{Categories: []string{"a"}, Groups: []BarGroup{{Values: unit[1:]}}, YRange: Range{0, 1e301}}, "Bars.YRange"},
		{"Heatmap ±1e308", &Heatmap{Values: mat.NewDense(1, 2, []float64{-1e308, 1e308})}, "Heatmap.Values: Values[0, 0] = -1e+308"},
		{"Heatmap diverging 1e308", &Heatmap{Diverging: true, Values: mat.NewDense(1, 2, []float64{0, 1e308})}, "Heatmap.Values: Values[0, 1]"},
		{"Heatmap constant 1.7e308", &Heatmap{Values: mat.NewDense(1, 1, []float64{1.7e308})}, "Heatmap.Values"},
		{"Heatmap ZRange", &Heatmap{Values: m22, ZRange: Range{-9e307, 9e307}}, "Heatmap.ZRange"},
		{"Heatmap X", &Heatmap{Values: m22, X: big, Y: unit}, "Heatmap.X: X[0]"},
		{"Heatmap cell edges", &Heatmap{Values: m22, X: unit, Y: []float64{-1e300, 1e300}}, "Heatmap.Y: the range [-2e+300, 2e+300]"},
		{"Geometry XRange", &Geometry{XRange: Range{-9e307, 9e307}, YRange: Range{0, 1}}, "Geometry.XRange"},
		{"Geometry path", &Geometry{XRange: Range{0, 1}, YRange: Range{0, 1}, Paths: xy(big, unit)}, "Geometry.Paths[0]: X[0]"},
		{"Geometry point", &Geometry{XRange: Range{0, 1}, YRange: Range{0, 1}, Points: []Point{{X: 0, Y: 1e308}}}, "Geometry.Points[0]: Y = 1e+308"},
		{"Geometry line", &Geometry{XRange: Range{0, 1}, YRange: Range{0, 1}, Lines: []AffineLine{{A: [2]float64{1, 1}, B: 1e308}}}, "Geometry.Lines[0]: B"},
		{"Geometry levels", &Geometry{XRange: Range{0, 1}, YRange: Range{0, 1}, LevelSets: []LevelSet{{F: func(x, y float64) float64 { return x }, Levels: []float64{1e308}}}}, "Geometry.LevelSets[0]: Levels[0]"},
	})
}

// TestRefusesRangesTooNarrowToLabel: an explicit range whose ends cannot
// be told apart in tick labels is refused (an automatic one is widened,
// see TestDrawsAtTheLimits).
func TestRefusesRangesTooNarrowToLabel(t *testing.T) {
	checkRefused(t, []badCase{
		{"XRange one ulp", &Figure{Series: xy(unit, unit), XRange: Range{1, math.Nextafter(1, 2)}}, "Figure.XRange: [1, 1.0000000000000002] is too narrow"},
		{"log YRange", &Figure{LogY: true, Series: xy(unit, []float64{1, 2}), YRange: Range{1, 1 + 1e-12}}, "Figure.YRange"},
		{"subnormal YRange", &Figure{Series: xy(unit, unit), YRange: Range{0, 1e-310}}, "Figure.YRange"},
		{"Geometry box", &Geometry{XRange: Range{0, 1}, YRange: Range{1e9, 1e9 + 1e-3}}, "Geometry.YRange"},
		{"Heatmap ZRange", &Heatmap{Values: m22, ZRange: Range{1, 1 + 1e-12}}, "Heatmap.ZRange"},
		{"Heatmap centres", &Heatmap{Values: m22, X: []float64{1, 1 + 1e-15}, Y: unit}, "Heatmap.X: [0.9999999999999994, 1.0000000000000018] is too narrow"},
	})
}

// TestRefusesNonFiniteData covers the class "NaN/Inf": every value that
// reaches an axis or colour bar is checked, and the error names it.
func TestRefusesNonFiniteData(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	box := Range{0, 1}
	checkRefused(t, []badCase{
		{"series NaN", &Figure{Series: []Series{{Name: "s", X: unit, Y: []float64{0, nan}}}}, `Figure.Series[0] ("s"): Y[1] = NaN is not finite`},
		{"series -Inf", &Figure{Series: xy([]float64{-inf, 0}, unit)}, "Figure.Series[0]: X[0] = -Inf is not finite"},
		{"log series NaN", &Figure{LogY: true, Series: xy(unit, []float64{1, nan})}, "Figure.Series[0]: Y[1] = NaN"},
		{"HLine NaN", &Figure{Series: xy(unit, unit), HLines: []RefLine{{Value: nan}}}, "Figure.HLines[0]: Value = NaN"},
		{"Band Inf", &Figure{Series: xy(unit, unit), Bands: []Band{{From: 0, To: inf}}}, "Figure.Bands[0]: To = +Inf"},
		{"XRange NaN", &Figure{Series: xy(unit, unit), XRange: Range{nan, 1}}, "Figure.XRange"},
		{"YRange Inf", &Figure{Series: xy(unit, unit), YRange: Range{0, inf}}, "Figure.YRange"},
		{"Bars NaN", &Bars{Categories: []string{"a"}, Groups: []BarGroup{{Values: []float64{nan}}}}, "Bars.Groups[0]: Values[0] = NaN"},
		{"Heatmap Inf", &Heatmap{Values: mat.NewDense(1, 2, []float64{1, -inf})}, "Heatmap.Values: Values[0, 1] = -Inf"},
		{"Heatmap centres NaN", &Heatmap{Values: m22, X: []float64{0, nan}, Y: unit}, "Heatmap.X: X[1] = NaN"},
		{"Heatmap ZRange NaN", &Heatmap{Values: m22, ZRange: Range{nan, nan}}, "Heatmap.ZRange"},
		{"Geometry point NaN", &Geometry{XRange: box, YRange: box, Points: []Point{{X: nan}}}, "Geometry.Points[0]: X = NaN"},
		{"Geometry line Inf", &Geometry{XRange: box, YRange: box, Lines: []AffineLine{{A: [2]float64{inf, 1}}}}, "Geometry.Lines[0]: A[0] = +Inf"},
		{"Geometry levels NaN", &Geometry{XRange: box, YRange: box, LevelSets: []LevelSet{{F: func(x, y float64) float64 { return x }, Levels: []float64{nan}}}}, "Geometry.LevelSets[0]: Levels[0] = NaN"},
		{"Geometry F NaN everywhere", &Geometry{XRange: box, YRange: box, LevelSets: []LevelSet{{F: func(x, y float64) float64 { return nan }}}}, "Geometry.LevelSets[0]: F is not finite anywhere"},
	})
}

// hugeMatrix is a mat.Matrix of any size that stores nothing.
type hugeMatrix struct{ r, c int }

func (m hugeMatrix) Dims() (int, int)       { return m.r, m.c }
func (m hugeMatrix) At(i, j int) float64    { return 1 }
func (m hugeMatrix) T() mat.Matrix          { return hugeMatrix{m.c, m.r} }
func (m hugeMatrix) String() string         { return fmt.Sprintf("%d×%d", m.r, m.c) }
func (m hugeMatrix) Format(fmt.State, rune) {}

// TestRefusesSizesBeyondWhatCanBeDrawn covers the class "out of memory":
// picture sizes, grid shapes (including the overflowing Rows·Cols of
// 1<<40 × 1<<24, which wraps to 0 = len(nil)), heatmap and bar counts.
func TestRefusesSizesBeyondWhatCanBeDrawn(t *testing.T) {
	f := &Figure{Series: xy(unit, unit)}
	panels := func(n int) []Panel {
		ps := make([]Panel, n)
		for i := range ps {
			ps[i] = f
		}
		return ps
	}
	checkRefused(t, []badCase{
		{"Figure width 1<<40", &Figure{Series: xy(unit, unit), Width: 1 << 40}, "Figure.Width: 1099511627776 px is beyond what can be drawn (at most 8000 px)"},
		{"Figure height", &Figure{Series: xy(unit, unit), Height: MaxSize + 1}, "Figure.Height: 8001 px is beyond what can be drawn"},
		{"Figure small", &Figure{Series: xy(unit, unit), Width: MinSize - 1}, "Figure.Width: 99 px is below the minimum"},
		{"Bars height", &Bars{Categories: []string{"a"}, Groups: []BarGroup{{Values: unit[1:]}}, Height: 1 << 30}, "Bars.Height"},
		{"Heatmap width", &Heatmap{Values: m22, Width: 1 << 20}, "Heatmap.Width"},
		{"Geometry height", &Geometry{XRange: Range{0, 1}, YRange: Range{0, 1}, Height: 1 << 20}, "Geometry.Height"},
		{"Grid width", &Grid{Rows: 1, Cols: 1, Panels: panels(1), Width: 1 << 40}, "Grid.Width"},
		{"Grid Rows 1<<62", &Grid{Rows: 1 << 62, Cols: 1}, "Grid.Rows: 4611686018427387904 rows, want 1 to 80"},
		{"Grid Rows·Cols overflow", &Grid{Rows: 1 << 40, Cols: 1 << 24, Width: 800, Height: 800}, "Grid.Rows"},
		{"Grid Cols 1<<62", &Grid{Rows: 1, Cols: 1 << 62, Width: 800, Height: 800}, "Grid.Cols"},
		{"Grid negative", &Grid{Rows: -1, Cols: 2}, "Grid.Rows: -1 rows"},
		{"Grid default height", &Grid{Rows: 24, Cols: 1, Panels: panels(24)}, "Grid.Height: 8160 px is beyond what can be drawn"},
		{"Grid small tiles", &Grid{Rows: 10, Cols: 10, Width: 800, Height: 800, Panels: panels(100)}, "Grid.Cols: 10 columns in 800 px leave tiles 62 px wide"},
		{"Grid low tiles", &Grid{Rows: 2, Cols: 2, Width: 800, Height: 200, Panels: panels(4)}, "Grid.Rows: 2 rows in 200 px leave tiles 81 px high"},
		{"nested Grid small tiles", &Grid{Rows: 1, Cols: 2, Panels: []Panel{f, &Grid{Rows: 1, Cols: 4, Panels: panels(4)}}}, "Grid.Panels[1].Cols: 4 columns in 465 px leave tiles 99 px wide"},
		{"Grid many panels", &Grid{Rows: 20, Cols: 20, Width: 8000, Height: 8000, Panels: panels(400)}, "Grid.Panels: the grid and the grids in it hold more than 256 panels"},
		{"Heatmap 1<<31 squared", &Heatmap{Values: hugeMatrix{1 << 31, 1 << 31}}, "Heatmap.Values: 2147483648×2147483648 matrix has more cells than can be drawn"},
		{"Heatmap 1<<32 × 1<<32", &Heatmap{Values: hugeMatrix{1 << 32, 1 << 32}}, "Heatmap.Values"},
		{"Heatmap 1024²", &Heatmap{Values: hugeMatrix{1024, 1024}}, "Heatmap.Values: 1024×1024"},
		{"Heatmap negative dims", &Heatmap{Values: hugeMatrix{-1, 3}}, "Heatmap.Values: -1×3 matrix"},
		{"Heatmap typed nil", &Heatmap{Values: (*mat.Dense)(nil)}, "Heatmap.Values: the matrix cannot report its size (a nil *mat.Dense?)"},
		{"Bars many", &Bars{Categories: make([]string, 5000), Groups: []BarGroup{{Values: make([]float64, 5000)}, {Values: make([]float64, 5000)}}}, "Bars.Categories: 5000 categories × 2 groups"},
		{"Geometry resolution", &Geometry{XRange: Range{0, 1}, YRange: Range{0, 1}, LevelSets: []LevelSet{{F: func(x, y float64) float64 { return x }, Resolution: 1 << 40}}}, "Geometry.LevelSets[0]: Resolution"},
	})
}

// TestNilPicturesAreErrors covers the class "panic" for nil receivers:
// every exported method with a pointer receiver, directly and as a panel
// of a Grid, returns an error.
func TestNilPicturesAreErrors(t *testing.T) {
	pics := []struct {
		name string
		pic  Picture
		plot func() error
	}{
		{"Figure", (*Figure)(nil), func() error { _, err := (*Figure)(nil).Plot(); return err }},
		{"Bars", (*Bars)(nil), func() error { _, err := (*Bars)(nil).Plot(); return err }},
		{"Heatmap", (*Heatmap)(nil), func() error { _, _, err := (*Heatmap)(nil).Plots(); return err }},
		{"Geometry", (*Geometry)(nil), func() error { _, err := (*Geometry)(nil).Plot(); return err }},
		{"Grid", (*Grid)(nil), nil},
	}
	var cases []badCase
	for _, p := range pics {
		cases = append(cases,
			badCase{"nil " + p.name, p.pic, p.name + ": the "},
			badCase{"nil " + p.name + " in a Grid", &Grid{Rows: 1, Cols: 2, Panels: []Panel{&Figure{Series: xy(unit, unit)}, p.pic.(Panel)}}, "Grid.Panels[1]"},
		)
		if p.plot != nil {
			err, ok := withDeadline(t, p.name+".Plot", p.plot)
			if ok && !errors.Is(err, ErrInvalidInput) {
				t.Errorf("nil %s: Plot error %v, want ErrInvalidInput", p.name, err)
			}
		}
	}
	checkRefused(t, cases)
}

// TestGridsThatCannotBeDrawn: a grid that contains itself (directly or
// through another grid) would recurse until the stack overflows, a fatal
// error no test could recover from; nesting is also bounded.
func TestGridsThatCannotBeDrawn(t *testing.T) {
	self := &Grid{Rows: 1, Cols: 1, Panels: make([]Panel, 1)}
	self.Panels[0] = self
	a := &Grid{Rows: 1, Cols: 1, Panels: make([]Panel, 1)}
	b := &Grid{Rows: 1, Cols: 1, Panels: []Panel{a}}
	a.Panels[0] = b
	deep := Panel(&Figure{Series: xy(unit, unit)})
	for range 6 {
		deep = &Grid{Rows: 1, Cols: 1, Panels: []Panel{deep}}
	}
	checkRefused(t, []badCase{
		{"self", self, "Grid.Panels[0]: the grid contains itself"},
		{"cycle", a, "Grid.Panels[0].Panels[0]: the grid contains itself"},
		{"deep", deep, "nested more than 4 deep"},
	})
}

// TestDrawsAtTheLimits: data at the limits, and constant or nearly
// constant data (whose automatic range is widened), draw without error
// and with finite, distinct tick labels inside the final axis ranges.
func TestDrawsAtTheLimits(t *testing.T) {
	c4 := func(v float64) []float64 { return []float64{v, v, v, v} }
	x := []float64{1, 2, 3, 4}
	cases := []struct {
		name string
		f    *Figure
	}{
		{"linear ±MaxValue", &Figure{Series: xy(unit, []float64{-MaxValue, MaxValue})}},
		{"linear constant MaxValue", &Figure{Series: xy(x, c4(MaxValue))}},
		{"linear constant -MaxValue", &Figure{Series: xy(x, c4(-MaxValue))}},
		{"linear constant 1e20", &Figure{Series: xy(x, c4(1e20))}},
		{"linear one ulp", &Figure{Series: xy(unit, []float64{1, math.Nextafter(1, 2)})}},
		{"linear subnormal", &Figure{Series: xy(unit, []float64{5e-324, 1e-323})}},
		{"log [MinLogValue, MaxValue]", &Figure{LogY: true, Series: xy(unit, []float64{MinLogValue, MaxValue})}},
		{"log constant MaxValue", &Figure{LogY: true, Series: xy(x, c4(MaxValue))}},
		{"log constant MinLogValue", &Figure{LogX: true, Series: xy(c4(MinLogValue), x)}},
		{"log one ulp", &Figure{LogY: true, Series: xy(unit, []float64{1, math.Nextafter(1, 2)})}},
		{"far outside an explicit range", &Figure{XRange: Range{0, 1e-290}, YRange: Range{0, 1e-290},
			Series: []Series{{X: []float64{0, 1e300, -1e300}, Y: []float64{0, 1e300, 1e300}, Kind: LineMarkers}},
			HLines: []RefLine{{Value: 1e300, Label: "far"}}, Bands: []Band{{From: -1e300, To: 1e300}}}},
	}
	for _, c := range cases {
		p, err := c.f.Plot()
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		checkAxisTicks(t, c.name+" X", p.X.Tick.Marker, p.X.Min, p.X.Max)
		checkAxisTicks(t, c.name+" Y", p.Y.Tick.Marker, p.Y.Min, p.Y.Max)
		if err, ok := withDeadline(t, c.name, func() error { _, err := c.f.PNG(); return err }); ok && err != nil {
			t.Errorf("%s: PNG: %v", c.name, err)
		}
	}
	// Bars and heatmaps at the limits.
	others := map[string]Picture{
		"bars ±MaxValue":       &Bars{Categories: []string{"a", "b"}, Groups: []BarGroup{{Values: []float64{-MaxValue, MaxValue}}}},
		"bars far from YRange": &Bars{Categories: []string{"a", "b"}, Groups: []BarGroup{{Values: []float64{-MaxValue, MaxValue}}}, YRange: Range{0, 1e-290}},
		"heatmap ±MaxValue":    &Heatmap{Diverging: true, Values: mat.NewDense(1, 2, []float64{-MaxValue, MaxValue})},
		"heatmap constant max": &Heatmap{Values: mat.NewDense(1, 1, []float64{MaxValue})},
		"heatmap one ulp":      &Heatmap{Values: mat.NewDense(1, 2, []float64{1, math.Nextafter(1, 2)})},
	}
	for name, p := range others {
		if err, ok := withDeadline(t, name, func() error { _, err := p.PNG(); return err }); ok && err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// checkAxisTicks checks the ticks of an axis: finite values inside
// [min, max] (to rounding), labels that parse as finite numbers, at least
// two labels, and no label repeated.
func checkAxisTicks(t *testing.T, what string, m plot.Ticker, min, max float64) {
	t.Helper()
	seen := map[string]bool{}
	n := 0
	slack := 1e-9 * (max - min)
	for _, tk := range m.Ticks(min, max) {
		if !finite(tk.Value) || !(tk.Value >= min-slack) || !(tk.Value <= max+slack) {
			t.Errorf("%s: tick %v outside [%g, %g]", what, tk, min, max)
		}
		if tk.Label == "" {
			continue
		}
		n++
		if v, err := strconv.ParseFloat(tk.Label, 64); err != nil || !finite(v) {
			t.Errorf("%s: label %q is not a finite number", what, tk.Label)
		}
		if seen[tk.Label] {
			t.Errorf("%s: label %q repeated", what, tk.Label)
		}
		seen[tk.Label] = true
	}
	if n < 2 {
		t.Errorf("%s: %d labels on [%g, %g]", what, n, min, max)
	}
}

// TestHeatmapInTheSmallestTile: a heatmap in a tile of the minimum size
// draws its cells (the colour-bar strip yields to them): a 2×2 grid of
// 230×238 px has tiles of just 100 px after the padding.
func TestHeatmapInTheSmallestTile(t *testing.T) {
	yellow := color.NRGBA{0xFD, 0xE7, 0x25, 0xFF} // the top of the colour map: the cell of value 4
	g := &Grid{Rows: 2, Cols: 2, Width: 230, Height: 238, Panels: []Panel{&Heatmap{Title: "h", Values: m22}, nil, nil, nil}}
	if tw, th := g.tileSize(g.Width, g.Height); tw != MinSize || th != MinSize {
		t.Fatalf("tiles %d×%d px, want %d×%d", tw, th, MinSize, MinSize)
	}
	b, err := g.PNG()
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _ := countColor(decodePNG(t, b), yellow, 8); n < 20 {
		t.Errorf("%d pixels of the top colour, want a drawn cell (>= 20)", n)
	}
	g.Width--
	if _, err := g.PNG(); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("tiles of 99 px: error %v, want ErrInvalidInput", err)
	}
}

// TestLevelSetsSpanningTheFloat64Range: automatic levels of an F whose
// values span ±1e308 (their difference overflows) are finite and drawn.
func TestLevelSetsSpanningTheFloat64Range(t *testing.T) {
	ls := &LevelSet{F: func(x, y float64) float64 { return 1.7e308 * (2*x - 1) }, Resolution: 20}
	cp, err := ls.contours(Range{0, 1}, Range{0, 1}, "F")
	if err != nil {
		t.Fatal(err)
	}
	// 8 levels, each a vertical line x = const crossing the box.
	if len(cp.lines) != autoLevels {
		t.Errorf("%d contour lines, want %d", len(cp.lines), autoLevels)
	}
	for _, l := range cp.lines {
		for _, p := range l {
			if !finite(float64(p.X)) || !finite(float64(p.Y)) {
				t.Fatalf("contour point %v", p)
			}
		}
	}
}
