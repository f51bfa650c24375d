package notebook

import (
	"fmt"
	"html"
	"os"
	"strconv"
	"strings"
)

// Table is a small table of numbers (a few rows of parameters and
// results), rendered as HTML in the notebook and as Markdown elsewhere.
// A nil *Table is an empty table without caption or header: Row adds
// nothing (and returns nil) and the other methods render nothing.
type Table struct {
	Caption string
	Header  []string
	rows    [][]string
}

// NewTable returns an empty table with a caption and column headers.
func NewTable(caption string, header ...string) *Table {
	return &Table{Caption: caption, Header: header}
}

// Cell formats one value for a table: float64 (and float32) with four
// significant digits, integers in full, strings as given, bool as "yes" or
// "no" (words for people, not Go's true/false), anything else with fmt's %v.
func Cell(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case float64:
		return strconv.FormatFloat(x, 'g', 4, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', 4, 32)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// Row appends a row, formatting each value with Cell, and returns t so
// calls can be chained. Pass a string to choose another precision, e.g.
// fmt.Sprintf("%.2e", err).
func (t *Table) Row(values ...any) *Table {
	if t == nil {
		return nil
	}
	r := make([]string, len(values))
	for i, v := range values {
		r[i] = Cell(v)
	}
	t.rows = append(t.rows, r)
	return t
}

// Len returns the number of rows.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return len(t.rows)
}

// width returns the number of columns: the longest of the header and rows.
func (t *Table) width() int {
	if t == nil {
		return 0
	}
	w := len(t.Header)
	for _, r := range t.rows {
		w = max(w, len(r))
	}
	return w
}

func pad(r []string, w int) []string {
	for len(r) < w {
		r = append(r, "")
	}
	return r
}

// Markdown returns the table in GitHub-flavoured Markdown, preceded by the
// caption in bold when there is one. Pipes in cells are escaped.
func (t *Table) Markdown() string {
	w := t.width()
	if w == 0 {
		return ""
	}
	esc := func(r []string) string {
		e := make([]string, len(r))
		for i, s := range r {
			e[i] = strings.ReplaceAll(s, "|", `\|`)
		}
		return "| " + strings.Join(e, " | ") + " |\n"
	}
	var b strings.Builder
	if t.Caption != "" {
		b.WriteString("**" + t.Caption + "**\n\n")
	}
	b.WriteString(esc(pad(append([]string(nil), t.Header...), w)))
	b.WriteString("|" + strings.Repeat(" --- |", w) + "\n")
	for _, r := range t.rows {
		b.WriteString(esc(pad(append([]string(nil), r...), w)))
	}
	return b.String()
}

// HTML returns the table as an HTML fragment with cells escaped.
func (t *Table) HTML() string {
	if t == nil {
		return ""
	}
	w := t.width()
	var b strings.Builder
	b.WriteString(`<table class="ib-table" style="border-collapse:collapse;font-size:90%">`)
	if t.Caption != "" {
		fmt.Fprintf(&b, `<caption style="text-align:left;font-weight:bold">%s</caption>`, html.EscapeString(t.Caption))
	}
	row := func(tag string, r []string) {
		b.WriteString("<tr>")
		for _, s := range pad(append([]string(nil), r...), w) {
			fmt.Fprintf(&b, "<%s>%s</%s>", tag, html.EscapeString(s), tag)
		}
		b.WriteString("</tr>")
	}
	if len(t.Header) > 0 {
		row("th", t.Header)
	}
	for _, r := range t.rows {
		row("td", r)
	}
	b.WriteString("</table>")
	return b.String()
}

// Show displays the table: HTML (with the Markdown as plain-text
// alternative) in the notebook, the Markdown on stdout elsewhere.
func (t *Table) Show() {
	if t == nil {
		return
	}
	if IsNotebook() {
		showRich(t.HTML(), t.Markdown())
		return
	}
	os.Stdout.WriteString(t.Markdown())
}
