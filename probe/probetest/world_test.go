package probetest_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

const policy = "version: STSv1\r\nmode: enforce\r\nmx: mx1.{D}\r\nmax_age: 604800\r\n"

// rawWorld exercises every knob once, in one domain per concern.
func rawWorld(t *testing.T) *probetest.World {
	t.Helper()
	return probetest.New(t, rawConfig())
}

func rawConfig() probetest.Config {
	return probetest.Config{TimeScale: 0.01, Domains: []probetest.Domain{
		{
			Name: "a.test",
			Zone: []string{
				`_mta-sts TXT "v=STSv1; " "id=1"`,
				"@ MX 10 mx1",
				"alias CNAME alias2",
				"alias2 CNAME mta-sts",
				"gone CNAME nowhere.example.",
			},
			Names: []probetest.NameOpts{
				{Name: "sf", Fault: "servfail"}, {Name: "drop", Fault: "drop"},
				{Name: "tc", Fault: "truncate"}, {Name: "big", HugeTXT: 3000}, {Name: "many", HugeMX: 1500},
			},
			Web: []probetest.WebHost{
				{Host: "mta-sts", Body: policy, NoSNI: "other"},
				{Host: "missing", Status: 404, ContentType: "text/html", Body: "nope"},
				{Host: "moved", Behaviour: "redirect", Location: "https://mta-sts.{D}/.well-known/mta-sts.txt"},
				{Host: "loop", Behaviour: "redirect-loop"},
				{Host: "html", ContentType: "text/html", Body: policy},
				{Host: "expired", Cert: "expired", Body: policy},
				{Host: "wrong", Cert: "wrong-name", Body: policy},
				{Host: "rogue", Cert: "untrusted", Body: policy},
				{Host: "closed", Behaviour: "refused"},
				{Host: "slow", Behaviour: "slow", Delay: probetest.Duration(20 * time.Second), Body: policy},
				{Host: "huge", Behaviour: "huge", Body: policy},
				{Host: "endless", Behaviour: "endless", Body: policy},
				{Host: "trickle", Behaviour: "trickle", Body: "ab"},
				{Host: "headers", Behaviour: "huge-headers", Body: policy},
				{Host: "hang", Behaviour: "hang"},
				{Host: "stall", Behaviour: "stall-tls"},
				{Host: "nosni", NoSNI: "none", Body: policy},
				{Host: "six", IP: "v6", Body: policy},
			},
			Mail: []probetest.MailHost{
				{Host: "mx1", TLSA: true},
				{Host: "plain", Behaviour: "no-starttls"},
				{Host: "mute", Behaviour: "banner-never"},
				{Host: "chatty", Behaviour: "endless-continuation"},
				{Host: "greeter", Behaviour: "banner-endless", Delay: probetest.Duration(50 * time.Millisecond)},
				{Host: "busy", Behaviour: "banner-4xx"},
				{Host: "nosmtp", Behaviour: "banner-5xx"},
				{Host: "esc", Behaviour: "escapes"},
				{Host: "drip", Behaviour: "trickle"},
				{Host: "rst", Behaviour: "refused"},
				{Host: "filtered", Behaviour: "unreachable"},
				{Host: "oldcert", Cert: "expired"},
			},
		},
	}}
}

func query(t *testing.T, w *probetest.World, net, name string, qtype uint16) (*dns.Msg, error) {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.SetEdns0(1232, true)
	// The world answers at once; seconds are headroom for a loaded
	// machine under -race (only the drop case waits them out).
	c := &dns.Client{Net: net, Timeout: 3 * time.Second}
	r, _, err := c.Exchange(m, w.Resolver())
	return r, err
}

