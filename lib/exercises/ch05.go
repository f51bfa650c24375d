package exercises

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/signdescent"
)

// Chapter 05 (smoothed sign descent, notebooks/05-smoothed-sign-descent.ipynb):
// the problems and parameters its experiments share, and its check
// functions exercises.Ch05.Q1(…), ….

// Ch05Alpha is the initial scale α of every experiment of chapter 05.
const Ch05Alpha = 0.1

// Ch05StageT and Ch05LineT are the horizons of the stage experiments
// (Fig. 1 analogue) and of the experiments on the line problem (Figs. 2–3).
const (
	Ch05StageT = 3.0
	Ch05LineT  = 6.0
)

// Ch05StageProblem returns the data of the Fig-1 analogue: N = 2 samples in
// D = 5 with disjoint supports, x⁽¹⁾ = (1, −0.6, 0, 0, 0),
// x⁽²⁾ = (0, 0, 0.8, 0.5, −0.7), y = (1, −1.2). With α = 0.1 it satisfies
// Assumptions 3.2 and 3.3 of Wang and Klabjan for ε ≤ 0.0267.
func Ch05StageProblem() *signdescent.Problem {
	X := mat.NewDense(2, 5, []float64{1, -0.6, 0, 0, 0, 0, 0, 0.8, 0.5, -0.7})
	return ch05Problem(X, []float64{1, -1.2})
}

// Ch05LineProblem returns the data of the Fig-2/3 analogue: one sample in
// the plane, x = (1, −0.5), y = 1, whose solutions form a line. With
// α = 0.1 the admissible range of ε is [0, 0.0222].
func Ch05LineProblem() *signdescent.Problem {
	return ch05Problem(mat.NewDense(1, 2, []float64{1, -0.5}), []float64{1})
}

func ch05Problem(X *mat.Dense, y []float64) *signdescent.Problem {
	p, err := signdescent.NewProblem(X, mat.NewVecDense(len(y), y))
	if err != nil {
		panic(err) // the chapter's constants are valid
	}
	return p
}

// Ch05StageEps returns the two ε of the Fig-1 analogue, 0.002 and 0.01.
func Ch05StageEps() []float64 { return []float64{0.002, 0.01} }

// Ch05PathEps returns the five ε of the Fig-2 analogue.
func Ch05PathEps() []float64 { return []float64{0.001, 0.002, 0.005, 0.01, 0.02} }

// Ch05EpsGrid returns the ε grid of the Fig-3 analogue, 0.001, 0.002, …, 0.02.
func Ch05EpsGrid() []float64 {
	g := make([]float64, 20)
	for k := range g {
		g[k] = 0.001 * float64(k+1)
	}
	return g
}

// Ch05 holds the check functions of chapter 05.
var Ch05 ch05

type ch05 struct{}

// ch05T0 returns T₀ of the flow on the stage problem with ε = 0.002 and the
// given α.
func ch05T0(alpha float64) (float64, error) {
	tr, err := signdescent.Flow(Ch05StageProblem(), signdescent.Model{Alpha: alpha, Eps: 0.002},
		signdescent.FlowSettings{T: Ch05StageT})
	if err != nil {
		return 0, err
	}
	return tr.T0, nil
}

// Q1 checks an exercise in two parts on the stage problem with ε = 0.002.
// Before running: halving α from 0.1 to 0.05 makes the initial stage
// "shorter", "about the same" or "longer"? After running: the measured T₀
// at α = 0.05.
func (ch05) Q1(prediction string, t0 float64) Result {
	const ex = "Ch05.Q1"
	base, err := ch05T0(Ch05Alpha)
	if err != nil {
		return Report(NotYet(ex, "the check could not run the flow: "+err.Error(), "report this as a bug"))
	}
	half, err := ch05T0(Ch05Alpha / 2)
	if err != nil {
		return Report(NotYet(ex, "the check could not run the flow: "+err.Error(), "report this as a bug"))
	}
	want := "about the same"
	switch {
	case half < 0.8*base:
		want = "shorter"
	case half > 1.25*base:
		want = "longer"
	}
	r1 := Report(CheckChoice(ex+" (prediction)", prediction, want, []string{"shorter", "about the same", "longer"},
		"in the initial stage the non-dominating weights v fall from α at speed close to 1"))
	// T₀ is located as an ODE event to about 1e-9; a relative 1e-3 accepts
	// a value read off to three digits.
	r2 := Report(CheckNumber(ex+" (measurement)", "T₀ at α = 0.05", t0, half, 1e-3,
		"run signdescent.Flow with Model{Alpha: 0.05, Eps: 0.002} and read Trajectory.T0"))
	return ch05Both(ex, r1, r2)
}

