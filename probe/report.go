package probe

import (
	"encoding/json"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/senders"
)

// StepID names a step of the walk. IDs are stable: they key JSON output,
// explanations in assets/ and tests.
type StepID string

// The steps, in the order a sending MTA performs them (RFC 8461 §3, §4, §5;
// RFC 8460 §3).
const (
	StepRecord      StepID = "mta-sts-record"
	StepPolicyHost  StepID = "policy-host"
	StepPolicyFetch StepID = "policy-fetch"
	StepPolicy      StepID = "policy"
	StepMX          StepID = "mx"
	StepMXTLS       StepID = "mx-tls"
	StepTLSRPT      StepID = "tls-rpt"
	StepDANE        StepID = "dane"
	StepVerdict     StepID = "verdict"
)

// StepOrder returns every step in protocol order.
func StepOrder() []StepID {
	return []StepID{StepRecord, StepPolicyHost, StepPolicyFetch, StepPolicy, StepMX, StepMXTLS, StepTLSRPT, StepDANE, StepVerdict}
}

// Status is where a step stands.
type Status string

const (
	StatusPending Status = "pending" // not started yet
	StatusRunning Status = "running" // started, no result yet
	StatusOK      Status = "ok"      // nothing wrong
	StatusWarn    Status = "warn"    // works, but risky or some senders disagree
	StatusFail    Status = "fail"    // the domain is misconfigured: senders are affected
	StatusSkipped Status = "skipped" // not applicable (e.g. no record, so no fetch)
	StatusError   Status = "error"   // the checker could not tell (e.g. port 25 blocked from here)
)

// Done reports whether the status is final.
func (s Status) Done() bool { return s != StatusPending && s != StatusRunning }

// Step is one step's result with all its evidence. Every string in it that
// came from the network is already bounded and sanitised.
type Step struct {
	ID          StepID        `json:"id"`
	Status      Status        `json:"status"`
	Started     time.Time     `json:"started"`
	Duration    time.Duration `json:"-"`
	Summary     string        `json:"summary"`
	Evidence    Evidence      `json:"evidence"`
	Diagnostics diag.List     `json:"diagnostics"`
	// Hosts holds the per-MX, per-address results of the mx-tls step.
	Hosts []HostResult `json:"hosts,omitempty"`
	// Commands are shell commands an admin can run to see the same thing
	// (dig, curl, openssl s_client).
	Commands []string `json:"commands,omitempty"`
}

// MarshalJSON adds duration_ms, the form the JSON report documents.
func (s Step) MarshalJSON() ([]byte, error) {
	type plain Step
	return json.Marshal(struct {
		plain
		DurationMS int64 `json:"duration_ms"`
	}{plain(s), s.Duration.Milliseconds()})
}

// Event is one entry of the stream Run produces: a snapshot of a step that
// has started (Status running) or finished, or, last, the final Report.
// Events arrive as steps start and finish, which is not protocol order
// (steps run concurrently); a step's running snapshot precedes its final
// one, and the Report lists the steps in protocol order.
type Event struct {
	Step   Step    `json:"step"`
	Report *Report `json:"report,omitempty"`
}

// Verdict says what a sender with no cached policy does now.
type Verdict struct {
	// WithoutCache is "enforce", "testing", "none", "fail-open", or
	// "unknown" when the walk did not finish (VerdictUnknown).
	WithoutCache senders.Outcome `json:"without_cache"`
	Reason       string          `json:"reason"`
	// RefusedMX lists MX hosts an enforcing sender would not deliver to.
	RefusedMX []string `json:"refused_mx"`
	// TLSRPTResultTypes are the RFC 8460 §4.3 result types a sender would
	// report for the failures found.
	TLSRPTResultTypes []policy.ResultType `json:"tlsrpt_result_types"`
	// DANE is set when DNSSEC-validated TLSA records exist for an MX: a
	// DANE-aware sender uses them instead of MTA-STS (RFC 8461 §2).
	DANE bool `json:"dane"`
	// Senders says what each real sender does without a cached policy,
	// read with its own code's rules (probe/senders), rfc first; empty
	// when the walk did not finish.
	Senders []SenderVerdict `json:"senders"`
}

// SenderVerdict is one sender's verdict without a cached policy.
type SenderVerdict struct {
	Name string `json:"name"`
	// WithoutCache is enforce, testing, none, fail-open, defer or bounce.
	WithoutCache senders.Outcome `json:"without_cache"`
	Reason       string          `json:"reason"`
	// TLSRPTResultTypes are the result types this sender reports for what
	// was found; empty when it sends no reports.
	TLSRPTResultTypes []policy.ResultType `json:"tlsrpt_result_types"`
	// Reports: the sender sends TLS-RPT reports in its default setup.
	Reports bool `json:"reports"`
}

// ReportSchemaVersion is the version of the Report's JSON form, written as
// its schema_version so scripts can tell what they read. It goes up when a
// field changes meaning or goes away; adding a field keeps it.
const ReportSchemaVersion = 1

// Report is the whole walk of one domain.
type Report struct {
	SchemaVersion int `json:"schema_version"`
	// Domain is the policy domain as an A-label, without trailing dot.
	Domain string `json:"domain"`
	// UnicodeDomain is the U-label form when it differs from Domain.
	UnicodeDomain string `json:"unicode_domain,omitempty"`
	// InputNotes say how the input was read (an email address or URL
	// pasted by mistake, a trailing dot, an IDN).
	InputNotes []string      `json:"input_notes,omitempty"`
	Started    time.Time     `json:"started"`
	Duration   time.Duration `json:"-"`
	Steps      []Step        `json:"steps"`
	Verdict    Verdict       `json:"verdict"`
	// MX are the MX hosts the walk judged, in preference order (at most
	// maxMXHosts; the domain itself for an implicit MX); empty when the
	// lookup failed or a null MX says the domain takes no mail.
	MX []string `json:"mx"`
	// Record and Policy are the parsed values when valid ones were found;
	// the simulator prefills from them.
	Record *policy.Record `json:"record"`
	Policy *policy.Policy `json:"policy"`
}

// Step returns the step with the given ID.
func (r *Report) Step(id StepID) (Step, bool) {
	for _, s := range r.Steps {
		if s.ID == id {
			return s, true
		}
	}
	return Step{}, false
}

// Failed reports whether any step failed: check exits 1 exactly then.
func (r *Report) Failed() bool {
	for _, s := range r.Steps {
		if s.Status == StatusFail {
			return true
		}
	}
	return false
}
