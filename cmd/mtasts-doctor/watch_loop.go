package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/history"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// watchEvent is one line of watch --json (NDJSON): a change seen at a
// walk of one domain.
type watchEvent struct {
	Time     time.Time     `json:"time"`
	Domain   string        `json:"domain"`
	Code     diag.Code     `json:"code"`
	Severity diag.Severity `json:"severity"`
	Message  string        `json:"message"`
}

// watcher walks a set of domains on a schedule and reports what changed.
// Its clock and sleep are injected so tests run rounds back to back.
type watcher struct {
	domains []string
	opts    probe.Options
	every   time.Duration
	until   time.Time // zero: until interrupted
	json    bool
	out     io.Writer
	rec     *recorder
	now     func() time.Time
	// sleep waits d or until ctx ends (false then).
	sleep func(ctx context.Context, d time.Duration) bool
	// afterRound runs after each round (tests change the world there).
	afterRound func(round int)

	// memory holds each domain's walks when there is no history database
	// (--no-history, or it could not be opened), so drift still works.
	memory map[string][]history.Walk
	// seen is the set of findings standing at the domain's previous walk:
	// a finding is printed when it appears, not at every walk it stands.
	seen map[string]map[string]bool
}

// run walks every domain now and then every w.every until w.until or ctx
// ends.
func (w *watcher) run(ctx context.Context) error {
	w.memory, w.seen = map[string][]history.Walk{}, map[string]map[string]bool{}
	for round := 0; ; round++ {
		for _, d := range w.domains {
			if ctx.Err() != nil {
				return nil
			}
			if err := w.walk(ctx, d); err != nil {
				return err
			}
		}
		if w.afterRound != nil {
			w.afterRound(round)
		}
		next := w.now().Add(w.every)
		if !w.until.IsZero() && next.After(w.until) {
			return nil
		}
		if !w.sleep(ctx, w.every) {
			return nil
		}
	}
}

// walk walks one domain, records it and prints its new findings.
func (w *watcher) walk(ctx context.Context, domain string) error {
	start := w.now()
	rep := probe.Check(ctx, domain, w.opts)
	if ctx.Err() != nil {
		return nil // interrupted mid-walk: not a walk of the domain
	}
	// The walk happened at the watcher's clock: drift dates (kept until,
	// binding until) are computed from it.
	rep.Started = start
	walks := w.rec.record(rep)
	if walks == nil {
		walks = append(w.memory[domain], history.FromReport(rep))
		if len(walks) > driftWindow {
			walks = walks[len(walks)-driftWindow:]
		}
		w.memory[domain] = walks
	}
	cur := walks[len(walks)-1]
	findings := history.Drift(walks)
	_, cal := history.Calendar(cur, w.now())
	findings = append(findings, cal...)
	if w.seen[domain] == nil {
		findings = append(diag.List{firstWalk(cur)}, findings...)
	}
	standing := map[string]bool{}
	// The walk's own warnings and errors are changes too when they
	// appear (a name server falls behind, a certificate expires): keyed
	// by code alone, since their words carry timings that vary walk to
	// walk.
	for _, st := range rep.Steps {
		for _, d := range st.Diagnostics {
			key := "walk\x00" + string(d.Code)
			if d.Severity < diag.Warning || standing[key] {
				continue
			}
			standing[key] = true
			if w.seen[domain][key] {
				continue
			}
			if err := w.print(watchEvent{Time: cur.Time, Domain: domain, Code: d.Code, Severity: d.Severity, Message: d.Message}); err != nil {
				return err
			}
		}
	}
	for _, f := range findings {
		key := string(f.Code) + "\x00" + f.Message
		standing[key] = true
		if w.seen[domain][key] {
			continue
		}
		if err := w.print(watchEvent{Time: cur.Time, Domain: domain, Code: f.Code, Severity: f.Severity, Message: f.Message}); err != nil {
			return err
		}
	}
	w.seen[domain] = standing
	return nil
}

// firstWalk is the line that opens a domain's watch: where it stands.
func firstWalk(w history.Walk) diag.Diagnostic {
	id := w.RecordID
	if id == "" {
		id = "none"
	}
	return diag.Newf(history.CodeWatchStarted, diag.Info, "",
		"watching: verdict %s, record id %s, %d MX host(s), max_age %s", w.Verdict, id, len(w.MX), maxAgeWords(w.MaxAge))
}

func (w *watcher) print(ev watchEvent) error {
	if w.json {
		return json.NewEncoder(w.out).Encode(ev)
	}
	_, err := fmt.Fprintf(w.out, "%s  %s  %-7s  %s: %s\n", ev.Time.UTC().Format("2006-01-02 15:04:05Z"),
		ev.Domain, ev.Severity, ev.Code, sanitize.Line(ev.Message, 400))
	return err
}

// sleepCtx waits d, or until ctx ends (false).
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
