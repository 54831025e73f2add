package starttls

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/mtasts-doctor/mtasts-doctor/probe/certs/certstest"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// RFC 8461 §4.2, §7.1: STARTTLS with SNI = the MX name, a certificate valid
// for it, TLS 1.2+; the probe quits without ever sending mail.
func TestProbeSuccess(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	m := &mta{tls: &tls.Config{Certificates: []tls.Certificate{ca.Issue(t, certstest.Leaf{DNSNames: []string{mxHost}})}}}
	addr := rawServer(t, m.serve)
	res := Probe(context.Background(), newRequest(ca, routes{"192.0.2.25:25": addr}))
	if !res.OK() || !res.STARTTLS || res.TLSVersion != "TLS 1.3" || res.ResultType != "" || len(res.Diagnostics) != 0 {
		t.Fatalf("%+v", res)
	}
	if sni, _ := m.sni.Load().(string); sni != mxHost {
		t.Fatalf("SNI %q, want %q (RFC 8461 §7.1)", sni, mxHost)
	}
	if m.forbidden.Load() {
		t.Fatal("the probe sent MAIL, RCPT or DATA")
	}
	want := []string{"S: 220 " + mxHost + " ESMTP", "C: EHLO " + DefaultHelo, "C: STARTTLS", "S: 220 2.0.0 Ready", "C: QUIT"}
	for _, w := range want {
		if !slices.Contains(res.Transcript, w) {
			t.Fatalf("transcript lacks %q:\n%s", w, strings.Join(res.Transcript, "\n"))
		}
	}
	if n := strings.Count(strings.Join(res.Transcript, "\n"), "C: EHLO"); n != 2 {
		t.Fatalf("EHLO sent %d times, want before and after TLS", n)
	}
	if len(res.Certificates) != 1 || res.Certificates[0].SANs[0] != mxHost || res.Banner != mxHost+" ESMTP" {
		t.Fatalf("certs %+v banner %q", res.Certificates, res.Banner)
	}
}

// Each server fault gets its own code and the RFC 8460 result type a
// sender enforcing MTA-STS would report (RFC 8460 §4.3.2).
func TestServerFaults(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	other := certstest.NewCA(t, "Other Root")
	now := time.Now()
	good := &tls.Config{Certificates: []tls.Certificate{ca.Issue(t, certstest.Leaf{DNSNames: []string{mxHost}})}}
	withCert := func(c tls.Certificate) *tls.Config { return &tls.Config{Certificates: []tls.Certificate{c}} }
	cases := []struct {
		name   string
		m      *mta
		code   diag.Code
		result policy.ResultType
	}{
		{"STARTTLS not offered §5", &mta{tls: good, ext: []string{"PIPELINING", "SIZE 1000"}}, CodeNotOffered, ResultSTARTTLSNotSupported},
		{"STARTTLS refused RFC 3207 §4", &mta{tls: good, starttlsReply: "454 4.7.0 TLS not available"}, CodeSTARTTLSRefused, ResultSTARTTLSNotSupported},
		{"EHLO rejected", &mta{tls: good, ehloCode: 502}, CodeEHLORejected, ResultSTARTTLSNotSupported},
		{"banner rejects RFC 5321 §4.2", &mta{tls: good, banner: "554 5.3.2 no service"}, CodeBannerRejected, ""},
		{"certificate expired §4.2", &mta{tls: withCert(ca.Issue(t, certstest.Leaf{DNSNames: []string{mxHost}, NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(-time.Hour)}))}, CodeCertExpired, ResultCertExpired},
		{"certificate for another host §4.2", &mta{tls: withCert(ca.Issue(t, certstest.Leaf{DNSNames: []string{"mail.hosting.test"}}))}, CodeCertName, ResultCertHostMismatch},
		{"CN alone does not match §4.2", &mta{tls: withCert(ca.Issue(t, certstest.Leaf{CommonName: mxHost}))}, CodeCertName, ResultCertHostMismatch},
		{"untrusted certificate §4.2", &mta{tls: withCert(other.Issue(t, certstest.Leaf{DNSNames: []string{mxHost}}))}, CodeCertUntrusted, ResultCertNotTrusted},
		{"TLS 1.1 §7.2", &mta{tls: &tls.Config{Certificates: good.Certificates, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}}, CodeTLSVersion, ResultValidationFailure},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr := rawServer(t, tc.m.serve)
			res := Probe(context.Background(), newRequest(ca, routes{"192.0.2.25:25": addr}))
			if res.OK() || res.Code != tc.code || res.ResultType != tc.result || res.Unreachable {
				t.Fatalf("code %s result %q unreachable %v: %s\n%s", res.Code, res.ResultType, res.Unreachable, res.Error, strings.Join(res.Transcript, "\n"))
			}
			if tc.m.forbidden.Load() {
				t.Fatal("the probe sent MAIL, RCPT or DATA")
			}
			if last := res.Transcript[len(res.Transcript)-1]; tc.code != CodeTLSVersion && last != "C: QUIT" {
				t.Fatalf("session not ended with QUIT: %q", res.Transcript)
			}
		})
	}
}

