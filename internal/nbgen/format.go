package main

import (
	"fmt"
	"go/format"
	"go/scanner"
	"go/token"
	"strings"
)

// formatCode returns the code cell src formatted by gofmt. A GoNB cell is a
// run of kernel commands ("!…" shell lines and "%…" magics) at its top,
// then Go declarations, then optionally a "%%" line followed by the
// statements of the cell's main function. The declarations are formatted as
// a file, the statements as a function body. A cell with a kernel command
// anywhere else is returned unchanged; Go that does not parse is an error,
// as the kernel would reject it too.
func formatCode(src string) (string, error) {
	lines := strings.Split(src, "\n")
	k := 0
	for k < len(lines) && (isCommand(lines[k]) || strings.TrimSpace(lines[k]) == "") && strings.TrimSpace(lines[k]) != "%%" {
		k++
	}
	head, rest := lines[:k], lines[k:]
	split := -1
	for i, l := range rest {
		switch {
		case strings.TrimSpace(l) == "%%" && split < 0:
			split = i
		case isCommand(l):
			return src, nil // a layout this formatter does not know: leave it
		}
	}
	decls, body := rest, []string(nil)
	if split >= 0 {
		decls, body = rest[:split], rest[split+1:]
	}
	out := append([]string(nil), head...)
	if d, err := formatDecls(strings.Join(decls, "\n")); err != nil {
		return "", err
	} else if d != "" {
		out = append(out, d)
	}
	if split >= 0 {
		b, err := formatBody(strings.Join(body, "\n"))
		if err != nil {
			return "", err
		}
		out = append(out, "%%")
		if b != "" {
			out = append(out, b)
		}
	}
	return strings.Join(out, "\n"), nil
}

// isCommand reports whether a line is a GoNB kernel command.
func isCommand(l string) bool { return strings.HasPrefix(l, "!") || strings.HasPrefix(l, "%") }

// formatDecls formats top-level declarations.
func formatDecls(src string) (string, error) {
	if strings.TrimSpace(src) == "" {
		return "", nil
	}
	const pkg = "package cell\n\n"
	b, err := format.Source([]byte(pkg + src))
	if err != nil {
		return "", fmt.Errorf("declarations: %w", err)
	}
	return strings.TrimSpace(strings.TrimPrefix(string(b), "package cell\n")), nil
}

// formatBody formats the statements after "%%" as a function body and
// removes the body's indentation again.
func formatBody(src string) (string, error) {
	if strings.TrimSpace(src) == "" {
		return "", nil
	}
	const open, close = "package cell\n\nfunc _() {\n", "\n}\n"
	b, err := format.Source([]byte(open + src + close))
	if err != nil {
		return "", fmt.Errorf("statements after %%%%: %w", err)
	}
	// Lines that continue a raw string literal keep their text as it is.
	inRaw := map[int]bool{}
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(b))
	var sc scanner.Scanner
	sc.Init(file, b, nil, 0)
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.STRING && strings.HasPrefix(lit, "`") {
			first := file.Line(pos)
			for l := first + 1; l <= first+strings.Count(lit, "\n"); l++ {
				inRaw[l] = true
			}
		}
	}
	lines := strings.Split(string(b), "\n")
	// Line 1 is "package cell", 3 "func _() {"; the body ends before the
	// closing brace on the last non-empty line.
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	body := lines[3 : len(lines)-1]
	for i, l := range body {
		if !inRaw[i+4] {
			body[i] = strings.TrimPrefix(l, "\t")
		}
	}
	return strings.TrimSpace(strings.Join(body, "\n")), nil
}

// formatSource returns the chapter source src with every code cell
// formatted by formatCode; the markdown cells and the blank lines around
// each cell's text are kept as they are.
func formatSource(name, src string) (string, error) {
	lines := strings.Split(src, "\n")
	var out []string
	code := false
	var body []string
	cell := 0
	flush := func() error {
		if !code {
			out = append(out, body...)
			body = nil
			return nil
		}
		lo, hi := 0, len(body)
		for lo < hi && strings.TrimSpace(body[lo]) == "" {
			lo++
		}
		for hi > lo && strings.TrimSpace(body[hi-1]) == "" {
			hi--
		}
		f, err := formatCode(strings.Join(body[lo:hi], "\n"))
		if err != nil {
			return fmt.Errorf("%s.txt: code cell %d: %w", name, cell, err)
		}
		out = append(out, body[:lo]...)
		if lo < hi {
			out = append(out, strings.Split(f, "\n")...)
		}
		out = append(out, body[hi:]...)
		body = nil
		return nil
	}
	for _, l := range lines {
		if rest, ok := strings.CutPrefix(l, cellMarker); ok {
			if err := flush(); err != nil {
				return "", err
			}
			out = append(out, l)
			code = strings.TrimSpace(rest) == "code"
			if code {
				cell++
			}
			continue
		}
		body = append(body, l)
	}
	if err := flush(); err != nil {
		return "", err
	}
	return strings.Join(out, "\n"), nil
}
