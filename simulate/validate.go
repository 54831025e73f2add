package simulate

import (
	"fmt"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// A scenario is checked the way senders check what a domain publishes: a
// policy no real sender would accept, or a world that cannot happen, is
// refused with the reason rather than replayed as if it meant something.

// checkVersion refuses an id that is no sts-id and an enforce or testing
// policy without mx patterns: RFC 8461 §3.2 requires at least one, and mox,
// postfix-mta-sts-resolver, postfix-tlspol and go-mtasts all reject such a
// policy outright.
func checkVersion(v Version) error {
	// The record parser is the one fact of what an id may be (§3.1:
	// 1*32(ALPHA / DIGIT)); the id must come back whole, so one holding
	// ";" cannot smuggle in a field.
	if rec, _ := policy.ParseRecords([][]string{{"v=STSv1; id=" + v.ID}}); rec == nil || rec.ID != v.ID {
		return fmt.Errorf("id %q is not 1 to 32 letters or digits (RFC 8461 §3.1)", v.ID)
	}
	if v.Mode != policy.ModeNone && len(v.MX) == 0 {
		return fmt.Errorf("mode %s needs at least one \"mx\" pattern (RFC 8461 §3.2: mx is required unless mode is none; every real sender rejects such a policy)", v.Mode)
	}
	return nil
}

// checkInterval refuses an interval that ends before it starts (to is
// Forever for an open one).
func checkInterval(from, to time.Duration) error {
	if to <= from {
		return fmt.Errorf("\"to\" (%s) is not after \"from\" (%s)", FormatDuration(to), FormatDuration(from))
	}
	return nil
}

// mxResultTypes are the RFC 8460 result types of a failed MX session (the
// negotiation failures of §4.3.1 and §4.3.3's validation-failure), the
// only ones a TLS break can produce.
var mxResultTypes = []policy.ResultType{
	policy.ResultSTARTTLSNotSupported, policy.ResultCertHostMismatch, policy.ResultCertExpired,
	policy.ResultCertNotTrusted, policy.ResultValidationFailure,
}

func checkResultType(r string) error {
	names := make([]string, len(mxResultTypes))
	for i, k := range mxResultTypes {
		if r == string(k) {
			return nil
		}
		names[i] = string(k)
	}
	return fmt.Errorf("result %q is not an RFC 8460 result type of an MX session (%s)", r, strings.Join(names, ", "))
}
