package exercises

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
	"github.com/implicitbias/course/lib/implicitbias/spectral"
)

// Ch04 holds the check functions of chapter 04 (matrix stochastic mirror
// descent): exercises.Ch04.Q1(answer), …
var Ch04 ch04

type ch04 struct{}

// The chapter's problems (notebooks/04-matrix-smd.ipynb).
const (
	// Multi-class problem: n samples in dimension d, k classes, a planted
	// rank-2 scorer, test samples for the accuracy.
	Ch04N, Ch04D, Ch04K, Ch04NTest = 20, 40, 5, 1000
	// Completion problem: a rank-2 Ch04Size×Ch04Size matrix, entries
	// observed with probability Ch04ObsProb, mini-batches of Ch04Batch
	// entries.
	Ch04Size, Ch04Rank, Ch04Batch = 20, 2, 20
	Ch04ObsProb                   = 0.5
	ch04Seed                      = 1
)

// Ch04Classes is the multi-class problem of Experiment 1: inputs X (n×d,
// N(0, 1/d) entries), one-hot targets Y (n×k) of the labels
// argmax_c (xᵢᵀW⋆)_c of a planted rank-2 W⋆ with ‖W⋆‖₂ = 1, the
// measurements of the multi-output model Wᵀxᵢ = yᵢ, and fresh test data.
type Ch04Classes struct {
	X, Y, WStar *mat.Dense
	Meas        *spectral.Measurements
	XTest       *mat.Dense
	LabelsTest  []int
	// StepUnit is 1/maxᵢ‖xᵢ‖², the scale of single-sample steps.
	StepUnit float64
}

// Ch04ClassProblem returns the multi-class problem of the chapter.
func Ch04ClassProblem() *Ch04Classes {
	X, err := planted.GaussianDesign(Ch04N, Ch04D, ch04Seed)
	if err != nil {
		panic(err) // the chapter's constants are valid
	}
	Ws, err := planted.LowRank(Ch04D, Ch04K, 2, ch04Seed)
	if err != nil {
		panic(err)
	}
	Xt, err := planted.GaussianDesign(Ch04NTest, Ch04D, ch04Seed+100)
	if err != nil {
		panic(err)
	}
	labels := ch04Labels(X, Ws)
	Y := mat.NewDense(Ch04N, Ch04K, nil)
	for i, c := range labels {
		Y.Set(i, c, 1)
	}
	meas, err := spectral.NewMultiOutput(X, Y)
	if err != nil {
		panic(err)
	}
	var mx float64
	for i := range Ch04N {
		r := X.RawRowView(i)
		var s float64
		for _, v := range r {
			s += v * v
		}
		mx = math.Max(mx, s)
	}
	return &Ch04Classes{X: X, Y: Y, WStar: Ws, Meas: meas, XTest: Xt, LabelsTest: ch04Labels(Xt, Ws), StepUnit: 1 / mx}
}

// ch04Labels returns argmax_c (xᵢᵀW)_c for every row xᵢ of X.
func ch04Labels(X, W *mat.Dense) []int {
	var S mat.Dense
	S.Mul(X, W)
	n, k := S.Dims()
	out := make([]int, n)
	for i := range n {
		for c := 1; c < k; c++ {
			if S.At(i, c) > S.At(i, out[i]) {
				out[i] = c
			}
		}
	}
	return out
}

// Accuracy returns the fraction of test samples whose label is
// argmax_c (xᵀW)_c.
func (p *Ch04Classes) Accuracy(W *mat.Dense) float64 {
	pred := ch04Labels(p.XTest, W)
	var ok float64
	for i, c := range pred {
		if c == p.LabelsTest[i] {
			ok++
		}
	}
	return ok / float64(len(pred))
}

// Ch04Completion is the matrix-completion problem of Experiments 2–4: a
// planted rank-2 M (20×20, ‖M‖₂ = 1), a Bernoulli(0.5) mask Ω and the
// completion measurements.
type Ch04Completion struct {
	M        *mat.Dense
	Observed [][2]int
	Meas     *spectral.Measurements
}

