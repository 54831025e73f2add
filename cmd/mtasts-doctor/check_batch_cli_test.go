package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// batchLine is what every ndjson line holds: a report or an error object.
type batchLine struct {
	SchemaVersion *int   `json:"schema_version"`
	Domain        string `json:"domain"`
	Error         string `json:"error"`
	Verdict       struct {
		WithoutCache string `json:"without_cache"`
	} `json:"verdict"`
	MX []string `json:"mx"`
}

func decodeNDJSON(t *testing.T, out string) []batchLine {
	t.Helper()
	var got []batchLine
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var l batchLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("line %d is not one JSON object: %v\n%s", i+1, err, line)
		}
		if l.SchemaVersion == nil || *l.SchemaVersion != 1 {
			t.Errorf("line %d has no schema_version 1: %s", i+1, line)
		}
		got = append(got, l)
	}
	return got
}

// Domains come from arguments, "-" (standard input) and --from, in that
// order; comments and blank lines are skipped; a line that is no domain is
// an error object in its place and the batch goes on; results keep input
// order although they run at once.
func TestCheckBatchInputsAndOrder(t *testing.T) {
	list := writeFile(t, "# partner domains\n\nhealthy-testing   # trailing comment\nnot a domain\n  mode-none  \n")
	stdin := "policy-missing\n# nothing\nhealthy-enforce\n"
	code, out, errOut := runCtx(context.Background(), strings.NewReader(stdin),
		"check", "--lab", "--format", "ndjson", "--parallel", "3", "no-record", "-", "--from", list)
	got := decodeNDJSON(t, out)
	want := []string{"no-record.test", "policy-missing.test", "healthy-enforce.test", "healthy-testing.test", "not a domain", "mode-none.test"}
	if len(got) != len(want) {
		t.Fatalf("got %d objects, want %d:\n%s\nstderr: %s", len(got), len(want), out, errOut)
	}
	for i, w := range want {
		if got[i].Domain != w {
			t.Errorf("object %d is %q, want %q (input order)", i, got[i].Domain, w)
		}
	}
	bad := got[4]
	if !strings.Contains(bad.Error, ":4:") || !strings.Contains(bad.Error, "lab --list") || bad.Verdict.WithoutCache != "" {
		t.Errorf("the bad line's object: %+v; want an error naming file:4", bad)
	}
	if got[1].Verdict.WithoutCache != "fail-open" || got[2].Verdict.WithoutCache != "enforce" || len(got[2].MX) != 1 {
		t.Errorf("verdicts: %+v", got)
	}
	if code != 1 {
		t.Errorf("exit %d, want 1 (policy-missing failed)", code)
	}
}

// A list entry that is no domain, and nothing failed: exit 2 after the
// whole batch, not before it.
func TestCheckBatchBadLineExitsTwoAfterTheRest(t *testing.T) {
	code, out, errOut := runCtx(context.Background(), strings.NewReader("healthy-enforce\nno-such-scenario\n"), "check", "--lab", "-")
	if code != 2 || !strings.Contains(out, "MTA-STS check of healthy-enforce.test") || !strings.Contains(errOut, "stdin:2:") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
}

// The CSV columns documented in the README, one row per domain.
func TestCheckBatchCSV(t *testing.T) {
	code, out, _ := runCtx(context.Background(), strings.NewReader("=cmd|' /C calc'!A0\n"), "check", "--lab", "--format", "csv", "policy-missing", "mx-cert-expired", "healthy-enforce", "-")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, out)
	}
	if code != 1 || len(rows) != 5 {
		t.Fatalf("exit %d, %d rows:\n%s", code, len(rows), out)
	}
	if strings.Join(rows[0], ",") != "domain,verdict,failing_steps,codes,record_id,mode,max_age,mx_count,refused_mx,error" {
		t.Fatalf("header %v", rows[0])
	}
	col := func(r []string, name string) string {
		for i, h := range rows[0] {
			if h == name {
				return r[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	pm, exp, ok, bad := rows[1], rows[2], rows[3], rows[4]
	if col(pm, "verdict") != "fail-open" || !strings.Contains(col(pm, "failing_steps"), "policy-fetch") ||
		!strings.Contains(col(pm, "codes"), "fetch.status") || col(pm, "record_id") == "" || col(pm, "mode") != "" {
		t.Errorf("policy-missing row %q", pm)
	}
	if col(exp, "verdict") != "enforce" || col(exp, "refused_mx") == "" || col(exp, "mx_count") != "1" {
		t.Errorf("mx-cert-expired row %q", exp)
	}
	if col(ok, "mode") != "enforce" || col(ok, "max_age") == "" || col(ok, "failing_steps") != "" || col(ok, "error") != "" {
		t.Errorf("healthy-enforce row %q", ok)
	}
	// A cell from the user's list never starts a spreadsheet formula.
	if !strings.HasPrefix(col(bad, "domain"), "'=") || col(bad, "error") == "" {
		t.Errorf("bad entry row %q", bad)
	}
}

// The exit status tells a script what happened (README, check --help).
func TestCheckBatchExitStatus(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"nothing failed", []string{"healthy-enforce"}, 0},
		{"a step failed", []string{"healthy-enforce", "policy-missing"}, 1},
		{"--fail-on warn: a warning is a failure", []string{"--fail-on", "warn", "healthy-testing"}, 1},
		{"--fail-on fail: a warning is not", []string{"healthy-testing"}, 0},
		{"--fail-on never", []string{"--fail-on", "never", "policy-missing"}, 0},
		{"could not tell: port 25 filtered", []string{"--timeout", "0.5", "mx-unreachable"}, 3},
		{"a failure outranks could-not-tell", []string{"--timeout", "0.5", "mx-unreachable", "policy-missing"}, 1},
		{"bad --fail-on", []string{"--fail-on", "sometimes", "healthy-enforce"}, 2},
		{"bad --format", []string{"--format", "xml", "healthy-enforce"}, 2},
		{"--json and another --format", []string{"--json", "--format", "csv", "healthy-enforce"}, 2},
		{"--parallel 0", []string{"--parallel", "0", "healthy-enforce"}, 2},
		{"stdin twice", []string{"-", "--from", "-"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"check", "--lab", "--format", "ndjson"}, tc.args...)
			if tc.name == "--json and another --format" {
				args = append([]string{"check", "--lab"}, tc.args...)
			}
			code, out, errOut := runCtx(context.Background(), strings.NewReader(""), args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
		})
	}
}

