package signdescent

import (
	"fmt"
	"math"
	"sync"
)

// Sweep integrates the flow for each ε in eps (same problem, α and
// settings) and returns the trajectories in the order of eps. The runs are
// independent ODEs; they share the problem's Gram matrix XᵀX (the constant
// part of every Jacobian, computed once) and are spread over two
// goroutines (the machine's cores). The result does not depend on the
// scheduling.
func Sweep(p *Problem, alpha float64, eps []float64, s FlowSettings) ([]*Trajectory, error) {
	const op = "Sweep"
	if p == nil {
		return nil, invalid(op, "problem is nil")
	}
	if len(eps) == 0 {
		return nil, invalid(op, "eps is empty")
	}
	for k, e := range eps {
		if !(e > 0) || math.IsInf(e, 1) {
			return nil, invalid(op, "eps[%d] = %v must be positive and finite", k, e)
		}
	}
	out := make([]*Trajectory, len(eps))
	errs := make([]error, len(eps))
	var wg sync.WaitGroup
	const workers = 2
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k := w; k < len(eps); k += workers {
				out[k], errs[k] = Flow(p, Model{Alpha: alpha, Eps: eps[k]}, s)
			}
		}(w)
	}
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("signdescent: Sweep: ε = %v: %w", eps[k], err)
		}
	}
	return out, nil
}
