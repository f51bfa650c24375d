package implicitbias

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// polishFD refines λ by a few Newton steps on Ax(λ) = y whose Jacobian
// A·∂x/∂λ is formed by central differences (2n evaluations of ∇ψ*).
// The gradient is exact, so the approximate Jacobian (relative error ~1e-10)
// only slows Newton to a linear rate of that order; a step is taken only if
// it reduces ‖Ax − y‖. This lifts the L-BFGS result, often stopped by
// gonum's line search near 1e-9, to the rounding level.
func polishFD(prob *dualProblem, lam []float64, stop float64) {
	n, d := prob.A.Dims()
	J := mat.NewDense(n, n, nil)
	xp, xm := make([]float64, d), make([]float64, d)
	col := mat.NewVecDense(n, nil)
	diff := mat.NewVecDense(d, nil)
	trial := make([]float64, n)
	dir := mat.NewVecDense(n, nil)
	for range 8 {
		if !prob.eval(lam) {
			return
		}
		rn := floats.Norm(prob.r, 2)
		if rn <= stop*1e-2 {
			return
		}
		r := mat.NewVecDense(n, append([]float64(nil), prob.r...))
		for j := range n {
			h := 1e-5 * (1 + math.Abs(lam[j]))
			copy(trial, lam)
			trial[j] = lam[j] + h
			if !prob.eval(trial) {
				return
			}
			copy(xp, prob.x)
			trial[j] = lam[j] - h
			if !prob.eval(trial) {
				return
			}
			copy(xm, prob.x)
			for i := range d {
				diff.SetVec(i, (xp[i]-xm[i])/(2*h))
			}
			col.MulVec(prob.A, diff)
			J.SetCol(j, col.RawVector().Data)
		}
		if err := dir.SolveVec(J, r); err != nil && !isCondition(err) {
			return
		}
		improved := false
		for step := 1.0; step > 1e-4; step /= 2 {
			for i := range lam {
				trial[i] = lam[i] - step*dir.AtVec(i)
			}
			if prob.eval(trial) && floats.Norm(prob.r, 2) < rn {
				copy(lam, trial)
				improved = true
				break
			}
		}
		if !improved {
			prob.eval(lam)
			return
		}
	}
	prob.eval(lam)
}

// projectLBFGS minimises the dual function of prob over λ (updated in
// place) with gonum's L-BFGS, stopping when ‖∇g‖ = ‖Ax(λ) − y‖ ≤
// tol·(1 + ‖y‖). gonum may stop with "linesearch failed" at the optimum,
// when g no longer resolves the decrease; the result is accepted if the
// residual is then below 100·tol·(1 + ‖y‖). Points outside the dual domain
// get g = +Inf, which makes the line search back off. The L-BFGS result is
// then polished by polishFD.
func projectLBFGS(prob *dualProblem, lam []float64, tol float64, maxIter int) (int, error) {
	yNorm := floats.Norm(prob.y, 2)
	stop := tol * (1 + yNorm)
	f := func(l []float64) float64 {
		if !prob.eval(l) {
			return math.Inf(1)
		}
		return prob.g
	}
	grad := func(g, l []float64) {
		if !prob.eval(l) {
			for i := range g {
				g[i] = math.NaN()
			}
			return
		}
		copy(g, prob.r)
	}
	if !prob.eval(lam) {
		return 0, fmt.Errorf("the starting dual point (Lambda0) is outside the dual domain")
	}
	if floats.Norm(prob.r, 2) <= stop {
		return 0, nil
	}
	settings := &optimize.Settings{
		GradientThreshold: stop,
		MajorIterations:   maxIter,
		Converger:         optimize.NeverTerminate{},
	}
	res, err := optimize.Minimize(optimize.Problem{Func: f, Grad: grad}, lam, settings, &optimize.LBFGS{})
	if res == nil {
		return 0, fmt.Errorf("L-BFGS failed: %w", err)
	}
	copy(lam, res.X)
	prob.eval(lam)
	polishFD(prob, lam, stop)
	rn := floats.Norm(prob.r, 2)
	if rn <= stop || (err != nil && rn <= 100*stop) {
		return res.Stats.MajorIterations, nil
	}
	if err == nil {
		err = fmt.Errorf("status %v", res.Status)
	}
	return res.Stats.MajorIterations, fmt.Errorf("dual L-BFGS did not converge after %d iterations (relative residual %.3g > tol %.3g): %w",
		res.Stats.MajorIterations, rn/(1+yNorm), tol, err)
}
