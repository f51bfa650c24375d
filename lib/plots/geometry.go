package plots

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Geometry is the 2-D picture of mirror descent on an underdetermined
// problem: the solution line {x ∈ ℝ² : a·x = b}, level sets of a function
// (e.g. the Bregman divergence to the initial point), iterate paths, and
// highlighted points (e.g. the Bregman projection). It is drawn on a box
// containing XRange × YRange, which must be given.
//
// PNG and SVG draw the plane at equal aspect: one data unit has the same
// length on both axes, so circles look round, angles (a path meeting the
// solution line at a right angle) and distances can be read off. The box
// is widened about its centre to fill the picture (see [EqualAspect]),
// never cut, also in a [Grid] tile; level sets are sampled on the widened
// box. Set FreeAspect to stretch the box to the picture instead.
type Geometry struct {
	Title, XLabel, YLabel string
	// XRange and YRange are the box; both are required.
	XRange, YRange Range
	// Lines are affine solution sets a·x = b, drawn across the box.
	Lines []AffineLine
	// LevelSets are contour lines of user functions on the box.
	LevelSets []LevelSet
	// Paths are iterate trajectories: polylines with an open circle at the
	// start and a filled marker at the end (Kind Markers: samples only,
	// no start/end marks). Auto colours are Palette(i) for the i-th path.
	Paths []Series
	// Points are highlighted points, drawn as stars.
	Points []Point
	// Legend places the legend (entries: elements with a Name).
	Legend LegendPos
	// Width and Height in pixels (0: 760×640).
	Width, Height int
	// FreeAspect lets the two axes have different scales (for a box whose
	// axes measure different things).
	FreeAspect bool
}

// AffineLine is the set {x : A[0]·x₀ + A[1]·x₁ = B}; A must be non-zero.
type AffineLine struct {
	A    [2]float64
	B    float64
	Name string
	// Kind is Line (default) or Dashed.
	Kind Kind
	// Color; Auto means Black.
	Color Color
}

// LevelSet draws the contours {x : F(x) = level} for each level. F is
// sampled on a Resolution × Resolution grid of cells over the box and the
// contours are interpolated linearly in each cell (marching squares).
// Where F returns NaN or ±Inf (outside its domain) no contour is drawn.
type LevelSet struct {
	F func(x, y float64) float64
	// Levels are the contour values; empty means 8 levels evenly spaced
	// strictly between the minimum and maximum of F on the grid.
	Levels []float64
	Name   string
	// Kind is Line (default) or Dashed.
	Kind Kind
	// Color; Auto means Gray.
	Color Color
	// Resolution is the number of grid cells per side (0 means 150).
	Resolution int
}

// Point is a highlighted point, drawn as a star with an optional label.
type Point struct {
	X, Y float64
	// Name is the legend entry; Label is written next to the point.
	Name, Label string
	// Color; Auto means Orange.
	Color Color
}

// Default geometry picture size in pixels.
const (
	geometryWidth     = 760
	geometryHeight    = 640
	defaultResolution = 150
	maxResolution     = 2000
	autoLevels        = 8
)

// check validates the picture (not the level-set functions).
func (g *Geometry) check() error {
	if g == nil {
		return invalid("Geometry", "the picture is nil")
	}
	if g.XRange.isAuto() || g.YRange.isAuto() {
		return invalid("Geometry", "the picture %q needs XRange and YRange (the box)", g.Title)
	}
	if err := g.XRange.check("Geometry.XRange", false); err != nil {
		return err
	}
	if err := g.YRange.check("Geometry.YRange", false); err != nil {
		return err
	}
	for i, l := range g.Lines {
		what := describe("Geometry.Lines", i, l.Name)
		if err := checkValues(what, "A", l.A[:], false); err != nil {
			return err
		}
		if err := checkValue(what, "B", l.B, false); err != nil {
			return err
		}
		if l.A == [2]float64{} {
			return invalid(what, "A is zero")
		}
		if (l.Kind != Line && l.Kind != Dashed) || !l.Color.valid() {
			return invalid(what, "Kind must be Line or Dashed and Color valid")
		}
	}
	for i, ls := range g.LevelSets {
		what := describe("Geometry.LevelSets", i, ls.Name)
		if ls.F == nil {
			return invalid(what, "F is nil")
		}
		if err := checkValues(what, "Levels", ls.Levels, false); err != nil {
			return err
		}
		if ls.Resolution < 0 || ls.Resolution > maxResolution {
			return invalid(what, "Resolution %d outside [0, %d]", ls.Resolution, maxResolution)
		}
		if (ls.Kind != Line && ls.Kind != Dashed) || !ls.Color.valid() {
			return invalid(what, "Kind must be Line or Dashed and Color valid")
		}
	}
	for i := range g.Paths {
		if err := g.Paths[i].check("Geometry.Paths", i, false, false); err != nil {
			return err
		}
	}
	for i, p := range g.Points {
		what := describe("Geometry.Points", i, p.Name+p.Label)
		if err := checkValue(what, "X", p.X, false); err != nil {
			return err
		}
		if err := checkValue(what, "Y", p.Y, false); err != nil {
			return err
		}
		if !p.Color.valid() {
			return invalid(what, "unknown Color %d", int(p.Color))
		}
	}
	return nil
}

