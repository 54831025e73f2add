package senders

import (
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// rfcRecord is the strict reading of RFC 8461 §3.1 that lint gives.
func rfcRecord(rrset [][]string) RecordReading {
	rec, l := policy.ParseRecords(rrset)
	if rec == nil {
		return RecordReading{Reason: firstError(l)}
	}
	return RecordReading{Valid: true, ID: rec.ID}
}

// rfcPolicy is the strict reading of RFC 8461 §3.2 that lint gives.
func rfcPolicy(body []byte) PolicyReading {
	p, l := policy.ParsePolicy(body)
	if p == nil {
		return PolicyReading{Reason: firstError(l)}
	}
	return PolicyReading{Valid: true, Mode: p.Mode, MaxAge: p.MaxAge, MX: p.MX}
}

func firstError(l diag.List) string {
	for _, d := range l {
		if d.Severity == diag.Error {
			return d.Message
		}
	}
	return "no usable record"
}
