package senders

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Name identifies a sender definition ("mox"); it is the profile name
// simulate and the JSON outputs use.
type Name string

// Sender is one real sender (or one configuration of it): how it reads the
// record and the policy, what it demands of the fetch, how it caches and
// refreshes, and what it does when things fail.
type Sender struct {
	Name Name
	// Variant names the sender whose code this is, for a configuration of
	// it (postfix-mta-sts-resolver with strict_testing); "" for a sender's
	// default behaviour. Lint and check compare the default senders only.
	Variant Name
	// Description is one line for people.
	Description string
	// Source is the code the definition was read from, repository@commit.
	Source string

	Fetch   Fetch
	Policy  Policy
	Cache   Cache
	Refresh Refresh
	Failure Failure
	Reports Reports

	// readRecord and readPolicy are the sender's own parsers (ReadRecord,
	// ReadPolicy); a variant shares its sender's.
	readRecord func(rrset [][]string) RecordReading
	readPolicy func(body []byte) PolicyReading
}

// Fetch is what a sender demands of the HTTPS policy fetch (RFC 8461 §3.3).
type Fetch struct {
	// Timeout bounds one fetch (the RFC suggests one minute).
	Timeout time.Duration
	// Attempts is how many tries a fetch gets on network errors before it
	// counts as failed.
	Attempts int
	// ContentType: what the sender requires of the Content-Type header.
	ContentType ContentTypeRule
	// Charset: how the sender decodes the body.
	Charset CharsetRule
	// MaxBody is the largest body accepted, in bytes; 0: no limit.
	MaxBody int
	// FollowsRedirects: a 3xx is followed (RFC 8461 §3.3: MUST NOT).
	FollowsRedirects bool
}

// ContentTypeRule is what a sender requires of the policy's Content-Type.
type ContentTypeRule string

const (
	// ContentTypeIgnored: the header is not looked at.
	ContentTypeIgnored ContentTypeRule = "ignored"
	// ContentTypeTextPlain: the media type must be text/plain; a missing or
	// unparsable header fails the fetch (RFC 8461 §3.2 SHOULD).
	ContentTypeTextPlain ContentTypeRule = "text/plain"
	// ContentTypeTextPlainPrefix: the text before the first ";", trimmed
	// and lowercased, must be text/plain; parameters are not parsed, so a
	// malformed one passes. A missing header fails.
	ContentTypeTextPlainPrefix ContentTypeRule = "text/plain-prefix"
)

// CharsetRule is how a sender turns the policy's bytes into text.
type CharsetRule string

const (
	// CharsetUTF8: the bytes are read as UTF-8 whatever the header says.
	CharsetUTF8 CharsetRule = "utf-8"
	// CharsetASCIIUnlessDeclared: decoded with the Content-Type's charset,
	// ASCII when there is none, so non-ASCII bytes without charset=utf-8
	// fail the fetch.
	CharsetASCIIUnlessDeclared CharsetRule = "ascii-unless-declared"
)

// Policy holds the limits a sender applies to a parsed policy.
type Policy struct {
	// MaxAgeLimit is the largest max_age taken as published, in seconds.
	MaxAgeLimit int64
	// AboveLimit: what happens to a larger max_age.
	AboveLimit AboveLimit
	// Testing: how mode testing is applied.
	Testing Testing
}

// AboveLimit is what a sender does with a max_age above its limit.
type AboveLimit string

const (
	// AboveReject: the policy is invalid.
	AboveReject AboveLimit = "reject"
	// AboveCap: the policy is used with max_age lowered to the limit.
	AboveCap AboveLimit = "cap"
)

// Testing is how a sender applies a policy in mode testing.
type Testing string

const (
	// TestingHonoured: validate, report failures, deliver anyway (RFC 8461 §5).
	TestingHonoured Testing = "honoured"
	// TestingAsNone: treated as no policy: nothing validated or reported.
	TestingAsNone Testing = "as-none"
	// TestingAsEnforce: applied like enforce.
	TestingAsEnforce Testing = "as-enforce"
)

