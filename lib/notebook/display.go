package notebook

import (
	"errors"
	"fmt"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// IsNotebook reports whether the program runs as a cell of the GoNB kernel.
// Outside the kernel the Show functions skip rich output.
func IsNotebook() bool { return gonbui.IsNotebook }

// ErrInvalidInput is wrapped by the errors this package returns for bad
// arguments, such as a nil figure; test for it with errors.Is.
var ErrInvalidInput = errors.New("notebook: invalid input")

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
// rendering error, if any, wrapped (errors.Is and errors.As see through it)
// and prefixed with "notebook: ". A nil f is an error wrapping
// ErrInvalidInput; a typed nil pointer is passed to its PNG method, which
// for the figures of lib/plots returns an error.
func ShowFigure(f Figure) error {
	if f == nil {
		return fmt.Errorf("notebook: ShowFigure: the figure is nil: %w", ErrInvalidInput)
	}
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
