package notebook

import (
	"strings"
	"testing"
)

func TestCell(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{3.14159265, "3.142"},
		{1e-9, "1e-09"},
		{-2.5e6, "-2.5e+06"},
		{float32(0.5), "0.5"},
		{42, "42"},
		{"text", "text"},
		{true, "yes"},
		{false, "no"},
	}
	for _, tt := range tests {
		if got := Cell(tt.v); got != tt.want {
			t.Errorf("Cell(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestTableMarkdown(t *testing.T) {
	tb := NewTable("step sizes", "η", "iterations", "note")
	tb.Row(0.1, 120, "a|b").Row(0.01)
	want := "**step sizes**\n\n" +
		"| η | iterations | note |\n" +
		"| --- | --- | --- |\n" +
		"| 0.1 | 120 | a\\|b |\n" +
		"| 0.01 |  |  |\n"
	if got := tb.Markdown(); got != want {
		t.Errorf("Markdown:\n%s\nwant:\n%s", got, want)
	}
	if tb.Len() != 2 {
		t.Errorf("Len = %d, want 2", tb.Len())
	}
	if got := NewTable("").Markdown(); got != "" {
		t.Errorf("empty table Markdown = %q, want empty", got)
	}
}

func TestTableHTML(t *testing.T) {
	tb := NewTable("<cap>", "x", "y")
	tb.Row(1.0, "<b>")
	h := tb.HTML()
	for _, want := range []string{"&lt;cap&gt;", "<th>x</th><th>y</th>", "<td>1</td><td>&lt;b&gt;</td>"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q: %s", want, h)
		}
	}
}
