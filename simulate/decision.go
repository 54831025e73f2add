package simulate

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Outcome is what happened to a message.
type Outcome uint8

const (
	// NoDelivery: no message in this span (segments only).
	NoDelivery Outcome = iota
	// Enforced: delivered over validated TLS under an enforce policy.
	Enforced
	// Deferred: an enforce policy refused every MX (or an attacker): the
	// message waits in the queue, it is not lost (§5, §8.4).
	Deferred
	// TestingDelivered: delivered under a testing policy; a failure, if
	// any, is reported (§5).
	TestingDelivered
	// FailOpen: no policy applies: opportunistic TLS (§3.3).
	FailOpen
	// Exposed: delivered while an attacker strips STARTTLS, readable or
	// redirectable (fail-open, or testing mode, under attack).
	Exposed
	// Bounced: an enforce policy refused the MX with a permanent error,
	// and the message went back to its sender (maddy answers an MX the
	// policy does not list with 550 5.7.0; RFC 8461 §5 asks senders to
	// treat such failures as transient).
	Bounced
	numOutcomes
)

var outcomeNames = [...]string{"none", "enforced", "deferred", "testing-delivered", "fail-open", "exposed", "bounced"}

// String is the outcome's name as --json and the text view print it.
func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return fmt.Sprintf("outcome(%d)", int(o))
}

// MarshalText writes the outcome's name.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Outcomes lists the outcomes of a delivery, in display order.
func Outcomes() []Outcome {
	return []Outcome{Enforced, Deferred, Bounced, TestingDelivered, FailOpen, Exposed}
}

// Protected reports whether the sender applied a policy that stops a
// downgrade: the message went over validated TLS or waited. A bounced
// message was not downgraded either, but it did not arrive: it is not
// counted as protected.
func (o Outcome) Protected() bool { return o == Enforced || o == Deferred }

// CacheKind is the state of a sender's cache entry.
type CacheKind uint8

const (
	CacheNone CacheKind = iota
	CacheValid
	CacheExpired
)

// CacheState is the cache before a decision.
type CacheState struct {
	Kind CacheKind `json:"kind"`
	// ID, Mode and Until describe the entry when there is one; Until is
	// when it expires (or expired).
	ID    string        `json:"id,omitempty"`
	Mode  policy.Mode   `json:"mode,omitempty"`
	Until time.Duration `json:"until"`
}

// String renders the state as the JSON "cache" field: "none",
// "valid until 5d", "expired at 5d".
func (c CacheState) String() string {
	switch c.Kind {
	case CacheValid:
		return "valid until " + FormatDuration(c.Until)
	case CacheExpired:
		return "expired at " + FormatDuration(c.Until)
	}
	return "none"
}

// TXTResult is what the _mta-sts lookup gave.
type TXTResult struct {
	// Looked is false when the sender did not look (cache grace, back-off,
	// or a profile that trusts its cache).
	Looked  bool       `json:"looked"`
	ID      string     `json:"id,omitempty"`
	Failure TXTFailure `json:"failure,omitempty"`
}

// FetchResult is what the HTTPS fetch gave.
type FetchResult struct {
	Tried bool `json:"tried"`
	// BackedOff: a fetch was due but the back-off for this id forbade it.
	BackedOff bool          `json:"backed_off,omitempty"`
	Failure   FetchFailure  `json:"failure,omitempty"`
	Latency   time.Duration `json:"latency,omitempty"`
	// Version is the index of the version fetched, when it succeeded.
	Version int `json:"version"`
}

// Applied is the policy a decision used.
type Applied struct {
	Mode       policy.Mode   `json:"mode"` // "" when no policy applies
	ID         string        `json:"id,omitempty"`
	ValidUntil time.Duration `json:"valid_until"`
}

// Rule names the reasoning a decision rests on; Section gives its citation.
type Rule uint8

const (
	RuleNoRecord        Rule = iota // no TXT, no cache: no MTA-STS (§3.1)
	RuleFetchFailOpen               // TXT but no policy and no cache: fail open (§3.3)
	RuleBackoffOpen                 // back-off, no cache: fail open (§3.3)
	RuleExpiredOpen                 // cache expired, nothing new: fail open (§3.2, §3.3)
	RuleFetched                     // fetched a (new) policy and applied it (§3.3, §5)
	RuleCachedSameID                // TXT id unchanged: cached policy (§3)
	RuleCachedNoLookup              // cached policy used without a lookup
	RuleCachedTXTGone               // TXT missing or failing: cache kept (§3.1, §5.1)
	RuleCachedFetchFail             // new id, fetch failed: cache kept (§3.3)
	RuleExtended                    // unchanged id restarted max_age: implementation variant
	RuleLazy                        // background fetch, this message unprotected (§5.1, App. B)
	RuleModeNone                    // mode none: no active policy (§5)
	RuleTestingIgnored              // testing treated as none: implementation variant
	RuleTXTErrorDefer               // TXT lookup error, no valid cache: deferred (mox)
	numRules
)

