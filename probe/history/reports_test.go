package history

import (
	"context"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/reports"
)

// TestReportsStoredBesideWalks: reports are kept once per report-id,
// found by domain and date, and read back as they were stored.
func TestReportsStoredBesideWalks(t *testing.T) {
	ctx := context.Background()
	s := openT(t, t.TempDir(), Options{})
	rd := reports.NewReader(reports.DefaultLimits())
	for _, p := range []string{"../reports/testdata/google.json", "../reports/testdata/deviations.json", "../reports/testdata/no-policy-found.json"} {
		if err := rd.ReadPath(ctx, p, nil); err != nil {
			t.Fatal(err)
		}
	}
	set := rd.Set()
	n, err := s.AddReports(ctx, set.Reports)
	if err != nil || n != 3 {
		t.Fatalf("added %d, %v; want 3", n, err)
	}
	if n, err := s.AddReports(ctx, set.Reports); err != nil || n != 0 {
		t.Errorf("adding the same reports again added %d, %v", n, err)
	}
	got, err := s.StoredReports(ctx, "example.com", time.Time{}, time.Time{})
	if err != nil || len(got) != 2 {
		t.Fatalf("example.com: %d reports, %v; want 2", len(got), err)
	}
	if got[0].ReportID != "2026-11-20T00:00:00Z_example.com" || got[0].Policies[0].Failures[0].Sessions != 312 || !got[0].Start.Equal(set.Reports[0].Start) {
		t.Errorf("read back %+v", got[0])
	}
	if len(got[1].Deviations) == 0 {
		t.Error("deviations were not kept")
	}
	day := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	if got, _ := s.StoredReports(ctx, "", day, time.Time{}); len(got) != 1 || got[0].ReportID != "odd-1" {
		t.Errorf("since the 21st: %d reports", len(got))
	}
	if got, _ := s.StoredReports(ctx, "other.example", time.Time{}, time.Time{}); len(got) != 0 {
		t.Errorf("other.example: %d reports", len(got))
	}
}
