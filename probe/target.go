package probe

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// Target is the policy domain a user asked about, in both forms.
type Target struct {
	// ASCII is the A-label form without trailing dot: what senders query.
	ASCII string
	// Unicode is the U-label form; equal to ASCII for plain names.
	Unicode string
	// Notes say how the input was read when it was not a bare domain.
	Notes []string
}

// ErrInvalidDomain is returned for input that names no domain at all.
var ErrInvalidDomain = errors.New("not a domain name")

// maxInput bounds what ParseTarget looks at; a domain is at most 253 octets
// and anything much longer is not one.
const maxInput = 1024

// lookupProfile converts and checks names the way a resolver sees them:
// IDNA2008 with the usual mappings, STD3 rules for hostnames, and full
// length checks.
var lookupProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.StrictDomainName(true),
	idna.VerifyDNSLength(true),
	idna.Transitional(false),
)

// ParseTarget reads what a user typed or pasted: a domain, a U-label IDN, a
// trailing-dot FQDN, or an email address or URL pasted by mistake (the
// domain is taken from it and a note says so). Anything else is an error
// wrapping ErrInvalidDomain that says why.
func ParseTarget(input string) (Target, error) {
	var t Target
	s := strings.TrimSpace(input)
	if len(s) > maxInput {
		return t, fmt.Errorf("%w: input is %d bytes long", ErrInvalidDomain, len(s))
	}
	if s == "" {
		return t, fmt.Errorf("%w: empty input", ErrInvalidDomain)
	}
	// Refuse bytes no domain can hold before anything cleans them: invalid
	// UTF-8 would turn into U+FFFD and be probed as its A-label, and a
	// stripped escape sequence would leave a name that looks valid. The
	// input is shown Go-quoted, which is safe on any terminal.
	switch {
	case !utf8.ValidString(s):
		return t, fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalidDomain, quoteInput(s))
	case sanitize.Line(s, 0) != s:
		return t, fmt.Errorf("%w: %s contains control characters or escape sequences", ErrInvalidDomain, quoteInput(s))
	}
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil || u.Hostname() == "" {
			return t, fmt.Errorf("%w: %q looks like a URL but has no host", ErrInvalidDomain, sanitize.Line(s, 80))
		}
		t.Notes = append(t.Notes, fmt.Sprintf("took the domain from the URL %q", sanitize.Line(s, 80)))
		s = u.Hostname()
	} else if strings.HasPrefix(strings.ToLower(s), "mailto:") {
		s = s[len("mailto:"):]
	}
	if at := strings.LastIndexByte(s, '@'); at >= 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("took the domain from the email address %q", sanitize.Line(s, 80)))
		s = s[at+1:]
	}
	if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..") {
		s = strings.TrimSuffix(s, ".")
		t.Notes = append(t.Notes, "ignored the trailing dot")
	}
	for _, prefix := range []string{"_mta-sts.", "_smtp._tls.", "mta-sts."} {
		if rest, ok := cutPrefixFold(s, prefix); ok && strings.Contains(rest, ".") {
			t.Notes = append(t.Notes, fmt.Sprintf("%s%s is a name inside the policy domain %s; checking %s", prefix, rest, rest, rest))
			s = rest
			break
		}
	}
	if strings.HasPrefix(s, "[") || isIP(s) {
		return t, fmt.Errorf("%w: %q is an IP address; MTA-STS is published per domain name (RFC 8461 §3)", ErrInvalidDomain, sanitize.Line(s, 80))
	}
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return t, fmt.Errorf("%w: %q contains a space", ErrInvalidDomain, sanitize.Line(s, 80))
	}
	ascii, err := lookupProfile.ToASCII(s)
	if err != nil {
		return t, fmt.Errorf("%w: %q: %v", ErrInvalidDomain, sanitize.Line(s, 80), err)
	}
	ascii = strings.ToLower(ascii)
	if !strings.Contains(ascii, ".") {
		return t, fmt.Errorf("%w: %q has a single label; give the full domain, e.g. example.com", ErrInvalidDomain, sanitize.Line(s, 80))
	}
	t.ASCII = ascii
	t.Unicode = ascii
	if u, err := idna.ToUnicode(ascii); err == nil && u != ascii {
		t.Unicode = u
		t.Notes = append(t.Notes, fmt.Sprintf("%s is the A-label of %s", ascii, u))
	}
	return t, nil
}

func quoteInput(s string) string {
	if len(s) > 80 {
		s = s[:80]
	}
	return strconv.QuoteToASCII(s)
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func isIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}
