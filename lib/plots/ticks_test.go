package plots

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// checkCompact checks that every label is the shortest decimal form of
// its value, without trailing zeros, and that the labels are distinct.
func checkCompact(t *testing.T, what string, labels []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, l := range labels {
		v, err := strconv.ParseFloat(l, 64)
		if err != nil {
			t.Errorf("%s: label %q is not a number", what, l)
			continue
		}
		if g, e := strconv.FormatFloat(v, 'g', -1, 64), strconv.FormatFloat(v, 'e', -1, 64); l != g && l != e {
			t.Errorf("%s: label %q is not the shortest form %q or %q of its value", what, l, g, e)
		}
		if seen[l] {
			t.Errorf("%s: label %q repeated in %q", what, l, labels)
		}
		seen[l] = true
	}
}

func TestLinearTicksCompact(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     []string // labels that must appear
	}{
		{0, 1, []string{"0", "0.5", "1"}},
		{0, 5e5, []string{"0", "250000", "500000"}},
		{0, 2.5e6, []string{"0", "1e+06", "2e+06"}},
		{0, 3e-6, []string{"0", "1e-06", "2e-06", "3e-06"}},
		{0.1, 0.7, []string{"0.2", "0.4", "0.6"}},
		{-1, 1, []string{"-1", "0", "1"}},
		{1e4 + 0.1, 1e4 + 0.3, nil},
	} {
		var labels []string
		for _, tk := range (linearTicks{}).Ticks(c.min, c.max) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
				// The label is the tick rounded to well below the step.
				v, _ := strconv.ParseFloat(tk.Label, 64)
				if math.Abs(v-tk.Value) > 1e-9*(c.max-c.min) {
					t.Errorf("[%g, %g]: label %q at tick %g", c.min, c.max, tk.Label, tk.Value)
				}
			}
		}
		what := strconv.FormatFloat(c.min, 'g', -1, 64) + ".." + strconv.FormatFloat(c.max, 'g', -1, 64)
		if len(labels) < 2 {
			t.Errorf("%s: labels %q", what, labels)
		}
		checkCompact(t, what, labels)
		all := " " + strings.Join(labels, " ") + " "
		for _, w := range c.want {
			if !strings.Contains(all, " "+w+" ") {
				t.Errorf("%s: labels %q lack %q", what, labels, w)
			}
		}
	}
}

func TestLogTicksAtLeastThreeLabels(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     string // the labels, or "" to check only the count
	}{
		{1.1, 10, "2 5 10"},
		{1, 10, "1 2 5 10"},
		{2, 5, "2 3 4 5"},
		{0.011, 0.1, "0.02 0.05 0.1"},
		{1e-7, 1, "1e-7 1e-6 1e-5 1e-4 0.001 0.01 0.1 1"},
		{1.1, 1.4, ""},
		{1e-30, 1, ""},
		{3e-9, 2e-7, "5e-9 1e-8 2e-8 5e-8 1e-7 2e-7"},
	} {
		var labels []string
		for _, tk := range (logTicks{}).Ticks(c.min, c.max) {
			if tk.Value < c.min || tk.Value > c.max {
				t.Errorf("[%g, %g]: tick %g outside the range", c.min, c.max, tk.Value)
			}
			if tk.Label == "" {
				continue
			}
			labels = append(labels, tk.Label)
			if v, err := strconv.ParseFloat(tk.Label, 64); err != nil || v != tk.Value {
				t.Errorf("[%g, %g]: label %q at tick %v", c.min, c.max, tk.Label, tk.Value)
			}
		}
		if len(labels) < minLogLabels || len(labels) > 12 {
			t.Errorf("[%g, %g]: %d labels %q", c.min, c.max, len(labels), labels)
		}
		if got := strings.Join(labels, " "); c.want != "" && got != c.want {
			t.Errorf("[%g, %g]: labels %q, want %q", c.min, c.max, got, c.want)
		}
	}
}

// TestTickLabelsDrawn checks the labels in the rendered SVG: a linear axis
// up to 1 and a log axis over [1.1, 10].
func TestTickLabelsDrawn(t *testing.T) {
	f := &Figure{LogX: true, Series: []Series{{X: []float64{1.1, 10}, Y: []float64{0, 1}}}}
	b, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Fields(checkSVG(t, b))
	checkCompact(t, "SVG", texts)
	got := " " + strings.Join(texts, " ") + " "
	for _, w := range []string{"0", "0.5", "1", "2", "5", "10"} {
		if !strings.Contains(got, " "+w+" ") {
			t.Errorf("drawn labels %q lack %q", texts, w)
		}
	}
}
