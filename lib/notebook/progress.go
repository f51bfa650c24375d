package notebook

import (
	"fmt"
	"html"
	"io"
	"os"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
)

// Progress shows the progress of a sweep in place, in one output block
// that is updated at most ten times a second. Create it with NewProgress,
// call Set (or Step) as work is done and Done at the end; the final state,
// with the elapsed time, stays in the saved notebook.
//
// Outside the kernel nothing is shown until Done, which prints one line
// to stderr. The methods of a nil *Progress do nothing; a zero Progress
// (not made by NewProgress) shows nothing until Done and then prints
// nothing.
type Progress struct {
	label    string
	total    int
	done     int
	id       string
	start    time.Time
	last     time.Time
	finished bool

	now    func() time.Time // the clock; replaced in tests
	update func(html string)
	out    io.Writer // plain-text output outside the kernel
}

// minInterval is the shortest time between two displayed updates.
const minInterval = 100 * time.Millisecond

// NewProgress starts a progress display for total units of work (total ≤ 0
// means unknown) labelled with label, e.g. "sweep over α".
func NewProgress(label string, total int) *Progress {
	p := &Progress{label: label, total: total, now: time.Now, out: os.Stderr}
	if IsNotebook() {
		p.id = "progress_" + gonbui.UniqueId()
		p.update = func(h string) { gonbui.UpdateHtml(p.id, h) }
	}
	p.start = p.now()
	p.show(true)
	return p
}

// Set records that done units are finished and refreshes the display if
// the last refresh is older than a tenth of a second.
func (p *Progress) Set(done int) {
	if p == nil {
		return
	}
	p.done = done
	p.show(false)
}

// Step records one more finished unit; see Set.
func (p *Progress) Step() {
	if p == nil {
		return
	}
	p.Set(p.done + 1)
}

// Done marks the work as finished and shows the final state with the total
// elapsed time. Later calls do nothing.
func (p *Progress) Done() {
	if p == nil || p.finished {
		return
	}
	p.finished = true
	if p.total > 0 {
		p.done = max(p.done, p.total)
	}
	p.show(true)
	if p.update == nil && p.out != nil {
		fmt.Fprintln(p.out, p.text())
	}
	flush()
}

func (p *Progress) show(force bool) {
	t := p.clock()
	if !force && t.Sub(p.last) < minInterval {
		return
	}
	p.last = t
	if p.update != nil {
		p.update(p.html())
	}
}

// text returns the plain-text state, e.g. "sweep: 20/20 in 3.1 s".
func (p *Progress) text() string {
	el := p.clock().Sub(p.start).Seconds()
	count := fmt.Sprintf("%d", p.done)
	if p.total > 0 {
		count = fmt.Sprintf("%d/%d", p.done, p.total)
	}
	if p.finished {
		return fmt.Sprintf("%s: %s done in %.1f s", p.label, count, el)
	}
	s := fmt.Sprintf("%s: %s, %.1f s", p.label, count, el)
	if p.total > 0 && p.done > 0 && p.done < p.total {
		left := el / float64(p.done) * float64(p.total-p.done)
		s += fmt.Sprintf(", about %.0f s left", left)
	}
	return s
}

// html returns the HTML state: a <progress> bar (when total is known) and
// the text.
func (p *Progress) html() string {
	bar := ""
	if p.total > 0 {
		bar = fmt.Sprintf(`<progress value="%d" max="%d" style="width:16em"></progress> `, p.done, p.total)
	}
	return `<div class="ib-progress">` + bar + html.EscapeString(p.text()) + `</div>`
}

// clock returns the current time from p.now, or time.Now for a Progress
// not made by NewProgress.
func (p *Progress) clock() time.Time {
	if p.now == nil {
		return time.Now()
	}
	return p.now()
}
