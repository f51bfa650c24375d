package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// SetupCell is the exact source of every chapter's first code cell: it makes
// the kernel's module require this repository's module at the zero
// pseudo-version and replace it with the checked-out folder (the parent of
// the notebook folder, $GONB_DIR), so that notebooks use the library as it
// is in the working tree, never a published copy.
const SetupCell = `!*go mod edit -require github.com/implicitbias/course@v0.0.0-00010101000000-000000000000 -replace "github.com/implicitbias/course=$(cd "${GONB_DIR}/.." && pwd)"`

// Expect is a chapter's declaration, in its metadata under "implicitbias",
// of what executing it must produce.
type Expect struct {
	Figures int // PNG images, at least
	Checks  int // passing CHECK rows, at least
}

var nameRE = regexp.MustCompile(`^[0-9]{2}-[a-z0-9-]+\.ipynb$`)

// expectOf reads the "implicitbias" metadata: {"figures": n, "checks": m}.
func expectOf(nb *Notebook) (Expect, error) {
	m, ok := nb.Metadata["implicitbias"].(map[string]any)
	if !ok {
		return Expect{}, fmt.Errorf(`metadata.implicitbias missing: declare {"figures": n, "checks": m}`)
	}
	get := func(k string) (int, error) {
		v, ok := m[k].(float64)
		if !ok || v < 0 || v != float64(int(v)) {
			return 0, fmt.Errorf("metadata.implicitbias.%s = %v: want a non-negative integer", k, m[k])
		}
		return int(v), nil
	}
	f, err := get("figures")
	if err != nil {
		return Expect{}, err
	}
	c, err := get("checks")
	if err != nil {
		return Expect{}, err
	}
	return Expect{Figures: f, Checks: c}, nil
}

// checkFormat checks what committed and executed notebooks share: format
// version, kernelspec, language, cell types and ids, the setup cell and
// the metadata declaration.
func checkFormat(path string, nb *Notebook) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if !nameRE.MatchString(filepath.Base(path)) {
		bad("file name %q: want NN-lowercase-words.ipynb", filepath.Base(path))
	}
	if nb.NBFormat != 4 || nb.NBFormatMinor < 4 {
		bad("nbformat %d.%d: want 4.4 or later 4.x", nb.NBFormat, nb.NBFormatMinor)
	}
	ks, _ := nb.Metadata["kernelspec"].(map[string]any)
	if ks["name"] != "gonb" || ks["language"] != "go" || ks["display_name"] != "Go (gonb)" {
		bad(`metadata.kernelspec = %v: want {"name": "gonb", "display_name": "Go (gonb)", "language": "go"}`, nb.Metadata["kernelspec"])
	}
	li, _ := nb.Metadata["language_info"].(map[string]any)
	if li["name"] != "go" {
		bad("metadata.language_info.name = %v: want go", li["name"])
	}
	if _, err := expectOf(nb); err != nil {
		bad("%v", err)
	}
	ids := map[string]int{}
	firstCode := -1
	for i, c := range nb.Cells {
		switch c.CellType {
		case "code", "markdown", "raw":
		default:
			bad("cell %d: cell_type %q", i, c.CellType)
		}
		if nb.NBFormatMinor >= 5 {
			if c.ID == "" {
				bad("cell %d: no id (required by nbformat 4.5)", i)
			} else if j, dup := ids[c.ID]; dup {
				bad("cell %d: id %q already used by cell %d", i, c.ID, j)
			}
			ids[c.ID] = i
		}
		if c.CellType == "code" && firstCode < 0 {
			firstCode = i
		}
	}
	if firstCode < 0 {
		bad("no code cell: the first code cell must be the setup cell")
	} else if src := strings.TrimSpace(string(nb.Cells[firstCode].Source)); src != SetupCell {
		bad("cell %d (first code cell) is not the setup cell; want exactly:\n    %s", firstCode, SetupCell)
	}
	return errs
}

// checkCommitted checks a notebook as committed: checkFormat plus no
// outputs of any kind.
func checkCommitted(path string, nb *Notebook) []string {
	errs := checkFormat(path, nb)
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	for _, k := range []string{"widgets"} {
		if _, ok := nb.Metadata[k]; ok {
			bad("metadata.%s present: commit notebooks without outputs", k)
		}
	}
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			if _, ok := c.raw["outputs"]; ok {
				bad("cell %d: %s cell has outputs", i, c.CellType)
			}
			continue
		}
		if len(c.Outputs) > 0 {
			bad("cell %d: %d committed outputs (clear them: outputs must be [])", i, len(c.Outputs))
		}
		if _, ok := c.raw["outputs"]; !ok {
			bad("cell %d: code cell without an outputs list", i)
		}
		if c.ExecutionCount != nil {
			bad("cell %d: execution_count %d committed (want null)", i, *c.ExecutionCount)
		}
		for _, k := range []string{"execution", "ib_seconds"} {
			if _, ok := c.Metadata[k]; ok {
				bad("cell %d: metadata.%s committed (execution record)", i, k)
			}
		}
	}
	return errs
}
