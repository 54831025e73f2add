package probe

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
)

// Run walks domain (an A-label, see ParseTarget) the way a sending MTA does
// and streams what it sees: for each step a snapshot with StatusRunning
// once it has started, then its final state, as soon as each happens
// (steps finish out of protocol order; place them by ID); last an Event
// carrying the Report, whose Steps are in protocol order. The channel is
// closed after that.
//
// Independent work runs concurrently (the policy chain, MX hosts and their
// STARTTLS probes, TLS-RPT, DANE), so the wall time approaches the
// network's critical path.
// Cancelling ctx ends every operation promptly; unfinished steps end with
// StatusError, the final Report is still sent if the reader is there, and
// no goroutine outlives the channel's close.
//
// The whole walk has one deadline, Options.MaxTime: every DNS query, retry,
// CNAME hop, fetch and SMTP session counts against it, so a server that
// answers each operation just inside --timeout cannot stretch the walk.
// When it passes, the steps still running end with what they have, those
// not done say "deadline", and the Report is partial but honest.
func Run(ctx context.Context, domain string, opts Options) <-chan Event {
	out := make(chan Event, 4)
	walkCtx, cancel := context.WithCancel(ctx)
	opsCtx, cancelOps := context.WithTimeout(walkCtx, opts.maxTime())
	go func() {
		defer close(out)
		defer cancel()
		defer cancelOps()
		client, err := opts.dnsClient()
		w := newWalk(opsCtx, domain, opts, client)
		w.stop = walkCtx
		var workers sync.WaitGroup
		if err != nil {
			w.failAll(err)
		} else {
			w.start(&workers)
		}
		rep := w.emit(out)
		// Workers observe walkCtx; wait for them so none outlives Run, and
		// only then read what they left behind.
		cancel()
		workers.Wait()
		rep.Verdict = w.verdict
		rep.MX = append([]string{}, w.mx.hosts...)
		if rep.Verdict.WithoutCache == "" {
			// The verdict step never decided (no resolver, or canceled
			// before it ran).
			v, _ := rep.Step(StepVerdict)
			rep.Verdict = unknownVerdict(v.Summary)
		}
		rep.Record = w.record.record
		rep.Policy = w.policy.policy
		final := Event{Report: rep}
		// Deliver the Report whenever the reader is still there, even
		// after the caller cancelled: Check drains to the end.
		select {
		case out <- final:
		default:
			select {
			case out <- final:
			case <-ctx.Done():
			}
		}
	}()
	return out
}

// Check runs the walk to the end and returns the Report.
func Check(ctx context.Context, domain string, opts Options) *Report {
	return Collect(domain, Run(ctx, domain, opts))
}

// Collect reads a walk's events to the end (the channel's close) and
// returns its Report; a walk that ended without one (cancelled before it
// could send it) gets an empty Report of domain with an unknown verdict.
func Collect(domain string, events <-chan Event) *Report {
	var rep *Report
	for ev := range events {
		if ev.Report != nil {
			rep = ev.Report
		}
	}
	if rep == nil {
		rep = &Report{SchemaVersion: ReportSchemaVersion, Domain: domain, MX: []string{}, Verdict: unknownVerdict("the walk ended before it produced a report")}
	}
	return rep
}

// deadlineGrace is how long, once the walk's deadline has passed, the
// emitter waits for the steps to finish with what they have (every
// operation watches the deadline, so they end at once) before writing the
// rest off.
const deadlineGrace = 2 * time.Second

// emit sends each step's snapshots as they happen, not held back in
// protocol order: a STARTTLS probe that took 30 ms is shown done while a
// policy fetch still waits out its 6 s timeout. Each step's running
// snapshot comes before its final one; the reader places steps by ID. The
// Report's Steps are in protocol order. A step that has not finished when
// the caller cancels, or deadlineGrace after the walk's deadline, is
// reported as StatusError.
func (w *walk) emit(out chan<- Event) *Report {
	rep := &Report{SchemaVersion: ReportSchemaVersion, Domain: w.domain, Started: time.Now()}
	order := StepOrder()
	// One watcher per step turns its started and done channels into
	// notes; the buffer holds every note, so a watcher never blocks and
	// each ends when its step is done, the caller cancels or emit is done.
	// They watch w.stop, not w.ctx: after the walk's deadline the steps
	// still finish, with what they found, and are still reported.
	type note struct {
		id    StepID
		final bool
	}
	notes := make(chan note, 2*len(order))
	quit := make(chan struct{})
	var watchers sync.WaitGroup
	defer watchers.Wait()
	defer close(quit)
	for _, id := range order {
		s := w.slots[id]
		watchers.Add(1)
		go func() {
			defer watchers.Done()
			select {
			case <-s.started:
				notes <- note{id: id}
			case <-w.stop.Done():
				return
			case <-quit:
				return
			}
			select {
			case <-s.done:
				notes <- note{id: id, final: true}
			case <-w.stop.Done():
			case <-quit:
			}
		}()
	}
	send := func(ev Event) bool {
		select {
		case out <- ev:
			return true
		case <-w.stop.Done():
			return false
		}
	}
	listening := true
	finals := map[StepID]Step{}
	deadline := w.ctx.Done()
	var grace <-chan time.Time
wait:
	for len(finals) < len(order) && w.stop.Err() == nil {
		var n note
		select {
		case n = <-notes:
		case <-deadline:
			deadline, grace = nil, time.After(deadlineGrace)
			continue
		case <-grace:
			break wait
		case <-w.stop.Done():
			continue
		}
		s := w.slots[n.id]
		if !n.final {
			if listening {
				listening = send(Event{Step: Step{ID: n.id, Status: StatusRunning, Started: s.startedAt}})
			}
			continue
		}
		finals[n.id] = s.step
		if listening {
			listening = send(Event{Step: s.step})
		}
	}
	for _, id := range order {
		final, ok := finals[id]
		if !ok {
			select {
			case <-w.slots[id].done:
				final = w.slots[id].step
			default:
				final = Step{ID: id, Status: StatusError, Summary: "canceled before the step finished"}
				if w.pastDeadline() {
					final.Summary = w.deadlineWords()
				}
			}
		}
		rep.Steps = append(rep.Steps, final)
	}
	rep.Duration = time.Since(rep.Started)
	return rep
}

// failAll ends every step with the same setup error (e.g. no resolver).
func (w *walk) failAll(err error) {
	for _, id := range StepOrder() {
		w.finish(Step{ID: id, Status: StatusError, Summary: err.Error()})
	}
}

func (o Options) dnsClient() (*dnsx.Client, error) {
	var c *dnsx.Client
	if len(o.Resolvers) > 0 {
		c = &dnsx.Client{Servers: o.Resolvers, Timeout: min(o.timeout(), DNSQueryCap), Retries: 1}
	} else {
		var err error
		if c, err = dnsx.FromResolvConf("/etc/resolv.conf"); err != nil {
			return nil, err
		}
	}
	if o.Guard != nil {
		// Every query is checked as its socket connects; a resolver the
		// guard refuses is said once, up front, instead of as a network
		// error on every step.
		for _, s := range c.Servers {
			a, err := netip.ParseAddrPort(s)
			if err != nil {
				return nil, fmt.Errorf("resolver %s: %w", s, err)
			}
			if err := o.Guard.Check(a); err != nil {
				return nil, fmt.Errorf("resolver: %w (give a public one with --resolver, or --allow-private)", err)
			}
		}
		c.Control = o.Guard.Control
	}
	return c, nil
}
