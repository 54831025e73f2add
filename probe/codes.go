package probe

import (
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// Diagnostic codes the walk itself emits: what a lookup or probe result
// means for a step. Each has an explanation in assets/diagnostics/check.json.
const (
	CodeRecordLookupFailed diag.Code = "check.record.lookup_failed"
	CodeParentPolicy       diag.Code = "check.record.parent_has_policy"
	CodeDomainMissing      diag.Code = "check.domain.missing"
	CodePolicyHostMissing  diag.Code = "check.policy_host.missing"
	CodePolicyHostNoAddr   diag.Code = "check.policy_host.no_address"
	CodePolicyHostFailed   diag.Code = "check.policy_host.lookup_failed"
	CodePolicyHostIPv6Only diag.Code = "check.policy_host.ipv6_only"
	CodePolicyHostCNAME    diag.Code = "check.policy_host.cname"
	CodeSlowFastSenders    diag.Code = "check.slow.2s"
	CodeSlowResolver       diag.Code = "check.slow.4s"
	CodeMXNone             diag.Code = "check.mx.none"
	CodeMXNull             diag.Code = "check.mx.null"
	CodeMXLookupFailed     diag.Code = "check.mx.lookup_failed"
	CodeMXNotCovered       diag.Code = "check.mx.not_covered"
	CodeMXPatternUnused    diag.Code = "check.mx.pattern_unused"
	CodeMXNoAddress        diag.Code = "check.mx.no_address"
	CodeMXNameInvalid      diag.Code = "check.mx.name_invalid"
	CodeMXTLSSkipped       diag.Code = "check.mx_tls.skipped"
	CodeTLSRPTLookupFailed diag.Code = "check.tlsrpt.lookup_failed"
	CodeTLSRPTOldName      diag.Code = "check.tlsrpt.old_name"
	CodeDANEPresent        diag.Code = "check.dane.present"
	CodeDANEUnvalidated    diag.Code = "check.dane.unvalidated"
	CodeDANELookupFailed   diag.Code = "check.dane.lookup_failed"
	// CodeGuardRefused: Options.Guard refused an address, so it was not
	// contacted.
	CodeGuardRefused diag.Code = "check.guard.refused"
)

// Codes of the record step's comparison of every authoritative server
// (step_ns.go).
const (
	CodeNSInconsistent diag.Code = "dns.ns.inconsistent"
	CodeNSUnreachable  diag.Code = "dns.ns.unreachable"
)

// Codes for an MX or policy host address outside public unicast, one per
// netclass.Class (see addressCode). The first five are never dialled; the
// others are probed with a warning that Internet senders cannot reach them.
const (
	CodeAddrUnspecified   diag.Code = "check.address.unspecified"
	CodeAddrMulticast     diag.Code = "check.address.multicast"
	CodeAddrBroadcast     diag.Code = "check.address.broadcast"
	CodeAddrLinkLocal     diag.Code = "check.address.link_local"
	CodeAddrReserved      diag.Code = "check.address.reserved"
	CodeAddrLoopback      diag.Code = "check.address.loopback"
	CodeAddrPrivate       diag.Code = "check.address.private"
	CodeAddrShared        diag.Code = "check.address.shared"
	CodeAddrDocumentation diag.Code = "check.address.documentation"
	CodeAddrBenchmarking  diag.Code = "check.address.benchmarking"
)

// Codes lists every code the walk emits itself (the transports and the
// grammar list their own).
func Codes() []diag.Code {
	return []diag.Code{
		CodeRecordLookupFailed, CodeParentPolicy, CodeDomainMissing,
		CodePolicyHostMissing, CodePolicyHostNoAddr, CodePolicyHostFailed, CodePolicyHostCNAME, CodePolicyHostIPv6Only,
		CodeSlowFastSenders, CodeSlowResolver,
		CodeMXNone, CodeMXNull, CodeMXLookupFailed, CodeMXNotCovered, CodeMXPatternUnused, CodeMXNoAddress, CodeMXNameInvalid,
		CodeMXTLSSkipped, CodeTLSRPTLookupFailed, CodeTLSRPTOldName, CodeDANEPresent, CodeDANEUnvalidated, CodeDANELookupFailed, CodeGuardRefused,
		CodeAddrUnspecified, CodeAddrMulticast, CodeAddrBroadcast, CodeAddrLinkLocal, CodeAddrReserved,
		CodeAddrLoopback, CodeAddrPrivate, CodeAddrShared, CodeAddrDocumentation, CodeAddrBenchmarking,
		CodeNSInconsistent, CodeNSUnreachable,
	}
}
