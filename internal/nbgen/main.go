// Command nbgen writes a chapter notebook, notebooks/NAME.ipynb, from its
// cell source internal/nbgen/chapters/NAME.txt, so that a chapter's prose
// and code can be reviewed and diffed as plain text and the committed
// notebook carries no outputs.
//
// Usage, from the repository root:
//
//	go run ./internal/nbgen                    # every chapter with a source
//	go run ./internal/nbgen 01-mirror-descent  # one chapter
//
// A source is a sequence of cells, each introduced by a line
// "#### CELL markdown" or "#### CELL code". Its first line may be
// "#### META figures=N checks=M": the PNG figures and passing CHECK rows
// the executed chapter must show at least (cmd/nbcheck reads them from the
// notebook metadata). nbgen first formats the code cells of the source with
// gofmt (the declarations before a "%%" line as a file, the statements
// after it as a function body) and rewrites the source if that changed it,
// so the reviewed text is the formatted code the notebook carries. The test
// of this package fails when a committed notebook differs from what its
// source generates, or when a source is not formatted.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("nbgen: ")
	names := os.Args[1:]
	if len(names) == 0 {
		var err error
		if names, err = chapters("internal/nbgen/chapters"); err != nil {
			log.Fatal(err)
		}
	}
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join("internal/nbgen/chapters", name+".txt"))
		if err != nil {
			log.Fatal(err)
		}
		// Chapter code is gofmt-formatted in the source as well as in the
		// notebook, so that the reviewed text is what the kernel runs.
		formatted, err := formatSource(name, string(src))
		if err != nil {
			log.Fatal(err)
		}
		if formatted != string(src) {
			if err := os.WriteFile(filepath.Join("internal/nbgen/chapters", name+".txt"), []byte(formatted), 0o644); err != nil {
				log.Fatal(err)
			}
			fmt.Printf("formatted internal/nbgen/chapters/%s.txt\n", name)
		}
		nb, err := generate(name, formatted)
		if err != nil {
			log.Fatal(err)
		}
		out := filepath.Join("notebooks", name+".ipynb")
		if err := os.WriteFile(out, nb, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("wrote %s\n", out)
	}
}

// chapters lists the chapter names that have a source in dir.
func chapters(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".txt"))
	}
	return names, nil
}

const (
	cellMarker = "#### CELL "
	metaMarker = "#### META "
)

// generate returns the nbformat-4 JSON of the chapter whose source is src.
func generate(name, src string) ([]byte, error) {
	lines := strings.Split(src, "\n")
	meta := map[string]any{
		"kernelspec":    map[string]any{"name": "gonb", "display_name": "Go (gonb)", "language": "go"},
		"language_info": map[string]any{"name": "go"},
	}
	if rest, ok := strings.CutPrefix(lines[0], metaMarker); ok {
		var figures, checks int
		if _, err := fmt.Sscanf(rest, "figures=%d checks=%d", &figures, &checks); err != nil {
			return nil, fmt.Errorf("%s.txt:1: %q: want %sfigures=N checks=M", name, lines[0], metaMarker)
		}
		meta["implicitbias"] = map[string]any{"figures": figures, "checks": checks}
		lines = lines[1:]
	}
	cells, err := parse(name, lines)
	if err != nil {
		return nil, err
	}
	nb, err := json.MarshalIndent(map[string]any{
		"nbformat":       4,
		"nbformat_minor": 5,
		"metadata":       meta,
		"cells":          cells,
	}, "", " ")
	if err != nil {
		return nil, err
	}
	return append(nb, '\n'), nil
}

// parse splits the source lines into notebook cells. Code cells carry a
// null execution_count and no outputs, as a committed chapter must.
func parse(name string, lines []string) ([]map[string]any, error) {
	var (
		cells []map[string]any
		kind  string
		body  []string
	)
	flush := func() error {
		if kind == "" {
			return nil
		}
		for len(body) > 0 && strings.TrimSpace(body[0]) == "" {
			body = body[1:]
		}
		for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
			body = body[:len(body)-1]
		}
		source := make([]string, len(body))
		for i, l := range body {
			source[i] = l
			if i < len(body)-1 {
				source[i] += "\n"
			}
		}
		c := map[string]any{
			"cell_type": kind,
			"id":        fmt.Sprintf("%.2s-%02d", name, len(cells)),
			"metadata":  map[string]any{},
			"source":    source,
		}
		if kind == "code" {
			c["execution_count"] = nil
			c["outputs"] = []any{}
		}
		cells = append(cells, c)
		return nil
	}
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, cellMarker); ok {
			if err := flush(); err != nil {
				return nil, err
			}
			kind, body = strings.TrimSpace(rest), nil
			if kind != "markdown" && kind != "code" {
				return nil, fmt.Errorf("%s.txt: line %d: unknown cell kind %q", name, i+1, kind)
			}
			continue
		}
		if kind == "" {
			if strings.TrimSpace(l) != "" {
				return nil, fmt.Errorf("%s.txt: line %d: text before the first cell marker", name, i+1)
			}
			continue
		}
		body = append(body, l)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(cells) == 0 {
		return nil, fmt.Errorf("%s.txt: no cells", name)
	}
	return cells, nil
}
