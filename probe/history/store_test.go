package history

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// fakeReport builds the parts of a Report the history reads.
func fakeReport(domain string, at time.Time, id, body string, maxAge int64, mx ...string) *probe.Report {
	rep := &probe.Report{Domain: domain, Started: at, Verdict: probe.Verdict{WithoutCache: "enforce"}}
	rec := probe.Step{ID: probe.StepRecord, Status: probe.StatusOK}
	if id != "" {
		rep.Record = &policy.Record{Version: "STSv1", ID: id}
		rec.Evidence.DNS = []probe.DNSQuery{{Name: "_mta-sts." + domain, Type: "TXT",
			Answers: []string{"_mta-sts." + domain + ".\t300\tIN\tTXT\t\"v=STSv1; id=" + id + "\""}}}
	}
	pol := probe.Step{ID: probe.StepPolicy, Status: probe.StatusOK, Evidence: probe.Evidence{Body: body}}
	if body != "" {
		rep.Policy = &policy.Policy{Version: "STSv1", Mode: "enforce", MaxAge: maxAge, MX: []string{"*." + domain}}
	} else {
		pol.Status = probe.StatusFail
		rep.Verdict.WithoutCache = "fail-open"
	}
	mxs := probe.Step{ID: probe.StepMX, Status: probe.StatusOK}
	q := probe.DNSQuery{Name: domain, Type: "MX"}
	for i, h := range mx {
		q.Answers = append(q.Answers, fmt.Sprintf("%s.\t300\tIN\tMX\t%d %s.", domain, 10*(i+1), h))
	}
	mxs.Evidence.DNS = []probe.DNSQuery{q}
	rep.Steps = []probe.Step{rec, pol, mxs}
	return rep
}

func openT(t *testing.T, dir string, o Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRecordReadsBackFactsAndReport(t *testing.T) {
	s := openT(t, t.TempDir(), Options{})
	ctx := context.Background()
	at := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	body := "version: STSv1\r\nmode: enforce\r\nmx: *.a.test\r\nmax_age: 604800\r\n"
	if _, err := s.Record(ctx, fakeReport("a.test", at, "20261101", body, 604800, "mx2.a.test", "mx1.a.test")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(ctx, fakeReport("b.test", at, "1", body, 86400)); err != nil {
		t.Fatal(err)
	}
	ws, err := s.Walks(ctx, "a.test", 0)
	if err != nil || len(ws) != 1 {
		t.Fatalf("walks %v err %v", ws, err)
	}
	w := ws[0]
	if w.RecordID != "20261101" || w.RecordTTL != 300 || !w.PolicyOK || w.MaxAge != 604800 || w.Mode != "enforce" ||
		w.PolicyText != body || len(w.PolicySHA256) != 64 || !w.Time.Equal(at) {
		t.Errorf("walk facts: %+v", w)
	}
	if fmt.Sprint(w.MX) != "[mx1.a.test mx2.a.test]" || fmt.Sprint(w.MXPatterns) != "[*.a.test]" {
		t.Errorf("mx %v patterns %v", w.MX, w.MXPatterns)
	}
	rep, err := s.Report(ctx, w.ID)
	if err != nil || rep.Domain != "a.test" || rep.Record == nil || rep.Record.ID != "20261101" {
		t.Fatalf("report %+v err %v", rep, err)
	}
	if _, err := s.Report(ctx, 999); !errors.Is(err, ErrNoWalk) {
		t.Errorf("missing walk: %v", err)
	}
	ds, err := s.Domains(ctx)
	if err != nil || len(ds) != 2 {
		t.Fatalf("domains %v %v", ds, err)
	}
}

func TestMigrateFromEmptyStampsTheFile(t *testing.T) {
	dir := t.TempDir()
	// An empty file (created, never written) is a new history.
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openT(t, dir, Options{})
	var app, ver int
	s.db.QueryRow("PRAGMA application_id").Scan(&app)
	s.db.QueryRow("PRAGMA user_version").Scan(&ver)
	if app != applicationID || ver != len(migrations) {
		t.Fatalf("application_id %#x user_version %d", app, ver)
	}
	var mode string
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode %q, want wal", mode)
	}
}

// TestBadFilesAreNeverWritten: a damaged, foreign or newer file is
// reported with a way out and left byte-for-byte as it was.
func TestBadFilesAreNeverWritten(t *testing.T) {
	foreign := func(t *testing.T, path string) {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec("CREATE TABLE cookies (k TEXT, v TEXT)"); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		make func(t *testing.T, path string)
		want error
	}{
		{"garbage", func(t *testing.T, path string) {
			os.WriteFile(path, bytes.Repeat([]byte("not a database\n"), 100), 0o600)
		}, ErrNotDatabase},
		{"truncated header", func(t *testing.T, path string) { os.WriteFile(path, sqliteMagic, 0o600) }, ErrNotDatabase},
		{"another program's database", foreign, ErrForeign},
		{"other application_id", func(t *testing.T, path string) {
			db, _ := sql.Open("sqlite", path)
			defer db.Close()
			db.Exec("PRAGMA application_id = 1234; CREATE TABLE t (x)")
		}, ErrForeign},
		{"newer schema", func(t *testing.T, path string) {
			s, err := Open(context.Background(), filepath.Dir(path), Options{})
			if err != nil {
				t.Fatal(err)
			}
			s.db.Exec("PRAGMA user_version = 99")
			s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
			s.Close()
		}, ErrNewer},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			c.make(t, path)
			before, _ := os.ReadFile(path)
			_, err := Open(context.Background(), dir, Options{})
			if !errors.Is(err, c.want) {
				t.Fatalf("Open: %v, want %v", err, c.want)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != path {
				t.Errorf("error does not name the file: %v", err)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Error("the file was modified")
			}
			if _, err := os.Stat(path + "-wal"); err == nil && c.want != ErrNewer {
				t.Error("a WAL file was created next to it")
			}
			moved, err := MoveAside(dir, time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(moved); !bytes.Equal(got, before) {
				t.Error("moved file differs")
			}
			openT(t, dir, Options{}) // a fresh history now opens
		})
	}
}

func TestPruneByCountAndAge(t *testing.T) {
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	s := openT(t, t.TempDir(), Options{Limits: Limits{MaxAge: 30 * 24 * time.Hour, MaxWalksPerDomain: 3}, Now: func() time.Time { return now }})
	ctx := context.Background()
	old := fakeReport("old.test", now.Add(-31*24*time.Hour), "1", "x", 1)
	if _, err := s.Record(ctx, old); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := s.Record(ctx, fakeReport("a.test", now.Add(time.Duration(i)*time.Hour), strconv.Itoa(i), "x", 1)); err != nil {
			t.Fatal(err)
		}
	}
	ws, _ := s.Walks(ctx, "a.test", 0)
	if len(ws) != 3 || ws[0].RecordID != "2" || ws[2].RecordID != "4" {
		t.Errorf("kept %v", ws)
	}
	if ws, _ := s.Walks(ctx, "old.test", 0); len(ws) != 0 {
		t.Errorf("a walk older than MaxAge survived: %v", ws)
	}
	var certs int
	s.db.QueryRow("SELECT count(*) FROM certs WHERE walk_id NOT IN (SELECT id FROM walks)").Scan(&certs)
	if certs != 0 {
		t.Errorf("%d orphan certificates", certs)
	}
}

