package senders

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Diagnostic codes for a sender that reads a text differently from the
// RFC; each has an explanation in assets/diagnostics/senders.json.
const (
	CodeRecordDisagrees diag.Code = "senders.record.disagrees"
	CodePolicyDisagrees diag.Code = "senders.policy.disagrees"
)

// Codes lists every code the package emits.
func Codes() []diag.Code { return []diag.Code{CodeRecordDisagrees, CodePolicyDisagrees} }

// Comparison is one sender's reading of a text beside the RFC's.
type Comparison struct {
	Sender Name
	Valid  bool
	Reason string
	// ID is the record id read; Mode, MaxAge and MX the policy as read.
	ID     string
	Mode   policy.Mode
	MaxAge int64
	MX     []string
	// Differs says how the reading differs from the RFC's; "" when it
	// agrees (always "" for the rfc row).
	Differs string
}

// CompareRecord reads an RRset with every default sender, rfc first.
func CompareRecord(rrset [][]string) []Comparison {
	var out []Comparison
	for _, s := range Defaults() {
		r := s.ReadRecord(rrset)
		out = append(out, Comparison{Sender: s.Name, Valid: r.Valid, Reason: r.Reason, ID: r.ID})
	}
	ref := out[0]
	for i := range out[1:] {
		c := &out[i+1]
		switch {
		case ref.Valid && !c.Valid:
			c.Differs = "sees no valid record: " + c.Reason
		case !ref.Valid && c.Valid:
			c.Differs = "accepts it, with id " + q(c.ID) + ", though the RFC reading finds no valid record"
		case c.Valid && c.ID != ref.ID:
			c.Differs = "reads id " + q(c.ID) + ", not " + q(ref.ID)
		}
	}
	return out
}

// ComparePolicy reads a policy, as served with contentType, with every
// default sender, rfc first. The rfc row is the grammar alone: the RFC only
// says a sender SHOULD check the media type (§3.2), which lint reports as
// its own warning, so the senders that do check it show as differing.
func ComparePolicy(contentType string, body []byte) []Comparison {
	var out []Comparison
	for _, s := range Defaults() {
		r := s.ReadServed(contentType, body)
		if s.Name == RFC {
			r = s.ReadPolicy(body)
		}
		out = append(out, Comparison{Sender: s.Name, Valid: r.Valid, Reason: r.Reason, Mode: r.Mode, MaxAge: r.MaxAge, MX: r.MX})
	}
	ref := out[0]
	for i := range out[1:] {
		c := &out[i+1]
		var d []string
		switch {
		case ref.Valid && !c.Valid:
			d = append(d, "rejects the policy: "+c.Reason)
		case !ref.Valid && c.Valid:
			d = append(d, fmt.Sprintf("accepts it (mode %s, max_age %d), though the RFC reading rejects it", c.Mode, c.MaxAge))
		case c.Valid:
			if c.Mode != ref.Mode {
				d = append(d, fmt.Sprintf("reads mode %s, not %s", c.Mode, ref.Mode))
			}
			if c.MaxAge != ref.MaxAge {
				d = append(d, fmt.Sprintf("reads max_age %d, not %d", c.MaxAge, ref.MaxAge))
			}
			if !slices.EqualFunc(c.MX, ref.MX, strings.EqualFold) {
				d = append(d, "reads mx "+strings.Join(quoteAll(c.MX), ", ")+", not "+strings.Join(quoteAll(ref.MX), ", "))
			}
		}
		c.Differs = strings.Join(d, "; ")
	}
	return out
}

// Disagreements turns the rows that differ from the RFC reading into one
// warning each: a text real senders read differently is a risk even when
// the RFC calls it valid.
func Disagreements(code diag.Code, rfc string, cs []Comparison) diag.List {
	var l diag.List
	for _, c := range cs {
		if c.Differs != "" {
			l = append(l, diag.Newf(code, diag.Warning, rfc, "%s %s", c.Sender, c.Differs))
		}
	}
	return l
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = q(x)
	}
	return out
}
