package simulate

import (
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
)

func TestExampleScenariosParseAndRun(t *testing.T) {
	ex := assets.SimulateExamples()
	if len(ex) < 4 {
		t.Fatalf("%d examples embedded", len(ex))
	}
	for name, b := range ex {
		sc, err := ParseScenario(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r := sc.Run(); len(r.Senders) == 0 {
			t.Fatalf("%s: no senders", name)
		}
	}
}

func TestParseScenarioRejects(t *testing.T) {
	cases := map[string]string{
		"no until":        `{"versions":[{"id":"1","mode":"enforce","max_age":"7d"}],"senders":[{}]}`,
		"bad mode":        `{"until":"1d","versions":[{"id":"1","mode":"strict","max_age":"7d"}],"senders":[{}]}`,
		"max_age §3.2":    `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":31557601}],"senders":[{}]}`,
		"unknown field":   `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"7d"}],"senders":[{}],"x":1}`,
		"unknown profile": `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"7d"}],"senders":[{"profile":"exim"}]}`,
		"bad override":    `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"7d"}],"senders":[{"overrides":{"nope":1}}]}`,
		"bad failure":     `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"7d"}],"file_outages":[{"failure":"500"}],"senders":[{}]}`,
		"tiny cadence":    `{"until":"365d","versions":[{"id":"1","mode":"enforce","max_age":"7d"}],"senders":[{"every":"1s"}]}`,
		"no senders":      `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"7d"}]}`,
		"huge":            `{"domain":"` + strings.Repeat("a", MaxScenarioSize) + `"}`,
	}
	for name, in := range cases {
		if _, err := ParseScenario([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestOverrideChangesBehaviour(t *testing.T) {
	in := `{"until":"21d","versions":[{"id":"1","mode":"enforce","max_age":"7d","at":"-30d"}],
	"file_outages":[{"from":"0","failure":"404"}],
	"senders":[{"name":"r","profile":"postfix-mta-sts-resolver","every":"1h","cache":{"version":0,"fetched_at":"-2d"},
	"overrides":{"extend_on_delivery":false,"revive_expired":false}}]}`
	sc, err := ParseScenario([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	r := sc.Run()
	if got := r.Senders[0].ProtectedUntil; got != 5*Day {
		t.Errorf("without extension: protected until %s, want 5d", FormatDuration(got))
	}
	if r.Senders[0].Sender.Profile.Name != "postfix-mta-sts-resolver+" {
		t.Errorf("name %q does not show the override", r.Senders[0].Sender.Profile.Name)
	}
}

func FuzzParseScenario(f *testing.F) {
	for _, b := range assets.SimulateExamples() {
		f.Add(b)
	}
	f.Add([]byte(`{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"1d"}],"senders":[{"every":"1h"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		sc, err := ParseScenario(b)
		if err != nil {
			return
		}
		// Keep the fuzzer's work bounded: big populations are fine to
		// parse but slow to run a million times.
		if len(sc.Senders) > 50 {
			return
		}
		_ = sc.Run()
	})
}
