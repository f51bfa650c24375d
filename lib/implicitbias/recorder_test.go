package implicitbias

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// TestRecorderProbes: probe values are Eval at the recorded iterates (so a
// probe that summed the wrong point, or a thinning that dropped probe rows
// out of step with Iter, is caught), and unknown names are errors.
func TestRecorderProbes(t *testing.T) {
	_, _, ls, x0, eta := entropyProblem(t)
	rec := &Recorder{Every: 50, Capacity: 6, KeepIterates: true, Probes: []Probe{
		{Name: "sum", Dim: 1, Eval: func(dst, x []float64) { dst[0] = floats.Sum(x) }},
		{Name: "head", Dim: 2, Eval: func(dst, x []float64) { copy(dst, x[:2]) }},
	}}
	if _, err := MirrorDescent(NegEntropy{}, ls, x0, DescentSettings{Step: eta, Batch: 1, MaxIter: 3000, Recorder: rec}); err != nil {
		t.Fatal(err)
	}
	if rec.Stride() == 50 {
		t.Fatal("the buffer never thinned; the test would not cover thinning")
	}
	sum, err := rec.ProbeSamples("sum")
	if err != nil {
		t.Fatal(err)
	}
	head, err := rec.ProbeSamples("head")
	if err != nil {
		t.Fatal(err)
	}
	if r, c := head.Dims(); r != rec.Len() || c != 2 {
		t.Fatalf("head probe is %d×%d, want %d×2", r, c, rec.Len())
	}
	for k := 0; k < rec.Len(); k++ {
		x := rec.Iterate(k)
		if sum.At(k, 0) != floats.Sum(x) || head.At(k, 0) != x[0] || head.At(k, 1) != x[1] {
			t.Fatalf("sample %d (t = %d): probes %v, %v do not match the iterate", k, rec.Iter[k], sum.At(k, 0), mat.Row(nil, k, head))
		}
	}
	if _, err := rec.ProbeSamples("nope"); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unknown probe: %v", err)
	}
}

// TestRecorderIterateContract: Iterate(k) is nil outside [0, Len) and when
// iterates were not kept — never a stale or zero buffer, never a panic.
func TestRecorderIterateContract(t *testing.T) {
	_, _, ls, x0, eta := entropyProblem(t)
	rec := &Recorder{Every: 10, Capacity: 64, KeepIterates: true}
	if _, err := MirrorDescent(NegEntropy{}, ls, x0, DescentSettings{Step: eta, Batch: 1, MaxIter: 30, Recorder: rec}); err != nil {
		t.Fatal(err)
	}
	if rec.Len() != 4 {
		t.Fatalf("%d samples, want 4 (t = 0, 10, 20, 30)", rec.Len())
	}
	for _, k := range []int{-1, rec.Len(), 63, 64, 1 << 40} {
		if x := rec.Iterate(k); x != nil {
			t.Errorf("Iterate(%d) = %v…, want nil", k, x[:2])
		}
	}
	if rec.Iterate(3) == nil {
		t.Error("Iterate(Len−1) is nil")
	}
	plain := &Recorder{Every: 10}
	if _, err := MirrorDescent(NegEntropy{}, ls, x0, DescentSettings{Step: eta, Batch: 1, MaxIter: 30, Recorder: plain}); err != nil {
		t.Fatal(err)
	}
	if plain.Iterate(0) != nil || plain.Iterates() != nil {
		t.Error("iterates returned though KeepIterates is false")
	}
	var nilRec *Recorder
	if nilRec.Len() != 0 || nilRec.Iterate(0) != nil || nilRec.Stride() != 0 || nilRec.Iterates() != nil ||
		nilRec.Due(0) || nilRec.Record(0, nil, 0, 0, true) != nil {
		t.Error("nil Recorder")
	}
}

// TestRecorderRefusals: absurd sizes and bad probes are invalid input,
// refused before anything is allocated.
func TestRecorderRefusals(t *testing.T) {
	_, _, ls, x0, eta := entropyProblem(t)
	sum := func(dst, x []float64) { dst[0] = floats.Sum(x) }
	for name, rec := range map[string]*Recorder{
		"Capacity 1<<40 with iterates": {Every: 1, Capacity: 1 << 40, KeepIterates: true},
		"Capacity 1<<40":               {Every: 1, Capacity: 1 << 40},
		"Capacity×d too large":         {Every: 1, Capacity: 1 << 23, KeepIterates: true},
		"Capacity 1":                   {Every: 1, Capacity: 1},
		"probe without name":           {Every: 1, Probes: []Probe{{Dim: 1, Eval: sum}}},
		"probe without Eval":           {Every: 1, Probes: []Probe{{Name: "a", Dim: 1}}},
		"probe Dim 0":                  {Every: 1, Probes: []Probe{{Name: "a", Eval: sum}}},
		"probe Capacity×Dim":           {Every: 1, Capacity: 1 << 20, Probes: []Probe{{Name: "a", Dim: 1 << 10, Eval: sum}}},
		"duplicate probes":             {Every: 1, Probes: []Probe{{Name: "a", Dim: 1, Eval: sum}, {Name: "a", Dim: 1, Eval: sum}}},
		"reference length":             {Every: 1, Reference: mat.NewVecDense(3, nil)},
	} {
		_, err := MirrorDescent(NegEntropy{}, ls, x0, DescentSettings{Step: eta, Batch: 1, MaxIter: 3, Recorder: rec})
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", name, err)
		}
	}
}

// TestRecorderBregmanLeavesDomain: a negative-entropy distance recorded
// along a Euclidean run whose iterates leave the positive orthant stops the
// run with an error, instead of recording +Inf and then NaN.
func TestRecorderBregmanLeavesDomain(t *testing.T) {
	_, _, _, ls := plantedLS(t, 20, 50, 3, false, 1)
	x0 := constVec(50, 0.1)
	rec := &Recorder{Every: 1, Reference: constVec(50, 0.2), Potential: NegEntropy{}}
	L, err := ls.Smoothness()
	if err != nil {
		t.Fatal(err)
	}
	_, err = MirrorDescent(Euclidean{}, ls, x0, DescentSettings{Step: 1 / L, MaxIter: 2000, Recorder: rec})
	if !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("error %v, want ErrInvalidInput (iterates left the domain of the reference potential)", err)
	}
	for k, b := range rec.Bregman {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			t.Errorf("sample %d: recorded D = %v", k, b)
		}
	}
}
