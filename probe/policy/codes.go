package policy

import "github.com/mtasts-doctor/mtasts-doctor/probe/diag"

// Section references used by the diagnostics.
const (
	rfcRecord      = "RFC 8461 §3.1"
	rfcPolicy      = "RFC 8461 §3.2"
	rfcFetch       = "RFC 8461 §3.3"
	rfcRetire      = "RFC 8461 §8.3"
	rfcTLSRPT      = "RFC 8460 §3"
	rfcErratum6285 = "RFC 8461 §3.1, erratum 6285"
	rfcErratum6253 = "RFC 8461 §3.2, erratum 6253"
	rfcErratum7282 = "RFC 8461 §3.2, erratum 7282"
)

// Codes of the "_mta-sts" TXT record (RFC 8461 §3.1).
const (
	CodeRecordNone              diag.Code = "record.none"
	CodeRecordMultiple          diag.Code = "record.multiple"
	CodeRecordDiscarded         diag.Code = "record.discarded"
	CodeRecordVersionCase       diag.Code = "record.version.case"
	CodeRecordVersionNotFirst   diag.Code = "record.version.not_first"
	CodeRecordVersionSpaceDelim diag.Code = "record.version.space_before_delim"
	CodeRecordNonASCII          diag.Code = "record.non_ascii"
	CodeRecordFieldEmpty        diag.Code = "record.field.empty"
	CodeRecordFieldSyntax       diag.Code = "record.field.syntax"
	CodeRecordFieldDuplicate    diag.Code = "record.field.duplicate"
	CodeRecordIDMissing         diag.Code = "record.id.missing"
	CodeRecordIDInvalid         diag.Code = "record.id.invalid"
	CodeRecordIDTooLong         diag.Code = "record.id.too_long"
	CodeRecordExtNameInvalid    diag.Code = "record.ext.name_invalid"
	CodeRecordExtValueInvalid   diag.Code = "record.ext.value_invalid"
	CodeRecordExtUnknown        diag.Code = "record.ext.unknown"
)

// Codes of the policy file (RFC 8461 §3.2) and its HTTP media type.
const (
	CodePolicyEmpty               diag.Code = "policy.empty"
	CodePolicyTooLarge            diag.Code = "policy.too_large"
	CodePolicyBOM                 diag.Code = "policy.bom"
	CodePolicyNonUTF8             diag.Code = "policy.non_utf8"
	CodePolicyLineLF              diag.Code = "policy.line.lf"
	CodePolicyLineBareCR          diag.Code = "policy.line.bare_cr"
	CodePolicyLineEmpty           diag.Code = "policy.line.empty"
	CodePolicyLineLeadingSpace    diag.Code = "policy.line.leading_whitespace"
	CodePolicyLineNoColon         diag.Code = "policy.line.no_colon"
	CodePolicyLineControl         diag.Code = "policy.line.control_char"
	CodePolicyLineUnsafe          diag.Code = "policy.line.unsafe"
	CodePolicyKeyInvalid          diag.Code = "policy.key.invalid"
	CodePolicyKeySpaceBeforeColon diag.Code = "policy.key.space_before_colon"
	CodePolicyKeyCase             diag.Code = "policy.key.case"
	CodePolicyKeyUnknown          diag.Code = "policy.key.unknown"
	CodePolicyKeyDuplicate        diag.Code = "policy.key.duplicate"
	CodePolicyExtValueInvalid     diag.Code = "policy.ext.value_invalid"
	CodePolicyVersionMissing      diag.Code = "policy.version.missing"
	CodePolicyVersionInvalid      diag.Code = "policy.version.invalid"
	CodePolicyModeMissing         diag.Code = "policy.mode.missing"
	CodePolicyModeInvalid         diag.Code = "policy.mode.invalid"
	CodePolicyModeNone            diag.Code = "policy.mode.none"
	CodePolicyMaxAgeMissing       diag.Code = "policy.max_age.missing"
	CodePolicyMaxAgeInvalid       diag.Code = "policy.max_age.invalid"
	CodePolicyMaxAgeTooManyDigits diag.Code = "policy.max_age.too_many_digits"
	CodePolicyMaxAgeOutOfRange    diag.Code = "policy.max_age.out_of_range"
	CodePolicyMaxAgeLeadingZero   diag.Code = "policy.max_age.leading_zero"
	CodePolicyMaxAgeZero          diag.Code = "policy.max_age.zero"
	CodePolicyMaxAgeShort         diag.Code = "policy.max_age.short"
	CodePolicyMXMissing           diag.Code = "policy.mx.missing"
	CodePolicyMXEmpty             diag.Code = "policy.mx.empty"
	CodePolicyMXMultiplePerLine   diag.Code = "policy.mx.multiple_per_line"
	CodePolicyMXULabel            diag.Code = "policy.mx.ulabel"
	CodePolicyMXIPAddress         diag.Code = "policy.mx.ip_address"
	CodePolicyMXWildcard          diag.Code = "policy.mx.wildcard_invalid"
	CodePolicyMXTrailingDot       diag.Code = "policy.mx.trailing_dot"
	CodePolicyMXInvalid           diag.Code = "policy.mx.invalid"
	CodePolicyMXNotCovered        diag.Code = "policy.mx.not_covered"
	CodePolicyMXDuplicate         diag.Code = "policy.mx.duplicate"
	CodeContentTypeMissing        diag.Code = "policy.content_type.missing"
	CodeContentTypeInvalid        diag.Code = "policy.content_type.invalid"
	CodeContentTypeNotTextPlain   diag.Code = "policy.content_type.not_text_plain"
	CodeContentTypeCharset        diag.Code = "policy.content_type.charset"
)

