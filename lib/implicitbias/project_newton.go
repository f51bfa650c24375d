package implicitbias

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// projectNewton minimises the dual function of prob over λ (updated in
// place) by Newton's method with the Hessian A diag(∇²ψ*(θ)) Aᵀ and Armijo
// backtracking. It returns the number of Newton iterations.
//
// Non-finite Hessian entries (e.g. QPower with q > 2 at θᵢ = 0) are capped
// and an all-zero Hessian (QPower with q < 2 at θ = 0) is replaced by the
// identity: any positive definite matrix yields a descent direction, and
// near the solution the true Hessian is used, so convergence stays
// quadratic. A step is accepted if it satisfies the Armijo condition on g,
// or if g did not increase beyond rounding while the residual decreased
// (close to the optimum g stops resolving the decrease).
func projectNewton(p Separable, prob *dualProblem, lam []float64, tol float64, maxIter int) (int, error) {
	n, d := prob.A.Dims()
	if !prob.eval(lam) {
		return 0, fmt.Errorf("the starting dual point (Lambda0) is outside the dual domain")
	}
	yNorm := floats.Norm(prob.y, 2)
	stop := tol * (1 + yNorm)

	h := make([]float64, d)
	B := mat.NewDense(n, d, nil)
	H := mat.NewSymDense(n, nil)
	var chol mat.Cholesky
	dir := mat.NewVecDense(n, nil)
	rV := mat.NewVecDense(n, nil)
	lamOld := make([]float64, n)
	rOld := make([]float64, n)

	for it := 0; ; it++ {
		rn := floats.Norm(prob.r, 2)
		if rn <= stop {
			return it, nil
		}
		if it == maxIter {
			return it, fmt.Errorf("dual Newton did not converge in %d iterations (relative residual %.3g > tol %.3g)",
				it, rn/(1+yNorm), tol)
		}
		p.HessStarDiag(h, prob.theta)
		sanitizeHess(h)
		if !newtonSystem(H, B, prob.A, h, &chol) {
			for i := range h {
				h[i] = 1
			}
			if !newtonSystem(H, B, prob.A, h, &chol) {
				return it, fmt.Errorf("dual Newton: singular system at iteration %d (relative residual %.3g)", it, rn/(1+yNorm))
			}
		}
		copy(rV.RawVector().Data, prob.r)
		if err := chol.SolveVecTo(dir, rV); err != nil && !isCondition(err) {
			return it, fmt.Errorf("dual Newton: solve failed at iteration %d: %w", it, err)
		}
		dd := dir.RawVector().Data
		slope := floats.Dot(prob.r, dd) // directional derivative of g along −d is −slope
		gOld := prob.g
		copy(lamOld, lam)
		copy(rOld, prob.r)
		accepted := false
		for step := 1.0; step > 1e-20; step /= 2 {
			for i := range lam {
				lam[i] = lamOld[i] - step*dd[i]
			}
			if !prob.eval(lam) {
				continue
			}
			if prob.g <= gOld-1e-4*step*slope {
				accepted = true
				break
			}
			roundoff := 64 * 2.2e-16 * (math.Abs(gOld) + math.Abs(prob.g))
			if prob.g <= gOld+roundoff && floats.Norm(prob.r, 2) < (1-1e-4*step)*rn {
				accepted = true
				break
			}
		}
		if !accepted {
			copy(lam, lamOld)
			prob.eval(lam)
			if rn <= 100*stop {
				return it, nil // rounding floor reached just above tol
			}
			return it, fmt.Errorf("dual Newton: line search failed at iteration %d (relative residual %.3g > tol %.3g)",
				it, rn/(1+yNorm), tol)
		}
	}
}

// sanitizeHess caps non-finite or negative entries of the dual Hessian
// diagonal at 1e3 × the largest finite entry (or 1).
func sanitizeHess(h []float64) {
	var mx float64
	bad := false
	for _, v := range h {
		if v >= 0 && v < math.Inf(1) {
			mx = math.Max(mx, v)
		} else {
			bad = true
		}
	}
	if !bad {
		return
	}
	c := math.Max(1e3*mx, 1)
	for i, v := range h {
		if !(v >= 0 && v < math.Inf(1)) {
			h[i] = c
		}
	}
}

// newtonSystem forms H = A diag(h) Aᵀ (via B = A diag(√h), H = BBᵀ) and
// factorises it, adding diagonal jitter 1e-14·tr(H)/n·100ᵏ if necessary.
// It reports false if H is zero or cannot be factorised.
func newtonSystem(H *mat.SymDense, B, A *mat.Dense, h []float64, chol *mat.Cholesky) bool {
	n, d := A.Dims()
	for i := range n {
		for j := range d {
			B.Set(i, j, A.At(i, j)*math.Sqrt(h[j]))
		}
	}
	H.SymOuterK(1, B)
	var tr float64
	for i := range n {
		tr += H.At(i, i)
	}
	if !(tr > 0) || math.IsInf(tr, 0) {
		return false
	}
	if chol.Factorize(H) {
		return true
	}
	jit := 1e-14 * tr / float64(n)
	for range 8 {
		for i := range n {
			H.SetSym(i, i, H.At(i, i)+jit)
		}
		if chol.Factorize(H) {
			return true
		}
		jit *= 100
	}
	return false
}

func isCondition(err error) bool {
	_, ok := err.(mat.Condition)
	return ok
}
