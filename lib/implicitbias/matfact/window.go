package matfact

import "math"

// HittingIterations returns, for each i with targets[i] > 0, the first
// recorded iteration at which Sigma[·][i] ≥ θ·targets[i], and −1 where that
// never happens in the trace or targets[i] ≤ 0. With targets = ŷ sorted
// decreasingly it gives the k_i(θ) of Chou et al. (2024) for a GD trace
// (singular values largest first) or a ScalarRecursion trace.
func HittingIterations(tr *Trace, targets []float64, theta float64) []int {
	out := make([]int, len(targets))
	for i, y := range targets {
		out[i] = -1
		if !(y > 0) {
			continue
		}
		for r, sv := range tr.Sigma {
			if i < len(sv) && sv[i] >= theta*y {
				out[i] = tr.Iter[r]
				break
			}
		}
	}
	return out
}

// Window is an interval [Start, End] of iterations; it is empty when
// Start > End.
type Window struct{ Start, End int }

// Empty reports whether the window holds no iteration.
func (w Window) Empty() bool { return w.Start > w.End }

// Mid returns the geometric midpoint √(Start·End) (the centre on a log
// axis), rounded; Start when Start ≤ 0.
func (w Window) Mid() int {
	if w.Start <= 0 {
		return w.Start
	}
	return int(math.Round(math.Sqrt(float64(w.Start) * float64(w.End))))
}

// PlateauWindow returns the window W_r = [k_r(1−δ), k_{r+1}(δ)] on which
// the top r modes are within δ of their targets and the others below δ of
// theirs, so that W ≈ P_r(Ŷ), the best rank-r approximation, and
// erank W ≈ erank P_r(Ŷ) (our reading of the time intervals of Chou et al.
// 2024). r counts from 1; when mode r+1 never rises (target ≤ 0 or not in
// the trace) the window ends at the last iteration. ok is false when mode
// r never reaches 1−δ of its target.
func PlateauWindow(tr *Trace, targets []float64, r int, delta float64) (w Window, ok bool) {
	if r < 1 || r > len(targets) || len(tr.Iter) == 0 || !(delta > 0 && delta < 1) {
		return Window{1, 0}, false
	}
	hi := HittingIterations(tr, targets, 1-delta)
	if hi[r-1] < 0 {
		return Window{1, 0}, false
	}
	end := tr.Iter[len(tr.Iter)-1]
	if r < len(targets) {
		if lo := HittingIterations(tr, targets, delta); lo[r] >= 0 {
			end = lo[r]
		}
	}
	return Window{hi[r-1], end}, true
}

// Index returns the index of the last record at or before iteration k
// (0 when k precedes the trace).
func (t *Trace) Index(k int) int {
	i := 0
	for j, it := range t.Iter {
		if it > k {
			break
		}
		i = j
	}
	return i
}

// EarlyStop returns the recorded iteration with the smallest distance to
// the truth (Probes.Truth) and that distance; (−1, NaN) without one.
func (t *Trace) EarlyStop() (iter int, dist float64) {
	iter, dist = -1, math.NaN()
	for i, d := range t.Dist {
		if iter < 0 || d < dist {
			iter, dist = t.Iter[i], d
		}
	}
	return iter, dist
}
