package exercises

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/matfact"
)

// Ch07 holds the check functions of chapter 07 (noisy gradient descent
// finds flat minima): exercises.Ch07.Q1(answer), …
var Ch07 ch07

type ch07 struct{}

// The parameters of chapter 07 (notebooks/07-noisy-gd-flat-minima.ipynb):
// an m×n target of rank r, the unbalancing scale c of the start, step η,
// noise σ, noisy and polishing iterations, plain GD's iterations, and the
// length of GD in the initialisation study.
const (
	Ch07M, Ch07N, Ch07Rank           = 10, 10, 2
	Ch07C, Ch07Step, Ch07Sigma       = 3.0, 0.01, 0.15
	Ch07Noisy, Ch07Polish, Ch07GDIts = 6000, 3000, 20000
	ch07Seed                         = 0
)

// Ch07Singular lists the singular values of the chapter's target.
var Ch07Singular = []float64{2, 1}

// Ch07Target returns the chapter's target M = U diag(2, 1) Vᵀ (U, V
// orthonormal 10×2 from the QR of Gaussian matrices, seed 0).
func Ch07Target() *mat.Dense {
	u := ch06Orthonormal(Ch07M, Ch07Rank, ch07Seed, 7)
	v := ch06Orthonormal(Ch07N, Ch07Rank, ch07Seed, 8)
	m := mat.NewDense(Ch07M, Ch07N, nil)
	m.Product(u, mat.NewDiagDense(Ch07Rank, Ch07Singular), v.T())
	return m
}

// Ch07Loss returns ½‖XYᵀ − M‖²_F for the chapter's target.
func Ch07Loss() *matfact.Estimation {
	l, err := matfact.NewEstimation(Ch07Target())
	if err != nil {
		panic(err) // the chapter's target is finite
	}
	return l
}

// Ch07Start returns the unbalanced start X₀ = cG₁/√n, Y₀ = G₂/(c√n).
func Ch07Start(c float64, seed uint64) *matfact.Factorization {
	f, err := matfact.UnbalancedXY(Ch07M, Ch07N, Ch07Rank, c, seed)
	if err != nil {
		panic(err)
	}
	return f
}

// Ch07Perturbed returns the settings of the chapter's perturbed GD: noise σ_x,
// σ_y for Ch07Noisy steps, then Ch07Polish steps of plain GD.
func Ch07Perturbed(sigmaX, sigmaY float64, seed uint64, probes matfact.Probes) matfact.Settings {
	return matfact.Settings{Step: Ch07Step, Iterations: Ch07Noisy + Ch07Polish, Noise: matfact.XYNoise(sigmaX, sigmaY),
		Schedule: matfact.NoiseThenPolish(Ch07Noisy), Seed: seed, Probes: probes}
}

// Q1 checks the number of iterations after which the expected imbalance of
// perturbed GD has halved, for σ = 0.1 (η = 0.01, n = 10).
func (ch07) Q1(k float64) Result {
	const ex = "Ch07.Q1"
	rate := -math.Log(matfact.ImbalanceDecay(Ch07Step, Ch07N, 0.1, 1))
	want := math.Ln2 / rate
	// 1% accepts ln 2/(2ηnσ²) (the flow's answer, 0.5% off the discrete
	// one) and rejects a missing factor 2 or σ instead of σ².
	return Report(CheckNumber(ex, "iterations to halve E[D]", k, want, 0.01,
		"the expected imbalance shrinks by a factor (1 − 2ηnσ²) per step"))
}

// Q2 checks the trace of the Hessian at the flattest global minimum of
// ½‖XYᵀ − M‖² for the chapter's M.
func (ch07) Q2(trace float64) Result {
	const ex = "Ch07.Q2"
	_, want, err := matfact.FlatSharpness(Ch07Target())
	if err != nil {
		return Report(NotYet(ex, "the check could not compute the answer: "+err.Error(), "report this as a bug"))
	}
	return Report(CheckNumber(ex, "tr H at the flattest minimum", trace, want, 1e-6,
		"tr H = m‖Y‖² + n‖X‖²; minimise it over the factorisations of M with the AM–GM inequality"))
}

// Q3 checks a prediction made before running: with σ_x = 0.2 on X and
// σ_y = 0.1 on Y, is ‖X‖_F/‖Y‖_F at the end of the noise phase "larger"
// than 1, "about 1" or "smaller" than 1?
func (ch07) Q3(answer string) Result {
	const ex = "Ch07.Q3"
	res, err := matfact.GD(Ch07Start(Ch07C, ch07Seed), Ch07Loss(), matfact.Settings{Step: Ch07Step, Iterations: Ch07Noisy,
		Noise: matfact.XYNoise(0.2, 0.1), Seed: 1})
	if err != nil {
		return Report(NotYet(ex, "the check could not run: "+err.Error(), "report this as a bug"))
	}
	x, y := res.Factors.XY()
	ratio := mat.Norm(x, 2) / mat.Norm(y, 2)
	want := "about 1"
	switch {
	case ratio > 1.2:
		want = "larger"
	case ratio < 1/1.2:
		want = "smaller"
	}
	return Report(CheckChoice(ex, answer, want, []string{"larger", "about 1", "smaller"},
		"the smoothed loss adds (nσ_y²/2)‖X‖² + (mσ_x²/2)‖Y‖²: which factor pays more for its size?"))
}
