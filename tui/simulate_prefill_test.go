package tui

import (
	"slices"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

func TestPolicyFromReport(t *testing.T) {
	rep := probe.Report{
		Domain: "example.net",
		Record: &policy.Record{ID: "abc123"},
		Policy: &policy.Policy{Mode: policy.ModeTesting, MaxAge: 86400, MX: []string{"*.example.net"}},
	}
	p, ok := policyFromReport(rep)
	if !ok || p.Domain != "example.net" || p.ID != "abc123" || p.Mode != policy.ModeTesting ||
		p.MaxAge != 24*time.Hour || !slices.Equal(p.MX, []string{"*.example.net"}) {
		t.Fatalf("got %+v, %t", p, ok)
	}
	rep.Policy.MX[0] = "changed"
	if p.MX[0] != "*.example.net" {
		t.Error("the prefilled mx list shares the report's backing array")
	}

	// No valid policy: the domain and id are kept, ok is false.
	p, ok = policyFromReport(probe.Report{Domain: "none.example", Record: &policy.Record{ID: "7"}})
	if ok || p.Domain != "none.example" || p.ID != "7" || p.Mode != policy.ModeEnforce {
		t.Fatalf("no policy: got %+v, %t", p, ok)
	}
}
