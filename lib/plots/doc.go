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
// One theme is used throughout: an 800×500 px PNG by default, fonts of at
// least 11 pt at 96 dpi, and the colour-blind-safe Okabe–Ito palette in a
// fixed order ([Palette]), so that a method keeps its colour across a
// chapter when its series sets Color explicitly. By convention theory is
// drawn [Dashed] and observations as solid [Line]s or [Markers].
//
// Bad input (empty data, mismatched lengths, NaN or ±Inf values,
// non-positive values on a log axis, bad sizes or ranges) is reported as an
// error naming the offending series and index; the package does not panic
// on user data.
//
// The package depends only on gonum; it does not import the notebook
// display layer nor the maths library.
package plots
