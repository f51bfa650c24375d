package plots

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// testGeometry is the KL-projection picture: entropic mirror descent on
// x₁ + 2x₂ = 2.5 from x₀ = (0.2, 0.8).
func testGeometry() *Geometry {
	x0 := [2]float64{0.2, 0.8}
	kl := func(x, y float64) float64 {
		if x <= 0 || y <= 0 {
			return math.NaN()
		}
		return x*math.Log(x/x0[0]) - x + x0[0] + y*math.Log(y/x0[1]) - y + x0[1]
	}
	var px, py []float64
	x, y := x0[0], x0[1]
	for range 40 {
		px, py = append(px, x), append(py, y)
		r := x + 2*y - 2.5
		x *= math.Exp(-0.1 * r)
		y *= math.Exp(-0.2 * r)
	}
	return &Geometry{
		Title: "Entropic mirror descent", XLabel: "x₁", YLabel: "x₂",
		XRange: Range{0, 2}, YRange: Range{0, 2},
		Lines:     []AffineLine{{A: [2]float64{1, 2}, B: 2.5, Name: "a·x = b", Kind: Dashed}},
		LevelSets: []LevelSet{{F: kl, Levels: []float64{0.05, 0.2, 0.8}, Name: "KL(x, x₀)"}},
		Paths:     []Series{{Name: "iterates", X: px, Y: py, Color: Vermillion}},
		Points:    []Point{{X: px[len(px)-1], Y: py[len(py)-1], Label: "projection", Color: BluishGreen}},
	}
}

func TestContourCircle(t *testing.T) {
	const n, r = 100, 0.5
	xs := make([]float64, n+1)
	for i := range xs {
		xs[i] = -1 + 2*float64(i)/n
	}
	z := make([]float64, len(xs)*len(xs))
	for j, y := range xs {
		for i, x := range xs {
			z[j*len(xs)+i] = x*x + y*y
		}
	}
	lines := contourLines(xs, xs, z, r*r)
	if len(lines) != 1 {
		t.Fatalf("%d polylines for a circle, want 1", len(lines))
	}
	l := lines[0]
	if l[0] != l[len(l)-1] {
		t.Errorf("circle contour is not closed")
	}
	// Along a cell edge f is quadratic with f'' = 2, so linear
	// interpolation errs by at most h²/4 in f, i.e. h²/(4·|∇f|) = h²/(8r)
	// in position; h = 0.02 gives 1e-4.
	h := 2.0 / n
	for _, p := range l {
		if d := math.Abs(math.Hypot(float64(p.X), float64(p.Y)) - r); !(d <= h*h/(8*r)+1e-12) {
			t.Fatalf("contour point %v is %g from the circle", p, d)
		}
	}
	// The polyline visits every crossed edge once: ~ 4·(2r/h) crossings per
	// axis pair, at least the number of grid lines it crosses (2·50).
	if len(l) < 100 {
		t.Errorf("only %d points on the circle", len(l))
	}

	// NaN where x < 0: half a circle, an open line with x >= 0.
	for j := range xs {
		for i, x := range xs {
			if x < 0 {
				z[j*len(xs)+i] = math.NaN()
			}
		}
	}
	lines = contourLines(xs, xs, z, r*r)
	if len(lines) != 1 || lines[0][0] == lines[0][len(lines[0])-1] {
		t.Fatalf("want one open half circle, got %d lines", len(lines))
	}
	for _, p := range lines[0] {
		if !(p.X >= 0) {
			t.Fatalf("contour point %v in the NaN region", p)
		}
	}
}

func TestContourSaddle(t *testing.T) {
	// f = x·y on [-1,1]², level 0.1: two hyperbola branches in opposite
	// quadrants, each an open line with x·y = 0.1 up to interpolation error.
	xs := make([]float64, 41)
	for i := range xs {
		xs[i] = -1 + 2*float64(i)/40
	}
	z := make([]float64, len(xs)*len(xs))
	for j, y := range xs {
		for i, x := range xs {
			z[j*len(xs)+i] = x * y
		}
	}
	lines := contourLines(xs, xs, z, 0.1)
	if len(lines) != 2 {
		t.Fatalf("%d branches, want 2", len(lines))
	}
	for _, l := range lines {
		for _, p := range l {
			// f is linear along grid lines, so crossings are exact.
			if d := math.Abs(float64(p.X)*float64(p.Y) - 0.1); !(d <= 1e-12) {
				t.Fatalf("point %v: x·y − 0.1 = %g", p, d)
			}
		}
	}
	var pts []vg.Point
	for _, l := range lines {
		pts = append(pts, l[0])
	}
	if !(pts[0].X*pts[1].X <= 0) {
		t.Errorf("both branches in the same half plane: %v", pts)
	}
}

