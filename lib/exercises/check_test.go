package exercises

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestResultString(t *testing.T) {
	if got, want := Right("Ch01.Q1", "yes").String(), "Ch01.Q1 ✔ right: yes"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := NotYet("Ch01.Q2", "no", "look at η").String(), "Ch01.Q2 ✘ not yet: no (hint: look at η)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := NotYet("", "no", "").String(), "✘ not yet: no"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCheckNumber(t *testing.T) {
	const want = 0.123456789
	tests := []struct {
		got   float64
		right bool
		word  string
	}{
		{want * (1 + 1e-7), true, "within"},
		{want * (1 + 1e-3), false, "too large"},
		{want * (1 - 1e-3), false, "too small"},
		{math.NaN(), false, "not a finite number"},
		{math.Inf(-1), false, "not a finite number"},
	}
	for _, tt := range tests {
		r := CheckNumber("X.Q1", "the rate", tt.got, want, 1e-6, "think")
		if r.Right != tt.right || !strings.Contains(r.Message, tt.word) {
			t.Errorf("got %v: %+v, want Right=%t and %q", tt.got, r, tt.right, tt.word)
		}
		// The expected value must not leak, in any precision we print.
		for _, leak := range []string{"0.1235", "0.123457", "0.123456789"} {
			if !tt.right && strings.Contains(r.String(), leak) {
				t.Errorf("wrong answer %v reveals the solution: %q", tt.got, r)
			}
		}
	}
	// Near zero the tolerance is relative to 1e-12.
	if !CheckNumber("", "x", 1e-20, 0, 1e-6, "").Right {
		t.Error("1e-20 vs 0 with tol 1e-6: want right")
	}
	if CheckNumber("", "x", 1e-15, 0, 1e-6, "").Right {
		t.Error("1e-15 vs 0 with tol 1e-6: want not yet")
	}
}

func TestCheckVector(t *testing.T) {
	want := []float64{1, -2, 0.5}
	if r := CheckVector("V", "β", []float64{1, -2, 0.5000001}, want, 1e-6, ""); !r.Right {
		t.Errorf("close vector: %v", r)
	}
	r := CheckVector("V", "β", []float64{1, -2.1, 0.5}, want, 1e-3, "h")
	if r.Right || !strings.Contains(r.Message, "entry 1") || !strings.Contains(r.Message, "too small") {
		t.Errorf("off vector: %v", r)
	}
	if r := CheckVector("V", "β", []float64{1, 2}, want, 1e-3, ""); r.Right || !strings.Contains(r.Message, "2 entries, the answer has 3") {
		t.Errorf("short vector: %v", r)
	}
	if r := CheckVector("V", "β", []float64{1, math.NaN(), 0}, want, 1e-3, ""); r.Right || !strings.Contains(r.Message, "β[1] is not a finite") {
		t.Errorf("NaN vector: %v", r)
	}
}

func TestCheckChoice(t *testing.T) {
	opts := []string{"a", "b", "c"}
	if r := CheckChoice("C", " B ", "b", opts, ""); !r.Right {
		t.Errorf("B vs b: %v", r)
	}
	if r := CheckChoice("C", "a", "b", opts, "h"); r.Right || strings.Contains(r.String(), `"b"`) {
		t.Errorf("wrong choice must not name the answer: %v", r)
	}
	if r := CheckChoice("C", "d", "b", opts, ""); r.Right || !strings.Contains(r.Message, "a, b, c") {
		t.Errorf("invalid choice: %v", r)
	}
}

func TestTolerancePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for tol 0")
		}
	}()
	CheckNumber("", "x", 1, 1, 0, "")
}

// The placeholders exercise cells start with are shown as unanswered, never
// as a wrong answer (a red ✘ at the end of a chapter run read as a failure),
// and a real wrong answer is never mistaken for a placeholder.
func TestUnanswered(t *testing.T) {
	cases := []struct {
		name string
		r    Result
		want bool // Unanswered
	}{
		{"number placeholder 0", CheckNumber("N", "your value", 0, 3, 0.01, "h"), true},
		{"number wrong", CheckNumber("N", "your value", 2, 3, 0.01, "h"), false},
		{"vector placeholder nil", CheckVector("V", "β", nil, []float64{1, 2}, 1e-3, "h"), true},
		{"vector wrong", CheckVector("V", "β", []float64{1, 3}, []float64{1, 2}, 1e-3, "h"), false},
		{"choice placeholder ?", CheckChoice("C", "?", "b", []string{"a", "b"}, "h"), true},
		{"choice placeholder empty", CheckChoice("C", "", "b", []string{"a", "b"}, "h"), true},
		{"choice wrong", CheckChoice("C", "a", "b", []string{"a", "b"}, "h"), false},
		{"Ch01.Q1 placeholder x0", Ch01.Q1(func() *mat.VecDense { _, _, x0 := Ch01.Q1Problem(); return x0 }()), true},
		{"Ch01.Q1 nil", Ch01.Q1(nil), true},
	}
	if r := CheckNumber("N", "your value", 0, 0, 0.01, "h"); !r.Right || r.Unanswered {
		t.Errorf("0 when the answer is 0 is right, not a placeholder: %v", r)
	}
	for _, c := range cases {
		if c.r.Unanswered != c.want || c.r.Right {
			t.Errorf("%s: Unanswered = %v, Right = %v, want Unanswered = %v and not right (%v)", c.name, c.r.Unanswered, c.r.Right, c.want, c.r)
		}
		s := c.r.String()
		if c.want && (strings.Contains(s, "✘") || !strings.Contains(s, "not answered yet")) {
			t.Errorf("%s: an unanswered exercise must read as unanswered, not failed: %q", c.name, s)
		}
		if !c.want && !strings.Contains(s, "✘") {
			t.Errorf("%s: a wrong answer must read as not yet right: %q", c.name, s)
		}
	}
}
