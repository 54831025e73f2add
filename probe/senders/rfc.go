package senders

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// rfc is RFC 8461 read to the letter: the reference the other senders are
// compared with. Where the RFC says SHOULD, the definition does it.
func rfc() Sender {
	return Sender{
		Name:        RFC,
		Description: "RFC 8461 read to the letter: blocking fetch on first contact, TXT id check on each delivery, daily proactive refresh regardless of the TXT record, 5-minute back-off per id after a failed fetch.",
		Source:      "RFC 8461 (rfc/rfc8461.txt)",
		readRecord:  rfcRecord,
		readPolicy:  rfcPolicy,
		Fetch: Fetch{
			// §3.3: "A suggested timeout is one minute".
			Timeout:  time.Minute,
			Attempts: 1,
			// §3.2: senders "SHOULD validate that the media type is text/plain".
			ContentType: ContentTypeTextPlain,
			// §3.2: only charset=utf-8 or us-ascii count; the policy text is
			// UTF-8 (sts-policy-ext-value allows it).
			Charset: CharsetUTF8,
			// §3.3: "a suggested maximum policy size is 64 kilobytes".
			MaxBody: policy.MaxPolicySize,
			// §3.3: "HTTP 3xx redirects MUST NOT be followed".
			FollowsRedirects: false,
		},
		Policy: Policy{
			// §3.2: "maximum value of 31557600" (the ABNF allows 10 digits,
			// erratum 7282; the strict reading rejects more).
			MaxAgeLimit: policy.MaxAgeLimit,
			AboveLimit:  AboveReject,
			// §5: testing reports failures and delivers anyway.
			Testing: TestingHonoured,
		},
		Cache: Cache{
			// §3, §5.1: "the sender need only check the TXT record's version id".
			TXTOnDelivery: true,
			// §3.3: "SHOULD limit further attempts to a period of five
			// minutes or longer per version ID".
			Backoff: 5 * time.Minute,
		},
		Refresh: Refresh{
			// §3.3: "a suggested refresh frequency is once per day"; §10.2:
			// refresh "regardless of the state of the _mta-sts TXT record".
			Every: 24 * time.Hour,
			// §3.3: "MTAs SHOULD alert administrators (through the use of
			// logs or similar) when such attempts fail".
			AlertsOnFailure: true,
		},
		Failure: Failure{
			// §3.3: no policy can be fetched and none is cached: "continue
			// with delivery as though the domain has not implemented MTA-STS".
			TXTTempErrorNoCache: OutcomeFailOpen,
			// §5: "MUST NOT deliver" to a failing MX; a sender retries it as
			// it would any undeliverable host (§8.4 speaks of queueing).
			UncoveredMX: OutcomeDefer,
		},
		Reports: Reports{
			// RFC 8460 §4.3: every result type, policy fetch failures included.
			Sends:       true,
			FetchErrors: true,
			Types:       policy.ResultTypes(),
		},
	}
}
