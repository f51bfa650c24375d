package plots

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// contourLines computes the level sets {f = level} of values z sampled on
// the grid xs × ys (z[j*len(xs)+i] = f(xs[i], ys[j])) by marching squares
// with linear interpolation along cell edges, and chains the segments into
// polylines. Cells with a NaN corner are skipped. Saddle cells are resolved
// by the value at the cell centre (mean of the corners).
//
// Unlike gonum's plotter.Contour, which collects paths in a map, the
// output order is fixed (open lines first, in order of their first edge,
// then closed loops), so rendering is byte-for-byte reproducible.
func contourLines(xs, ys, z []float64, level float64) [][]vg.Point {
	nx, ny := len(xs), len(ys)
	nh := (nx - 1) * ny // horizontal edges (i,j)-(i+1,j)
	ne := nh + nx*(ny-1)
	hEdge := func(i, j int) int { return j*(nx-1) + i }
	vEdge := func(i, j int) int { return nh + j*nx + i }
	at := func(i, j int) float64 { return z[j*nx+i] }

	// pts[e] is the crossing on edge e; nb[e] its (up to 2) neighbours.
	pts := make([]vg.Point, ne)
	nb := make([][2]int32, ne)
	for e := range nb {
		nb[e] = [2]int32{-1, -1}
	}
	crossing := func(e int, xa, ya, za, xb, yb, zb float64) bool {
		if (za >= level) == (zb >= level) {
			return false
		}
		t := (level - za) / (zb - za)
		pts[e] = vg.Point{X: vg.Length(xa + t*(xb-xa)), Y: vg.Length(ya + t*(yb-ya))}
		return true
	}
	link := func(a, b int) {
		for _, p := range [2][2]int{{a, b}, {b, a}} {
			if nb[p[0]][0] < 0 {
				nb[p[0]][0] = int32(p[1])
			} else {
				nb[p[0]][1] = int32(p[1])
			}
		}
	}
	for j := 0; j+1 < ny; j++ {
		for i := 0; i+1 < nx; i++ {
			bl, br, tr, tl := at(i, j), at(i+1, j), at(i+1, j+1), at(i, j+1)
			if math.IsNaN(bl + br + tr + tl) {
				continue
			}
			b, r, t, l := hEdge(i, j), vEdge(i+1, j), hEdge(i, j+1), vEdge(i, j)
			var on [4]int
			n := 0
			if crossing(b, xs[i], ys[j], bl, xs[i+1], ys[j], br) {
				on[n] = b
				n++
			}
			if crossing(r, xs[i+1], ys[j], br, xs[i+1], ys[j+1], tr) {
				on[n] = r
				n++
			}
			if crossing(t, xs[i], ys[j+1], tl, xs[i+1], ys[j+1], tr) {
				on[n] = t
				n++
			}
			if crossing(l, xs[i], ys[j], bl, xs[i], ys[j+1], tl) {
				on[n] = l
				n++
			}
			switch n {
			case 2:
				link(on[0], on[1])
			case 4: // saddle: bl and tr on one side, br and tl on the other
				centreAbove := (bl+br+tr+tl)/4 >= level
				if centreAbove == (bl >= level) {
					// bl, tr joined through the centre: cut off br and tl.
					link(b, r)
					link(t, l)
				} else {
					link(l, b)
					link(t, r)
				}
			}
		}
	}

	seen := make([]bool, ne)
	walk := func(start int) []vg.Point {
		line := []vg.Point{pts[start]}
		seen[start] = true
		prev, cur := -1, start
		for {
			next := -1
			for _, c := range nb[cur] {
				if c >= 0 && int(c) != prev && !seen[c] {
					next = int(c)
					break
				}
			}
			if next < 0 {
				if prev >= 0 && prev != start && (nb[cur][0] == int32(start) || nb[cur][1] == int32(start)) {
					line = append(line, pts[start]) // close the loop
				}
				return line
			}
			seen[next] = true
			line = append(line, pts[next])
			prev, cur = cur, next
		}
	}
	var lines [][]vg.Point
	for e := range ne { // open lines start at an end (one neighbour)
		if !seen[e] && nb[e][0] >= 0 && nb[e][1] < 0 {
			lines = append(lines, walk(e))
		}
	}
	for e := range ne { // what is left are closed loops
		if !seen[e] && nb[e][0] >= 0 {
			lines = append(lines, walk(e))
		}
	}
	return lines
}

// contourPlotter strokes precomputed level-set polylines (in data
// coordinates, stored in vg.Point for compactness).
type contourPlotter struct {
	lines [][]vg.Point
	style draw.LineStyle
	// resample, if set, returns the contours on a box wider than the one
	// lines were sampled on (the plot's ranges widened at draw time for
	// equal aspect), or nil.
	resample func(xr, yr Range) [][]vg.Point
	box      [2]Range // the box lines cover
}

// Plot implements plot.Plotter.
func (cp *contourPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	lines := cp.lines
	if xr, yr := (Range{Min: p.X.Min, Max: p.X.Max}), (Range{Min: p.Y.Min, Max: p.Y.Max}); cp.resample != nil && (xr != cp.box[0] || yr != cp.box[1]) {
		if l := cp.resample(xr, yr); l != nil {
			lines = l
		}
	}
	for _, l := range lines {
		pts := make([]vg.Point, len(l))
		for i, q := range l {
			pts[i] = vg.Point{X: trX(float64(q.X)), Y: trY(float64(q.Y))}
		}
		c.StrokeLines(cp.style, c.ClipLinesXY(pts)...)
	}
}

// Thumbnail implements plot.Thumbnailer.
func (cp *contourPlotter) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	c.StrokeLine2(cp.style, c.Min.X, y, c.Max.X, y)
}
