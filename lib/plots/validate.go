package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
)

// Limits of what an axis can show. Tick placement and the data-to-page
// transform subtract, scale and round axis values; beyond these limits
// their intermediate results overflow or underflow float64 (gonum's tick
// search then loops forever on a NaN step, and its colour palettes panic),
// so such data is refused with an error rather than drawn wrongly.
const (
	// MaxValue is the largest magnitude a linear axis or colour bar can
	// show, and the largest value on a log axis.
	MaxValue = 1e300
	// MinLogValue is the smallest value a log axis can show.
	MinLogValue = 1e-300
	// minRelSpan is the narrowest range, relative to the magnitude of its
	// ends, whose tick labels can be told apart: ticks of a narrower range
	// would need more than about 11 significant digits.
	minRelSpan = 1e-10
	// minSpan is the narrowest range in absolute terms (ticks closer than
	// this are subnormal or lose their digits).
	minSpan = 1e-300
)

// Range is an axis or colour range. The zero value means "fit the data".
// An explicit range must be finite with Min < Max, lie within what its
// axis can draw (see MaxValue and MinLogValue), and be wide enough to
// label: Max − Min at least 1e-10 times the larger of |Min| and |Max|, and
// at least 1e-300.
type Range struct {
	Min, Max float64
}

// isAuto reports whether r is the zero value.
func (r Range) isAuto() bool { return r.Min == 0 && r.Max == 0 }

// check validates an explicit range named param; log requires Min > 0.
func (r Range) check(param string, log bool) error {
	if r.isAuto() {
		return nil
	}
	if !finite(r.Min) || !finite(r.Max) {
		return invalid(param, "[%g, %g] is not finite", r.Min, r.Max)
	}
	if r.Min >= r.Max {
		return invalid(param, "[%g, %g] has Min >= Max", r.Min, r.Max)
	}
	if log && r.Min <= 0 {
		return invalid(param, "[%g, %g] must be positive on a log axis", r.Min, r.Max)
	}
	if err := checkLimits(param, r.Min, r.Max, log); err != nil {
		return err
	}
	if tooNarrow(r.Min, r.Max) {
		return invalid(param, "[%g, %g] is too narrow to label (its width must be at least %g times its magnitude)", r.Min, r.Max, minRelSpan)
	}
	return nil
}

// checkLimits reports an error if [lo, hi] reaches beyond what an axis can
// show: ±MaxValue on a linear axis, [MinLogValue, MaxValue] on a log axis.
func checkLimits(param string, lo, hi float64, log bool) error {
	if log {
		if lo < MinLogValue || hi > MaxValue {
			return invalid(param, "the range [%g, %g] reaches beyond [%g, %g], the values a log axis can draw", lo, hi, MinLogValue, MaxValue)
		}
		return nil
	}
	if lo < -MaxValue || hi > MaxValue {
		return invalid(param, "the range [%g, %g] reaches beyond ±%g, the values a linear axis can draw (rescale the data or use a log axis)", lo, hi, MaxValue)
	}
	return nil
}

// tooNarrow reports whether the tick labels of [lo, hi] could not be told
// apart: hi − lo is below minSpan or below minRelSpan times the larger of
// |lo| and |hi|. lo == hi is too narrow.
func tooNarrow(lo, hi float64) bool {
	return hi-lo < max(minSpan, minRelSpan*max(math.Abs(lo), math.Abs(hi)))
}

