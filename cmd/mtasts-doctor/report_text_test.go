package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// The default report explains a failing mx-tls step with the addresses that
// failed and the ends of their transcripts; -v shows everything.
func TestReportIsBriefUnlessVerbose(t *testing.T) {
	var long []string
	for i := range 100 {
		long = append(long, fmt.Sprintf("S: 250-line %d", i))
	}
	rep := &probe.Report{Domain: "example.test", Steps: []probe.Step{{
		ID: probe.StepMXTLS, Status: probe.StatusFail, Summary: "1 of 2 MX addresses fails",
		Hosts: []probe.HostResult{
			{MX: "good.example.test", Address: "192.0.2.1", Status: probe.StatusOK, Transcript: []string{"S: 220 good"}},
			{MX: "bad.example.test", Address: "192.0.2.2", Status: probe.StatusFail, Transcript: long},
		},
	}}}
	var brief, full bytes.Buffer
	printReport(&brief, rep, reportStyle{})
	printReport(&full, rep, reportStyle{verbose: true})
	b, f := brief.String(), full.String()
	if strings.Contains(b, "good.example.test") || !strings.Contains(b, "bad.example.test") {
		t.Errorf("the brief report must show only the failing address:\n%s", b)
	}
	if !strings.Contains(b, "S: 250-line 0") || !strings.Contains(b, "S: 250-line 99") || strings.Contains(b, "S: 250-line 50") || !strings.Contains(b, "89 more lines (-v shows them)") {
		t.Errorf("the brief transcript must keep its ends and say what it left out:\n%s", b)
	}
	if !strings.Contains(f, "good.example.test") || !strings.Contains(f, "S: 250-line 50") {
		t.Errorf("-v must show every address and line:\n%s", f)
	}
}

// Issue 11: the plain report shows the per-sender table only when the
// senders disagree.
func TestSenderTableOnlyWhenSendersDisagree(t *testing.T) {
	plain := func(_, s string) string { return s }
	agree := []probe.SenderVerdict{{Name: "rfc", WithoutCache: "enforce", Reason: "a"}, {Name: "mox", WithoutCache: "enforce", Reason: "b"}}
	var b strings.Builder
	writeSenderTable(&b, agree, plain)
	if b.Len() != 0 {
		t.Errorf("agreeing senders printed a table:\n%s", b.String())
	}
	disagree := append(agree, probe.SenderVerdict{Name: "postfix-mta-sts-resolver", WithoutCache: "fail-open", Reason: "rejects the policy (max_age)"})
	writeSenderTable(&b, disagree, plain)
	out := b.String()
	for _, want := range []string{"Real senders disagree", "rfc", "mox", "postfix-mta-sts-resolver  fail-open  rejects the policy (max_age)"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
