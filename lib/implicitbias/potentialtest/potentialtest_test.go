package potentialtest

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/implicitbias/course/lib/implicitbias"
)

// entropy is a correct separable potential (the negative entropy), written
// here so that each mutant below differs from it in one formula.
type entropy struct{ implicitbias.NegEntropy }

// Each mutant is a plausible mistake; the suite must report it.
type (
	bregmanTextbook  struct{ entropy } // D by its definition: cancels for nearby points
	bregmanTwice     struct{ entropy } // factor 2 in D
	gradStarShifted  struct{ entropy } // ∇ψ*(θ) = exp(θ − 1): not the inverse of ∇ψ
	starOff          struct{ entropy } // ψ* = Σ exp(θ) − 1: Fenchel–Young fails
	hessTwice        struct{ entropy } // factor 2 in HessDiag
	hessStarOff      struct{ entropy } // HessStarDiag = exp(θ)/2
	nanAtEdge        struct{ entropy } // NaN for tiny x
	plainErrors      struct{ entropy } // errors not wrapping ErrInvalidInput
	acceptsNegatives struct{ entropy } // CheckPrimal lets x ≤ 0 through
)

func (bregmanTextbook) Bregman(x, z []float64) float64 {
	e := implicitbias.NegEntropy{}
	g := make([]float64, len(z))
	e.Grad(g, z)
	var lin float64
	for i := range x {
		lin += g[i] * (x[i] - z[i])
	}
	return e.Value(x) - e.Value(z) - lin
}

func (p bregmanTwice) Bregman(x, z []float64) float64 { return 2 * p.entropy.Bregman(x, z) }

func (gradStarShifted) GradStar(dst, th []float64) {
	for i, v := range th {
		dst[i] = math.Exp(v - 1e-6)
	}
}

func (p starOff) Star(th []float64) float64 { return p.entropy.Star(th) - 1 }

func (p hessTwice) HessDiag(dst, x []float64) {
	p.entropy.HessDiag(dst, x)
	for i := range dst {
		dst[i] *= 2
	}
}

func (p hessStarOff) HessStarDiag(dst, th []float64) {
	p.entropy.HessStarDiag(dst, th)
	for i := range dst {
		dst[i] /= 2
	}
}

func (p nanAtEdge) Value(x []float64) float64 {
	for _, v := range x {
		if v < 1e-200 {
			return math.NaN()
		}
	}
	return p.entropy.Value(x)
}

func (p plainErrors) CheckPrimal(x []float64) error {
	if p.entropy.CheckPrimal(x) != nil {
		return errors.New("bad x")
	}
	return nil
}

func (acceptsNegatives) CheckPrimal(x []float64) error { return nil }

func entropyConfig() Config {
	return Config{
		Primal: func(rng *rand.Rand) []float64 {
			x := make([]float64, 4)
			for i := range x {
				x[i] = math.Exp(8*rng.Float64() - 4)
			}
			return x
		},
		Dual: func(rng *rand.Rand) []float64 {
			x := make([]float64, 4)
			for i := range x {
				x[i] = 8*rng.Float64() - 4
			}
			return x
		},
		Componentwise: true,
		EdgePrimal:    [][]float64{{1e-300, 1, 2, 3}},
		BadPrimal:     [][]float64{{1, 2, -3, 4}},
	}
}

// failures runs the suite's checks on p with a collecting reporter and
// returns the number of failures per check.
func failures(t *testing.T, p implicitbias.Potential, cfg Config) map[string]int {
	s, err := newSuite(p, cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for name, f := range map[string]func(report){
		"Domain": s.domain, "RoundTrip": s.roundTrip, "DualRoundTrip": s.dualRoundTrip,
		"FenchelYoung": s.fenchelYoung, "BregmanFar": s.bregmanFar, "BregmanNear": s.bregmanNear,
		"Gradients": s.gradients, "Hessians": s.hessians, "Edges": s.edges, "Invalid": s.invalid,
	} {
		f(func(string, ...any) { out[name]++ })
	}
	return out
}

// TestSuiteAcceptsCorrect checks that the reference potential passes.
func TestSuiteAcceptsCorrect(t *testing.T) {
	Run(t, entropy{}, entropyConfig())
}

// TestSuiteKillsMutants checks that each mutant fails the check aimed at it.
func TestSuiteKillsMutants(t *testing.T) {
	for _, c := range []struct {
		p     implicitbias.Potential
		check string
	}{
		{bregmanTextbook{}, "BregmanNear"},
		{bregmanTwice{}, "BregmanFar"},
		{bregmanTwice{}, "BregmanNear"},
		{gradStarShifted{}, "RoundTrip"},
		{gradStarShifted{}, "DualRoundTrip"},
		{gradStarShifted{}, "Gradients"},
		{starOff{}, "FenchelYoung"},
		{starOff{}, "Gradients"}, // unaffected: a constant shift has the same gradient
		{hessTwice{}, "Hessians"},
		{hessStarOff{}, "Hessians"},
		{nanAtEdge{}, "Edges"},
		{plainErrors{}, "Domain"},
		{acceptsNegatives{}, "Domain"},
	} {
		got := failures(t, c.p, entropyConfig())
		if c.check == "Gradients" && c.p == (starOff{}) {
			if got[c.check] != 0 {
				t.Errorf("%T: %d Gradients failures for a constant shift of ψ*", c.p, got[c.check])
			}
			continue
		}
		if got[c.check] == 0 {
			t.Errorf("%T passes %s (failures: %v)", c.p, c.check, got)
		}
	}
}

// TestSuiteInvalid checks the Invalid list: a value whose methods panic is
// reported, and one that refuses use properly is not.
func TestSuiteInvalid(t *testing.T) {
	cfg := entropyConfig()
	cfg.Invalid = []implicitbias.Potential{(*implicitbias.Hypentropy)(nil), &implicitbias.QPower{}}
	if n := failures(t, entropy{}, cfg)["Invalid"]; n != 0 {
		t.Errorf("%d failures for properly refused invalid potentials", n)
	}
	cfg.Invalid = []implicitbias.Potential{(*entropy)(nil)}
	if n := failures(t, entropy{}, cfg)["Invalid"]; n == 0 {
		t.Error("a nil *entropy (no Validate, methods panic) was not reported")
	}
}
