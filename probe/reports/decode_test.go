package reports

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

func decodeFile(t *testing.T, name string) *Report {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Decode(data, name, DefaultLimits())
	if err != nil {
		t.Fatalf("Decode(%s): %v", name, err)
	}
	return r
}

func codes(l diag.List) []diag.Code {
	var out []diag.Code
	for _, d := range l {
		if !slices.Contains(out, d.Code) {
			out = append(out, d.Code)
		}
	}
	slices.Sort(out)
	return out
}

// TestDecodeConformingReport_RFC8460_4_4: a report written as §4.4 says is
// read field by field with no deviation.
func TestDecodeConformingReport_RFC8460_4_4(t *testing.T) {
	r := decodeFile(t, "google.json")
	if len(r.Deviations) != 0 {
		t.Fatalf("deviations in a conforming report: %v", r.Deviations)
	}
	if r.Organization != "Google Inc." || r.ReportID != "2026-11-20T00:00:00Z_example.com" || r.ContactInfo != "smtp-tls-reporting@google.com" {
		t.Errorf("metadata %+v", r)
	}
	if want := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC); !r.Start.Equal(want) {
		t.Errorf("start %v, want %v", r.Start, want)
	}
	if len(r.Policies) != 1 {
		t.Fatalf("policies %d", len(r.Policies))
	}
	p := r.Policies[0]
	if p.Type != PolicySTS || p.Domain != "example.com" || p.Successful != 1204 || p.Failed != 320 {
		t.Errorf("policy %+v", p)
	}
	if len(p.Strings) != 5 || !slices.Equal(p.MXHosts, []string{"mx1.example.com", "mx2.example.com"}) {
		t.Errorf("policy-string %q mx-host %q", p.Strings, p.MXHosts)
	}
	want := []Failure{
		{ResultType: "sts-policy-fetch-error", SendingIP: "209.85.220.41", ReceivingMX: "mx1.example.com", ReceivingIP: "192.0.2.10", Sessions: 312},
		{ResultType: "certificate-expired", SendingIP: "209.85.220.42", ReceivingMX: "mx2.example.com", ReceivingHELO: "mx2.example.com",
			ReceivingIP: "192.0.2.20", Sessions: 8, ReasonCode: "X509_V_ERR_CERT_HAS_EXPIRED", AdditionalInfo: "https://reports.example/details/42"},
	}
	if !slices.Equal(p.Failures, want) {
		t.Errorf("failures\n got %+v\nwant %+v", p.Failures, want)
	}
}