// Q2 checks the largest ε admitted by Assumption 3.3 for the line problem
// x = (1, −0.5), y = 1 when α = 0.15, worked out by hand from the
// inequalities (18) and (19).
func (ch05) Q2(epsMax float64) Result {
	const ex = "Ch05.Q2"
	want, err := signdescent.EpsRange(Ch05LineProblem(), 0.15)
	if err != nil {
		return Report(NotYet(ex, "the check could not compute the range: "+err.Error(), "report this as a bug"))
	}
	// A hand computation to four digits is accepted; a wrong constant or
	// the wrong binding inequality is off by more than 3 %.
	return Report(CheckNumber(ex, "the largest admissible ε at α = 0.15", epsMax, want, 1e-3,
		"evaluate both (18) and the left half of (19) for each coordinate; the smallest bound binds"))
}

// ch05Depth3 returns u₀(T)/u₀(T₀) for the depth-3 flow on the line problem
// (α = 0.1, ε = 0.002).
func ch05Depth3() (float64, error) {
	p := Ch05LineProblem()
	m := signdescent.Model{Alpha: Ch05Alpha, Eps: 0.002, Depth: 3}
	tr, err := signdescent.Flow(p, m, signdescent.FlowSettings{T: Ch05LineT})
	if err != nil {
		return 0, err
	}
	if math.IsNaN(tr.T0) || math.IsNaN(tr.TEnd) {
		return 0, fmt.Errorf("the depth-3 flow has no sign-descent stage (T₀ = %v, T = %v)", tr.T0, tr.TEnd)
	}
	at, err := signdescent.Flow(p, m, signdescent.FlowSettings{T: Ch05LineT, Times: []float64{tr.T0, tr.TEnd}})
	if err != nil {
		return 0, err
	}
	return at.U.At(1, 0) / at.U.At(0, 0), nil
}

// Q3 checks the optional exercise on the depth-H remark (no theorem): for
// H = 3 the dual coordinate is proportional to u², so is its speed over
// the sign-descent stage "constant", "increasing" or "decreasing"? And the
// measured factor u₁(T)/u₁(T₀) (first coordinate) of the depth-3 flow on
// the line problem.
func (ch05) Q3(prediction string, ratio float64) Result {
	const ex = "Ch05.Q3"
	want, err := ch05Depth3()
	if err != nil {
		return Report(NotYet(ex, "the check could not run the depth-3 flow: "+err.Error(), "report this as a bug"))
	}
	r1 := Report(CheckChoice(ex+" (prediction)", prediction, "increasing", []string{"constant", "increasing", "decreasing"},
		"differentiate u² in time, with u̇ close to 1 while |∇_uL| ≫ ε"))
	// Stage times located to ~1e-9; a relative 1e-3 accepts three digits.
	r2 := Report(CheckNumber(ex+" (measurement)", "u₁(T)/u₁(T₀) at depth 3", ratio, want, 1e-3,
		"Flow with Model{Alpha: 0.1, Eps: 0.002, Depth: 3}, then a second Flow with Times: []float64{T0, TEnd}"))
	return ch05Both(ex, r1, r2)
}

// ch05Both combines the verdicts on a prediction and a measurement.
func ch05Both(ex string, r1, r2 Result) Result {
	switch {
	case r1.Right && r2.Right:
		return Right(ex, "prediction and measurement are both right")
	case r1.Unanswered || r2.Unanswered:
		return Unanswered(ex, "answer both parts (see the two lines above)")
	}
	return NotYet(ex, "see the two lines above", "")
}
