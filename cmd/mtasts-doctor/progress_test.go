package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// The progress line counts finished walks, is taken off the terminal
// around every result written, is throttled, and is gone at the end.
func TestProgressLine(t *testing.T) {
	var term bytes.Buffer
	now := time.Unix(1000, 0)
	p := &progress{w: &term, total: 3, started: now, now: func() time.Time { return now }}
	failed := &probe.Report{Steps: []probe.Step{{Status: probe.StatusFail}}}

	now = now.Add(time.Second)
	p.finished(failed)
	if got := term.String(); got != "\r\x1b[2Kchecked 1/3, 1 failing, 1.0s" {
		t.Fatalf("first draw %q", got)
	}
	term.Reset()
	p.finished(nil) // within progressEvery: no redraw
	if term.Len() != 0 {
		t.Fatalf("redrawn within %s: %q", progressEvery, term.String())
	}
	p.around(func() { term.WriteString("RESULT\n") })
	if got := term.String(); got != "\r\x1b[2KRESULT\n\r\x1b[2Kchecked 2/3, 1 failing, 1.0s" {
		t.Fatalf("around a result %q", got)
	}
	term.Reset()
	p.end()
	if got := term.String(); got != "\r\x1b[2K" {
		t.Fatalf("end %q", got)
	}
	term.Reset()
	p.finished(nil)
	p.around(func() {})
	if term.Len() != 0 {
		t.Fatalf("drawn after end: %q", term.String())
	}
}

// While nothing finishes (one slow walk holds the line) the ticker keeps
// the line current, and end stops it.
func TestProgressTicksWhileNothingFinishes(t *testing.T) {
	defer goleak.VerifyNone(t)
	term := &syncBuffer{}
	p := &progress{w: term, total: 5, started: time.Now(), now: time.Now}
	p.mu.Lock()
	p.done, p.last = 4, time.Now() // four done, the last draw just now
	p.mu.Unlock()
	p.tick(time.Millisecond)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(term.String(), "checked 4/5") {
		if time.Now().After(deadline) {
			t.Fatalf("no redraw while waiting: %q", term.String())
		}
		time.Sleep(time.Millisecond)
	}
	p.end()
	n := len(term.String())
	time.Sleep(20 * time.Millisecond)
	if len(term.String()) != n {
		t.Fatal("drawn after end")
	}
}

// Not a terminal (a pipe, a file, a test buffer) or a single domain: no
// progress line at all, and the nil progress is safe to use.
func TestProgressOnlyOnATerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 50)
	if p != nil {
		t.Fatal("progress on a buffer")
	}
	p.finished(nil)
	p.around(func() { buf.WriteString("x") })
	p.end()
	if buf.String() != "x" {
		t.Fatalf("%q", buf.String())
	}
	code, _, errOut := runCtx(t.Context(), strings.NewReader(""), "check", "--lab", "--format", "csv", "healthy-enforce", "mode-none")
	if code != 0 || strings.Contains(errOut, "checked") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}