// fitAxis validates the final range [a.Min, a.Max] of the axis named param
// (after the plotters' data ranges, an explicit range and any headroom are
// applied) and widens an automatic range too narrow to label, such as
// that of constant data: on a linear axis to mid ± max(1, |mid|/1000)
// (for exact constants up to 1000 in magnitude this is gonum's own ±1), on
// a log axis by a factor 10 each side; both clamped to the axis limits.
// An explicit range too narrow is an error, as is any range beyond the
// limits.
func fitAxis(param string, a *plot.Axis, log, explicit bool) error {
	if !finite(a.Min) || !finite(a.Max) || a.Min > a.Max {
		return invalid(param, "the range [%g, %g] is not a finite interval", a.Min, a.Max)
	}
	if err := checkLimits(param, a.Min, a.Max, log); err != nil {
		return err
	}
	if !tooNarrow(a.Min, a.Max) {
		return nil
	}
	if explicit {
		return invalid(param, "[%g, %g] is too narrow to label", a.Min, a.Max)
	}
	if log {
		a.Min, a.Max = max(a.Min/10, MinLogValue), min(a.Max*10, MaxValue)
		return nil
	}
	mid := a.Min + (a.Max-a.Min)/2
	d := max(1, math.Abs(mid)/1000)
	a.Min, a.Max = max(mid-d, -MaxValue), min(mid+d, MaxValue)
	return nil
}

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkValues returns an error naming what and the first index of the
// field vs that is NaN or ±Inf, non-positive when the axis is logarithmic,
// or beyond what the axis can show (see MaxValue, MinLogValue).
func checkValues(what, field string, vs []float64, log bool) error {
	for i, v := range vs {
		if msg := badValue(v, log); msg != "" {
			return invalid(what, "%s[%d] = %g %s", field, i, v, msg)
		}
	}
	return nil
}

// checkValue is checkValues for a single value.
func checkValue(what, field string, v float64, log bool) error {
	if msg := badValue(v, log); msg != "" {
		return invalid(what, "%s = %g %s", field, v, msg)
	}
	return nil
}

// badValue says why v cannot be drawn on a (log) axis, or returns "".
func badValue(v float64, log bool) string {
	switch {
	case !finite(v):
		return "is not finite"
	case log && v <= 0:
		return "is not positive, but the axis is logarithmic"
	case log && (v < MinLogValue || v > MaxValue):
		return fmt.Sprintf("is outside [%g, %g], the values a log axis can draw", MinLogValue, MaxValue)
	case !log && math.Abs(v) > MaxValue:
		return fmt.Sprintf("is beyond ±%g, the values a linear axis can draw (rescale the data or use a log axis)", MaxValue)
	}
	return ""
}

// checkXY validates a pair of coordinate slices.
func checkXY(what string, x, y []float64, logX, logY bool) error {
	if len(x) == 0 || len(y) == 0 {
		return invalid(what, "no data (len(X) = %d, len(Y) = %d)", len(x), len(y))
	}
	if len(x) != len(y) {
		return invalid(what, "len(X) = %d but len(Y) = %d", len(x), len(y))
	}
	if err := checkValues(what, "X", x, logX); err != nil {
		return err
	}
	return checkValues(what, "Y", y, logY)
}

// pixelSize returns w×h with zero replaced by the defaults, or an error
// naming Width or Height if either is outside [MinSize, MaxSize]; see
// namedPixelSize.
func pixelSize(w, h, defW, defH int) (int, int, error) {
	return namedPixelSize("", w, h, defW, defH)
}

// namedPixelSize is pixelSize with errors naming typ.Width or typ.Height
// (a larger picture is beyond what can be drawn: its image buffer alone
// would take more than MaxSize² · 4 bytes = 256 MB).
func namedPixelSize(typ string, w, h, defW, defH int) (int, int, error) {
	if w == 0 {
		w = defW
	}
	if h == 0 {
		h = defH
	}
	if typ != "" {
		typ += "."
	}
	for _, s := range []struct {
		name string
		v    int
	}{{"Width", w}, {"Height", h}} {
		if s.v < MinSize {
			return 0, 0, invalid(typ+s.name, "%d px is below the minimum %d px", s.v, MinSize)
		}
		if s.v > MaxSize {
			return 0, 0, invalid(typ+s.name, "%d px is beyond what can be drawn (at most %d px)", s.v, MaxSize)
		}
	}
	return w, h, nil
}

// describe names an element of a slice field for error messages, e.g.
// `Figure.Series[1] ("GD")`.
func describe(field string, i int, name string) string {
	if name == "" {
		return fmt.Sprintf("%s[%d]", field, i)
	}
	return fmt.Sprintf("%s[%d] (%q)", field, i, name)
}
