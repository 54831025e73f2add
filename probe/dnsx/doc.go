// Package dnsx asks DNS the questions a sending MTA asks for MTA-STS and
// TLS-RPT (TXT, A, AAAA, MX, TLSA) and keeps what it saw as evidence.
//
// It talks to the configured recursive resolvers itself rather than through
// the system's stub resolver, because the troubleshooter has to tell apart
// what the stub resolver merges into one error: NXDOMAIN (the name does not
// exist), NODATA (it exists, but not with this type), SERVFAIL, REFUSED and
// no answer at all. Senders react differently to each: RFC 8461 §3.1 treats a
// missing record as "no policy", while a temporary failure leaves a cached
// policy in force.
//
// Queries go over UDP with EDNS0 and the DO bit (so the resolver reports the
// DNSSEC AD bit that DANE depends on), fall back to TCP when the answer is
// truncated, and retry across servers. Every reply is untrusted: answers are
// capped, strings are bounded and sanitised, replies that do not match the
// question are ignored, and the context's cancellation ends a lookup at once.
package dnsx
