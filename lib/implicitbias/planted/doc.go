// Package planted generates seeded synthetic problems with a known answer:
// Gaussian designs, sparse vectors and planted least-squares problems for the
// vector chapters, planted low-rank matrices, observation masks and
// measurement operators for the matrix chapters.
//
// Every generator takes an explicit seed and gives the same bytes for the
// same seed. Sizes beyond what the machine can hold, and non-positive
// dimensions, are refused with an error wrapping implicitbias.ErrInvalidInput.
package planted
