package fetch

import (
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// Every code a user can see must have an explanation to show with it, and
// every failure a sender reports maps to an RFC 8460 result type.
func TestEveryCodeExplained(t *testing.T) {
	for _, c := range Codes() {
		if e, ok := assets.Explain(c); !ok || e.RFC == "" {
			t.Errorf("%s has no explanation with an RFC in assets/diagnostics", c)
		}
	}
	for _, c := range []diag.Code{CodeSNIMismatch, CodeSNIRequired, CodePartialFailure} {
		if ResultTypeOf(c) != "" {
			t.Errorf("%s is not a sender-reported failure", c)
		}
	}
}

func TestCertificateCodesAreWebPKI(t *testing.T) {
	for _, c := range []diag.Code{CodeCertExpired, CodeCertName, CodeCertUntrusted, CodeCertInvalid} {
		if ResultTypeOf(c) != ResultWebPKIInvalid {
			t.Errorf("%s maps to %q", c, ResultTypeOf(c))
		}
	}
}
