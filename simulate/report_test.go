package simulate

import (
	"encoding/json"
	"strings"
	"testing"
)

// Every duration simulate prints as JSON is in seconds under a "_seconds"
// name: the report (removal plan included) and the profile list. A number
// under any other name must be a count.
func TestJSONDurationsAreSeconds(t *testing.T) {
	sc := Cached(mustProfile(t, "rfc"), 7*Day, 2*Day, 10*Day, 21*Day, 3600e9)
	rep, err := json.Marshal(sc.Run().Report(nil))
	if err != nil {
		t.Fatal(err)
	}
	profs, err := json.Marshal(Profiles())
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range [][]byte{rep, profs} {
		var v any
		if err := json.Unmarshal(doc, &v); err != nil {
			t.Fatal(err)
		}
		checkSecondsNames(t, v, "")
	}
	var got []map[string]any
	if err := json.Unmarshal(profs, &got); err != nil {
		t.Fatal(err)
	}
	if got[0]["fetch_timeout_seconds"] != float64(60) || got[0]["backoff_seconds"] != float64(300) || got[0]["refresh_every_seconds"] != float64(86400) {
		t.Errorf("rfc profile: %v", got[0])
	}
	var r struct {
		Summary struct {
			Removal map[string]any `json:"removal_plan"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(rep, &r); err != nil {
		t.Fatal(err)
	}
	if r.Summary.Removal["remove_at_seconds"] != float64(7*86400+3600) || r.Summary.Removal["none_max_age_seconds"] != float64(86400) {
		t.Errorf("removal plan: %v", r.Summary.Removal)
	}
}

func checkSecondsNames(t *testing.T, v any, path string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if _, isNum := x.(float64); isNum && !strings.HasSuffix(k, "_seconds") && !strings.HasSuffix(path, ".counts") && k != "refresh_alerts" {
				t.Errorf("%s.%s = %v: a number that is not a count needs a _seconds name", path, k, x)
			}
			checkSecondsNames(t, x, path+"."+k)
		}
	case []any:
		for _, x := range v {
			checkSecondsNames(t, x, path+"[]")
		}
	}
}

// A duration override may be named as --profiles --json prints it.
func TestOverrideAcceptsSecondsNames(t *testing.T) {
	p := mustProfile(t, "rfc")
	if err := p.Override(map[string]json.RawMessage{"refresh_every_seconds": json.RawMessage("0"), "backoff": json.RawMessage(`"10m"`)}); err != nil {
		t.Fatal(err)
	}
	if p.RefreshEvery != 0 || p.Backoff != 600e9 {
		t.Errorf("got refresh %s backoff %s", p.RefreshEvery, p.Backoff)
	}
	if err := p.Override(map[string]json.RawMessage{"reports_seconds": json.RawMessage("1")}); err == nil {
		t.Error("a flag has no _seconds name")
	}
}