// TestDecodeToleratesRealSendersDeviations: each sample carries a deviation
// seen from a real sender; the report is still read and the deviation named.
func TestDecodeToleratesRealSendersDeviations(t *testing.T) {
	cases := []struct {
		file  string
		codes []diag.Code
		check func(t *testing.T, r *Report)
	}{
		{"microsoft-no-ip.json", []diag.Code{CodeFieldMissing}, func(t *testing.T, r *Report) {
			f := r.Policies[0].Failures[0]
			if f.ResultType != "sts-policy-fetch-error" || f.Sessions != 3 || f.SendingIP != "" {
				t.Errorf("failure %+v", f)
			}
		}},
		{"deviations.json", []diag.Code{CodeCountString, CodeDateFormat, CodeFieldNull, CodeFieldType, CodeFieldUnknown, CodeResultTypeUnknown}, func(t *testing.T, r *Report) {
			p := r.Policies[0]
			if p.Successful != 17 || p.Failed != 5 {
				t.Errorf("string counts read as %d/%d, want 17/5", p.Successful, p.Failed)
			}
			if p.Domain != "example.com" {
				t.Errorf("domain %q, want lower case example.com", p.Domain)
			}
			if p.Failures[0].ReceivingMX != "mx1.example.com" || p.Failures[0].Sessions != 2 {
				t.Errorf("failure %+v: trailing dot and string count", p.Failures[0])
			}
			if p.Failures[1].ResultType != "tls-downgrade-detected" {
				t.Errorf("an unknown result type must be kept as it is: %+v", p.Failures[1])
			}
			if want := time.Date(2026, 11, 21, 23, 59, 59, 0, time.UTC); !r.End.Equal(want) {
				t.Errorf("end %v, want %v (a space-separated date without zone read as UTC)", r.End, want)
			}
			if !slices.Equal(p.MXHosts, []string{"mx1.example.com"}) {
				t.Errorf("mx-host as a lone string: %q", p.MXHosts)
			}
		}},
		{"no-policy-found.json", []diag.Code{CodeFieldMissing}, func(t *testing.T, r *Report) {
			if r.Policies[0].Type != PolicyNotFound || r.Policies[0].Successful != 1 {
				t.Errorf("policy %+v", r.Policies[0])
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			r := decodeFile(t, c.file)
			if got := codes(r.Deviations); !slices.Equal(got, c.codes) {
				t.Errorf("deviation codes %v, want %v\n%v", got, c.codes, r.Deviations)
			}
			c.check(t, r)
		})
	}
}

func TestDecodeRejectsWhatIsNotAReport(t *testing.T) {
	for name, in := range map[string]string{
		"invalid JSON":   `{"policies": [`,
		"array":          `[1,2]`,
		"unrelated JSON": `{"feedback": {"report_metadata": {}}}`,
		"null":           `null`,
		"string":         `"x"`,
	} {
		if _, err := Decode([]byte(in), name, DefaultLimits()); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestDecodeBoundsWhatItKeeps(t *testing.T) {
	lim := DefaultLimits()
	lim.DetailsPerReport = 3
	doc := `{"organization-name":"o","date-range":{"start-datetime":"2026-11-20T00:00:00Z","end-datetime":"2026-11-21T00:00:00Z"},
	"contact-info":"c","report-id":"r","policies":[{"policy":{"policy-type":"sts","policy-domain":"example.com","policy-string":[],"mx-host":[]},
	"summary":{"total-successful-session-count":0,"total-failure-session-count":5},"failure-details":[`
	for i := range 5 {
		if i > 0 {
			doc += ","
		}
		doc += `{"result-type":"certificate-expired","sending-mta-ip":"192.0.2.1","receiving-mx-hostname":"mx.example.com","receiving-ip":"192.0.2.2","failed-session-count":1}`
	}
	doc += `]}]}`
	r, err := Decode([]byte(doc), "t", lim)
	if err != nil {
		t.Fatal(err)
	}
	p := r.Policies[0]
	if len(p.Failures) != 3 || p.DroppedDetails != 2 || p.Failed != 5 {
		t.Errorf("kept %d, dropped %d, failed %d; want 3, 2, 5", len(p.Failures), p.DroppedDetails, p.Failed)
	}
	if !slices.Contains(codes(r.Deviations), CodeDetailsTruncated) {
		t.Errorf("no truncation deviation: %v", r.Deviations)
	}
	lim.ReportBytes = 10
	if _, err := Decode([]byte(doc), "t", lim); err == nil {
		t.Error("a report over ReportBytes was read")
	}
}

// TestDecodeSanitisesStrings: a hostile sender's escape sequences never
// reach a Report.
func TestDecodeSanitisesStrings(t *testing.T) {
	doc := `{"organization-name":"Evil\u001b]52;c;cHduZWQ=\u0007 Corp","report-id":"x\u001b[2J","contact-info":"a","date-range":{"start-datetime":"2026-11-20T00:00:00Z","end-datetime":"2026-11-21T00:00:00Z"},"policies":[]}`
	r, err := Decode([]byte(doc), "t", DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{r.Organization, r.ReportID} {
		for _, c := range s {
			if c == 0x1b || c == 0x07 {
				t.Errorf("control character survived in %q", s)
			}
		}
	}
}

// A failure total that is not a count is read as what the failure-details
// add up to: "0 failed" above 320 failed sessions in the rows was wrong.
func TestDecodeUnreadableFailureTotalIsTheDetailsSum(t *testing.T) {
	data, err := os.ReadFile("testdata/google.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`"lots"`, `-5`, `null`} {
		doc := strings.Replace(string(data), `"total-failure-session-count": 320`, `"total-failure-session-count": `+bad, 1)
		if doc == string(data) {
			t.Fatal("google.json no longer holds the total this test replaces")
		}
		r, err := Decode([]byte(doc), "google.json", DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if p := r.Policies[0]; p.Failed != 312+8 || p.Successful != 1204 {
			t.Errorf("total %s: failed %d successful %d, want 320 (312 + 8 in the details) and 1204", bad, p.Failed, p.Successful)
		}
		if bad != "null" && !strings.Contains(fmt.Sprint(r.Deviations), "read as 320, what its failure-details add up to") {
			t.Errorf("total %s: deviations %v", bad, r.Deviations)
		}
	}
}
