package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid places Rows × Cols panels in one picture, row-major (Panels[r*Cols+c]
// is row r, column c; a nil entry leaves its tile blank). When every panel
// is a single plot (not a Heatmap or Grid, which draw more than one), the
// data areas are aligned: all data areas have the same size, those of a
// row share their top and bottom, those of a column their left and right
// edges; the titles of a row sit at one height and the y-axis labels of a
// column at one x. Otherwise each panel is drawn in its own tile of
// gonum's draw.Tiles. Panels' own Width and Height are ignored.
//
// Rows and Cols must lie in [1, 80] and leave tiles at least MinSize
// pixels wide and high (after the title and the padding between tiles); grids may be nested at most 4 deep and hold at
// most 256 panels in all; a grid that contains itself is an error.
type Grid struct {
	// Title is drawn above all panels.
	Title      string
	Rows, Cols int
	Panels     []Panel
	// Width and Height in pixels; 0 means max(DefaultWidth, 320·Cols)
	// wide (up to three columns fit the Notebook's column unscaled) and
	// 340·Rows (+40 with a title) high.
	Width, Height int
}

// gridTitleHeight is the extra height for a grid title, in pixels.
const gridTitleHeight = 40

// maxGridSide bounds Rows and Cols: a tile needs at least MinSize pixels
// of a picture at most MaxSize wide and high.
const maxGridSide = MaxSize / MinSize

// maxGridDepth bounds the nesting of grids in grids.
const maxGridDepth = 4

// maxGridPanels bounds the number of panels of a grid and all the grids
// nested in it, counted as often as they are drawn (each is laid out and
// drawn separately; a course figure has a dozen at most).
const maxGridPanels = 256

// checkShape validates Rows, Cols and the number of panels of g.
func (g *Grid) checkShape(param string) error {
	if g == nil {
		return invalid(param, "the grid is nil")
	}
	if g.Rows < 1 || g.Rows > maxGridSide {
		return invalid(param+".Rows", "%d rows, want 1 to %d (a tile needs at least %d px of at most %d)", g.Rows, maxGridSide, MinSize, MaxSize)
	}
	if g.Cols < 1 || g.Cols > maxGridSide {
		return invalid(param+".Cols", "%d columns, want 1 to %d (a tile needs at least %d px of at most %d)", g.Cols, maxGridSide, MinSize, MaxSize)
	}
	if len(g.Panels) != g.Rows*g.Cols {
		return invalid(param+".Panels", "%d panels for %d×%d tiles", len(g.Panels), g.Rows, g.Cols)
	}
	return nil
}

// check validates g, drawn in w×h pixels, and the grids nested in it, with
// the chain of enclosing grids in outer (to refuse a grid that contains
// itself, which would recurse forever) and the number of panels seen so
// far in *n. Every tile must be at least MinSize pixels wide and high.
// Panels other than grids are validated when they are built.
func (g *Grid) check(param string, w, h int, outer []*Grid, n *int) error {
	if err := g.checkShape(param); err != nil {
		return err
	}
	for _, o := range outer {
		if o == g {
			return invalid(param, "the grid contains itself")
		}
	}
	if len(outer) >= maxGridDepth {
		return invalid(param, "grids are nested more than %d deep", maxGridDepth)
	}
	if *n += len(g.Panels); *n > maxGridPanels {
		return invalid(param+".Panels", "the grid and the grids in it hold more than %d panels, more than can be drawn", maxGridPanels)
	}
	tw, th := g.tileSize(w, h)
	if tw < MinSize {
		return invalid(param+".Cols", "%d columns in %d px leave tiles %d px wide, below the minimum %d px", g.Cols, w, tw, MinSize)
	}
	if th < MinSize {
		return invalid(param+".Rows", "%d rows in %d px leave tiles %d px high, below the minimum %d px", g.Rows, h, th, MinSize)
	}
	for i, p := range g.Panels {
		if sub, ok := p.(*Grid); ok {
			if err := sub.check(fmt.Sprintf("%s.Panels[%d]", param, i), tw, th, append(outer, g), n); err != nil {
				return err
			}
		}
	}
	return nil
}

// tiles returns the layout of g's panels.
func (g *Grid) tiles() draw.Tiles {
	return draw.Tiles{Rows: g.Rows, Cols: g.Cols, PadX: vg.Points(14), PadY: vg.Points(20),
		PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
}

// tileSize returns the size in whole pixels of a tile of g drawn in w×h
// pixels: what is left after the title and the padding, shared out.
func (g *Grid) tileSize(w, h int) (tw, th int) {
	t := g.tiles()
	W, H := pxLen(w), pxLen(h)
	if g.Title != "" {
		H -= pxLen(gridTitleHeight)
	}
	W -= t.PadLeft + t.PadRight + vg.Length(g.Cols-1)*t.PadX
	H -= t.PadTop + t.PadBottom + vg.Length(g.Rows-1)*t.PadY
	px := func(l vg.Length) int { return int(math.Floor(float64(l / pxLen(1)))) }
	return px(W / vg.Length(g.Cols)), px(H / vg.Length(g.Rows))
}

// build implements Panel.
func (g *Grid) build() (*built, error) {
	if err := g.checkShape("Grid"); err != nil {
		return nil, err
	}
	defH := 340 * g.Rows
	if g.Title != "" {
		defH += gridTitleHeight
	}
	w, h, err := namedPixelSize("Grid", g.Width, g.Height, max(DefaultWidth, 320*g.Cols), defH)
	if err != nil {
		return nil, err
	}
	n := 0
	if err := g.check("Grid", w, h, nil, &n); err != nil {
		return nil, err
	}
	parts := make([]*built, len(g.Panels))
	for i, p := range g.Panels {
		if p == nil {
			continue
		}
		b, err := p.build()
		if err != nil {
			return nil, &panelError{i: i, err: err}
		}
		parts[i] = b
	}
	return &built{w: w, h: h, draw: func(c draw.Canvas) {
		c.SetColor(whiteBackground)
		c.Fill(c.Rectangle.Path())
		if g.Title != "" {
			sty := text.Style{Color: okabeIto[Black], Font: font.From(courseFont, titleFontSize),
				XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
			w := c.Max.X - c.Min.X
			sty = fitWidth(sty, g.Title, w, w/2, w/2)
			c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y - vg.Points(4)}, g.Title)
			c.Max.Y -= pxLen(gridTitleHeight)
		}
		tiles := g.tiles()
		if g.drawAligned(c, tiles, parts) {
			return
		}
		for i, b := range parts {
			if b != nil {
				b.draw(tiles.At(c, i%g.Cols, i/g.Cols))
			}
		}
	}}, nil
}

// drawAligned draws the panels with aligned data areas and reports
// whether it could: every panel must be nil or a single plot, and the
// data areas must have a positive size.
func (g *Grid) drawAligned(c draw.Canvas, t draw.Tiles, parts []*built) bool {
	// The insets of each row and column are the largest of its panels'.
	cols, rows := make([]insets, g.Cols), make([]insets, g.Rows)
	for i, b := range parts {
		if b == nil {
			continue
		}
		if b.frame == nil {
			return false
		}
		r, col := i/g.Cols, i%g.Cols
		m := b.frame.insets(t.At(c, col, r))
		cols[col] = cols[col].max(m)
		rows[r] = rows[r].max(m)
	}
	dataW := c.Max.X - c.Min.X - t.PadLeft - t.PadRight - vg.Length(g.Cols-1)*t.PadX
	for _, m := range cols {
		dataW -= m.left + m.right
	}
	dataH := c.Max.Y - c.Min.Y - t.PadTop - t.PadBottom - vg.Length(g.Rows-1)*t.PadY
	for _, m := range rows {
		dataH -= m.top + m.bottom
	}
	dataW /= vg.Length(g.Cols)
	dataH /= vg.Length(g.Rows)
	if dataW <= 0 || dataH <= 0 {
		return false
	}
	// Outer x extents of the columns, left to right, and y extents of the
	// rows, top to bottom.
	xs := make([][2]vg.Length, g.Cols)
	x := c.Min.X + t.PadLeft
	for j, m := range cols {
		xs[j] = [2]vg.Length{x, x + m.left + dataW + m.right}
		x = xs[j][1] + t.PadX
	}
	ys := make([][2]vg.Length, g.Rows)
	y := c.Max.Y - t.PadTop
	for i, m := range rows {
		ys[i] = [2]vg.Length{y - m.top - dataH - m.bottom, y}
		y = ys[i][0] - t.PadY
	}
	for i, b := range parts {
		if b == nil {
			continue
		}
		r, col := i/g.Cols, i%g.Cols
		outer := c
		outer.Min = vg.Point{X: xs[col][0], Y: ys[r][0]}
		outer.Max = vg.Point{X: xs[col][1], Y: ys[r][1]}
		data := shrink(outer.Rectangle, insets{left: cols[col].left, right: cols[col].right,
			bottom: rows[r].bottom, top: rows[r].top})
		b.frame.drawAt(outer, data)
	}
	return true
}

// PNG renders the grid as a PNG image.
func (g *Grid) PNG() ([]byte, error) { return pngOf(g) }

// SVG renders the grid as an SVG document.
func (g *Grid) SVG() ([]byte, error) { return svgOf(g) }
