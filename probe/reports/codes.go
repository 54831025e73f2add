package reports

import "github.com/mtasts-doctor/mtasts-doctor/probe/diag"

// Deviation codes: how a report departs from RFC 8460 §4.4 while still being
// readable. Each has an explanation in assets/diagnostics/report.json.
const (
	CodeFieldMissing      diag.Code = "report.field.missing"
	CodeFieldNull         diag.Code = "report.field.null"
	CodeFieldType         diag.Code = "report.field.type"
	CodeFieldUnknown      diag.Code = "report.field.unknown"
	CodeCountString       diag.Code = "report.count.string"
	CodeCountInvalid      diag.Code = "report.count.invalid"
	CodeDateFormat        diag.Code = "report.date.format"
	CodeDateRange         diag.Code = "report.date.range"
	CodeResultTypeUnknown diag.Code = "report.result_type.unknown"
	CodePolicyTypeUnknown diag.Code = "report.policy_type.unknown"
	CodeDomainULabel      diag.Code = "report.domain.ulabel"
	CodeIPInvalid         diag.Code = "report.ip.invalid"
	CodeDetailsTruncated  diag.Code = "report.details.truncated"
	CodeMIMEType          diag.Code = "report.mime.type"
	CodeDuplicate         diag.Code = "report.duplicate"
)

// Codes lists every code this package emits.
func Codes() []diag.Code {
	return []diag.Code{
		CodeFieldMissing, CodeFieldNull, CodeFieldType, CodeFieldUnknown,
		CodeCountString, CodeCountInvalid, CodeDateFormat, CodeDateRange,
		CodeResultTypeUnknown, CodePolicyTypeUnknown, CodeDomainULabel, CodeIPInvalid,
		CodeDetailsTruncated, CodeMIMEType, CodeDuplicate,
	}
}