func TestDNSAnswersLikeAResolver(t *testing.T) {
	w := rawWorld(t)
	cases := []struct {
		name    string
		net     string
		qname   string
		qtype   uint16
		rcode   int
		answers int
		tc, ad  bool
		check   func(*dns.Msg) string
	}{
		{name: "RFC 8461 §3.1 multi-string TXT kept as strings", net: "udp", qname: "_mta-sts.a.test", qtype: dns.TypeTXT, answers: 1,
			check: func(m *dns.Msg) string {
				if got := m.Answer[0].(*dns.TXT).Txt; len(got) != 2 || strings.Join(got, "") != "v=STSv1; id=1" {
					return "strings " + strings.Join(got, "|")
				}
				return ""
			}},
		{name: "A of a web host in 127/8", net: "udp", qname: "mta-sts.a.test", qtype: dns.TypeA, answers: 1,
			check: func(m *dns.Msg) string {
				if ip := m.Answer[0].(*dns.A).A; !ip.IsLoopback() {
					return "address " + ip.String()
				}
				return ""
			}},
		{name: "RFC 1034 §3.6.2 CNAME chain followed", net: "udp", qname: "alias.a.test", qtype: dns.TypeA, answers: 3},
		{name: "CNAME to nowhere is NXDOMAIN with the chain", net: "udp", qname: "gone.a.test", qtype: dns.TypeTXT, rcode: dns.RcodeNameError, answers: 1},
		{name: "NXDOMAIN", net: "udp", qname: "nope.a.test", qtype: dns.TypeA, rcode: dns.RcodeNameError},
		{name: "NODATA for a v4-only host's AAAA", net: "udp", qname: "mta-sts.a.test", qtype: dns.TypeAAAA},
		{name: "AAAA ::1 for an IPv6 host", net: "udp", qname: "six.a.test", qtype: dns.TypeAAAA, answers: 1},
		{name: "empty non-terminal is NODATA (RFC 8020)", net: "udp", qname: "_tcp.mx1.a.test", qtype: dns.TypeTXT},
		{name: "SERVFAIL fault", net: "udp", qname: "sf.a.test", qtype: dns.TypeTXT, rcode: dns.RcodeServerFailure},
		{name: "RFC 7766 truncated over UDP", net: "udp", qname: "tc.a.test", qtype: dns.TypeTXT, tc: true},
		{name: "huge TXT truncated over UDP", net: "udp", qname: "big.a.test", qtype: dns.TypeTXT, tc: true},
		{name: "huge TXT whole over TCP", net: "tcp", qname: "big.a.test", qtype: dns.TypeTXT, answers: 1,
			check: func(m *dns.Msg) string {
				if n := len(m.Answer[0].(*dns.TXT).Txt); n != 3000 {
					return "strings: " + string(rune('0'+n%10))
				}
				return ""
			}},
		{name: "thousands of MX over TCP", net: "tcp", qname: "many.a.test", qtype: dns.TypeMX, answers: 1500},
		{name: "RFC 7672 TLSA with AD set", net: "udp", qname: "_25._tcp.mx1.a.test", qtype: dns.TypeTLSA, answers: 1, ad: true},
		{name: "no AD elsewhere", net: "udp", qname: "mx1.a.test", qtype: dns.TypeA, answers: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := query(t, w, tc.net, tc.qname, tc.qtype)
			if err != nil {
				t.Fatal(err)
			}
			if m.Rcode != tc.rcode || len(m.Answer) != tc.answers || m.Truncated != tc.tc || m.AuthenticatedData != tc.ad {
				t.Fatalf("rcode %s, %d answers, tc %v, ad %v; want %s, %d, %v, %v",
					dns.RcodeToString[m.Rcode], len(m.Answer), m.Truncated, m.AuthenticatedData,
					dns.RcodeToString[tc.rcode], tc.answers, tc.tc, tc.ad)
			}
			if tc.check != nil {
				if msg := tc.check(m); msg != "" {
					t.Fatal(msg)
				}
			}
		})
	}
	t.Run("truncate fault answers in full over TCP", func(t *testing.T) {
		m, err := query(t, w, "tcp", "tc.a.test", dns.TypeTXT)
		if err != nil || m.Truncated || m.Rcode != dns.RcodeNameError {
			t.Fatalf("%v %v", m, err)
		}
	})
	t.Run("drop fault never answers", func(t *testing.T) {
		if _, err := query(t, w, "udp", "drop.a.test", dns.TypeTXT); err == nil {
			t.Fatal("an answer came")
		}
	})
}

