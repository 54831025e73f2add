package probe

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
	"github.com/mtasts-doctor/mtasts-doctor/probe/internal/neterr"
	"github.com/mtasts-doctor/mtasts-doctor/probe/limit"
)

// slot holds one step while the walk fills it in. The emitter reads step
// only after done is closed, so the worker that owns the slot needs no lock.
type slot struct {
	step Step
	// startedAt is written once, before started is closed, and never
	// again, so the emitter may read it while the worker fills step.
	startedAt time.Time
	started   chan struct{}
	done      chan struct{}
	once      sync.Once
}

// walk is one Run in progress: the shared inputs and a slot per step.
type walk struct {
	// ctx carries the walk's deadline (Options.MaxTime) and the caller's
	// cancel: every operation uses it. stop is the caller's cancel alone,
	// for the emitter, which keeps reporting after the deadline.
	ctx    context.Context
	stop   context.Context
	domain string
	opts   Options
	dns    *dnsx.Client
	slots  map[StepID]*slot
	// limiter bounds the walk's open connections (Options.Limiter, or one
	// of DefaultConcurrency slots of its own).
	limiter *limit.Limiter
	// see builds the step's "see it yourself" commands.
	see seeIt

	// Values later steps need from earlier ones. Each is written by one
	// worker before it closes the slot it belongs to, and read only after
	// waiting on that slot.
	record     recordOutcome
	policyHost hostOutcome
	fetch      fetchOutcome
	policy     policyOutcome
	mx         mxOutcome
	mxTLS      []HostResult
	tlsrpt     tlsrptOutcome
	dane       daneOutcome
	verdict    Verdict
}

// start launches the workers. Each owns the steps it finishes; a worker
// that needs an earlier step's result waits on that step's slot.
func (w *walk) start(wg *sync.WaitGroup) {
	spawn := func(f func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	spawn(w.runRecord)
	spawn(w.runPolicyChain)
	spawn(func() { w.runMX(spawn) })
	spawn(w.runTLSRPT)
	spawn(w.runVerdict)
}

func newWalk(ctx context.Context, domain string, opts Options, dns *dnsx.Client) *walk {
	w := &walk{ctx: ctx, stop: ctx, domain: domain, opts: opts, dns: dns, slots: map[StepID]*slot{}, see: newSeeIt(opts, dns), limiter: opts.limiter()}
	for _, id := range StepOrder() {
		w.slots[id] = &slot{step: Step{ID: id, Status: StatusPending}, started: make(chan struct{}), done: make(chan struct{})}
	}
	return w
}

// begin marks a step as started now.
func (w *walk) begin(id StepID) time.Time {
	s := w.slots[id]
	now := time.Now()
	s.once.Do(func() {
		s.startedAt = now
		close(s.started)
	})
	return s.startedAt
}

// finish publishes a step's result. The Duration is the step's own work,
// measured by the caller, so a step that waited for another to finish does
// not report the wait as its own slowness.
func (w *walk) finish(st Step) {
	s := w.slots[st.ID]
	if w.pastDeadline() && st.ID != StepVerdict {
		switch st.Status {
		case StatusError, StatusSkipped, StatusPending, StatusRunning, "":
			// Whatever it says, the walk's deadline is why it is not done.
			sum := w.deadlineWords()
			if st.Summary != "" {
				sum += " (" + st.Summary + ")"
			}
			st.Status, st.Summary = StatusError, sum
		}
	}
	st.Started = w.begin(st.ID)
	settleStatus(&st)
	s.step = st
	close(s.done)
}

// wait blocks until a step is done (workers use it for dependencies).
func (w *walk) wait(id StepID) { <-w.slots[id].done }

// stoppedWords says why the walk's context ended, for work it never began.
func (w *walk) stoppedWords() string {
	if w.pastDeadline() {
		return "deadline: the walk ran out of time first"
	}
	return "the walk was canceled first"
}

// stopped reports whether the walk's operations have been told to end (a
// cancel, or the deadline as soon as its time has come).
func (w *walk) stopped() bool { return neterr.Stopped(w.ctx) != nil }

// pastDeadline reports whether the walk's own deadline (not a cancel) has
// ended its operations.
func (w *walk) pastDeadline() bool {
	return errors.Is(neterr.Stopped(w.ctx), context.DeadlineExceeded) && w.stop.Err() == nil
}

// deadlineWords is the summary of a step the deadline cut short.
func (w *walk) deadlineWords() string {
	return "deadline: the walk's --max-time of " + FormatDuration(w.opts.maxTime()) + " ran out before this step finished"
}
