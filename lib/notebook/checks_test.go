package notebook

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
)

// passCase is a row added to an empty table and whether it must pass.
type passCase struct {
	name string
	add  func(c *Checks) bool
	want bool
}

func TestChecksPassFail(t *testing.T) {
	inf := math.Inf(1)
	nan := math.NaN()
	tests := []passCase{
		// Relative: the boundary |o−p| = tol·|p| passes (≤); 1.5 vs 1 has rel. error 0.5.
		{"rel inside", func(c *Checks) bool { return c.Relative("r", 2, 2.001, 1e-3) }, true},
		{"rel boundary", func(c *Checks) bool { return c.Relative("r", 4, 5, 0.25) }, true},
		{"rel outside", func(c *Checks) bool { return c.Relative("r", 1, 1.5, 0.4) }, false},
		{"rel negative prediction", func(c *Checks) bool { return c.Relative("r", -10, -10.5, 0.1) }, true},
		{"rel zero prediction exact", func(c *Checks) bool { return c.Relative("r", 0, 0, 1e-9) }, true},
		{"rel zero prediction inexact", func(c *Checks) bool { return c.Relative("r", 0, 1e-300, 1e-9) }, false},
		{"rel NaN observed", func(c *Checks) bool { return c.Relative("r", 1, nan, 1) }, false},
		{"rel Inf observed", func(c *Checks) bool { return c.Relative("r", inf, inf, 1) }, false},
		{"abs inside", func(c *Checks) bool { return c.Absolute("a", 0, -1e-10, 1e-9) }, true},
		{"abs boundary", func(c *Checks) bool { return c.Absolute("a", 1, 1.5, 0.5) }, true}, // |o−p| = tol exactly (binary fractions)
		{"abs boundary below", func(c *Checks) bool { return c.Absolute("a", 1, 0.5, 0.5) }, true},
		{"abs outside", func(c *Checks) bool { return c.Absolute("a", 1, 1.1, 0.05) }, false},
		{"abs NaN", func(c *Checks) bool { return c.Absolute("a", nan, 0, 1) }, false},
		{"at most", func(c *Checks) bool { return c.AtMost("m", 1e-8, 3e-9) }, true},
		{"at most equal", func(c *Checks) bool { return c.AtMost("m", 2, 2) }, true},
		{"at most violated", func(c *Checks) bool { return c.AtMost("m", 1e-8, 3e-8) }, false},
		{"at most infinite bound", func(c *Checks) bool { return c.AtMost("m", inf, 1e300) }, true},
		{"at most NaN", func(c *Checks) bool { return c.AtMost("m", 1, nan) }, false},
		{"at least", func(c *Checks) bool { return c.AtLeast("m", 2, 3) }, true},
		{"at least violated", func(c *Checks) bool { return c.AtLeast("m", 2, 1) }, false},
		{"at least equal", func(c *Checks) bool { return c.AtLeast("m", 2, 2) }, true},
		{"at least infinite bound", func(c *Checks) bool { return c.AtLeast("m", -inf, -1e300) }, true},
		{"at least NaN", func(c *Checks) bool { return c.AtLeast("m", nan, 1) }, false},
		{"claim true", func(c *Checks) bool { return c.Claim("c", true, "ok") }, true},
		{"claim false", func(c *Checks) bool { return c.Claim("c", false, "no") }, false},
	}
	// Boundaries: each comparison passes at equality and fails one ulp
	// beyond it, which kills a mutant of ≤ into < (or ≥ into >) and one
	// that loosens the bound by any amount.
	up := func(v float64) float64 { return math.Nextafter(v, inf) }
	down := func(v float64) float64 { return math.Nextafter(v, -inf) }
	for _, v := range []float64{0, 1, -2.5, 1e-300, 3e300} {
		tests = append(tests,
			passCase{fmt.Sprintf("at least %g equal", v), func(c *Checks) bool { return c.AtLeast("m", v, v) }, true},
			passCase{fmt.Sprintf("at least %g one ulp below", v), func(c *Checks) bool { return c.AtLeast("m", v, down(v)) }, false},
			passCase{fmt.Sprintf("at most %g equal", v), func(c *Checks) bool { return c.AtMost("m", v, v) }, true},
			passCase{fmt.Sprintf("at most %g one ulp above", v), func(c *Checks) bool { return c.AtMost("m", v, up(v)) }, false},
		)
	}
	// Absolute and Relative at exactly tol (all values binary fractions,
	// so that |o−p| and tol·|p| are exact) and one ulp beyond.
	for _, b := range []struct{ p, o, tol float64 }{{1, 1.5, 0.5}, {-4, -5, 0.25}, {8, 6, 0.25}, {0.75, 0.84375, 0.125}} {
		tests = append(tests,
			passCase{fmt.Sprintf("abs %v equal", b), func(c *Checks) bool { return c.Absolute("a", b.p, b.o, math.Abs(b.o-b.p)) }, true},
			passCase{fmt.Sprintf("abs %v one ulp short", b), func(c *Checks) bool { return c.Absolute("a", b.p, b.o, down(math.Abs(b.o-b.p))) }, false},
			passCase{fmt.Sprintf("rel %v equal", b), func(c *Checks) bool { return c.Relative("r", b.p, b.o, b.tol) }, true},
			passCase{fmt.Sprintf("rel %v one ulp short", b), func(c *Checks) bool { return c.Relative("r", b.p, b.o, down(b.tol)) }, false},
		)
	}
	for _, tt := range tests {
		var c Checks
		got := tt.add(&c)
		if got != tt.want {
			t.Errorf("%s: returned %t, want %t", tt.name, got, tt.want)
		}
		if rows := c.Rows(); len(rows) != 1 || rows[0].Pass != tt.want {
			t.Errorf("%s: stored row %+v, want Pass=%t", tt.name, rows, tt.want)
		}
	}
}

