package exercises

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/matfact"
	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// Ch06 holds the check functions of chapter 06 (deep matrix
// factorisation): exercises.Ch06.Q1(answer), …
var Ch06 ch06

type ch06 struct{}

// The parameters of chapter 06 (notebooks/06-deep-matrix-factorization.ipynb).
const (
	// Denoising: d×d target of rank 3, depth N, init scale α, step η, K
	// iterations, plateau tolerance δ.
	Ch06D, Ch06Depth, Ch06Iterations = 8, 3, 6000
	Ch06Alpha, Ch06Step, Ch06Delta   = 0.1, 0.02, 0.05
	Ch06NoiseLevel                   = 0.05
	// Sensing: d×d target of rank 2 from m < d² Gaussian measurements.
	Ch06SensingD, Ch06SensingM, Ch06SensingIterations = 10, 60, 3000
	Ch06SensingStep                                   = 0.1
	ch06Seed                                          = 0
)

// Ch06Truth lists the non-zero eigenvalues of the chapter's ground truth Y.
var Ch06Truth = []float64{4, 2, 1}

// Ch06Denoising is the chapter's estimation problem: a symmetric ground
// truth Y = Q diag(4, 2, 1, 0, …, 0) Qᵀ (Q Haar-orthogonal), symmetric
// noise Z = σ(G + Gᵀ)/√2 and the observation Ŷ = Y + Z with eigenvalues
// ŷ_1 ≥ … ≥ ŷ_d and orthonormal eigenvectors V (columns in the same order).
type Ch06Denoising struct {
	Y, Z, Yhat, V *mat.Dense
	Eig           []float64
}

// ch06Orthonormal returns a d×r matrix with orthonormal columns (QR of a
// Gaussian matrix from PCG(seed, stream)). planted.LowRank fixes σ₁ = 1
// and Gaussian factors instead of a prescribed spectrum, hence this helper.
func ch06Orthonormal(d, r int, seed, stream uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, stream))
	g := mat.NewDense(d, r, nil)
	for i := 0; i < d; i++ {
		for j := 0; j < r; j++ {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	return mat.DenseCopyOf(q.Slice(0, d, 0, r))
}

// NewCh06Denoising returns the chapter's denoising problem (seed 0).
func NewCh06Denoising() *Ch06Denoising {
	const d = Ch06D
	q := ch06Orthonormal(d, d, ch06Seed, 1)
	diag := make([]float64, d)
	copy(diag, Ch06Truth)
	p := &Ch06Denoising{Y: mat.NewDense(d, d, nil), Z: mat.NewDense(d, d, nil), Yhat: mat.NewDense(d, d, nil)}
	p.Y.Product(q, mat.NewDiagDense(d, diag), q.T())
	rng := rand.New(rand.NewPCG(ch06Seed, 2))
	g := make([]float64, d*d)
	for i := range g {
		g[i] = rng.NormFloat64()
	}
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			p.Z.Set(i, j, Ch06NoiseLevel*(g[i*d+j]+g[j*d+i])/math.Sqrt2)
		}
	}
	p.Yhat.Add(p.Y, p.Z)
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(d, mat.DenseCopyOf(p.Yhat).RawMatrix().Data), true) {
		panic("exercises: eigendecomposition of the chapter's observation failed")
	}
	vals := es.Values(nil)
	var vecs mat.Dense
	es.VectorsTo(&vecs)
	idx := make([]int, d)
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return vals[idx[a]] > vals[idx[b]] })
	p.V = mat.NewDense(d, d, nil)
	p.Eig = make([]float64, d)
	for k, i := range idx {
		p.Eig[k] = vals[i]
		p.V.SetCol(k, mat.Col(nil, i, &vecs))
	}
	return p
}

// Projection returns P_r(Ŷ) = Σ_{i≤r} ŷ_i v_i v_iᵀ, the best rank-r
// approximation of Ŷ (for r below the number of positive ŷ_i).
func (p *Ch06Denoising) Projection(r int) *mat.Dense {
	d, _ := p.Yhat.Dims()
	out := mat.NewDense(d, d, nil)
	for i := 0; i < r; i++ {
		v := p.V.ColView(i)
		var o mat.Dense
		o.Outer(p.Eig[i], v, v)
		out.Add(out, &o)
	}
	return out
}

