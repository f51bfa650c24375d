package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var (
	checkLineRE = regexp.MustCompile(`^CHECK (PASS|FAIL) ("(?:[^"\\]|\\.)*")`)
	summaryRE   = regexp.MustCompile(`^CHECKS: ([0-9]+) pass, ([0-9]+) fail$`)
	// stderrFailRE matches what GoNB writes to stderr when a cell fails
	// without an error reply: a failed ! or !* command ("exit status 1"),
	// an internal error, or a panic of the cell's program.
	stderrFailRE = regexp.MustCompile(`(?m)^(exit status [0-9]+|GoNB Error|panic: |ERROR: |fatal error: )`)
)

// Report is what nbcheck found in one executed notebook.
type Report struct {
	Figures   int       // PNG outputs
	Pass      int       // CHECK PASS rows
	Fail      int       // CHECK FAIL rows
	Summaries int       // "CHECKS: n pass, m fail" lines with m > 0
	Seconds   []float64 // per executed code cell, from metadata.ib_seconds
	SlowCell  int       // index of the slowest code cell (-1 if no timings)
	Stderr    []string  // stderr text that did not look like a failure
	CodeCells int
}

// checkExecuted checks an executed notebook and returns what it found.
func checkExecuted(path string, nb *Notebook) (Report, []string) {
	errs := checkFormat(path, nb)
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	r := Report{SlowCell: -1}
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		r.CodeCells++
		if strings.TrimSpace(string(c.Source)) != "" && c.ExecutionCount == nil {
			bad("cell %d: not executed (execution_count null)", i)
		}
		if s, ok := c.Metadata["ib_seconds"].(float64); ok {
			if r.SlowCell < 0 || s > slices.Max(r.Seconds) {
				r.SlowCell = i
			}
			r.Seconds = append(r.Seconds, s)
		}
		for _, o := range c.Outputs {
			switch o.OutputType {
			case "error":
				bad("cell %d: error output %s: %s", i, o.EName, firstLine(o.EValue))
			case "stream":
				if o.Name == "stderr" {
					if m := stderrFailRE.FindString(string(o.Text)); m != "" {
						bad("cell %d: failure on stderr (%q):\n%s", i, m, indent(string(o.Text)))
					} else if strings.TrimSpace(string(o.Text)) != "" {
						r.Stderr = append(r.Stderr, fmt.Sprintf("cell %d: %s", i, firstLine(string(o.Text))))
					}
				}
				countChecks(string(o.Text), &r)
			case "display_data", "execute_result":
				if raw, ok := o.Data["image/png"]; ok {
					if err := validPNG(raw); err != nil {
						bad("cell %d: image/png output is not a PNG: %v", i, err)
					} else {
						r.Figures++
					}
				}
				countChecks(o.text("text/plain"), &r)
			}
		}
	}
	want, err := expectOf(nb)
	if err != nil {
		return r, errs // already reported by checkFormat
	}
	if r.Fail > 0 || r.Summaries > 0 {
		bad("%d CHECK FAIL rows, %d CHECKS summaries with failures (see the CHECK lines of the executed notebook)", r.Fail, r.Summaries)
	}
	if r.Figures < want.Figures {
		bad("%d PNG figures, the notebook declares %d", r.Figures, want.Figures)
	}
	if r.Pass < want.Checks {
		bad("%d passing CHECK rows, the notebook declares %d", r.Pass, want.Checks)
	}
	return r, errs
}

// countChecks adds the CHECK rows of text, and its summary lines that
// report failures, to r.
func countChecks(text string, r *Report) {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimRight(l, "\r")
		if m := checkLineRE.FindStringSubmatch(l); m != nil {
			if m[1] == "PASS" {
				r.Pass++
			} else {
				r.Fail++
			}
			continue
		}
		if m := summaryRE.FindStringSubmatch(l); m != nil {
			if n, _ := strconv.Atoi(m[2]); n > 0 {
				r.Summaries++
			}
		}
	}
}

// validPNG decodes the base64 PNG of an output and checks its header.
func validPNG(raw json.RawMessage) error {
	var m multiline
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	b, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(m), "\n", ""))
	if err != nil {
		return err
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return err
	}
	if cfg.Width < 16 || cfg.Height < 16 {
		return fmt.Errorf("%d×%d pixels is too small for a figure", cfg.Width, cfg.Height)
	}
	return nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > 20 {
		lines = append(lines[:20], "…")
	}
	return "    " + strings.Join(lines, "\n    ")
}
