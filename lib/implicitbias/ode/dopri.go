package ode

// Dormand–Prince 5(4) tableau (Dormand and Prince 1980; Hairer, Nørsett and
// Wanner, Solving ODEs I, Table II.5.2) and the coefficients of its
// continuous extension of order 4 (ibid. §II.6, as in DOPRI5's CONTD5).
const (
	dpC2, dpC3, dpC4, dpC5 = 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9

	dpA21 = 1.0 / 5
	dpA31 = 3.0 / 40
	dpA32 = 9.0 / 40
	dpA41 = 44.0 / 45
	dpA42 = -56.0 / 15
	dpA43 = 32.0 / 9
	dpA51 = 19372.0 / 6561
	dpA52 = -25360.0 / 2187
	dpA53 = 64448.0 / 6561
	dpA54 = -212.0 / 729
	dpA61 = 9017.0 / 3168
	dpA62 = -355.0 / 33
	dpA63 = 46732.0 / 5247
	dpA64 = 49.0 / 176
	dpA65 = -5103.0 / 18656
	// The 5th-order weights (FSAL: they are the 7th row of A).
	dpB1 = 35.0 / 384
	dpB3 = 500.0 / 1113
	dpB4 = 125.0 / 192
	dpB5 = -2187.0 / 6784
	dpB6 = 11.0 / 84
	// Error weights b − b̂ (b̂ the 4th-order weights).
	dpE1 = 71.0 / 57600
	dpE3 = -71.0 / 16695
	dpE4 = 71.0 / 1920
	dpE5 = -17253.0 / 339200
	dpE6 = 22.0 / 525
	dpE7 = -1.0 / 40
	// Dense output.
	dpD1 = -12715105075.0 / 11282082432
	dpD3 = 87487479700.0 / 32700410799
	dpD4 = -10690763975.0 / 1880347072
	dpD5 = 701980252875.0 / 199316789632
	dpD6 = -1453857185.0 / 822651844
	dpD7 = 69997945.0 / 29380423
)

// DormandPrince integrates p with the explicit Dormand–Prince 5(4) pair,
// local extrapolation (the 5th-order solution is propagated), the PI
// step-size controller of DOPRI5 (safety 0.9, step ratio in [0.2, 10],
// β = 0.04), Hairer's automatic initial step, and the 4th-order continuous
// extension for Settings.Output and event location. Each accepted or rejected
// step costs 6 calls of F (first same as last).
//
// It returns an error for invalid input, when F produces non-finite values
// that cannot be avoided by shortening the step, when the step size
// underflows, and when Settings.MaxSteps is exceeded.
func DormandPrince(p Problem, s Settings) (*Result, error) {
	s, err := checkProblem(p, s)
	if err != nil {
		return nil, err
	}
	dp := newDopri(p, s)
	p.F(p.T0, dp.y, dp.k[0])
	dp.stats.RHSCalls++
	if !allFinite(dp.k[0]) {
		return nil, errAtStart(p)
	}
	h := s.InitialStep
	if h == 0 {
		h = initialStep(p, s, 5, dp.k[0], dp.k[1], dp.k[2], &dp.stats)
	}
	return integrate(p, s, dp, h, &dp.stats)
}

type dopri struct {
	*piControl
	f          Func
	rtol, atol float64
	stats      Stats
	y, ynew    []float64
	tmp        []float64
	k          [7][]float64
	// continuous extension on [told, told+hold]
	told, hold float64
	r          [5][]float64
}

func newDopri(p Problem, s Settings) *dopri {
	n := len(p.Y0)
	buf := make([]float64, 15*n)
	next := func() []float64 { v := buf[:n:n]; buf = buf[n:]; return v }
	dp := &dopri{piControl: newPIControl(5), f: p.F, rtol: s.RTol, atol: s.ATol}
	dp.y, dp.ynew, dp.tmp = next(), next(), next()
	for i := range dp.k {
		dp.k[i] = next()
	}
	for i := range dp.r {
		dp.r[i] = next()
	}
	copy(dp.y, p.Y0)
	return dp
}

func (dp *dopri) state() []float64 { return dp.y }

func (dp *dopri) attempt(t, h float64) (float64, error) {
	y, tmp, k := dp.y, dp.tmp, &dp.k
	k1, k2, k3, k4, k5, k6, k7 := k[0], k[1], k[2], k[3], k[4], k[5], k[6]
	for i := range y {
		tmp[i] = y[i] + h*dpA21*k1[i]
	}
	if !dp.eval(t+dpC2*h, tmp, k2) {
		return 0, errNonFinite
	}
	for i := range y {
		tmp[i] = y[i] + h*(dpA31*k1[i]+dpA32*k2[i])
	}
	if !dp.eval(t+dpC3*h, tmp, k3) {
		return 0, errNonFinite
	}
	for i := range y {
		tmp[i] = y[i] + h*(dpA41*k1[i]+dpA42*k2[i]+dpA43*k3[i])
	}
	if !dp.eval(t+dpC4*h, tmp, k4) {
		return 0, errNonFinite
	}
	for i := range y {
		tmp[i] = y[i] + h*(dpA51*k1[i]+dpA52*k2[i]+dpA53*k3[i]+dpA54*k4[i])
	}
	if !dp.eval(t+dpC5*h, tmp, k5) {
		return 0, errNonFinite
	}
	for i := range y {
		tmp[i] = y[i] + h*(dpA61*k1[i]+dpA62*k2[i]+dpA63*k3[i]+dpA64*k4[i]+dpA65*k5[i])
	}
	if !dp.eval(t+h, tmp, k6) {
		return 0, errNonFinite
	}
	ynew := dp.ynew
	for i := range y {
		ynew[i] = y[i] + h*(dpB1*k1[i]+dpB3*k3[i]+dpB4*k4[i]+dpB5*k5[i]+dpB6*k6[i])
	}
	if !dp.eval(t+h, ynew, k7) {
		return 0, errNonFinite
	}
	for i := range y {
		tmp[i] = h * (dpE1*k1[i] + dpE3*k3[i] + dpE4*k4[i] + dpE5*k5[i] + dpE6*k6[i] + dpE7*k7[i])
	}
	return wrms(tmp, y, ynew, dp.rtol, dp.atol), nil
}

// eval calls F and reports whether the result is finite.
func (dp *dopri) eval(t float64, y, dy []float64) bool {
	dp.f(t, y, dy)
	dp.stats.RHSCalls++
	return allFinite(dy)
}

func (dp *dopri) accept(t, h float64) {
	y, ynew, k := dp.y, dp.ynew, &dp.k
	r := &dp.r
	for i := range y {
		dy := ynew[i] - y[i]
		bspl := h*k[0][i] - dy
		r[0][i] = y[i]
		r[1][i] = dy
		r[2][i] = bspl
		r[3][i] = dy - h*k[6][i] - bspl
		r[4][i] = h * (dpD1*k[0][i] + dpD3*k[2][i] + dpD4*k[3][i] + dpD5*k[4][i] + dpD6*k[5][i] + dpD7*k[6][i])
	}
	dp.told, dp.hold = t, h
	dp.y, dp.ynew = ynew, y
	k[0], k[6] = k[6], k[0] // first same as last
}

func (dp *dopri) dense(dst []float64, t float64) {
	th := (t - dp.told) / dp.hold
	th1 := 1 - th
	r := &dp.r
	for i := range dst {
		dst[i] = r[0][i] + th*(r[1][i]+th1*(r[2][i]+th*(r[3][i]+th1*r[4][i])))
	}
}
