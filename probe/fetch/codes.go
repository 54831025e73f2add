package fetch

import (
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Diagnostic codes this package emits; each has an explanation in
// assets/diagnostics/fetch.json.
const (
	CodeNoAddresses    diag.Code = "fetch.no_addresses"
	CodeRefused        diag.Code = "fetch.connect.refused"
	CodeUnreachable    diag.Code = "fetch.connect.failed"
	CodeTimeout        diag.Code = "fetch.timeout"
	CodeHandshake      diag.Code = "fetch.tls.handshake"
	CodeTLSVersion     diag.Code = "fetch.tls.version"
	CodeCertExpired    diag.Code = "fetch.cert.expired"
	CodeCertName       diag.Code = "fetch.cert.name_mismatch"
	CodeCertUntrusted  diag.Code = "fetch.cert.untrusted"
	CodeCertInvalid    diag.Code = "fetch.cert.invalid"
	CodeRedirect       diag.Code = "fetch.redirect"
	CodeStatus         diag.Code = "fetch.status"
	CodeTooLarge       diag.Code = "fetch.too_large"
	CodeHeadersTooBig  diag.Code = "fetch.headers.too_large"
	CodeHTTPMalformed  diag.Code = "fetch.http.malformed"
	CodeSNIMismatch    diag.Code = "fetch.sni_mismatch"
	CodeSNIRequired    diag.Code = "fetch.sni_required"
	CodePartialFailure diag.Code = "fetch.partial"
	// CodeLocalResource is this machine running out of file descriptors
	// or ports: no fault of the policy host, no result type.
	CodeLocalResource diag.Code = "fetch.local_resource"
	CodeHeaderUnsafe  diag.Code = "fetch.header.unsafe"
	CodeCertUnsafe    diag.Code = "fetch.cert.unsafe"
	// CodeContentEncoding: the body came compressed (gzip, br, ...) though
	// identity was asked for.
	CodeContentEncoding diag.Code = "fetch.content_encoding"
)

// Codes lists every code the package can emit itself (Content-Type
// findings come from probe/policy with policy.* codes).
func Codes() []diag.Code {
	return []diag.Code{
		CodeNoAddresses, CodeRefused, CodeUnreachable, CodeTimeout, CodeHandshake,
		CodeTLSVersion, CodeCertExpired, CodeCertName, CodeCertUntrusted, CodeCertInvalid,
		CodeRedirect, CodeStatus, CodeTooLarge, CodeHeadersTooBig, CodeHTTPMalformed,
		CodeSNIMismatch, CodeSNIRequired, CodePartialFailure, CodeLocalResource, CodeHeaderUnsafe, CodeContentEncoding, CodeCertUnsafe,
	}
}

// RFC 8460 §4.3.2.1 result types for policy fetch failures.
const (
	ResultFetchError    = policy.ResultSTSPolicyFetchError
	ResultWebPKIInvalid = policy.ResultSTSWebPKIInvalid
	ResultPolicyInvalid = policy.ResultSTSPolicyInvalid
)

// ResultTypeOf returns the RFC 8460 result type a sender reports for a
// failure with code c, or "" when c is not a failure a sender reports.
func ResultTypeOf(c diag.Code) policy.ResultType {
	switch c {
	case CodeCertExpired, CodeCertName, CodeCertUntrusted, CodeCertInvalid:
		// The policy host could not be authenticated (RFC 8460 §4.3.2.1).
		return ResultWebPKIInvalid
	case CodeContentEncoding:
		// A response came, but what it holds is no policy text.
		return ResultPolicyInvalid
	case CodeNoAddresses, CodeRefused, CodeUnreachable, CodeTimeout, CodeHandshake,
		CodeTLSVersion, CodeRedirect, CodeStatus, CodeTooLarge, CodeHeadersTooBig, CodeHTTPMalformed:
		return ResultFetchError
	}
	return ""
}
