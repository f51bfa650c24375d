package ode

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// RODAS4 coefficients (Hairer and Wanner, Solving ODEs II, §VI.4, Table 4.1
// transformed as in their code RODAS: stage i solves
// (I/(γh) − J)k_i = F(t+c_i h, y + Σ a_ij k_j) + Σ c_ij k_j/h + d_i h ∂F/∂t).
const (
	roGamma          = 0.25
	roC2, roC3, roC4 = 0.386, 0.21, 0.63
	roD1, roD2       = 0.25, -0.1043
	roD3, roD4       = 0.1035, -0.3620000000000023e-01

	roA21 = 1.544
	roA31 = 0.9466785280815826
	roA32 = 0.2557011698983284
	roA41 = 3.314825187068521
	roA42 = 2.896124015972201
	roA43 = 0.9986419139977817
	roA51 = 1.221224509226641
	roA52 = 6.019134481288629
	roA53 = 12.53708332932087
	roA54 = -0.6878860361058950

	roC21 = -5.6688
	roC31 = -2.430093356833875
	roC32 = -0.2063599157091915
	roC41 = -0.1073529058151375
	roC42 = -9.594562251023355
	roC43 = -20.47028614809616
	roC51 = 7.496443313967647
	roC52 = -10.24680431464352
	roC53 = -33.99990352819905
	roC54 = 11.70890893206160
	roC61 = 8.083246795921522
	roC62 = -7.981132988064893
	roC63 = -31.52159432874371
	roC64 = 16.31930543123136
	roC65 = -6.058818238834054

	// Continuous extension of order 3.
	roD21 = 10.12623508344586
	roD22 = -7.487995877610167
	roD23 = -34.80091861555747
	roD24 = -7.992771707568823
	roD25 = 1.025137723295662
	roD31 = -0.6762803392801253
	roD32 = 6.087714651680015
	roD33 = 16.43084320892478
	roD34 = 24.76722511418386
	roD35 = -6.594389125716872
)

// Rodas integrates the (stiff) problem p with RODAS4, the L-stable, stiffly
// accurate Rosenbrock method of order 4 with an embedded method of order 3
// (Hairer and Wanner, Solving ODEs II, §VI.4). Each step solves six linear
// systems with one LU factorisation (LAPACK Getrf, partial pivoting, into
// preallocated storage: no allocation per step) of I/(γh) − J, J = ∂F/∂y,
// and calls F six times, plus once for ∂F/∂t by a forward difference unless
// Problem.Autonomous is set. An exactly singular I/(γh) − J rejects the
// step and shortens it. J comes from Problem.Jac when it is set, else from
// forward differences (len(Y0) more calls of F, counted in
// Stats.RHSCalls); it is evaluated once per accepted step and reused after a
// rejection. Step sizes follow Gustafsson's predictive controller as in
// Hairer's RODAS (step ratio in [0.2, 6], safety 0.9). Settings.Output and
// events use the method's continuous extension, of order 3.
//
// It returns an error for invalid input, when F or Jac produce non-finite
// values that cannot be avoided by shortening the step, when the step size
// underflows, and when Settings.MaxSteps is exceeded.
func Rodas(p Problem, s Settings) (*Result, error) {
	s, err := checkProblem(p, s)
	if err != nil {
		return nil, err
	}
	if err := checkMatrixSize(len(p.Y0)); err != nil {
		return nil, err
	}
	ro := newRodas(p, s)
	p.F(p.T0, ro.y, ro.f0)
	ro.stats.RHSCalls++
	if !allFinite(ro.f0) {
		return nil, errAtStart(p)
	}
	h := s.InitialStep
	if h == 0 {
		h = initialStep(p, s, 4, ro.f0, ro.k[0], ro.k[1], &ro.stats)
	}
	return integrate(p, s, ro, h, &ro.stats)
}

type rodas struct {
	*gustafssonControl
	p          Problem
	rtol, atol float64
	stats      Stats
	n          int

	y, ynew, f0, fnew []float64 // state, trial state, F at both
	dfdt, tmp, rhs    []float64
	k                 [6][]float64
	jac               *mat.Dense // ∂F/∂y, row-major n×n
	lu                *denseLU   // factorisation of I/(γh) − J
	jacOK             bool       // jac and dfdt are current for (t, y)

	// continuous extension on [told, told+hold]
	told, hold   float64
	yold, c3, c4 []float64
}

