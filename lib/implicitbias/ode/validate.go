package ode

import "math"

const (
	defaultRTol     = 1e-6
	defaultATol     = 1e-9
	defaultMaxSteps = 1000000
	minRTol         = 10 * eps
	eps             = 0x1p-52
)

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func allFinite(x []float64) bool {
	for _, v := range x {
		if v-v != 0 { // NaN or ±Inf
			return false
		}
	}
	return true
}

// checkProblem validates p and the method-independent parts of s and
// returns s with its defaults filled in.
func checkProblem(p Problem, s Settings) (Settings, error) {
	if p.F == nil {
		return s, invalid("Problem.F is nil")
	}
	if len(p.Y0) == 0 {
		return s, invalid("Problem.Y0 is empty")
	}
	for i, v := range p.Y0 {
		if !finite(v) {
			return s, invalid("Problem.Y0[%d] = %v is not finite", i, v)
		}
	}
	if !finite(p.T0) || !finite(p.T1) {
		return s, invalid("Problem.T0 = %v and T1 = %v must be finite", p.T0, p.T1)
	}
	if !(p.T1 > p.T0) {
		return s, invalid("Problem.T1 = %v must exceed T0 = %v", p.T1, p.T0)
	}
	switch {
	case math.IsNaN(s.RTol) || math.IsInf(s.RTol, 0) || s.RTol < 0:
		return s, invalid("Settings.RTol = %v must be finite and positive (0 selects %v)", s.RTol, defaultRTol)
	case s.RTol == 0:
		s.RTol = defaultRTol
	case s.RTol < minRTol:
		return s, invalid("Settings.RTol = %v is below the attainable %v", s.RTol, minRTol)
	}
	switch {
	case math.IsNaN(s.ATol) || math.IsInf(s.ATol, 0) || s.ATol < 0:
		return s, invalid("Settings.ATol = %v must be finite and positive (0 selects %v)", s.ATol, defaultATol)
	case s.ATol == 0:
		s.ATol = defaultATol
	}
	if !finite(s.InitialStep) || s.InitialStep < 0 {
		return s, invalid("Settings.InitialStep = %v must be finite and ≥ 0", s.InitialStep)
	}
	if !finite(s.MaxStep) || s.MaxStep < 0 {
		return s, invalid("Settings.MaxStep = %v must be finite and ≥ 0", s.MaxStep)
	}
	if s.MaxStep == 0 || s.MaxStep > p.T1-p.T0 {
		s.MaxStep = p.T1 - p.T0
	}
	if s.InitialStep > s.MaxStep {
		s.InitialStep = s.MaxStep
	}
	if s.MaxSteps < 0 {
		return s, invalid("Settings.MaxSteps = %d must be ≥ 0", s.MaxSteps)
	}
	if s.MaxSteps == 0 {
		s.MaxSteps = defaultMaxSteps
	}
	if len(s.Output) > maxBuffer/len(p.Y0) {
		return s, invalid("len(Settings.Output) = %d times len(Y0) = %d exceeds 2^28 stored values", len(s.Output), len(p.Y0))
	}
	for k, t := range s.Output {
		if !(t >= p.T0 && t <= p.T1) {
			return s, invalid("Settings.Output[%d] = %v lies outside [T0, T1] = [%v, %v]", k, t, p.T0, p.T1)
		}
		if k > 0 && t < s.Output[k-1] {
			return s, invalid("Settings.Output is not ascending: Output[%d] = %v < Output[%d] = %v", k, t, k-1, s.Output[k-1])
		}
	}
	for k, e := range s.Events {
		if e.G == nil {
			return s, invalid("Settings.Events[%d].G is nil", k)
		}
		if e.Direction < -1 || e.Direction > 1 {
			return s, invalid("Settings.Events[%d].Direction = %d must be −1, 0 or +1", k, e.Direction)
		}
	}
	return s, nil
}

func errAtStart(p Problem) error {
	return invalid("F(T0, Y0) is not finite at t = %v", p.T0)
}
