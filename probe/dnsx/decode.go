package dnsx

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// walker follows a CNAME chain through one or more replies and decodes the
// records at its end into res.
type walker struct {
	res  *Result
	seen map[string]bool
	// broken is set when the chain loops or is too long: it must not be
	// followed any further. brokenWhy says which, in words.
	broken    bool
	brokenWhy string
	// said records which once-per-lookup diagnostics were already added.
	said map[diag.Code]bool
}

func (w *walker) once(d diag.Diagnostic) {
	if w.said == nil {
		w.said = map[diag.Code]bool{}
	}
	if !w.said[d.Code] {
		w.said[d.Code] = true
		w.res.Diagnostics = append(w.res.Diagnostics, d)
	}
}

// walk follows the chain from owner through msg's answers. It returns the
// name the chain ends at and whether records of qtype were found there.
func (w *walker) walk(msg *dns.Msg, owner string, qtype uint16) (string, bool) {
	rrs := msg.Answer
	if len(rrs) > MaxAnswers {
		w.once(diag.Newf(CodeAnswersCap, diag.Warning, "RFC 1035 §4.1",
			"the answer for %s %s has %d records; only the first %d were read", w.res.Name, w.res.Type, len(rrs), MaxAnswers))
		rrs = rrs[:MaxAnswers]
	}
	for _, rr := range rrs {
		if len(w.res.Answers) < MaxAnswers {
			// miekg separates fields with tabs; remote bytes inside them are
			// already presentation-escaped (\DDD).
			w.res.Answers = append(w.res.Answers, sanitize.Line(strings.ReplaceAll(rr.String(), "\t", " "), maxLine))
		}
	}
	cur := owner
	for {
		found := false
		for _, rr := range rrs {
			if rr.Header().Rrtype == qtype && strings.EqualFold(rr.Header().Name, cur) {
				w.decode(rr)
				found = true
			}
		}
		if found || qtype == dns.TypeCNAME {
			return cur, found
		}
		target := ""
		for _, rr := range rrs {
			if c, ok := rr.(*dns.CNAME); ok && strings.EqualFold(c.Hdr.Name, cur) {
				target = c.Target
				break
			}
		}
		if target == "" {
			return cur, false
		}
		// RFC 1034 §3.6.2: chains should be short and must not loop.
		if w.seen[strings.ToLower(target)] {
			w.broken = true
			w.brokenWhy = fmt.Sprintf("the CNAME chain from %s loops back to %s", w.res.Name, sanitize.Line(target, 255))
			w.once(diag.Newf(CodeCNAMELoop, diag.Error, "RFC 1034 §3.6.2", "%s", w.brokenWhy))
			return cur, false
		}
		if len(w.res.CNAMEs) >= MaxChain {
			w.broken = true
			w.brokenWhy = fmt.Sprintf("the CNAME chain from %s is longer than %d names", w.res.Name, MaxChain)
			w.once(diag.Newf(CodeCNAMETooLong, diag.Error, "RFC 1034 §3.6.2", "%s", w.brokenWhy))
			return cur, false
		}
		w.seen[strings.ToLower(target)] = true
		w.res.CNAMEs = append(w.res.CNAMEs, hostName(target))
		cur = target
	}
}

func (w *walker) decode(rr dns.RR) {
	res := w.res
	switch rr := rr.(type) {
	case *dns.TXT:
		w.decodeTXT(rr.Txt)
	case *dns.A:
		if a, ok := netip.AddrFromSlice(rr.A.To4()); ok {
			res.Addrs = append(res.Addrs, a)
		}
	case *dns.AAAA:
		if a, ok := netip.AddrFromSlice(rr.AAAA.To16()); ok {
			res.Addrs = append(res.Addrs, a)
		}
	case *dns.MX:
		res.MX = append(res.MX, MX{Pref: rr.Preference, Host: hostName(rr.Mx)})
	case *dns.TLSA:
		res.TLSA = append(res.TLSA, sanitize.Line(fmt.Sprintf("%d %d %d %s",
			rr.Usage, rr.Selector, rr.MatchingType, rr.Certificate), maxLine))
	}
}

// decodeTXT keeps one RR's strings apart (the caller concatenates them, RFC
// 8461 §3.1), cut at MaxTXTBytes in total.
func (w *walker) decodeTXT(strs []string) {
	var raw, clean []string
	total := 0
	for _, s := range strs {
		if total+len(s) > MaxTXTBytes {
			w.once(diag.Newf(CodeTXTTooLarge, diag.Warning, "RFC 1035 §3.3.14",
				"a TXT record at %s is larger than %d bytes; the rest was not read", w.res.Name, MaxTXTBytes))
			s = s[:MaxTXTBytes-total]
		}
		total += len(s)
		// miekg/dns escapes non-printable bytes in TXT strings as \DDD
		// and quotes and backslashes with a backslash; undo it so parsers
		// see the bytes that were published.
		r := unescapeTXT(s)
		raw = append(raw, r)
		c := sanitize.Line(r, 0)
		if c != r {
			w.once(diag.Newf(CodeUnsafeText, diag.Warning, "RFC 8461 §3.1",
				"a TXT record at %s contains control characters, escape sequences, invisible Unicode or invalid UTF-8; they are shown as escapes such as \\x1b", w.res.Name))
		}
		clean = append(clean, c)
		if total >= MaxTXTBytes {
			break
		}
	}
	w.res.RawTXT = append(w.res.RawTXT, raw)
	w.res.TXT = append(w.res.TXT, clean)
}

// unescapeTXT reverses miekg/dns's presentation escaping of a TXT string.
func unescapeTXT(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		if i+3 < len(s) && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) {
			n := int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
			if n < 256 {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i+1])
		i++
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hostName turns a wire name into the form shown and compared: lower case,
// no trailing dot, sanitised. The root stays ".".
func hostName(n string) string {
	if n == "." {
		return "."
	}
	return sanitize.Line(strings.ToLower(strings.TrimSuffix(n, ".")), 255)
}

// sortMX orders by preference (RFC 5321 §5.1), then name for a stable view.
func sortMX(mx []MX) {
	slices.SortStableFunc(mx, func(a, b MX) int {
		return cmp.Or(cmp.Compare(a.Pref, b.Pref), cmp.Compare(a.Host, b.Host))
	})
}
