package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/history"
)

// TestReportsCheckAgainstTheLab: what senders reported is tied to a walk made
// now — the lab's policy-missing still fails its fetch, healthy-enforce's
// MX certificate is fine again.
func TestReportsCheckAgainstTheLab(t *testing.T) {
	code, out, errOut := runLint(t, "", "reports", "--check", "--lab", "--no-smtp=false", "testdata/tlsrpt-lab.json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a reported failure still happens); stderr %s\n%s", code, errOut, out)
	}
	for _, want := range []string{
		"✗ still failing now: sts-policy-fetch-error (312 sessions, last 2026-11-27) [policy-fetch]",
		"✗ still failing now: certificate-expired on mx1.mx-cert-expired.test",
		"✓ fixed since the report: certificate-expired on mx1.healthy-enforce.test",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

func TestReportsJSONAndCSV(t *testing.T) {
	code, out, errOut := runLint(t, "", "reports", "--json", "../../probe/reports/testdata/google.json", "../../probe/reports/testdata/broken.json")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errOut)
	}
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Read          struct {
			Reports []struct {
				ReportID string `json:"report_id"`
			} `json:"reports"`
			Errors []struct{ Source, Error string } `json:"errors"`
		} `json:"read"`
		Aggregate struct {
			Domains []struct {
				Domain     string `json:"policy_domain"`
				Successful int64  `json:"successful_sessions"`
				Failed     int64  `json:"failed_sessions"`
			} `json:"domains"`
		} `json:"aggregate"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.SchemaVersion != 1 || len(doc.Read.Reports) != 1 || len(doc.Read.Errors) != 1 {
		t.Errorf("document %+v", doc)
	}
	if d := doc.Aggregate.Domains; len(d) != 1 || d[0].Successful != 1204 || d[0].Failed != 320 {
		t.Errorf("domains %+v", d)
	}

	code, out, _ = runLint(t, "", "reports", "--format", "csv", "../../probe/reports/testdata/google.json")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 4 || strings.Join(rows[0], ",") != strings.Join(reportsCSVHeader, ",") {
		t.Fatalf("exit %d err %v rows %q", code, err, rows)
	}
	if rows[3][3] != "sts-policy-fetch-error" || rows[3][7] != "312" {
		t.Errorf("row %q", rows[3])
	}
}

func TestReportsStrictAndUsage(t *testing.T) {
	if code, _, _ := runLint(t, "", "reports", "--strict", "../../probe/reports/testdata/microsoft-no-ip.json"); code != 1 {
		t.Errorf("--strict on a deviating report: exit %d, want 1", code)
	}
	if code, _, _ := runLint(t, "", "reports", "../../probe/reports/testdata/microsoft-no-ip.json"); code != 0 {
		t.Errorf("tolerant read: exit %d, want 0", code)
	}
	for _, args := range [][]string{
		{"reports"},
		{"reports", "--format", "xml", "x"},
		{"reports", "--since", "yesterday", "x"},
		{"reports", "--lab", "x"},
		{"reports", "--since", "2026-11-20", "--until", "2026-11-19", "x"},
	} {
		if code, _, _ := runLint(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	data := `{"report-id":"stdin-1","policies":[{"policy":{"policy-type":"sts","policy-domain":"example.com"},"summary":{"total-successful-session-count":5,"total-failure-session-count":0}}]}`
	code, out, _ := runLint(t, data, "reports", "-")
	if code != 0 || !strings.Contains(out, "example.com") || !strings.Contains(out, "Read 1 report") {
		t.Errorf("stdin: exit %d\n%s", code, out)
	}
}

func TestCSVSafeNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(1)": "'=HYPERLINK(1)", "+1": "'+1", "mx.example.com": "mx.example.com", "": ""} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReportsAreStoredInTheHistory: reports go beside the walks, once per
// report-id; --no-history stores nothing.
func TestReportsAreStoredInTheHistory(t *testing.T) {
	dir := t.TempDir()
	in := "../../probe/reports/testdata/google.json"
	if code, out, _ := runLint(t, "", "reports", "--no-history", "--state-dir", dir, in); code != 0 || strings.Contains(out, "new to the history") {
		t.Fatalf("--no-history: exit %d\n%s", code, out)
	}
	code, out, errOut := runLint(t, "", "reports", "--state-dir", dir, in)
	if code != 0 || !strings.Contains(out, "1 report new to the history") {
		t.Fatalf("exit %d, stderr %s\n%s", code, errOut, out)
	}
	if _, out, _ := runLint(t, "", "reports", "--state-dir", dir, in); strings.Contains(out, "new to the history") {
		t.Errorf("the same report stored twice:\n%s", out)
	}
	s, err := history.Open(context.Background(), dir, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.StoredReports(context.Background(), "example.com", time.Time{}, time.Time{})
	if err != nil || len(got) != 1 || got[0].Organization != "Google Inc." {
		t.Errorf("stored %v, %v", got, err)
	}
}

// --json and --format csv contradict each other: a usage error, as check
// says, not JSON where a script asked for CSV.
func TestReportsJSONAndFormatConflict(t *testing.T) {
	code, out, errOut := runLint(t, "", "reports", "--json", "--format", "csv", "../../probe/reports/testdata/google.json")
	if code != 2 || out != "" || !strings.Contains(errOut, "--json is --format json") {
		t.Errorf("exit %d, stdout %q, stderr %q; want a usage error", code, out, errOut)
	}
	if code, _, _ := runLint(t, "", "reports", "--json", "--format", "json", "../../probe/reports/testdata/google.json"); code != 0 {
		t.Errorf("--json --format json: exit %d", code)
	}
}