func TestAffineSegment(t *testing.T) {
	box := Range{0, 2}
	for _, l := range []AffineLine{{A: [2]float64{1, 2}, B: 2.5}, {A: [2]float64{1, 0}, B: 0.5}, {A: [2]float64{1, -1}, B: 0}} {
		seg, ok := l.segment(box, box)
		if !ok {
			t.Fatalf("%v: no segment", l)
		}
		for _, p := range seg {
			if d := l.A[0]*p.X + l.A[1]*p.Y - l.B; !(math.Abs(d) <= 1e-12) {
				t.Errorf("%v: endpoint %v off the line by %g", l, p, d)
			}
			onEdge := p.X == 0 || p.X == 2 || p.Y == 0 || p.Y == 2
			if !onEdge {
				t.Errorf("%v: endpoint %v not on the box boundary", l, p)
			}
		}
		if seg[0] == seg[1] {
			t.Errorf("%v: degenerate segment", l)
		}
	}
	if _, ok := (&AffineLine{A: [2]float64{1, 1}, B: 10}).segment(box, box); ok {
		t.Errorf("line outside the box gave a segment")
	}
}

func TestGeometryDraws(t *testing.T) {
	g := testGeometry()
	b, err := g.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	if s := img.Bounds().Size(); s.X != geometryWidth || s.Y != geometryHeight {
		t.Errorf("size %v", s)
	}
	if n, _, _ := countColor(img, Vermillion.NRGBA(), 0); n < 100 {
		t.Errorf("path: %d vermillion pixels", n)
	}
	if n, _, _ := countColor(img, BluishGreen.NRGBA(), 0); n < 30 {
		t.Errorf("highlighted point: %d green pixels", n)
	}
	if n, _, _ := countColor(img, Gray.NRGBA(), 0); n < 300 {
		t.Errorf("level sets: %d grey pixels", n)
	}
	s, err := g.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if texts := checkSVG(t, s); !strings.Contains(texts, "projection") || !strings.Contains(texts, "KL(x, x₀)") {
		t.Errorf("SVG lacks the point label or legend")
	}
}

func TestGeometryErrors(t *testing.T) {
	f := func(x, y float64) float64 { return x }
	box := Range{0, 1}
	cases := []struct {
		name string
		g    Geometry
		want string
	}{
		{"no box", Geometry{}, "Geometry: the picture \"\" needs XRange and YRange"},
		{"zero a", Geometry{XRange: box, YRange: box, Lines: []AffineLine{{}}}, "Geometry.Lines[0]: A is zero"},
		{"misses", Geometry{XRange: box, YRange: box, Lines: []AffineLine{{A: [2]float64{1, 0}, B: 3}}}, "Geometry.Lines[0]: does not cross"},
		{"nil F", Geometry{XRange: box, YRange: box, LevelSets: []LevelSet{{Name: "f"}}}, `Geometry.LevelSets[0] ("f"): F is nil`},
		{"all NaN", Geometry{XRange: box, YRange: box, LevelSets: []LevelSet{{F: func(x, y float64) float64 { return math.NaN() }}}}, "Geometry.LevelSets[0]: F is not finite anywhere"},
		{"resolution", Geometry{XRange: box, YRange: box, LevelSets: []LevelSet{{F: f, Resolution: -1}}}, "Geometry.LevelSets[0]: Resolution -1"},
		{"path", Geometry{XRange: box, YRange: box, Paths: []Series{{Name: "p", X: []float64{1}, Y: []float64{math.NaN()}}}}, `Geometry.Paths[0] ("p"): Y[0] = NaN`},
		{"point", Geometry{XRange: box, YRange: box, Points: []Point{{X: math.Inf(1)}}}, "Geometry.Points[0]: X = +Inf"},
	}
	for _, c := range cases {
		_, err := c.g.PNG()
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one wrapping ErrInvalidInput and naming %q", c.name, err, c.want)
		}
	}
}
