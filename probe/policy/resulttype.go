package policy

// ResultType is an RFC 8460 §4.3 result type: what a sender writes in a
// TLS report's "result-type" when a session or a policy lookup fails. The
// IANA registry "STARTTLS Validation Result Types" (RFC 8460 §6.6) holds
// exactly these; ResultTypes lists them and IsResultType checks a name.
type ResultType string

// RFC 8460 §4.3.1: negotiation failures.
const (
	ResultSTARTTLSNotSupported ResultType = "starttls-not-supported"
	ResultCertHostMismatch     ResultType = "certificate-host-mismatch"
	ResultCertExpired          ResultType = "certificate-expired"
	ResultCertNotTrusted       ResultType = "certificate-not-trusted"
	ResultValidationFailure    ResultType = "validation-failure"
)

// RFC 8460 §4.3.2.1: MTA-STS policy failures.
const (
	ResultSTSPolicyFetchError ResultType = "sts-policy-fetch-error"
	ResultSTSPolicyInvalid    ResultType = "sts-policy-invalid"
	ResultSTSWebPKIInvalid    ResultType = "sts-webpki-invalid"
)

// RFC 8460 §4.3.2.2: DANE failures.
const (
	ResultTLSAInvalid   ResultType = "tlsa-invalid"
	ResultDNSSECInvalid ResultType = "dnssec-invalid"
	ResultDANERequired  ResultType = "dane-required"
)

// ResultTypes returns every RFC 8460 result type, in the RFC's order.
func ResultTypes() []ResultType {
	return []ResultType{
		ResultSTARTTLSNotSupported, ResultCertHostMismatch, ResultCertExpired,
		ResultCertNotTrusted, ResultValidationFailure,
		ResultSTSPolicyFetchError, ResultSTSPolicyInvalid, ResultSTSWebPKIInvalid,
		ResultTLSAInvalid, ResultDNSSECInvalid, ResultDANERequired,
	}
}

// IsResultType reports whether s names an RFC 8460 result type (the names
// are case-sensitive JSON strings).
func IsResultType(s string) bool {
	for _, t := range ResultTypes() {
		if string(t) == s {
			return true
		}
	}
	return false
}