// Ch04CompletionProblem returns the completion problem of the chapter.
func Ch04CompletionProblem() *Ch04Completion {
	M, err := planted.LowRank(Ch04Size, Ch04Size, Ch04Rank, ch04Seed)
	if err != nil {
		panic(err)
	}
	obs, err := planted.BernoulliMask(Ch04Size, Ch04Size, Ch04ObsProb, ch04Seed)
	if err != nil {
		panic(err)
	}
	meas, err := spectral.NewCompletion(M, obs)
	if err != nil {
		panic(err)
	}
	return &Ch04Completion{M: M, Observed: obs, Meas: meas}
}

// ZeroFill returns W₀ with the observed entries replaced by those of M.
func (p *Ch04Completion) ZeroFill(W0 *mat.Dense) *mat.Dense {
	Z := mat.DenseCopyOf(W0)
	for _, e := range p.Observed {
		Z.Set(e[0], e[1], p.M.At(e[0], e[1]))
	}
	return Z
}

// Ch04Map is a mirror map of the chapter with the step used with it.
type Ch04Map struct {
	Name      string
	Potential ib.Potential
	// Step is the step η of the run (for completion runs with mean
	// gradients over Ch04Batch entries, η/Ch04Batch per entry).
	Step float64
	// Spectral reports whether ψ is unitarily invariant.
	Spectral bool
}

func ch04Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Ch04ClassMaps returns the mirror maps of Experiment 1 with steps
// η·maxᵢ‖xᵢ‖² = 1 (single-sample). The entrywise hypentropy is the library's
// vector Hypentropy(α), α = √(β/2), which is ¼ of the spectral f; its step
// 1/4 of the others is the same step in the spectral normalisation.
func Ch04ClassMaps(p *Ch04Classes) []Ch04Map {
	d, k := Ch04D, Ch04K
	u := p.StepUnit
	return []Ch04Map{
		{"SGD (Frobenius)", ch04Must(spectral.NewFrobenius(d, k)), u, true},
		{"Schatten p = 1.5", ch04Must(spectral.NewSchattenPower(d, k, 1.5)), u, true},
		{"spectral hypentropy β = 0.1", ch04Must(spectral.NewSpectralHypentropy(d, k, 0.1)), u, true},
		{"entrywise hypentropy β = 0.1", ch04Must(spectral.NewEntrywise(d, k, ch04Must(ib.NewHypentropy(math.Sqrt(0.05))))), u / 4, false},
	}
}

// Ch04CompletionMaps returns the mirror maps of Experiment 2 with their
// steps (mean gradients over mini-batches of Ch04Batch entries, so
// η/Ch04Batch per entry).
func Ch04CompletionMaps() []Ch04Map {
	n := Ch04Size
	b := float64(Ch04Batch)
	return []Ch04Map{
		{"SGD (Frobenius)", ch04Must(spectral.NewFrobenius(n, n)), 1 * b, true},
		{"Schatten p = 1.5", ch04Must(spectral.NewSchattenPower(n, n, 1.5)), 0.8 * b, true},
		{"spectral hypentropy β = 0.1", ch04Must(spectral.NewSpectralHypentropy(n, n, 0.1)), 1.5 * b, true},
		{"spectral hypentropy β = 0.03", ch04Must(spectral.NewSpectralHypentropy(n, n, 0.03)), 1.5 * b, true},
		{"entrywise hypentropy β = 0.03", ch04Must(spectral.NewEntrywise(n, n, ch04Must(ib.NewHypentropy(math.Sqrt(0.015))))), 1.5 / 4 * b, false},
	}
}

// Q1 checks the prediction of whether, in the chapter's multi-class model
// from W₀ = 0, SMD with the Schatten-1.2 potential ends at the "same"
// interpolator as SGD or a "different" one. The answer is computed from the
// two Bregman projections.
func (ch04) Q1(answer string) Result {
	const ex = "Ch04.Q1"
	p := Ch04ClassProblem()
	zero := mat.NewDense(Ch04D, Ch04K, nil)
	sp, err := spectral.NewSchattenPower(Ch04D, Ch04K, 1.2)
	if err != nil {
		return Report(NotYet(ex, "the check could not build the potential: "+err.Error(), "report this as a bug"))
	}
	a, err1 := spectral.Project(sp, p.Meas, zero, nil)
	b, err2 := spectral.Project(ch04Must(spectral.NewFrobenius(Ch04D, Ch04K)), p.Meas, zero, nil)
	if err1 != nil || err2 != nil {
		return Report(NotYet(ex, fmt.Sprintf("the check could not project: %v %v", err1, err2), "report this as a bug"))
	}
	want := "different"
	if spectral.RelativeError(a.W, b.W) < 1e-6 {
		want = "same"
	}
	return Report(CheckChoice(ex, answer, want, []string{"same", "different"},
		"where do the columns of Θ_t = ∇ψ(W_t) live when every gradient is xᵢrᵀ?"))
}

