package plots

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// linearTicks places ticks like gonum's plot.DefaultTicks but labels them
// compactly: each labelled value is rounded to the precision of the tick
// step and printed in its shortest form ("0.5", "250000", "1e-06"), with
// every non-zero label in exponent form when one of them needs it.
// plot.DefaultTicks prints fixed precision ("250000.00", "0.50000").
type linearTicks struct{}

// Ticks implements plot.Ticker.
func (linearTicks) Ticks(min, max float64) []plot.Tick {
	if s := tickScale(min, max); s != 0 {
		return scaledTicks(min, max, s)
	}
	ts := plot.DefaultTicks{}.Ticks(min, max)
	if majors(ts) < minMajorTicks {
		if nt := niceTicks(min, max); majors(nt) >= minMajorTicks {
			ts = nt
		}
	}
	var vals []float64
	for _, t := range ts {
		if !t.IsMinor() {
			vals = append(vals, t.Value)
		}
	}
	labels := compactLabels(vals)
	k := 0
	for i := range ts {
		if !ts[i].IsMinor() {
			ts[i].Value, ts[i].Label = vals[k], labels[k] // the rounded value
			k++
		}
	}
	// Rounding can move a tick that gonum placed at a non-round end of the
	// range (it does so at magnitudes near 1e200) out of the range, where
	// its label would hang off the axis: drop such ticks.
	slack := 1e-9 * (max - min)
	kept := ts[:0]
	for _, t := range ts {
		if t.Value >= min-slack && t.Value <= max+slack {
			kept = append(kept, t)
		}
	}
	return kept
}

// minMajorTicks is the fewest labelled ticks a linear axis gets: gonum
// aims at three, which leaves a 900 px axis with labels only at its ends
// ("0" and "2.5" under a picture whose other axis reads 0, 1, 2).
const minMajorTicks = 4

// majors counts the labelled ticks of ts.
func majors(ts []plot.Tick) int {
	n := 0
	for _, t := range ts {
		if !t.IsMinor() {
			n++
		}
	}
	return n
}

// niceTicks returns labelled ticks at the multiples of a step 1, 2 or 5
// × 10^k in [min, max], the step giving the number of labels nearest to 6
// among 4 to 7 (the larger step on a tie; more crowd an x axis), with minor ticks between them
// (at the fifths of steps 1 and 5, at the halves of step 2); nil if no
// step gives 4 to 7 labels.
func niceTicks(min, max float64) []plot.Tick {
	span := max - min
	if !(span > 0) || math.IsInf(span, 0) {
		return nil
	}
	e := math.Floor(math.Log10(span))
	step, minor, best := 0.0, 0.0, math.Inf(1)
	for k := e - 2; k <= e; k++ {
		for _, m := range []float64{1, 2, 5} {
			s := m * math.Pow(10, k)
			n := math.Floor(max/s) - math.Ceil(min/s) + 1
			if n < minMajorTicks || n > 7 {
				continue
			}
			if d := math.Abs(n - 6); d <= best {
				step, best = s, d
				minor = s / 5
				if m == 2 {
					minor = s / 2
				}
			}
		}
	}
	if step == 0 {
		return nil
	}
	var ts []plot.Tick
	first := math.Ceil(min/minor) * minor
	for i := 0; ; i++ {
		v := first + float64(i)*minor
		if v > max+1e-9*span || i > 200 {
			break
		}
		t := plot.Tick{Value: v}
		if k := v / step; math.Abs(k-math.Round(k)) < 1e-6 {
			t.Value = math.Round(k) * step
			t.Label = "major" // replaced by the compact label
		}
		ts = append(ts, t)
	}
	return ts
}

// maxTickExponent bounds the magnitudes gonum's tick search is given:
// its scores square range widths, which overflow beyond about 1e154 (and
// underflow below 1e-154), and it then falls back to three labels at the
// ends and the middle of the range, at non-round values.
const maxTickExponent = 100

// tickScale returns 0 if the ticks of [min, max] can be searched as they
// are, or else the exponent s of the largest magnitude, by whose power of
// ten the range is to be scaled first.
func tickScale(min, max float64) int {
	m := math.Max(math.Abs(min), math.Abs(max))
	if m == 0 || math.IsInf(m, 0) || math.IsNaN(m) {
		return 0
	}
	e := int(math.Floor(math.Log10(m)))
	if e > maxTickExponent || e < -maxTickExponent {
		return e
	}
	return 0
}

// scaledTicks returns the ticks of [min, max] found on the range scaled by
// 10^-s and scaled back as decimals (the tick 0.5 of the scaled range is
// the double nearest to 0.5e<s>), labelled in exponent form.
func scaledTicks(min, max float64, s int) []plot.Tick {
	if s < -300 {
		s = -300 // 10^-s stays finite
	}
	k := math.Pow10(-s)
	ts := linearTicks{}.Ticks(min*k, max*k)
	slack := 1e-9 * (max - min)
	kept := ts[:0]
	for _, t := range ts {
		v, _ := strconv.ParseFloat(strconv.FormatFloat(t.Value, 'g', -1, 64)+"e"+strconv.Itoa(s), 64)
		if v < min-slack || v > max+slack {
			continue
		}
		t.Value = v
		if t.Label != "" {
			t.Label = "0"
			if v != 0 {
				t.Label = strconv.FormatFloat(v, 'e', -1, 64)
			}
		}
		kept = append(kept, t)
	}
	return kept
}

