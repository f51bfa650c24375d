// Command ch02 writes notebooks/02-diagonal-networks.ipynb from the cell
// source cells.txt (embedded), so that the chapter's prose and code can be
// reviewed and diffed as plain text.
//
// In cells.txt a line "#### CELL markdown" or "#### CELL code" starts a new
// cell; everything up to the next such line is the cell's source (leading and
// trailing blank lines are dropped). Run from the repository root:
//
//	go run ./internal/nbgen/ch02
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

// What the executed chapter produces: one PNG per experiment (A–D) and the
// rows of its four check tables (A 9, B 4, C 7, D 10).
const (
	figures = 4
	checks  = 30
)

// cell is one notebook cell; code cells carry execution_count (null) and
// an empty outputs list, as nbformat 4 requires.
type cell map[string]any

func main() {
	out := flag.String("o", "notebooks/02-diagonal-networks.ipynb", "output notebook path")
	flag.Parse()
	cells, err := parse(source)
	if err != nil {
		log.Fatal(err)
	}
	nb := map[string]any{
		"nbformat":       4,
		"nbformat_minor": 4,
		"metadata": map[string]any{
			"kernelspec":    map[string]any{"name": "gonb", "display_name": "Go (gonb)", "language": "go"},
			"language_info": map[string]any{"name": "go", "file_extension": ".go", "version": "go1.26"},
			// Declared for cmd/nbcheck: PNG figures and passing CHECK rows
			// the executed chapter must show at least.
			"implicitbias": map[string]any{"figures": figures, "checks": checks},
		},
		"cells": cells,
	}
	b, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s: %d cells (declares %d figures, %d checks)\n", *out, len(cells), figures, checks)
}

// parse splits the cell source into notebook cells.
func parse(src string) ([]cell, error) {
	var cells []cell
	var kind string
	var lines []string
	flush := func() {
		if kind == "" {
			return
		}
		for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
			lines = lines[1:]
		}
		for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
			lines = lines[:len(lines)-1]
		}
		src := []string{}
		for i, l := range lines {
			if i < len(lines)-1 {
				l += "\n"
			}
			src = append(src, l)
		}
		c := cell{"cell_type": kind, "metadata": map[string]any{}, "source": src}
		if kind == "code" {
			c["execution_count"] = nil
			c["outputs"] = []any{}
		}
		cells = append(cells, c)
	}
	for n, l := range strings.Split(src, "\n") {
		if rest, ok := strings.CutPrefix(l, marker); ok {
			flush()
			kind, lines = strings.TrimSpace(rest), nil
			if kind != "markdown" && kind != "code" {
				return nil, fmt.Errorf("cells.txt:%d: unknown cell kind %q", n+1, kind)
			}
			continue
		}
		if kind == "" {
			if strings.TrimSpace(l) != "" {
				return nil, fmt.Errorf("cells.txt:%d: text before the first cell marker", n+1)
			}
			continue
		}
		lines = append(lines, l)
	}
	flush()
	return cells, nil
}
