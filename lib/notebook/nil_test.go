package notebook

import (
	"errors"
	"strings"
	"testing"
)

// noPanic runs f and fails the test if it panics.
func noPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: panic: %v", name, r)
		}
	}()
	f()
}

// TestNilChecks: every method of a nil *Checks works as on an empty
// table, and adding a row to it returns false (the row is not recorded,
// so it cannot be reported as passed).
func TestNilChecks(t *testing.T) {
	var c *Checks
	adds := map[string]func() bool{
		"Relative": func() bool { return c.Relative("r", 1, 1, 1e-9) },
		"Absolute": func() bool { return c.Absolute("a", 1, 1, 1e-9) },
		"AtMost":   func() bool { return c.AtMost("m", 1, 0) },
		"AtLeast":  func() bool { return c.AtLeast("l", 0, 1) },
		"Claim":    func() bool { return c.Claim("c", true, "") },
	}
	for name, add := range adds {
		noPanic(t, name, func() {
			if add() {
				t.Errorf("nil *Checks: %s returned true for a row it cannot record", name)
			}
		})
	}
	noPanic(t, "reads", func() {
		c.Note("x")
		if c.Rows() != nil || c.Passed() != 0 || c.Failed() != 0 || !c.AllPass() {
			t.Errorf("nil *Checks is not empty: rows %v, passed %d, failed %d", c.Rows(), c.Passed(), c.Failed())
		}
		if got, want := c.Text(), "CHECKS: 0 pass, 0 fail\n"; got != want {
			t.Errorf("Text = %q, want %q", got, want)
		}
		if !strings.Contains(c.HTML(), "0 pass, 0 fail") {
			t.Errorf("HTML = %q", c.HTML())
		}
		var b strings.Builder
		if err := c.WriteText(&b); err != nil || b.String() != c.Text() {
			t.Errorf("WriteText: %q, %v", b.String(), err)
		}
	})
	noPanic(t, "WriteText(nil)", func() {
		if err := NewChecks("t").WriteText(nil); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("WriteText(nil) = %v, want ErrInvalidInput", err)
		}
	})
}

func TestNilTable(t *testing.T) {
	var tb *Table
	noPanic(t, "nil *Table", func() {
		if tb.Row(1, "a") != nil || tb.Len() != 0 || tb.Markdown() != "" || tb.HTML() != "" {
			t.Errorf("nil *Table is not empty")
		}
		tb.Show()
	})
}

func TestNilAndZeroProgress(t *testing.T) {
	var p *Progress
	noPanic(t, "nil *Progress", func() {
		p.Set(3)
		p.Step()
		p.Done()
	})
	var z Progress // not made by NewProgress: no clock, no output
	noPanic(t, "zero Progress", func() {
		z.Set(3)
		z.Step()
		z.Done()
		if z.done != 4 || !z.finished {
			t.Errorf("zero Progress: done %d finished %t, want 4 true", z.done, z.finished)
		}
	})
}

// failing is a figure type whose nil pointer reports an error, like the
// figures of lib/plots.
type failing struct{}

var errNilFailing = errors.New("nil figure")

func (f *failing) PNG() ([]byte, error) {
	if f == nil {
		return nil, errNilFailing
	}
	return nil, nil
}

func TestShowFigureNil(t *testing.T) {
	noPanic(t, "ShowFigure(nil)", func() {
		if err := ShowFigure(nil); !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "notebook: ShowFigure") {
			t.Errorf("ShowFigure(nil) = %v, want ErrInvalidInput", err)
		}
	})
	noPanic(t, "ShowFigure(typed nil)", func() {
		if err := ShowFigure((*failing)(nil)); !errors.Is(err, errNilFailing) {
			t.Errorf("ShowFigure((*failing)(nil)) = %v, want the figure's error wrapped", err)
		}
	})
}
