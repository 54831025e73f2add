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
		"no until":        `{"versions":[{"id":"1","mode":"enforce","max_age":"7d","mx":["mx.example.com"]}],"senders":[{}]}`,
		"bad mode":        `{"until":"1d","versions":[{"id":"1","mode":"strict","max_age":"7d","mx":["mx.example.com"]}],"senders":[{}]}`,
		"max_age §3.2":    `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":31557601,"mx":["mx.example.com"]}],"senders":[{}]}`,
		"unknown field":   `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"7d","mx":["mx.example.com"]}],"senders":[{}],"x":1}`,
		"unknown profile": `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"7d","mx":["mx.example.com"]}],"senders":[{"profile":"exim"}]}`,
		"bad override":    `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"7d","mx":["mx.example.com"]}],"senders":[{"overrides":{"nope":1}}]}`,
		"bad failure":     `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"7d","mx":["mx.example.com"]}],"file_outages":[{"failure":"500"}],"senders":[{}]}`,
		"tiny cadence":    `{"until":"365d","versions":[{"id":"1","mode":"enforce","max_age":"7d","mx":["mx.example.com"]}],"senders":[{"every":"1s"}]}`,
		"no senders":      `{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"7d","mx":["mx.example.com"]}]}`,
		"huge":            `{"domain":"` + strings.Repeat("a", MaxScenarioSize) + `"}`,
	}
	for name, in := range cases {
		if _, err := ParseScenario([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// What no sender would accept and what cannot happen is refused, each
// with an error that names the field and why.
func TestParseScenarioValidates(t *testing.T) {
	const v = `{"id":"1","mode":"enforce","max_age":"7d","mx":["mx.example.com"]}`
	wrap := func(versions, rest string) string {
		return `{"until":"10d","versions":[` + versions + `]` + rest + `,"senders":[{}]}`
	}
	cases := []struct{ name, in, want string }{
		{"enforce without mx §3.2", wrap(`{"id":"1","mode":"enforce","max_age":"7d"}`, ``), `version 0: mode enforce needs at least one "mx"`},
		{"testing without mx §3.2", wrap(`{"id":"1","mode":"testing","max_age":"7d","mx":[]}`, ``), `version 0: mode testing needs at least one "mx"`},
		{"id with + §3.1", wrap(v+`,{"id":"a+b","mode":"enforce","max_age":"7d","mx":["m.example"]}`, ``), `version 1: id "a+b" is not 1 to 32 letters or digits`},
		{"empty id §3.1", wrap(`{"id":"","mode":"none","max_age":"7d"}`, ``), `version 0: id "" is not`},
		{"33-character id §3.1", wrap(`{"id":"`+strings.Repeat("a", 33)+`","mode":"none","max_age":"7d"}`, ``), `is not 1 to 32`},
		{"id smuggling a field", wrap(`{"id":"1; id=2","mode":"none","max_age":"7d"}`, ``), `id "1; id=2" is not`},
		{"made-up result type", wrap(v, `,"tls_breaks":[{"from":"1d","to":"2d","result":"cert-borked"}]`), `tls break 0: result "cert-borked" is not an RFC 8460 result type`},
		{"policy result type on an MX", wrap(v, `,"tls_breaks":[{"from":"1d","result":"sts-policy-invalid"}]`), `tls break 0: result "sts-policy-invalid"`},
		{"reversed file outage", wrap(v, `,"file_outages":[{"from":"3d","to":"1d","failure":"404"}]`), `file outage 0: "to" (1d) is not after "from" (3d)`},
		{"empty txt outage", wrap(v, `,"txt_outages":[{"from":"1d","to":"1d"}]`), `txt outage 0: "to" (1d) is not after "from" (1d)`},
		{"reversed tls break", wrap(v, `,"tls_breaks":[{"from":"2d","to":"1d"}]`), `tls break 0: "to" (1d) is not after`},
		{"reversed attack", wrap(v, `,"attacks":[{"from":"2d","to":"-1d"}]`), `attack 0: "to" (-1d) is not after "from" (2d)`},
		{"population share", wrap(v, `,"population":{"n":3,"new_share":1.5}`), `new_share 1.5`},
	}
	for _, c := range cases {
		_, err := ParseScenario([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
	// mode none needs no mx, and every result type a break may name is taken.
	ok := wrap(v+`,{"id":"2","mode":"none","max_age":"1d"}`, `,"tls_breaks":[{"from":"1d","to":"2d","result":"certificate-host-mismatch"},{"from":"1d","result":"validation-failure"}]`)
	if _, err := ParseScenario([]byte(ok)); err != nil {
		t.Errorf("valid scenario refused: %v", err)
	}
}

func TestOverrideChangesBehaviour(t *testing.T) {
	in := `{"until":"21d","versions":[{"id":"1","mode":"enforce","max_age":"7d","mx":["mx.example.com"],"at":"-30d"}],
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
	f.Add([]byte(`{"until":"1d","versions":[{"id":"1","mode":"enforce","max_age":"1d","mx":["mx.example.com"]}],"senders":[{"every":"1h"}]}`))
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

// A file of the wrong JSON shape is named in the file's terms, never by a
// Go type name.
func TestScenarioShapeErrorsNameNoGoType(t *testing.T) {
	for in, want := range map[string]string{
		`[1, 2]`: "it must be one JSON object",
		`{"until": "3d", "versions": {"id": "1"}}`: `"versions" cannot be a JSON object`,
		`{"until": "3d", "mx": "mx1.example.com"}`: `"mx" cannot be a JSON string`,
	} {
		_, err := ParseScenario([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "simulate.") || strings.Contains(err.Error(), "Go value") {
			t.Errorf("%s: %v; want %q", in, err, want)
		}
	}
}
