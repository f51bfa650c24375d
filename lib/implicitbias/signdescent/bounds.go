package signdescent

import (
	"math"
)

// Bounds are the constants of Theorem 3.9 of Wang and Klabjan (UAI 2025)
// for one block n with two coordinates, x⁽ⁿ⁾ = √λ(cos θ, sin θ) on I⁽ⁿ⁾
// with |cos θ| ≥ |sin θ| (App. B.1): the signed KKT error
//
//	Δ = |cos θ|(u₂∞ − α) − |sin θ|(u₁∞ − α)
//
// (coordinate 1 carries |cos θ|, the larger |xᵢ|) satisfies M₋ ≤ Δ ≤ M₊ with
//
//	M₊ = (|cos θ| − |sin θ|)(λ^{−1/4}|y|^{1/2} − √2ε/(4λ^{1/2}|y|)),
//	M₋ = (|cos θ| − |sin θ|)((2λ)^{−1/4}|y|^{1/2} − α) − 2√(2ε/(λ^{3/4}|sin θ||y|^{1/2}))
//	     − 3√2ε/(λ^{1/2}|sin θ·y|)·ln(λ^{1/4}|sin θ||y|^{3/2}/(√2ε)),
//
// and M̄ = (|cos θ| − |sin θ|)λ^{−1/4}|y|^{1/2} is the ε → 0 value of M₊
// (Corollary 3.10: δ(ε) ≤ M̄ − (|cos θ| − |sin θ|)√2ε/(4λ^{1/2}|y|) = M₊).
type Bounds struct {
	// Sample is the block n; Big and Small are its coordinates with the
	// larger and the smaller |xᵢ⁽ⁿ⁾| (coordinates 1 and 2 of the paper).
	Sample, Big, Small int
	// Lambda = ‖x⁽ⁿ⁾‖², Cos = |cos θ|, Sin = |sin θ|, Y = y⁽ⁿ⁾.
	Lambda, Cos, Sin, Y float64
	// MPlus, MMinus and MBar are M₊, M₋ and M̄.
	MPlus, MMinus, MBar float64
	alpha               float64
}

// TheoremBounds returns the Bounds of every block for the given α and ε.
// It returns an *AssumptionError unless Assumptions 3.2, 3.3 and 3.8 hold
// (Theorem 3.9 is the case N = 1, Corollary 3.11 the case N > 1).
func TheoremBounds(p *Problem, alpha, eps float64) ([]Bounds, error) {
	if err := CheckAssumptions(p, alpha, eps); err != nil {
		return nil, err
	}
	if err := CheckPairs(p); err != nil {
		return nil, err
	}
	if !(eps > 0) {
		return nil, invalid("TheoremBounds", "eps = %v: the bound M₋ needs ε > 0", eps)
	}
	bs := make([]Bounds, p.n)
	for n := range bs {
		var idx []int
		for i, b := range p.block {
			if b == n {
				idx = append(idx, i)
			}
		}
		big, small := idx[0], idx[1]
		if math.Abs(p.x.At(n, small)) > math.Abs(p.x.At(n, big)) {
			big, small = small, big
		}
		xb, xs := math.Abs(p.x.At(n, big)), math.Abs(p.x.At(n, small))
		lam := xb*xb + xs*xs
		c, s := xb/math.Sqrt(lam), xs/math.Sqrt(lam)
		y := math.Abs(p.y[n])
		cs := c - s
		mbar := cs * math.Pow(lam, -0.25) * math.Sqrt(y)
		mplus := mbar - cs*math.Sqrt2*eps/(4*math.Sqrt(lam)*y)
		mminus := cs*(math.Pow(2*lam, -0.25)*math.Sqrt(y)-alpha) -
			2*math.Sqrt(2*eps/(math.Pow(lam, 0.75)*s*math.Sqrt(y))) -
			3*math.Sqrt2*eps/(math.Sqrt(lam)*s*y)*math.Log(math.Pow(lam, 0.25)*s*y*math.Sqrt(y)/(math.Sqrt2*eps))
		bs[n] = Bounds{Sample: n, Big: big, Small: small, Lambda: lam, Cos: c, Sin: s, Y: p.y[n],
			MPlus: mplus, MMinus: mminus, MBar: mbar, alpha: alpha}
	}
	return bs, nil
}

// Delta returns Δ = |cos θ|(u∞_small − α) − |sin θ|(u∞_big − α) for the
// block, from the limiting dominating weights uInf (length D; it panics if
// uInf is too short). For N = 1, |Δ| is the KKT error δ of Theorem 3.9.
func (b Bounds) Delta(uInf []float64) float64 {
	return b.Cos*(uInf[b.Small]-b.alpha) - b.Sin*(uInf[b.Big]-b.alpha)
}

// DeltaBound returns Σₙ max(|M₊⁽ⁿ⁾|, |M₋⁽ⁿ⁾|), the bound on the KKT error
// δ̄ of Corollary 3.11 (Theorem 3.9 when N = 1).
func DeltaBound(bs []Bounds) float64 {
	var s float64
	for _, b := range bs {
		s += math.Max(math.Abs(b.MPlus), math.Abs(b.MMinus))
	}
	return s
}

// LinearBound returns Σₙ M₊⁽ⁿ⁾ = Σₙ(|cos θₙ| − |sin θₙ|)λₙ^{−1/4}|y⁽ⁿ⁾|^{1/2}
// − ε Σₙ(|cos θₙ| − |sin θₙ|)√2/(4λₙ^{1/2}|y⁽ⁿ⁾|), the bound of Corollaries
// 3.10 (N = 1) and 3.12, decreasing linearly in ε.
func LinearBound(bs []Bounds) float64 {
	var s float64
	for _, b := range bs {
		s += b.MPlus
	}
	return s
}