// Q2 checks the value that SGD (the Frobenius potential) on the chapter's
// completion problem, started from W₀ = 0.2·𝟙𝟙ᵀ, gives to the unobserved
// entry of M with the smallest row-major index. The answer comes from the
// closed-form projection.
func (ch04) Q2(value float64) Result {
	const ex = "Ch04.Q2"
	p := Ch04CompletionProblem()
	W0 := mat.NewDense(Ch04Size, Ch04Size, nil)
	for i := range Ch04Size {
		for j := range Ch04Size {
			W0.Set(i, j, 0.2)
		}
	}
	pr, err := spectral.Project(ch04Must(spectral.NewFrobenius(Ch04Size, Ch04Size)), p.Meas, W0, nil)
	if err != nil {
		return Report(NotYet(ex, "the check could not project: "+err.Error(), "report this as a bug"))
	}
	i, j := ch04FirstUnobserved(p)
	// The closed form is exact up to one rounding; 1e-9 accepts any
	// correct derivation and rejects a value read off M.
	return Report(CheckNumber(ex, fmt.Sprintf("the SGD limit at the unobserved entry (%d, %d)", i, j), value, pr.W.At(i, j), 1e-9,
		"which entries of ∇L_{(i,j)} = (W_ij − M_ij) e_i e_jᵀ are ever non-zero?"))
}

// ch04FirstUnobserved returns the unobserved entry of the completion
// problem with the smallest row-major index.
func ch04FirstUnobserved(p *Ch04Completion) (int, int) {
	seen := make(map[[2]int]bool, len(p.Observed))
	for _, e := range p.Observed {
		seen[e] = true
	}
	for i := range Ch04Size {
		for j := range Ch04Size {
			if !seen[[2]int{i, j}] {
				return i, j
			}
		}
	}
	return -1, -1
}

// Q3 checks an exercise in two parts. Before running: with the spectral
// hypentropy at β = 0.003, is the completion recovery error ‖W∞ − M‖_F/‖M‖_F
// "between" those at β = 0.01 and β = 0.001, "below" both or "above" both?
// After running: its value, measured on the Bregman projection of W₀ = 0.
func (ch04) Q3(prediction string, recoveryError float64) Result {
	const ex = "Ch04.Q3"
	p := Ch04CompletionProblem()
	zero := mat.NewDense(Ch04Size, Ch04Size, nil)
	errAt := func(beta float64) (float64, error) {
		h, err := spectral.NewSpectralHypentropy(Ch04Size, Ch04Size, beta)
		if err != nil {
			return 0, err
		}
		pr, err := spectral.Project(h, p.Meas, zero, nil)
		if err != nil {
			return 0, err
		}
		return spectral.RelativeError(pr.W, p.M), nil
	}
	var e [3]float64
	for i, beta := range []float64{0.01, 0.003, 0.001} {
		v, err := errAt(beta)
		if err != nil {
			return Report(NotYet(ex, "the check could not project: "+err.Error(), "report this as a bug"))
		}
		e[i] = v
	}
	want := "between"
	switch {
	case e[1] < math.Min(e[0], e[2]):
		want = "below"
	case e[1] > math.Max(e[0], e[2]):
		want = "above"
	}
	r1 := Report(CheckChoice(ex+" (prediction)", prediction, want, []string{"between", "below", "above"},
		"Experiment 2 plots the recovery error against β"))
	// The projection is solved to a relative residual 1e-10; 1e-3
	// relative accepts the error read off to three digits.
	r2 := Report(CheckNumber(ex+" (measurement)", "the recovery error at β = 0.003", recoveryError, e[1], 1e-3,
		"spectral.Project with spectral.NewSpectralHypentropy(20, 20, 0.003) from W₀ = 0, then spectral.RelativeError(W, M)"))
	switch {
	case r1.Right && r2.Right:
		return Right(ex, "prediction and measurement are both right")
	case r1.Unanswered || r2.Unanswered:
		return Unanswered(ex, "answer both parts (see the two lines above)")
	}
	return NotYet(ex, "see the two lines above", "")
}
