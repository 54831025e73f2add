package simulate

import (
	"fmt"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/senders"
)

// Profile is how a sender discovers, caches and refreshes policies. Every
// field is a parameter: start from a named profile and override any.
type Profile struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// Source says where the behaviour was read (RFC section or code).
	Source string `json:"source"`

	// FetchTimeout bounds a policy fetch (RFC 8461 §3.3 suggests 1 min).
	FetchTimeout time.Duration `json:"fetch_timeout"`
	// TXTOnDelivery: a sender holding a valid policy looks up the TXT id at
	// each delivery to notice a new policy (§3, §5.1 step 1). False: the
	// cached policy is used without any lookup until it expires.
	TXTOnDelivery bool `json:"txt_on_delivery"`
	// CacheGrace: no lookup at all within this long of the last successful
	// one (postfix-mta-sts-resolver cache_grace).
	CacheGrace time.Duration `json:"cache_grace"`
	// ExtendOnDelivery / ExtendOnRefresh: an unchanged TXT id restarts the
	// max_age clock without fetching the policy. RFC 8461 §3.2 counts
	// max_age "from the last policy fetch time"; mox and
	// postfix-mta-sts-resolver count it from the last TXT check.
	ExtendOnDelivery bool `json:"extend_on_delivery"`
	ExtendOnRefresh  bool `json:"extend_on_refresh"`
	// ReviveExpired: an expired entry whose id is unchanged is used again
	// (postfix-mta-sts-resolver keeps stale entries and compares ids).
	ReviveExpired bool `json:"revive_expired"`
	// CacheCap bounds how long a policy is kept whatever its max_age
	// (postfix-tlspol: 30 days); zero: max_age.
	CacheCap time.Duration `json:"cache_cap"`
	// LazyFirstFetch: with no cached policy the fetch runs in the
	// background and this delivery goes unprotected (§5.1, Appendix B).
	LazyFirstFetch bool `json:"lazy_first_fetch"`
	// Backoff: after a failed fetch, no new fetch for the same id for this
	// long (§3.3: "five minutes or longer per version ID"); zero: none.
	Backoff time.Duration `json:"backoff"`
	// BackoffOverwrites: a failed fetch with no valid cache stores the
	// back-off as a mode-none entry that replaces the cached policy, and
	// nothing is looked up while it lasts (mox).
	BackoffOverwrites bool `json:"backoff_overwrites"`
	// NegativeCache: a "no policy" answer with no valid cache (no TXT
	// record, non-200, wrong Content-Type, bad policy) is remembered this
	// long, without lookups; a temporary failure then holds off for Backoff
	// (postfix-tlspol). Zero: not remembered.
	NegativeCache time.Duration `json:"negative_cache"`
	// RefreshEvery is how often the refresh job runs; zero: never (§3.3
	// suggests daily).
	RefreshEvery time.Duration `json:"refresh_every"`
	// RefreshMinAge: the job skips entries updated less than this ago.
	RefreshMinAge time.Duration `json:"refresh_min_age"`
	// RefreshWindow: the job only refreshes entries expiring within this
	// long; zero: every entry.
	RefreshWindow time.Duration `json:"refresh_window"`
	// RefreshChecksTXT: the job looks up the TXT id first and fetches only
	// for a new id. False: it fetches regardless of the TXT record, as
	// §10.2 asks.
	RefreshChecksTXT bool `json:"refresh_checks_txt"`
	// RefreshFetchOnTXTError: with RefreshChecksTXT, still fetch when the
	// TXT lookup fails (mox: "DNS could be down").
	RefreshFetchOnTXTError bool `json:"refresh_fetch_on_txt_error"`
	// RefreshExpired: the job also refreshes entries that have expired.
	RefreshExpired bool `json:"refresh_expired"`
	// AlertsOnRefreshFailure: a failed refresh of a policy that is not
	// mode none alerts the admin (§3.3, §10.2 SHOULD).
	AlertsOnRefreshFailure bool `json:"alerts_on_refresh_failure"`
	// HonoursTesting: false treats mode testing as no policy, so failures
	// are neither refused nor reported (postfix-mta-sts-resolver without
	// strict_testing).
	HonoursTesting bool `json:"honours_testing"`
	// EnforcesTesting applies mode testing like enforce
	// (postfix-mta-sts-resolver strict_testing: Postfix "secure").
	EnforcesTesting bool `json:"enforces_testing"`
	// StrictContentType rejects a policy not served as text/plain (§3.2
	// SHOULD).
	StrictContentType bool `json:"strict_content_type"`
	// TXTErrorDefers: a temporary TXT lookup error with no valid cached
	// policy defers the delivery instead of failing open (mox).
	TXTErrorDefers bool `json:"txt_error_defers"`
	// BouncesUncoveredMX: an enforce policy that lists none of the MX
	// hosts tried last bounces the message with a permanent 5xx instead of
	// deferring it (maddy; §5 asks for a transient failure).
	BouncesUncoveredMX bool `json:"bounces_uncovered_mx"`
	// Reports: sends RFC 8460 reports.
	Reports bool `json:"reports"`
	// ReportsFetchErrors: the reports include failed policy discovery
	// (sts-policy-fetch-error and the other sts-* types), not only failed
	// MX sessions.
	ReportsFetchErrors bool `json:"reports_fetch_errors"`
}

