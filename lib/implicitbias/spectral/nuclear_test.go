package spectral

import (
	"errors"
	"math"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias"
)

// TestNuclearNormInterpolator checks the ADMM reference by its optimality
// conditions, independently of the iteration: W interpolates, and the
// certificate Y ∈ range(𝒜*) (zero off Ω for completion) satisfies
// ‖Y‖₂ ≤ 1 and ⟨Y, W⟩ = ‖W‖_*, so Y ∈ ∂‖W‖_* and W is optimal. With rank 2
// and about half of a 20×20 matrix observed, nuclear-norm minimisation
// recovers M (Candès, Recht 2009): a check that the reference is the
// minimum-nuclear-norm interpolator rather than any interpolator.
func TestNuclearNormInterpolator(t *testing.T) {
	M, m := completionProblem(t, 20, 20, 0.5, 1)
	res, err := NuclearNormInterpolator(m, NuclearSettings{})
	if err != nil {
		t.Fatal(err)
	}
	r := make([]float64, m.Len())
	if rn := m.Residual(r, flat(res.W)); !(rn <= 1e-12) {
		t.Errorf("residual %.2g: not an interpolator", rn)
	}
	Y := res.Certificate
	obs := map[[2]int]bool{}
	for _, e := range m.Observed() {
		obs[e] = true
	}
	var off float64
	for i := range 20 {
		for j := range 20 {
			if !obs[[2]int{i, j}] {
				off = math.Max(off, math.Abs(Y.At(i, j)))
			}
		}
	}
	// Y = ρU is a sum of projections onto range(𝒜*) up to the last W − Z,
	// of size Tol·‖W‖: 1e-6 leaves room above Tol = 1e-9.
	if !(off <= 1e-6) {
		t.Errorf("certificate is %.2g off Ω: not in range(𝒜*)", off)
	}
	if s := SingularValues(Y)[0]; !(s <= 1+1e-6) {
		t.Errorf("‖Y‖₂ = %v > 1", s)
	}
	if ip := dot(flat(Y), flat(res.W)); !(math.Abs(ip-res.Nuclear) <= 1e-6*res.Nuclear) {
		t.Errorf("⟨Y, W⟩ = %.10g ≠ ‖W‖_* = %.10g", ip, res.Nuclear)
	}
	if e := RelativeError(res.W, M); !(e <= 1e-6) {
		t.Errorf("recovery error %.2g: nuclear norm should recover the rank-2 M", e)
	}
	if _, err := NuclearNormInterpolator(m, NuclearSettings{Rho: -1}); !errors.Is(err, implicitbias.ErrInvalidInput) {
		t.Errorf("Rho = −1: error %v", err)
	}
	_, err = NuclearNormInterpolator(m, NuclearSettings{MaxIter: 3})
	var nc *implicitbias.NotConvergedError
	if !errors.As(err, &nc) {
		t.Errorf("MaxIter = 3: error %v, want NotConvergedError", err)
	}
}
