package probe

import (
	"context"
	"time"
)

// Run walks domain the way a sending MTA does and streams what it sees: for
// each step in protocol order a running snapshot, then its final state, and
// last an Event carrying the Report. The channel is closed after that.
// Cancelling ctx ends the walk promptly; the remaining steps end with
// StatusError, and the channel still closes.
//
// TODO(lead): the walk itself lands with the transports; until then every
// step reports StatusError so the plumbing can be built against it.
func Run(ctx context.Context, domain string, opts Options) <-chan Event {
	out := make(chan Event, len(StepOrder())*2+1)
	go func() {
		defer close(out)
		rep := &Report{Domain: domain, Started: opts.now()}
		for _, id := range StepOrder() {
			s := Step{ID: id, Status: StatusError, Started: time.Now(), Summary: "not built yet"}
			rep.Steps = append(rep.Steps, s)
			select {
			case out <- Event{Step: s}:
			case <-ctx.Done():
				return
			}
		}
		out <- Event{Report: rep}
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
		rep = &Report{Domain: domain}
	}
	return rep
}