// Cache is how a sender keeps and reuses policies on delivery.
type Cache struct {
	// TXTOnDelivery: a sender holding a valid policy looks up the TXT id at
	// each delivery to notice a new policy (RFC 8461 §5.1 step 1).
	TXTOnDelivery bool
	// Grace: no lookup at all within this long of the last successful one.
	Grace time.Duration
	// ExtendOnDelivery: an unchanged TXT id at delivery restarts the max_age
	// clock without fetching the policy (the RFC counts from the fetch).
	ExtendOnDelivery bool
	// ReviveExpired: an expired entry whose TXT id is unchanged is used again.
	ReviveExpired bool
	// Cap bounds how long a policy is kept whatever its max_age; 0: max_age.
	Cap time.Duration
	// Backoff: after a failed fetch, no new attempt for this long (RFC 8461
	// §3.3: "five minutes or longer per version ID"); 0: none.
	Backoff time.Duration
	// BackoffOverwrites: the back-off is stored as a mode-none entry that
	// replaces the cached policy, so during it the domain has no policy.
	BackoffOverwrites bool
	// NegativeTTL: "no policy" answers (no TXT record, 404, wrong type, bad
	// policy) are remembered this long; 0: not at all.
	NegativeTTL time.Duration
}

// Refresh is a sender's proactive refresh job (RFC 8461 §3.3, §10.2).
type Refresh struct {
	// Every is how often the job runs; 0: the sender has none (or it is off
	// by default).
	Every time.Duration
	// MinAge: the job skips entries updated less than this long ago.
	MinAge time.Duration
	// Window: the job only refreshes entries expiring within this long; 0:
	// every entry.
	Window time.Duration
	// ChecksTXT: the job looks up the TXT id first and fetches only for a
	// new id (§10.2 asks to fetch regardless of the TXT record).
	ChecksTXT bool
	// ExtendOnSameID: an unchanged id restarts the max_age clock.
	ExtendOnSameID bool
	// FetchOnTXTError: with ChecksTXT, still fetch when the TXT lookup fails.
	FetchOnTXTError bool
	// Expired: the job also refreshes entries that have expired.
	Expired bool
	// AlertsOnFailure: a failed refresh is logged for the admin (RFC 8461
	// §3.3, §10.2: SHOULD alert "when such attempts fail, unless the
	// cached policy mode is none").
	AlertsOnFailure bool
}

// Failure is what a sender does with mail when discovery or validation
// fails.
type Failure struct {
	// TXTTempErrorNoCache: a temporary error looking up the TXT record, with
	// no valid cached policy: OutcomeFailOpen or OutcomeDefer.
	TXTTempErrorNoCache Outcome
	// UncoveredMX: an enforce policy that does not list the MX host:
	// OutcomeDefer (retried, bounced only when the queue gives up) or
	// OutcomeBounce (a permanent 5xx at once).
	UncoveredMX Outcome
}

// Reports is whether and what a sender reports by RFC 8460 (TLS-RPT).
type Reports struct {
	// Sends: reports are sent in the default configuration.
	Sends bool
	// FetchErrors: failed policy discovery (sts-policy-fetch-error and
	// friends) is reported, not only failed sessions.
	FetchErrors bool
	// Types are the result types the sender can report; empty when Sends
	// is false.
	Types []policy.ResultType
}

// Outcome is what a sender does with a message, as the walk's verdict and
// the sender table say it: the one vocabulary for probe and simulate.
type Outcome string

const (
	// OutcomeEnforce: delivered only over validated TLS to a listed MX.
	OutcomeEnforce Outcome = "enforce"
	// OutcomeTesting: validated and reported, delivered regardless.
	OutcomeTesting Outcome = "testing"
	// OutcomeNone: the domain has no (active) policy for this sender.
	OutcomeNone Outcome = "none"
	// OutcomeFailOpen: a policy is announced but none can be had, so mail
	// goes out as if there were none (RFC 8461 §3.3).
	OutcomeFailOpen Outcome = "fail-open"
	// OutcomeDefer: delivery is postponed and retried later.
	OutcomeDefer Outcome = "defer"
	// OutcomeBounce: the message is returned to its sender at once.
	OutcomeBounce Outcome = "bounce"
)

// Outcomes lists every Outcome.
func Outcomes() []Outcome {
	return []Outcome{OutcomeEnforce, OutcomeTesting, OutcomeNone, OutcomeFailOpen, OutcomeDefer, OutcomeBounce}
}