// Profiles returns the built-in profiles in a stable order: one per sender
// definition in probe/senders (the one place each sender's behaviour is
// written down, with the line of its code it follows), and two simulator
// variants of rfc, lazy and no-refresh.
func Profiles() []Profile {
	var out []Profile
	for _, d := range senders.All() {
		p := FromSender(d)
		out = append(out, p)
		if d.Name != senders.RFC {
			continue
		}
		lazy := p
		lazy.Name = "lazy"
		lazy.Description = "Like rfc, but with no cached policy the fetch runs in the background: the first delivery goes out unprotected, the policy is used from the next one."
		lazy.Source = "RFC 8461 §5.1 (\"perhaps asynchronously\"), Appendix B; observed at a large mailbox provider (alexsci audit)"
		lazy.LazyFirstFetch = true

		noRefresh := p
		noRefresh.Name = "no-refresh"
		noRefresh.Description = "Like rfc, but never refreshes proactively: refetches only on a new TXT id or an expired cache."
		noRefresh.Source = "RFC 8461 §3 (id check), §3.2 max_age; §3.3's refresh SHOULD not followed"
		noRefresh.RefreshEvery = 0
		out = append(out, lazy, noRefresh)
	}
	return out
}

// FromSender is the simulator's profile of a sender definition: every
// parameter the model replays, read from the definition.
func FromSender(d senders.Sender) Profile {
	return Profile{
		Name:                   string(d.Name),
		Description:            d.Description,
		Source:                 d.Source,
		FetchTimeout:           d.Fetch.Timeout,
		TXTOnDelivery:          d.Cache.TXTOnDelivery,
		CacheGrace:             d.Cache.Grace,
		CacheCap:               d.Cache.Cap,
		ExtendOnDelivery:       d.Cache.ExtendOnDelivery,
		ExtendOnRefresh:        d.Refresh.ExtendOnSameID,
		ReviveExpired:          d.Cache.ReviveExpired,
		Backoff:                d.Cache.Backoff,
		BackoffOverwrites:      d.Cache.BackoffOverwrites,
		NegativeCache:          d.Cache.NegativeTTL,
		RefreshEvery:           d.Refresh.Every,
		RefreshMinAge:          d.Refresh.MinAge,
		RefreshWindow:          d.Refresh.Window,
		RefreshChecksTXT:       d.Refresh.ChecksTXT,
		RefreshFetchOnTXTError: d.Refresh.FetchOnTXTError,
		RefreshExpired:         d.Refresh.Expired,
		AlertsOnRefreshFailure: d.Refresh.AlertsOnFailure,
		HonoursTesting:         d.Policy.Testing != senders.TestingAsNone,
		EnforcesTesting:        d.Policy.Testing == senders.TestingAsEnforce,
		StrictContentType:      d.Fetch.ContentType != senders.ContentTypeIgnored,
		TXTErrorDefers:         d.Failure.TXTTempErrorNoCache == senders.OutcomeDefer,
		BouncesUncoveredMX:     d.Failure.UncoveredMX == senders.OutcomeBounce,
		Reports:                d.Reports.Sends,
		ReportsFetchErrors:     d.Reports.Sends && d.Reports.FetchErrors,
	}
}

// ProfileNames lists the built-in profile names in Profiles order.
func ProfileNames() []string {
	var out []string
	for _, p := range Profiles() {
		out = append(out, p.Name)
	}
	return out
}

// ProfileByName returns a built-in profile.
func ProfileByName(name string) (Profile, error) {
	for _, p := range Profiles() {
		if p.Name == name {
			return p, nil
		}
	}
	return Profile{}, fmt.Errorf("unknown sender profile %q (known: %s)", name, strings.Join(ProfileNames(), ", "))
}
