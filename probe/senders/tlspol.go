package senders

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// tlspol is github.com/Zuplu/postfix-tlspol at ffe1e2d, the Postfix
// socketmap server for DANE and MTA-STS, in its default configuration.
// Lines are internal/file:line@ffe1e2d.
func tlspol() Sender {
	return Sender{
		Name:        TLSPol,
		Description: "postfix-tlspol (defaults): 2 s timeout, 3 tries; a cached policy is used without TXT checks until it is about to expire (kept at most 30 days), then prefetched; strict text/plain; testing treated as no policy; max_age above a year capped; \"no policy\" remembered 30 min, temporary errors 5 min; no TLS-RPT.",
		Source:      "github.com/Zuplu/postfix-tlspol@ffe1e2d",
		readRecord:  tlspolRecord,
		readPolicy:  tlspolPolicy,
		Fetch: Fetch{
			// server.go:227 REQUEST_TIMEOUT = 2 s, mta-sts.go:165 client Timeout.
			Timeout: 2 * time.Second,
			// server.go:228 POLICY_ATTEMPTS = 3; mta-sts.go:370-389 retries
			// on errors only.
			Attempts: 3,
			// mta-sts.go:356-362,416-418: mime.ParseMediaType must give
			// text/plain; otherwise (missing header too) no policy.
			ContentType: ContentTypeTextPlain,
			// mta-sts.go:328-339: the bytes are parsed as they are; extension
			// values must be valid UTF-8 (mta-sts.go:209).
			Charset: CharsetUTF8,
			// mta-sts.go:30 MTASTS_MAX_POLICY_SIZE = 64 << 10; :329-331.
			MaxBody: 64 << 10,
			// mta-sts.go:149-152 keeps the 3xx; :413-414 wants 200.
			FollowsRedirects: false,
		},
		Policy: Policy{
			// mta-sts.go:297-311: up to 10 digits; above 31557600 it is
			// capped, not rejected.
			MaxAgeLimit: policy.MaxAgeLimit,
			AboveLimit:  AboveCap,
			// mta-sts.go:348-353: only enforce yields "secure"; testing and
			// none return no policy.
			Testing: TestingAsNone,
		},
		Cache: Cache{
			// server.go:1638-1641: a cached MTA-STS branch is served without
			// any lookup; the TXT id is never compared.
			TXTOnDelivery: false,
			// server.go:223 CACHE_MAX_TTL = 2592000; :978-980 caps the branch.
			Cap: 30 * 24 * time.Hour,
			// mta-sts.go:31 MTA_STS_FETCH_RETRY_INTERVAL = 5 min, applied
			// at server.go:1642 after a temporary failure.
			Backoff: 5 * time.Minute,
			// server.go:221 CACHE_NOTFOUND_TTL = 1800; :975-977: no TXT,
			// non-200, wrong type or a bad policy come back as "" with ttl 0.
			NegativeTTL: 30 * time.Minute,
		},
		Refresh: Refresh{
			// configs/config.default.yaml:23 prefetch: true; prefetch.go:22
			// PREFETCH_INTERVAL = 30 s and :433-461 schedule the prefetch in
			// the last 30 s before expiry. It refetches whatever the TXT id
			// (mta-sts.go:393-422 never compares ids).
			Every:  30 * time.Second,
			Window: 30 * time.Second,
			// prefetch.go:253-302 retries quietly (slog.Debug, :502); the
			// only warning, prefetch.go:90, comes once the policy is dropped.
			AlertsOnFailure: false,
		},
		Failure: Failure{
			// server.go:1008-1015: a failed MTA-STS branch beside a DANE
			// answer with no policy gives "" → NOTFOUND: Postfix's default level.
			TXTTempErrorNoCache: OutcomeFailOpen,
			// mta-sts.go:348-349 hands Postfix "secure match=…": a
			// certificate that does not match is a deferral in Postfix.
			UncoveredMX: OutcomeDefer,
		},
		Reports: Reports{
			// config.go:50: TlsRpt = false. Even when on, mta-sts.go:346-353
			// returns report data only for enforce, none for fetch failures.
			Sends: false,
		},
	}
}
