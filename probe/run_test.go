package probe_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"go.uber.org/goleak"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
	"github.com/mtasts-doctor/mtasts-doctor/probe/fetch"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/probe/starttls"
)

// labWorld starts a world with the named lab scenarios.
func labWorld(t testing.TB, latency time.Duration, names ...string) *probetest.World {
	t.Helper()
	all, err := probetest.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	cfg := probetest.Config{Latency: latency}
	for _, s := range all {
		for _, n := range names {
			if s.Name == n {
				cfg.Domains = append(cfg.Domains, probetest.ScenarioDomain(s))
			}
		}
	}
	if len(cfg.Domains) != len(names) {
		t.Fatalf("found %d of the scenarios %v", len(cfg.Domains), names)
	}
	return probetest.New(t, cfg)
}

// The reader sees every step start and then finish, each once, then the
// Report with the steps in protocol order, although the steps run
// concurrently and are released as they finish.
func TestEventsStartThenFinishEachStep(t *testing.T) {
	w := labWorld(t, 0, "backup-mx-broken")
	var got []probe.Event
	for ev := range probe.Run(context.Background(), "backup-mx-broken.test", w.Options()) {
		got = append(got, ev)
	}
	order := probe.StepOrder()
	if len(got) != 2*len(order)+1 {
		t.Fatalf("got %d events, want %d", len(got), 2*len(order)+1)
	}
	state := map[probe.StepID]string{}
	for i, ev := range got[:len(got)-1] {
		s := ev.Step
		switch {
		case s.Status == probe.StatusRunning && state[s.ID] == "":
			state[s.ID] = "running"
		case s.Status.Done() && state[s.ID] == "running":
			state[s.ID] = "done"
		default:
			t.Errorf("event %d: %s %s after %q", i, s.ID, s.Status, state[s.ID])
		}
	}
	for _, id := range order {
		if state[id] != "done" {
			t.Errorf("step %s ended %q", id, state[id])
		}
	}
	rep := got[len(got)-1].Report
	if rep == nil || len(rep.Steps) != len(order) {
		t.Fatalf("last event carries no full Report: %+v", got[len(got)-1])
	}
	for i, id := range order {
		if rep.Steps[i].ID != id {
			t.Errorf("Report step %d is %s, want %s (protocol order)", i, rep.Steps[i].ID, id)
		}
	}
	if rep.Policy == nil || rep.Record == nil || rep.Policy.MaxAge == 0 {
		t.Errorf("the Report must carry the parsed record and policy for the simulator: %+v %+v", rep.Record, rep.Policy)
	}
}

// Cancelling mid-walk (here: a policy host that accepts and never answers,
// and an MX whose port 25 is filtered) returns promptly and leaves no
// goroutine behind.
func TestCancelReturnsPromptlyAndLeaksNothing(t *testing.T) {
	defer goleak.VerifyNone(t)
	w, err := probetest.Start(probetest.Config{Domains: scenarioDomains(t, "hostile-policy-hang", "mx-unreachable")})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	opts := w.Options()
	opts.Timeout = time.Minute
	for _, domain := range []string{"hostile-policy-hang.test", "mx-unreachable.test"} {
		ctx, cancel := context.WithCancel(context.Background())
		events := probe.Run(ctx, domain, opts)
		time.AfterFunc(200*time.Millisecond, cancel)
		start := time.Now()
		var rep *probe.Report
		for ev := range events {
			if ev.Report != nil {
				rep = ev.Report
			}
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s: Run took %s to end after cancel", domain, took)
		}
		if rep == nil {
			t.Errorf("%s: no Report after cancel", domain)
			continue
		}
		if v, ok := rep.Step(probe.StepVerdict); !ok || v.Status != probe.StatusError {
			t.Errorf("%s: verdict after cancel is %v, want error", domain, v.Status)
		}
		// A fetch cut short is not a fetch that failed: the verdict must
		// not say fail-open for the checker's own stop.
		if rep.Verdict.WithoutCache != probe.VerdictUnknown || len(rep.Verdict.RefusedMX) != 0 {
			t.Errorf("%s: verdict after cancel is %q (%s), want unknown", domain, rep.Verdict.WithoutCache, rep.Verdict.Reason)
		}
	}
}

func scenarioDomains(t testing.TB, names ...string) []probetest.Domain {
	all, err := probetest.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	var out []probetest.Domain
	for _, s := range all {
		for _, n := range names {
			if s.Name == n {
				out = append(out, probetest.ScenarioDomain(s))
			}
		}
	}
	return out
}

