package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cell builds a notebook cell as nbformat JSON would hold it.
func cell(kind, src string, outputs ...map[string]any) map[string]any {
	c := map[string]any{"cell_type": kind, "id": "id" + src[:min(len(src), 6)], "metadata": map[string]any{}, "source": src}
	if kind == "code" {
		c["outputs"] = append([]map[string]any{}, outputs...)
		c["execution_count"] = nil
	}
	return c
}

// goodNotebook returns a committed notebook that follows every convention.
func goodNotebook() map[string]any {
	return map[string]any{
		"nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{
			"kernelspec":    map[string]any{"name": "gonb", "display_name": "Go (gonb)", "language": "go"},
			"language_info": map[string]any{"name": "go"},
			"implicitbias":  map[string]any{"figures": 1, "checks": 2},
		},
		"cells": []any{
			cell("markdown", "# Title"),
			cell("code", SetupCell+"\n"),
			cell("code", "%%\nfmt.Println(1)"),
		},
	}
}

// write stores nb as name in a temporary folder and returns its path.
func write(t *testing.T, name string, nb map[string]any) string {
	t.Helper()
	b, err := json.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func committedErrors(t *testing.T, name string, nb map[string]any) []string {
	t.Helper()
	p := write(t, name, nb)
	parsed, err := readNotebook(p)
	if err != nil {
		t.Fatal(err)
	}
	return checkCommitted(p, parsed)
}

func codeCell(nb map[string]any, i int) map[string]any {
	return nb["cells"].([]any)[i].(map[string]any)
}

func TestCommitted(t *testing.T) {
	if errs := committedErrors(t, "00-good.ipynb", goodNotebook()); len(errs) != 0 {
		t.Fatalf("good notebook: %q", errs)
	}
	tests := []struct {
		name   string
		file   string
		mutate func(nb map[string]any)
		want   string
	}{
		{"bad name", "Chapter1.ipynb", func(map[string]any) {}, "file name"},
		{"nbformat 3", "00-x.ipynb", func(nb map[string]any) { nb["nbformat"] = 3 }, "nbformat 3.5"},
		{"python kernel", "00-x.ipynb", func(nb map[string]any) {
			nb["metadata"].(map[string]any)["kernelspec"] = map[string]any{"name": "python3", "display_name": "Python 3", "language": "python"}
		}, "kernelspec"},
		{"language", "00-x.ipynb", func(nb map[string]any) {
			nb["metadata"].(map[string]any)["language_info"] = map[string]any{"name": "python"}
		}, "language_info"},
		{"no declaration", "00-x.ipynb", func(nb map[string]any) { delete(nb["metadata"].(map[string]any), "implicitbias") }, "metadata.implicitbias missing"},
		{"bad declaration", "00-x.ipynb", func(nb map[string]any) {
			nb["metadata"].(map[string]any)["implicitbias"] = map[string]any{"figures": 1.5, "checks": 0}
		}, "implicitbias.figures"},
		{"outputs", "00-x.ipynb", func(nb map[string]any) {
			codeCell(nb, 2)["outputs"] = []any{map[string]any{"output_type": "stream", "name": "stdout", "text": "1\n"}}
		}, "committed outputs"},
		{"execution count", "00-x.ipynb", func(nb map[string]any) { codeCell(nb, 2)["execution_count"] = 3 }, "execution_count 3"},
		{"timing metadata", "00-x.ipynb", func(nb map[string]any) {
			codeCell(nb, 2)["metadata"] = map[string]any{"execution": map[string]any{}}
		}, "metadata.execution"},
		{"setup cell changed", "00-x.ipynb", func(nb map[string]any) { codeCell(nb, 1)["source"] = "!*go get github.com/implicitbias/course" }, "not the setup cell"},
		{"setup cell with extra code", "00-x.ipynb", func(nb map[string]any) { codeCell(nb, 1)["source"] = SetupCell + "\n%%\nfmt.Println()" }, "not the setup cell"},
		{"duplicate ids", "00-x.ipynb", func(nb map[string]any) { codeCell(nb, 2)["id"] = codeCell(nb, 1)["id"] }, "already used"},
	}
	for _, tt := range tests {
		nb := goodNotebook()
		tt.mutate(nb)
		errs := committedErrors(t, tt.file, nb)
		if !strings.Contains(strings.Join(errs, "\n"), tt.want) {
			t.Errorf("%s: errors %q, want one containing %q", tt.name, errs, tt.want)
		}
	}
}

func TestSourceAsList(t *testing.T) {
	nb := goodNotebook()
	codeCell(nb, 1)["source"] = []string{SetupCell[:20], SetupCell[20:]}
	if errs := committedErrors(t, "00-x.ipynb", nb); len(errs) != 0 {
		t.Errorf("setup cell split over lines: %q", errs)
	}
}

func pngBase64(t *testing.T, w, h int) string {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// executedNotebook returns goodNotebook as executed: counts, a figure, two
// passing checks (rows in a display's text/plain, summary on stdout) and
// timings.
func executedNotebook(t *testing.T) map[string]any {
	nb := goodNotebook()
	for i, sec := range []float64{0.1, 2.5} {
		c := codeCell(nb, i+1)
		c["execution_count"] = i + 1
		c["metadata"] = map[string]any{"ib_seconds": sec}
	}
	codeCell(nb, 2)["outputs"] = []any{
		map[string]any{"output_type": "display_data", "metadata": map[string]any{}, "data": map[string]any{"image/png": pngBase64(t, 64, 48)}},
		map[string]any{"output_type": "display_data", "metadata": map[string]any{}, "data": map[string]any{
			"text/html":  "<table></table>",
			"text/plain": []string{"## t\n", `CHECK PASS "a b" predicted=1 observed=1 err=0 tol=rel:1e-06` + "\n", `CHECK PASS "c" claim=true` + "\n", "CHECKS: 2 pass, 0 fail\n"},
		}},
		map[string]any{"output_type": "stream", "name": "stdout", "text": "CHECKS: 2 pass, 0 fail\n"},
	}
	return nb
}

func executedReport(t *testing.T, nb map[string]any) (Report, []string) {
	t.Helper()
	p := write(t, "00-x.ipynb", nb)
	parsed, err := readNotebook(p)
	if err != nil {
		t.Fatal(err)
	}
	return checkExecuted(p, parsed)
}

func TestExecuted(t *testing.T) {
	r, errs := executedReport(t, executedNotebook(t))
	if len(errs) != 0 {
		t.Fatalf("good executed notebook: %q", errs)
	}
	if r.Figures != 1 || r.Pass != 2 || r.Fail != 0 || r.SlowCell != 2 || len(r.Seconds) != 2 {
		t.Errorf("report %+v: want 1 figure, 2 passes, slowest cell 2, 2 timings", r)
	}
	addOutput := func(o map[string]any) func(nb map[string]any) {
		return func(nb map[string]any) {
			c := codeCell(nb, 2)
			c["outputs"] = append(c["outputs"].([]any), o)
		}
	}
	tests := []struct {
		name   string
		mutate func(nb map[string]any)
		want   string
	}{
		{"error output", addOutput(map[string]any{"output_type": "error", "ename": "ERROR", "evalue": "failed to run go build", "traceback": []string{}}), "error output ERROR"},
		{"failed ! command", addOutput(map[string]any{"output_type": "stream", "name": "stderr", "text": "exit status 1\n"}), "failure on stderr"},
		{"panic", addOutput(map[string]any{"output_type": "stream", "name": "stderr", "text": "panic: boom\n\ngoroutine 1"}), "failure on stderr"},
		{"failing check row", addOutput(map[string]any{"output_type": "stream", "name": "stdout", "text": `CHECK FAIL "x" predicted=1 observed=2 err=1 tol=abs:0.1` + "\n"}), "1 CHECK FAIL rows"},
		{"failing summary only", addOutput(map[string]any{"output_type": "stream", "name": "stdout", "text": "CHECKS: 4 pass, 1 fail\n"}), "1 CHECKS summaries with failures"},
		{"not executed", func(nb map[string]any) { codeCell(nb, 2)["execution_count"] = nil }, "not executed"},
		{"too few figures", func(nb map[string]any) {
			nb["metadata"].(map[string]any)["implicitbias"] = map[string]any{"figures": 2, "checks": 2}
		}, "1 PNG figures, the notebook declares 2"},
		{"too few checks", func(nb map[string]any) {
			nb["metadata"].(map[string]any)["implicitbias"] = map[string]any{"figures": 1, "checks": 3}
		}, "2 passing CHECK rows, the notebook declares 3"},
		{"broken png", addOutput(map[string]any{"output_type": "display_data", "data": map[string]any{"image/png": "aGVsbG8="}}), "not a PNG"},
		{"tiny png", addOutput(map[string]any{"output_type": "display_data", "data": map[string]any{"image/png": pngBase64(t, 4, 4)}}), "too small"},
	}
	for _, tt := range tests {
		nb := executedNotebook(t)
		tt.mutate(nb)
		_, errs := executedReport(t, nb)
		if !strings.Contains(strings.Join(errs, "\n"), tt.want) {
			t.Errorf("%s: errors %q, want one containing %q", tt.name, errs, tt.want)
		}
	}
	// Harmless stderr is reported, not failed.
	nb := executedNotebook(t)
	addOutput(map[string]any{"output_type": "stream", "name": "stderr", "text": "go: downloading gonum.org/v1/gonum v0.17.0\n"})(nb)
	r, errs = executedReport(t, nb)
	if len(errs) != 0 || len(r.Stderr) != 1 {
		t.Errorf("harmless stderr: errors %q, stderr %q", errs, r.Stderr)
	}
}
