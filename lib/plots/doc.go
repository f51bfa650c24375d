// Package plots builds the course's figures with gonum/plot and renders them
// to PNG or SVG bytes.
//
// Figures are declared as plain values: a [Figure] (lines, dashed theory
// curves, markers, reference lines, shaded intervals, log axes), [Bars]
// (grouped bar charts), [Heatmap] (matrix or grid values with a colour bar),
// [Geometry] (the 2-D mirror-descent picture: solution line, level sets,
// iterate paths, highlighted points) and [Grid] (several panels in one
// image). Each has PNG and SVG methods; identical input gives identical bytes.
//
// One theme is used throughout, made to be read in the classic Jupyter
// Notebook's column (about 980 px wide) and on a projector: a 960×540 px
// PNG by default ([DefaultWidth]; a [Geometry] is 760×640), shown unscaled
// in the column; text in the embedded DejaVu Sans (every glyph the course
// uses, subscripts such as x₀ included) at 16 px for tick labels and
// legends, 18 px for axis labels and 20 px for titles, shrunk only when a
// title would not fit its panel; the legend on an opaque bordered backdrop,
// by default ([AutoCorner]) in the corner of the data area where it hides
// the least data; 4 % headroom on automatic y ranges, so that no curve is
// drawn on the frame; a [Geometry] at equal aspect, so that circles are
// round and right angles look right; and the colour-blind-safe Okabe–Ito
// palette in a fixed order ([Palette]), so that a method keeps its colour
// across a chapter when its series sets Color explicitly. By convention
// theory is drawn [Dashed] and observations as solid [Line]s or [Markers].
// A [Grid] of two panels fits the column at its default width.
//
// Bad input is reported as an error wrapping [ErrInvalidInput] (test with
// errors.Is) whose message names the parameter at fault, e.g.
// "plots: Figure.Series[1] ("GD"): Y[3] = NaN is not finite": a nil
// picture, empty data, mismatched lengths, NaN or ±Inf values, non-positive
// values on a log axis, values beyond what an axis can draw (magnitudes above
// [MaxValue] on a linear axis or colour bar, values outside [[MinLogValue],
// MaxValue] on a log axis), an explicit range too narrow to label, sizes
// beyond what can be drawn (a side above [MaxSize] pixels, a grid tile below
// [MinSize], too many heatmap cells, bars or grid panels), a grid that
// contains itself. The package neither panics nor hangs on user data. An
// automatic range that is too narrow to label (constant data, or data
// varying in its last digits) is widened around its midpoint, and lines
// running far outside an explicit range are clipped before gonum maps them
// to the page, so that they keep their direction.
//
// The package depends only on gonum (and golang.org/x/image, to read the
// embedded font); it does not import the notebook display layer nor the
// maths library.
package plots