// Ctrl-C: exit 130, the walks in flight are printed with the verdict
// unknown (a fetch cut short is not a failed fetch), and nothing after them
// starts.
func TestCheckBatchInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(1500*time.Millisecond, cancel)
	domains := []string{"hostile-policy-hang", "healthy-enforce", "healthy-enforce", "healthy-enforce"}
	code, out, errOut := runCtx(ctx, strings.NewReader(""),
		append([]string{"check", "--lab", "--format", "ndjson", "--parallel", "1", "--timeout", "60"}, domains...)...)
	if code != 130 {
		t.Fatalf("exit %d, want 130\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	got := decodeNDJSON(t, out)
	if len(got) != 1 || got[0].Domain != "hostile-policy-hang.test" || got[0].Verdict.WithoutCache != "unknown" {
		t.Fatalf("after Ctrl-C: %+v\n%s", got, out)
	}
}

// countingDialer wraps a dialer and records the most connections open at
// once.
type countingDialer struct {
	dial       func(ctx context.Context, network, addr string) (net.Conn, error)
	mu         sync.Mutex
	open, peak int
}

func (d *countingDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := d.dial(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.open++
	d.peak = max(d.peak, d.open)
	d.mu.Unlock()
	return &countedConn{Conn: c, d: d}, nil
}

type countedConn struct {
	net.Conn
	d    *countingDialer
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() { c.d.mu.Lock(); c.d.open--; c.d.mu.Unlock() })
	return c.Conn.Close()
}

// The walks of a batch share one connection limit: ten domains at once
// never hold more connections together than the batch allows, where ten
// walks with limits of their own would hold several each.
func TestCheckBatchSharesTheConnectionLimit(t *testing.T) {
	const n = 10
	scenarios, _ := probetest.Scenarios()
	cfg := probetest.Config{Latency: 20 * time.Millisecond}
	var items []batchItem
	for _, s := range scenarios {
		if s.Name != "healthy-enforce" {
			continue
		}
		for i := range n {
			d := probetest.ScenarioDomain(s)
			d.Name = fmt.Sprintf("d%d.test", i)
			cfg.Domains = append(cfg.Domains, d)
			tg, _ := probe.ParseTarget(d.Name)
			items = append(items, batchItem{input: d.Name, target: tg})
		}
	}
	w := probetest.New(t, cfg)
	opts := w.Options()
	counter := &countingDialer{dial: opts.DialContext}
	opts.DialContext = counter.DialContext
	cmd := &cobra.Command{}
	cmd.SetContext(context.Background())
	var out strings.Builder
	cmd.SetOut(&out)
	run := checkRun{opts: opts, format: formatNDJSON, failOn: failOnFail, parallel: n, connections: 2}
	if err := run.run(cmd, items); err != nil {
		t.Fatalf("batch: %v\n%s", err, out.String())
	}
	if got := decodeNDJSON(t, out.String()); len(got) != n || got[n-1].Verdict.WithoutCache != "enforce" {
		t.Fatalf("batch results: %+v", got)
	}
	if counter.peak > 2 || counter.peak == 0 {
		t.Errorf("%d connections open at once in a batch limited to 2", counter.peak)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// When the output fails, the batch stops walking: the rest could not be
// printed anyway.
func TestCheckBatchStopsWhenOutputFails(t *testing.T) {
	const n = 40
	var walked atomic.Int32
	items := make([]batchItem, n)
	for i := range items {
		tg, _ := probe.ParseTarget(fmt.Sprintf("d%d.example", i))
		items[i] = batchItem{input: tg.ASCII, target: tg}
	}
	run := checkRun{format: formatNDJSON, failOn: failOnFail, parallel: 2,
		walk: func(ctx context.Context, domain string) *probe.Report {
			walked.Add(1)
			return &probe.Report{Domain: domain}
		}}
	cmd := &cobra.Command{}
	cmd.SetContext(context.Background())
	cmd.SetOut(failingWriter{})
	err := run.run(cmd, items)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("run = %v, want the write error", err)
	}
	if w := walked.Load(); w >= n/2 {
		t.Errorf("%d of %d domains walked after the output failed", w, n)
	}
}