// Port 25 blocked on the way is told apart from a server fault.
func TestPort25Unreachable(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	for _, tc := range []struct {
		r    routes
		says string // which it looks like
	}{
		{routes{"192.0.2.25:25": "refused"}, "usually nothing listens there"},
		{routes{}, "many networks block outbound port 25"},
	} {
		res := Probe(context.Background(), newRequest(ca, tc.r))
		if !res.Unreachable || res.Code != CodeUnreachable || res.ResultType != "" || !strings.Contains(res.Error, tc.says) {
			t.Fatalf("%+v", res)
		}
		if res.Diagnostics[0].Severity != diag.Warning {
			t.Fatal("an unreachable port 25 is not proof of a server fault")
		}
	}
}

// Hostile servers end within the deadline with a clear diagnostic.
func TestHostileServers(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	write := func(c net.Conn, s string) bool { _, err := io.WriteString(c, s); return err == nil }
	cases := []struct {
		name   string
		handle func(net.Conn)
		code   diag.Code
		result policy.ResultType
	}{
		{"banner never comes", func(c net.Conn) { io.Copy(io.Discard, c) }, CodeBannerTimeout, ""},
		{"banner trickles a byte at a time", func(c net.Conn) {
			for _, b := range []byte("220 slow.example.test ESMTP and so on and so forth\r\n") {
				if !write(c, string(b)) {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}, CodeBannerTimeout, ""},
		{"endless continuation lines", func(c net.Conn) {
			for write(c, "220-still greeting you\r\n") {
			}
		}, CodeReplyTooLong, ""},
		{"huge line", func(c net.Conn) {
			write(c, "220 "+strings.Repeat("A", 1<<20))
			io.Copy(io.Discard, c)
		}, CodeReplyTooLong, ""},
		{"not SMTP", func(c net.Conn) {
			write(c, "SSH-2.0-OpenSSH_9.6\r\n")
			io.Copy(io.Discard, c)
		}, CodeMalformed, ""},
		{"closes after EHLO", func(c net.Conn) {
			write(c, "220 x\r\n")
			bufio.NewReader(c).ReadString('\n')
			c.Close()
		}, CodeClosed, ""},
		{"TLS handshake stalls", func(c net.Conn) {
			write(c, "220 x\r\n")
			br := bufio.NewReader(c)
			br.ReadString('\n')
			write(c, "250-x\r\n250 STARTTLS\r\n")
			br.ReadString('\n')
			write(c, "220 go ahead\r\n")
			io.Copy(io.Discard, br)
		}, CodeTimeout, ResultValidationFailure},
		{"not TLS after STARTTLS", func(c net.Conn) {
			write(c, "220 x\r\n")
			br := bufio.NewReader(c)
			br.ReadString('\n')
			write(c, "250-x\r\n250 STARTTLS\r\n")
			br.ReadString('\n')
			write(c, "220 go ahead\r\n")
			time.Sleep(20 * time.Millisecond)
			write(c, "this is not a TLS record at all\r\n")
			io.Copy(io.Discard, br)
		}, CodeHandshake, ResultValidationFailure},
		{"data injected after STARTTLS RFC 3207 §6", func(c net.Conn) {
			write(c, "220 x\r\n")
			br := bufio.NewReader(c)
			br.ReadString('\n')
			write(c, "250-x\r\n250 STARTTLS\r\n")
			br.ReadString('\n')
			write(c, "220 go ahead\r\n250 injected\r\n")
			io.Copy(io.Discard, br)
		}, CodeInjection, ResultValidationFailure},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr := rawServer(t, tc.handle)
			req := newRequest(ca, routes{"192.0.2.25:25": addr})
			req.Timeout = 500 * time.Millisecond
			start := time.Now()
			res := Probe(context.Background(), req)
			// Seconds of headroom for a loaded machine under -race: a
			// hostile server that held the probe would hold it for ever.
			if el := time.Since(start); el > req.Timeout+5*time.Second {
				t.Fatalf("took %s", el)
			}
			if res.Code != tc.code || res.ResultType != tc.result || res.Unreachable {
				t.Fatalf("code %s result %q: %s", res.Code, res.ResultType, res.Error)
			}
			if len(res.Transcript) > MaxTranscript {
				t.Fatalf("transcript of %d lines", len(res.Transcript))
			}
			for _, l := range res.Transcript {
				if len(l) > 4*maxShown {
					t.Fatalf("transcript line of %d bytes", len(l))
				}
			}
		})
	}
}

