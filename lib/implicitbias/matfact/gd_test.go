package matfact

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// Full-matrix GD from W_j = αI on a symmetric Ŷ against the decoupled
// scalar recursion: the eigenvalues agree to 1e-10 over 6000 steps (observed
// ~2e-14: the same arithmetic up to rounding in the basis change), the
// layers stay equal to 1e-12 and symmetric. A wrong power of w in the
// recursion (w^{N−2} or w^N) or a missing factor N moves the eigenvalues by
// O(1) within a few hundred steps.
func TestGDMatchesScalarRecursion(t *testing.T) {
	_, yhat, eig := estimationProblem(t, 0)
	loss, err := NewEstimation(yhat)
	if err != nil {
		t.Fatal(err)
	}
	for _, depth := range []int{1, 2, 3, 4} {
		f, err := Identity(depth, 8, 0.1)
		if err != nil {
			t.Fatal(err)
		}
		const step, K = 0.02, 6000
		res, err := GD(f, loss, Settings{Step: step, Iterations: K, Probes: Probes{Every: 100, Spectrum: true}})
		if err != nil {
			t.Fatal(err)
		}
		sc, err := ScalarRecursion(eig, depth, 0.1, step, K, 100)
		if err != nil {
			t.Fatal(err)
		}
		for r := range sc.Iter {
			for i := range eig {
				// Singular values of W are |λ_i|, sorted; for depth 1
				// negative eigenvalues are reached, so compare as sets
				// of absolute values sorted decreasingly.
				want := sortedAbs(sc.Sigma[r])[i]
				if got := res.Trace.Sigma[r][i]; !(math.Abs(got-want) <= 1e-10) {
					t.Fatalf("depth %d, k = %d, mode %d: GD %v, recursion %v", depth, sc.Iter[r], i, got, want)
				}
			}
		}
		// For N = 2 the origin of a mode with ŷ_i < 0 is a strict saddle
		// of (x, y) ↦ ½(xy − ŷ_i)²: the unbalanced direction x = −y grows
		// like e^{|ŷ_i| η k}, so rounding errors (1e-16) reach
		// 1e-16·e^{0.21·120} ≈ 1e-5 by k = 6000. For N ≥ 3 the saddle is
		// degenerate and the layers stay equal to rounding.
		tol := 1e-12
		if depth == 2 {
			tol = 1e-4
		}
		for j, w := range res.Factors.Factors {
			var d mat.Dense
			d.Sub(w, res.Factors.Factors[0])
			if n := mat.Norm(&d, 2); !(n <= tol) {
				t.Errorf("depth %d: ‖W_%d − W_1‖ = %v", depth, j+1, n)
			}
			d.Sub(w, w.T())
			if n := mat.Norm(&d, 2); !(n <= tol) {
				t.Errorf("depth %d: W_%d not symmetric (%v)", depth, j+1, n)
			}
		}
	}
}

func sortedAbs(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Abs(x)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] > out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// One GD step from a random rectangular start equals W_j − η∇_{W_j}ℓ with
// the gradients of Gradients (which the finite-difference test checks), for
// every factor at once: catches sequential instead of simultaneous updates.
func TestGDOneStepIsSimultaneous(t *testing.T) {
	f, err := Random([]int{3, 4, 2, 5}, 1, 9)
	if err != nil {
		t.Fatal(err)
	}
	loss, err := NewEstimation(randomTarget(t, 5, 3, 4))
	if err != nil {
		t.Fatal(err)
	}
	g, _, err := Gradients(f, loss)
	if err != nil {
		t.Fatal(err)
	}
	res, err := GD(f, loss, Settings{Step: 0.01, Iterations: 1})
	if err != nil {
		t.Fatal(err)
	}
	for j := range f.Factors {
		var want mat.Dense
		want.Scale(-0.01, g[j])
		want.Add(&want, f.Factors[j])
		if !mat.EqualApprox(&want, res.Factors.Factors[j], 1e-15) {
			t.Errorf("W_%d after one step differs from W_%d − η G_%d", j+1, j+1, j+1)
		}
	}
}

