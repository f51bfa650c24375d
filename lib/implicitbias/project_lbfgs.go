package implicitbias

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
)

// projectLBFGS minimises the dual function of prob over λ (updated in
// place) with gonum's L-BFGS, stopping when ‖∇g‖ = ‖Ax(λ) − y‖ ≤
// tol·(1 + ‖y‖). gonum may stop with "linesearch failed" at the optimum,
// when g no longer resolves the decrease; the result is accepted if the
// residual is then below 100·tol·(1 + ‖y‖). Points outside the dual domain
// get g = +Inf, which makes the line search back off.
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