func TestChecksCounts(t *testing.T) {
	c := NewChecks("demo")
	if !c.AllPass() || c.Summary() != "CHECKS: 0 pass, 0 fail" {
		t.Errorf("empty table: AllPass=%t summary %q", c.AllPass(), c.Summary())
	}
	c.Relative("a", 1, 1, 1e-12)
	c.Absolute("b", 0, 1, 0.5)
	c.Claim("c", true, "")
	if c.Passed() != 2 || c.Failed() != 1 || c.AllPass() {
		t.Errorf("Passed=%d Failed=%d AllPass=%t, want 2, 1, false", c.Passed(), c.Failed(), c.AllPass())
	}
	if got, want := c.Summary(), "CHECKS: 2 pass, 1 fail"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}

func TestCheckErr(t *testing.T) {
	var c Checks
	c.Relative("r", -4, -5, 1)
	c.Absolute("a", 3, 1, 5)
	c.AtMost("m", 1, 3)
	c.AtLeast("l", 1, 3)
	c.Claim("c", true, "")
	want := []float64{0.25, 2, 2, -2}
	for i, r := range c.Rows()[:4] {
		if r.Err() != want[i] {
			t.Errorf("row %d (%v): Err = %v, want %v", i, r.Kind, r.Err(), want[i])
		}
	}
	if !math.IsNaN(c.Rows()[4].Err()) {
		t.Errorf("claim Err = %v, want NaN", c.Rows()[4].Err())
	}
}

func TestInvalidToleranceFails(t *testing.T) {
	for _, tol := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		var c Checks
		// Exact agreement would pass with any valid tolerance.
		if c.Relative("x", 1, 1, tol) || c.Absolute("y", 1, 1, tol) {
			t.Errorf("tol %v: row passed, want a failing row", tol)
		}
		for _, r := range c.Rows() {
			if !strings.Contains(r.Detail, "invalid tolerance") {
				t.Errorf("tol %v: detail %q does not say why the row failed", tol, r.Detail)
			}
		}
	}
}

// lineRE is the grammar the notebook tests (cmd/nbcheck) rely on.
var lineRE = regexp.MustCompile(`^CHECK (PASS|FAIL) ("(?:[^"\\]|\\.)*") (.*)$`)

func TestTextIsMachineReadable(t *testing.T) {
	c := NewChecks("ℓ1 \"bias\"")
	c.Relative(`name with "quotes" and spaces`, 2.5, 2.5000001, 1e-6)
	c.AtMost("KKT residual", 1e-8, 2e-9)
	c.Claim("support", false, "found {1, 3}")
	c.Note("expected {1, 2}")
	lines := strings.Split(strings.TrimSuffix(c.Text(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("Text has %d lines, want title + 3 rows + summary:\n%s", len(lines), c.Text())
	}
	if lines[0] != `## ℓ1 "bias"` {
		t.Errorf("title line %q", lines[0])
	}
	wantMark := []string{"PASS", "PASS", "FAIL"}
	for i, l := range lines[1:4] {
		m := lineRE.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("line %q does not match %v", l, lineRE)
			continue
		}
		if m[1] != wantMark[i] {
			t.Errorf("line %q: mark %s, want %s", l, m[1], wantMark[i])
		}
	}
	if !strings.Contains(lines[1], `"name with \"quotes\" and spaces"`) ||
		!strings.Contains(lines[1], "predicted=2.5 observed=2.5000001") ||
		!strings.Contains(lines[1], "tol=rel:1e-06") {
		t.Errorf("relative line lacks its fields: %q", lines[1])
	}
	if !strings.Contains(lines[2], "bound=1e-08 observed=2e-09 max") {
		t.Errorf("bound line lacks its fields: %q", lines[2])
	}
	if !strings.Contains(lines[3], `claim=false detail="expected {1, 2}"`) {
		t.Errorf("claim line lacks its fields: %q", lines[3])
	}
	if lines[4] != "CHECKS: 2 pass, 1 fail" {
		t.Errorf("summary line %q", lines[4])
	}
}

func TestHTMLMarksAndEscaping(t *testing.T) {
	c := NewChecks("a<b")
	c.Relative("x<y", 1, 1, 1e-9)
	c.Absolute("z", 0, 1, 1e-3)
	h := c.HTML()
	if strings.Count(h, "✔") != 1 || strings.Count(h, "✘") != 1 {
		t.Errorf("want one ✔ and one ✘ in %s", h)
	}
	if strings.Contains(h, "x<y") || !strings.Contains(h, "x&lt;y") || !strings.Contains(h, "a&lt;b") {
		t.Errorf("names not escaped: %s", h)
	}
	if !strings.Contains(h, "1 pass, 1 fail") {
		t.Errorf("caption lacks counts: %s", h)
	}
	// The absolute error 1 against tolerance 0.001 is shown with two digits.
	if !strings.Contains(h, "abs. err 1 ≤ 0.001") {
		t.Errorf("tolerance cell missing: %s", h)
	}
}