// Codes of the "_smtp._tls" TXT record (RFC 8460 §3).
const (
	CodeTLSRPTNone              diag.Code = "tlsrpt.none"
	CodeTLSRPTMultiple          diag.Code = "tlsrpt.multiple"
	CodeTLSRPTDiscarded         diag.Code = "tlsrpt.discarded"
	CodeTLSRPTVersionCase       diag.Code = "tlsrpt.version.case"
	CodeTLSRPTVersionNotFirst   diag.Code = "tlsrpt.version.not_first"
	CodeTLSRPTVersionSpaceDelim diag.Code = "tlsrpt.version.space_before_delim"
	CodeTLSRPTNonASCII          diag.Code = "tlsrpt.non_ascii"
	CodeTLSRPTFieldEmpty        diag.Code = "tlsrpt.field.empty"
	CodeTLSRPTFieldSyntax       diag.Code = "tlsrpt.field.syntax"
	CodeTLSRPTFieldDuplicate    diag.Code = "tlsrpt.field.duplicate"
	CodeTLSRPTExtNameInvalid    diag.Code = "tlsrpt.ext.name_invalid"
	CodeTLSRPTExtValueInvalid   diag.Code = "tlsrpt.ext.value_invalid"
	CodeTLSRPTExtUnknown        diag.Code = "tlsrpt.ext.unknown"
	CodeTLSRPTRUAMissing        diag.Code = "tlsrpt.rua.missing"
	CodeTLSRPTRUAEmpty          diag.Code = "tlsrpt.rua.empty"
	CodeTLSRPTRUAScheme         diag.Code = "tlsrpt.rua.scheme"
	CodeTLSRPTRUAInvalid        diag.Code = "tlsrpt.rua.invalid"
	CodeTLSRPTRUAUnencoded      diag.Code = "tlsrpt.rua.unencoded"
)

// Codes lists every diagnostic code this package can emit; a test keeps it
// complete and checks that assets/ explains each one.
var Codes = []diag.Code{
	CodeRecordNone,
	CodeRecordMultiple,
	CodeRecordDiscarded,
	CodeRecordVersionCase,
	CodeRecordVersionNotFirst,
	CodeRecordVersionSpaceDelim,
	CodeRecordNonASCII,
	CodeRecordFieldEmpty,
	CodeRecordFieldSyntax,
	CodeRecordFieldDuplicate,
	CodeRecordIDMissing,
	CodeRecordIDInvalid,
	CodeRecordIDTooLong,
	CodeRecordExtNameInvalid,
	CodeRecordExtValueInvalid,
	CodeRecordExtUnknown,
	CodePolicyEmpty,
	CodePolicyTooLarge,
	CodePolicyBOM,
	CodePolicyNonUTF8,
	CodePolicyLineLF,
	CodePolicyLineBareCR,
	CodePolicyLineEmpty,
	CodePolicyLineLeadingSpace,
	CodePolicyLineNoColon,
	CodePolicyLineControl,
	CodePolicyLineUnsafe,
	CodePolicyKeyInvalid,
	CodePolicyKeySpaceBeforeColon,
	CodePolicyKeyCase,
	CodePolicyKeyUnknown,
	CodePolicyKeyDuplicate,
	CodePolicyExtValueInvalid,
	CodePolicyVersionMissing,
	CodePolicyVersionInvalid,
	CodePolicyModeMissing,
	CodePolicyModeInvalid,
	CodePolicyModeNone,
	CodePolicyMaxAgeMissing,
	CodePolicyMaxAgeInvalid,
	CodePolicyMaxAgeTooManyDigits,
	CodePolicyMaxAgeOutOfRange,
	CodePolicyMaxAgeLeadingZero,
	CodePolicyMaxAgeZero,
	CodePolicyMaxAgeShort,
	CodePolicyMXMissing,
	CodePolicyMXEmpty,
	CodePolicyMXMultiplePerLine,
	CodePolicyMXULabel,
	CodePolicyMXIPAddress,
	CodePolicyMXWildcard,
	CodePolicyMXTrailingDot,
	CodePolicyMXInvalid,
	CodePolicyMXDuplicate,
	CodePolicyMXNotCovered,
	CodeContentTypeMissing,
	CodeContentTypeInvalid,
	CodeContentTypeNotTextPlain,
	CodeContentTypeCharset,
	CodeTLSRPTNone,
	CodeTLSRPTMultiple,
	CodeTLSRPTDiscarded,
	CodeTLSRPTVersionCase,
	CodeTLSRPTVersionNotFirst,
	CodeTLSRPTVersionSpaceDelim,
	CodeTLSRPTNonASCII,
	CodeTLSRPTFieldEmpty,
	CodeTLSRPTFieldSyntax,
	CodeTLSRPTFieldDuplicate,
	CodeTLSRPTExtNameInvalid,
	CodeTLSRPTExtValueInvalid,
	CodeTLSRPTExtUnknown,
	CodeTLSRPTRUAMissing,
	CodeTLSRPTRUAEmpty,
	CodeTLSRPTRUAScheme,
	CodeTLSRPTRUAInvalid,
	CodeTLSRPTRUAUnencoded,
}
