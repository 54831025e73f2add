package simulate

import (
	"fmt"
	"strings"
	"time"
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
	// LazyFirstFetch: with no cached policy the fetch runs in the
	// background and this delivery goes unprotected (§5.1, Appendix B).
	LazyFirstFetch bool `json:"lazy_first_fetch"`
	// Backoff: after a failed fetch, no new fetch for the same id for this
	// long (§3.3: "five minutes or longer per version ID"); zero: none.
	Backoff time.Duration `json:"backoff"`
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
	// Reports: sends RFC 8460 reports.
	Reports bool `json:"reports"`
}

// Profiles returns the built-in profiles in a stable order.
func Profiles() []Profile {
	rfc := Profile{
		Name:              "rfc",
		Description:       "RFC 8461 read to the letter: blocking fetch on first contact, TXT id check on each delivery, daily proactive refresh regardless of the TXT record, 5-minute back-off per id after a failed fetch.",
		Source:            "RFC 8461 §3.2 max_age, §3.3 (1 min timeout, 5 min back-off, daily refresh), §5.1, §10.2",
		FetchTimeout:      time.Minute,
		TXTOnDelivery:     true,
		Backoff:           5 * time.Minute,
		RefreshEvery:      Day,
		HonoursTesting:    true,
		StrictContentType: true,
		Reports:           true,
	}
	lazy := rfc
	lazy.Name = "lazy"
	lazy.Description = "Like rfc, but with no cached policy the fetch runs in the background: the first delivery goes out unprotected, the policy is used from the next one."
	lazy.Source = "RFC 8461 §5.1 (\"perhaps asynchronously\"), Appendix B; observed at a large mailbox provider (alexsci audit)"
	lazy.LazyFirstFetch = true

	noRefresh := rfc
	noRefresh.Name = "no-refresh"
	noRefresh.Description = "Like rfc, but never refreshes proactively: refetches only on a new TXT id or an expired cache."
	noRefresh.Source = "RFC 8461 §3 (id check), §3.2 max_age; §3.3's refresh SHOULD not followed"
	noRefresh.RefreshEvery = 0

	mox := Profile{
		Name:                   "mox",
		Description:            "mox: TXT check on each delivery; a daily job re-checks entries older than 12 h and, when the id is unchanged, pushes expiry to now + max_age without fetching; 5-minute back-off entry after a failed first fetch; Content-Type not checked.",
		Source:                 "mjl-/mox mtastsdb/db.go Get, Upsert; mtastsdb/refresh.go (senders/mox.md)",
		FetchTimeout:           time.Minute,
		TXTOnDelivery:          true,
		ExtendOnRefresh:        true,
		Backoff:                5 * time.Minute,
		RefreshEvery:           Day,
		RefreshMinAge:          12 * time.Hour,
		RefreshChecksTXT:       true,
		RefreshFetchOnTXTError: true,
		RefreshExpired:         true,
		HonoursTesting:         true,
		Reports:                true,
	}
	resolver := Profile{
		Name:              "postfix-mta-sts-resolver",
		Description:       "postfix-mta-sts-resolver (proactive fetch off, the default): 4 s timeout; on use after a 60 s grace, an unchanged TXT id restarts the max_age clock without refetching, even for an expired entry; testing treated as no policy unless strict_testing; strict text/plain; no back-off, no negative cache.",
		Source:            "Snawoot/postfix-mta-sts-resolver responder.py, resolver.py, defaults.py (senders/postfix-mta-sts-resolver.md)",
		FetchTimeout:      4 * time.Second,
		TXTOnDelivery:     true,
		CacheGrace:        60 * time.Second,
		ExtendOnDelivery:  true,
		ReviveExpired:     true,
		StrictContentType: true,
	}
	proactive := resolver
	proactive.Name = "postfix-mta-sts-resolver-proactive"
	proactive.Description = "postfix-mta-sts-resolver with proactive_policy_fetching: as the default, plus a daily job re-resolving entries older than 12 h (an unchanged id again restarts max_age)."
	proactive.Source = resolver.Source + "; proactive_fetcher.py"
	proactive.ExtendOnRefresh = true
	proactive.RefreshEvery = Day
	proactive.RefreshMinAge = 12 * time.Hour
	proactive.RefreshChecksTXT = true
	proactive.RefreshExpired = true

	strict := resolver
	strict.Name = "postfix-mta-sts-resolver-strict-testing"
	strict.Description = "postfix-mta-sts-resolver with strict_testing: mode testing is enforced like enforce (Postfix secure level)."
	strict.HonoursTesting = true
	strict.EnforcesTesting = true

	tlspol := Profile{
		Name:           "postfix-tlspol",
		Description:    "postfix-tlspol: 2 s timeout; a cached policy is used without TXT checks until it is about to expire, then prefetched (a TXT change is not noticed early); 5-minute retry after a failed fetch.",
		Source:         "Zuplu/postfix-tlspol REQUEST_TIMEOUT, MTA_STS_FETCH_RETRY_INTERVAL; issue #139 (RFC-NOTES §1D, §5A); prefetch window modelled as 1 h",
		FetchTimeout:   2 * time.Second,
		Backoff:        5 * time.Minute,
		RefreshEvery:   time.Hour,
		RefreshWindow:  time.Hour,
		HonoursTesting: true,
		Reports:        true,
	}
	gomtasts := Profile{
		Name:              "go-mtasts",
		Description:       "foxcpp/go-mtasts (maddy): TXT check on each delivery; Refresh() every 12 h refetches only policies expiring within 6 h or with a new id; strict text/plain; no back-off.",
		Source:            "foxcpp/go-mtasts cache.go fetch, Refresh; downloadPolicy (1 min client timeout)",
		FetchTimeout:      time.Minute,
		TXTOnDelivery:     true,
		RefreshEvery:      12 * time.Hour,
		RefreshWindow:     6 * time.Hour,
		RefreshChecksTXT:  true,
		HonoursTesting:    true,
		StrictContentType: true,
		Reports:           true,
	}
	return []Profile{rfc, lazy, noRefresh, mox, resolver, proactive, strict, tlspol, gomtasts}
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
