package simulate

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// worldMarkers lists the timeline's changes in time order.
func worldMarkers(tl Timeline) []Marker {
	var out []Marker
	add := func(t time.Duration, k MarkerKind, d string) {
		if t != Forever {
			out = append(out, Marker{At: t, Kind: k, Detail: d})
		}
	}
	for _, v := range tl.Versions {
		add(v.At, MarkVersion, "policy file id "+v.ID+" ("+string(v.Mode)+", max_age "+FormatDuration(v.MaxAge)+") served")
		add(v.TXTAt, MarkTXTID, "TXT record id="+v.ID+" published")
	}
	for _, o := range tl.FileOutages {
		add(o.From, MarkOutageStart, "policy file fails: "+string(o.Failure))
		add(o.To, MarkOutageEnd, "policy file back")
	}
	for _, o := range tl.TXTOutages {
		add(o.From, MarkTXTGone, "TXT lookup fails: "+string(o.Kind))
		add(o.To, MarkTXTBack, "TXT lookup works again")
	}
	for _, c := range tl.MXChanges {
		add(c.At, MarkMXChange, "MX hosts now "+strings.Join(c.Hosts, ", "))
	}
	for _, b := range tl.TLSBreaks {
		h := b.Host
		if h == "" {
			h = "every MX"
		}
		add(b.From, MarkTLSBreak, h+": "+b.Result)
		add(b.To, MarkTLSFixed, h+" TLS fixed")
	}
	for _, a := range tl.Attacks {
		add(a.From, MarkAttackStart, "attacker strips STARTTLS")
		add(a.To, MarkAttackEnd, "attacker gone")
	}
	slices.SortStableFunc(out, func(a, b Marker) int { return cmp.Compare(a.At, b.At) })
	return out
}