// BenchmarkWalkVsCriticalPath measures Check's wall time against the
// longest chain of dependent operations a sender performs for a healthy
// domain, each chain timed alone through the same transports with the same
// per-round-trip latency. The ratio (x-critical-path) should approach 1.
func BenchmarkWalkVsCriticalPath(b *testing.B) {
	const latency = 20 * time.Millisecond
	w := labWorld(b, latency, "healthy-enforce")
	opts := w.Options()
	ctx := context.Background()
	const domain = "healthy-enforce.test"
	client := &dnsx.Client{Servers: opts.Resolvers, Timeout: time.Second}

	timeChain := func(f func()) time.Duration { start := time.Now(); f(); return time.Since(start) }
	policyChain := timeChain(func() {
		client.Lookup(ctx, "_mta-sts."+domain, dns.TypeTXT)
		a := client.Lookup(ctx, "mta-sts."+domain, dns.TypeA)
		fetch.Policy(ctx, fetch.Request{Host: "mta-sts." + domain, Addresses: a.Addrs, RootCAs: opts.RootCAs, DialContext: opts.DialContext})
	})
	mxChain := timeChain(func() {
		mx := client.Lookup(ctx, domain, dns.TypeMX)
		a := client.Lookup(ctx, mx.MX[0].Host, dns.TypeA)
		starttls.Probe(ctx, starttls.Request{MX: mx.MX[0].Host, Address: a.Addrs[0], RootCAs: opts.RootCAs, DialContext: opts.DialContext})
	})
	critical := max(policyChain, mxChain)

	b.ResetTimer()
	start := time.Now()
	for range b.N {
		rep := probe.Check(ctx, domain, opts)
		if rep.Verdict.WithoutCache != probe.VerdictEnforce {
			b.Fatalf("verdict %s: %s", rep.Verdict.WithoutCache, rep.Verdict.Reason)
		}
	}
	perRun := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(perRun)/float64(critical), "x-critical-path")
	b.ReportMetric(float64(critical.Milliseconds()), "critical-ms")
	b.ReportMetric(float64(policyChain.Milliseconds()), "policy-chain-ms")
	b.ReportMetric(float64(mxChain.Milliseconds()), "mx-chain-ms")
}

// BenchmarkWalkMemory reports what one full walk allocates.
func BenchmarkWalkMemory(b *testing.B) {
	w := labWorld(b, 0, "healthy-enforce")
	opts := w.Options()
	b.ReportAllocs()
	for range b.N {
		probe.Check(context.Background(), "healthy-enforce.test", opts)
	}
}

// A zone with thousands of MX records gets a bounded walk: at most a
// handful of hosts probed, a note saying so, and an answer within the
// deadline rather than thousands of connections.
func TestHugeMXSetIsBounded(t *testing.T) {
	const domain = "huge-mx.test"
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{{
		Name: domain,
		Zone: []string{
			`_mta-sts TXT "v=STSv1; id=1"`,
			"@ MX 1 mx1",
			`_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{D}"`,
		},
		Names: []probetest.NameOpts{{Name: "@", HugeMX: 2500}},
		Web:   []probetest.WebHost{{Host: "mta-sts", Body: "version: STSv1\r\nmode: enforce\r\nmx: *.{D}\r\nmax_age: 604800\r\n"}},
		Mail:  []probetest.MailHost{{Host: "mx1"}},
	}}})
	opts := w.Options()
	opts.Timeout = 3 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rep := probe.Check(ctx, domain, opts)
	if ctx.Err() != nil {
		t.Fatal("the walk did not end within 30 s")
	}
	mx, _ := rep.Step(probe.StepMX)
	tls, _ := rep.Step(probe.StepMXTLS)
	hosts := map[string]bool{}
	for _, h := range tls.Hosts {
		hosts[h.MX] = true
	}
	if len(hosts) == 0 || len(hosts) > 16 {
		t.Fatalf("probed %d MX hosts, want 1..16", len(hosts))
	}
	if !hosts["mx1."+domain] {
		t.Errorf("the most preferred MX was not probed: %v", hosts)
	}
	noted := false
	for _, n := range mx.Evidence.Notes {
		noted = noted || strings.Contains(n, "only the first 16 by preference are probed")
	}
	if !noted {
		t.Errorf("the mx step does not say it cut the MX set: %v", mx.Evidence.Notes)
	}
	// Every MX is judged (issue 10 item 3), but the evidence stays short.
	if !strings.Contains(mx.Summary, "999 MX hosts") {
		t.Errorf("the mx step did not judge all 999 MX hosts: %q", mx.Summary)
	}
	if len(mx.Evidence.Notes) > 20 || len(mx.Diagnostics) > 20 {
		t.Errorf("%d notes and %d findings for one MX set; want them summed up", len(mx.Evidence.Notes), len(mx.Diagnostics))
	}
}

