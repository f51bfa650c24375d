package reparam

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/implicitbias/planted"
)

// TestDiagonalFlowIsMirrorFlow checks the central identity (Woodworth et al., COLT 2020):
// gradient flow on the weights of a diagonal network from u₀ = v₀ = α·1 is
// the mirror flow of ib.Hypentropy(α) (depth 2) or DepthPotential(D, α) (depth
// D ≥ 3), with the same time. The two flows are integrated by RK4 on the same
// grid in different coordinates (weights vs dual variable), so they agree
// only up to the RK4 error of each, O(dt⁴). On this problem that error is
// 5e-8 relative for α = 1 at dt = 1e-2 (measured against a DormandPrince
// run at rtol 1e-13; it falls 16-fold per halving of dt, as it must) and
// 5e-10 for α = 0.1, so α = 1 uses dt = 2.5e-3 (error ≈ 2e-10) and the
// others dt = 1e-2. A wrong normalisation of the potential (e.g. a missing
// ¼) would be off by O(1). The limits (once the residual is ≤ 1e-8) must
// match the Bregman projection computed independently by ib.Project to 1e-6
// (the projection is solved to 1e-12; the flow stops ≤ 1e-8 short of the
// constraint set, times the conditioning of A∇²ψ*Aᵀ).
func TestDiagonalFlowIsMirrorFlow(t *testing.T) {
	A, y, ls := flowProblem(t)
	_, d := ls.Dims()
	zero := mat.NewVecDense(d, nil)
	ell2, err := ib.NearestInterpolator(A, y, zero)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		depth        int
		alpha, T     float64
		stepsPerUnit int // RK4 steps per unit of time
		trajectTol   float64
	}{
		{2, 1, 100, 400, 1e-9},
		{2, 0.1, 500, 100, 1e-9},
		{3, 0.5, 100, 100, 1e-8},
	} {
		t.Run(fmt.Sprintf("D=%d,α=%g", c.depth, c.alpha), func(t *testing.T) {
			net, err := NewUniformDiagonalNet(c.depth, d, c.alpha)
			if err != nil {
				t.Fatal(err)
			}
			p, err := net.MirrorPotential()
			if err != nil {
				t.Fatal(err)
			}
			s := ib.FlowSettings{T: c.T, Times: []float64{0.5, 2, 10, 50, c.T}, Method: ib.RK4Flow, Steps: int(c.T) * c.stepsPerUnit}
			gf, err := DiagonalFlow(net, ls, s)
			if err != nil {
				t.Fatal(err)
			}
			mf, err := ib.MirrorFlow(p, ls, zero, s)
			if err != nil {
				t.Fatal(err)
			}
			if e := maxRelRowDiff(mf.X, gf.X); !(e <= c.trajectTol) {
				t.Errorf("β trajectories of mirror flow (%v) and weight-space GF differ by %.2g (relative), want ≤ %g", p, e, c.trajectTol)
			}
			if !(gf.Residual <= 1e-8) || !(mf.Residual <= 1e-8) {
				t.Fatalf("flows not converged at T = %v: residuals %.2g, %.2g", c.T, gf.Residual, mf.Residual)
			}
			proj, err := ib.Project(p, A, y, zero, nil)
			if err != nil {
				t.Fatal(err)
			}
			if e := relDist(gf.Final, proj.X); !(e <= 1e-6) {
				t.Errorf("GF limit vs ib.Project(%v): rel. error %.2g, want ≤ 1e-6", p, e)
			}
			if e := relDist(mf.Final, proj.X); !(e <= 1e-6) {
				t.Errorf("mirror-flow limit vs ib.Project(%v): rel. error %.2g, want ≤ 1e-6", p, e)
			}
			// The adaptive integrator (default tolerances) reaches it too.
			dp, err := ib.MirrorFlow(p, ls, zero, ib.FlowSettings{T: c.T})
			if err != nil {
				t.Fatal(err)
			}
			if e := relDist(dp.Final, proj.X); !(dp.Residual <= 1e-8) || !(e <= 1e-6) {
				t.Errorf("DormandPrince mirror flow: residual %.2g, rel. error to projection %.2g", dp.Residual, e)
			}
			// So do the stiff integrators, on the weight-space flow.
			for _, m := range []ib.FlowMethod{ib.RodasFlow, ib.BDFFlow} {
				rf, err := DiagonalFlow(net, ls, ib.FlowSettings{T: c.T, Method: m})
				if err != nil {
					t.Fatal(err)
				}
				if e := relDist(rf.Final, proj.X); !(rf.Residual <= 1e-8) || !(e <= 1e-6) {
					t.Errorf("method %d weight-space flow: residual %.2g, rel. error to projection %.2g", m, rf.Residual, e)
				}
			}
			// The check discriminates: the limit is not the ℓ₂ interpolator
			// (for α = 1 the two differ by a few percent here, for
			// small α by much more).
			if e := relDist(proj.X, ell2); !(e >= 1e-3) {
				t.Errorf("projection is within %.2g of the ℓ₂ interpolator; the test would not discriminate", e)
			}
		})
	}
}

