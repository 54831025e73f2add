package diag

import (
	"encoding/json"
	"testing"
)

func TestSeverityJSONRoundTrip(t *testing.T) {
	for _, s := range []Severity{Info, Warning, Error} {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back Severity
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Fatalf("%s: round trip gave %v, %v", b, back, err)
		}
	}
	if _, err := json.Marshal(Severity(7)); err == nil {
		t.Fatal("an unknown severity must not marshal")
	}
}

func TestListValidity(t *testing.T) {
	var l List
	if l.HasErrors() {
		t.Fatal("empty list has no errors")
	}
	l = append(l, Diagnostic{Severity: Warning})
	if l.HasErrors() {
		t.Fatal("a warning does not make input invalid")
	}
	l = append(l, Diagnostic{Severity: Error})
	if !l.HasErrors() || l.Count(Error) != 1 || l.Worst() != Error {
		t.Fatalf("got HasErrors=%v Count=%d Worst=%v", l.HasErrors(), l.Count(Error), l.Worst())
	}
	b, _ := json.Marshal(List(nil))
	if string(b) != "[]" {
		t.Fatalf("nil list marshals as %s, want []", b)
	}
}

func TestStringForm(t *testing.T) {
	d := Diagnostic{Code: "policy.mx.ip_address", Severity: Error, Message: "mx is an IP address", RFC: "RFC 8461 §3.2", Line: 3, Column: 1}
	if got, want := d.String(), "3:1 error policy.mx.ip_address: mx is an IP address (RFC 8461 §3.2)"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
