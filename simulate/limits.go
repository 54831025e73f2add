package simulate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// The bounds of one simulation, in one place: the CLI's presets, scenario
// files and the TUI all check against these (CheckBounds), so a run that one
// front end accepts the others accept too. They keep any accepted input —
// a 1 MiB scenario file included — within a couple of hundred MB and a
// second or two.
const (
	// MaxSpan bounds "until": two years, longer than the largest max_age
	// (RFC 8461 §3.2: 31557600 s, a year) plus a year of history.
	MaxSpan = 2 * 366 * Day
	// MaxWork bounds what a run records for its named (not quiet) senders:
	// every delivery (about 1 KB each, three times that as JSON) and every
	// run of their refresh jobs (a marker each). 50 000 is one every 20
	// minutes for two years, or two senders every minute for 17 days: far
	// finer than any timeline draws, and a worst-case 1 MiB scenario file
	// (2000 timeline entries, a population, 50 000 deliveries) stays near
	// 200 MB with --json and under a second of CPU.
	MaxWork = 50_000
	// MaxSenders bounds the senders of a scenario, population included.
	MaxSenders = 100_000
	// MaxTimelineEntries bounds the versions, MX changes, outages, TLS
	// breaks and attacks of a timeline together: each one starts or ends a
	// segment of the compiled world, and a 2-year timeline with a new
	// policy every day has 731.
	MaxTimelineEntries = 2_000
	// MaxHosts bounds an MX host set and a policy's mx patterns: every
	// delivery matches one against the other.
	MaxHosts = 100
)

// MaxRecordedDeliveries is MaxWork, under the name callers used first.
const MaxRecordedDeliveries = MaxWork

// Work counts what Run will record for sc's named senders: deliveries and
// refresh runs. Quiet population senders keep only counts and are bounded
// by their cadence instead. The count stops growing once it passes
// MaxWork, so it cannot overflow.
func (sc Scenario) Work() int64 {
	var n int64
	span := func(s Sender) time.Duration { return max(sc.Timeline.Until-s.Start, 0) }
	for _, s := range sc.Senders {
		if s.Quiet {
			continue
		}
		n += int64(len(s.Times)) + 1
		if s.Every > 0 {
			n += int64(span(s) / s.Every)
		}
		// The refresh job runs on its own clock whether or not mail
		// flows ("refresh_every": "1s" over two years is 63 million runs).
		if s.Profile.RefreshEvery > 0 {
			n += int64(span(s)/s.Profile.RefreshEvery) + 1
		}
		if n > MaxWork {
			return n
		}
	}
	return n
}

// RecordedDeliveries is Work, under the name callers used first.
func (sc Scenario) RecordedDeliveries() int64 { return sc.Work() }

// CheckBounds says which bound sc exceeds, in words for the person who
// asked for it, or nil.
func (sc Scenario) CheckBounds() error {
	tl := sc.Timeline
	if tl.Until <= 0 || tl.Until > MaxSpan {
		return fmt.Errorf("simulate until %s: want more than 0 and at most %s (2 years)", FormatDuration(tl.Until), FormatDuration(MaxSpan))
	}
	if n := len(tl.Versions) + len(tl.MXChanges) + len(tl.FileOutages) + len(tl.TXTOutages) + len(tl.TLSBreaks) + len(tl.Attacks); n > MaxTimelineEntries {
		return fmt.Errorf("the timeline has %d versions, MX changes, outages, TLS breaks and attacks; at most %d are simulated", n, MaxTimelineEntries)
	}
	if len(tl.MX) > MaxHosts {
		return fmt.Errorf("%d MX hosts; at most %d are simulated", len(tl.MX), MaxHosts)
	}
	for _, c := range tl.MXChanges {
		if len(c.Hosts) > MaxHosts {
			return fmt.Errorf("an MX change at %s lists %d hosts; at most %d are simulated", FormatDuration(c.At), len(c.Hosts), MaxHosts)
		}
	}
	for _, v := range tl.Versions {
		if len(v.MX) > MaxHosts {
			return fmt.Errorf("policy version %q has %d mx patterns; at most %d are simulated", v.ID, len(v.MX), MaxHosts)
		}
	}
	if len(sc.Senders) > MaxSenders {
		return fmt.Errorf("%d senders; at most %d are simulated", len(sc.Senders), MaxSenders)
	}
	if sc.Work() > MaxWork {
		return fmt.Errorf("the senders make more than %d deliveries and refresh runs before %s; give them a longer \"every\" (or refresh_every), fewer senders, or use a population for many senders",
			MaxWork, FormatDuration(tl.Until))
	}
	return nil
}

// checkPlainText refuses a scenario file whose strings (sender names,
// policy ids, MX hosts, ...) hold escape sequences, control characters or
// invalid UTF-8: timelines print them, so a shared scenario file could
// otherwise drive the reader's terminal. It names the first offending
// field; invalid JSON is left for the decoder to report.
func checkPlainText(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	if path, ok := findUnprintable(v, ""); ok {
		return fmt.Errorf("scenario: %s holds an escape sequence, a control character or invalid UTF-8; scenario text must be plain", path)
	}
	return nil
}

func findUnprintable(v any, path string) (string, bool) {
	switch v := v.(type) {
	case string:
		return path, sanitize.Line(v, 0) != v
	case []any:
		for i, e := range v {
			if p, ok := findUnprintable(e, path+"["+strconv.Itoa(i)+"]"); ok {
				return p, true
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			name := k
			if path != "" {
				name = path + "." + k
			}
			if sanitize.Line(k, 0) != k {
				return strconv.QuoteToASCII(name), true
			}
			if p, ok := findUnprintable(v[k], name); ok {
				return p, true
			}
		}
	}
	return "", false
}
