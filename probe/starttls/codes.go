package starttls

import (
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Diagnostic codes this package emits; each has an explanation in
// assets/diagnostics/smtp.json.
const (
	// CodeUnreachable is about the path from here, not (necessarily) the
	// server: many networks block outbound port 25.
	CodeUnreachable     diag.Code = "smtp.port25.unreachable"
	CodeBannerTimeout   diag.Code = "smtp.banner.timeout"
	CodeBannerRejected  diag.Code = "smtp.banner.rejected"
	CodeEHLORejected    diag.Code = "smtp.ehlo.rejected"
	CodeNotOffered      diag.Code = "smtp.starttls.not_offered"
	CodeSTARTTLSRefused diag.Code = "smtp.starttls.refused"
	CodeInjection       diag.Code = "smtp.starttls.injection"
	CodeTimeout         diag.Code = "smtp.timeout"
	CodeMalformed       diag.Code = "smtp.reply.malformed"
	CodeReplyTooLong    diag.Code = "smtp.reply.too_long"
	CodeClosed          diag.Code = "smtp.closed"
	CodeHandshake       diag.Code = "smtp.tls.handshake"
	CodeTLSVersion      diag.Code = "smtp.tls.version"
	CodeCertExpired     diag.Code = "smtp.cert.expired"
	CodeCertName        diag.Code = "smtp.cert.name_mismatch"
	CodeCertUntrusted   diag.Code = "smtp.cert.untrusted"
	CodeCertInvalid     diag.Code = "smtp.cert.invalid"
	CodeEHLOAfterTLS    diag.Code = "smtp.tls.ehlo_failed"
	// CodeLocalResource is about this machine (too many open files), not
	// the server or the path.
	CodeLocalResource diag.Code = "smtp.local_resource"
	CodeReplyUnsafe   diag.Code = "smtp.reply.unsafe"
	CodeCertUnsafe    diag.Code = "smtp.cert.unsafe"
)

// Codes lists every code the package can emit.
func Codes() []diag.Code {
	return []diag.Code{
		CodeUnreachable, CodeBannerTimeout, CodeBannerRejected, CodeEHLORejected,
		CodeNotOffered, CodeSTARTTLSRefused, CodeInjection, CodeTimeout, CodeMalformed,
		CodeReplyTooLong, CodeClosed, CodeHandshake, CodeTLSVersion, CodeCertExpired,
		CodeCertName, CodeCertUntrusted, CodeCertInvalid, CodeEHLOAfterTLS, CodeLocalResource, CodeReplyUnsafe, CodeCertUnsafe,
	}
}

// RFC 8460 §4.3.2.2 result types for MX TLS negotiation failures.
const (
	ResultSTARTTLSNotSupported = policy.ResultSTARTTLSNotSupported
	ResultCertExpired          = policy.ResultCertExpired
	ResultCertHostMismatch     = policy.ResultCertHostMismatch
	ResultCertNotTrusted       = policy.ResultCertNotTrusted
	ResultValidationFailure    = policy.ResultValidationFailure
)

// ResultTypeOf returns the RFC 8460 result type a sender enforcing MTA-STS
// reports for code c, or "" when c is no TLS negotiation failure: the
// checker could not connect, or the server failed before STARTTLS could
// even be asked for (a sender treats that MX as unreachable, §8.4).
func ResultTypeOf(c diag.Code) policy.ResultType {
	switch c {
	case CodeEHLORejected, CodeNotOffered, CodeSTARTTLSRefused:
		return ResultSTARTTLSNotSupported
	case CodeCertExpired:
		return ResultCertExpired
	case CodeCertName:
		return ResultCertHostMismatch
	case CodeCertUntrusted:
		return ResultCertNotTrusted
	case CodeHandshake, CodeTLSVersion, CodeCertInvalid, CodeInjection:
		return ResultValidationFailure
	}
	return ""
}