// Loss returns ½‖W − Ŷ‖²_F.
func (p *Ch06Denoising) Loss() *matfact.Estimation {
	l, err := matfact.NewEstimation(p.Yhat)
	if err != nil {
		panic(err) // the chapter's observation is finite
	}
	return l
}

// Ch06SensingProblem is the chapter's sensing problem: a rank-2 ground
// truth Y = U diag(3, 1.5) Wᵀ (W = U for the symmetric problem, an
// independent orthonormal W otherwise), m Gaussian measurement matrices A_l
// with N(0, 1/m) entries and b_l = ⟨A_l, Y⟩.
type Ch06SensingProblem struct {
	Y    *mat.Dense
	A    *mat.Dense
	B    *mat.VecDense
	Loss *matfact.Sensing
}

// NewCh06Sensing returns the chapter's sensing problem, symmetric or not.
func NewCh06Sensing(symmetric bool) *Ch06SensingProblem {
	const d, m = Ch06SensingD, Ch06SensingM
	u := ch06Orthonormal(d, 2, ch06Seed, 3)
	w := u
	if !symmetric {
		w = ch06Orthonormal(d, 2, ch06Seed, 4)
	}
	p := &Ch06SensingProblem{Y: mat.NewDense(d, d, nil)}
	p.Y.Product(u, mat.NewDiagDense(2, []float64{3, 1.5}), w.T())
	a, err := planted.GaussianSensing(m, d, d, ch06Seed)
	if err != nil {
		panic(err)
	}
	p.A = a
	p.B = mat.NewVecDense(m, nil)
	p.B.MulVec(a, mat.NewVecDense(d*d, mat.DenseCopyOf(p.Y).RawMatrix().Data))
	p.Loss, err = matfact.NewSensing(a, p.B, d, d)
	if err != nil {
		panic(err)
	}
	return p
}

// ch06Scalar runs the scalar recursion on the chapter's observation.
func ch06Scalar(depth int, alpha float64, iterations int) (*matfact.Trace, []float64, error) {
	p := NewCh06Denoising()
	tr, err := matfact.ScalarRecursion(p.Eig, depth, alpha, Ch06Step, iterations, 1)
	return tr, p.Eig, err
}

// Q1 checks a prediction made before running: the iteration k_2(½) at which
// the second eigenvalue of W reaches half of ŷ_2 for depth N = 2 from
// α = 0.1 at step η = 0.02, computed from the gradient-flow formula
// (t/η). It is compared with the iteration the scalar recursion (exactly
// GD's eigenvalues) observes.
func (ch06) Q1(k2 float64) Result {
	const ex = "Ch06.Q1"
	tr, eig, err := ch06Scalar(2, 0.1, 20000)
	if err != nil {
		return Report(NotYet(ex, "the check could not run the recursion: "+err.Error(), "report this as a bug"))
	}
	want := float64(matfact.HittingIterations(tr, eig, 0.5)[1])
	// The flow's t/η is within ~2% of the discrete count at this step; a
	// 4% tolerance accepts the formula and rejects t for the wrong mode
	// (a factor ŷ_1/ŷ_2 ≈ 2) or a missing factor 2 in 2ŷt.
	return Report(CheckNumber(ex, "k_2(1/2) for N = 2", k2, want, 0.04,
		"use t(θ) = ln((ŷ/α² − 1)θ/(1 − θ))/(2ŷ) with ŷ = ŷ_2 from the chapter's table, then divide by η"))
}