func httpClient(w *probetest.World, timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext: w.DialContext,
			// A careful client bounds headers; the default is 10 MiB.
			MaxResponseHeaderBytes: 1 << 20,
			TLSClientConfig:        &tls.Config{RootCAs: w.RootCAs()},
		},
		// RFC 8461 §3.3: redirects are not followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func TestPolicyHostsBehave(t *testing.T) {
	w := rawWorld(t)
	// trickle takes about a second (100 bytes, 10 ms apart): 2 s failed
	// under -race on a loaded machine. hang and stall still end here.
	c := httpClient(w, 6*time.Second)
	defer c.CloseIdleConnections()
	type result struct {
		status int
		ct     string
		body   string
		loc    string
		err    error
	}
	get := func(host string) result {
		resp, err := c.Get("https://" + host + ".a.test/.well-known/mta-sts.txt")
		if err != nil {
			return result{err: err}
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		return result{resp.StatusCode, resp.Header.Get("Content-Type"), string(b), resp.Header.Get("Location"), err}
	}
	certErr := func(r result) bool {
		var v *tls.CertificateVerificationError
		return errors.As(r.err, &v)
	}
	cases := []struct {
		host string
		ok   func(result) bool
	}{
		{"mta-sts", func(r result) bool {
			return r.status == 200 && r.ct == "text/plain" && r.body == strings.ReplaceAll(policy, "{D}", "a.test")
		}},
		{"missing", func(r result) bool { return r.status == 404 && r.ct == "text/html" }},
		{"moved", func(r result) bool {
			return r.status == 301 && r.loc == "https://mta-sts.a.test/.well-known/mta-sts.txt"
		}},
		{"loop", func(r result) bool { return r.status == 301 && r.loc == "https://loop.a.test/.well-known/mta-sts.txt" }},
		{"html", func(r result) bool { return r.status == 200 && r.ct == "text/html" }},
		{"expired", certErr},
		{"wrong", certErr},
		{"rogue", certErr},
		{"closed", func(r result) bool { return errors.Is(r.err, syscall.ECONNREFUSED) }},
		{"slow", func(r result) bool { return r.status == 200 }}, // 20 s scaled by 0.01
		{"huge", func(r result) bool { return r.status == 200 && len(r.body) > 64<<10 }},
		{"endless", func(r result) bool { return r.status == 200 && len(r.body) == 1<<20 }},
		{"trickle", func(r result) bool { return r.status == 200 && r.body == "ab" }},
		{"headers", func(r result) bool { return r.err != nil && strings.Contains(r.err.Error(), "header") }},
		{"hang", func(r result) bool { return r.err != nil && strings.Contains(r.err.Error(), "Timeout") }},
		{"stall", func(r result) bool { return r.err != nil && strings.Contains(r.err.Error(), "Timeout") }},
		{"six", func(r result) bool { return r.status == 200 }},
	}
	for _, tc := range cases {
		t.Run(tc.host, func(t *testing.T) {
			t.Parallel()
			if r := get(tc.host); !tc.ok(r) {
				t.Fatalf("got status %d, type %q, %d bytes, location %q, err %v", r.status, r.ct, len(r.body), r.loc, r.err)
			}
		})
	}
}

// RFC 8461 §7.1: the policy host must answer with a certificate for its
// name or abort; the world can do either, or serve another certificate.
func TestPolicyHostWithoutSNI(t *testing.T) {
	w := rawWorld(t)
	leaf := func(host string) (string, error) {
		conn, err := w.DialContext(context.Background(), "tcp", w.Addrs(host)[0].String()+":443")
		if err != nil {
			return "", err
		}
		tc := tls.Client(conn, &tls.Config{InsecureSkipVerify: true}) // no ServerName: no SNI
		defer tc.Close()
		if err := tc.Handshake(); err != nil {
			return "", err
		}
		return tc.ConnectionState().PeerCertificates[0].DNSNames[0], nil
	}
	if name, err := leaf("mta-sts.a.test"); err != nil || name != "default.lab.invalid" {
		t.Fatalf("no_sni other: %q %v", name, err)
	}
	if name, err := leaf("nosni.a.test"); err == nil {
		t.Fatalf("no_sni none: handshake succeeded with %q", name)
	}
}

