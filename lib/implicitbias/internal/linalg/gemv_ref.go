package linalg

// gemvNRef is the pure-Go y ← α·A·x + β·y for n, d ≥ 1 (β = 0 means y has
// been cleared). Four accumulators per row keep the dependency chains
// short; the sum order is fixed, so results are deterministic.
func gemvNRef(n, d int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
	x = x[:d]
	for i := range n {
		row := a[i*lda : i*lda+d]
		var s0, s1, s2, s3 float64
		j := 0
		for ; j+4 <= d; j += 4 {
			s0 += row[j] * x[j]
			s1 += row[j+1] * x[j+1]
			s2 += row[j+2] * x[j+2]
			s3 += row[j+3] * x[j+3]
		}
		for ; j < d; j++ {
			s0 += row[j] * x[j]
		}
		y[i] = alpha*((s0+s1)+(s2+s3)) + beta*y[i]
	}
}

// gemvTRef is the pure-Go y ← y + α·Aᵀ·x for n, d ≥ 1 (GemvT has cleared y).
func gemvTRef(n, d int, alpha float64, a []float64, lda int, x []float64, y []float64) {
	y = y[:d]
	for i := range n {
		c := alpha * x[i]
		row := a[i*lda : i*lda+d]
		for j, aij := range row {
			y[j] += c * aij
		}
	}
}

// residualGradRef is the pure-Go r ← A·x − y, g ← g + α·Aᵀr for n, d ≥ 1.
func residualGradRef(n, d int, a []float64, lda int, x, y []float64, alpha float64, r, g []float64) {
	copy(r[:n], y[:n])
	gemvNRef(n, d, 1, a, lda, x, -1, r)
	gemvTRef(n, d, alpha, a, lda, r, g)
}