// Bad input gets an error wrapping ErrInvalidInput, never a panic.
func TestGDBadInput(t *testing.T) {
	_, yhat, _ := estimationProblem(t, 0)
	loss, _ := NewEstimation(yhat)
	sq, _ := Identity(3, 8, 0.1)
	rect, _ := NewEstimation(mat.NewDense(8, 5, nil))
	nan := mat.DenseCopyOf(yhat)
	nan.Set(2, 3, math.NaN())
	cases := map[string]func() error{
		"non-square target for square factors": func() error { _, err := GD(sq, rect, Settings{Step: 0.01, Iterations: 1}); return err },
		"depth 0":                              func() error { _, err := Identity(0, 8, 0.1); return err },
		"empty factorisation":                  func() error { _, err := GD(&Factorization{}, loss, Settings{Step: 0.01}); return err },
		"NaN in Ŷ":                             func() error { _, err := NewEstimation(nan); return err },
		"alpha ≤ 0":                            func() error { _, err := Identity(3, 8, 0); return err },
		"negative step":                        func() error { _, err := GD(sq, loss, Settings{Step: -1, Iterations: 1}); return err },
		"NaN step":                             func() error { _, err := GD(sq, loss, Settings{Step: math.NaN(), Iterations: 1}); return err },
		"step beyond stable bound":             func() error { _, err := GD(sq, loss, Settings{Step: loss.StableStep(3), Iterations: 1}); return err },
		"negative noise": func() error {
			_, err := GD(sq, loss, Settings{Step: 0.01, Iterations: 1, Noise: []float64{0.1, -0.1, 0}})
			return err
		},
		"noise of wrong length": func() error {
			_, err := GD(sq, loss, Settings{Step: 0.01, Iterations: 1, Noise: []float64{0.1}})
			return err
		},
		"absurd size": func() error { _, err := Identity(1, 1<<15, 1); return err },
		"workspace beyond the limit": func() error {
			// W_2W_1 is 17000×17000 although every factor is thin.
			thin, err := New(mat.NewDense(1, 17000, nil), mat.NewDense(17000, 1, nil), mat.NewDense(1, 17000, nil))
			if err != nil {
				return nil
			}
			small, _ := NewEstimation(mat.NewDense(1, 17000, nil))
			_, err = GD(thin, small, Settings{Step: 1e-9, Iterations: 1})
			return err
		},
		"typed-nil loss": func() error {
			var e *Estimation
			_, err := GD(sq, e, Settings{Step: 0.01, Iterations: 1})
			return err
		},
		"chain mismatch":      func() error { _, err := New(mat.NewDense(3, 2, nil), mat.NewDense(4, 4, nil)); return err },
		"negative iterations": func() error { _, err := GD(sq, loss, Settings{Step: 0.01, Iterations: -1}); return err },
		"truth of wrong size": func() error {
			_, err := GD(sq, loss, Settings{Step: 0.01, Iterations: 1, Probes: Probes{Truth: mat.NewDense(3, 3, nil)}})
			return err
		},
		"sensing operator of wrong shape": func() error {
			_, err := NewSensing(mat.NewDense(6, 10, nil), mat.NewVecDense(6, nil), 3, 4)
			return err
		},
		"sensing b of wrong length": func() error {
			_, err := NewSensing(mat.NewDense(6, 12, nil), mat.NewVecDense(5, nil), 3, 4)
			return err
		},
		"scalar step beyond bound":            func() error { _, err := ScalarRecursion([]float64{4}, 3, 0.1, 1, 10, 1); return err },
		"hitting time of a non-positive mode": func() error { _, err := HittingTime(-1, 3, 0.1, 0.5); return err },
		"hitting time theta = 1":              func() error { _, err := HittingTime(1, 3, 0.1, 1); return err },
		"imbalance index":                     func() error { _, err := Imbalance(nil, sq, 3); return err },
	}
	for name, run := range cases {
		if err := run(); !errors.Is(err, ib.ErrInvalidInput) {
			t.Errorf("%s: err = %v, want ErrInvalidInput", name, err)
		}
	}
}

// A step below the balanced bound but far too large for a large random
// start (sensing, where no bound is known in advance) is reported as
// divergence, with the partial result, instead of overflowing.
func TestGDDivergence(t *testing.T) {
	f, _ := Random([]int{4, 4, 4, 4}, 3, 1)
	loss, _ := NewEstimation(randomTarget(t, 4, 4, 2))
	res, err := GD(f, loss, Settings{Step: 0.5 * loss.StableStep(3), Iterations: 1000})
	var d *ib.DivergedError
	if !errors.As(err, &d) {
		t.Fatalf("err = %v, want *DivergedError", err)
	}
	if res == nil || d.Reason == "" || d.Step != 0.5*loss.StableStep(3) {
		t.Errorf("divergence report incomplete: %+v", d)
	}
}

// An iteration allocates nothing: runs of 10 and 210 iterations with the
// same number of records allocate the same.
func TestGDNoAllocationPerIteration(t *testing.T) {
	_, yhat, _ := estimationProblem(t, 0)
	loss, _ := NewEstimation(yhat)
	f, _ := Identity(3, 8, 0.1)
	for name, s := range map[string]Settings{"plain": {}, "perturbed": {Noise: []float64{0.01, 0.01, 0.01}}, "additive": {Noise: []float64{0.01, 0, 0.01}, Additive: true}} {
		count := func(k int) float64 {
			s := s
			s.Step, s.Iterations = 0.02, k
			return testing.AllocsPerRun(5, func() {
				if _, err := GD(f, loss, s); err != nil {
					t.Fatal(err)
				}
			})
		}
		if a, b := count(10), count(210); a != b {
			t.Errorf("%s: %v allocations for 10 iterations, %v for 210", name, a, b)
		}
	}
}

// Same seed, same bytes; another seed, another run.
func TestGDNoiseSeeded(t *testing.T) {
	_, yhat, _ := estimationProblem(t, 0)
	loss, _ := NewEstimation(yhat)
	f, _ := Identity(2, 8, 0.1)
	run := func(seed uint64) *mat.Dense {
		res, err := GD(f, loss, Settings{Step: 0.02, Iterations: 50, Noise: []float64{0.1, 0.1}, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return res.Factors.Factors[0]
	}
	if !mat.Equal(run(3), run(3)) {
		t.Error("equal seeds gave different runs")
	}
	if mat.Equal(run(3), run(4)) {
		t.Error("different seeds gave equal runs")
	}
}
