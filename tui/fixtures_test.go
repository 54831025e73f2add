package tui

import (
	"context"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// t0 is the fake clock's "now": every elapsed time in a golden file is
// computed against it.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return t0.Add(1500 * time.Millisecond) }

func step(id probe.StepID, st probe.Status, ms int, summary string) probe.Step {
	return probe.Step{ID: id, Status: st, Started: t0, Duration: time.Duration(ms) * time.Millisecond, Summary: summary}
}

func dnsTXT(name string, answers ...string) probe.Evidence {
	return probe.Evidence{DNS: []probe.DNSQuery{{Name: name, Type: "TXT", Server: "127.0.0.53:53", Rcode: "NOERROR", Answers: answers, RTT: 3 * time.Millisecond}}}
}

// healthySteps is example.com done right: enforce, one MX, TLS-RPT.
func healthySteps() []probe.Step {
	rec := step(probe.StepRecord, probe.StatusOK, 4, "one valid record, id 20260301")
	rec.Evidence = dnsTXT("_mta-sts.example.com", `"v=STSv1; id=20260301"`)
	host := step(probe.StepPolicyHost, probe.StatusOK, 3, "mta-sts.example.com has 1 address")
	host.Evidence = probe.Evidence{DNS: []probe.DNSQuery{{Name: "mta-sts.example.com", Type: "A", Server: "127.0.0.53:53", Rcode: "NOERROR", Answers: []string{"192.0.2.10"}}}}
	fetch := step(probe.StepPolicyFetch, probe.StatusOK, 85, "200 OK, text/plain, 112 bytes")
	fetch.Evidence = probe.Evidence{
		HTTP: []probe.HTTPExchange{{URL: "https://mta-sts.example.com/.well-known/mta-sts.txt", Address: "192.0.2.10:443", Status: 200,
			Headers: map[string]string{"Content-Type": "text/plain"}, TLSVersion: "TLS 1.3", CipherSuite: "TLS_AES_128_GCM_SHA256", BodyBytes: 112}},
		Certificates: []probe.Certificate{{Subject: "CN=mta-sts.example.com", SANs: []string{"mta-sts.example.com"}, Issuer: "CN=Lab CA",
			NotBefore: t0.AddDate(0, -1, 0), NotAfter: t0.AddDate(0, 2, 0)}},
	}
	pol := step(probe.StepPolicy, probe.StatusOK, 1, "mode enforce, max_age 604800 (7 days), 1 mx pattern")
	pol.Evidence = probe.Evidence{Body: "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\n"}
	mx := step(probe.StepMX, probe.StatusOK, 3, "1 MX host, all covered by the policy")
	mx.Evidence = probe.Evidence{DNS: []probe.DNSQuery{{Name: "example.com", Type: "MX", Server: "127.0.0.53:53", Rcode: "NOERROR", Answers: []string{"10 mail.example.com."}}}}
	tls := step(probe.StepMXTLS, probe.StatusOK, 240, "STARTTLS and a valid certificate on every MX address")
	tls.Hosts = []probe.HostResult{{MX: "mail.example.com", Address: "192.0.2.25:25", Status: probe.StatusOK, Covered: true, Pattern: "mail.example.com",
		STARTTLS: true, TLSVersion: "TLS 1.3", CipherSuite: "TLS_AES_128_GCM_SHA256",
		Transcript: []string{"S: 220 mail.example.com ESMTP", "C: EHLO mtasts-doctor", "S: 250-STARTTLS", "C: STARTTLS", "S: 220 go ahead"}}}
	rpt := step(probe.StepTLSRPT, probe.StatusOK, 3, "reports go to mailto:tlsrpt@example.com")
	rpt.Evidence = dnsTXT("_smtp._tls.example.com", `"v=TLSRPTv1; rua=mailto:tlsrpt@example.com"`)
	dane := step(probe.StepDANE, probe.StatusSkipped, 2, "no TLSA records: MTA-STS applies")
	verdict := step(probe.StepVerdict, probe.StatusOK, 0, "senders enforce the policy")
	// The commands as probe/commands.go builds them for this walk.
	rec.Commands = []string{"dig @127.0.0.53 TXT _mta-sts.example.com"}
	host.Commands = []string{"dig @127.0.0.53 A mta-sts.example.com", "dig @127.0.0.53 AAAA mta-sts.example.com"}
	fetch.Commands = []string{
		"curl -sv --max-redirs 0 --resolve mta-sts.example.com:443:192.0.2.10 https://mta-sts.example.com/.well-known/mta-sts.txt",
		"openssl s_client -connect 192.0.2.10:443 -servername mta-sts.example.com -verify_hostname mta-sts.example.com -verify_return_error </dev/null",
	}
	pol.Commands = []string{"curl -s --max-redirs 0 --resolve mta-sts.example.com:443:192.0.2.10 https://mta-sts.example.com/.well-known/mta-sts.txt"}
	mx.Commands = []string{"dig @127.0.0.53 MX example.com"}
	tls.Commands = []string{"openssl s_client -starttls smtp -connect 192.0.2.25:25 -servername mail.example.com -verify_hostname mail.example.com -verify_return_error </dev/null"}
	rpt.Commands = []string{"dig @127.0.0.53 TXT _smtp._tls.example.com"}
	dane.Commands = []string{"dig @127.0.0.53 +dnssec TLSA _25._tcp.mail.example.com"}
	return []probe.Step{rec, host, fetch, pol, mx, tls, rpt, dane, verdict}
}

// missingSteps is policy-missing.test: the TXT record announces a policy,
// the policy host answers 404.
func missingSteps() []probe.Step {
	rec := step(probe.StepRecord, probe.StatusOK, 4, "one valid record, id 1")
	rec.Evidence = dnsTXT("_mta-sts.policy-missing.test", `"v=STSv1; id=1"`)
	host := step(probe.StepPolicyHost, probe.StatusOK, 2, "mta-sts.policy-missing.test has 1 address")
	fetch := step(probe.StepPolicyFetch, probe.StatusFail, 40, "the policy file cannot be fetched: HTTP 404")
	fetch.Evidence = probe.Evidence{HTTP: []probe.HTTPExchange{{URL: "https://mta-sts.policy-missing.test/.well-known/mta-sts.txt",
		Address: "127.0.0.1:443", Status: 404, Headers: map[string]string{"Content-Type": "text/html"}, TLSVersion: "TLS 1.3", BodyBytes: 19}}}
	fetch.Diagnostics = diag.List{{Code: "fetch.status", Severity: diag.Error, RFC: "RFC 8461 §3.3",
		Message: "HTTP 404 Not Found: a policy is only valid with 200 OK"}}
	pol := step(probe.StepPolicy, probe.StatusSkipped, 0, "no policy to parse")
	mx := step(probe.StepMX, probe.StatusOK, 2, "1 MX host")
	tls := step(probe.StepMXTLS, probe.StatusOK, 120, "STARTTLS on every MX address")
	tls.Hosts = []probe.HostResult{{MX: "mail.policy-missing.test", Address: "127.0.0.1:25", Status: probe.StatusOK, STARTTLS: true, TLSVersion: "TLS 1.3"}}
	rpt := step(probe.StepTLSRPT, probe.StatusWarn, 2, "no TLS-RPT record")
	rpt.Diagnostics = diag.List{{Code: "tlsrpt.none", Severity: diag.Warning, RFC: "RFC 8460 §3", Message: "no TXT record at _smtp._tls.policy-missing.test"}}
	dane := step(probe.StepDANE, probe.StatusSkipped, 1, "no TLSA records")
	verdict := step(probe.StepVerdict, probe.StatusFail, 0, "senders without a cached policy deliver fail-open")
	rec.Commands = []string{"dig @127.0.0.53 TXT _mta-sts.policy-missing.test"}
	fetch.Commands = []string{
		"curl -sv --max-redirs 0 --resolve mta-sts.policy-missing.test:443:127.0.0.1 https://mta-sts.policy-missing.test/.well-known/mta-sts.txt",
		"openssl s_client -connect 127.0.0.1:443 -servername mta-sts.policy-missing.test -verify_hostname mta-sts.policy-missing.test -verify_return_error </dev/null",
	}
	tls.Commands = []string{"openssl s_client -starttls smtp -connect 127.0.0.1:25 -servername mail.policy-missing.test -verify_hostname mail.policy-missing.test -verify_return_error </dev/null"}
	return []probe.Step{rec, host, fetch, pol, mx, tls, rpt, dane, verdict}
}

func reportOf(domain string, steps []probe.Step, v probe.Verdict) *probe.Report {
	return &probe.Report{Domain: domain, Started: t0, Duration: 460 * time.Millisecond, Steps: steps, Verdict: v}
}

func healthyReport() *probe.Report {
	return reportOf("example.com", healthySteps(), probe.Verdict{WithoutCache: "enforce", Reason: "the policy is valid and every MX passes"})
}

func missingReport() *probe.Report {
	return reportOf("policy-missing.test", missingSteps(), probe.Verdict{WithoutCache: "fail-open",
		Reason:            "the TXT record announces MTA-STS but the policy file cannot be fetched (404)",
		TLSRPTResultTypes: []policy.ResultType{policy.ResultSTSPolicyFetchError}})
}

// stream turns finished steps into the event sequence probe.Run sends: a
// running snapshot, then the final one, per step, then the Report.
func stream(rep *probe.Report) []probe.Event {
	var evs []probe.Event
	for _, s := range rep.Steps {
		r := s
		r.Status, r.Duration, r.Summary, r.Evidence, r.Diagnostics, r.Hosts = probe.StatusRunning, 0, "", probe.Evidence{}, nil, nil
		evs = append(evs, probe.Event{Step: r}, probe.Event{Step: s})
	}
	return append(evs, probe.Event{Report: rep})
}

// newTestModel opens the walk of domain at a size, without running the
// runner: tests feed events themselves.
func newTestModel(domain string, w, h int) Model {
	m := New(context.Background(), Config{Runner: nopRunner, Now: fixedClock})
	m = update(m, tea.WindowSizeMsg{Width: w, Height: h})
	t, err := parseInput(domain)
	if err != nil {
		panic(err)
	}
	return update(m, startWalkMsg{target: t})
}

func nopRunner(ctx context.Context, domain string) <-chan probe.Event {
	ch := make(chan probe.Event)
	close(ch)
	return ch
}

func update(m Model, msg tea.Msg) Model {
	nm, _ := m.Update(msg)
	return nm.(Model)
}

// feed delivers events to the current walk as its reading command would.
func feed(m Model, evs ...probe.Event) Model {
	for _, ev := range evs {
		m = update(m, walkEventMsg{run: walkOf(m).run, ev: ev})
	}
	return m
}

func press(m Model, keys ...string) Model {
	for _, k := range keys {
		m = update(m, keyMsg(k))
	}
	return m
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: []rune(c)[0], Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// The screens of the stack, for tests: the topmost of each kind.
func screenOf[T Screen](m Model) T {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if s, ok := m.stack[i].(T); ok {
			return s
		}
	}
	var zero T
	return zero
}

func walkOf(m Model) walkModel   { return screenOf[walkModel](m) }
func homeOf(m Model) homeModel   { return screenOf[homeModel](m) }
func simOf(m Model) simModel     { return screenOf[simModel](m) }
func learnOf(m Model) learnModel { return screenOf[learnModel](m) }

// frontName names the screen in front: "home", "walk", "simulate",
// "learn" or "help".
func frontName(m Model) string {
	switch m.front().(type) {
	case homeModel:
		return "home"
	case walkModel:
		return "walk"
	case simModel:
		return "simulate"
	case learnModel:
		return "learn"
	case helpScreen:
		return "help"
	case reportsModel:
		return "reports"
	case sandboxModel:
		return "sandbox"
	}
	return "?"
}

// setWalk replaces the walk on the stack, for tests that set its fields.
func setWalk(m Model, f func(*walkModel)) Model {
	m.stack = slices.Clone(m.stack)
	for i := range m.stack {
		if w, ok := m.stack[i].(walkModel); ok {
			f(&w)
			m.stack[i] = w
		}
	}
	return m
}
