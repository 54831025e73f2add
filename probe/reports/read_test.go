package reports

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func readAll(t *testing.T, lim Limits, paths ...string) *Set {
	t.Helper()
	r := NewReader(lim)
	for _, p := range paths {
		if err := r.ReadPath(context.Background(), p, nil); err != nil {
			t.Fatalf("ReadPath(%s): %v", p, err)
		}
	}
	return r.Set()
}

func ids(s *Set) []string {
	var out []string
	for _, r := range s.Reports {
		out = append(out, r.ReportID)
	}
	slices.Sort(out)
	return out
}

func TestReadEMLWithGzipAttachment_RFC8460_5_3(t *testing.T) {
	s := readAll(t, DefaultLimits(), "testdata/report.eml")
	if len(s.Errors) != 0 || len(s.Reports) != 1 {
		t.Fatalf("reports %d errors %v", len(s.Reports), s.Errors)
	}
	r := s.Reports[0]
	if r.ReportID != "ms-eml-1" || !strings.Contains(r.Source, "microsoft.com!example.com!") {
		t.Errorf("report %q from %q", r.ReportID, r.Source)
	}
}

// TestReadMbox: messages are split on "From " lines; a message without a
// report (a DMARC report in the same mailbox) is skipped, an attachment
// sent as application/gzip is read with a deviation, and a report read
// twice counts once.
func TestReadMbox(t *testing.T) {
	s := readAll(t, DefaultLimits(), "testdata/reports.mbox", "testdata/google.json")
	if got, want := ids(s), []string{"2026-11-20T00:00:00Z_example.com", "odd-mbox"}; !slices.Equal(got, want) {
		t.Fatalf("ids %q, want %q (errors %v)", got, want, s.Errors)
	}
	if s.Duplicates != 1 || s.Skipped != 1 || len(s.Errors) != 0 {
		t.Errorf("duplicates %d skipped %d errors %v; want 1, 1, none", s.Duplicates, s.Skipped, s.Errors)
	}
	for _, r := range s.Reports {
		if r.ReportID == "odd-mbox" && !slices.Contains(codes(r.Deviations), CodeMIMEType) {
			t.Errorf("application/gzip attachment read without a deviation: %v", r.Deviations)
		}
		if r.ReportID != "odd-mbox" && !slices.Contains(codes(r.Deviations), CodeDuplicate) {
			t.Errorf("duplicate not noted on the kept report: %v", r.Deviations)
		}
	}
}

// TestReadDirectory walks a tree: JSON, gzip, mail and a Maildir, with a
// broken report listed with its error while the rest are read.
func TestReadDirectory(t *testing.T) {
	s := readAll(t, DefaultLimits(), "testdata")
	want := []string{"133944884956529435+example.com", "2026-11-20T00:00:00Z_example.com", "2026-11-20T00:00:00Z_idx1",
		"ms-eml-1", "ms-maildir-1", "odd-1", "odd-mbox"}
	if got := ids(s); !slices.Equal(got, want) {
		t.Errorf("ids %q\nwant %q", got, want)
	}
	if len(s.Errors) != 1 || !strings.Contains(s.Errors[0].Source, "broken.json") {
		t.Errorf("errors %v, want broken.json only", s.Errors)
	}
	// google.json and its .json.gz and its copy in the mbox: one report.
	if s.Duplicates != 2 {
		t.Errorf("duplicates %d, want 2", s.Duplicates)
	}
}

func TestReadNamedNonReportIsAnError(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "notes.txt")
	os.WriteFile(p, []byte("hello\n"), 0o600)
	mail := filepath.Join(dir, "plain.eml")
	os.WriteFile(mail, []byte("From: a@b\r\nSubject: hi\r\n\r\nbody\r\n"), 0o600)
	s := readAll(t, DefaultLimits(), p, mail)
	if len(s.Errors) != 2 {
		t.Fatalf("errors %v, want one per named non-report", s.Errors)
	}
	s = readAll(t, DefaultLimits(), dir)
	if len(s.Errors) != 0 || s.Skipped != 2 {
		t.Errorf("in a directory: errors %v skipped %d; want none, 2", s.Errors, s.Skipped)
	}
}

