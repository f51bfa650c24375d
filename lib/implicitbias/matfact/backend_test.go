package matfact

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/implicitbias/course/lib/implicitbias/planted"
)

var update = flag.Bool("update", false, "rewrite testdata/backend_golden.json from the pure-Go backend")

// backendRuns are the runs whose results both backends must reproduce:
// the deep chapter's default estimation run, a rectangular random-start run
// and a sensing run, each returning its final factors flattened.
func backendRuns(t *testing.T) map[string][]float64 {
	out := map[string][]float64{}
	flat := func(f *Factorization) []float64 {
		var v []float64
		for _, w := range f.Factors {
			v = append(v, mat.DenseCopyOf(w).RawMatrix().Data...)
		}
		return v
	}
	_, yhat, _ := estimationProblem(t, 0)
	est, _ := NewEstimation(yhat)
	f, _ := Identity(3, 8, 0.1)
	res, err := GD(f, est, Settings{Step: 0.02, Iterations: 6000})
	if err != nil {
		t.Fatal(err)
	}
	out["estimation d=8 N=3"] = flat(res.Factors)

	g, _ := Random([]int{40, 50, 30, 45}, 0.5, 3)
	tgt, _ := NewEstimation(randomTarget(t, 45, 40, 5))
	res, err = GD(g, tgt, Settings{Step: 0.01, Iterations: 300})
	if err != nil {
		t.Fatal(err)
	}
	out["random rectangular 45×40 N=3"] = flat(res.Factors)

	a, _ := planted.GaussianSensing(60, 10, 10, 1)
	u := orthonormal(10, 2, 4, 1)
	y := mat.NewDense(10, 10, nil)
	y.Product(u, mat.NewDiagDense(2, []float64{3, 1.5}), u.T())
	b := mat.NewVecDense(60, nil)
	b.MulVec(a, mat.NewVecDense(100, y.RawMatrix().Data))
	sen, _ := NewSensing(a, b, 10, 10)
	h, _ := Identity(3, 10, 0.1)
	res, err = GD(h, sen, Settings{Step: 0.1, Iterations: 3000})
	if err != nil {
		t.Fatal(err)
	}
	out["sensing d=10 rank 2 N=3"] = flat(res.Factors)
	return out
}

// Both backends give the same results to 1e-12 (relative to the largest
// entry): the golden file holds the pure-Go results; the test runs in the
// default build and under -tags openblas (internal/scripts/test-openblas.sh).
// Different summation orders (OpenBLAS uses FMA and other blockings) make
// the results differ at the rounding level, ~1e-15, amplified little by
// these contracting runs.
func TestBackendGolden(t *testing.T) {
	got := backendRuns(t)
	const path = "testdata/backend_golden.json"
	if *update {
		if Backend() != "gonum" {
			t.Fatal("write the golden file with the pure-Go backend")
		}
		b, _ := json.MarshalIndent(got, "", " ")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string][]float64
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for name, w := range want {
		g := got[name]
		if len(g) != len(w) {
			t.Fatalf("%s: %d values, golden %d", name, len(g), len(w))
		}
		scale, diff := 0.0, 0.0
		for i := range w {
			scale = math.Max(scale, math.Abs(w[i]))
			diff = math.Max(diff, math.Abs(g[i]-w[i]))
		}
		if !(diff <= 1e-12*scale) {
			t.Errorf("%s (backend %s): max difference %.3g, scale %.3g", name, Backend(), diff, scale)
		} else {
			t.Logf("%s (backend %s): max difference %.3g", name, Backend(), diff/scale)
		}
	}
}
