package probetest

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestEmbeddedScenariosLoad(t *testing.T) {
	s, err := Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	if len(s) < 33 || s[0].Name != "healthy-enforce" {
		t.Fatalf("%d scenarios, first %q", len(s), s[0].Name)
	}
}

func TestScenarioValidation(t *testing.T) {
	steps := `"steps":{"mta-sts-record":"ok","policy-host":"ok","policy-fetch":"ok","policy":"ok","mx":"ok","mx-tls":"ok","tls-rpt":"ok","dane":"ok","verdict":"ok"}`
	good := `{"name":"x","title":"t","story":"s","world":{"web":[{"host":"mta-sts"}]},"expect":{` + steps + `,"verdict":"enforce"}}`
	cases := []struct {
		name, json, err string
	}{
		{"valid", good, ""},
		{"unknown web behaviour", strings.Replace(good, `"host":"mta-sts"`, `"host":"mta-sts","behaviour":"teleport"`, 1), "teleport"},
		{"unknown certificate kind", strings.Replace(good, `"host":"mta-sts"`, `"host":"mta-sts","cert":"shiny"`, 1), "shiny"},
		{"unknown mail behaviour", strings.Replace(good, `"web":[{"host":"mta-sts"}]`, `"mail":[{"host":"mx1","behaviour":"teleport"}]`, 1), "teleport"},
		{"unknown DNS fault", strings.Replace(good, `"web":[{"host":"mta-sts"}]`, `"names":[{"name":"@","fault":"melt"}]`, 1), "melt"},
		{"unknown field (a typo)", strings.Replace(good, `"host":"mta-sts"`, `"hots":"mta-sts"`, 1), "unknown field"},
		{"bad duration", strings.Replace(good, `"host":"mta-sts"`, `"host":"mta-sts","delay":"soon"`, 1), "duration"},
		{"missing step", strings.Replace(good, `"dane":"ok",`, ``, 1), "dane"},
		{"unknown status", strings.Replace(good, `"dane":"ok"`, `"dane":"fine"`, 1), "fine"},
		{"unknown verdict", strings.Replace(good, `"verdict":"enforce"`, `"verdict":"maybe"`, 1), "maybe"},
		{"name not a DNS label", strings.Replace(good, `"name":"x"`, `"name":"Bad Name"`, 1), "label"},
		{"no story", strings.Replace(good, `"story":"s"`, `"story":""`, 1), "story"},
		{"defined twice", good + "," + good, "twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"s/a.json": {Data: []byte("[" + tc.json + "]")}}
			_, err := LoadScenarios(fsys, "s")
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("got %v, want an error about %q", err, tc.err)
			}
		})
	}
}
