// Command ch01 writes notebooks/01-mirror-descent.ipynb from the cell source
// cells.txt (embedded), so that the chapter's prose and code can be reviewed
// and diffed as plain text, and the committed notebook carries no outputs.
//
// In cells.txt a line "#### CELL markdown" or "#### CELL code" starts a new
// cell; everything up to the next such line is the cell's source (leading and
// trailing blank lines are dropped). Run from the repository root:
//
//	go run ./internal/nbgen/ch01
package main

import (
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
)

//go:embed cells.txt
var source string

const marker = "#### CELL "

// cell is one nbformat-4 cell.
type cell map[string]any

func main() {
	out := flag.String("o", "notebooks/01-mirror-descent.ipynb", "output notebook path")
	flag.Parse()
	cells, err := parse(source)
	if err != nil {
		log.Fatal(err)
	}
	nb := map[string]any{
		"nbformat":       4,
		"nbformat_minor": 5,
		"metadata":       metadata(),
		"cells":          cells,
	}
	b, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
}

// Minimum number of PNG figures the executed chapter shows and of passing
// CHECK rows it prints (6 + 4 + 5 + 6 over the four experiment cells);
// cmd/nbcheck fails the executed notebook below either.
const (
	minFigures = 4
	minChecks  = 21
)

// metadata returns the notebook metadata notebooks/README.md prescribes.
func metadata() map[string]any {
	return map[string]any{
		"kernelspec":    map[string]any{"name": "gonb", "display_name": "Go (gonb)", "language": "go"},
		"language_info": map[string]any{"name": "go"},
		"implicitbias":  map[string]any{"figures": minFigures, "checks": minChecks},
	}
}

// parse splits the source into cells.
func parse(src string) ([]cell, error) {
	var cells []cell
	var kind string
	var body []string
	flush := func() {
		if kind == "" {
			return
		}
		for len(body) > 0 && strings.TrimSpace(body[0]) == "" {
			body = body[1:]
		}
		for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
			body = body[:len(body)-1]
		}
		lines := make([]string, len(body))
		for i, l := range body {
			lines[i] = l
			if i < len(body)-1 {
				lines[i] += "\n"
			}
		}
		c := cell{"cell_type": kind, "metadata": map[string]any{}, "source": lines,
			"id": fmt.Sprintf("ch01-%02d", len(cells))}
		if kind == "code" {
			c["execution_count"] = nil
			c["outputs"] = []any{}
		}
		cells = append(cells, c)
	}
	for i, line := range strings.Split(src, "\n") {
		if !strings.HasPrefix(line, marker) {
			if kind == "" && strings.TrimSpace(line) != "" {
				return nil, fmt.Errorf("line %d: text before the first cell marker", i+1)
			}
			body = append(body, line)
			continue
		}
		flush()
		kind, body = strings.TrimSpace(strings.TrimPrefix(line, marker)), nil
		if kind != "markdown" && kind != "code" {
			return nil, fmt.Errorf("line %d: unknown cell kind %q", i+1, kind)
		}
	}
	flush()
	if len(cells) == 0 {
		return nil, fmt.Errorf("no cells")
	}
	return cells, nil
}