var ruleSections = [numRules]string{
	RuleNoRecord:        "RFC 8461 §3.1",
	RuleFetchFailOpen:   "RFC 8461 §3.3",
	RuleBackoffOpen:     "RFC 8461 §3.3",
	RuleExpiredOpen:     "RFC 8461 §3.2, §3.3",
	RuleFetched:         "RFC 8461 §3.3, §5",
	RuleCachedSameID:    "RFC 8461 §3",
	RuleCachedNoLookup:  "RFC 8461 §3.2",
	RuleCachedTXTGone:   "RFC 8461 §3.1, §5.1",
	RuleCachedFetchFail: "RFC 8461 §3.3",
	RuleExtended:        "variant of RFC 8461 §3.2",
	RuleLazy:            "RFC 8461 §5.1, Appendix B",
	RuleModeNone:        "RFC 8461 §5",
	RuleTestingIgnored:  "variant of RFC 8461 §5",
	RuleTXTErrorDefer:   "variant of RFC 8461 §3.3",
}

// Section is the RFC citation for the rule.
func (r Rule) Section() string {
	if r < numRules {
		return ruleSections[r]
	}
	return ""
}

// Attempt is one delivery attempt and everything the sender decided.
type Attempt struct {
	At     time.Duration `json:"at"`
	Sender string        `json:"sender"`
	Cache  CacheState    `json:"cache"`
	TXT    TXTResult     `json:"txt"`
	Fetch  FetchResult   `json:"fetch"`
	// Extended: the unchanged id restarted the max_age clock.
	Extended bool    `json:"extended,omitempty"`
	Policy   Applied `json:"policy"`
	Outcome  Outcome `json:"outcome"`
	// MXResult is the RFC 8460 result type of the failing MX session, ""
	// when none failed.
	MXResult string `json:"mx_result,omitempty"`
	// Reported is the RFC 8460 §4.3 result type the sender reports for
	// this attempt, "" if none.
	Reported string `json:"tlsrpt_result,omitempty"`
	Rule     Rule   `json:"-"`
	// Attack: an attacker was active.
	Attack bool `json:"attack,omitempty"`
}

// RFC is the section the decision rests on; a failing MX under a policy
// adds §5 (enforce/testing) and §8.4.
func (a Attempt) RFC() string {
	s := a.Rule.Section()
	if a.MXResult != "" && (a.Outcome == Deferred || a.Outcome == Bounced || a.Outcome == TestingDelivered || (a.Outcome == Exposed && a.Policy.Mode != "")) {
		s = addSections(s, "RFC 8461", "§5", "§8.4")
	}
	return s
}

// addSections cites more sections of rfc in s, which reads like
// "RFC 8461 §3.2, §3.3": one "RFC 8461" and each section once.
func addSections(s, rfc string, sections ...string) string {
	if s == "" {
		return rfc + " " + strings.Join(sections, ", ")
	}
	head, list, ok := strings.Cut(s, rfc+" ")
	if !ok || head != "" || strings.Contains(list, ";") {
		return s + "; " + rfc + " " + strings.Join(sections, ", ")
	}
	have := strings.Split(list, ", ")
	for _, sec := range sections {
		if !slices.Contains(have, sec) {
			have = append(have, sec)
		}
	}
	return rfc + " " + strings.Join(have, ", ")
}

// key compares decisions for run compression: equal keys mean the same
// decision at a different time.
type attemptKey struct {
	cache    CacheKind
	txt      TXTResult
	tried    bool
	backed   bool
	failure  FetchFailure
	extended bool
	mode     policy.Mode
	id       string
	outcome  Outcome
	mx       string
	reported string
	rule     Rule
}

func (a *Attempt) key() attemptKey {
	return attemptKey{a.Cache.Kind, a.TXT, a.Fetch.Tried, a.Fetch.BackedOff, a.Fetch.Failure, a.Extended,
		a.Policy.Mode, a.Policy.ID, a.Outcome, a.MXResult, a.Reported, a.Rule}
}
