package implicitbias

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// DiagonalSettings configures DiagonalGD.
//
// The objective is Scale·L(β) with L(β) = ½‖Aβ − y‖². Scale = 1/n trains on
// the mean squared error ‖Aβ − y‖²/(2n) of the NumPy convention; step η on
// that objective is the same run as step η/n with Scale = 1, up to rounding.
// Batch, Shuffle, Seed, MaxIter, Tol and Recorder mean what they mean in
// DescentSettings: Batch = 0 uses the full gradient Scale·∇L(β), Batch = b
// the mini-batch mean Scale·(1/b)·Σ_{i∈B} ∇Lᵢ(β); Tol tests the unscaled
// residual ‖Aβ − y‖. The Recorder records β_t and the scaled objective.
type DiagonalSettings struct {
	Step     float64 // constant step size η > 0
	Scale    float64 // 0 means 1
	Batch    int
	Shuffle  bool
	Seed     uint64
	MaxIter  int // 0 means 100000
	Tol      float64
	Recorder *Recorder
}

// DiagonalResult is the outcome of DiagonalGD: X is the final β and Loss the
// scaled objective Scale·½‖Aβ − y‖² there; Net holds the final weights.
type DiagonalResult struct {
	DescentResult
	Net *DiagonalNet
}

// DiagonalGD trains the network's weights (u, v) by gradient descent
// (Batch = 0) or seeded stochastic gradient descent (Batch ≥ 1) on
// Scale·L(β):
//
//	u ← u − η·Scale·D·u^{⊙(D−1)} ⊙ g,  v ← v + η·Scale·D·v^{⊙(D−1)} ⊙ g,
//
// with g = ∇L(β) = Aᵀ(Aβ − y) or its mini-batch mean, both updates using the
// same β. net is not modified. The iterations allocate nothing. Errors name
// the bad setting, or the iteration at which the run diverged (non-finite
// weights or loss, or a loss above 1e10·max(initial loss, 1e-10)).
func DiagonalGD(net *DiagonalNet, ls *LeastSquares, s DiagonalSettings) (*DiagonalResult, error) {
	u, v, err := startWeights("DiagonalGD", net, ls)
	if err != nil {
		return nil, err
	}
	n, d := ls.Dims()
	maxIter, err := checkLoopSettings(s.Step, false, s.Batch, n, s.MaxIter, s.Tol)
	if err != nil {
		return nil, err
	}
	scale := s.Scale
	if scale == 0 {
		scale = 1
	}
	if !(scale > 0) || math.IsInf(scale, 1) {
		return nil, fmt.Errorf("implicitbias: DiagonalGD: Scale = %v, must be positive and finite (0 = 1)", s.Scale)
	}

	beta := make([]float64, d)
	du := make([]float64, d)
	dv := make([]float64, d)
	g := make([]float64, d)
	r := make([]float64, n)
	rec := s.Recorder
	if rec != nil {
		if err := rec.start(d, nil, false); err != nil {
			return nil, err
		}
	}
	smp := newSampler(n, s.Batch, s.Shuffle, s.Seed)

	weightsToBeta(beta, du, dv, u, v, net.Depth)
	loss := scale * ls.Residual(r, beta)
	res := norm2(r)
	limit := divergenceFactor * math.Max(loss, divergenceFloor)
	t := 0
	for {
		checked := false
		if s.Batch == 0 {
			// One fused pass over A: r = Aβ − y, g = Scale·Aᵀr.
			ls.residualGrad(g, r, beta, scale)
			ss := floats.Dot(r, r)
			loss, res = scale*ss/2, math.Sqrt(ss)
			checked = true
		} else if t%smp.perEpoch == 0 || t == maxIter {
			loss = scale * ls.Residual(r, beta)
			res = norm2(r)
			checked = true
		}
		if checked {
			if err := divergence("DiagonalGD", loss, limit, t, s.Step, false); err != nil {
				return nil, err
			}
		}
		if rec != nil && rec.due(t) {
			if !checked {
				loss = scale * ls.Residual(r, beta)
				res = norm2(r)
				checked = true
			}
			rec.add(t, beta, loss, res, false)
		}
		if checked && s.Tol > 0 && res <= s.Tol {
			break
		}
		if t == maxIter {
			break
		}
		if s.Batch != 0 {
			sampleLoss, maxRes := ls.BatchGrad(g, smp.next(), beta)
			if math.IsNaN(maxRes) || math.IsInf(maxRes, 0) || scale*sampleLoss > limit {
				return nil, divergenceError("DiagonalGD", t, scale*sampleLoss, false, s.Step)
			}
			if scale != 1 {
				for j := range g {
					g[j] *= scale
				}
			}
		}
		stepWeights(beta, du, dv, u, v, g, s.Step, net.Depth)
		t++
	}
	if rec != nil {
		rec.add(t, beta, loss, res, true)
	}
	return &DiagonalResult{
		DescentResult: DescentResult{
			X:          mat.NewVecDense(d, beta),
			Iterations: t,
			Loss:       loss,
			Residual:   res,
			Converged:  s.Tol > 0 && res <= s.Tol,
		},
		Net: &DiagonalNet{Depth: net.Depth, U: mat.NewVecDense(d, u), V: mat.NewVecDense(d, v)},
	}, nil
}

// stepWeights performs u ← u − η·du⊙g, v ← v + η·dv⊙g and then refreshes β,
// du = D·u^{D−1} and dv = D·v^{D−1} in the same pass (depth 2 is
// special-cased, as it is the common and benchmarked case).
func stepWeights(beta, du, dv, u, v, g []float64, eta float64, depth int) {
	du, dv, u, v, g = du[:len(beta)], dv[:len(beta)], u[:len(beta)], v[:len(beta)], g[:len(beta)]
	if depth == 2 {
		for j := range beta {
			gj := eta * g[j]
			uj := u[j] - du[j]*gj
			vj := v[j] + dv[j]*gj
			u[j], v[j] = uj, vj
			du[j], dv[j] = 2*uj, 2*vj
			beta[j] = uj*uj - vj*vj
		}
		return
	}
	for j := range g {
		gj := eta * g[j]
		u[j] -= du[j] * gj
		v[j] += dv[j] * gj
	}
	weightsToBeta(beta, du, dv, u, v, depth)
}
