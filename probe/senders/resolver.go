package senders

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// resolver is github.com/Snawoot/postfix-mta-sts-resolver v1.5.0 (a000619),
// the mta-sts-daemon Postfix asks through socketmap, in its default
// configuration. Lines are postfix_mta_sts_resolver/file:line@a000619.
func resolver() Sender {
	return Sender{
		Name:        Resolver,
		Description: "postfix-mta-sts-resolver (defaults): 4 s timeout; after a 60 s grace an unchanged TXT id restarts the max_age clock without refetching, even for an expired entry; testing treated as no policy; strict text/plain, body ASCII unless a charset is declared; no back-off, no negative cache, no proactive refresh.",
		Source:      "github.com/Snawoot/postfix-mta-sts-resolver@a000619 (v1.5.0)",
		readRecord:  resolverRecord,
		readPolicy:  resolverPolicy,
		Fetch: Fetch{
			// defaults.py:6 TIMEOUT = 4, used for DNS and the whole HTTP
			// request (resolver.py:32-36).
			Timeout:  4 * time.Second,
			Attempts: 1,
			// resolver.py:121-122 with utils.py:162-163: the media type,
			// lowercased and cut at ";", must be text/plain; none fails.
			ContentType: ContentTypeTextPlainPrefix,
			// resolver.py:134-136: decoded with resp.charset, else "ascii".
			Charset: CharsetASCIIUnlessDeclared,
			// resolver.py:123-133 with constants.py:1 HARD_RESP_LIMIT = 64*1024.
			MaxBody: 64 * 1024,
			// resolver.py:116,119-120: allow_redirects=False, status must be 200.
			FollowsRedirects: false,
		},
		Policy: Policy{
			// resolver.py:157-158: not 0 <= max_age <= 31557600 → FETCH_ERROR.
			MaxAgeLimit: policy.MaxAgeLimit,
			AboveLimit:  AboveReject,
			// responder.py:222-223: testing without strict_testing → NOTFOUND
			// (defaults.py:9 STRICT_TESTING = False).
			Testing: TestingAsNone,
		},
		Cache: Cache{
			// responder.py:194-200: a stale entry is resolved again with its
			// id, so the TXT record is checked on use.
			TXTOnDelivery: true,
			// defaults.py:18 CACHE_GRACE = 60; responder.py:64-66.
			Grace: 60 * time.Second,
			// resolver.py:101-103 NOT_CHANGED without a fetch, and
			// responder.py:202-204 rewrites the entry with ts = now.
			ExtendOnDelivery: true,
			// responder.py:199-204: an expired entry keeps its id, and
			// NOT_CHANGED revives it.
			ReviveExpired: true,
			// responder.py:209-215: FETCH_ERROR and NONE store nothing.
			Backoff:     0,
			NegativeTTL: 0,
		},
		Refresh: Refresh{
			// defaults.py:19 PROACTIVE_FETCH_ENABLED = False.
			Every: 0,
		},
		Failure: Failure{
			// resolver.py:64-79 FETCH_ERROR; responder.py:210-211 with no
			// entry → NOTFOUND: Postfix uses its default TLS level.
			TXTTempErrorNoCache: OutcomeFailOpen,
			// responder.py:226-228 hands Postfix "secure match=…": an MX
			// whose certificate does not match is deferred by Postfix
			// ("Server certificate not verified"), not bounced.
			UncoveredMX: OutcomeDefer,
		},
		Reports: Reports{
			// defaults.py:7 TLSRPT = False; with tlsrpt on, responder.py:230-236
			// only passes policy data for Postfix's session reports.
			Sends: false,
		},
	}
}

// resolverProactive is postfix-mta-sts-resolver with
// proactive_policy_fetching enabled.
func resolverProactive() Sender {
	s := resolver()
	s.Name = ResolverProactive
	s.Variant = Resolver
	s.Description = "postfix-mta-sts-resolver with proactive_policy_fetching: as the default, plus a daily job re-resolving entries older than 12 h (an unchanged id again restarts max_age)."
	s.Refresh = Refresh{
		// defaults.py:20 PROACTIVE_FETCH_INTERVAL = 86400.
		Every: 24 * time.Hour,
		// defaults.py:22 grace_ratio 2.0; proactive_fetcher.py:42 skips
		// entries with now - ts < interval / grace_ratio.
		MinAge: 12 * time.Hour,
		// proactive_fetcher.py:66-71 scans every entry, expired included.
		Expired: true,
		// proactive_fetcher.py:31-33: NOT_CHANGED → ts = now.
		ChecksTXT:      true,
		ExtendOnSameID: true,
		// resolver.py:64-79 returns before the fetch on a TXT error.
		FetchOnTXTError: false,
		// proactive_fetcher.py:34-35: anything but VALID or NOT_CHANGED
		// logs a warning, "Domain %s does not have a valid policy."
		AlertsOnFailure: true,
	}
	return s
}

// resolverStrictTesting is postfix-mta-sts-resolver with strict_testing.
func resolverStrictTesting() Sender {
	s := resolver()
	s.Name = ResolverStrictTesting
	s.Variant = Resolver
	s.Description = "postfix-mta-sts-resolver with strict_testing: mode testing is enforced like enforce (Postfix secure level)."
	// responder.py:222-228: with zone strict, testing gets "OK secure".
	s.Policy.Testing = TestingAsEnforce
	return s
}