// writerEnv makes the test binary a history writer (see TestMain).
const writerEnv = "MTASTS_HISTORY_TEST_WRITER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(writerEnv); spec != "" {
		os.Exit(writer(spec))
	}
	os.Exit(m.Run())
}

const writesPerWriter = 40

// writer records writesPerWriter walks of its own domain into dir.
func writer(spec string) int {
	dir, name, _ := bytesCut(spec)
	s, err := Open(context.Background(), dir, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Close()
	for i := range writesPerWriter {
		if _, err := s.Record(context.Background(), fakeReport(name, time.Now(), strconv.Itoa(i), "x", 1)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}

func bytesCut(s string) (string, string, bool) {
	i := bytes.LastIndexByte([]byte(s), '|')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// TestTwoProcessesWriteAtOnce: two processes (and two connections in this
// one) record into one new file at the same time; every walk lands.
func TestTwoProcessesWriteAtOnce(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for _, name := range []string{"p1.test", "p2.test"} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), writerEnv+"="+dir+"|"+name)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Errorf("%s: %v: %s", name, err, out)
			}
		}()
	}
	for _, name := range []string{"c1.test", "c2.test"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if writer(dir+"|"+name) != 0 {
				errs <- fmt.Errorf("%s failed", name)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	s := openT(t, dir, Options{})
	for _, name := range []string{"p1.test", "p2.test", "c1.test", "c2.test"} {
		ws, err := s.Walks(context.Background(), name, 0)
		if err != nil || len(ws) != writesPerWriter {
			t.Errorf("%s: %d walks (err %v), want %d", name, len(ws), err, writesPerWriter)
		}
	}
}

// TestMigrateFromSchema1KeepsWalks: a file made by the first schema is
// brought to the newest without losing what it held, and the new table
// is then written.
func TestMigrateFromSchema1KeepsWalks(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	old, err := Open(ctx, dir, Options{schema: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Written the way schema 1 wrote it (Record would touch ns_answers).
	if _, err := old.db.Exec(`INSERT INTO walks (domain, started_ms, verdict, failed, record_id, policy_ok, policy_sha256, max_age)
		VALUES ('a.test', ?, 'enforce', 0, 'v1', 1, 'abc', 604800)`, at.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	var v int
	old.db.QueryRow("PRAGMA user_version").Scan(&v)
	old.Close()
	if v != 1 {
		t.Fatalf("built schema %d, want 1", v)
	}
	s := openT(t, dir, Options{})
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != len(migrations) {
		t.Fatalf("migrated to %d, want %d", v, len(migrations))
	}
	rep := fakeReport("a.test", at.Add(time.Hour), "v1", "x", 604800)
	rep.Steps[0].Evidence.Nameservers = []probe.NameserverAnswer{
		{NS: "ns1.a.test", Address: "192.0.2.1:53", Record: []string{"v=STSv1; id=v1"}, PolicyHost: []string{"192.0.2.9"}},
		{NS: "ns2.a.test", Address: "192.0.2.2:53", Error: "TXT: no answer"},
	}
	if _, err := s.Record(ctx, rep); err != nil {
		t.Fatal(err)
	}
	ws, err := s.Walks(ctx, "a.test", 0)
	if err != nil || len(ws) != 2 {
		t.Fatalf("walks %+v err %v", ws, err)
	}
	if ws[0].RecordID != "v1" || ws[0].MaxAge != 604800 || !ws[0].Time.Equal(at) {
		t.Errorf("the schema-1 walk changed: %+v", ws[0])
	}
	if len(ws[1].NS) != 2 || ws[1].NS[0].Record[0] != "v=STSv1; id=v1" || ws[1].NS[1].Error == "" {
		t.Errorf("nameserver answers %+v", ws[1].NS)
	}
}
