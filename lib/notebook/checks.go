package notebook

import (
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// Kind says how a Check compares the observation with the prediction.
type Kind int

const (
	// Relative passes when |observed − predicted| ≤ Tol·|predicted|.
	// A prediction of exactly zero therefore demands an exact zero;
	// use Absolute for quantities that should vanish.
	Relative Kind = iota
	// Absolute passes when |observed − predicted| ≤ Tol.
	Absolute
	// AtMost passes when observed ≤ predicted (an upper bound).
	AtMost
	// AtLeast passes when observed ≥ predicted (a lower bound).
	AtLeast
	// Claim is a yes/no statement; Detail describes what was observed.
	Claim
)

// String returns the kind's short name as used in the CHECK lines.
func (k Kind) String() string {
	switch k {
	case Relative:
		return "rel"
	case Absolute:
		return "abs"
	case AtMost:
		return "max"
	case AtLeast:
		return "min"
	case Claim:
		return "claim"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Check is one row of a predicted-versus-observed table.
type Check struct {
	Name      string
	Kind      Kind
	Predicted float64 // prediction, or the bound for AtMost/AtLeast; unused by Claim
	Observed  float64 // unused by Claim
	Tol       float64 // tolerance of Relative and Absolute checks
	Detail    string  // optional words shown with the row; the observation for a Claim
	Pass      bool
}

// Err returns the error that is compared with the tolerance: the relative
// error for Relative, the absolute error for Absolute, the violation
// observed − bound (AtMost) or bound − observed (AtLeast), which passes
// when ≤ 0, and NaN for a Claim.
func (c Check) Err() float64 {
	d := c.Observed - c.Predicted
	switch c.Kind {
	case Relative:
		if d == 0 {
			return 0
		}
		return math.Abs(d) / math.Abs(c.Predicted)
	case Absolute:
		return math.Abs(d)
	case AtMost:
		return d
	case AtLeast:
		return -d
	}
	return math.NaN()
}

// Checks collects the predicted-versus-observed rows of one experiment.
// Add rows with Relative, Absolute, AtMost, AtLeast and Claim, then call
// Show. The zero value is ready to use.
//
// A nil *Checks is an empty table that cannot hold rows: its add methods
// record nothing and return false (a check that is not recorded is not
// reported as passed), and its other methods behave as for an empty table.
type Checks struct {
	Title string
	rows  []Check
}

// NewChecks returns an empty table with the given title.
func NewChecks(title string) *Checks { return &Checks{Title: title} }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// badTol returns why tol is unusable as a tolerance, or "" if it is fine.
// A bad tolerance fails its row (with this reason as the detail) instead of
// panicking: a student editing a cell should see a ✘ that says why.
func badTol(tol float64) string {
	if !(tol > 0) || math.IsInf(tol, 1) {
		return fmt.Sprintf("invalid tolerance %v: must be positive and finite", tol)
	}
	return ""
}

func (c *Checks) add(r Check) bool {
	if c == nil {
		return false
	}
	c.rows = append(c.rows, r)
	return r.Pass
}

// Relative adds a row that passes when |observed − predicted| ≤ tol·|predicted|
// and reports whether it passed. A non-finite observation or prediction
// fails, and so does a tolerance that is not positive and finite.
func (c *Checks) Relative(name string, predicted, observed, tol float64) bool {
	r := Check{Name: name, Kind: Relative, Predicted: predicted, Observed: observed, Tol: tol, Detail: badTol(tol)}
	r.Pass = r.Detail == "" && finite(predicted) && finite(observed) && math.Abs(observed-predicted) <= tol*math.Abs(predicted)
	return c.add(r)
}

// Absolute adds a row that passes when |observed − predicted| ≤ tol and
// reports whether it passed. A non-finite observation or prediction fails.
// A tolerance that is not positive and finite fails the row.
func (c *Checks) Absolute(name string, predicted, observed, tol float64) bool {
	r := Check{Name: name, Kind: Absolute, Predicted: predicted, Observed: observed, Tol: tol, Detail: badTol(tol)}
	r.Pass = r.Detail == "" && finite(predicted) && finite(observed) && math.Abs(observed-predicted) <= tol
	return c.add(r)
}

// AtMost adds a row that passes when observed ≤ bound and reports whether
// it passed. NaN fails; an infinite bound is allowed.
func (c *Checks) AtMost(name string, bound, observed float64) bool {
	r := Check{Name: name, Kind: AtMost, Predicted: bound, Observed: observed}
	r.Pass = !math.IsNaN(bound) && !math.IsNaN(observed) && observed <= bound
	return c.add(r)
}

// AtLeast adds a row that passes when observed ≥ bound and reports whether
// it passed. NaN fails; an infinite bound is allowed.
func (c *Checks) AtLeast(name string, bound, observed float64) bool {
	r := Check{Name: name, Kind: AtLeast, Predicted: bound, Observed: observed}
	r.Pass = !math.IsNaN(bound) && !math.IsNaN(observed) && observed >= bound
	return c.add(r)
}

// Claim adds a yes/no row: ok is whether the claim held, detail says what
// was observed (for example "support {2, 7} = true support"). It reports ok.
func (c *Checks) Claim(name string, ok bool, detail string) bool {
	return c.add(Check{Name: name, Kind: Claim, Detail: detail, Pass: ok})
}

// Note sets the Detail shown with the last row added; it does nothing on
// an empty table.
func (c *Checks) Note(detail string) {
	if c == nil {
		return
	}
	if n := len(c.rows); n > 0 {
		c.rows[n-1].Detail = detail
	}
}

// Rows returns a copy of the rows in the order they were added.
func (c *Checks) Rows() []Check {
	if c == nil {
		return nil
	}
	return append([]Check(nil), c.rows...)
}

// Passed returns the number of rows that passed.
func (c *Checks) Passed() int {
	if c == nil {
		return 0
	}
	n := 0
	for _, r := range c.rows {
		if r.Pass {
			n++
		}
	}
	return n
}

// Failed returns the number of rows that failed.
func (c *Checks) Failed() int {
	if c == nil {
		return 0
	}
	return len(c.rows) - c.Passed()
}

// AllPass reports whether every row passed (true for an empty table).
func (c *Checks) AllPass() bool { return c.Failed() == 0 }

// Summary returns the machine-readable summary line, without newline:
// "CHECKS: 3 pass, 0 fail".
func (c *Checks) Summary() string {
	return fmt.Sprintf("CHECKS: %d pass, %d fail", c.Passed(), c.Failed())
}

// num formats a value for people: six significant digits.
func num(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// errNum formats an error or tolerance for people: two significant digits.
func errNum(v float64) string { return strconv.FormatFloat(v, 'g', 2, 64) }

// Line returns the machine-readable line of one row, without newline, e.g.
//
//	CHECK PASS "ℓ1 norm" predicted=2.5 observed=2.5000001 err=4e-08 tol=rel:1e-06
//
// Predictions, observations and tolerances are printed exactly (shortest
// round-trip form), the error with three significant digits.
func (r Check) Line() string {
	mark := "FAIL"
	if r.Pass {
		mark = "PASS"
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var b strings.Builder
	fmt.Fprintf(&b, "CHECK %s %s", mark, strconv.Quote(r.Name))
	switch r.Kind {
	case Claim:
		fmt.Fprintf(&b, " claim=%t", r.Pass)
	case AtMost, AtLeast:
		fmt.Fprintf(&b, " bound=%s observed=%s %s", g(r.Predicted), g(r.Observed), r.Kind)
	default:
		fmt.Fprintf(&b, " predicted=%s observed=%s err=%s tol=%s:%s",
			g(r.Predicted), g(r.Observed), strconv.FormatFloat(r.Err(), 'g', 3, 64), r.Kind, g(r.Tol))
	}
	if r.Detail != "" {
		fmt.Fprintf(&b, " detail=%s", strconv.Quote(r.Detail))
	}
	return b.String()
}

// Text returns the plain-text rendering: an optional "## title" line, one
// CHECK line per row and the summary line, each ending in a newline.
func (c *Checks) Text() string {
	var b strings.Builder
	if c == nil {
		return c.Summary() + "\n"
	}
	if c.Title != "" {
		b.WriteString("## " + c.Title + "\n")
	}
	for _, r := range c.rows {
		b.WriteString(r.Line() + "\n")
	}
	b.WriteString(c.Summary() + "\n")
	return b.String()
}

// WriteText writes Text to w; a nil w is an error wrapping
// ErrInvalidInput.
func (c *Checks) WriteText(w io.Writer) error {
	if w == nil {
		return fmt.Errorf("notebook: Checks.WriteText: the writer is nil: %w", ErrInvalidInput)
	}
	_, err := io.WriteString(w, c.Text())
	return err
}

// cells returns the human-readable prediction, observation and tolerance.
func (r Check) cells() (pred, obs, tol string) {
	switch r.Kind {
	case Claim:
		return "holds", r.Detail, "—"
	case AtMost:
		return "≤ " + num(r.Predicted), num(r.Observed), "bound"
	case AtLeast:
		return "≥ " + num(r.Predicted), num(r.Observed), "bound"
	case Relative:
		return num(r.Predicted), num(r.Observed), "rel. err " + errNum(r.Err()) + " ≤ " + errNum(r.Tol)
	default:
		return num(r.Predicted), num(r.Observed), "abs. err " + errNum(r.Err()) + " ≤ " + errNum(r.Tol)
	}
}

// HTML returns the table as an HTML fragment: one row per check with a
// green ✔ or red ✘, and a caption with the title and the counts.
func (c *Checks) HTML() string {
	if c == nil {
		c = &Checks{}
	}
	var b strings.Builder
	b.WriteString(`<table class="ib-checks" style="border-collapse:collapse;font-size:90%">`)
	caption := c.Summary()
	if c.Title != "" {
		caption = c.Title + " — " + fmt.Sprintf("%d pass, %d fail", c.Passed(), c.Failed())
	}
	fmt.Fprintf(&b, `<caption style="text-align:left;font-weight:bold">%s</caption>`, html.EscapeString(caption))
	b.WriteString(`<tr><th></th><th style="text-align:left">check</th><th>predicted</th><th>observed</th><th>tolerance</th></tr>`)
	for _, r := range c.rows {
		mark := `<span style="color:#1a7f37">✔</span>`
		if !r.Pass {
			mark = `<span style="color:#cf222e">✘</span>`
		}
		pred, obs, tol := r.cells()
		name := html.EscapeString(r.Name)
		if r.Detail != "" && r.Kind != Claim {
			name += `<br><small>` + html.EscapeString(r.Detail) + `</small>`
		}
		fmt.Fprintf(&b, `<tr><td>%s</td><td style="text-align:left">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>`,
			mark, name, html.EscapeString(pred), html.EscapeString(obs), html.EscapeString(tol))
	}
	b.WriteString(`</table>`)
	return b.String()
}

// Show displays the table. In the notebook it shows the HTML table (with
// Text as its plain-text alternative, which the notebook tests read) and
// prints the summary line; in a plain program it prints Text to stdout.
func (c *Checks) Show() {
	if IsNotebook() {
		showRich(c.HTML(), c.Text())
		fmt.Println(c.Summary())
		return
	}
	c.WriteText(os.Stdout)
}