// segment returns the part of the line inside the box.
func (l *AffineLine) segment(xr, yr Range) (plotter.XYs, bool) {
	a0, a1, b := l.A[0], l.A[1], l.B
	var pts plotter.XYs
	add := func(x, y float64) {
		if x < xr.Min || x > xr.Max || y < yr.Min || y > yr.Max {
			return
		}
		pts = append(pts, plotter.XY{X: x, Y: y})
	}
	if a1 != 0 {
		add(xr.Min, (b-a0*xr.Min)/a1)
		add(xr.Max, (b-a0*xr.Max)/a1)
	}
	if a0 != 0 {
		add((b-a1*yr.Min)/a0, yr.Min)
		add((b-a1*yr.Max)/a0, yr.Max)
	}
	// Keep the two points furthest apart (corners may appear twice).
	best, p, q := -1.0, 0, 0
	for i := range pts {
		for j := i + 1; j < len(pts); j++ {
			if d := math.Hypot(pts[i].X-pts[j].X, pts[i].Y-pts[j].Y); d > best {
				best, p, q = d, i, j
			}
		}
	}
	if best <= 0 {
		return nil, false
	}
	return plotter.XYs{pts[p], pts[q]}, true
}

// contours samples ls on the box and returns its level-set plotter.
func (ls *LevelSet) contours(xr, yr Range, what string) (*contourPlotter, error) {
	n := ls.Resolution
	if n == 0 {
		n = defaultResolution
	}
	xs, ys := make([]float64, n+1), make([]float64, n+1)
	for i := range xs {
		xs[i] = xr.Min + (xr.Max-xr.Min)*float64(i)/float64(n)
		ys[i] = yr.Min + (yr.Max-yr.Min)*float64(i)/float64(n)
	}
	z := make([]float64, len(xs)*len(ys))
	zmin, zmax := math.Inf(1), math.Inf(-1)
	for j, y := range ys {
		for i, x := range xs {
			v := ls.F(x, y)
			if !finite(v) {
				v = math.NaN()
			} else {
				zmin, zmax = min(zmin, v), max(zmax, v)
			}
			z[j*len(xs)+i] = v
		}
	}
	if zmin > zmax {
		return nil, invalid(what, "F is not finite anywhere on the box")
	}
	levels := ls.Levels
	if len(levels) == 0 {
		levels = make([]float64, autoLevels)
		for k := range levels {
			t := float64(k+1) / float64(autoLevels+1)
			levels[k] = zmin + (zmax-zmin)*t
			if math.IsInf(zmax-zmin, 0) { // F spans more than MaxFloat64: interpolate without the difference
				levels[k] = zmin*(1-t) + zmax*t
			}
		}
	}
	cp := &contourPlotter{style: draw.LineStyle{Color: ls.Color.or(Gray).NRGBA(), Width: vg.Points(1.2)}}
	if ls.Kind == Dashed {
		cp.style.Dashes = refDashes
	}
	for _, lev := range levels {
		cp.lines = append(cp.lines, contourLines(xs, ys, z, lev)...)
	}
	cp.box = [2]Range{xr, yr}
	fixed := *ls // automatic levels stay those of the given box
	fixed.Levels = levels
	cp.resample = func(xr, yr Range) [][]vg.Point {
		wider, err := fixed.contours(xr, yr, what)
		if err != nil {
			return nil
		}
		return wider.lines
	}
	return cp, nil
}

