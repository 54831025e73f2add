package simulate

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const limitsHead = `{"until": %q, "versions": [{"id": "1", "mode": "enforce", "max_age": "7d", "mx": ["mx1.example.com"], "at": "-60d"}], "senders": %s}`

// ParseScenario is where a scenario file is judged, so its bounds hold for
// every caller: text that would drive a terminal, and more recorded
// deliveries than fit in memory, are refused with a reason.
func TestParseScenarioRefusesWhatItCannotShowOrHold(t *testing.T) {
	for _, tc := range []struct{ name, file, says string }{
		{"escape in a sender name", fmt.Sprintf(limitsHead, "3d", `[{"name": "\u001b[31mred", "every": "1h"}]`), "senders[0].name"},
		{"8-bit CSI in a policy id", strings.Replace(fmt.Sprintf(limitsHead, "3d", `[{"every": "1h"}]`), `"id": "1"`, `"id": "1\u009b2J"`, 1), "versions[0].id"},
		{"one delivery a second for 100 days", fmt.Sprintf(limitsHead, "100d", `[{"name": "a", "every": "1s"}]`), "deliveries"},
	} {
		_, err := ParseScenario([]byte(tc.file))
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: err %v, want it to mention %q", tc.name, err, tc.says)
		}
	}
	ok := fmt.Sprintf(limitsHead, "30d", `[{"name": "a", "every": "1m"}]`)
	if _, err := ParseScenario([]byte(ok)); err != nil {
		t.Errorf("a month of one delivery a minute is within bounds: %v", err)
	}
}

// Issue 10 item 8: what a 1 MiB file can ask for is refused up front with
// the bound it breaks: refresh runs count as work like deliveries, and the
// timeline, the MX sets and the span are bounded too.
func TestParseScenarioRefusesUnboundedWork(t *testing.T) {
	versions := make([]string, MaxTimelineEntries+1)
	for i := range versions {
		versions[i] = fmt.Sprintf(`{"id": "v%d", "mode": "enforce", "max_age": "1d", "mx": ["mx1.example.com"], "at": "%ds"}`, i, i*60)
	}
	hosts := make([]string, MaxHosts+1)
	for i := range hosts {
		hosts[i] = fmt.Sprintf(`"mx%d.example.com"`, i)
	}
	for _, tc := range []struct{ name, file, says string }{
		{"a refresh job every second for two years", fmt.Sprintf(limitsHead, "730d", `[{"name": "a", "every": "30d", "overrides": {"refresh_every": "1s"}}]`), "refresh runs"},
		{"more policy versions than the timeline bound", `{"until": "30d", "versions": [` + strings.Join(versions, ",") + `], "senders": [{"name": "a", "every": "1d"}]}`, fmt.Sprint(MaxTimelineEntries)},
		{"more MX hosts than MaxHosts", strings.Replace(fmt.Sprintf(limitsHead, "30d", `[{"name": "a", "every": "1d"}]`), `"senders"`, `"mx": [`+strings.Join(hosts, ",")+`], "senders"`, 1), fmt.Sprint(MaxHosts)},
		{"three years", fmt.Sprintf(limitsHead, "1096d", `[{"name": "a", "every": "1d"}]`), "2 years"},
	} {
		_, err := ParseScenario([]byte(tc.file))
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: err %v, want it to mention %q", tc.name, err, tc.says)
		}
	}
}

// The compiled world evaluates a (segment, version) pair only when a
// sender asks, and the answer is the one evaluate gives: a timeline of
// thousands of versions no longer allocates segments × versions.
func TestWorldEvaluatesOnDemand(t *testing.T) {
	tl := Timeline{Until: 30 * Day, MX: []string{"mx1.example.com", "mx2.example.com"}}
	for i := range 1000 {
		tl.Versions = append(tl.Versions, Version{ID: fmt.Sprint(i), Mode: "enforce", MaxAge: Day,
			MX: []string{fmt.Sprintf("mx%d.example.com", i%3)}, At: time.Duration(i) * time.Minute, TXTAt: time.Duration(i) * time.Minute})
		tl.TLSBreaks = append(tl.TLSBreaks, TLSBreak{From: time.Duration(i) * time.Minute, To: time.Duration(i+5) * time.Minute, Host: "mx1.example.com", Result: "certificate-expired"})
	}
	w := compile(tl)
	if len(w.evals) != 0 {
		t.Fatalf("%d pairs evaluated before anyone asked", len(w.evals))
	}
	asked := 0
	for s := 0; s < len(w.starts); s += 97 {
		for v := 0; v < w.versions; v += 89 {
			if got, want := w.eval(s, v), w.evaluate(s, v); got != want {
				t.Fatalf("eval(%d, %d) = %+v, evaluate says %+v", s, v, got, want)
			}
			w.eval(s, v) // cached
			asked++
		}
	}
	if len(w.evals) != asked {
		t.Errorf("%d pairs cached after %d distinct questions", len(w.evals), asked)
	}
	res := Run(tl, []Sender{CachedSender("a", mustProfileNamed(t, "rfc"), Day, time.Hour)})
	if len(res.Senders) != 1 || len(res.Senders[0].Attempts) == 0 {
		t.Fatal("the run made no deliveries")
	}
}

func mustProfileNamed(t testing.TB, name string) Profile {
	t.Helper()
	p, err := ProfileByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
