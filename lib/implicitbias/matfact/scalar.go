package matfact

import (
	"fmt"
	"math"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// ScalarRecursion runs the decoupled dynamics of gradient descent on
// ½‖W_N⋯W_1 − Ŷ‖²_F from W_j = αI for a symmetric Ŷ = V diag(ŷ) Vᵀ: all
// layers stay equal to V diag(w) Vᵀ and each mode follows
//
//	w_i ← w_i − η w_i^{N−1}(w_i^N − ŷ_i),   w_i(0) = α,   λ_i = w_i^N
//
// (the spectral dynamics of Chou, Gieshoff, Maly, Rauhut 2024, re-derived
// here by induction on k). The trace records, every `every` iterations
// (0: first and last only) and at the last, the eigenvalues λ_i of W in the
// order of yhat (as Sigma), the effective and stable ranks of |λ|, and the
// loss ½Σ(λ_i − ŷ_i)². Steps at or above StableStep(depth, max ŷ_i) are
// refused; a blow-up returns *implicitbias.DivergedError.
func ScalarRecursion(yhat []float64, depth int, alpha, step float64, iterations, every int) (*Trace, error) {
	const op = "ScalarRecursion"
	if err := checkScalar(op, yhat, depth, alpha, step); err != nil {
		return nil, err
	}
	if iterations < 0 || iterations > maxIterations {
		return nil, invalid(op, "iterations must be in [0, %d], got %d", maxIterations, iterations)
	}
	if every < 0 {
		return nil, invalid(op, "every must be ≥ 0, got %d", every)
	}
	n := depth
	w := make([]float64, len(yhat))
	for i := range w {
		w[i] = alpha
	}
	records := 2
	if every > 0 {
		records = iterations/every + 2
	}
	if records > maxElems/len(yhat) {
		return nil, invalid(op, "recording %d iterations of %d modes exceeds the %d-element limit; record less often", records, len(yhat), maxElems)
	}
	tr := &Trace{Iter: make([]int, 0, records), Loss: make([]float64, 0, records), Sigma: make([][]float64, 0, records),
		ERank: make([]float64, 0, records), StableRank: make([]float64, 0, records)}
	store := make([]float64, 0, records*len(yhat)) // one backing array for all records
	abs := make([]float64, len(w))
	rec := func(k int) {
		start := len(store)
		l := 0.0
		for i, wi := range w {
			li := ipow(wi, n)
			store = append(store, li)
			abs[i] = math.Abs(li)
			l += 0.5 * (li - yhat[i]) * (li - yhat[i])
		}
		tr.Iter = append(tr.Iter, k)
		tr.Loss = append(tr.Loss, l)
		tr.Sigma = append(tr.Sigma, store[start:len(store):len(store)])
		tr.ERank = append(tr.ERank, EffectiveRank(abs))
		tr.StableRank = append(tr.StableRank, StableRank(abs))
	}
	for k := 0; k < iterations; k++ {
		if (every == 0 && k == 0) || (every > 0 && k%every == 0) {
			rec(k)
		}
		for i, wi := range w {
			p := ipow(wi, n-1)
			w[i] = wi - step*p*(p*wi-yhat[i])
			if !finite(w[i]) || math.Abs(w[i]) > 1e100 {
				return tr, &ib.DivergedError{Method: "matfact.ScalarRecursion", Iteration: k, Loss: math.Inf(1), Step: step,
					Reason: fmt.Sprintf("mode %d left every bounded region; the stable bound is η < 2/(N ŷ₁^{2−2/N})", i)}
			}
		}
	}
	rec(iterations)
	return tr, nil
}

func checkScalar(op string, yhat []float64, depth int, alpha, step float64) error {
	if depth < 1 {
		return invalid(op, "depth must be at least 1, got %d", depth)
	}
	if len(yhat) == 0 {
		return invalid(op, "yhat is empty")
	}
	if len(yhat) > maxElems {
		return invalid(op, "yhat has %d entries, beyond the %d-element limit", len(yhat), maxElems)
	}
	top := 0.0
	for i, y := range yhat {
		if !finite(y) {
			return invalid(op, "yhat[%d] = %v is not finite", i, y)
		}
		top = math.Max(top, y)
	}
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return invalid(op, "alpha must be positive and finite, got %v", alpha)
	}
	if !(step > 0) || math.IsInf(step, 0) {
		return invalid(op, "step must be positive and finite, got %v", step)
	}
	if top > 0 {
		if b := StableStep(depth, top); step >= b {
			return invalid(op, "step %v is not below the stable bound 2/(N ŷ₁^{2−2/N}) = %.6g for depth %d", step, b, depth)
		}
	}
	return nil
}

// ipow returns x^n for n ≥ 0 by repeated squaring (exact for small n,
// unlike math.Pow's general path, and faster).
func ipow(x float64, n int) float64 {
	r := 1.0
	for n > 0 {
		if n&1 == 1 {
			r *= x
		}
		x *= x
		n >>= 1
	}
	return r
}
