package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// progress is the one-line "12/50 checked" status a batch keeps on a
// terminal's standard error while it runs, so a long batch whose output
// goes to a file (or whose first domain is slow) shows it is alive. It is
// nil, and every method a no-op, when standard error is not a terminal or
// there is only one domain: scripts and logs never see it.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	total   int
	done    int
	failed  int
	shown   bool
	last    time.Time
	started time.Time
	now     func() time.Time
	// tickStop ends the ticker that keeps the line current while nothing
	// finishes (one slow domain holding the rest); tickDone says it has.
	tickStop, tickDone chan struct{}
}

// progressEvery throttles redraws: a terminal over a slow SSH link should
// not get a line per millisecond.
const progressEvery = 100 * time.Millisecond

func newProgress(errOut io.Writer, total int) *progress {
	f, ok := errOut.(*os.File)
	if !ok || total < 2 || !term.IsTerminal(f.Fd()) || os.Getenv("TERM") == "dumb" {
		return nil
	}
	p := &progress{w: errOut, total: total, started: time.Now(), now: time.Now}
	p.tick(progressTick)
	return p
}

// progressTick redraws the line while nothing finishes, so its counts and
// clock never go stale behind one slow walk.
const progressTick = 500 * time.Millisecond

// tick starts the redraw ticker; end stops it.
func (p *progress) tick(every time.Duration) {
	p.tickStop, p.tickDone = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.tickDone)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.mu.Lock()
				p.last = p.now()
				p.draw()
				p.mu.Unlock()
			case <-p.tickStop:
				return
			}
		}
	}()
}

// finished counts one entry done (rep is nil for one that was no domain)
// and redraws, at most every progressEvery.
func (p *progress) finished(rep *probe.Report) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if rep != nil && rep.Failed() {
		p.failed++
	}
	if now := p.now(); now.Sub(p.last) >= progressEvery {
		p.last = now
		p.draw()
	}
}

// around runs print (which writes results) with the line taken off the
// terminal, and puts it back after, so results and the line never mix.
func (p *progress) around(print func()) {
	if p == nil {
		print()
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.erase()
	print()
	p.draw()
}

// end takes the line away for good.
func (p *progress) end() {
	if p == nil {
		return
	}
	if p.tickStop != nil {
		close(p.tickStop)
		<-p.tickDone
		p.tickStop = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.erase()
	p.total = -1 // no more draws
}

func (p *progress) draw() {
	if p.total < 0 || p.done >= p.total {
		return
	}
	// Short enough for an 80-column terminal, so it never wraps (a
	// wrapped line cannot be erased with one \r).
	fmt.Fprintf(p.w, "\r\x1b[2Kchecked %d/%d, %d failing, %s", p.done, p.total, p.failed, probe.FormatDuration(p.now().Sub(p.started)))
	p.shown = true
}

func (p *progress) erase() {
	if p.shown {
		io.WriteString(p.w, "\r\x1b[2K")
		p.shown = false
	}
}
