package probe

import (
	"context"
	"sync"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
)

// Run walks domain (an A-label, see ParseTarget) the way a sending MTA does
// and streams what it sees: for each step in protocol order a snapshot with
// StatusRunning once it has started, then its final state; last an Event
// carrying the Report. The channel is closed after that.
//
// Independent work runs concurrently (the policy chain, MX hosts and their
// STARTTLS probes, TLS-RPT, DANE), so the wall time approaches the
// network's critical path; the stream still presents steps in order.
// Cancelling ctx ends every operation promptly; unfinished steps end with
// StatusError, the final Report is still sent if the reader is there, and
// no goroutine outlives the channel's close.
func Run(ctx context.Context, domain string, opts Options) <-chan Event {
	out := make(chan Event, 4)
	walkCtx, cancel := context.WithCancel(ctx)
	go func() {
		defer close(out)
		defer cancel()
		client, err := opts.dnsClient()
		w := newWalk(walkCtx, domain, opts, client)
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
	var rep *Report
	for ev := range Run(ctx, domain, opts) {
		if ev.Report != nil {
			rep = ev.Report
		}
	}
	if rep == nil {
		rep = &Report{SchemaVersion: ReportSchemaVersion, Domain: domain, MX: []string{}, Verdict: unknownVerdict("the walk ended before it produced a report")}
	}
	return rep
}

// emit sends every step in protocol order and builds the Report. A step
// that has not finished when ctx ends is reported as StatusError.
func (w *walk) emit(out chan<- Event) *Report {
	rep := &Report{SchemaVersion: ReportSchemaVersion, Domain: w.domain, Started: time.Now()}
	send := func(ev Event) bool {
		select {
		case out <- ev:
			return true
		case <-w.ctx.Done():
			return false
		}
	}
	listening := true
	for _, id := range StepOrder() {
		s := w.slots[id]
		select {
		case <-s.started:
		case <-s.done:
		case <-w.ctx.Done():
		}
		if listening && w.ctx.Err() == nil {
			listening = send(Event{Step: Step{ID: id, Status: StatusRunning, Started: s.startedAt}})
		}
		var final Step
		select {
		case <-s.done:
			final = s.step
		case <-w.ctx.Done():
			select {
			case <-s.done:
				final = s.step
			default:
				final = Step{ID: id, Status: StatusError, Summary: "canceled before the step finished"}
			}
		}
		if listening && w.ctx.Err() == nil {
			listening = send(Event{Step: final})
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
	if len(o.Resolvers) > 0 {
		return &dnsx.Client{Servers: o.Resolvers, Timeout: min(o.timeout(), DNSQueryCap), Retries: 1}, nil
	}
	c, err := dnsx.FromResolvConf("/etc/resolv.conf")
	if err != nil {
		return nil, err
	}
	return c, nil
}
