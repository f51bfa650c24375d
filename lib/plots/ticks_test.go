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
		{0, 1, []string{"0", "0.2", "0.4", "0.6", "0.8", "1"}}, // gonum's 0, 0.5, 1 is too sparse: niceTicks
		{0, 5e5, []string{"0", "100000", "200000", "500000"}},
		{0, 2.5e6, []string{"0", "1e+06", "2e+06"}},
		{0, 3e-6, []string{"0", "1e-06", "2e-06", "3e-06"}},
		{0.1, 0.7, []string{"0.2", "0.4", "0.6"}},
		{-1, 1, []string{"-1", "0", "1"}},
		{-0.3, 2.55, []string{"0", "0.5", "1", "1.5", "2", "2.5"}}, // gonum: 0, 2.5 only
		{1e4 + 0.1, 1e4 + 0.3, nil},
		// gonum's ticks 1, 5, 9 (too few: niceTicks gives 2, 4, 6, 8); a
		// tick within half a step of 0 was once relabelled "0" and moved to
		// 0, outside the range.
		{0.5, 9, []string{"2", "4", "6", "8"}},
		// Beyond 1e154 gonum's search overflows and falls back to the ends
		// and the middle (1e199, 5.05e200, 1e201), which rounding moved off
		// the range; the range is searched scaled, ticks are read back as
		// decimals (10·1e199 would be 1.0000000000000001e+200).
		{1e199, 1e201, []string{"2e+200", "6e+200", "1e+201"}},
		{1e200, 1e201, []string{"2e+200", "6e+200", "1e+201"}},
		{-7.5e297, 1.325e299, []string{"0", "4e+298", "8e+298", "1.2e+299"}},
		{-1e300, 1e300, []string{"-1e+300", "0", "1e+300"}},
		{0, 1e-290, []string{"0", "2e-291", "1e-290"}},
	} {
		var labels []string
		for _, tk := range (linearTicks{}).Ticks(c.min, c.max) {
			if !(tk.Value >= c.min) || !(tk.Value <= c.max) {
				t.Errorf("[%g, %g]: tick %v outside the range", c.min, c.max, tk)
			}
			if tk.Label != "" {
				labels = append(labels, tk.Label)
				// The label is the tick rounded to well below the step.
				v, _ := strconv.ParseFloat(tk.Label, 64)
				if !(math.Abs(v-tk.Value) <= 1e-9*(c.max-c.min)) {
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
			if !(tk.Value >= c.min) || !(tk.Value <= c.max) {
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
	for _, w := range []string{"0", "0.4", "1", "2", "5", "10"} {
		if !strings.Contains(got, " "+w+" ") {
			t.Errorf("drawn labels %q lack %q", texts, w)
		}
	}
}

// TestMantissaRoundTrip: mantissa inverts mantissaValue for every tick a
// log axis can carry, k·10^e for k = 1..9 and e from -300 to 300. At
// e.g. 3e7 = 2.9999999999999996·10^7 in floating point, or 1e-5 whose
// log10 is -5.000000000000001, a truncating mantissa (math.Floor for
// math.Round) or an exponent without the 1e-9 nudge gives (2, 7) or
// (10, -6), and the tick gets the wrong label or none.
func TestMantissaRoundTrip(t *testing.T) {
	bad := 0
	for e := -300; e <= 300; e++ {
		for k := 1; k <= 9; k++ {
			v := mantissaValue(k, e)
			if gk, ge := mantissa(v); gk != k || ge != e {
				if bad++; bad <= 10 {
					t.Errorf("mantissa(%v) = (%d, %d), want (%d, %d)", v, gk, ge, k, e)
				}
			}
		}
	}
	if bad > 10 {
		t.Errorf("... %d failures in all", bad)
	}
}

// TestLogTickLabelsAtExtremeExponents checks the labels of log axes
// spanning less than a decade (so that every mantissa 2..9 is labelled) at
// exponents where rounding shows: each label is the exact decimal k·10^e
// of its tick, and the tick is the double nearest to it (a product
// k·math.Pow10(e) gives 3.0000000000000004e-05).
func TestLogTickLabelsAtExtremeExponents(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     string
	}{
		{2e-5, 9e-5, "2e-5 3e-5 4e-5 5e-5 6e-5 7e-5 8e-5 9e-5"},
		{3e7, 9e7, "3e7 4e7 5e7 6e7 7e7 8e7 9e7"},
		{2e-300, 9e-300, "2e-300 3e-300 4e-300 5e-300 6e-300 7e-300 8e-300 9e-300"},
		{2e299, 9e299, "2e299 3e299 4e299 5e299 6e299 7e299 8e299 9e299"},
		{1.5e-3, 9.5e-3, "0.002 0.003 0.004 0.005 0.006 0.007 0.008 0.009"},
		{1.5e-4, 9.5e-4, "2e-4 3e-4 4e-4 5e-4 6e-4 7e-4 8e-4 9e-4"},
		{1.5e4, 9.5e4, "20000 30000 40000 50000 60000 70000 80000 90000"},
		{1.5e5, 9.5e5, "2e5 3e5 4e5 5e5 6e5 7e5 8e5 9e5"},
		{1e-300, 1e-297, "1e-300 1e-299 1e-298 1e-297"},
		{1e-3, 1e5, "0.001 0.01 0.1 1 10 100 1000 10000 1e5"},
	} {
		var labels []string
		for _, tk := range (logTicks{}).Ticks(c.min, c.max) {
			if tk.Label == "" {
				continue
			}
			labels = append(labels, tk.Label)
			if v, err := strconv.ParseFloat(tk.Label, 64); err != nil || v != tk.Value {
				t.Errorf("[%g, %g]: label %q at tick %v", c.min, c.max, tk.Label, tk.Value)
			}
		}
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("[%g, %g]: labels %q, want %q", c.min, c.max, got, c.want)
		}
	}
}

// TestLogTicksOverManyDecades: beyond maxMinorDecades only the labelled
// ticks remain (at most about ten), and they are finite.
func TestLogTicksOverManyDecades(t *testing.T) {
	ts := (logTicks{}).Ticks(MinLogValue, MaxValue)
	if len(ts) < minLogLabels || len(ts) > maxDecadeLabels+1 {
		t.Errorf("%d ticks over 600 decades, want %d to %d", len(ts), minLogLabels, maxDecadeLabels+1)
	}
	for _, tk := range ts {
		if tk.Label == "" || !finite(tk.Value) {
			t.Errorf("tick %v over 600 decades", tk)
		}
	}
	// 60 decades keep their unlabelled ticks: 9 per decade.
	if n := len((logTicks{}).Ticks(1e-30, 1e30)); n != 9*60+1 {
		t.Errorf("%d ticks over 60 decades, want %d", n, 9*60+1)
	}
}
