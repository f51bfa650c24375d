package implicitbias

import "strings"

// opError prefixes the message of an error of this package (such as a
// *NotConvergedError) with the operation that failed and appends a note,
// without hiding the error from errors.As.
type opError struct {
	op, note string
	err      error
}

func (e *opError) Error() string {
	s := "implicitbias: " + e.op + ": " + strings.TrimPrefix(e.err.Error(), "implicitbias: ")
	if e.note != "" {
		s += " (" + e.note + ")"
	}
	return s
}

func (e *opError) Unwrap() error { return e.err }
