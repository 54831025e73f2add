package senders

import (
	"slices"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// FuzzReadRecord: every sender's record reader takes any RRset without
// panicking, and a valid reading has an id and no reason.
func FuzzReadRecord(f *testing.F) {
	for _, s := range []string{"v=STSv1; id=abc", "v=STSv1; id=a; id=b", "v=STSv1 ;id=x ", "id=1;v=STSv1", "v=STSv10;", "v=STSv1;;", "v=STSv1; id=\xff"} {
		f.Add(s, "v=STSv1; id=2")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, rrset := range [][][]string{{{a}}, {{a}, {b}}, {{a, b}}} {
			for _, s := range All() {
				r := s.ReadRecord(rrset)
				if r.Valid && (r.ID == "" && s.Name != Resolver && s.Variant != Resolver || r.Reason != "") {
					t.Errorf("%s: valid reading %+v of %q", s.Name, r, rrset)
				}
				if !r.Valid && r.Reason == "" {
					t.Errorf("%s: rejected %q without a reason", s.Name, rrset)
				}
			}
		}
	})
}

// FuzzReadPolicy: every sender's policy reader takes any body, and a valid
// reading has a known mode.
func FuzzReadPolicy(f *testing.F) {
	f.Add("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\n", "text/plain")
	f.Add("version: STSv1\r\nmode: none\r\nmax_age: 1_0\r\n\r\n", "")
	f.Add("mode : testing\vmx:\x85max_age: +5\u2028", "text/plain; charset=utf-8")
	f.Fuzz(func(t *testing.T, body, contentType string) {
		for _, s := range All() {
			for _, r := range []PolicyReading{s.ReadPolicy([]byte(body)), s.ReadServed(contentType, []byte(body))} {
				if r.Valid && !slices.Contains([]policy.Mode{policy.ModeEnforce, policy.ModeTesting, policy.ModeNone}, r.Mode) {
					t.Errorf("%s: valid reading with mode %q of %q", s.Name, r.Mode, body)
				}
				if !r.Valid && strings.TrimSpace(r.Reason) == "" {
					t.Errorf("%s: rejected %q without a reason", s.Name, body)
				}
			}
		}
	})
}