// RFC 8461 §3.4: senders never fall back to the parent zone, so a
// subdomain without its own record is unprotected even when the parent
// has a policy — the walk says so. And a TLS-RPT record left at the
// drafts' name "_smtp-tlsrpt" is found and named (RFC 8460 §3).
func TestHintsForRecordsAtTheWrongName(t *testing.T) {
	const parent = "parent.test"
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{{
		Name: parent,
		Zone: []string{
			`_mta-sts TXT "v=STSv1; id=1"`,
			"@ MX 10 mx1",
			"sub MX 10 mx1",
			`_smtp-tlsrpt.sub TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{D}"`,
		},
		Web:  []probetest.WebHost{{Host: "mta-sts", Body: "version: STSv1\r\nmode: enforce\r\nmx: mx1.{D}\r\nmax_age: 604800\r\n"}},
		Mail: []probetest.MailHost{{Host: "mx1"}},
	}}})
	rep := probe.Check(context.Background(), "sub."+parent, w.Options())
	if rep.Verdict.WithoutCache != probe.VerdictNone {
		t.Errorf("verdict %s, want none: the parent's policy does not apply", rep.Verdict.WithoutCache)
	}
	for step, code := range map[probe.StepID]string{
		probe.StepRecord: string(probe.CodeParentPolicy),
		probe.StepTLSRPT: string(probe.CodeTLSRPTOldName),
	} {
		st, _ := rep.Step(step)
		found := false
		for _, d := range st.Diagnostics {
			found = found || string(d.Code) == code
		}
		if !found {
			t.Errorf("step %s lacks %s: %v", step, code, st.Diagnostics)
		}
	}
	// The parent itself gets neither hint.
	rep = probe.Check(context.Background(), parent, w.Options())
	for _, st := range rep.Steps {
		for _, d := range st.Diagnostics {
			if d.Code == probe.CodeParentPolicy {
				t.Errorf("%s: parent hint on the parent itself", st.ID)
			}
		}
	}
}

// What a reader receives is its own: changing an event while the walk goes
// on must not race with the walk (go test -race catches a shared slice).
func TestReaderOwnsTheEvents(t *testing.T) {
	w := labWorld(t, 0, "backup-mx-broken")
	for ev := range probe.Run(context.Background(), "backup-mx-broken.test", w.Options()) {
		s := &ev.Step
		for i := range s.Hosts {
			s.Hosts[i].Status, s.Hosts[i].MX, s.Hosts[i].ResultType = probe.StatusOK, "scribbled", ""
		}
		for i := range s.Diagnostics {
			s.Diagnostics[i].Message = "scribbled"
		}
		for i := range s.Evidence.DNS {
			s.Evidence.DNS[i].Answers = nil
		}
		if ev.Report != nil && ev.Report.Verdict.WithoutCache != probe.VerdictEnforce {
			t.Errorf("verdict %s", ev.Report.Verdict.WithoutCache)
		}
		if ev.Report != nil && len(ev.Report.Verdict.RefusedMX) != 1 {
			t.Errorf("the reader's scribbles changed the verdict: refused %v", ev.Report.Verdict.RefusedMX)
		}
	}
}

// A null MX (RFC 7505) means the domain takes no mail: the verdict says the
// policy protects nothing instead of counting zero hosts that pass.
func TestNullMXVerdict(t *testing.T) {
	const domain = "null-mx.test"
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{{
		Name: domain,
		Zone: []string{`_mta-sts TXT "v=STSv1; id=1"`, "@ MX 0 ."},
		Web:  []probetest.WebHost{{Host: "mta-sts", Body: "version: STSv1\r\nmode: enforce\r\nmx: mx1.{D}\r\nmax_age: 604800\r\n"}},
	}}})
	rep := probe.Check(context.Background(), domain, w.Options())
	if !strings.Contains(rep.Verdict.Reason, "no MX host to deliver to") || !strings.Contains(rep.Verdict.Reason, "null MX") {
		t.Errorf("verdict reason %q", rep.Verdict.Reason)
	}
	if mx, _ := rep.Step(probe.StepMX); mx.Status != probe.StatusWarn {
		t.Errorf("mx step %s (%s), want warn", mx.Status, mx.Summary)
	}
}

// A step's result is released when it is known: while the policy fetch
// waits on a slow host, the TLS-RPT result has already arrived (it read
// "pending" for the whole wait when results were held back in protocol
// order). MX and STARTTLS judge coverage, so they wait for the policy.
func TestFastStepsAreNotHeldBehindASlowOne(t *testing.T) {
	all, err := probetest.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	cfg := probetest.Config{TimeScale: 0.3}
	for _, s := range all {
		if s.Name == "policy-slow" {
			cfg.Domains = append(cfg.Domains, probetest.ScenarioDomain(s))
		}
	}
	w := probetest.New(t, cfg)
	seen := map[probe.StepID]bool{}
	var before []probe.StepID
	for ev := range probe.Run(context.Background(), "policy-slow.test", w.Options()) {
		s := ev.Step
		if ev.Report != nil || !s.Status.Done() {
			continue
		}
		if s.ID == probe.StepPolicyFetch {
			for _, id := range []probe.StepID{probe.StepRecord, probe.StepTLSRPT} {
				if seen[id] {
					before = append(before, id)
				}
			}
		}
		seen[s.ID] = true
	}
	if len(before) != 2 {
		t.Errorf("before the slow policy fetch finished, only %v had arrived", before)
	}
}
