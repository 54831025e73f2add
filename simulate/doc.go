// Package simulate replays what sending MTAs do with an MTA-STS policy
// (RFC 8461) over time: a world timeline (policy versions, policy-file
// outages, TXT record outages, MX changes, broken MX TLS, attackers) and a
// set of senders, each with a cache and a behaviour profile, go in; a
// decision per delivery attempt comes out, with the cache state before it,
// what the sender looked up and fetched, the policy it applied, the outcome
// (enforced, deferred, bounced, testing-delivered, fail-open, exposed), the RFC 8460
// result type it would report and the RFC section the decision rests on.
//
// The model answers the question admins have: "if my policy file vanished
// now, what would senders do, and for how long?" RFC 8461 answers it in
// scattered sentences: a sender with no cached policy fails open (§3.3); one
// with a valid cached policy keeps applying it until fetch time + max_age
// (§3.2, §3.3); a missing TXT record does not clear a cache (§3.1, §5.1).
// Real senders differ, and some (mox, postfix-mta-sts-resolver) restart the
// max_age clock whenever the TXT id is unchanged, so they never notice a
// missing policy file while the record stays. The built-in profiles are the
// sender definitions of probe/senders (FromSender), each rule there citing
// the sender's code; every profile parameter is an exported field, so any
// behaviour can be overridden.
//
// Time is a time.Duration offset from t = 0, the moment the policy file goes
// missing; negative offsets are the past. Run is pure and deterministic: no
// clock, no I/O, and randomness only from the seed a Population is given.
package simulate
