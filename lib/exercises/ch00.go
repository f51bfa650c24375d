package exercises

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Chapter00 holds the warm-up exercise of notebooks/00-start-here.ipynb;
// call it through the variable Ch00.
type Chapter00 struct{}

// Ch00 is the exercise set of chapter 0 (how the course works), e.g.
// exercises.Ch00.Q1(80).
var Ch00 Chapter00

// ch00Problem is the problem of chapter 0's experiment: 20 Gaussian
// measurements of a 3-sparse vector in dimension 60, seed 1.
var ch00Problem = Planted{N: 20, D: 60, K: 3, Seed: 1}

// Problem returns the planted problem of chapter 0's experiment (its
// Generate(false) gives A, x*, y).
func (Chapter00) Problem() Planted { return ch00Problem }

// Q1 checks a prediction of the number of steps t after which the linear
// rate of gradient descent in chapter 0 (step η = 1/σ²max from x₀ = 0) has
// shrunk the error bound by a factor 10⁶, i.e. the t solving
// (1 − ησ²min)^t = 10⁻⁶. The answer may be fractional or rounded to a whole
// step: a relative 3% (about ±2 steps) is accepted, which still rejects the
// usual slips (forgetting η, a wrong logarithm, reading the step count off
// the curve of the actual error, which starts below the bound).
func (Chapter00) Q1(steps float64) Result {
	A, _, _ := ch00Problem.mustGenerate(false)
	var svd mat.SVD
	if !svd.Factorize(A, mat.SVDNone) {
		panic("exercises: Ch00.Q1: SVD of the chapter's matrix failed")
	}
	s := svd.Values(nil)
	rate := 1 - (s[len(s)-1]*s[len(s)-1])/(s[0]*s[0])
	want := math.Log(1e-6) / math.Log(rate)
	return Report(CheckNumber("Ch00.Q1", "your step count", steps, want, 0.03,
		"the bound shrinks by the factor 1 − ησ²min per step, with η = 1/σ²max: solve (1 − ησ²min)^t = 10⁻⁶ for t"))
}