type smtpSession struct {
	c net.Conn
	r *bufio.Reader
}

// reply reads one SMTP reply (RFC 5321 §4.2.1) of at most max lines.
func (s *smtpSession) reply(max int) (string, error) {
	var lines []string
	// Seconds, not one: a loaded machine under -race can be that slow to
	// hand over a prompt reply (only banner-never waits them out).
	s.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for len(lines) < max {
		l, err := s.r.ReadString('\n')
		if err != nil {
			return strings.Join(lines, ""), err
		}
		lines = append(lines, l)
		if len(l) < 4 || l[3] == ' ' {
			return strings.Join(lines, ""), nil
		}
	}
	return strings.Join(lines, ""), errors.New("too many lines")
}

func (s *smtpSession) cmd(line string) (string, error) {
	if _, err := io.WriteString(s.c, line+"\r\n"); err != nil {
		return "", err
	}
	return s.reply(50)
}

func dialSMTP(t *testing.T, w *probetest.World, host string, timeout time.Duration) (*smtpSession, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	c, err := w.DialContext(ctx, "tcp", w.Addrs(host)[0].String()+":25")
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { c.Close() })
	return &smtpSession{c: c, r: bufio.NewReader(c)}, nil
}

func TestMXHostsBehave(t *testing.T) {
	w := rawWorld(t)
	t.Run("RFC 3207 STARTTLS with a valid certificate, never accepts mail", func(t *testing.T) {
		s, err := dialSMTP(t, w, "mx1.a.test", time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := s.reply(5); err != nil || !strings.HasPrefix(b, "220 ") {
			t.Fatalf("banner %q %v", b, err)
		}
		if e, err := s.cmd("EHLO probe.test"); err != nil || !strings.Contains(e, "250-STARTTLS") {
			t.Fatalf("ehlo %q %v", e, err)
		}
		if r, err := s.cmd("STARTTLS"); err != nil || !strings.HasPrefix(r, "220 ") {
			t.Fatalf("starttls %q %v", r, err)
		}
		tc := tls.Client(s.c, &tls.Config{ServerName: "mx1.a.test", RootCAs: w.RootCAs()})
		if err := tc.Handshake(); err != nil {
			t.Fatal(err)
		}
		s = &smtpSession{c: tc, r: bufio.NewReader(tc)}
		if e, err := s.cmd("EHLO probe.test"); err != nil || strings.Contains(e, "STARTTLS") {
			t.Fatalf("ehlo after tls %q %v", e, err)
		}
		if r, _ := s.cmd("MAIL FROM:<a@b.test>"); !strings.HasPrefix(r, "502 ") {
			t.Fatalf("MAIL got %q", r)
		}
		if r, _ := s.cmd("QUIT"); !strings.HasPrefix(r, "221 ") {
			t.Fatalf("QUIT got %q", r)
		}
	})
	t.Run("expired certificate fails verification", func(t *testing.T) {
		s, err := dialSMTP(t, w, "oldcert.a.test", time.Second)
		if err != nil {
			t.Fatal(err)
		}
		s.reply(5)
		s.cmd("EHLO probe.test")
		s.cmd("STARTTLS")
		tc := tls.Client(s.c, &tls.Config{ServerName: "oldcert.a.test", RootCAs: w.RootCAs()})
		var v *tls.CertificateVerificationError
		if err := tc.Handshake(); !errors.As(err, &v) || !strings.Contains(err.Error(), "expired") {
			t.Fatalf("handshake: %v", err)
		}
	})
	cases := []struct {
		host  string
		check func(*smtpSession) string
	}{
		{"plain", func(s *smtpSession) string {
			s.reply(5)
			if e, _ := s.cmd("EHLO x"); strings.Contains(e, "STARTTLS") {
				return "STARTTLS offered"
			}
			if r, _ := s.cmd("STARTTLS"); !strings.HasPrefix(r, "502") {
				return "STARTTLS answered " + r
			}
			return ""
		}},
		{"mute", func(s *smtpSession) string {
			if b, err := s.reply(5); err == nil {
				return "banner " + b
			}
			return ""
		}},
		{"chatty", func(s *smtpSession) string {
			s.reply(5)
			if _, err := s.cmd("EHLO x"); err == nil || err.Error() != "too many lines" {
				return "EHLO reply ended: " + errString(err)
			}
			return ""
		}},
		{"greeter", func(s *smtpSession) string {
			b, err := s.reply(3)
			if err == nil || err.Error() != "too many lines" || !strings.HasPrefix(b, "220-") {
				return "greeting ended: " + b + errString(err)
			}
			return ""
		}},
		{"busy", func(s *smtpSession) string {
			if b, _ := s.reply(5); !strings.HasPrefix(b, "421 ") {
				return "banner " + b
			}
			return ""
		}},
		{"nosmtp", func(s *smtpSession) string {
			if b, _ := s.reply(5); !strings.HasPrefix(b, "554 ") {
				return "banner " + b
			}
			if r, _ := s.cmd("EHLO x"); !strings.HasPrefix(r, "503 ") {
				return "EHLO " + r
			}
			return ""
		}},
		{"esc", func(s *smtpSession) string {
			if b, _ := s.reply(5); !strings.Contains(b, "\x1b]0;") {
				return "banner without escapes: " + b
			}
			return ""
		}},
		{"drip", func(s *smtpSession) string {
			if b, err := s.reply(5); !strings.HasPrefix(b, "220 drip.a.test") {
				return "banner " + b + errString(err)
			}
			return ""
		}},
	}
	for _, tc := range cases {
		t.Run(tc.host, func(t *testing.T) {
			t.Parallel()
			s, err := dialSMTP(t, w, tc.host+".a.test", time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tc.check(s); msg != "" {
				t.Fatal(msg)
			}
		})
	}
	t.Run("refused port 25 is ECONNREFUSED at once", func(t *testing.T) {
		start := time.Now()
		// Refused, and before the 5 s dial timeout (a loaded machine may
		// take a second or two to get there).
		if _, err := dialSMTP(t, w, "rst.a.test", 5*time.Second); !errors.Is(err, syscall.ECONNREFUSED) || time.Since(start) > 4*time.Second {
			t.Fatalf("%v after %v", err, time.Since(start))
		}
	})
	t.Run("filtered port 25 times out at the caller's deadline", func(t *testing.T) {
		_, err := dialSMTP(t, w, "filtered.a.test", 100*time.Millisecond)
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("want a timeout, got %v", err)
		}
	})
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestDialStaysOnLoopback(t *testing.T) {
	w := rawWorld(t)
	for _, addr := range []string{"192.0.2.1:443", "[2001:db8::1]:25", "10.255.255.53:53"} {
		if c, err := w.DialContext(context.Background(), "tcp", addr); err == nil {
			c.Close()
			t.Errorf("dialled %s", addr)
		}
	}
	if _, err := w.DialContext(context.Background(), "tcp", "no-such-host.a.test:443"); err == nil {
		t.Error("dialled a name the world does not have")
	}
}

func TestSecondIPv6HostIsAnError(t *testing.T) {
	_, err := probetest.Start(probetest.Config{Domains: []probetest.Domain{{
		Name: "b.test",
		Web:  []probetest.WebHost{{Host: "one", IP: "v6"}, {Host: "two", IP: "both"}},
	}}})
	if err == nil || !strings.Contains(err.Error(), "::1") {
		t.Fatalf("got %v", err)
	}
}

func TestBadZoneLineIsAnError(t *testing.T) {
	_, err := probetest.Start(probetest.Config{Domains: []probetest.Domain{{Name: "c.test", Zone: []string{"@ MX ten mx1"}}}})
	if err == nil {
		t.Fatal("a bad zone line was accepted")
	}
}
