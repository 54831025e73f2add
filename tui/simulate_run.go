package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// Population size for the chart: large enough for smooth shares, small
// enough to recompute in a few milliseconds.
const (
	popSenders  = 1000
	popNewShare = 0.1
	popBuckets  = 240
)

// Messages of the simulator, tagged with the simulator that asked (a
// closed one's are dropped) and the generation of inputs they were
// computed from (an older one never replaces a newer one).
type (
	simResultMsg struct {
		sim, gen int
		res      simulate.Result
	}
	simPopMsg struct {
		sim, gen int
		chart    popChart
	}
)

// popChart is the population's share of protected deliveries over time,
// per bucket of one width.
type popChart struct {
	shares []float64 // -1 when no delivery fell in the bucket
	from   []time.Duration
	width  time.Duration
}

// at is the share at t, -1 when unknown.
func (p popChart) at(t time.Duration) float64 {
	if len(p.from) == 0 || p.width <= 0 {
		return -1
	}
	// Population deliveries start within the first cadence after t = 0:
	// the first bucket stands for the moments before it.
	i := max(int((t-p.from[0])/p.width), 0)
	if i >= len(p.shares) {
		return -1
	}
	return p.shares[i]
}

// recompute bumps the generation and returns the commands that rerun the
// simulation, and the population when what it depends on changed. The
// old picture stays until the new one arrives.
func (s *simModel) recompute() tea.Cmd {
	s.gen++
	id, gen, in := s.id, s.gen, s.in
	in.shown = append([]bool(nil), s.in.shown...) // the command must not share the model's slice
	cmds := []tea.Cmd{func() tea.Msg {
		return simResultMsg{sim: id, gen: gen, res: in.scenario().Run()}
	}}
	if s.pop == nil || s.popFor != in.popKey() {
		s.popFor, s.popWant = in.popKey(), gen
		cmds = append(cmds, func() tea.Msg { return popShares(id, gen, in.population().Run()) })
	}
	s.clampCursor()
	return tea.Batch(cmds...)
}

// popShares reduces a population run to the share of protected
// deliveries (enforced or deferred: the message is not exposed) per bucket.
func popShares(id, gen int, r simulate.Result) simPopMsg {
	var c popChart
	for _, b := range r.Buckets {
		share := -1.0
		if t := b.Total(); t > 0 {
			share = float64(b.Count(simulate.Enforced)+b.Count(simulate.Deferred)) / float64(t)
		}
		c.shares = append(c.shares, share)
		c.from = append(c.from, b.From)
	}
	if len(r.Buckets) > 0 {
		c.width = r.Buckets[0].To - r.Buckets[0].From
	}
	return simPopMsg{sim: id, gen: gen, chart: c}
}
