package implicitbias

import "testing"

// BenchmarkMirrorDescent times the course's default SMD run: negative
// entropy, x0 = 0.1·1, single-sample cyclic, d = 50, n = 20, until
// ‖Ax − y‖ ≤ 1e-10 (≈ 5.7·10⁵ iterations on this problem).
func BenchmarkMirrorDescent(b *testing.B) {
	_, _, ls, x0, eta := entropyProblem(b)
	s := DescentSettings{Step: eta, Batch: 1, Tol: 1e-10, MaxIter: 2000000}
	b.ReportAllocs()
	var iters int
	for b.Loop() {
		res, err := MirrorDescent(NegEntropy{}, ls, x0, s)
		if err != nil {
			b.Fatal(err)
		}
		iters = res.Iterations
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(iters), "ns/iter")
}
