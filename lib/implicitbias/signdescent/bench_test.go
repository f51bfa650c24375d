package signdescent

import "testing"

// BenchmarkFlowFig1 is the chapter's flow to t = 3 on the 2×5 data
// (ε = 0.002, Dormand–Prince rtol 1e-9); target ≤ 20 ms.
func BenchmarkFlowFig1(b *testing.B) {
	p := fig1Problem(b)
	m := Model{Alpha: 0.1, Eps: 0.002}
	s := FlowSettings{T: 3, Times: grid(3, 0.005)}
	var tr *Trajectory
	for i := 0; i < b.N; i++ {
		var err error
		if tr, err = Flow(p, m, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tr.Stats.RHSCalls), "rhs-calls")
}

// BenchmarkFlowFig1Rodas is BenchmarkFlowFig1 with Rodas and the analytic
// Jacobian.
func BenchmarkFlowFig1Rodas(b *testing.B) {
	p := fig1Problem(b)
	m := Model{Alpha: 0.1, Eps: 0.002}
	s := FlowSettings{T: 3, Times: grid(3, 0.005), Method: Rodas}
	var tr *Trajectory
	for i := 0; i < b.N; i++ {
		var err error
		if tr, err = Flow(p, m, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tr.Stats.RHSCalls), "rhs-calls")
}

// BenchmarkSweep is the 20-value ε-sweep of the Fig-3 analogue to t = 6;
// target ≤ 1 s.
func BenchmarkSweep(b *testing.B) {
	p := fig2Problem(b)
	for i := 0; i < b.N; i++ {
		if _, err := Sweep(p, 0.1, epsGrid(), FlowSettings{T: 6}); err != nil {
			b.Fatal(err)
		}
	}
}
