package probe_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

func nsDomain() probetest.Domain {
	return probetest.Domain{
		Name: "ns.test",
		Zone: []string{`_mta-sts TXT "v=STSv1; id=new"`, "@ MX 10 mx1"},
		Web:  []probetest.WebHost{{Host: "mta-sts", Body: "version: STSv1\r\nmode: enforce\r\nmx: mx1.{D}\r\nmax_age: 604800\r\n"}},
		Mail: []probetest.MailHost{{Host: "mx1"}},
		NS:   []probetest.NameServer{{Host: "ns1"}, {Host: "ns2"}},
	}
}

func findingsOf(st probe.Step, code diag.Code) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range st.Diagnostics {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

// TestEveryNameserverIsAsked: each authoritative server is asked
// directly; one serving the old id and one not answering are named.
func TestEveryNameserverIsAsked(t *testing.T) {
	d := nsDomain()
	d.NS = append(d.NS,
		probetest.NameServer{Host: "ns3", Zone: []string{`_mta-sts TXT "v=STSv1; id=old"`, "@ MX 10 mx1"}},
		probetest.NameServer{Host: "ns4", Fault: "drop"})
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{d}})
	opts := w.Options()
	opts.NoSMTP = true
	// ns4 drops queries and waits this out; the others must answer within
	// it on a loaded machine too (at 300 ms a slow answer would name a healthy
	// server unreachable).
	opts.Timeout = 2 * time.Second
	rep := probe.Check(context.Background(), "ns.test", opts)
	st, _ := rep.Step(probe.StepRecord)
	if len(st.Evidence.Nameservers) != 4 {
		t.Fatalf("asked %d servers: %+v", len(st.Evidence.Nameservers), st.Evidence.Nameservers)
	}
	inc := findingsOf(st, probe.CodeNSInconsistent)
	if len(inc) != 1 || inc[0].Severity != diag.Error || !strings.Contains(inc[0].Message, "ns3.ns.test") ||
		!strings.Contains(inc[0].Message, "id=old") || !strings.Contains(inc[0].Message, "id=new") {
		t.Errorf("inconsistent: %v", inc)
	}
	un := findingsOf(st, probe.CodeNSUnreachable)
	if len(un) != 1 || !strings.Contains(un[0].Message, "ns4.ns.test") || strings.Contains(un[0].Message, "ns1.ns.test") {
		t.Errorf("unreachable: %v", un)
	}
	if st.Status != probe.StatusFail {
		t.Errorf("record step %s, want fail (a step is at least its worst finding)", st.Status)
	}
	if rep.Record == nil || rep.Record.ID != "new" {
		t.Errorf("the resolver's answer changed: %+v", rep.Record)
	}
}

// TestAgreeingNameserversSayNothing and a lagging server caught up by a
// change to the running world.
func TestAgreeingNameserversSayNothing(t *testing.T) {
	d := nsDomain()
	d.NS = append(d.NS, probetest.NameServer{Host: "ns3", Zone: []string{`_mta-sts TXT "v=STSv1; id=old"`, "@ MX 10 mx1"}})
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{d}})
	opts := w.Options()
	opts.NoSMTP = true
	if err := w.Change("ns.test", func(d *probetest.Domain) { d.NS[2].Zone = nil }); err != nil {
		t.Fatal(err)
	}
	rep := probe.Check(context.Background(), "ns.test", opts)
	st, _ := rep.Step(probe.StepRecord)
	if len(st.Evidence.Nameservers) != 3 || len(findingsOf(st, probe.CodeNSInconsistent)) != 0 || st.Status != probe.StatusOK {
		t.Errorf("status %s, answers %+v, diags %v", st.Status, st.Evidence.Nameservers, st.Diagnostics)
	}
}
