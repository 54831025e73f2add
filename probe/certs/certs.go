// Package certs checks a server's certificate chain the way RFC 8461 asks
// senders to (§3.3 for the policy host, §4.2 for MX hosts) and summarises
// each certificate for the evidence.
//
// The rules are the Web PKI's with one narrowing: the name is matched only
// against SAN DNS-IDs, never the subject CN, and a wildcard only as the
// complete left-most label above a suffix of two or more labels (names.go
// says why Go's VerifyHostname is not used). Expiry, name and trust are checked
// separately, so that a certificate that is both expired and for the wrong
// name reports both, and each maps to its own RFC 8460 result type.
package certs

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// Bounds on what a summary keeps of a hostile chain.
const (
	// MaxChain bounds the certificates summarised as evidence.
	MaxChain = 8
	// MaxVerify bounds the intermediates offered to the verifier. It is
	// OpenSSL's default verify depth (100); Go's verifier, which Go-based
	// senders use, takes any number but stops after 100 signature checks.
	// A chain cut shorter than senders read it would be called untrusted
	// when they accept it (issue 10).
	MaxVerify = 100
	MaxSANs   = 50
	maxField  = 256
)

// Summary is what a certificate says about itself, sanitised.
type Summary struct {
	Subject   string    `json:"subject"`
	SANs      []string  `json:"sans"`
	Issuer    string    `json:"issuer"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
}

// Summarize describes at most MaxChain certificates of a chain.
func Summarize(chain []*x509.Certificate) []Summary {
	if len(chain) > MaxChain {
		chain = chain[:MaxChain]
	}
	out := make([]Summary, 0, len(chain))
	for _, c := range chain {
		s := Summary{
			Subject:   sanitize.Line(c.Subject.String(), maxField),
			Issuer:    sanitize.Line(c.Issuer.String(), maxField),
			NotBefore: c.NotBefore.UTC(),
			NotAfter:  c.NotAfter.UTC(),
			SANs:      []string{},
		}
		for i, n := range c.DNSNames {
			if i == MaxSANs {
				s.SANs = append(s.SANs, "…")
				break
			}
			s.SANs = append(s.SANs, sanitize.Line(n, maxField))
		}
		out = append(out, s)
	}
	return out
}

// UnsafeNames lists, sanitised, the names in the first MaxChain
// certificates (subject, issuer, SAN DNS names) that hold anything the
// sanitiser shows as an escape, each with what it is ("SAN \\x1b[0mmx.example"),
// so callers can say so in a finding: an escape in the evidence is then
// never mistaken for a name that was not sent.
func UnsafeNames(chain []*x509.Certificate) []string {
	var out []string
	for i, c := range chain[:min(len(chain), MaxChain)] {
		where := "certificate " + itoa(i+1) + " "
		if sanitize.Unsafe(c.Subject.String()) {
			out = append(out, where+"subject "+sanitize.Line(c.Subject.String(), maxField))
		}
		if sanitize.Unsafe(c.Issuer.String()) {
			out = append(out, where+"issuer "+sanitize.Line(c.Issuer.String(), maxField))
		}
		for _, n := range c.DNSNames[:min(len(c.DNSNames), MaxSANs)] {
			if sanitize.Unsafe(n) {
				out = append(out, where+"SAN "+sanitize.Line(n, maxField))
			}
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// Problem is one reason a chain fails validation.
type Problem int

const (
	// Expired: the leaf's notAfter, or an intermediate's, has passed.
	Expired Problem = iota + 1
	// NotYetValid: the leaf's notBefore is in the future.
	NotYetValid
	// NameMismatch: no SAN DNS-ID matches the name (§3.3, §4.2).
	NameMismatch
	// Untrusted: the chain does not lead to a trusted root.
	Untrusted
	// Invalid: anything else (bad key usage, malformed, no certificate).
	Invalid
	// ChainTooLong: the server sent more than MaxVerify intermediates and
	// the ones read reach no trusted root: the cut, not the CA, is why.
	ChainTooLong
)

var problemNames = [...]string{Expired: "expired", NotYetValid: "not yet valid", NameMismatch: "name mismatch", Untrusted: "untrusted", Invalid: "invalid", ChainTooLong: "chain too long"}

func (p Problem) String() string {
	if p <= 0 || int(p) >= len(problemNames) {
		return "unknown"
	}
	return problemNames[p]
}

// ResultType is the RFC 8460 §4.3.2.2 result type a sender reports for an
// MX certificate with this problem.
func (p Problem) ResultType() policy.ResultType {
	switch p {
	case Expired, NotYetValid:
		return policy.ResultCertExpired
	case NameMismatch:
		return policy.ResultCertHostMismatch
	case Untrusted:
		return policy.ResultCertNotTrusted
	}
	return policy.ResultValidationFailure
}

// Verdict is the outcome of Check.
type Verdict struct {
	// Problems are in the order a sender usually meets them: validity
	// period, trust, name.
	Problems []Problem
	// Detail is the verifier's own words for the trust failure, sanitised.
	Detail string
}

// OK reports whether the chain passed every check.
func (v Verdict) OK() bool { return len(v.Problems) == 0 }

// Has reports whether p is among the problems.
func (v Verdict) Has(p Problem) bool {
	for _, q := range v.Problems {
		if q == p {
			return true
		}
	}
	return false
}

// Check validates a presented chain (leaf first) for name, against roots
// (nil: the system pool), at time now.
func Check(chain []*x509.Certificate, name string, roots *x509.CertPool, now time.Time) Verdict {
	var v Verdict
	if len(chain) == 0 {
		v.Problems = []Problem{Invalid}
		v.Detail = "no certificate presented"
		return v
	}
	leaf := chain[0]
	at := now
	switch {
	case now.After(leaf.NotAfter):
		v.Problems = append(v.Problems, Expired)
	case now.Before(leaf.NotBefore):
		v.Problems = append(v.Problems, NotYetValid)
	}
	if len(v.Problems) > 0 {
		// Judge trust inside the leaf's own validity, so an expired
		// certificate from a trusted CA is not also called untrusted.
		at = leaf.NotBefore.Add(leaf.NotAfter.Sub(leaf.NotBefore) / 2)
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:min(len(chain), MaxVerify+1)] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   at,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	if err != nil {
		var unknown x509.UnknownAuthorityError
		var invalid x509.CertificateInvalidError
		switch {
		case errors.As(err, &unknown) && len(chain) > MaxVerify+1:
			v.Problems = append(v.Problems, ChainTooLong)
			v.Detail = fmt.Sprintf("the server sent %d certificates; the first %d after the leaf (OpenSSL's default verify depth) lead to no trusted root, and senders stop there too", len(chain), MaxVerify)
		case errors.As(err, &unknown):
			v.Problems = append(v.Problems, Untrusted)
		case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
			if !v.Has(Expired) && !v.Has(NotYetValid) {
				v.Problems = append(v.Problems, Expired) // an intermediate
			}
		default:
			v.Problems = append(v.Problems, Invalid)
		}
		if v.Detail == "" {
			v.Detail = sanitize.Line(err.Error(), maxField)
		}
	}
	// RFC 8461 §3.3, §4.2: SAN DNS-IDs only, wildcard as the whole
	// left-most label.
	if !matchesName(leaf, name) {
		v.Problems = append(v.Problems, NameMismatch)
	}
	return v
}

// VersionName names a TLS version ("TLS 1.3").
func VersionName(v uint16) string { return tls.VersionName(v) }

// VersionOK reports whether v meets RFC 8461 §7.2: TLS 1.2 or later.
func VersionOK(v uint16) bool { return v >= tls.VersionTLS12 }

// CipherName names a cipher suite.
func CipherName(id uint16) string { return tls.CipherSuiteName(id) }
