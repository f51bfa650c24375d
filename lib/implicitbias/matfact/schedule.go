package matfact

// Schedule scales the noise levels at iteration k (0-based): the noise of
// factor j at iteration k is Settings.Noise[j-1]·Schedule(k). A nil
// Schedule means constant noise.
type Schedule func(k int) float64

// NoiseThenPolish returns the schedule 1 for k < noisy and 0 afterwards:
// a noise phase of noisy iterations followed by plain gradient descent
// (the polish).
func NoiseThenPolish(noisy int) Schedule {
	return func(k int) float64 {
		if k < noisy {
			return 1
		}
		return 0
	}
}

// LinearAnneal returns the schedule 1 − k/noisy for k < noisy and 0
// afterwards: the noise is annealed linearly to zero, then GD polishes.
func LinearAnneal(noisy int) Schedule {
	return func(k int) float64 {
		if k < noisy {
			return 1 - float64(k)/float64(noisy)
		}
		return 0
	}
}
