package implicitbias

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// projectNewton minimises the dual function of prob over λ (updated in
// place) by Newton's method with the Hessian A diag(∇²ψ*(θ)) Aᵀ and Armijo
// backtracking (Boyd and Vandenberghe, "Convex Optimization", 2004,
// Algorithm 9.5), until the relative residual prob.relResidual() is at most
// tol. It returns the number of Newton iterations and, if tol was not met,
// a note saying why (empty on success). prob must have been evaluated at λ
// (inside the dual domain); on return it is evaluated at the final λ.
//
// Non-finite Hessian entries (e.g. QPower with q > 2 at θᵢ = 0) are capped
// and an all-zero Hessian (QPower with q < 2 at θ = 0) is replaced by the
// identity: any positive definite matrix yields a descent direction, and
// near the solution the true Hessian is used, so convergence stays
// quadratic. A step is accepted if it satisfies the Armijo condition on g,
// or if g did not increase beyond rounding while the residual decreased
// (close to the optimum g stops resolving the decrease).
// newtonRefine bounds the Newton steps taken after the tolerance is met.
const newtonRefine = 2

func projectNewton(p Separable, prob *dualProblem, lam []float64, tol float64, maxIter int) (int, string) {
	n, d := prob.A.Dims()
	h := make([]float64, d)
	B := mat.NewDense(n, d, nil)
	H := mat.NewSymDense(n, nil)
	var chol mat.Cholesky
	dir := mat.NewVecDense(n, nil)
	rV := mat.NewVecDense(n, nil)
	lamOld := make([]float64, n)

	// direction solves A diag(∇²ψ*(θ)) Aᵀ d = r at the current point; the
	// Newton step is λ ← λ − d.
	direction := func(it int) string {
		p.HessStarDiag(h, prob.theta)
		sanitizeHess(h)
		if !newtonSystem(H, B, prob.A, h, &chol) {
			for i := range h {
				h[i] = 1
			}
			if !newtonSystem(H, B, prob.A, h, &chol) {
				return fmt.Sprintf("singular Newton system at iteration %d", it)
			}
		}
		copy(rV.RawVector().Data, prob.r)
		if err := chol.SolveVecTo(dir, rV); err != nil && !isCondition(err) {
			return fmt.Sprintf("Newton solve failed at iteration %d: %v", it, err)
		}
		return ""
	}

	refine := 0
	for it := 0; ; it++ {
		rn := floats.Norm(prob.r, 2)
		if prob.relResidual() <= tol {
			// Tol is met. Full Newton steps converge quadratically from
			// here; up to newtonRefine more are taken while each at least
			// halves the residual, so that the result is at the rounding
			// level rather than just below Tol.
			if refine == newtonRefine || it == maxIter || rn == 0 || direction(it) != "" {
				return it, ""
			}
			refine++
			copy(lamOld, lam)
			floats.Sub(lam, dir.RawVector().Data)
			if !prob.eval(lam) || floats.Norm(prob.r, 2) > rn/2 {
				copy(lam, lamOld)
				prob.eval(lam)
				return it, ""
			}
			continue
		}
		if it == maxIter {
			return it, "MaxIter reached"
		}
		if note := direction(it); note != "" {
			return it, note
		}
		dd := dir.RawVector().Data
		// The Newton direction is −dd; g decreases along it at the rate
		// slope = rᵀ H⁻¹ r > 0.
		slope := floats.Dot(prob.r, dd)
		gOld := prob.g
		copy(lamOld, lam)
		accepted := false
		for step := 1.0; step > 1e-20; step /= 2 {
			for i := range lam {
				lam[i] = lamOld[i] - step*dd[i]
			}
			if !prob.eval(lam) {
				continue
			}
			if armijo(prob.g, gOld, step, slope) {
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
			return it, "the line search stalled: either the rounding level of this problem is above Tol, " +
				"or {Ax = y} does not meet the interior of the domain of the potential and the dual has no minimiser"
		}
	}
}

// armijo reports whether the step of length step along the Newton
// direction, whose directional derivative of g is −slope, decreased g
// from gOld to g sufficiently: g ≤ gOld − 10⁻⁴·step·slope (Armijo, Pacific
// J. Math. 16(1), 1966; Nocedal and Wright, "Numerical Optimization", 2006,
// eq. 3.4).
func armijo(g, gOld, step, slope float64) bool {
	return g <= gOld-1e-4*step*slope
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
// factorises it with factorJittered. It reports false if H is zero or
// cannot be factorised.
func newtonSystem(H *mat.SymDense, B, A *mat.Dense, h []float64, chol *mat.Cholesky) bool {
	n, _ := A.Dims()
	for i := range n {
		arow, brow := A.RawRowView(i), B.RawRowView(i)
		for j, v := range arow {
			brow[j] = v * math.Sqrt(h[j])
		}
	}
	H.SymOuterK(1, B)
	return factorJittered(H, chol)
}

// factorJittered computes the Cholesky factorisation of the symmetric
// positive semidefinite H, adding diagonal jitter 1e-14·tr(H)/n·100ᵏ
// (k = 0, …, 7) if H is not numerically positive definite. It reports false
// if tr H is zero or not finite, or if every attempt fails.
func factorJittered(H *mat.SymDense, chol *mat.Cholesky) bool {
	n := H.SymmetricDim()
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
