package exercises

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Result is the verdict on one answer.
type Result struct {
	Exercise string // e.g. "Ch02.Q1"
	Right    bool
	// Unanswered marks the placeholder an exercise cell starts with (0, an
	// empty or "?" choice, a nil vector): the student has not answered yet,
	// which is shown neutrally, not as a wrong answer.
	Unanswered bool
	Message    string // what is right, or what is off — never the solution
	Hint       string // a pointer towards the solution, shown when not right
}

// Right returns a Result for a correct answer.
func Right(exercise, message string) Result {
	return Result{Exercise: exercise, Right: true, Message: message}
}

// NotYet returns a Result for an answer that is not (yet) correct.
func NotYet(exercise, message, hint string) Result {
	return Result{Exercise: exercise, Message: message, Hint: hint}
}

// Unanswered returns a Result for an exercise cell still holding its
// placeholder; message says what to fill in.
func Unanswered(exercise, message string) Result {
	return Result{Exercise: exercise, Unanswered: true, Message: message}
}

// String renders the verdict on one line:
//
//	Ch02.Q1 ✔ right: the ℓ1 norm is within 1e-06 of the answer
//	Ch02.Q1 ✘ not yet: the ℓ1 norm is too large (hint: …)
//	Ch02.Q1 … not answered yet: replace 0 by your value and run the cell again
func (r Result) String() string {
	var b strings.Builder
	if r.Exercise != "" {
		b.WriteString(r.Exercise + " ")
	}
	if r.Right {
		b.WriteString("✔ right: " + r.Message)
		return b.String()
	}
	if r.Unanswered {
		b.WriteString("… not answered yet: " + r.Message)
		return b.String()
	}
	b.WriteString("✘ not yet: " + r.Message)
	if r.Hint != "" {
		b.WriteString(" (hint: " + r.Hint + ")")
	}
	return b.String()
}

// Report prints r on its own line to stdout and returns it; check
// functions end with `return Report(...)`.
func Report(r Result) Result {
	fmt.Fprintln(os.Stdout, r.String())
	return r
}

// off says in which direction got misses want: "too large", "too small",
// or "not a finite number". It reveals nothing else about want.
func off(got, want float64) string {
	switch {
	case math.IsNaN(got) || math.IsInf(got, 0):
		return "not a finite number"
	case got > want:
		return "too large"
	default:
		return "too small"
	}
}

// within reports whether |got − want| ≤ tol·max(|want|, floor); the floor
// keeps answers near zero from needing an exact zero.
func within(got, want, tol, floor float64) bool {
	if math.IsNaN(got) || math.IsInf(got, 0) {
		return false
	}
	return math.Abs(got-want) <= tol*math.Max(math.Abs(want), floor)
}

// CheckNumber checks a numerical answer got against want with relative
// tolerance tol (absolute below |want| < 1e-12, where it compares with
// tol·1e-12). what names the quantity in the message ("the step size").
// A wrong answer is told only whether it is too large or too small. It
// panics if tol is not positive: that is a bug in the check, not in the answer.
//
// An exact 0 when the answer is not 0 is the placeholder exercise cells
// start with: it is reported as unanswered, not as wrong.
func CheckNumber(exercise, what string, got, want, tol float64, hint string) Result {
	if !(tol > 0) {
		panic(fmt.Sprintf("exercises: %s: tolerance must be positive, got %v", exercise, tol))
	}
	if got == 0 && want != 0 {
		return Unanswered(exercise, fmt.Sprintf("replace 0 by %s and run the cell again", what))
	}
	if within(got, want, tol, 1e-12) {
		return Right(exercise, fmt.Sprintf("%s = %s is within a relative %s of the answer", what, fmtNum(got), fmtNum(tol)))
	}
	return NotYet(exercise, fmt.Sprintf("%s = %s is %s", what, fmtNum(got), off(got, want)), hint)
}

// CheckVector checks a vector answer against want: the lengths must agree
// and ‖got − want‖₂ ≤ tol·max(‖want‖₂, 1e-12). A wrong answer is told the
// lengths, or the index of the entry that is furthest off and in which
// direction, never the expected entries.
//
// A nil or empty got is the placeholder: it is reported as unanswered.
func CheckVector(exercise, what string, got, want []float64, tol float64, hint string) Result {
	if !(tol > 0) {
		panic(fmt.Sprintf("exercises: %s: tolerance must be positive, got %v", exercise, tol))
	}
	if len(got) == 0 && len(want) != 0 {
		return Unanswered(exercise, fmt.Sprintf("set %s and run the cell again", what))
	}
	if len(got) != len(want) {
		return NotYet(exercise, fmt.Sprintf("%s has %d entries, the answer has %d", what, len(got), len(want)), hint)
	}
	var diff, norm float64
	worst, worstD := -1, -1.0
	for i := range got {
		if math.IsNaN(got[i]) || math.IsInf(got[i], 0) {
			return NotYet(exercise, fmt.Sprintf("%s[%d] is not a finite number", what, i), hint)
		}
		d := got[i] - want[i]
		diff += d * d
		norm += want[i] * want[i]
		if math.Abs(d) > worstD {
			worst, worstD = i, math.Abs(d)
		}
	}
	if math.Sqrt(diff) <= tol*math.Max(math.Sqrt(norm), 1e-12) {
		return Right(exercise, fmt.Sprintf("%s is within a relative %s of the answer (ℓ2 norm)", what, fmtNum(tol)))
	}
	return NotYet(exercise, fmt.Sprintf("%s is off; entry %d is furthest off (%s)", what, worst, off(got[worst], want[worst])), hint)
}

// CheckChoice checks a multiple-choice answer (such as a prediction made
// before running a cell). Answers are compared ignoring case and
// surrounding space. An answer that is not one of options (the cells start
// with a placeholder such as "?") is not a wrong choice: it is reported as
// unanswered, with the options.
func CheckChoice(exercise, got, want string, options []string, hint string) Result {
	norm := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	g := norm(got)
	if !slices.ContainsFunc(options, func(o string) bool { return norm(o) == g }) {
		return Unanswered(exercise, fmt.Sprintf("%q is not one of the options: answer with one of %s", got, strings.Join(options, ", ")))
	}
	if g == norm(want) {
		return Right(exercise, fmt.Sprintf("%q is the right choice", got))
	}
	return NotYet(exercise, fmt.Sprintf("%q is not the right choice", got), hint)
}

// fmtNum prints a number with four significant digits.
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
