package policy

import "time"

// Mode is the policy's "mode" field (RFC 8461 §3.2, §5).
type Mode string

const (
	// ModeEnforce: senders MUST NOT deliver to an MX that fails validation (§5).
	ModeEnforce Mode = "enforce"
	// ModeTesting: senders report failures but deliver anyway (§5).
	ModeTesting Mode = "testing"
	// ModeNone: senders treat the domain as having no active policy (§5).
	ModeNone Mode = "none"
)

// MaxAgeLimit is the largest max_age the RFC 8461 §3.2 prose allows
// (about a year); the ABNF allows ten digits (erratum 7282).
const MaxAgeLimit = 31557600

// MaxPolicySize is the suggested maximum policy size (RFC 8461 §3.3).
const MaxPolicySize = 64 * 1024

// Record is a parsed "_mta-sts" TXT record (RFC 8461 §3.1).
type Record struct {
	Version    string            `json:"version"`
	ID         string            `json:"id"`
	Extensions map[string]string `json:"extensions"`
}

// Policy is a parsed policy file (RFC 8461 §3.2).
type Policy struct {
	Version string `json:"version"`
	Mode    Mode   `json:"mode"`
	// MaxAge is in seconds, as published.
	MaxAge int64 `json:"max_age"`
	// MX holds the patterns in file order, as A-labels.
	MX []string `json:"mx"`
}

// MaxAgeDuration returns max_age as a duration.
func (p Policy) MaxAgeDuration() time.Duration { return time.Duration(p.MaxAge) * time.Second }

// TLSRPT is a parsed "_smtp._tls" TXT record (RFC 8460 §3).
type TLSRPT struct {
	Version string `json:"version"`
	// RUA holds the report URIs in record order.
	RUA []string `json:"rua"`
}
