package planted

import "math/rand/v2"

// BernoulliMask returns the entries {i, j} of a rows×cols matrix observed
// independently with probability prob, in row-major order, drawn from
// math/rand/v2's PCG generator seeded with (seed, a fixed stream): one
// uniform draw per entry, row by row. The mask may be empty for small
// prob; callers that need every row and column observed check it. It
// returns an error wrapping implicitbias.ErrInvalidInput unless rows,
// cols > 0, rows·cols ≤ 1<<28 and 0 < prob ≤ 1.
func BernoulliMask(rows, cols int, prob float64, seed uint64) ([][2]int, error) {
	const op = "BernoulliMask"
	if rows <= 0 || cols <= 0 {
		return nil, invalidInput(op, "shape %d×%d, rows and cols must be positive", rows, cols)
	}
	if rows > maxBuffer/cols {
		return nil, invalidInput(op, "rows×cols = %d×%d entries exceed the %d one matrix may hold", rows, cols, maxBuffer)
	}
	if !(prob > 0 && prob <= 1) {
		return nil, invalidInput(op, "prob = %v, must be in (0, 1]", prob)
	}
	rng := rand.New(rand.NewPCG(seed, streamMask))
	var out [][2]int
	for i := range rows {
		for j := range cols {
			if rng.Float64() < prob {
				out = append(out, [2]int{i, j})
			}
		}
	}
	return out, nil
}

// MaskMatrix returns the rows×cols 0/1 indicator of the observed entries
// (1 where observed), for plotting and for zero-filling. Entries outside
// the shape are ignored.
func MaskMatrix(rows, cols int, observed [][2]int) []float64 {
	m := make([]float64, rows*cols)
	for _, e := range observed {
		if e[0] >= 0 && e[0] < rows && e[1] >= 0 && e[1] < cols {
			m[e[0]*cols+e[1]] = 1
		}
	}
	return m
}
