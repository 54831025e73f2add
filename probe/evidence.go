package probe

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Evidence is what a step saw on the wire, bounded and sanitised. Each part
// is present only for the steps it concerns.
type Evidence struct {
	DNS          []DNSQuery     `json:"dns,omitempty"`
	HTTP         []HTTPExchange `json:"http,omitempty"`
	Certificates []Certificate  `json:"certificates,omitempty"`
	// Body is the policy text as fetched (capped, sanitised).
	Body string `json:"body,omitempty"`
	// Nameservers are the answers of each authoritative server asked
	// directly (record step; see step_ns.go).
	Nameservers []NameserverAnswer `json:"nameservers,omitempty"`
	// Notes are short facts that fit no other field.
	Notes []string `json:"notes,omitempty"`
}

// DNSQuery is one question and what came back.
type DNSQuery struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Server string `json:"server"`
	// Rcode is NOERROR, NXDOMAIN, SERVFAIL, ...; "TIMEOUT" when nothing came.
	Rcode   string        `json:"rcode"`
	AD      bool          `json:"ad"`
	CNAMEs  []string      `json:"cnames,omitempty"`
	Answers []string      `json:"answers,omitempty"`
	Error   string        `json:"error,omitempty"`
	RTT     time.Duration `json:"-"`
}

// HTTPExchange is one HTTPS GET of the policy against one address.
type HTTPExchange struct {
	URL         string            `json:"url"`
	Address     string            `json:"address"`
	Status      int               `json:"status,omitempty"`
	Headers     map[string]string `json:"headers,omitempty"`
	Location    string            `json:"location,omitempty"`
	TLSVersion  string            `json:"tls_version,omitempty"`
	CipherSuite string            `json:"cipher_suite,omitempty"`
	BodyBytes   int               `json:"body_bytes,omitempty"`
	Error       string            `json:"error,omitempty"`
}

// Certificate is what a certificate says about itself.
type Certificate struct {
	Subject   string    `json:"subject"`
	SANs      []string  `json:"sans"`
	Issuer    string    `json:"issuer"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
}

// HostResult is the STARTTLS probe of one address of one MX host.
type HostResult struct {
	MX           string        `json:"mx"`
	Address      string        `json:"address"`
	Status       Status        `json:"status"`
	Covered      bool          `json:"covered"`
	Pattern      string        `json:"pattern,omitempty"`
	STARTTLS     bool          `json:"starttls"`
	TLSVersion   string        `json:"tls_version,omitempty"`
	CipherSuite  string        `json:"cipher_suite,omitempty"`
	Certificates []Certificate `json:"certificates,omitempty"`
	// Transcript is the SMTP dialogue, one line per entry, prefixed "C: "
	// or "S: ".
	Transcript []string `json:"transcript,omitempty"`
	// ResultType is the RFC 8460 result type a sender would report, if any.
	ResultType policy.ResultType `json:"result_type,omitempty"`
	Error      string            `json:"error,omitempty"`
	Duration   time.Duration     `json:"-"`

	// diags are the probe's findings; the step lists them once for all hosts.
	diags diag.List
	// local: this machine ran out of a resource before connecting.
	local bool
	// unusable: an address the walk does not dial (netclass).
	unusable bool
}
