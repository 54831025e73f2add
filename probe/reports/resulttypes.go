package reports

import "slices"

// resultTypes are the RFC 8460 §4.3 result types (IANA registry, §6.6).
var resultTypes = []string{
	"starttls-not-supported", "certificate-host-mismatch", "certificate-expired",
	"certificate-not-trusted", "validation-failure",
	"tlsa-invalid", "dnssec-invalid", "dane-required",
	"sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid",
}

// knownResultType reports whether t is registered. Unknown types are kept
// and counted (§4.3: the list "is expected to grow"), with a deviation.
func knownResultType(t string) bool { return slices.Contains(resultTypes, t) }
