package notebook_test

import (
	"math"

	"github.com/implicitbias/course/lib/notebook"
)

// Outside the kernel, Show prints the machine-readable lines.
func ExampleChecks() {
	c := notebook.NewChecks("gradient descent on a quadratic")
	c.Relative("minimiser", 2, 2.0000003, 1e-6)
	c.AtMost("final loss", 1e-12, 4e-14)
	c.Claim("monotone loss", true, "loss decreased at every step")
	c.Show()
	// Output:
	// ## gradient descent on a quadratic
	// CHECK PASS "minimiser" predicted=2 observed=2.0000003 err=1.5e-07 tol=rel:1e-06
	// CHECK PASS "final loss" bound=1e-12 observed=4e-14 max
	// CHECK PASS "monotone loss" claim=true detail="loss decreased at every step"
	// CHECKS: 3 pass, 0 fail
}

func ExampleTable() {
	t := notebook.NewTable("", "n", "√n")
	for _, n := range []int{2, 3} {
		t.Row(n, math.Sqrt(float64(n)))
	}
	t.Show()
	// Output:
	// | n | √n |
	// | --- | --- |
	// | 2 | 1.414 |
	// | 3 | 1.732 |
}
