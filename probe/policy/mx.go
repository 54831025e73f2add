package policy

import (
	"errors"
	"net/netip"
	"strings"
	"unicode/utf8"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"golang.org/x/net/idna"
)

// mxProblem is why an mx value is not ["*."] Domain (RFC 8461 §3.2,
// RFC 5321 §4.1.2).
type mxProblem struct {
	code diag.Code
	msg  string
	col  int // 0-based offset into the value
}

// checkMXPattern validates one mx value that has already been split off
// its line and trimmed.
func checkMXPattern(v string) *mxProblem {
	if v == "" {
		return &mxProblem{CodePolicyMXEmpty, "mx has no value: give a host name or *.domain pattern", 0}
	}
	host := strings.Trim(v, "[]")
	if a, err := netip.ParseAddr(host); err == nil {
		return &mxProblem{CodePolicyMXIPAddress,
			"mx " + q(v) + " is an IP address (" + a.String() + "): mx patterns are host names, the names your MX records point to, and senders match them against those names, not addresses", 0}
	}
	if !utf8.ValidString(v) {
		return &mxProblem{CodePolicyMXInvalid, "mx " + q(v) + " is not valid UTF-8", 0}
	}
	name, wildcard := strings.CutPrefix(v, "*.")
	if i := strings.IndexByte(name, '*'); i >= 0 || v == "*" {
		return &mxProblem{CodePolicyMXWildcard,
			"mx " + q(v) + " has a \"*\" that is not a whole leftmost label: the only wildcard form is \"*.\" followed by a domain, e.g. \"*.example.com\"", 0}
	}
	if !isASCII(name) {
		prefix := ""
		if wildcard {
			prefix = "*."
		}
		a, err := idna.Lookup.ToASCII(name)
		if err != nil {
			return &mxProblem{CodePolicyMXULabel,
				"mx " + q(v) + " is a Unicode name (U-label) that does not convert to an A-label: mx values must be A-labels (xn--…)", 0}
		}
		return &mxProblem{CodePolicyMXULabel,
			"mx " + q(v) + " is a Unicode name (U-label): mx values must be the A-label, so write " + q(prefix+a), 0}
	}
	if strings.HasSuffix(name, ".") && len(name) > 1 {
		return &mxProblem{CodePolicyMXTrailingDot,
			"mx " + q(v) + " ends in a dot: an RFC 5321 Domain has no trailing dot and mox rejects the policy; write " + q(strings.TrimSuffix(v, ".")), len(v) - 1}
	}
	off := len(v) - len(name)
	if p := checkDomain(name); p != nil {
		p.col += off
		p.msg = "mx " + q(v) + " " + p.msg
		return p
	}
	return nil
}

// CheckHostName returns nil when name (an A-label, no trailing dot) is an
// LDH host name as RFC 5321 §2.3.5 and §4.1.2 require of MX hosts, and
// otherwise an error saying what is wrong. Anything else is no name a
// sender can deliver to, and no word that is safe in a shell command.
func CheckHostName(name string) error {
	if p := checkDomain(name); p != nil {
		return errors.New(p.msg)
	}
	return nil
}

// checkDomain checks RFC 5321 §4.1.2 Domain = sub-domain *("." sub-domain),
// sub-domain = Let-dig [Ldh-str], plus the DNS limits of 63 octets a label
// and 253 a name, and that "xn--" labels are real Punycode.
func checkDomain(name string) *mxProblem {
	if len(name) > 253 {
		return &mxProblem{CodePolicyMXInvalid, "is longer than 253 characters, the DNS limit", 0}
	}
	off := 0
	for _, label := range strings.Split(name, ".") {
		switch {
		case label == "":
			return &mxProblem{CodePolicyMXInvalid, "has an empty label (two dots in a row, or a leading dot)", off}
		case len(label) > 63:
			return &mxProblem{CodePolicyMXInvalid, "has a label longer than 63 characters", off}
		case label[0] == '-' || label[len(label)-1] == '-':
			return &mxProblem{CodePolicyMXInvalid, "has a label that starts or ends with \"-\"", off}
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !isAlnum(c) && c != '-' {
				return &mxProblem{CodePolicyMXInvalid,
					"contains " + describeByte(c) + ": host names have only letters, digits, \"-\" and dots", off + i}
			}
		}
		if len(label) > 4 && strings.EqualFold(label[:4], "xn--") {
			if _, err := idna.Lookup.ToUnicode(label); err != nil {
				return &mxProblem{CodePolicyMXInvalid, "has " + q(label) + ", which starts with \"xn--\" but is not a valid A-label", off}
			}
		}
		off += len(label) + 1
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// normalizeName lowercases, drops one trailing dot and converts U-labels to
// A-labels, so names compare the way DNS compares them (RFC 8461 §4.1).
// A name that does not convert is only lowercased: it then matches nothing
// but itself.
func normalizeName(s string) string {
	s = strings.TrimSuffix(s, ".")
	if !isASCII(s) {
		if a, err := idna.Lookup.ToASCII(s); err == nil {
			s = a
		}
	}
	return strings.ToLower(s)
}

// MatchMX reports whether the policy mx pattern covers the MX host name
// (RFC 8461 §4.1): a pattern "*.example.com" covers "mail.example.com" but
// neither "example.com" nor "a.b.example.com"; any other pattern covers only
// the identical name. Case and a trailing dot do not matter, and Unicode
// names are compared as A-labels.
func MatchMX(pattern, host string) bool {
	p, h := normalizeName(pattern), normalizeName(host)
	if p == "" || h == "" {
		return false
	}
	if suffix, ok := strings.CutPrefix(p, "*."); ok {
		// RFC 8461 Appendix B policyMatches: split the candidate on its
		// first dot and compare the tail with the pattern minus "*.".
		first, tail, found := strings.Cut(h, ".")
		return found && first != "" && suffix != "" && tail == suffix
	}
	return p == h
}

// Covering returns the first mx pattern of the policy that covers host, as
// published (RFC 8461 §4.1).
func (p Policy) Covering(host string) (pattern string, ok bool) {
	for _, m := range p.MX {
		if MatchMX(m, host) {
			return m, true
		}
	}
	return "", false
}
