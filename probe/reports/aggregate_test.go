package reports

import (
	"slices"
	"testing"
	"time"
)

func TestSummarizeCountsPerDomainDayTypeOrgAndMX(t *testing.T) {
	s := readAll(t, DefaultLimits(), "testdata")
	agg := Summarize(s, Filter{})
	find := func(day, org, result, mx string) Row {
		for _, r := range agg.Rows {
			if r.Domain == "example.com" && r.Day == day && r.Organization == org && r.ResultType == result && r.ReceivingMX == mx {
				return r
			}
		}
		t.Fatalf("no row %s %s %q %s in %+v", day, org, result, mx, agg.Rows)
		return Row{}
	}
	if r := find("2026-11-20", "Google Inc.", "", ""); r.Successful != 1204 {
		t.Errorf("google successes %d, want 1204 (the duplicate copies count once)", r.Successful)
	}
	if r := find("2026-11-20", "Google Inc.", "sts-policy-fetch-error", "mx1.example.com"); r.Failed != 312 || r.ReceivingIP != "192.0.2.10" {
		t.Errorf("fetch errors %+v", r)
	}
	if r := find("2026-11-20", "Microsoft Corporation", "sts-policy-fetch-error", ""); r.Failed != 3 {
		t.Errorf("microsoft %+v", r)
	}
	// deviations.json and its copy in the mbox under another report-id.
	if r := find("2026-11-21", "Small Hoster", "tls-downgrade-detected", "mx1.example.com"); r.Failed != 2 || r.Reports != 2 {
		t.Errorf("unknown result type row %+v", r)
	}
	// deviations.json: summary says 5 failed, details add up to 3; twice.
	if r := find("2026-11-21", "Small Hoster", NotDetailed, ""); r.Failed != 4 {
		t.Errorf("not detailed %+v, want 4", r)
	}
	var ex DomainTotal
	for _, d := range agg.Domains {
		if d.Domain == "example.com" {
			ex = d
		}
	}
	// google 1204/320, microsoft 0/3, ms-eml 0/3, maildir 40/0, odd 17/5, odd-mbox 17/5.
	if ex.Successful != 1204+40+17+17 || ex.Failed != 320+3+3+5+5 || ex.FirstDay != "2026-11-20" || ex.LastDay != "2026-11-23" {
		t.Errorf("total %+v", ex)
	}
	if !slices.IsSortedFunc(agg.Rows, func(a, b Row) int {
		if a.Domain != b.Domain {
			return cmpStr(a.Domain, b.Domain)
		}
		return cmpStr(a.Day, b.Day)
	}) {
		t.Error("rows not sorted by domain and day")
	}
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestSummarizeFiltersByDateRange(t *testing.T) {
	s := readAll(t, DefaultLimits(), "testdata")
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	agg := Summarize(s, Filter{Since: day(22), Until: day(23)})
	for _, r := range agg.Rows {
		if r.Day != "2026-11-22" {
			t.Errorf("row of %s inside [22, 23)", r.Day)
		}
	}
	if len(agg.Rows) == 0 {
		t.Error("nothing kept for the 22nd")
	}
}

// Counts near 2^63 are anyone's to mail; two of them must not wrap the
// domain's totals (or a row's) to negative numbers.
func TestSummarizeHugeCountsDoNotWrap(t *testing.T) {
	const huge = "9223372036854775807"
	r := NewReader(DefaultLimits())
	for _, id := range []string{"a", "b"} {
		doc := `{"organization-name": "o", "date-range": {"start-datetime": "2026-11-20T00:00:00Z", "end-datetime": "2026-11-20T23:59:59Z"},
			"contact-info": "c", "report-id": "` + id + `", "policies": [{"policy": {"policy-type": "no-policy-found", "policy-domain": "example.com"},
			"summary": {"total-successful-session-count": ` + huge + `, "total-failure-session-count": ` + huge + `},
			"failure-details": [{"result-type": "validation-failure", "failed-session-count": ` + huge + `}]}]}`
		if err := r.readBlob(id, []byte(doc), ""); err != nil {
			t.Fatal(err)
		}
	}
	if len(r.Set().Reports) != 2 {
		t.Fatalf("read %+v", r.Set())
	}
	if !slices.Contains(codes(r.Set().Reports[0].Deviations), CodeCountInvalid) {
		t.Errorf("no %s for a count of %s: %v", CodeCountInvalid, huge, r.Set().Reports[0].Deviations)
	}
	agg := Summarize(r.Set(), Filter{})
	for _, d := range agg.Domains {
		if d.Successful != 2*MaxSessions || d.Failed != 2*MaxSessions {
			t.Errorf("total %+v, want %d each", d, 2*MaxSessions)
		}
	}
	for _, row := range agg.Rows {
		if row.Successful < 0 || row.Failed < 0 {
			t.Errorf("row wrapped: %+v", row)
		}
	}
}