func TestReadStdin(t *testing.T) {
	data, _ := os.ReadFile("testdata/google.com!example.com!1763596800!1763683199.json.gz")
	r := NewReader(DefaultLimits())
	if err := r.ReadPath(context.Background(), "-", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if s := r.Set(); len(s.Reports) != 1 || s.Reports[0].Source != "stdin" {
		t.Fatalf("%+v", s)
	}
}

// TestGzipBombIsBounded: a small file that inflates past ReportBytes is
// refused, not inflated into memory.
func TestGzipBombIsBounded(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write([]byte(`{"policies":[`))
	zeros := make([]byte, 1<<20)
	for range 64 {
		zw.Write(zeros)
	}
	zw.Close()
	p := filepath.Join(t.TempDir(), "bomb.json.gz")
	os.WriteFile(p, buf.Bytes(), 0o600)
	s := readAll(t, DefaultLimits(), p)
	if len(s.Errors) != 1 || !strings.Contains(s.Errors[0].Error, "larger than") {
		t.Fatalf("errors %v, want the size limit named", s.Errors)
	}
}

// TestMIMEBombIsBounded: deeply nested multiparts and too many parts stop
// at the limits with an error, and the reports before them still count.
func TestMIMEBombIsBounded(t *testing.T) {
	lim := DefaultLimits()
	var b strings.Builder
	b.WriteString("From: a@b\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n")
	for i := range 20 {
		fmt.Fprintf(&b, "--b%d\r\nContent-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n", i, i+1)
	}
	p := filepath.Join(t.TempDir(), "deep.eml")
	os.WriteFile(p, []byte(b.String()), 0o600)
	s := readAll(t, lim, p)
	if len(s.Errors) == 0 || !strings.Contains(s.Errors[0].Error, "nest") {
		t.Errorf("deep nesting: errors %v", s.Errors)
	}

	b.Reset()
	b.WriteString("From: a@b\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n")
	for range 200 {
		b.WriteString("--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n")
	}
	b.WriteString("--x--\r\n")
	os.WriteFile(p, []byte(b.String()), 0o600)
	s = readAll(t, lim, p)
	if len(s.Errors) == 0 || !strings.Contains(s.Errors[0].Error, "MIME parts") {
		t.Errorf("many parts: errors %v", s.Errors)
	}
}

// TestMboxQuotingAndLongLines: ">From " in a body is unquoted (mboxrd), and
// "From " inside a line longer than the read buffer does not split a
// message.
func TestMboxQuotingAndLongLines(t *testing.T) {
	report, _ := os.ReadFile("testdata/microsoft-no-ip.json")
	long := strings.Repeat("x", 100<<10) + "From y\n"
	mbox := "From a@b Sat Nov 22 06:00:00 2026\nFrom: a@b\nContent-Type: application/tlsrpt+json\n\n" + string(report) + "\n" +
		"From c@d Sat Nov 22 06:00:00 2026\nFrom: c@d\nContent-Type: text/plain\n\n>From here\n" + long
	r := NewReader(DefaultLimits())
	if err := r.ReadStream(context.Background(), "box", strings.NewReader(mbox), true); err != nil {
		t.Fatal(err)
	}
	s := r.Set()
	if len(s.Reports) != 1 || s.Skipped != 1 || len(s.Errors) != 0 {
		t.Errorf("reports %d skipped %d errors %v; want 1, 1, none", len(s.Reports), s.Skipped, s.Errors)
	}
}

func TestReportLimitStopsTheRead(t *testing.T) {
	dir := t.TempDir()
	for i := range 5 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%d.json", i)), fmt.Appendf(nil, `{"report-id":"r%d","policies":[]}`, i), 0o600)
	}
	lim := DefaultLimits()
	lim.Reports = 3
	r := NewReader(lim)
	err := r.ReadPath(context.Background(), dir, nil)
	if s := r.Set(); len(s.Reports) != 3 || len(s.Errors) != 1 || err == nil {
		t.Errorf("reports %d errors %v err %v; want 3, the limit named, and the read stopped", len(s.Reports), s.Errors, err)
	}
}

func TestReadStopsWhenCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := NewReader(DefaultLimits())
	if err := r.ReadPath(ctx, "testdata", nil); err == nil {
		t.Error("a canceled read returned no error")
	}
}

// A report attached with no file name is named by its message alone, not
// "message 3: ." (path.Base of an empty name).
func TestReadUnnamedAttachmentSource(t *testing.T) {
	s := readAll(t, DefaultLimits(), "testdata/reports.mbox")
	for _, r := range s.Reports {
		if r.ReportID == "2026-11-20T00:00:00Z_example.com" && r.Source != "testdata/reports.mbox: message 3" {
			t.Errorf("source %q, want %q", r.Source, "testdata/reports.mbox: message 3")
		}
	}
}
