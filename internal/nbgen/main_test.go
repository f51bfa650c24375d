package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestCommittedMatchesSource fails when a committed chapter was edited
// without its source (or the reverse): the notebook must be exactly what
// `go run ./internal/nbgen` writes.
func TestCommittedMatchesSource(t *testing.T) {
	names, err := chapters("chapters")
	if err != nil || len(names) == 0 {
		t.Fatalf("no chapter sources: %v", err)
	}
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join("chapters", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		formatted, err := formatSource(name, string(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if formatted != string(src) {
			t.Errorf("internal/nbgen/chapters/%s.txt has code that is not gofmt-formatted: run `go run ./internal/nbgen %s`", name, name)
		}
		gen, err := generate(name, string(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		committed, err := os.ReadFile(filepath.Join("..", "..", "notebooks", name+".ipynb"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var a, b any
		if err := json.Unmarshal(gen, &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(committed, &b); err != nil {
			t.Fatalf("%s.ipynb: %v", name, err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("notebooks/%s.ipynb differs from internal/nbgen/chapters/%s.txt: run `go run ./internal/nbgen %s`", name, name, name)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{
		"",
		"stray text\n#### CELL code\nx := 1",
		"#### CELL python\nprint(1)",
		"#### META figures=two checks=1\n#### CELL code\nx",
	} {
		if _, err := generate("99-test", src); err == nil {
			t.Errorf("generate(%q) = nil error, want one", src)
		}
	}
	nb, err := generate("99-test", "#### META figures=2 checks=3\n#### CELL markdown\n# T\n\n#### CELL code\n%%\nfmt.Println(1)\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"figures": 2`, `"checks": 3`, `"execution_count": null`, `"# T"`, `"%%\n"`} {
		if !strings.Contains(string(nb), want) {
			t.Errorf("generated notebook lacks %s:\n%s", want, nb)
		}
	}
}

// TestFormatCode: declarations and statements are formatted separately,
// kernel commands at the top are kept, and an unknown layout is left alone.
func TestFormatCode(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"!*go mod tidy\n\nimport \"fmt\"\nfunc f( ) {fmt.Println( 1 )}", "!*go mod tidy\n\nimport \"fmt\"\n\nfunc f() { fmt.Println(1) }"},
		{"type s struct{\na int\nbcd *int\n}\n%%\nx:=1\nif x>0 {\nfmt.Println(x)\n}", "type s struct {\n\ta   int\n\tbcd *int\n}\n%%\nx := 1\nif x > 0 {\n\tfmt.Println(x)\n}"},
		{"%%\ns := `raw\n\tkept`\n_ = s", "%%\ns := `raw\n\tkept`\n_ = s"},
		{"x := 1\n!ls\ny:=2", "x := 1\n!ls\ny:=2"}, // a command in the middle: unchanged
	} {
		got, err := formatCode(c.in)
		if err != nil || got != c.want {
			t.Errorf("formatCode(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := formatCode("%%\nx := := 1"); err == nil {
		t.Error("formatCode accepted Go that does not parse")
	}
}
