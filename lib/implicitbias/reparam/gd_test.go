package reparam

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// TestDiagonalSGD: seeded SGD on the weights is reproducible and, with a
// small step, lands within O(η) of the gradient-flow limit.
func TestDiagonalSGD(t *testing.T) {
	_, _, ls := flowProblem(t)
	net, _ := NewUniformDiagonalNet(2, 50, 1)
	s := DiagonalSettings{Step: 0.01, Batch: 1, Shuffle: true, Seed: 3, Tol: 1e-10, MaxIter: 1000000}
	a, err := DiagonalGD(net, ls, s)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := DiagonalGD(net, ls, s)
	if !mat.Equal(a.X, b.X) || !a.Converged {
		t.Fatalf("SGD not reproducible or not converged (residual %g)", a.Residual)
	}
	gf, err := DiagonalFlow(net, ls, ib.FlowSettings{T: 100})
	if err != nil {
		t.Fatal(err)
	}
	// Per-sample steps of 0.01 on Lᵢ move β by O(η‖aᵢ‖²) per step; the
	// distance to the flow's limit must be small but is not zero.
	if e := relDist(a.X, gf.Final); !(e <= 1e-2) {
		t.Errorf("SGD limit %.2g away from the flow limit", e)
	}
}

// TestDiagonalGDOneStep checks one update against the formula, for full
// and mini-batch runs with Scale ≠ 1 and depth 2 and 3:
// u₁ = u₀ − η·Scale·D·u₀^{D−1}⊙g, v₁ = v₀ + η·Scale·D·v₀^{D−1}⊙g with g the
// full gradient or the batch mean. A run that ignored Scale (in either
// path), used D−2 or the wrong sign would be off by O(1).
func TestDiagonalGDOneStep(t *testing.T) {
	A, _, ls := flowProblem(t)
	n, d := ls.Dims()
	const eta, scale = 0.3, 0.25
	u0, v0 := mat.NewVecDense(d, nil), mat.NewVecDense(d, nil)
	for j := 0; j < d; j++ {
		u0.SetVec(j, 0.5+0.01*float64(j))
		v0.SetVec(j, 0.7-0.01*float64(j))
	}
	for _, depth := range []int{2, 3} {
		net, err := NewDiagonalNet(depth, u0, v0)
		if err != nil {
			t.Fatal(err)
		}
		beta0, _ := net.Beta()
		for _, batch := range []int{0, 1, 3} {
			// g: ∇L = Aᵀ(Aβ − y) for the full batch, the mean over the
			// first batch (samples 0..b−1 in cyclic order) otherwise.
			rows := n
			if batch > 0 {
				rows = batch
			}
			As := A.Slice(0, rows, 0, d)
			var r, g mat.VecDense
			r.MulVec(As, beta0)
			r.SubVec(&r, ls.Y.SliceVec(0, rows))
			g.MulVec(As.T(), &r)
			if batch > 0 {
				g.ScaleVec(1/float64(batch), &g)
			}
			res, err := DiagonalGD(net, ls, DiagonalSettings{Step: eta, Scale: scale, Batch: batch, MaxIter: 1})
			if err != nil {
				t.Fatal(err)
			}
			D := float64(depth)
			for j := 0; j < d; j++ {
				uj, vj := u0.AtVec(j), v0.AtVec(j)
				wantU := uj - eta*scale*D*math.Pow(uj, D-1)*g.AtVec(j)
				wantV := vj + eta*scale*D*math.Pow(vj, D-1)*g.AtVec(j)
				if !(math.Abs(res.Net.U.AtVec(j)-wantU) <= 1e-13) || !(math.Abs(res.Net.V.AtVec(j)-wantV) <= 1e-13) {
					t.Fatalf("depth %d batch %d coordinate %d: (u, v) = (%v, %v), want (%v, %v)", depth, batch, j,
						res.Net.U.AtVec(j), res.Net.V.AtVec(j), wantU, wantV)
				}
				wantB := math.Pow(wantU, D) - math.Pow(wantV, D)
				if !(math.Abs(res.X.AtVec(j)-wantB) <= 1e-13) {
					t.Fatalf("depth %d batch %d: β[%d] = %v, want %v", depth, batch, j, res.X.AtVec(j), wantB)
				}
			}
			// The reported loss is Scale·½‖Aβ₁ − y‖².
			var r1 mat.VecDense
			r1.MulVec(A, res.X)
			r1.SubVec(&r1, ls.Y)
			if want := scale * mat.Dot(&r1, &r1) / 2; !(math.Abs(res.Loss-want) <= 1e-12*want) {
				t.Errorf("depth %d batch %d: loss %v, want Scale·L = %v", depth, batch, res.Loss, want)
			}
		}
	}
}

