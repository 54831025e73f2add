// Package live runs senders you can watch against the lab's sandbox
// domain: each one really performs RFC 8461 on a virtual clock — looks up
// the _mta-sts TXT record, fetches the policy over HTTPS, caches it for
// max_age, refreshes it, connects to the MX hosts with STARTTLS and checks
// their certificates — and delivers a message the lab's MX records (or
// defers it, or bounces it).
//
// What a sender does with what it finds is decided by simulate.Stepper,
// with the rules of the sender definitions (probe/senders); what it finds
// comes from real DNS, HTTPS and SMTP sessions with the sandbox's servers.
// The same changes replayed as a simulate.Timeline must give the same
// outcome at every delivery: the model held against reality (lab_test.go).
package live
