package reports

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// Report is one RFC 8460 §4.4 aggregate report as read: every string
// bounded and sanitised, every count a number, with the ways it departed from
// the RFC listed in Deviations.
type Report struct {
	// Source says where the report was found: a path, and inside mail the
	// message and attachment ("inbox.mbox: message 3: report.json.gz").
	Source       string    `json:"source"`
	Organization string    `json:"organization_name"`
	ContactInfo  string    `json:"contact_info"`
	ReportID     string    `json:"report_id"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	Policies     []Policy  `json:"policies"`
	// Deviations are RFC 8460 departures the reader tolerated.
	Deviations diag.List `json:"deviations"`
}

// Policy is one entry of "policies": the policy a sender applied to a
// domain, and what happened to the sessions it applied to.
type Policy struct {
	// Type is "sts", "tlsa" or "no-policy-found" (RFC 8460 §4.4).
	Type string `json:"policy_type"`
	// Domain is the policy domain as an A-label, lower case.
	Domain     string    `json:"policy_domain"`
	Strings    []string  `json:"policy_string,omitempty"`
	MXHosts    []string  `json:"mx_host,omitempty"`
	Successful int64     `json:"total_successful_session_count"`
	Failed     int64     `json:"total_failure_session_count"`
	Failures   []Failure `json:"failure_details"`
	// DroppedDetails counts failure-details records beyond the limit; their
	// sessions are still in Failed.
	DroppedDetails int `json:"dropped_details,omitempty"`
}

// Failure is one "failure-details" record: sessions of one result type
// between one sending address and one receiving MX.
type Failure struct {
	ResultType     string `json:"result_type"`
	SendingIP      string `json:"sending_mta_ip,omitempty"`
	ReceivingMX    string `json:"receiving_mx_hostname,omitempty"`
	ReceivingHELO  string `json:"receiving_mx_helo,omitempty"`
	ReceivingIP    string `json:"receiving_ip,omitempty"`
	Sessions       int64  `json:"failed_session_count"`
	AdditionalInfo string `json:"additional_information,omitempty"`
	ReasonCode     string `json:"failure_reason_code,omitempty"`
}

// Policy types RFC 8460 §4.4 defines.
const (
	PolicySTS      = "sts"
	PolicyTLSA     = "tlsa"
	PolicyNotFound = "no-policy-found"
)
