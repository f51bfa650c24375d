package plots

import (
	"fmt"
	"math"
)

// Range is an axis or colour range. The zero value means "fit the data".
type Range struct {
	Min, Max float64
}

// isAuto reports whether r is the zero value.
func (r Range) isAuto() bool { return r.Min == 0 && r.Max == 0 }

// check validates an explicit range; log requires Min > 0.
func (r Range) check(name string, log bool) error {
	if r.isAuto() {
		return nil
	}
	if !finite(r.Min) || !finite(r.Max) {
		return fmt.Errorf("plots: %s [%g, %g] is not finite", name, r.Min, r.Max)
	}
	if r.Min >= r.Max {
		return fmt.Errorf("plots: %s [%g, %g] has Min >= Max", name, r.Min, r.Max)
	}
	if log && r.Min <= 0 {
		return fmt.Errorf("plots: %s [%g, %g] must be positive on a log axis", name, r.Min, r.Max)
	}
	return nil
}

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkValues returns an error naming what and the first index of vs that
// is NaN or ±Inf, or non-positive when positive is set (log axes).
func checkValues(what, axis string, vs []float64, positive bool) error {
	for i, v := range vs {
		if !finite(v) {
			return fmt.Errorf("plots: %s: %s[%d] = %g is not finite", what, axis, i, v)
		}
		if positive && v <= 0 {
			return fmt.Errorf("plots: %s: %s[%d] = %g is not positive, but the %s axis is logarithmic", what, axis, i, v, axis)
		}
	}
	return nil
}

// checkXY validates a pair of coordinate slices.
func checkXY(what string, x, y []float64, logX, logY bool) error {
	if len(x) == 0 || len(y) == 0 {
		return fmt.Errorf("plots: %s: no data (len(X) = %d, len(Y) = %d)", what, len(x), len(y))
	}
	if len(x) != len(y) {
		return fmt.Errorf("plots: %s: len(X) = %d but len(Y) = %d", what, len(x), len(y))
	}
	if err := checkValues(what, "X", x, logX); err != nil {
		return err
	}
	return checkValues(what, "Y", y, logY)
}

// pixelSize returns w×h with zero replaced by the defaults, or an error if
// either is outside [MinSize, MaxSize].
func pixelSize(w, h, defW, defH int) (int, int, error) {
	if w == 0 {
		w = defW
	}
	if h == 0 {
		h = defH
	}
	if w < MinSize || w > MaxSize || h < MinSize || h > MaxSize {
		return 0, 0, fmt.Errorf("plots: size %d×%d px outside [%d, %d]", w, h, MinSize, MaxSize)
	}
	return w, h, nil
}

// describe names an element for error messages: kind, index and name.
func describe(kind string, i int, name string) string {
	if name == "" {
		return fmt.Sprintf("%s %d", kind, i)
	}
	return fmt.Sprintf("%s %d (%q)", kind, i, name)
}
