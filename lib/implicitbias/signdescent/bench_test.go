package signdescent

import "testing"

func benchFlowFig1(b *testing.B, meth Integrator) {
	p := fig1Problem(b)
	m := Model{Alpha: 0.1, Eps: 0.002}
	s := FlowSettings{T: 3, Times: grid(3, 0.005), Method: meth}
	var tr *Trajectory
	for i := 0; i < b.N; i++ {
		var err error
		if tr, err = Flow(p, m, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tr.Stats.RHSCalls), "rhs-calls")
	b.ReportMetric(float64(tr.Stats.LUs), "LUs")
}

// BenchmarkFlowFig1BDF is the chapter's flow to t = 3 on the 2×5 data
// (ε = 0.002, 601 output times, events) with the default BDF; target ≤ 20 ms.
func BenchmarkFlowFig1BDF(b *testing.B) { benchFlowFig1(b, BDF) }

// BenchmarkFlowFig1DormandPrince is the same flow with Dormand–Prince.
func BenchmarkFlowFig1DormandPrince(b *testing.B) { benchFlowFig1(b, DormandPrince) }

// BenchmarkFlowFig1Rodas is the same flow with Rodas.
func BenchmarkFlowFig1Rodas(b *testing.B) { benchFlowFig1(b, Rodas) }

func benchSweep(b *testing.B, meth Integrator) {
	p := fig2Problem(b)
	for i := 0; i < b.N; i++ {
		if _, err := Sweep(p, 0.1, epsGrid(), FlowSettings{T: 6, Method: meth}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSweepBDF is the 20-value ε-sweep of the Fig-3 analogue to t = 6
// with BDF; target ≤ 1 s.
func BenchmarkSweepBDF(b *testing.B) { benchSweep(b, BDF) }

// BenchmarkSweepDormandPrince is the sweep with Dormand–Prince.
func BenchmarkSweepDormandPrince(b *testing.B) { benchSweep(b, DormandPrince) }

// BenchmarkDescent is 6000 steps of discrete smoothed sign descent
// (η = 1e-3) on the 2×5 data.
func BenchmarkDescent(b *testing.B) {
	p := fig1Problem(b)
	for i := 0; i < b.N; i++ {
		if _, err := Descent(p, Model{Alpha: 0.1, Eps: 0.01}, DescentSettings{Step: 1e-3, MaxIter: 6000}); err != nil {
			b.Fatal(err)
		}
	}
}
