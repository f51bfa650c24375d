package signdescent

import (
	"math"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// DescentSettings configures Descent.
type DescentSettings struct {
	// Step η > 0. Near convergence |∇_wL| ≪ ε and the update is gradient
	// descent with step η/ε, so stability needs η ≲ ε (times the inverse
	// curvature).
	Step float64
	// MaxIter ≥ 1 bounds the number of iterations.
	MaxIter int
	// Tol > 0 stops the run once max_n |⟨x⁽ⁿ⁾, β⟩ − y⁽ⁿ⁾| ≤ Tol; a run that
	// uses MaxIter without meeting it returns its result and a
	// *implicitbias.NotConvergedError. Tol = 0 runs exactly MaxIter steps.
	Tol float64
	// Stride > 0 records β every Stride iterations (and at the end); 0
	// records only the start and the end.
	Stride int
}

// DescentResult is the outcome of Descent.
type DescentResult struct {
	// Iterations is the number of updates made.
	Iterations int
	// Final holds the weights (w⁺, w⁻) and FinalBeta the predictor at the end.
	Final, FinalBeta []float64
	// Residual is max_n |⟨x⁽ⁿ⁾, β⟩ − y⁽ⁿ⁾| at the end.
	Residual float64
	// Iter lists the recorded iterations; row k of Beta is β at Iter[k]
	// and Loss[k] is L(β) there.
	Iter []int
	Beta *mat.Dense
	Loss []float64
}

// Descent runs discrete smoothed sign descent (eq. (15) of Wang and
// Klabjan, UAI 2025),
//
//	w ← w − η·∇_wL(w) / (|∇_wL(w)| + ε)   (elementwise),
//
// from w⁺ = w⁻ = α·1 on L = ¼‖Xβ − y‖². With η → 0 its iterates follow
// Flow at times t = kη. It returns a *implicitbias.DivergedError if the
// loss becomes non-finite or exceeds 10¹⁰ times its initial value.
func Descent(p *Problem, m Model, s DescentSettings) (*DescentResult, error) {
	const op = "Descent"
	if p == nil {
		return nil, invalid(op, "problem is nil")
	}
	m, err := m.check(op, false)
	if err != nil {
		return nil, err
	}
	if !(s.Step > 0) || math.IsInf(s.Step, 1) {
		return nil, invalid(op, "Step = %v must be positive and finite", s.Step)
	}
	if s.MaxIter < 1 {
		return nil, invalid(op, "MaxIter = %d must be ≥ 1", s.MaxIter)
	}
	if !(s.Tol >= 0) || math.IsInf(s.Tol, 1) {
		return nil, invalid(op, "Tol = %v must be finite and ≥ 0", s.Tol)
	}
	if s.Stride < 0 {
		return nil, invalid(op, "Stride = %d must be ≥ 0", s.Stride)
	}
	records := 2
	if s.Stride > 0 {
		records += s.MaxIter / s.Stride
	}
	if records > maxElems/p.d {
		return nil, invalid(op, "recording %d iterates of dimension %d exceeds %d entries; raise Stride", records, p.d, maxElems)
	}
	d := p.d
	dy := newDynamics(p, m, false)
	w := make([]float64, 2*d)
	for k := range w {
		w[k] = m.Alpha
	}
	res := &DescentResult{}
	rec := make([]float64, 0, records*d)
	record := func(t int, loss float64) {
		res.Iter = append(res.Iter, t)
		res.Loss = append(res.Loss, loss)
		rec = append(rec, dy.beta...)
	}
	loss := dy.grad(w)
	limit := 1e10 * math.Max(loss, math.SmallestNonzeroFloat64)
	record(0, loss)
	t := 0
	for ; t < s.MaxIter; t++ {
		if s.Tol > 0 && maxAbs(dy.r) <= s.Tol {
			break
		}
		for k, g := range dy.g {
			w[k] -= s.Step * dy.phi(g)
		}
		loss = dy.grad(w)
		if !(loss <= limit) {
			return nil, &ib.DivergedError{Method: "signdescent.Descent", Iteration: t + 1, Loss: loss, Step: s.Step}
		}
		if s.Stride > 0 && (t+1)%s.Stride == 0 && t+1 < s.MaxIter {
			record(t+1, loss)
		}
	}
	if res.Iter[len(res.Iter)-1] != t {
		record(t, loss)
	}
	res.Iterations = t
	res.Final = w
	res.FinalBeta = append([]float64(nil), dy.beta...)
	res.Residual = maxAbs(dy.r)
	res.Beta = mat.NewDense(len(res.Iter), d, rec)
	if s.Tol > 0 && !(res.Residual <= s.Tol) {
		return res, &ib.NotConvergedError{Method: "signdescent.Descent", Iterations: t, Residual: res.Residual, Tol: s.Tol}
	}
	return res, nil
}

func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}