// Escape sequences and invalid UTF-8 in replies never reach the result.
func TestTranscriptSanitised(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	m := &mta{tls: &tls.Config{Certificates: []tls.Certificate{ca.Issue(t, certstest.Leaf{DNSNames: []string{mxHost}})}},
		banner: "220 evil\x1b]0;pwned\x07\x1b[2J\xff ESMTP"}
	addr := rawServer(t, m.serve)
	res := Probe(context.Background(), newRequest(ca, routes{"192.0.2.25:25": addr}))
	for _, s := range append(res.Transcript, res.Banner) {
		if strings.ContainsAny(s, "\x1b\x07\xff") {
			t.Fatalf("unsanitised %q", s)
		}
	}
	if !res.OK() {
		t.Fatalf("%+v", res)
	}
}

// Cancelling returns at once and leaves no goroutine behind.
func TestCancel(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
	ca := certstest.NewCA(t, "Test Root")
	addr := rawServer(t, func(c net.Conn) { io.Copy(io.Discard, c) })
	req := newRequest(ca, routes{"192.0.2.25:25": addr})
	req.Timeout = 30 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	res := Probe(ctx, req)
	// Far below the 30 s timeout, with headroom for a loaded machine.
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("took %s", el)
	}
	if res.Error != "canceled" || len(res.Diagnostics) != 0 {
		t.Fatalf("%+v", res)
	}
}

// The caller's deadline (the whole walk's --max-time) is the caller's: it
// ends the session with no finding against the server, which is judged
// against Request.Timeout only (issue 10 item 4).
func TestCallerDeadlineIsNotTheServers(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	addr := rawServer(t, func(c net.Conn) { io.Copy(io.Discard, c) })
	req := newRequest(ca, routes{"192.0.2.25:25": addr})
	req.Timeout = 30 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if res := Probe(ctx, req); res.Code != "" || len(res.Diagnostics) != 0 || !strings.HasPrefix(res.Error, "deadline") {
		t.Fatalf("%+v", res)
	}
	// Its own Timeout still is the server's slowness.
	req.Timeout = 100 * time.Millisecond
	if res := Probe(context.Background(), req); res.Code != CodeBannerTimeout {
		t.Fatalf("%+v", res)
	}
}

// Cancelling after the handshake, while the probe waits for the EHLO reply
// inside TLS, returns at once: the deadline that wakes the read is set on
// the connection the probe was using from the start, not on a field the
// probe rewrites when TLS begins (a data race under -race).
func TestCancelInsideTLS(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	cfg := &tls.Config{Certificates: []tls.Certificate{ca.Issue(t, certstest.Leaf{DNSNames: []string{mxHost}})}}
	inTLS := make(chan struct{}, 1)
	addr := rawServer(t, func(c net.Conn) {
		br := bufio.NewReader(c)
		io.WriteString(c, "220 "+mxHost+" ESMTP\r\n")
		br.ReadString('\n')
		io.WriteString(c, "250-"+mxHost+"\r\n250 STARTTLS\r\n")
		br.ReadString('\n')
		io.WriteString(c, "220 go ahead\r\n")
		tc := tls.Server(c, cfg)
		if tc.Handshake() != nil {
			return
		}
		bufio.NewReader(tc).ReadString('\n') // EHLO after TLS: never answered
		inTLS <- struct{}{}
		io.Copy(io.Discard, tc)
	})
	req := newRequest(ca, routes{"192.0.2.25:25": addr})
	req.Timeout = 30 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-inTLS
		cancel()
	}()
	start := time.Now()
	res := Probe(ctx, req)
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("took %s", el)
	}
	if res.Error != "canceled" || !res.TLS {
		t.Fatalf("%+v", res)
	}
}