// compactLabels formats the equally spaced tick values vals, which it
// replaces by their rounded values. Values are
// rounded to one digit below the leading digit of the smallest spacing
// (enough for steps such as 2.5), which removes the floating-point noise
// of products like 3·0.1.
func compactLabels(vals []float64) []string {
	step := math.Inf(1)
	for i := 1; i < len(vals); i++ {
		step = min(step, math.Abs(vals[i]-vals[i-1]))
	}
	labels := make([]string, len(vals))
	exp := false
	for i, v := range vals {
		if step > 0 && !math.IsInf(step, 0) {
			d := 1 - int(math.Floor(math.Log10(step)))
			if d >= 0 {
				v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'f', d, 64), 64)
			} else { // a whole number of 10^-d, read as a decimal: 10·1e199 would give 1.0000000000000001e200
				r := math.Round(v / math.Pow10(-d))
				v, _ = strconv.ParseFloat(strconv.FormatFloat(r, 'f', 0, 64)+"e"+strconv.Itoa(-d), 64)
			}
			if v == 0 {
				v = 0 // turns -0 into 0 (rounding already took noise such as 1e-17 to ±0)
			}
		}
		vals[i] = v
		labels[i] = strconv.FormatFloat(v, 'g', -1, 64)
		exp = exp || strings.ContainsRune(labels[i], 'e')
	}
	if exp {
		for i, v := range vals {
			if v != 0 {
				labels[i] = strconv.FormatFloat(v, 'e', -1, 64)
			}
		}
	}
	return labels
}

// minLogLabels is the least number of labelled ticks on a log axis.
const minLogLabels = 3

// maxDecadeLabels is the most powers of ten labelled on a log axis; on
// longer ranges every second (third, ...) decade is labelled.
const maxDecadeLabels = 10

// maxMinorDecades is the most decades a log axis marks with unlabelled
// ticks; beyond it (up to 600 decades between MinLogValue and MaxValue)
// only the labelled ticks are kept.
const maxMinorDecades = 60

// logTicks marks a logarithmic axis: unlabelled ticks at 1..9 times each
// power of ten, labelled ones at the powers of ten. When fewer than
// minLogLabels powers of ten lie in [min, max], the mantissas 1, 2, 5 are
// labelled, then all of 1..9, and for ranges narrower than that (e.g.
// [1.1, 1.4]) the compact linear ticks are used. Each tick is computed
// as the double nearest to k·10^e (gonum's plot.LogTicks accumulates
// products and labels e.g. 9.999999999999999e-05). Only ticks inside
// [min, max] are returned, so labels outside the range take no space.
type logTicks struct{}

// Ticks implements plot.Ticker. min and max must be positive.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	lo := int(math.Floor(math.Log10(min)))
	hi := int(math.Ceil(math.Log10(max)))
	inside := func(v float64) bool { return v >= min*(1-1e-12) && v <= max*(1+1e-12) }
	var ts []plot.Tick
	for e := lo; e <= hi; e++ {
		for k := 1; k <= 9; k++ {
			if v := mantissaValue(k, e); inside(v) {
				ts = append(ts, plot.Tick{Value: v})
			}
		}
	}
	for _, labelled := range []func(k, e int) bool{
		func(k, e int) bool { return k == 1 },
		func(k, e int) bool { return k == 1 || k == 2 || k == 5 },
		func(k, e int) bool { return true },
	} {
		n := 0
		for _, t := range ts {
			if k, e := mantissa(t.Value); labelled(k, e) {
				n++
			}
		}
		if n < minLogLabels {
			continue
		}
		stride := (n + maxDecadeLabels - 1) / maxDecadeLabels // thins out long decade ranges only
		for i, t := range ts {
			if k, e := mantissa(t.Value); labelled(k, e) && (k != 1 || e%stride == 0) {
				ts[i].Label = mantissaLabel(k, e)
			}
		}
		if hi-lo > maxMinorDecades { // the unlabelled ticks would merge into a bar
			labelledOnly := ts[:0]
			for _, t := range ts {
				if t.Label != "" {
					labelledOnly = append(labelledOnly, t)
				}
			}
			ts = labelledOnly
		}
		return ts
	}
	return linearTicks{}.Ticks(min, max)
}

// mantissaValue returns the double nearest to k·10^e.
func mantissaValue(k, e int) float64 {
	v, _ := strconv.ParseFloat(strconv.Itoa(k)+"e"+strconv.Itoa(e), 64)
	return v
}

// mantissa inverts mantissaValue for the tick values of logTicks.
func mantissa(v float64) (k, e int) {
	e = int(math.Floor(math.Log10(v) + 1e-9))
	k = int(math.Round(v / math.Pow10(e)))
	return k, e
}

// mantissaLabel formats k·10^e: plain decimals for -3 ≤ e ≤ 4, else
// "2e-7".
func mantissaLabel(k, e int) string {
	if e >= -3 && e <= 4 {
		return strconv.FormatFloat(mantissaValue(k, e), 'f', -1, 64)
	}
	return strconv.Itoa(k) + "e" + strconv.Itoa(e)
}
