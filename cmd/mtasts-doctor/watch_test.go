package main

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// labChanges are what TestWatchSeesTheLabChange does to healthy-enforce
// between rounds, the story of a careless policy update.
var labChanges = []struct {
	what   string
	change func(d *probetest.Domain)
	want   []string // the codes watch prints after the next walk
}{
	{"a backup MX is added and the policy file edited, the id left alone", func(d *probetest.Domain) {
		d.Zone = append(d.Zone, "@ MX 20 backup")
		d.Mail = append(d.Mail, probetest.MailHost{Host: "backup"})
		d.Web[0].Body = "version: STSv1\r\nmode: enforce\r\nmx: mx1.{D}\r\nmx: backup.{D}\r\nmax_age: 604800\r\n"
	}, []string{"history.policy_changed_same_id", "history.mx_changed"}},
	{"the id is bumped", func(d *probetest.Domain) {
		d.Zone[0] = `_mta-sts TXT "v=STSv1; id=20261129T0600"`
	}, []string{"history.id_changed_same_policy"}},
	{"nothing changes", func(d *probetest.Domain) {}, nil},
	{"max_age is cut to a day in preparation for removal", func(d *probetest.Domain) {
		d.Zone[0] = `_mta-sts TXT "v=STSv1; id=20261129T0700"`
		d.Web[0].Body = "version: STSv1\r\nmode: enforce\r\nmx: mx1.{D}\r\nmx: backup.{D}\r\nmax_age: 86400\r\n"
	}, []string{"policy.max_age.short", "history.max_age_lowered"}},
	{"the policy host starts answering 404", func(d *probetest.Domain) { d.Web[0].Status = 404 },
		[]string{"fetch.status", "history.verdict_changed", "history.policy_unreachable_since"}},
	{"still 404", func(d *probetest.Domain) {}, nil},
	{"the zone gets two name servers, the second still serving the old id", func(d *probetest.Domain) {
		old := slices.Clone(d.Zone)
		old[0] = `_mta-sts TXT "v=STSv1; id=20261129T0600"`
		d.NS = []probetest.NameServer{{Host: "ns1"}, {Host: "ns2", Zone: old}}
	}, []string{"dns.ns.inconsistent"}},
}

// TestWatchSeesTheLabChange runs watch on the lab while the
// healthy-enforce scenario is changed underneath it, and checks that each
// change prints exactly its lines, once. -v shows the transcript (the one
// in notes/issue-14.md).
func TestWatchSeesTheLabChange(t *testing.T) {
	for _, asJSON := range []bool{false, true} {
		w, _, err := probetest.StartLab(probetest.Config{})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		opts := labOptions(w)
		opts.NoSMTP = true
		clock := time.Date(2026, 11, 29, 6, 0, 0, 0, time.UTC)
		var out bytes.Buffer
		var marks []int // output length after each round
		hf := historyFlags{stateDir: t.TempDir()}
		root := newRootCmd()
		root.SetContext(context.Background())
		rec := hf.openRecorder(root)
		defer rec.close()
		wt := &watcher{domains: []string{"healthy-enforce.test"}, opts: opts, every: time.Hour, json: asJSON,
			out: &out, rec: rec, now: func() time.Time { return clock },
			sleep: func(ctx context.Context, d time.Duration) bool { clock = clock.Add(d); return true },
			until: clock.Add(time.Duration(len(labChanges)) * time.Hour)}
		wt.afterRound = func(round int) {
			marks = append(marks, out.Len())
			if round < len(labChanges) {
				if err := w.Change("healthy-enforce.test", labChanges[round].change); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := wt.run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(marks) != len(labChanges)+1 {
			t.Fatalf("%d rounds, want %d", len(marks), len(labChanges)+1)
		}
		text := out.String()
		t.Logf("watch (json=%v) transcript:\n%s", asJSON, text)
		first := codesIn(t, text[:marks[0]], asJSON)
		if !slices.Equal(first, []string{"history.watch_started"}) {
			t.Errorf("first round printed %v", first)
		}
		for i, c := range labChanges {
			got := codesIn(t, text[marks[i]:marks[i+1]], asJSON)
			if !slices.Equal(got, c.want) {
				t.Errorf("after %q: printed %v, want %v", c.what, got, c.want)
			}
		}
	}
}

// codesIn reads the codes of watch output, text or NDJSON.
func codesIn(t *testing.T, s string, asJSON bool) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		if line == "" {
			continue
		}
		if asJSON {
			var ev struct {
				Time     time.Time `json:"time"`
				Domain   string    `json:"domain"`
				Code     string    `json:"code"`
				Severity string    `json:"severity"`
				Message  string    `json:"message"`
			}
			if err := json.Unmarshal([]byte(line), &ev); err != nil || ev.Time.IsZero() || ev.Domain == "" || ev.Severity == "" || ev.Message == "" {
				t.Fatalf("bad event %q: %v", line, err)
			}
			out = append(out, ev.Code)
			continue
		}
		f := strings.Fields(line)
		if len(f) < 5 {
			t.Fatalf("short line %q", line)
		}
		out = append(out, strings.TrimSuffix(f[4], ":"))
	}
	return out
}

func TestWatchFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"watch", "--every", "1m", "a.example"}, "at least 5m"},
		{[]string{"watch", "--until", "tomorrow", "a.example"}, "--until"},
		{[]string{"watch", "--until", "2001-01-01T00:00:00Z", "a.example"}, "not in the future"},
		{[]string{"watch", "--lab", "no-such-scenario"}, "no-such-scenario"},
	} {
		code, _, errOut := runLint(t, "", c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

// TestWatchCommandEndsAtUntil: the real command walks once and stops when
// the next walk would fall after --until. --until is a minute, not seconds:
// it also ends a walk under way, and starting the lab and walking took over
// 2 s on a loaded machine under -race (no walk recorded).
func TestWatchCommandEndsAtUntil(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runLint(t, "", "watch", "--lab", "--no-smtp", "--state-dir", dir, "--every", "5m", "--until", "1m", "--json", "healthy-enforce")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got := codesIn(t, out, true); !slices.Equal(got, []string{"history.watch_started"}) {
		t.Errorf("events %v\n%s", got, out)
	}
	_, hist, _ := runLint(t, "", "history", "--state-dir", dir, "--json", "healthy-enforce.test")
	if !strings.Contains(hist, `"id": 1`) {
		t.Errorf("the watch walk was not recorded:\n%s", hist)
	}
}
