package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Notebook is the part of the nbformat 4 JSON that nbcheck reads.
type Notebook struct {
	NBFormat      int            `json:"nbformat"`
	NBFormatMinor int            `json:"nbformat_minor"`
	Metadata      map[string]any `json:"metadata"`
	Cells         []Cell         `json:"cells"`
}

// Cell is one notebook cell.
type Cell struct {
	ID             string         `json:"id"`
	CellType       string         `json:"cell_type"`
	Source         multiline      `json:"source"`
	Metadata       map[string]any `json:"metadata"`
	Outputs        []Output       `json:"outputs"`
	ExecutionCount *int           `json:"execution_count"`
	raw            map[string]json.RawMessage
}

// Output is one output of a code cell.
type Output struct {
	OutputType string                     `json:"output_type"`
	Name       string                     `json:"name"` // stream: stdout or stderr
	Text       multiline                  `json:"text"`
	Data       map[string]json.RawMessage `json:"data"`
	EName      string                     `json:"ename"`
	EValue     string                     `json:"evalue"`
}

// multiline is nbformat's "multiline string": a string or a list of strings
// to be concatenated.
type multiline string

// UnmarshalJSON accepts both forms.
func (m *multiline) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = multiline(s)
		return nil
	}
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return fmt.Errorf("want a string or a list of strings: %w", err)
	}
	*m = multiline(strings.Join(l, ""))
	return nil
}

// readNotebook parses the notebook at path, keeping each cell's raw keys.
func readNotebook(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb Notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("not a notebook: %w", err)
	}
	var raw struct {
		Cells []map[string]json.RawMessage `json:"cells"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("not a notebook: %w", err)
	}
	for i := range nb.Cells {
		nb.Cells[i].raw = raw.Cells[i]
	}
	return &nb, nil
}

// text returns the text of a multiline data entry of an output (e.g.
// "text/plain"), or "" if there is none.
func (o Output) text(mime string) string {
	r, ok := o.Data[mime]
	if !ok {
		return ""
	}
	var m multiline
	if json.Unmarshal(r, &m) != nil {
		return ""
	}
	return string(m)
}
