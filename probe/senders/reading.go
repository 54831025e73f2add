package senders

import "github.com/mtasts-doctor/mtasts-doctor/probe/policy"

// RecordReading is how one sender reads a "_mta-sts" TXT RRset.
type RecordReading struct {
	// Valid: the sender sees exactly one valid record.
	Valid bool
	// ID is the id it takes from that record.
	ID string
	// Reason says, when Valid is false, why the sender sees no record.
	Reason string
}

// PolicyReading is how one sender reads a policy body.
type PolicyReading struct {
	// Valid: the sender accepts the policy.
	Valid bool
	// Mode, MaxAge (seconds, after any cap) and MX as the sender reads them.
	Mode   policy.Mode
	MaxAge int64
	MX     []string
	// Reason says, when Valid is false, why the sender rejects it, and may
	// note a difference in how it reads a valid one (a capped max_age).
	Reason string
}

// ReadRecord reads an RRset (each record's strings as published) the way
// the sender does.
func (s Sender) ReadRecord(rrset [][]string) RecordReading { return s.readRecord(rrset) }

// ReadPolicy reads a policy body the way the sender does, as if it had
// been served with an acceptable Content-Type; ReadServed also checks the
// response the way the fetch does.
func (s Sender) ReadPolicy(body []byte) PolicyReading { return s.readPolicy(body) }
