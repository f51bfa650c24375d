package failure

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestInvalid: the error wraps ErrInvalidInput and any %w argument, and its
// message names the operation.
func TestInvalid(t *testing.T) {
	err := Invalid("Op", "x = %d: %w", 3, io.EOF)
	if !errors.Is(err, ErrInvalidInput) || !errors.Is(err, io.EOF) {
		t.Errorf("%v does not wrap ErrInvalidInput and io.EOF", err)
	}
	if got := err.Error(); got != "implicitbias: Op: x = 3: EOF" {
		t.Errorf("message %q", got)
	}
	if got := Invalid("", "bare").Error(); got != "implicitbias: bare" {
		t.Errorf("message %q", got)
	}
	var de *DivergedError
	if errors.As(err, &de) {
		t.Error("an input error is not a divergence")
	}
	d := &DivergedError{Method: "M", Iteration: 4, Loss: 1e300, Step: 2, Reason: "why"}
	if s := d.Error(); !strings.Contains(s, "M diverged at iteration 4") || !strings.Contains(s, "why") {
		t.Errorf("message %q", s)
	}
}
