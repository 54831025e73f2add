package certs

import (
	"crypto/x509"
	"strings"

	"golang.org/x/net/idna"
)

// matchesName reports whether leaf is valid for host the way RFC 8461 asks
// (§3.3 for the policy host, §4.2 for an MX): "Matching is performed only
// against the DNS-ID identifiers" (RFC 6125 §6.4), so the subject CN and
// iPAddress SANs never count.
//
// Go's x509.Certificate.VerifyHostname is not used: it also matches
// iPAddress SANs when host looks like an address, and it lets "*.test"
// cover "mx.test", which the strict senders refuse (OpenSSL's
// X509_check_host, used by Postfix and Exim, wants two labels after the
// wildcard). A checker that passes what a strict sender refuses would hide
// exactly the failure the admin came to find.
func matchesName(leaf *x509.Certificate, host string) bool {
	h, ok := referenceID(host)
	if !ok {
		return false
	}
	for _, san := range leaf.DNSNames {
		if dnsIDMatches(strings.ToLower(san), h) {
			return true
		}
	}
	return false
}

// referenceID is host as RFC 6125 §6.2.1 compares it: A-labels (an IDN host
// given in U-labels is converted, RFC 5890 §2.3.2.1), lower case, no
// trailing dot.
func referenceID(host string) (string, bool) {
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return "", false
	}
	a, err := idna.Lookup.ToASCII(host)
	if err != nil {
		return "", false
	}
	return strings.ToLower(a), true
}

// dnsIDMatches applies RFC 6125 §6.4.1 (exact, case-insensitive) and §6.4.3
// as RFC 8461 §3.3 narrows it: a wildcard only as the complete left-most
// label, standing for exactly one label, and only above a suffix of two or
// more labels, so "*.com" never covers "example.com".
func dnsIDMatches(san, host string) bool {
	if !isASCII(san) {
		return false // RFC 5280 §4.2.1.6: SANs hold A-labels only
	}
	if san == host {
		return true
	}
	suffix, ok := strings.CutPrefix(san, "*.")
	if !ok || strings.Contains(suffix, "*") || !strings.Contains(suffix, ".") {
		return false
	}
	label, rest, ok := strings.Cut(host, ".")
	return ok && label != "" && rest == suffix
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
