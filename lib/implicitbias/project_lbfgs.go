package implicitbias

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// projectLBFGS minimises the dual function of prob over λ (updated in
// place) with gonum's L-BFGS (Liu and Nocedal, Math. Program. 45, 1989)
// until the relative residual prob.relResidual() is at most tol, then
// polishes the result with polishFD. It returns the number of L-BFGS
// iterations and, if tol was not met, a note saying why (empty on
// success). prob must have been evaluated at λ (inside the dual domain);
// on return it is evaluated at the final λ.
//
// Points outside the dual domain get g = +Inf, which makes the line search
// back off. gonum may stop with "linesearch failed" near the optimum, when
// g no longer resolves the decrease; the polish then takes over, because
// it needs only the residual, which stays accurate there.
func projectLBFGS(prob *dualProblem, lam []float64, tol float64, maxIter int) (int, string) {
	if prob.relResidual() <= tol {
		return 0, ""
	}
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
	settings := &optimize.Settings{
		MajorIterations: maxIter,
		Converger:       &residualConverger{prob: prob, tol: tol},
	}
	res, err := optimize.Minimize(optimize.Problem{Func: f, Grad: grad}, lam, settings, &optimize.LBFGS{})
	it := 0
	if res != nil {
		it = res.Stats.MajorIterations
		if prob.eval(res.X) {
			copy(lam, res.X)
		}
	}
	prob.eval(lam)
	polishFD(prob, lam)
	if prob.relResidual() <= tol {
		return it, ""
	}
	switch {
	case err != nil:
		return it, fmt.Sprintf("L-BFGS stopped: %v; the finite-difference Newton polish did not reach Tol", err)
	case res != nil && res.Status == optimize.IterationLimit:
		return it, "MaxIter reached"
	case res != nil:
		return it, fmt.Sprintf("L-BFGS stopped with status %v", res.Status)
	}
	return it, "L-BFGS failed"
}

// residualConverger stops L-BFGS when the relative residual meets tol (the
// gradient of g is the residual Ax − y).
type residualConverger struct {
	prob *dualProblem
	tol  float64
}

func (c *residualConverger) Init(int) {}

func (c *residualConverger) Converged(loc *optimize.Location) optimize.Status {
	if c.prob.eval(loc.X) && c.prob.relResidual() <= c.tol {
		return optimize.GradientThreshold
	}
	return optimize.NotTerminated
}

// polishMaxSteps bounds the Newton steps of polishFD.
const polishMaxSteps = 30

// polishFD refines λ by Newton steps on F(λ) = Ax(λ) − y, the exact
// gradient of the dual function, while each step at least halves ‖F‖ —
// so it stops at the rounding level — and for at most polishMaxSteps
// steps. The Jacobian J = A ∇²ψ*(θ) Aᵀ is formed by central differences of
// ∇ψ* along the rows aⱼ of A,
//
//	J eⱼ ≈ A [∇ψ*(θ + hⱼaⱼ) − ∇ψ*(θ − hⱼaⱼ)] / (2hⱼ),
//
// (2n evaluations of ∇ψ*), symmetrised (J is symmetric positive
// semidefinite) and factorised like the Newton system of the separable
// case, with jitter if it is numerically singular. The step hⱼ moves θ by
// δ = (ε·max(1, ‖θ‖∞))^⅓ in the max-norm, which balances the O(δ²)
// truncation error against the rounding error ε‖θ‖∞/δ of θ ± hⱼaⱼ
// (Nocedal and Wright, "Numerical Optimization", 2006, §8.1). The first
// step length 1, ½, ¼, … that reduces ‖F‖ is taken; a Jacobian off by a
// constant factor therefore shows up as a step that does not halve ‖F‖,
// which ends the polish above the rounding level.
func polishFD(prob *dualProblem, lam []float64) {
	n, d := prob.A.Dims()
	J := mat.NewDense(n, n, nil)
	H := mat.NewSymDense(n, nil)
	xp := make([]float64, d)
	col := mat.NewVecDense(n, nil)
	diff := mat.NewVecDense(d, nil)
	trial := make([]float64, n)
	dir := mat.NewVecDense(n, nil)
	rV := mat.NewVecDense(n, nil)
	var chol mat.Cholesky
	if !prob.eval(lam) {
		return
	}
	for range polishMaxSteps {
		rn := floats.Norm(prob.r, 2)
		if rn == 0 {
			return
		}
		copy(rV.RawVector().Data, prob.r)
		delta := math.Cbrt(2.2e-16 * math.Max(1, floats.Norm(prob.theta, math.Inf(1))))
		for j := range n {
			aj := prob.A.RawRowView(j)
			h := delta / floats.Norm(aj, math.Inf(1))
			copy(trial, lam)
			trial[j] = lam[j] + h
			if !prob.eval(trial) {
				prob.eval(lam)
				return
			}
			copy(xp, prob.x)
			trial[j] = lam[j] - h
			if !prob.eval(trial) {
				prob.eval(lam)
				return
			}
			dd := diff.RawVector().Data
			for i := range d {
				dd[i] = (xp[i] - prob.x[i]) / (2 * h)
			}
			col.MulVec(prob.A, diff)
			J.SetCol(j, col.RawVector().Data)
		}
		for i := range n {
			for j := i; j < n; j++ {
				H.SetSym(i, j, (J.At(i, j)+J.At(j, i))/2)
			}
		}
		if !factorJittered(H, &chol) {
			prob.eval(lam)
			return
		}
		if err := chol.SolveVecTo(dir, rV); err != nil && !isCondition(err) {
			prob.eval(lam)
			return
		}
		improved := false
		for step := 1.0; step > 1e-3; step /= 2 {
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
		// prob is evaluated at the new λ.
		if floats.Norm(prob.r, 2) > rn/2 {
			return // no longer converging: the rounding level
		}
	}
}
