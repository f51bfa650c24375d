package reparam

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	ib "github.com/implicitbias/course/lib/implicitbias"
)

// readMatrix reads a whitespace-separated matrix, one row per line.
func readMatrix(tb testing.TB, path string) *mat.Dense {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var data []float64
	rows, cols := 0, -1
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(line)
		if cols >= 0 && len(f) != cols {
			tb.Fatalf("%s: ragged row %d", path, rows)
		}
		cols = len(f)
		for _, s := range f {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				tb.Fatal(err)
			}
			data = append(data, v)
		}
		rows++
	}
	return mat.NewDense(rows, cols, data)
}

// benchA returns workload (a) of the course benchmarks: X (40×200), y, and
// the network u0 = v0 = 0.1·1 with the settings of the NumPy loop
// (L = ‖Xβ − y‖²/(2n), step 0.01, 20,000 iterations, no early stop).
func benchA(tb testing.TB) (*ib.LeastSquares, *DiagonalNet, DiagonalSettings) {
	X := readMatrix(tb, "testdata/bench_a_X.txt")
	Y := readMatrix(tb, "testdata/bench_a_y.txt")
	n, d := X.Dims()
	y := mat.NewVecDense(n, mat.Row(nil, 0, Y))
	ls, err := ib.NewLeastSquares(X, y)
	if err != nil {
		tb.Fatal(err)
	}
	net, err := NewUniformDiagonalNet(2, d, 0.1)
	if err != nil {
		tb.Fatal(err)
	}
	return ls, net, DiagonalSettings{Step: 0.01, Scale: 1 / float64(n), MaxIter: 20000}
}

// TestDiagonalGDMatchesNumPy checks workload (a) against the sum of β that
// an independent NumPy implementation of the same loop printed
// (1.499636873595679, see the benchmark README). The run converges to an
// interpolator (loss ≈ 1e-28), so the final β is insensitive to the
// different rounding order of the two implementations; 1e-9 relative leaves
// room for that while a wrong gradient, step or scaling would be far off.
func TestDiagonalGDMatchesNumPy(t *testing.T) {
	ls, net, s := benchA(t)
	res, err := DiagonalGD(net, ls, s)
	if err != nil {
		t.Fatal(err)
	}
	if res.Iterations != 20000 {
		t.Errorf("ran %d iterations, want 20000", res.Iterations)
	}
	sum := mat.Sum(res.X)
	const want = 1.499636873595679
	if rel := math.Abs(sum-want) / want; !(rel <= 1e-9) {
		t.Errorf("Σβ = %.16g, NumPy %.16g (rel. error %.2g)", sum, want, rel)
	}
	if !(res.Loss <= 1e-20) {
		t.Errorf("final loss %g, NumPy reached ≈ 2.3e-28", res.Loss)
	}
}

// BenchmarkDiagonalGD times workload (a): 20,000 full-batch GD iterations on
// a depth-2 diagonal network (NumPy + OpenBLAS: 0.19 s per run).
func BenchmarkDiagonalGD(b *testing.B) {
	ls, net, s := benchA(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DiagonalGD(net, ls, s); err != nil {
			b.Fatal(err)
		}
	}
}
