package probe_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/probe/senders"
)

// TestSenderVerdicts: the verdict says what each real sender does with no
// cached policy, by the rule of its own code (issue 11).
func TestSenderVerdicts(t *testing.T) {
	type row = map[string]senders.Outcome
	tests := []struct {
		name, scenario string
		want           row
	}{
		{"resolver.py:157-158@a000619: only postfix-mta-sts-resolver rejects max_age above 31557600", "max-age-too-large",
			row{"rfc": "fail-open", "mox": "enforce", "postfix-mta-sts-resolver": "fail-open", "postfix-tlspol": "enforce", "go-mtasts": "enforce"}},
		{"resolver.py:121-122@a000619, mta-sts.go:416-418@ffe1e2d, cache.go:39-46@1438da2: wrong Content-Type; mox mtasts.go:301-302@1c95876 does not look", "policy-wrong-content-type",
			row{"rfc": "fail-open", "mox": "enforce", "postfix-mta-sts-resolver": "fail-open", "postfix-tlspol": "fail-open", "go-mtasts": "fail-open"}},
		{"responder.py:222-223@a000619 and mta-sts.go:348-353@ffe1e2d: testing is no policy", "healthy-testing",
			row{"rfc": "testing", "mox": "testing", "postfix-mta-sts-resolver": "none", "postfix-tlspol": "none", "go-mtasts": "testing"}},
		{"healthy: every sender enforces", "healthy-enforce",
			row{"rfc": "enforce", "mox": "enforce", "postfix-mta-sts-resolver": "enforce", "postfix-tlspol": "enforce", "go-mtasts": "enforce"}},
	}
	names := []string{}
	for _, tt := range tests {
		names = append(names, tt.scenario)
	}
	w := labWorld(t, 0, names...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := probe.Check(context.Background(), tt.scenario+".test", w.Options())
			checkRows(t, rep, tt.want)
		})
	}
}

func checkRows(t *testing.T, rep *probe.Report, want map[string]senders.Outcome) {
	t.Helper()
	got := rep.Verdict.Senders
	if len(got) != len(want) || got[0].Name != "rfc" {
		t.Fatalf("senders = %+v", got)
	}
	for _, sv := range got {
		if sv.WithoutCache != want[sv.Name] {
			t.Errorf("%s: %s (%s), want %s", sv.Name, sv.WithoutCache, sv.Reason, want[sv.Name])
		}
		if sv.Reason == "" {
			t.Errorf("%s: no reason", sv.Name)
		}
		if !sv.Reports && len(sv.TLSRPTResultTypes) > 0 {
			t.Errorf("%s sends no reports but lists %v", sv.Name, sv.TLSRPTResultTypes)
		}
	}
}

// maddy security.go:185-191@837b1b8 bounces mail to an MX the enforce
// policy does not list; mox queue/direct.go:202-224,340-364@1c95876 and the
// RFC defer it.
func TestSenderVerdictUncoveredMX(t *testing.T) {
	const domain = "uncovered.test"
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{{
		Name: domain,
		Zone: []string{`_mta-sts TXT "v=STSv1; id=1"`, "@ MX 10 mx1"},
		Web:  []probetest.WebHost{{Host: "mta-sts", Body: "version: STSv1\r\nmode: enforce\r\nmx: other.example\r\nmax_age: 604800\r\n"}},
		Mail: []probetest.MailHost{{Host: "mx1"}},
	}}})
	rep := probe.Check(context.Background(), domain, w.Options())
	checkRows(t, rep, map[string]senders.Outcome{"rfc": "defer", "mox": "defer", "postfix-mta-sts-resolver": "defer", "postfix-tlspol": "defer", "go-mtasts": "bounce"})
	for _, sv := range rep.Verdict.Senders {
		if sv.Name == "mox" && (len(sv.TLSRPTResultTypes) != 1 || sv.TLSRPTResultTypes[0] != "validation-failure") {
			t.Errorf("mox reports %v, want [validation-failure] (queue/direct.go:207@1c95876)", sv.TLSRPTResultTypes)
		}
		if sv.Name == "go-mtasts" && !strings.Contains(sv.Reason, "bounces") {
			t.Errorf("go-mtasts reason %q", sv.Reason)
		}
	}
}

// mox mtastsdb/db.go:232-241 and queue/direct.go:171-181@1c95876: a
// temporary TXT failure with no cached policy defers the message; the
// others deliver without MTA-STS.
func TestSenderVerdictTXTTemporaryError(t *testing.T) {
	const domain = "txt-servfail.test"
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{{
		Name:  domain,
		Zone:  []string{`_mta-sts TXT "v=STSv1; id=1"`, "@ MX 10 mx1"},
		Names: []probetest.NameOpts{{Name: "_mta-sts", Fault: "servfail"}},
		Web:   []probetest.WebHost{{Host: "mta-sts", Body: "version: STSv1\r\nmode: enforce\r\nmx: mx1.{D}\r\nmax_age: 604800\r\n"}},
		Mail:  []probetest.MailHost{{Host: "mx1"}},
	}}})
	rep := probe.Check(context.Background(), domain, w.Options())
	checkRows(t, rep, map[string]senders.Outcome{"rfc": "fail-open", "mox": "defer", "postfix-mta-sts-resolver": "fail-open", "postfix-tlspol": "fail-open", "go-mtasts": "fail-open"})
	for _, sv := range rep.Verdict.Senders {
		if sv.Name == "mox" && (len(sv.TLSRPTResultTypes) != 1 || sv.TLSRPTResultTypes[0] != "sts-policy-fetch-error") {
			t.Errorf("mox reports %v, want [sts-policy-fetch-error] (mtastsdb/db.go:238@1c95876)", sv.TLSRPTResultTypes)
		}
	}
}
