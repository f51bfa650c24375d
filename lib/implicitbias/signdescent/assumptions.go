package signdescent

import (
	"fmt"
	"math"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// AssumptionError reports data or parameters outside the hypotheses of
// Wang and Klabjan (UAI 2025): Assumption 3.2 (block structure, y⁽ⁿ⁾ ≠ 0),
// Assumption 3.3 (inequalities (18) and (19) on ε and α) or Assumption 3.8
// (blocks of two coordinates, needed by Theorem 3.9 and Corollary 3.11).
// The dynamics can still be run on such data; the theorems say nothing
// about them. It wraps implicitbias.ErrInvalidInput, because the theory
// functions of this package refuse such input.
type AssumptionError struct {
	// Assumption is "3.2", "3.3" or "3.8".
	Assumption string
	// Inequality names the failing condition with its numbers.
	Inequality string
	// Sample and Coord locate the failure (−1 when not applicable).
	Sample, Coord int
	// EpsMax is the upper end of the admissible range [0, EpsMax] of ε for
	// the given data and α, or NaN when no ε is admissible (α too large)
	// or the range is not defined (Assumption 3.2 fails).
	EpsMax float64
}

// Error names the assumption, the failing inequality with its numbers and,
// for Assumption 3.3, the admissible range of ε.
func (e *AssumptionError) Error() string {
	s := fmt.Sprintf("signdescent: Assumption %s of Wang & Klabjan (UAI 2025) fails: %s", e.Assumption, e.Inequality)
	if e.Assumption == "3.3" {
		if math.IsNaN(e.EpsMax) {
			s += "; no ε is admissible for this α"
		} else {
			s += fmt.Sprintf("; admissible ε ∈ [0, %.6g] for this α", e.EpsMax)
		}
	}
	return s
}

// Unwrap returns implicitbias.ErrInvalidInput.
func (e *AssumptionError) Unwrap() error { return ib.ErrInvalidInput }

// blockSums returns Σ_{k∈I⁽ⁿ⁾} |x_k⁽ⁿ⁾| for each sample n.
func (p *Problem) blockSums() []float64 {
	s := make([]float64, p.n)
	for i, n := range p.block {
		s[n] += math.Abs(p.x.At(n, i))
	}
	return s
}

// alphaMax returns the upper bound of (19) for sample n:
// ⅓·√(|y⁽ⁿ⁾| / (2 Σ_k |x_k⁽ⁿ⁾|)).
func alphaMax(y, sum float64) float64 { return math.Sqrt(math.Abs(y)/(2*sum)) / 3 }

// EpsRange returns ε̄ such that Assumption 3.3 holds for exactly the ε in
// [0, ε̄] (with the given α): the minimum over samples n and coordinates
// i ∈ I⁽ⁿ⁾ of the bound (18),
//
//	ε ≤ (1/9)·|xᵢ⁽ⁿ⁾|·|y⁽ⁿ⁾|^{3/2} / √(2 Σ_k |x_k⁽ⁿ⁾|),
//
// and of the left inequality of (19) solved for ε, ε ≤ 4α|xᵢ⁽ⁿ⁾y⁽ⁿ⁾|/9.
// It returns an *AssumptionError when Assumption 3.2 fails or when α
// exceeds the right bound of (19), α ≤ ⅓√(|y⁽ⁿ⁾|/(2Σ_k|x_k⁽ⁿ⁾|)), for
// which no ε is admissible.
func EpsRange(p *Problem, alpha float64) (float64, error) {
	if p == nil {
		return 0, invalid("EpsRange", "problem is nil")
	}
	if !(alpha > 0) || math.IsInf(alpha, 1) {
		return 0, invalid("EpsRange", "alpha = %v must be positive and finite", alpha)
	}
	if err := p.checkBlocks(); err != nil {
		return 0, err
	}
	sums := p.blockSums()
	for n, s := range sums {
		if am := alphaMax(p.y[n], s); alpha > am {
			return 0, &AssumptionError{Assumption: "3.3", Sample: n, Coord: -1, EpsMax: math.NaN(),
				Inequality: fmt.Sprintf("(19) α ≤ ⅓√(|y⁽ⁿ⁾|/(2Σ|x_k⁽ⁿ⁾|)) = %.6g for n = %d, but α = %g", am, n, alpha)}
		}
	}
	epsMax := math.Inf(1)
	for i, n := range p.block {
		e18, e19 := epsBounds(math.Abs(p.x.At(n, i)), math.Abs(p.y[n]), sums[n], alpha)
		epsMax = math.Min(epsMax, math.Min(e18, e19))
	}
	return epsMax, nil
}

// epsBounds returns the bounds on ε of (18) and of the left half of (19)
// for one coordinate with |xᵢ| = ax, |y⁽ⁿ⁾| = ay and Σ_k|x_k⁽ⁿ⁾| = sum.
func epsBounds(ax, ay, sum, alpha float64) (e18, e19 float64) {
	e18 = ax * ay * math.Sqrt(ay) / (9 * math.Sqrt(2*sum))
	e19 = 4 * alpha * ax * ay / 9
	return e18, e19
}

// CheckAssumptions returns nil if the problem, the initial scale α and the
// stability constant ε satisfy Assumptions 3.2 and 3.3 of Wang and
// Klabjan (UAI 2025), under which Propositions 3.4–3.7 describe the
// dynamics. Otherwise it returns an *AssumptionError naming the first
// failing inequality and the admissible range of ε. Non-positive or
// non-finite α, or negative or non-finite ε, are invalid input.
func CheckAssumptions(p *Problem, alpha, eps float64) error {
	const op = "CheckAssumptions"
	if p == nil {
		return invalid(op, "problem is nil")
	}
	if !(alpha > 0) || math.IsInf(alpha, 1) {
		return invalid(op, "alpha = %v must be positive and finite", alpha)
	}
	if !(eps >= 0) || math.IsInf(eps, 1) {
		return invalid(op, "eps = %v must be non-negative and finite", eps)
	}
	epsMax, err := EpsRange(p, alpha)
	if err != nil {
		return err
	}
	sums := p.blockSums()
	for i, n := range p.block {
		ax, ay := math.Abs(p.x.At(n, i)), math.Abs(p.y[n])
		e18, e19 := epsBounds(ax, ay, sums[n], alpha)
		if eps > e18 {
			return &AssumptionError{Assumption: "3.3", Sample: n, Coord: i, EpsMax: epsMax,
				Inequality: fmt.Sprintf("(18) ε ≤ |xᵢ||y|^{3/2}/(9√(2Σ|x_k|)) = %.6g for n = %d, i = %d, but ε = %g", e18, n, i, eps)}
		}
		if eps > e19 {
			return &AssumptionError{Assumption: "3.3", Sample: n, Coord: i, EpsMax: epsMax,
				Inequality: fmt.Sprintf("(19) 9ε/(4|xᵢy⁽ⁿ⁾|) = %.6g ≤ α fails for n = %d, i = %d (α = %g, ε = %g)",
					9*eps/(4*ax*ay), n, i, alpha, eps)}
		}
	}
	return nil
}

// CheckPairs returns nil if every block of X has exactly two coordinates
// (Assumption 3.8 of Wang and Klabjan, under which Theorem 3.9 and
// Corollaries 3.10–3.12 bound the KKT error), else an *AssumptionError
// (also when Assumption 3.2 fails).
func CheckPairs(p *Problem) error {
	if p == nil {
		return invalid("CheckPairs", "problem is nil")
	}
	if err := p.checkBlocks(); err != nil {
		return err
	}
	count := make([]int, p.n)
	for _, n := range p.block {
		count[n]++
	}
	for n, c := range count {
		if c != 2 {
			return &AssumptionError{Assumption: "3.8", Sample: n, Coord: -1, EpsMax: math.NaN(),
				Inequality: fmt.Sprintf("block %d has %d coordinates, Theorem 3.9 needs D_n = 2", n, c)}
		}
	}
	return nil
}
