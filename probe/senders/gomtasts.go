package senders

import (
	"math"
	"time"
)

// goMTASTS is github.com/foxcpp/go-mtasts at 1438da2 as maddy 837b1b8
// (internal/target/remote/security.go) uses it. Lines are file:line@1438da2
// for go-mtasts and security.go:line@837b1b8 for maddy.
func goMTASTS() Sender {
	return Sender{
		Name:        GoMTASTS,
		Description: "go-mtasts (maddy): TXT check on each delivery; refresh every 12 h refetches policies expiring within 6 h (expired ones too) or with a new id; strict text/plain; any TXT record beside the STS one hides it; an enforce policy not listing the MX bounces the mail (550); no TLS-RPT.",
		Source:      "github.com/foxcpp/go-mtasts@1438da2, github.com/foxcpp/maddy@837b1b8",
		readRecord:  goMTASTSRecord,
		readPolicy:  goMTASTSPolicy,
		Fetch: Fetch{
			// cache.go:13-18: http.Client Timeout one minute.
			Timeout:  time.Minute,
			Attempts: 1,
			// cache.go:39-46: mime.ParseMediaType must give text/plain; a
			// missing header is a parse error.
			ContentType: ContentTypeTextPlain,
			// mtasts.go:83-90: bufio.Scanner over the raw bytes.
			Charset: CharsetUTF8,
			// cache.go:48 reads the whole body (bufio.Scanner's 64 KiB is
			// per line, not per body).
			MaxBody: 0,
			// cache.go:14-16 refuses redirects; :35-37 wants 200.
			FollowsRedirects: false,
		},
		Policy: Policy{
			// mtasts.go:111-116: strconv.Atoi, no bound at all.
			MaxAgeLimit: math.MaxInt64,
			AboveLimit:  AboveReject,
			// security.go:185-196,207-209@837b1b8: only enforce refuses.
			Testing: TestingHonoured,
		},
		Cache: Cache{
			// cache.go:140-173: every Get looks up the TXT record.
			TXTOnDelivery: true,
			// cache.go:175-199: a new id or an invalid cache fetches; the
			// same id returns the cached policy without touching its time.
			ExtendOnDelivery: false,
			// cache.go:131-137: an expired entry is not valid; it is fetched.
			ReviveExpired: false,
			// cache.go:185-190: a failed download stores nothing.
			Backoff:     0,
			NegativeTTL: 0,
		},
		Refresh: Refresh{
			// security.go:137-158@837b1b8: Refresh at start-up, then every 12 h.
			Every: 12 * time.Hour,
			// cache.go:113-119: fetch(…, now+6h): expiring within 6 h counts
			// as invalid and is downloaded whatever the id.
			Window: 6 * time.Hour,
			// cache.go:108-113: Store.List() includes expired entries.
			Expired: true,
			// cache.go:140-151,175: the TXT id is looked up; a new id fetches,
			// a TXT error returns without fetching.
			ChecksTXT:       true,
			FetchOnTXTError: false,
			// cache.go:119: `_, _, _ = c.fetch(...)`: every refresh error is
			// discarded.
			AlertsOnFailure: false,
		},
		Failure: Failure{
			// cache.go:147-150 returns the temporary error; maddy
			// security.go:178-182@837b1b8 turns any error into MXNone.
			TXTTempErrorNoCache: OutcomeFailOpen,
			// security.go:185-191@837b1b8: 550 5.7.0, a permanent failure.
			UncoveredMX: OutcomeBounce,
		},
		Reports: Reports{
			// maddy 837b1b8 has no TLS-RPT sender (`git grep -i tlsrpt` finds
			// only docs/tutorials/setting-up.md).
			Sends: false,
		},
	}
}
