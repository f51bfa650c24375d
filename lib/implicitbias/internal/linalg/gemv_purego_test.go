//go:build purego

package linalg

import "testing"

// TestPureGoSelected: the purego build tag must select the pure-Go kernels
// (internal/scripts/test.sh runs the tests once with it), so that the
// reference loops are exercised as the production path on machines whose
// default build uses the assembly.
func TestPureGoSelected(t *testing.T) {
	if useAsm {
		t.Fatal("purego build uses the assembly kernels")
	}
}
