package simulate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// MaxRecordedDeliveries bounds the deliveries a scenario may record. Every
// delivery of a named (not quiet) sender is kept, about 1 KB each and three
// times that as JSON; 100 000 is one a minute for two months, far finer
// than any timeline draws, and stays within a few hundred MB and a second
// or two. Quiet population senders keep only counts and are bounded by
// their cadence instead.
const MaxRecordedDeliveries = 100_000

// RecordedDeliveries counts the deliveries Run will record for sc's named
// senders. The count stops growing once it passes MaxRecordedDeliveries,
// so it cannot overflow.
func (sc Scenario) RecordedDeliveries() int64 {
	var n int64
	for _, s := range sc.Senders {
		if s.Quiet {
			continue
		}
		n += int64(len(s.Times)) + 1
		if s.Every > 0 && sc.Timeline.Until > s.Start {
			n += int64((sc.Timeline.Until - s.Start) / s.Every)
		}
		if n > MaxRecordedDeliveries {
			return n
		}
	}
	return n
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