// RFC 3207 §6: bytes the server sends after its 220 to STARTTLS and before
// the handshake are flagged and discarded, and the handshake is still made,
// so the evidence shows the certificate the server would have used.
func TestInjectionDiscardedAndHandshakeMade(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	m := &mta{
		tls:           &tls.Config{Certificates: []tls.Certificate{ca.Issue(t, certstest.Leaf{DNSNames: []string{mxHost}})}},
		starttlsReply: "220 2.0.0 Ready\r\n250-injected\r\n250 AUTH PLAIN",
	}
	addr := rawServer(t, m.serve)
	res := Probe(context.Background(), newRequest(ca, routes{"192.0.2.25:25": addr}))
	if res.Code != CodeInjection || res.ResultType != ResultValidationFailure {
		t.Fatalf("code %s result %q: %s", res.Code, res.ResultType, res.Error)
	}
	if !res.TLS || len(res.Certificates) != 1 {
		t.Fatalf("no handshake after the injection: %+v", res)
	}
	tr := strings.Join(res.Transcript, "\n")
	if !strings.Contains(tr, "250-injected") {
		t.Fatalf("the injected bytes are not in the transcript:\n%s", tr)
	}
	if n := strings.Count(tr, "C: EHLO"); n != 2 {
		t.Fatalf("EHLO sent %d times:\n%s", n, tr)
	}
}

// A server that answers the ClientHello in plain SMTP never started TLS:
// the message says so instead of quoting a TLS record-layer error.
func TestPlainTextAfterSTARTTLSNamed(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	addr := rawServer(t, func(c net.Conn) {
		br := bufio.NewReader(c)
		io.WriteString(c, "220 "+mxHost+" ESMTP\r\n")
		br.ReadString('\n')
		io.WriteString(c, "250-"+mxHost+"\r\n250 STARTTLS\r\n")
		br.ReadString('\n')
		io.WriteString(c, "220 go ahead\r\n")
		br.ReadByte() // the ClientHello has arrived
		io.WriteString(c, "500 5.5.2 command unrecognized\r\n")
		io.Copy(io.Discard, br)
	})
	res := Probe(context.Background(), newRequest(ca, routes{"192.0.2.25:25": addr}))
	if res.Code != CodeHandshake || !strings.Contains(res.Error, "plain text") || !strings.Contains(res.Error, "500 5") {
		t.Fatalf("code %s: %s", res.Code, res.Error)
	}
}

// The EHLO argument is one domain (RFC 5321 §4.1.1.1): a HeloName with a
// line break or space cannot smuggle a second command (MAIL) into the
// session; the probe falls back to DefaultHelo.
func TestHeloNameCannotInjectCommands(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	m := &mta{tls: &tls.Config{Certificates: []tls.Certificate{ca.Issue(t, certstest.Leaf{DNSNames: []string{mxHost}})}}}
	addr := rawServer(t, m.serve)
	for _, helo := range []string{"client.example\r\nMAIL FROM:<a@example.test>", "client.example MAIL", "\x1b[2J"} {
		req := newRequest(ca, routes{"192.0.2.25:25": addr})
		req.HeloName = helo
		res := Probe(context.Background(), req)
		if !res.OK() || m.forbidden.Load() {
			t.Fatalf("HeloName %q: ok %v, MAIL sent %v", helo, res.OK(), m.forbidden.Load())
		}
		if !slices.Contains(res.Transcript, "C: EHLO "+DefaultHelo) {
			t.Fatalf("HeloName %q not replaced:\n%s", helo, strings.Join(res.Transcript, "\n"))
		}
	}
}

// The probe sends QUIT and closes without waiting for the 221: the reply
// decides nothing and waiting costs a round trip on the walk's critical
// path. A server that never answers QUIT must not hold the probe.
func TestQuitIsNotWaitedFor(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	m := &mta{
		tls:        &tls.Config{Certificates: []tls.Certificate{ca.Issue(t, certstest.Leaf{DNSNames: []string{mxHost}})}},
		quitSilent: true,
		quitSeen:   make(chan struct{}),
	}
	addr := rawServer(t, m.serve)
	req := newRequest(ca, routes{"192.0.2.25:25": addr})
	req.Timeout = time.Minute
	done := make(chan Result, 1)
	go func() { done <- Probe(context.Background(), req) }()
	var res Result
	select {
	case res = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the probe is still waiting for a reply to QUIT")
	}
	if !res.OK() {
		t.Fatalf("a silent QUIT spoiled a good session: %s", res.Error)
	}
	select {
	case <-m.quitSeen:
	case <-time.After(20 * time.Second):
		t.Fatal("the server never received QUIT")
	}
	if last := res.Transcript[len(res.Transcript)-1]; last != "C: QUIT" {
		t.Fatalf("transcript ends with %q, want C: QUIT", last)
	}
}