// Q2 checks a prediction made before running: going from α = 0.1 to
// α = 0.03 at depth N = 3, does the plateau W_1 (erank ≈ 1) become
// "longer", "shorter" or stay the "same" (as a ratio of its end to its
// start, the width on a log axis)?
func (ch06) Q2(answer string) Result {
	const ex = "Ch06.Q2"
	ratio := func(alpha float64) (float64, error) {
		tr, eig, err := ch06Scalar(3, alpha, 60000)
		if err != nil {
			return 0, err
		}
		w, ok := matfact.PlateauWindow(tr, eig, 1, Ch06Delta)
		if !ok || w.Empty() {
			return 0, nil
		}
		return float64(w.End) / float64(w.Start), nil
	}
	r1, err1 := ratio(0.1)
	r2, err2 := ratio(0.03)
	if err1 != nil || err2 != nil {
		return Report(NotYet(ex, fmt.Sprintf("the check could not run the recursion: %v %v", err1, err2), "report this as a bug"))
	}
	want := "same"
	switch {
	case r2 > 1.1*r1:
		want = "longer"
	case r2 < r1/1.1:
		want = "shorter"
	}
	return Report(CheckChoice(ex, answer, want, []string{"longer", "shorter", "same"},
		"for N = 3 the escape time of mode i is about α^{−(N−2)}/((N−2)ŷ_i): how do the escape times of modes 1 and 2 scale with α?"))
}

// Q3 checks a measurement: the smallest distance min_k ‖W(k) − Y‖_F to the
// clean target along GD at depth N = 2 from α = 0.1 (η = 0.02, K = 6000) on
// the chapter's problem.
func (ch06) Q3(best float64) Result {
	const ex = "Ch06.Q3"
	p := NewCh06Denoising()
	f, err := matfact.Identity(2, Ch06D, 0.1)
	if err != nil {
		return Report(NotYet(ex, "the check could not build the model: "+err.Error(), "report this as a bug"))
	}
	res, err := matfact.GD(f, p.Loss(), matfact.Settings{Step: Ch06Step, Iterations: Ch06Iterations, Probes: matfact.Probes{Every: 1, Truth: p.Y}})
	if err != nil {
		return Report(NotYet(ex, "the check could not run GD: "+err.Error(), "report this as a bug"))
	}
	_, want := res.Trace.EarlyStop()
	// The distance is recorded every step; 1e-3 relative accepts three
	// significant digits and rejects the N = 3 value or the final iterate.
	return Report(CheckNumber(ex, "min_k ‖W(k) − Y‖_F for N = 2", best, want, 1e-3,
		"run matfact.GD with Probes{Every: 1, Truth: p.Y} and read Trace.EarlyStop()"))
}

// Ch06SweepIterations is the length of the depth × scale sweep (scalar
// recursion), enough for N = 4 from α = 0.03 to fit the third mode.
const Ch06SweepIterations = 60000

// Ch06SensingRun is one of the chapter's sensing runs.
type Ch06SensingRun struct {
	Name      string
	Depth     int
	Alpha     float64
	Random    bool // random initialisation αG_j/√d (non-symmetric target)
	Symmetric bool // which sensing problem it runs on
}

// Ch06SensingRuns are the runs of the sensing experiment: N = 1, 2, 3 from
// αI on the symmetric target and N = 3 from a random start on the
// non-symmetric one.
var Ch06SensingRuns = []Ch06SensingRun{
	{Name: "N = 1, α = 1", Depth: 1, Alpha: 1, Symmetric: true},
	{Name: "N = 2, α = 0.1", Depth: 2, Alpha: 0.1, Symmetric: true},
	{Name: "N = 3, α = 0.1", Depth: 3, Alpha: 0.1, Symmetric: true},
	{Name: "N = 3, random α = 0.1", Depth: 3, Alpha: 0.1, Random: true},
}

// Run runs GD for the chapter's sensing experiment on p, recording the
// distance to Y and the spectrum every 10 steps.
func (c Ch06SensingRun) Run(p *Ch06SensingProblem) (*matfact.Result, error) {
	var f *matfact.Factorization
	var err error
	if c.Random {
		dims := make([]int, c.Depth+1)
		for i := range dims {
			dims[i] = Ch06SensingD
		}
		f, err = matfact.Random(dims, c.Alpha, ch06Seed)
	} else {
		f, err = matfact.Identity(c.Depth, Ch06SensingD, c.Alpha)
	}
	if err != nil {
		return nil, err
	}
	return matfact.GD(f, p.Loss, matfact.Settings{Step: Ch06SensingStep, Iterations: Ch06SensingIterations,
		Probes: matfact.Probes{Every: 10, Spectrum: true, Truth: p.Y}})
}
