package senders

import (
	"math"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// mox is github.com/mjl-/mox at 1c95876 (packages mtasts, mtastsdb and
// queue). Lines below are file:line@1c95876.
func mox() Sender {
	return Sender{
		Name:        Mox,
		Description: "mox: TXT check on each delivery; a daily job re-checks entries older than 12 h and, for an unchanged id, pushes expiry to now + max_age without fetching; a failed first fetch stores a 5-minute mode-none entry; Content-Type not checked; a TXT lookup error with no valid cache defers delivery.",
		Source:      "github.com/mjl-/mox@1c95876",
		readRecord:  moxRecord,
		readPolicy:  moxPolicy,
		Fetch: Fetch{
			// mtasts/mtasts.go:265-266 and mtastsdb/db.go:216: one minute on
			// first contact; db.go:276,309 give 30 s TXT + 30 s fetch when
			// an entry is cached (a new id); refresh.go:111 one minute.
			Timeout:  time.Minute,
			Attempts: 1,
			// mtasts/mtasts.go:301-302: "We don't look at Content-Type and
			// charset ... we'll just always whatever is sent as UTF-8."
			ContentType: ContentTypeIgnored,
			Charset:     CharsetUTF8,
			// mtasts/mtasts.go:305 (moxio.LimitReader, 64*1024): larger is a
			// policy syntax error (mtasts.go:250).
			MaxBody: 64 * 1024,
			// mtasts/mtasts.go:237-241: CheckRedirect refuses every redirect.
			FollowsRedirects: false,
		},
		Policy: Policy{
			// mtasts/parse.go:262-271: up to 10 digits, strconv.ParseInt(…,
			// 10, 32): anything up to 2147483647 is taken as published.
			MaxAgeLimit: math.MaxInt32,
			AboveLimit:  AboveReject,
			// queue/direct.go:215,234: only enforce refuses; testing reports
			// (direct.go:207) and delivers.
			Testing: TestingHonoured,
		},
		Cache: Cache{
			// mtastsdb/db.go:274-305: a cached entry gets a TXT lookup on
			// each delivery; same id → cached policy, no fetch, no extension.
			TXTOnDelivery: true,
			// mtastsdb/db.go:146-155,249-259: a failed fetch (first contact
			// or expired entry) upserts mode none, max_age 300 s.
			Backoff: 5 * time.Minute,
			// mtastsdb/db.go:157-169: Upsert overwrites the domain's entry, and
			// db.go:128-130 returns ErrBackoff (no TXT lookup) meanwhile.
			BackoffOverwrites: true,
			// mtastsdb/db.go:251: only fetch failures are stored; "no TXT
			// record" is not remembered.
			NegativeTTL: 0,
		},
		Refresh: Refresh{
			// mtastsdb/refresh.go:21-44: a 24 h ticker, first run at start.
			Every: 24 * time.Hour,
			// mtastsdb/refresh.go:61-62: entries with LastUpdate < now-12h
			// (spread over 3 h with jitter, refresh.go:82-96).
			MinAge: 12 * time.Hour,
			// refresh.go:61-62 filters on LastUpdate only, not ValidEnd:
			// expired entries are refreshed too.
			Expired: true,
			// mtastsdb/refresh.go:120-135: same id → ValidEnd = now + max_age
			// without fetching.
			ChecksTXT:      true,
			ExtendOnSameID: true,
			// mtastsdb/refresh.go:136-149: a TXT error still fetches ("DNS
			// could be down") unless the cached mode is none.
			FetchOnTXTError: true,
			// mtastsdb/refresh.go:146-147,153-154: a failed TXT lookup or
			// fetch is logged with log.Errorx (not for mode none).
			AlertsOnFailure: true,
		},
		Failure: Failure{
			// mtastsdb/db.go:232-241 returns an error for a temporary TXT
			// failure, and queue/direct.go:171-181 aborts the attempt.
			TXTTempErrorNoCache: OutcomeDefer,
			// queue/direct.go:202-224 skips the host with a plain error;
			// direct.go:340-347,364 keep the failure temporary.
			UncoveredMX: OutcomeDefer,
		},
		Reports: Reports{
			// config/config.go:73: NoOutgoingTLSReports is false by default.
			Sends: true,
			// mtastsdb/db.go:238,266,291,315: fetch errors, back-off and
			// fallback-to-cached-policy are reported as sts-* results.
			FetchErrors: true,
			// tlsrpt/report.go:285-295: every RFC 8460 type.
			Types: policy.ResultTypes(),
		},
	}
}
