// Package policy is the RFC grammar behind mtasts-doctor: pure parsers, with
// no I/O, for the three texts a domain publishes for MTA-STS and TLS-RPT.
//
//   - The "_mta-sts" TXT RRset (RFC 8461 §3.1) tells senders that a policy
//     exists and which version ("id") is current: ParseRecords.
//   - The policy file served at https://mta-sts.<domain>/.well-known/mta-sts.txt
//     (RFC 8461 §3.2) says how strictly to require TLS ("mode"), for how long
//     to remember that ("max_age") and which MX hosts are legitimate ("mx"):
//     ParsePolicy and CheckContentType.
//   - Senders accept an MX host only if a policy "mx" pattern covers it
//     (RFC 8461 §4.1): MatchMX and Policy.Covering.
//   - The "_smtp._tls" TXT RRset (RFC 8460 §3) says where senders report TLS
//     failures: ParseTLSRPTRecords.
//
// Every parser returns what it could parse plus a diag.List. Severities
// follow one rule: an error is something a sender following the RFC would
// reject; a warning is legal but risky, or real senders disagree (the message
// says which way); info is worth knowing. Where the RFC's prose, its ABNF and
// its errata disagree (6253 line endings, 6285 "v=STSv1 ;", 7282 max_age
// digits), the message says so instead of silently picking one.
//
// Positions: for a policy file, Line and Column are 1-based within the body
// (Column counts bytes). For a TXT RRset, Line is the 1-based index of the
// record in the RRset and Column the 1-based byte offset in the record's
// concatenated text. Line 0 means the input as a whole. Any input echoed in a
// message has passed through sanitize.Line.
package policy
