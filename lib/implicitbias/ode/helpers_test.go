package ode_test

import (
	"math"

	"github.com/implicitbias/course/lib/implicitbias/ode"
)

// gaussian is y' = −2ty, y(0) = 1, with solution exp(−t²).
func gaussian(t1 float64) ode.Problem {
	return ode.Problem{
		F:  func(t float64, y, dy []float64) { dy[0] = -2 * t * y[0] },
		T0: 0, T1: t1, Y0: []float64{1},
	}
}

// rotation is y1' = −y2, y2' = y1 from (1, 0): y = (cos t, sin t).
func rotation(t1 float64) ode.Problem {
	return ode.Problem{
		F:  func(t float64, y, dy []float64) { dy[0], dy[1] = -y[1], y[0] },
		T0: 0, T1: t1, Y0: []float64{1, 0},
	}
}

// slope returns the least-squares slope of y against x.
func slope(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(x))
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	return sxy / sxx
}

// orderFromTolerances integrates the Gaussian problem on [0, 3] at the
// tolerances tols and returns the slope of log(error) against log(RHS calls).
func orderFromTolerances(method func(ode.Problem, ode.Settings) (*ode.Result, error), tols []float64) (float64, error) {
	var lc, le []float64
	for _, tol := range tols {
		r, err := method(gaussian(3), ode.Settings{RTol: tol, ATol: tol})
		if err != nil {
			return 0, err
		}
		lc = append(lc, math.Log(float64(r.Stats.RHSCalls)))
		le = append(le, math.Log(math.Abs(r.Y[0]-math.Exp(-9))))
	}
	return -slope(lc, le), nil
}
