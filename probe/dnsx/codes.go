package dnsx

import (
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// Diagnostic codes this package emits. Each has an explanation in
// assets/diagnostics/dns.json. They describe the transport; what a missing
// record means for a step (no policy, no TLS-RPT) is for the caller to say.
const (
	CodeNoServers    diag.Code = "dns.no_servers"
	CodeTimeout      diag.Code = "dns.timeout"
	CodeServFail     diag.Code = "dns.servfail"
	CodeRefused      diag.Code = "dns.refused"
	CodeRcode        diag.Code = "dns.rcode"
	CodeNetwork      diag.Code = "dns.network"
	CodeMalformed    diag.Code = "dns.malformed"
	CodeTCPFailed    diag.Code = "dns.tcp.failed"
	CodeCNAMELoop    diag.Code = "dns.cname.loop"
	CodeCNAMETooLong diag.Code = "dns.cname.too_long"
	CodeAnswersCap   diag.Code = "dns.answers.capped"
	CodeTXTTooLarge  diag.Code = "dns.txt.too_large"
	CodeUnsafeText   diag.Code = "dns.text.unsafe"
	CodeNoEDNS       diag.Code = "dns.edns.unsupported"
	// CodeLocalResource is this machine running out of sockets (too many
	// open files), not the resolver failing.
	CodeLocalResource diag.Code = "dns.local_resource"
)

// Codes lists every code the package can emit.
func Codes() []diag.Code {
	return []diag.Code{
		CodeNoServers, CodeTimeout, CodeServFail, CodeRefused, CodeRcode,
		CodeNetwork, CodeMalformed, CodeTCPFailed, CodeCNAMELoop,
		CodeCNAMETooLong, CodeAnswersCap, CodeTXTTooLarge, CodeUnsafeText, CodeNoEDNS,
		CodeLocalResource,
	}
}