// TestDiagonalGDErrors: divergence is a *DivergedError, an exhausted
// budget with a tolerance returns the result and a *NotConvergedError.
func TestDiagonalGDErrors(t *testing.T) {
	_, _, ls := flowProblem(t)
	net, _ := NewUniformDiagonalNet(2, 50, 1)
	_, err := DiagonalGD(net, ls, DiagonalSettings{Step: 5, MaxIter: 100000})
	var de *ib.DivergedError
	if !errors.As(err, &de) || de.Method != "DiagonalGD" || de.Step != 5 {
		t.Errorf("step 5: error %v, want a *DivergedError", err)
	}
	res, err := DiagonalGD(net, ls, DiagonalSettings{Step: 0.01, MaxIter: 7, Tol: 1e-12})
	var nc *ib.NotConvergedError
	if !errors.As(err, &nc) || res == nil || res.Iterations != 7 || res.Net == nil {
		t.Errorf("7 iterations with Tol: result %v error %v, want both", res, err)
	}
	for _, c := range []struct {
		name string
		s    DiagonalSettings
		want string
	}{
		{"scale", DiagonalSettings{Step: 0.1, Scale: -1}, "Scale"},
		{"step", DiagonalSettings{Step: math.Inf(1)}, "Step"},
		{"batch", DiagonalSettings{Step: 0.1, Batch: 21}, "Batch"},
		{"recorder", DiagonalSettings{Step: 0.1, Recorder: &ib.Recorder{Every: 1, Capacity: 1 << 40, KeepIterates: true}}, "Capacity"},
	} {
		_, err := DiagonalGD(net, ls, c.s)
		if !errors.Is(err, ib.ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want ErrInvalidInput naming %q", c.name, err, c.want)
		}
	}
}

// TestNoAllocationsPerIteration: a run's allocations (buffers, result) must
// not grow with the number of iterations.
func TestNoAllocationsPerIteration(t *testing.T) {
	_, _, ls := flowProblem(t)
	net, _ := NewUniformDiagonalNet(2, 50, 0.5)
	deep, _ := NewUniformDiagonalNet(3, 50, 0.5)
	runs := map[string]func(iters int){
		"DiagonalGD":      func(k int) { DiagonalGD(net, ls, DiagonalSettings{Step: 1e-3, MaxIter: k}) },
		"DiagonalGD deep": func(k int) { DiagonalGD(deep, ls, DiagonalSettings{Step: 1e-3, MaxIter: k}) },
		"DiagonalSGD": func(k int) {
			DiagonalGD(net, ls, DiagonalSettings{Step: 1e-3, Batch: 1, Shuffle: true, MaxIter: k, Scale: 0.5})
		},
		"DiagonalGD recorded": func(k int) {
			DiagonalGD(net, ls, DiagonalSettings{Step: 1e-3, MaxIter: k, Recorder: &ib.Recorder{Every: 5, Capacity: 8, KeepIterates: true}})
		},
	}
	for name, run := range runs {
		short := testing.AllocsPerRun(3, func() { run(10) })
		long := testing.AllocsPerRun(3, func() { run(2000) })
		if long != short {
			t.Errorf("%s: %v allocations for 10 iterations, %v for 2000", name, short, long)
		}
	}
}
