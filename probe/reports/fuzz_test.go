package reports

import (
	"context"
	"os"
	"strings"
	"testing"
	"unicode"
)

func addSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		data, err := os.ReadFile("testdata/" + n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// FuzzDecode: any bytes give a report or an error, never a panic, and what
// a report holds is free of control characters.
func FuzzDecode(f *testing.F) {
	addSeeds(f, "google.json", "microsoft-no-ip.json", "deviations.json", "no-policy-found.json", "broken.json")
	lim := DefaultLimits()
	lim.DetailsPerReport = 50
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode(data, "fuzz", lim)
		if err != nil {
			return
		}
		check := func(s string) {
			if strings.ContainsFunc(s, unicode.IsControl) {
				t.Fatalf("control character kept: %q", s)
			}
		}
		check(r.Organization)
		check(r.ReportID)
		for _, p := range r.Policies {
			check(p.Domain)
			if p.Successful < 0 || p.Failed < 0 || len(p.Failures) > lim.DetailsPerReport {
				t.Fatalf("policy %+v", p)
			}
			for _, fl := range p.Failures {
				check(fl.ResultType)
				check(fl.ReceivingMX)
				check(fl.AdditionalInfo)
				if fl.Sessions < 0 {
					t.Fatalf("negative count %+v", fl)
				}
			}
		}
	})
}

// FuzzReadStream: any input — mail, mbox, gzip or garbage — is read within
// the limits without a panic or a hang.
func FuzzReadStream(f *testing.F) {
	addSeeds(f, "report.eml", "reports.mbox", "google.com!example.com!1763596800!1763683199.json.gz", "google.json")
	f.Add([]byte("From: a@b\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: message/rfc822\r\n\r\nFrom: c@d\r\n\r\n--x--"))
	lim := DefaultLimits()
	lim.MessageBytes, lim.FileBytes, lim.ReportBytes = 1<<20, 1<<20, 1<<20
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(lim)
		if err := r.ReadStream(context.Background(), "fuzz", strings.NewReader(string(data)), true); err != nil {
			t.Fatalf("ReadStream: %v", err)
		}
		s := r.Set()
		for _, e := range s.Errors {
			if strings.ContainsFunc(e.Error, unicode.IsControl) {
				t.Fatalf("control character in error %q", e.Error)
			}
		}
	})
}
