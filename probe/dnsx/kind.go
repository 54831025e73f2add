package dnsx

// Kind classifies how a lookup ended, at the level a sender cares about.
type Kind int

const (
	// KindAnswer: NOERROR with at least one record of the asked type.
	KindAnswer Kind = iota
	// KindNoData: NOERROR, the name exists but has no record of the type.
	KindNoData
	// KindNXDomain: the name does not exist.
	KindNXDomain
	// KindServFail: the resolver could not get an answer (often broken
	// DNSSEC or unreachable authoritative servers); senders treat it as a
	// temporary failure.
	KindServFail
	// KindRefused: the resolver will not answer us (not a recursive
	// resolver for this client).
	KindRefused
	// KindOtherRcode: any other response code (FORMERR, NOTIMP, ...).
	KindOtherRcode
	// KindTimeout: no usable reply came from any server within the
	// deadline.
	KindTimeout
	// KindNetwork: the servers could not be reached, or only sent replies
	// that could not be parsed.
	KindNetwork
	// KindCanceled: the caller's context ended the lookup.
	KindCanceled
	// KindBrokenChain: the CNAME chain loops or is longer than MaxChain.
	// Resolvers and stub libraries give up on such a chain with an error
	// (RFC 1034 §3.6.2), so a sender treats it as a failed lookup, never
	// as "no record".
	KindBrokenChain
)

var kindNames = [...]string{
	KindAnswer:      "answer",
	KindNoData:      "nodata",
	KindNXDomain:    "nxdomain",
	KindServFail:    "servfail",
	KindRefused:     "refused",
	KindOtherRcode:  "rcode",
	KindTimeout:     "timeout",
	KindNetwork:     "network",
	KindCanceled:    "canceled",
	KindBrokenChain: "broken-chain",
}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "unknown"
	}
	return kindNames[k]
}

// Exists reports whether the name exists (an answer or NODATA): the lookup
// is conclusive and negative results are authoritative.
func (k Kind) Exists() bool { return k == KindAnswer || k == KindNoData }

// Temporary reports whether the outcome says nothing about the zone's
// content: a sender would retry later and keep any cached policy
// (RFC 8461 §3.1, §3.3).
func (k Kind) Temporary() bool {
	switch k {
	case KindServFail, KindRefused, KindOtherRcode, KindTimeout, KindNetwork, KindCanceled, KindBrokenChain:
		return true
	}
	return false
}
