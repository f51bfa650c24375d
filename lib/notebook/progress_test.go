package notebook

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeProgress returns a Progress driven by a manual clock that records
// every displayed update.
func fakeProgress(total int) (p *Progress, clock *time.Time, shown *[]string, out *bytes.Buffer) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock = &t0
	shown = new([]string)
	out = new(bytes.Buffer)
	p = &Progress{label: "sweep", total: total, out: out,
		now:    func() time.Time { return *clock },
		update: func(h string) { *shown = append(*shown, h) }}
	p.start = p.now()
	p.show(true)
	return
}

func TestProgressThrottles(t *testing.T) {
	p, clock, shown, _ := fakeProgress(10)
	for i := 1; i <= 10; i++ {
		*clock = clock.Add(30 * time.Millisecond)
		p.Set(i)
	}
	// Initial display, then updates at 120, 240 ms (every 4th step of
	// 30 ms reaches the 100 ms interval): 1 + 2 = 3 displays before Done.
	if len(*shown) != 3 {
		t.Errorf("%d displays before Done, want 3: %q", len(*shown), *shown)
	}
	p.Done()
	p.Done() // idempotent
	if len(*shown) != 4 {
		t.Fatalf("%d displays after Done, want 4", len(*shown))
	}
	last := (*shown)[3]
	if !strings.Contains(last, `value="10" max="10"`) || !strings.Contains(last, "sweep: 10/10 done in 0.3 s") {
		t.Errorf("final display %q", last)
	}
}

func TestProgressText(t *testing.T) {
	p, clock, _, _ := fakeProgress(4)
	*clock = clock.Add(2 * time.Second)
	p.Set(1)
	// 2 s for 1 of 4 units: 3 units left at 2 s each.
	if got, want := p.text(), "sweep: 1/4, 2.0 s, about 6 s left"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	u, _, _, _ := fakeProgress(0)
	u.Set(7)
	if got, want := u.text(), "sweep: 7, 0.0 s"; got != want {
		t.Errorf("unknown total: text = %q, want %q", got, want)
	}
}

func TestProgressPlainPrintsOnlyAtDone(t *testing.T) {
	p, clock, _, out := fakeProgress(3)
	p.update = nil // as outside the kernel
	for i := 1; i <= 3; i++ {
		*clock = clock.Add(time.Second)
		p.Step()
	}
	if out.Len() != 0 {
		t.Errorf("printed before Done: %q", out.String())
	}
	p.Done()
	if got, want := out.String(), "sweep: 3/3 done in 3.0 s\n"; got != want {
		t.Errorf("Done printed %q, want %q", got, want)
	}
}
