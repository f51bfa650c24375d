package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid places Rows × Cols panels in one picture, row-major (Panels[r*Cols+c]
// is row r, column c; a nil entry leaves its tile blank). The tiles come
// from gonum's draw.Tiles; when no panel is a Heatmap or Grid (which draw
// more than one plot) and none is nil, the data areas are aligned across
// rows and columns with plot.Align. Panels' own Width and Height are
// ignored.
type Grid struct {
	// Title is drawn above all panels.
	Title      string
	Rows, Cols int
	Panels     []Panel
	// Width and Height in pixels; 0 means max(800, 400·Cols) wide and
	// 340·Rows (+40 with a title) high.
	Width, Height int
}

// gridTitleHeight is the extra height for a grid title, in pixels.
const gridTitleHeight = 40

// build implements Panel.
func (g *Grid) build() (*built, error) {
	if g.Rows < 1 || g.Cols < 1 {
		return nil, fmt.Errorf("plots: grid %q: %d×%d panels", g.Title, g.Rows, g.Cols)
	}
	if len(g.Panels) != g.Rows*g.Cols {
		return nil, fmt.Errorf("plots: grid %q: %d panels for %d×%d tiles", g.Title, len(g.Panels), g.Rows, g.Cols)
	}
	defH := 340 * g.Rows
	if g.Title != "" {
		defH += gridTitleHeight
	}
	w, h, err := pixelSize(g.Width, g.Height, max(DefaultWidth, 400*g.Cols), defH)
	if err != nil {
		return nil, err
	}
	parts := make([]*built, len(g.Panels))
	aligned := true // every tile holds a single plot: align their data areas
	plots := make([][]*plot.Plot, g.Rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, g.Cols)
	}
	for i, p := range g.Panels {
		if p == nil {
			aligned = false
			continue
		}
		b, err := p.build()
		if err != nil {
			return nil, fmt.Errorf("plots: grid %q: panel %d: %w", g.Title, i, err)
		}
		parts[i] = b
		plots[i/g.Cols][i%g.Cols] = b.plot
		aligned = aligned && b.plot != nil
	}
	return &built{w: w, h: h, draw: func(c draw.Canvas) {
		c.SetColor(whiteBackground)
		c.Fill(c.Rectangle.Path())
		if g.Title != "" {
			sty := text.Style{Color: okabeIto[Black], Font: font.From(plot.DefaultFont, titleFontSize),
				XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
			c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y - vg.Points(4)}, g.Title)
			c.Max.Y -= pxLen(gridTitleHeight)
		}
		tiles := draw.Tiles{Rows: g.Rows, Cols: g.Cols, PadX: vg.Points(14), PadY: vg.Points(20),
			PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
		var canvases [][]draw.Canvas
		if aligned {
			canvases = plot.Align(plots, tiles, c)
		}
		for i, b := range parts {
			if b == nil {
				continue
			}
			r, col := i/g.Cols, i%g.Cols
			if aligned {
				b.draw(canvases[r][col])
			} else {
				b.draw(tiles.At(c, col, r))
			}
		}
	}}, nil
}

// PNG renders the grid as a PNG image.
func (g *Grid) PNG() ([]byte, error) { return pngOf(g) }

// SVG renders the grid as an SVG document.
func (g *Grid) SVG() ([]byte, error) { return svgOf(g) }
