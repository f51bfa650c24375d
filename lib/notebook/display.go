package notebook

import (
	"fmt"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// IsNotebook reports whether the program runs as a cell of the GoNB kernel.
// Outside the kernel the Show functions skip rich output.
func IsNotebook() bool { return gonbui.IsNotebook }

// Figure is anything that renders itself as a PNG image, such as the
// figures of lib/plots.
type Figure interface {
	PNG() ([]byte, error)
}

// ShowPNG displays a PNG image, given as the bytes of a PNG file, as an
// output of the running cell. Outside the kernel it does nothing.
func ShowPNG(png []byte) {
	gonbui.DisplayPng(png)
	flush()
}

// ShowFigure renders f and displays it with ShowPNG. It returns the
// rendering error, if any, prefixed with "notebook: ".
func ShowFigure(f Figure) error {
	png, err := f.PNG()
	if err != nil {
		return fmt.Errorf("notebook: rendering figure: %w", err)
	}
	ShowPNG(png)
	return nil
}

// ShowHTML displays an HTML fragment. Outside the kernel it does nothing.
func ShowHTML(html string) {
	gonbui.DisplayHtml(html)
	flush()
}

// ShowMarkdown displays Markdown (with $…$ and $$…$$ LaTeX). Outside the
// kernel it does nothing.
func ShowMarkdown(md string) {
	gonbui.DisplayMarkdown(md)
	flush()
}

// showRich displays html in the notebook with a plain-text alternative
// that stays in the saved notebook (and is what text-only readers, such as
// the notebook tests, see).
func showRich(html, plain string) {
	if !gonbui.IsNotebook {
		return
	}
	gonbui.SendData(&protocol.DisplayData{
		Data: map[protocol.MIMEType]any{
			protocol.MIMETextHTML:  html,
			protocol.MIMETextPlain: plain,
		},
	})
	flush()
}

// flush waits until the kernel has received every display message sent so
// far. Without it a cell whose program exits right after a display can lose
// that output: the kernel stops reading the display pipe when the process
// ends, and a table or figure written just before may never arrive.
func flush() {
	if gonbui.IsNotebook {
		gonbui.Sync()
	}
}
