package spectral_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
	"github.com/implicitbias/course/lib/implicitbias/spectral"
)

// Matrix SMD with the spectral hyperbolic entropy on a completion problem
// reaches the Bregman projection of W₀ = 0, which Project computes without
// running anything.
func ExampleSMD() {
	M, _ := planted.LowRank(10, 10, 2, 1)
	obs, _ := planted.BernoulliMask(10, 10, 0.6, 1)
	meas, _ := spectral.NewCompletion(M, obs)
	p, _ := spectral.NewSpectralHypentropy(10, 10, 0.05)
	W0 := mat.NewDense(10, 10, nil)

	res, err := spectral.SMD(p, meas, W0, implicitbias.DescentSettings{
		Step: 10, Batch: 10, Shuffle: true, Seed: 1, // mean gradient over 10 observed entries
		MaxIter: 5000 * spectral.EpochIterations(meas, 10), Tol: 1e-10,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	proj, err := spectral.Project(p, meas, W0, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("converged: %v\n", res.Converged)
	fmt.Printf("SMD limit within 1e-7 of the projection: %v\n", spectral.RelativeError(res.W, proj.W) < 1e-7)
	fmt.Printf("recovery error: SMD %.2f, zero fill %.2f\n", spectral.RelativeError(res.W, M), zeroFillError(M, obs))
	// Output:
	// converged: true
	// SMD limit within 1e-7 of the projection: true
	// recovery error: SMD 0.56, zero fill 0.69
}

func zeroFillError(M *mat.Dense, obs [][2]int) float64 {
	r, c := M.Dims()
	Z := mat.NewDense(r, c, nil)
	for _, e := range obs {
		Z.Set(e[0], e[1], M.At(e[0], e[1]))
	}
	return spectral.RelativeError(Z, M)
}

// The mirror map of a spectral potential acts on the singular values only:
// for the Schatten-p power it raises them to the power p − 1.
func ExampleNewSchattenPower() {
	p, _ := spectral.NewSchattenPower(2, 2, 1.5)
	W := []float64{4, 0, 0, 0.25} // singular values 4 and 1/4
	theta := make([]float64, 4)
	p.Grad(theta, W)
	fmt.Printf("∇ψ(W) = %.3g\n", theta)
	back := make([]float64, 4)
	p.GradStar(back, theta)
	fmt.Printf("∇ψ*(∇ψ(W)) = %.3g\n", back)
	// Output:
	// ∇ψ(W) = [2 0 0 0.5]
	// ∇ψ*(∇ψ(W)) = [4 0 0 0.25]
}

// The effective rank is exp of the entropy of the normalised singular
// values: k for k equal ones, close to 1 for one dominant direction.
func ExampleEffectiveRank() {
	fmt.Printf("%.3f\n", spectral.EffectiveRank([]float64{1, 1, 1, 0}))
	fmt.Printf("%.3f\n", spectral.EffectiveRank([]float64{1, 0.01, 0.01}))
	// Output:
	// 3.000
	// 1.116
}

// The predicted limit of SMD for completion depends on the mirror map: the
// Frobenius potential (SGD) leaves the unobserved entries at W₀ = 0, the
// spectral hypentropy fills them in, and the minimum-nuclear-norm
// interpolator — the limit of the spectral family as β → 0 — recovers the
// rank-2 matrix here.
func ExampleProject() {
	M, _ := planted.LowRank(20, 20, 2, 1)
	obs, _ := planted.BernoulliMask(20, 20, 0.5, 1)
	meas, _ := spectral.NewCompletion(M, obs)
	W0 := mat.NewDense(20, 20, nil)
	fro, _ := spectral.NewFrobenius(20, 20)
	hyp, _ := spectral.NewSpectralHypentropy(20, 20, 0.01)
	for _, p := range []implicitbias.Potential{fro, hyp} {
		pr, err := spectral.Project(p, meas, W0, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-36v recovery error %.2f\n", p, spectral.RelativeError(pr.W, M))
	}
	nuc, err := spectral.NuclearNormInterpolator(meas, spectral.NuclearSettings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%-36s recovery error %.2f\n", "minimum nuclear norm", spectral.RelativeError(nuc.W, M))
	// Output:
	// frobenius(20×20)                     recovery error 0.65
	// spectral-hypentropy(β=0.01, 20×20)   recovery error 0.26
	// minimum nuclear norm                 recovery error 0.00
}
