package ode_test

import (
	"testing"

	"github.com/implicitbias/course/lib/implicitbias/ode"
)

// For an F that ignores t the forward difference of ∂F/∂t is exactly zero,
// so Problem.Autonomous must give bit-identical results with exactly one
// call of F fewer per Jacobian evaluation.
func TestRodasAutonomous(t *testing.T) {
	for _, withJac := range []bool{false, true} {
		p := robertson(40, withJac)
		s := ode.Settings{RTol: 1e-6, ATol: 1e-10}
		plain, err := ode.Rodas(p, s)
		if err != nil {
			t.Fatal(err)
		}
		p.Autonomous = true
		auto, err := ode.Rodas(p, s)
		if err != nil {
			t.Fatal(err)
		}
		for i := range plain.Y {
			if plain.Y[i] != auto.Y[i] {
				t.Errorf("analytic Jacobian %v: Y[%d] = %v with Autonomous, %v without", withJac, i, auto.Y[i], plain.Y[i])
			}
		}
		if want := plain.Stats.RHSCalls - plain.Stats.JacCalls; auto.Stats.RHSCalls != want {
			t.Errorf("analytic Jacobian %v: %d RHS calls with Autonomous, want %d", withJac, auto.Stats.RHSCalls, want)
		}
	}
}