// TestDiagonalGDApproachesFlow: GD on the weights with step η tracks the
// gradient flow with a global error O(η), so its limit differs from the
// flow's by C·η. The test checks the first-order behaviour itself: halving
// η must halve the distance (ratio in [1.7, 2.3]), and the distance must
// be small, C ≤ 0.5 in relative terms (scratch runs: C ≈ 0.04 for depth 2,
// α = 1 and C ≈ 0.35 for depth 3, α = 0.5).
func TestDiagonalGDApproachesFlow(t *testing.T) {
	_, _, ls := flowProblem(t)
	_, d := ls.Dims()
	for _, c := range []struct {
		depth int
		alpha float64
	}{{2, 1}, {3, 0.5}} {
		net, err := NewUniformDiagonalNet(c.depth, d, c.alpha)
		if err != nil {
			t.Fatal(err)
		}
		gf, err := DiagonalFlow(net, ls, ib.FlowSettings{T: 100, Method: ib.RK4Flow, Steps: 10000})
		if err != nil {
			t.Fatal(err)
		}
		var errs []float64
		for _, eta := range []float64{0.02, 0.01} {
			res, err := DiagonalGD(net, ls, DiagonalSettings{Step: eta, MaxIter: 100000, Tol: 1e-12})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Converged {
				t.Fatalf("depth %d: GD with η = %v did not converge (residual %g)", c.depth, eta, res.Residual)
			}
			errs = append(errs, relDist(res.X, gf.Final))
		}
		if ratio := errs[0] / errs[1]; !(ratio >= 1.7) || !(ratio <= 2.3) {
			t.Errorf("depth %d: distance to the flow limit %.3g (η=0.02), %.3g (η=0.01): ratio %.3g, want ≈ 2 (first order)", c.depth, errs[0], errs[1], ratio)
		}
		if !(errs[1] <= 0.5*0.01) {
			t.Errorf("depth %d: GD limit (η=0.01) is %.3g away from the flow limit, want ≤ 0.5·η", c.depth, errs[1])
		}
	}
}

// TestDiagonalNetGeneralInit checks DiagonalFlow from u₀ ≠ v₀ with the
// conservation law of the depth-2 flow: u_i·v_i is constant in time
// (d/dt(uv) = −2ug·v + u·2vg = 0), which RK4 preserves to its truncation
// error (≈ 1e-12 relative at dt = 1e-3 here; 1e-10 is the bound).
func TestDiagonalNetGeneralInit(t *testing.T) {
	_, _, ls := flowProblem(t)
	_, d := ls.Dims()
	u0, err := planted.SparseVector(d, d, true, 4)
	if err != nil {
		t.Fatal(err)
	}
	v0, err := planted.SparseVector(d, d, false, 5)
	if err != nil {
		t.Fatal(err)
	}
	net, err := NewDiagonalNet(2, u0, v0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.MirrorPotential(); err == nil {
		t.Error("MirrorPotential accepted a non-uniform initialisation")
	}
	tr, err := DiagonalFlow(net, ls, ib.FlowSettings{T: 20, Method: ib.RK4Flow, Steps: 20000})
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < d; j++ {
		c0 := u0.AtVec(j) * v0.AtVec(j)
		c := tr.Net.U.AtVec(j) * tr.Net.V.AtVec(j)
		if !(math.Abs(c-c0) <= 1e-10*math.Max(1, math.Abs(c0))) {
			t.Fatalf("u·v not conserved at coordinate %d: %v → %v", j, c0, c)
		}
	}
	if beta, err := tr.Net.Beta(); err != nil || !mat.EqualApprox(tr.Final, beta, 1e-15) {
		t.Error("Final β differs from the final weights' β")
	}
}

// TestFlowValidation: bad networks and settings are invalid input naming
// the parameter.
func TestFlowValidation(t *testing.T) {
	_, _, ls := flowProblem(t)
	_, d := ls.Dims()
	net, _ := NewUniformDiagonalNet(2, d, 1)
	x0 := mat.NewVecDense(d, nil)
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"steps", func() error {
			_, err := DiagonalFlow(net, ls, ib.FlowSettings{T: 1, Method: ib.RK4Flow})
			return err
		}, "Steps"},
		{"T", func() error { _, err := DiagonalFlow(net, ls, ib.FlowSettings{T: math.NaN()}); return err }, "T"},
		{"nil objective", func() error { _, err := DiagonalFlow(net, nil, ib.FlowSettings{T: 1}); return err }, "objective"},
		{"dimension", func() error {
			small, _ := NewUniformDiagonalNet(2, d-1, 1)
			_, err := DiagonalFlow(small, ls, ib.FlowSettings{T: 1})
			return err
		}, "dimension"},
		{"depth", func() error { _, err := NewUniformDiagonalNet(1, d, 1); return err }, "depth"},
		{"alpha", func() error { _, err := NewUniformDiagonalNet(2, d, 0); return err }, "alpha"},
		{"v0", func() error { _, err := NewDiagonalNet(2, x0, mat.NewVecDense(d+1, nil)); return err }, "differ in length"},
	} {
		err := c.run()
		if !errors.Is(err, ib.ErrInvalidInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want ErrInvalidInput naming %q", c.name, err, c.want)
		}
	}
}
