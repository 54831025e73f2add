package probe

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// EvidenceLines renders a step's evidence as plain text lines, the shared
// form of the check report and the TUI's evidence pane. Everything in it was
// sanitised when it entered the Report.
func (s Step) EvidenceLines() []string {
	var out []string
	add := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	e := s.Evidence
	for _, q := range e.DNS {
		head := fmt.Sprintf("DNS %s %s @%s → %s", q.Type, q.Name, q.Server, q.Rcode)
		if q.AD {
			head += " (AD: DNSSEC-validated)"
		}
		if q.RTT > 0 {
			head += " in " + FormatDuration(q.RTT)
		}
		add("%s", head)
		for _, c := range q.CNAMEs {
			add("  CNAME → %s", c)
		}
		for _, a := range q.Answers {
			add("  %s", a)
		}
		if q.Error != "" {
			add("  error: %s", q.Error)
		}
	}
	for _, n := range e.Nameservers {
		out = append(out, nameserverLine(n))
	}
	for _, h := range e.HTTP {
		head := fmt.Sprintf("GET %s via %s", h.URL, h.Address)
		if h.Status != 0 {
			head += fmt.Sprintf(" → %d", h.Status)
		}
		add("%s", head)
		if h.TLSVersion != "" {
			add("  %s", joinNonEmpty(", ", h.TLSVersion, h.CipherSuite))
		}
		for _, k := range sortedKeys(h.Headers) {
			add("  %s: %s", k, h.Headers[k])
		}
		if h.Location != "" {
			add("  redirect to %s (not followed: RFC 8461 §3.3)", h.Location)
		}
		if h.BodyBytes > 0 {
			add("  body: %d bytes", h.BodyBytes)
		}
		if h.Error != "" {
			add("  error: %s", h.Error)
		}
	}
	for _, c := range e.Certificates {
		out = append(out, certLines(c, "")...)
	}
	if e.Body != "" {
		add("policy body:")
		for _, l := range strings.Split(strings.TrimRight(e.Body, "\n"), "\n") {
			add("  │ %s", l)
		}
	}
	for _, h := range s.Hosts {
		head := fmt.Sprintf("MX %s [%s] → %s", h.MX, h.Address, h.Status)
		if h.TLSVersion != "" {
			head += ", " + joinNonEmpty(" ", h.TLSVersion, h.CipherSuite)
		}
		if h.ResultType != "" {
			head += ", TLS-RPT " + string(h.ResultType)
		}
		add("%s", head)
		if h.Error != "" {
			add("  error: %s", h.Error)
		}
		for _, c := range h.Certificates {
			out = append(out, certLines(c, "  ")...)
		}
		for _, t := range h.Transcript {
			add("  %s", t)
		}
	}
	for _, n := range e.Notes {
		add("%s", n)
	}
	return out
}

func certLines(c Certificate, indent string) []string {
	lines := []string{fmt.Sprintf("%scertificate %s", indent, c.Subject)}
	if len(c.SANs) > 0 {
		lines = append(lines, fmt.Sprintf("%s  SANs: %s", indent, strings.Join(c.SANs, ", ")))
	}
	return append(lines,
		fmt.Sprintf("%s  issuer: %s", indent, c.Issuer),
		fmt.Sprintf("%s  valid %s to %s", indent, c.NotBefore.UTC().Format(time.DateTime), c.NotAfter.UTC().Format(time.DateTime)),
	)
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// FormatDuration renders a step's elapsed time the way people read it:
// "850ms", "2.4s", "1m03s".
func FormatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return "<1ms"
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	default:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
}