func newRodas(p Problem, s Settings) *rodas {
	n := len(p.Y0)
	buf := make([]float64, 17*n)
	next := func() []float64 { v := buf[:n:n]; buf = buf[n:]; return v }
	ro := &rodas{gustafssonControl: newGustafssonControl(4), p: p, rtol: s.RTol, atol: s.ATol, n: n}
	ro.y, ro.ynew, ro.f0, ro.fnew = next(), next(), next(), next()
	ro.dfdt, ro.tmp, ro.rhs = next(), next(), next()
	for i := range ro.k {
		ro.k[i] = next()
	}
	ro.yold, ro.c3, ro.c4 = next(), next(), next()
	ro.jac = mat.NewDense(n, n, nil)
	ro.lu = newDenseLU(n)
	copy(ro.y, p.Y0)
	return ro
}

func (ro *rodas) state() []float64 { return ro.y }

func (ro *rodas) evalF(t float64, y, dy []float64) bool {
	ro.p.F(t, y, dy)
	ro.stats.RHSCalls++
	return allFinite(dy)
}

// jacobian evaluates J = ∂F/∂y and ∂F/∂t at (t, y).
func (ro *rodas) jacobian(t float64) error {
	y, n := ro.y, ro.n
	jac := ro.jac.RawMatrix() // row-major n×n, stride n
	ro.stats.JacCalls++
	if ro.p.Jac != nil {
		ro.jac.Zero()
		ro.p.Jac(t, y, ro.jac)
	} else {
		// Forward differences, one column per call of F, with Hairer's
		// step sqrt(eps·max(1e-5, |y_j|)) rounded so that y_j + δ − y_j = δ.
		copy(ro.tmp, y)
		col := ro.fnew // free until attempt computes F at the new state
		for j := 0; j < n; j++ {
			yj := y[j]
			delta := math.Sqrt(eps * math.Max(1e-5, math.Abs(yj)))
			ro.tmp[j] = yj + delta
			delta = ro.tmp[j] - yj
			ro.p.F(t, ro.tmp, col)
			ro.stats.RHSCalls++
			for i, c := range col {
				jac.Data[i*jac.Stride+j] = (c - ro.f0[i]) / delta
			}
			ro.tmp[j] = yj
		}
	}
	for i := 0; i < n; i++ {
		if !allFinite(jac.Data[i*jac.Stride : i*jac.Stride+n]) {
			return stepFailed("the Jacobian of F is not finite at t = %v", t)
		}
	}
	if !ro.p.Autonomous {
		dt := math.Sqrt(eps * math.Max(1e-5, math.Abs(t)))
		dt = (t + dt) - t
		ro.p.F(t+dt, y, ro.dfdt)
		ro.stats.RHSCalls++
		for i := range ro.dfdt {
			ro.dfdt[i] = (ro.dfdt[i] - ro.f0[i]) / dt
		}
		if !allFinite(ro.dfdt) {
			return stepFailed("∂F/∂t is not finite at t = %v", t)
		}
	} // else dfdt stays zero from its allocation
	ro.jacOK = true
	return nil
}

// factorize stores the LU factorisation of I/(γh) − J in ro.lu;
// it reports false if the matrix is exactly singular.
func (ro *rodas) factorize(h float64) bool {
	n := ro.n
	jac := ro.jac.RawMatrix()
	lu := ro.lu.a.Data
	g := 1 / (roGamma * h)
	for i := 0; i < n; i++ {
		src := jac.Data[i*jac.Stride : i*jac.Stride+n]
		dst := lu[i*n : i*n+n]
		for j, v := range src {
			dst[j] = -v
		}
		dst[i] += g
	}
	ro.stats.LUs++
	return ro.lu.factorize()
}

// solve stores (I/(γh) − J)⁻¹ rhs in k[i] using the factorisation of
// factorize; it reports false if the result is not finite (the error test
// judges ill-conditioned but finite solutions).
func (ro *rodas) solve(i int) bool {
	x := ro.k[i]
	copy(x, ro.rhs)
	ro.lu.solve(x)
	return allFinite(x)
}

