package exercises_test

import "github.com/implicitbias/course/lib/exercises"

// A chapter's check function compares the student's answer with a value
// it computes, and reports without giving the value away.
func ExampleCheckNumber() {
	want := 1.0 / 3 // computed by the check, never printed
	exercises.Report(exercises.CheckNumber("Ch00.Q1", "your estimate", 0.3, want, 1e-3, "average more samples"))
	exercises.Report(exercises.CheckNumber("Ch00.Q1", "your estimate", 0.33333, want, 1e-3, "average more samples"))
	// Output:
	// Ch00.Q1 ✘ not yet: your estimate = 0.3 is too small (hint: average more samples)
	// Ch00.Q1 ✔ right: your estimate = 0.3333 is within a relative 0.001 of the answer
}