// Plot validates the picture, samples the level sets and returns the
// gonum plot it draws. Errors wrap ErrInvalidInput; a nil picture is an
// error.
func (g *Geometry) Plot() (*plot.Plot, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	p := newPlot(g.Title, g.XLabel, g.YLabel)
	p.Add(gridLines())
	var obs obstacles
	legend := func(name string, th ...plot.Thumbnailer) {
		if name != "" && g.Legend != NoLegend {
			p.Legend.Add(name, th...)
		}
	}
	for i := range g.LevelSets {
		ls := &g.LevelSets[i]
		cp, err := ls.contours(g.XRange, g.YRange, describe("Geometry.LevelSets", i, ls.Name))
		if err != nil {
			return nil, err
		}
		p.Add(cp)
		for _, l := range cp.lines {
			pts := make(plotter.XYs, len(l))
			for k, q := range l {
				pts[k] = plotter.XY{X: float64(q.X), Y: float64(q.Y)}
			}
			obs.lines = append(obs.lines, pts)
		}
		legend(ls.Name, cp)
	}
	for i := range g.Lines {
		l := &g.Lines[i]
		seg, ok := l.segment(g.XRange, g.YRange)
		if !ok {
			return nil, invalid(describe("Geometry.Lines", i, l.Name), "does not cross the box")
		}
		pl := &plotter.Line{XYs: seg, LineStyle: draw.LineStyle{Color: l.Color.or(Black).NRGBA(), Width: vg.Points(1.5)}}
		if l.Kind == Dashed {
			pl.Dashes = theoryDashes
		}
		p.Add(pl)
		obs.lines = append(obs.lines, seg)
		legend(l.Name, pl)
	}
	for i := range g.Paths {
		s := &g.Paths[i]
		c := s.Color.or(Palette(i))
		obs.addSeries(s)
		obs.markers = append(obs.markers, plotter.XY{X: s.X[0], Y: s.Y[0]}, plotter.XY{X: s.X[len(s.X)-1], Y: s.Y[len(s.Y)-1]})
		ps, th := s.plotters(c)
		p.Add(ps...)
		if s.Kind != Markers {
			start := &plotter.Scatter{XYs: xys(s.X[:1], s.Y[:1]),
				GlyphStyle: draw.GlyphStyle{Color: c.NRGBA(), Radius: vg.Points(4.5), Shape: draw.RingGlyph{}}}
			end := &plotter.Scatter{XYs: xys(s.X[len(s.X)-1:], s.Y[len(s.Y)-1:]), GlyphStyle: glyphFor(c)}
			end.GlyphStyle.Radius = vg.Points(4.5)
			p.Add(start, end)
		}
		legend(s.Name, th...)
	}
	for _, pt := range g.Points {
		sc := &plotter.Scatter{XYs: plotter.XYs{{X: pt.X, Y: pt.Y}},
			GlyphStyle: draw.GlyphStyle{Color: pt.Color.or(Orange).NRGBA(), Radius: vg.Points(8), Shape: starGlyph{}}}
		p.Add(sc)
		obs.markers = append(obs.markers, plotter.XY{X: pt.X, Y: pt.Y})
		legend(pt.Name, sc)
		if pt.Label != "" {
			p.Add(&pointLabel{Point: pt, obs: &obs})
		}
	}
	finishAxis(&p.X, false, g.XRange)
	finishAxis(&p.Y, false, g.YRange)
	if err := fitAxis("Geometry.X", &p.X, false, true); err != nil {
		return nil, err
	}
	if err := fitAxis("Geometry.Y", &p.Y, false, true); err != nil {
		return nil, err
	}
	if err := addLegend(p, g.Legend, obs); err != nil {
		return nil, err
	}
	return p, nil
}

// pointLabel writes a Point's label next to the point: to its upper
// right, or, when that hides more of the picture's lines and markers, to
// the lower right, upper left or lower left.
type pointLabel struct {
	Point
	obs *obstacles
}

// Plot implements plot.Plotter.
func (l *pointLabel) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	at := vg.Point{X: trX(l.X), Y: trY(l.Y)}
	if !c.Contains(at) {
		return
	}
	dx, dy := vg.Points(8), vg.Points(4)
	sty := annotStyle(p, okabeIto[Black], draw.XLeft, draw.YBottom)
	w, h := sty.Width(l.Label), sty.Height(l.Label)
	best, bestScore := 0, math.Inf(1)
	for k, sign := range [][2]vg.Length{{1, 1}, {1, -1}, {-1, 1}, {-1, -1}} {
		x0 := at.X + sign[0]*dx
		if sign[0] < 0 {
			x0 -= w
		}
		y0 := at.Y + sign[1]*dy
		if sign[1] < 0 {
			y0 -= h
		}
		r := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x0 + w, Y: y0 + h}}
		if r.Min.X < c.Min.X || r.Max.X > c.Max.X || r.Min.Y < c.Min.Y || r.Max.Y > c.Max.Y {
			continue
		}
		if score := l.obs.cover(r, c, p); score < bestScore-1e-9 {
			best, bestScore = k, score
		}
	}
	pt := vg.Point{X: at.X + dx, Y: at.Y + dy}
	switch best {
	case 1:
		sty.YAlign, pt.Y = draw.YTop, at.Y-dy
	case 2:
		sty.XAlign, pt.X = draw.XRight, at.X-dx
	case 3:
		sty.XAlign, sty.YAlign, pt.X, pt.Y = draw.XRight, draw.YTop, at.X-dx, at.Y-dy
	}
	c.FillText(sty, pt, l.Label)
}

// build implements Panel.
func (g *Geometry) build() (*built, error) {
	if g == nil {
		return nil, invalid("Geometry", "the picture is nil")
	}
	w, h, err := namedPixelSize("Geometry", g.Width, g.Height, geometryWidth, geometryHeight)
	if err != nil {
		return nil, err
	}
	if !g.FreeAspect {
		eq := *g
		if err := EqualAspect(&eq); err != nil {
			return nil, err
		}
		g = &eq
	}
	p, err := g.Plot()
	if err != nil {
		return nil, err
	}
	b := singlePlot(p, w, h)
	b.frame.equal = !g.FreeAspect
	return b, nil
}

// PNG renders the picture as a PNG image.
func (g *Geometry) PNG() ([]byte, error) { return pngOf(g) }

// SVG renders the picture as an SVG document.
func (g *Geometry) SVG() ([]byte, error) { return svgOf(g) }