func (ro *rodas) attempt(t, h float64) (float64, error) {
	if !ro.jacOK {
		if err := ro.jacobian(t); err != nil {
			return 0, err
		}
	}
	if !ro.factorize(h) {
		return 0, errNonFinite // singular: a shorter step makes I/(γh) dominate
	}

	y, tmp, rhs, dfdt := ro.y, ro.tmp, ro.rhs, ro.dfdt
	k1, k2, k3, k4, k5, k6 := ro.k[0], ro.k[1], ro.k[2], ro.k[3], ro.k[4], ro.k[5]
	hi := 1 / h
	for i := range rhs {
		rhs[i] = ro.f0[i] + h*roD1*dfdt[i]
	}
	if !ro.solve(0) {
		return 0, errNonFinite
	}
	for i := range y {
		tmp[i] = y[i] + roA21*k1[i]
	}
	if !ro.evalF(t+roC2*h, tmp, rhs) {
		return 0, errNonFinite
	}
	for i := range rhs {
		rhs[i] += h*roD2*dfdt[i] + hi*roC21*k1[i]
	}
	if !ro.solve(1) {
		return 0, errNonFinite
	}
	for i := range y {
		tmp[i] = y[i] + roA31*k1[i] + roA32*k2[i]
	}
	if !ro.evalF(t+roC3*h, tmp, rhs) {
		return 0, errNonFinite
	}
	for i := range rhs {
		rhs[i] += h*roD3*dfdt[i] + hi*(roC31*k1[i]+roC32*k2[i])
	}
	if !ro.solve(2) {
		return 0, errNonFinite
	}
	for i := range y {
		tmp[i] = y[i] + roA41*k1[i] + roA42*k2[i] + roA43*k3[i]
	}
	if !ro.evalF(t+roC4*h, tmp, rhs) {
		return 0, errNonFinite
	}
	for i := range rhs {
		rhs[i] += h*roD4*dfdt[i] + hi*(roC41*k1[i]+roC42*k2[i]+roC43*k3[i])
	}
	if !ro.solve(3) {
		return 0, errNonFinite
	}
	for i := range y {
		tmp[i] = y[i] + roA51*k1[i] + roA52*k2[i] + roA53*k3[i] + roA54*k4[i]
	}
	if !ro.evalF(t+h, tmp, rhs) {
		return 0, errNonFinite
	}
	for i := range rhs {
		rhs[i] += hi * (roC51*k1[i] + roC52*k2[i] + roC53*k3[i] + roC54*k4[i])
	}
	if !ro.solve(4) {
		return 0, errNonFinite
	}
	for i := range y {
		tmp[i] += k5[i]
	}
	if !ro.evalF(t+h, tmp, rhs) {
		return 0, errNonFinite
	}
	for i := range rhs {
		rhs[i] += hi * (roC61*k1[i] + roC62*k2[i] + roC63*k3[i] + roC64*k4[i] + roC65*k5[i])
	}
	if !ro.solve(5) {
		return 0, errNonFinite
	}
	ynew := ro.ynew
	for i := range y {
		ynew[i] = tmp[i] + k6[i]
	}
	err := wrms(k6, y, ynew, ro.rtol, ro.atol)
	if err <= 1 {
		// The step will be accepted: F at the new state starts the next one.
		if !ro.evalF(t+h, ynew, ro.fnew) {
			return 0, errNonFinite
		}
	}
	return err, nil
}

func (ro *rodas) accept(t, h float64) {
	k := &ro.k
	for i := range ro.y {
		ro.c3[i] = roD21*k[0][i] + roD22*k[1][i] + roD23*k[2][i] + roD24*k[3][i] + roD25*k[4][i]
		ro.c4[i] = roD31*k[0][i] + roD32*k[1][i] + roD33*k[2][i] + roD34*k[3][i] + roD35*k[4][i]
	}
	ro.told, ro.hold = t, h
	ro.yold, ro.y, ro.ynew = ro.y, ro.ynew, ro.yold
	ro.f0, ro.fnew = ro.fnew, ro.f0
	ro.jacOK = false
}

func (ro *rodas) dense(dst []float64, t float64) {
	s := (t - ro.told) / ro.hold
	s1 := 1 - s
	for i := range dst {
		dst[i] = ro.yold[i]*s1 + s*(ro.y[i]+s1*(ro.c3[i]+s*ro.c4[i]))
	}
}
