package fetch

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/mtasts-doctor/mtasts-doctor/probe/certs/certstest"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

func codes(l diag.List) []diag.Code {
	var out []diag.Code
	for _, d := range l {
		out = append(out, d.Code)
	}
	return out
}

// RFC 8461 §3.3, §7.1: a compliant host gives the policy over TLS 1.2+
// with SNI, a valid certificate and 200; the request names the tool and
// asks for no cached copy.
func TestFetchSuccess(t *testing.T) {
	p := newPKI(t)
	var ua, cc, sni string
	addr := httpsServer(t, &tls.Config{
		Certificates: []tls.Certificate{p.good},
		GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
			if h.ServerName != "" {
				sni = h.ServerName
			}
			return nil, nil
		},
	}, func(w http.ResponseWriter, r *http.Request) {
		ua, cc = r.UserAgent(), r.Header.Get("Cache-Control")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, goodPolicy)
	})
	res := Policy(context.Background(), request(p, routes{"127.0.0.1:443": addr}, "127.0.0.1"))
	if !res.OK || string(res.Body) != goodPolicy || res.ResultType != "" {
		t.Fatalf("ok %v body %q result %s diags %v", res.OK, res.Body, res.ResultType, res.Diagnostics)
	}
	if len(res.Diagnostics) != 0 {
		t.Fatalf("unexpected diagnostics %v", res.Diagnostics)
	}
	a := res.Attempts[0]
	if a.Status != 200 || a.TLSVersion != "TLS 1.3" || a.CipherSuite == "" || a.BodyBytes != len(goodPolicy) {
		t.Fatalf("%+v", a)
	}
	if len(a.Certificates) != 1 || !slices.Equal(a.Certificates[0].SANs, []string{policyHost}) {
		t.Fatalf("certificates %+v", a.Certificates)
	}
	if a.NoSNI == nil || !a.NoSNI.Same {
		t.Fatalf("no-SNI check %+v", a.NoSNI)
	}
	if sni != policyHost || !strings.HasPrefix(ua, "mtasts-doctor/") || cc != "no-cache" {
		t.Fatalf("sni %q ua %q cache-control %q", sni, ua, cc)
	}
	if a.ContentType != "text/plain; charset=utf-8" || a.Headers["Content-Type"] != a.ContentType {
		t.Fatalf("content type %q headers %v", a.ContentType, a.Headers)
	}
}

// Every HTTP-level failure a sender meets, each with its code and the
// RFC 8460 result type it reports.
func TestHTTPFailures(t *testing.T) {
	p := newPKI(t)
	cases := []struct {
		name     string
		handler  http.HandlerFunc
		code     diag.Code
		location string
	}{
		{"redirect not followed §3.3", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "https://elsewhere.test/\u202emta-sts.txt")
			w.WriteHeader(http.StatusMovedPermanently)
		}, CodeRedirect, `https://elsewhere.test/\u202emta-sts.txt`},
		{"only 200 accepted §3.3", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, CodeStatus, ""},
		{"204 is not 200 §3.3", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }, CodeStatus, ""},
		{"body over 64 KiB §3.3", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, goodPolicy+strings.Repeat("x", MaxBody))
		}, CodeTooLarge, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr := httpsServer(t, &tls.Config{Certificates: []tls.Certificate{p.good}}, tc.handler)
			res := Policy(context.Background(), request(p, routes{"127.0.0.1:443": addr}, "127.0.0.1"))
			a := res.Attempts[0]
			if res.OK || a.Code != tc.code || res.ResultType != ResultFetchError {
				t.Fatalf("ok %v code %s result %s diags %v", res.OK, a.Code, res.ResultType, res.Diagnostics)
			}
			if tc.location != "" && a.Location != tc.location {
				t.Fatalf("location %q, want %q", a.Location, tc.location)
			}
			if len(a.Body) > MaxBody {
				t.Fatalf("kept %d bytes of body", len(a.Body))
			}
		})
	}
}

// RFC 8461 §3.3: the certificate must match the policy host by SAN, chain
// to a trusted root and not be expired (judged by the injected clock);
// failures are sts-webpki-invalid. §7.2: TLS 1.2 or later.
func TestCertificateAndTLSFailures(t *testing.T) {
	p := newPKI(t)
	other := certstest.NewCA(t, "Other Root")
	now := time.Now()
	cases := []struct {
		name   string
		cfg    *tls.Config
		now    func() time.Time
		code   diag.Code
		result policy.ResultType
	}{
		{"expired §3.3", &tls.Config{Certificates: []tls.Certificate{p.ca.Issue(t, certstest.Leaf{DNSNames: []string{policyHost}, NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(-time.Hour)})}}, nil, CodeCertExpired, ResultWebPKIInvalid},
		{"expired by the injected clock §3.3", &tls.Config{Certificates: []tls.Certificate{p.good}}, func() time.Time { return now.Add(400 * 24 * time.Hour) }, CodeCertExpired, ResultWebPKIInvalid},
		{"wrong name §3.3", &tls.Config{Certificates: []tls.Certificate{p.ca.Issue(t, certstest.Leaf{DNSNames: []string{"www.example.test"}})}}, nil, CodeCertName, ResultWebPKIInvalid},
		{"CN only §3.3", &tls.Config{Certificates: []tls.Certificate{p.ca.Issue(t, certstest.Leaf{CommonName: policyHost})}}, nil, CodeCertName, ResultWebPKIInvalid},
		{"untrusted root §3.3", &tls.Config{Certificates: []tls.Certificate{other.Issue(t, certstest.Leaf{DNSNames: []string{policyHost}})}}, nil, CodeCertUntrusted, ResultWebPKIInvalid},
		{"TLS 1.1 §7.2", &tls.Config{Certificates: []tls.Certificate{p.good}, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}, nil, CodeTLSVersion, ResultFetchError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr := httpsServer(t, tc.cfg, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain")
				io.WriteString(w, goodPolicy)
			})
			req := request(p, routes{"127.0.0.1:443": addr}, "127.0.0.1")
			req.Now = tc.now
			res := Policy(context.Background(), req)
			a := res.Attempts[0]
			if res.OK || a.Code != tc.code || res.ResultType != tc.result {
				t.Fatalf("ok %v code %s (%s) result %s", res.OK, a.Code, a.Error, res.ResultType)
			}
			// The exchange goes on so the evidence shows what was served.
			if tc.code != CodeTLSVersion && string(a.Body) != goodPolicy {
				t.Fatalf("body %q", a.Body)
			}
		})
	}
}

// Connection failures: refused, unreachable, and a TLS handshake the
// server breaks off.
func TestConnectFailures(t *testing.T) {
	p := newPKI(t)
	plain := rawServer(t, nil, func(c net.Conn) {
		io.WriteString(c, "220 this is not TLS\r\n")
		c.Close()
	})
	cases := []struct {
		name string
		r    routes
		code diag.Code
	}{
		{"refused", routes{"127.0.0.1:443": "refused"}, CodeRefused},
		{"unreachable", routes{}, CodeUnreachable},
		{"handshake failure", routes{"127.0.0.1:443": plain}, CodeHandshake},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := Policy(context.Background(), request(p, tc.r, "127.0.0.1"))
			if a := res.Attempts[0]; res.OK || a.Code != tc.code || res.ResultType != ResultFetchError {
				t.Fatalf("code %s (%s) result %s", a.Code, a.Error, res.ResultType)
			}
		})
	}
	res := Policy(context.Background(), request(p, routes{}))
	if res.OK || !slices.Contains(codes(res.Diagnostics), CodeNoAddresses) || res.ResultType != ResultFetchError {
		t.Fatalf("no addresses: %+v", res)
	}
}

// Hostile servers end at the attempt's deadline with a clear diagnostic:
// silence, a stalled handshake, trickled bytes, huge headers, garbage.
func TestHostileServers(t *testing.T) {
	p := newPKI(t)
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{p.good}}
	readRequest := func(c net.Conn) bool {
		_, err := http.ReadRequest(bufio.NewReader(c))
		return err == nil
	}
	cases := []struct {
		name   string
		cfg    *tls.Config
		handle func(net.Conn)
		code   diag.Code
		in     string
	}{
		{"accepts and never answers", nil, func(c net.Conn) { io.Copy(io.Discard, c) }, CodeTimeout, string(phaseTLS)},
		{"never sends headers", tlsCfg, func(c net.Conn) { readRequest(c); io.Copy(io.Discard, c) }, CodeTimeout, string(phaseHeaders)},
		{"trickles the body a byte at a time", tlsCfg, func(c net.Conn) {
			readRequest(c)
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
			for range 100 {
				if _, err := c.Write([]byte("x")); err != nil {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}, CodeTimeout, string(phaseBody)},
		// Issue 10: the status line trickled past the deadline was
		// "malformed HTTP response \"HTT\"".
		{"trickles the status line past the deadline", tlsCfg, func(c net.Conn) {
			readRequest(c)
			for _, b := range []byte("HTTP/1.1 200 OK\r\n\r\n") {
				if _, err := c.Write([]byte{b}); err != nil {
					return
				}
				time.Sleep(200 * time.Millisecond)
			}
		}, CodeTimeout, string(phaseHeaders)},
		{"huge headers", tlsCfg, func(c net.Conn) {
			readRequest(c)
			io.WriteString(c, "HTTP/1.1 200 OK\r\n")
			for range 1000 {
				if _, err := io.WriteString(c, "X-Junk: "+strings.Repeat("a", 100)+"\r\n"); err != nil {
					return
				}
			}
		}, CodeHeadersTooBig, ""},
		{"garbage instead of HTTP", tlsCfg, func(c net.Conn) {
			readRequest(c)
			io.WriteString(c, "\x1b[31mSSH-2.0-OpenSSH\r\n\r\n")
			c.Close()
		}, CodeHTTPMalformed, ""},
		{"endless chunked body", tlsCfg, func(c net.Conn) {
			readRequest(c)
			io.WriteString(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
			chunk := fmt.Sprintf("%x\r\n%s\r\n", 4096, strings.Repeat("y", 4096))
			for {
				if _, err := io.WriteString(c, chunk); err != nil {
					return
				}
			}
		}, CodeTooLarge, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr := rawServer(t, tc.cfg, tc.handle)
			req := request(p, routes{"127.0.0.1:443": addr}, "127.0.0.1")
			req.Timeout = 500 * time.Millisecond
			start := time.Now()
			res := Policy(context.Background(), req)
			// Seconds of headroom for a loaded machine under -race: a
			// hostile server that held the probe would hold it for ever.
			if el := time.Since(start); el > req.Timeout+noSNIGrace+5*time.Second {
				t.Fatalf("took %s", el)
			}
			a := res.Attempts[0]
			if a.Code != tc.code || !strings.Contains(a.Error, tc.in) || res.ResultType != ResultFetchError {
				t.Fatalf("code %s error %q result %s", a.Code, a.Error, res.ResultType)
			}
			if strings.ContainsRune(a.Error, '\x1b') {
				t.Fatalf("unsanitised error %q", a.Error)
			}
		})
	}
}

// RFC 8461 §7.1: senders send SNI; report a host that serves another
// certificate, or none, to a client without it.
func TestNoSNIHandshake(t *testing.T) {
	p := newPKI(t)
	fallback := p.ca.Issue(t, certstest.Leaf{DNSNames: []string{"default.hosting.test"}})
	serve := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, goodPolicy)
	}
	// crypto/tls uses Certificates[0] without SNI and asks GetCertificate
	// with it: a name-based virtual host whose default is another site.
	other := httpsServer(t, &tls.Config{
		Certificates:   []tls.Certificate{fallback},
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return &p.good, nil },
	}, serve)
	strict := httpsServer(t, &tls.Config{
		Certificates: []tls.Certificate{p.good},
		GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
			if h.ServerName == "" {
				return nil, fmt.Errorf("unrecognized name")
			}
			return nil, nil
		},
	}, serve)
	cases := []struct {
		addr string
		code diag.Code
	}{{other, CodeSNIMismatch}, {strict, CodeSNIRequired}}
	for _, tc := range cases {
		res := Policy(context.Background(), request(p, routes{"127.0.0.1:443": tc.addr}, "127.0.0.1"))
		if !res.OK || !slices.Contains(codes(res.Diagnostics), tc.code) {
			t.Fatalf("%s: ok %v diags %v", tc.code, res.OK, res.Diagnostics)
		}
		if tc.code == CodeSNIMismatch && (res.Attempts[0].NoSNI.Same || res.Attempts[0].NoSNI.Certificates[0].SANs[0] != "default.hosting.test") {
			t.Fatalf("no-SNI evidence %+v", res.Attempts[0].NoSNI)
		}
	}
}

// Each address is tried and reported: one broken address among good ones
// is a warning, and the policy comes from a good one.
func TestEveryAddressTried(t *testing.T) {
	p := newPKI(t)
	good := httpsServer(t, &tls.Config{Certificates: []tls.Certificate{p.good}}, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, goodPolicy)
	})
	res := Policy(context.Background(), request(p, routes{"[2001:db8::1]:443": "refused", "192.0.2.1:443": good}, "2001:db8::1", "192.0.2.1"))
	if !res.OK || string(res.Body) != goodPolicy || len(res.Attempts) != 2 {
		t.Fatalf("ok %v attempts %d", res.OK, len(res.Attempts))
	}
	if res.Attempts[0].Address != "2001:db8::1" || res.Attempts[0].Code != CodeRefused || !res.Attempts[1].OK() {
		t.Fatalf("attempts %+v", res.Attempts)
	}
	got := codes(res.Diagnostics)
	if !slices.Contains(got, CodePartialFailure) || !slices.Contains(got, "policy.content_type.not_text_plain") {
		t.Fatalf("diagnostics %v", got)
	}
}

// Cancelling returns at once and leaves no goroutine behind.
func TestCancel(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
	p := newPKI(t)
	addr := rawServer(t, nil, func(c net.Conn) { io.Copy(io.Discard, c) })
	req := request(p, routes{"127.0.0.1:443": addr, "[::1]:443": addr}, "127.0.0.1", "::1")
	req.Timeout = 30 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	res := Policy(ctx, req)
	// Far below the 30 s timeout, with headroom for a loaded machine.
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("took %s", el)
	}
	if res.OK || res.Attempts[0].Error != "canceled" || len(res.Diagnostics) != 0 {
		t.Fatalf("%+v", res)
	}
}

// RFC 9110 §15.2: a client "MUST be able to parse one or more 1xx
// responses received prior to a final response"; senders built on Go's
// net/http skip them, so a 103 Early Hints before the 200 still gives the
// policy. An endless run of them is cut off like any other hostile stream.
func TestInterimResponsesSkipped(t *testing.T) {
	p := newPKI(t)
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{p.good}}
	final := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s", len(goodPolicy), goodPolicy)
	cases := []struct {
		name    string
		interim string
		ok      bool
		code    diag.Code
	}{
		{"103 Early Hints before 200", "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n", true, ""},
		{"two 100 Continue before 200", strings.Repeat("HTTP/1.1 100 Continue\r\n\r\n", 2), true, ""},
		{"endless 1xx", strings.Repeat("HTTP/1.1 102 Processing\r\n\r\n", 50), false, CodeHTTPMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr := rawServer(t, tlsCfg, func(c net.Conn) {
				if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
					return
				}
				io.WriteString(c, tc.interim+final)
			})
			req := request(p, routes{"127.0.0.1:443": addr}, "127.0.0.1")
			req.SkipNoSNI = true
			res := Policy(context.Background(), req)
			a := res.Attempts[0]
			if res.OK != tc.ok || a.Code != tc.code {
				t.Fatalf("ok %v code %s status %d error %q", res.OK, a.Code, a.Status, a.Error)
			}
			if tc.ok && (string(res.Body) != goodPolicy || a.Status != 200) {
				t.Fatalf("status %d body %q", a.Status, res.Body)
			}
		})
	}
}

// A policy sent compressed is named as such (issue 10: it was "control
// byte 0x1F"), and the request asks for identity so a server that honours
// Accept-Encoding never compresses it (RFC 9110 §12.5.3).
func TestCompressedPolicyIsNamed(t *testing.T) {
	p := newPKI(t)
	var asked string
	addr := httpsServer(t, &tls.Config{Certificates: []tls.Certificate{p.good}}, func(w http.ResponseWriter, r *http.Request) {
		asked = r.Header.Get("Accept-Encoding")
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Encoding", "gzip")
		io.WriteString(w, "\x1f\x8b\x08\x00garbage")
	})
	res := Policy(context.Background(), request(p, routes{"127.0.0.1:443": addr}, "127.0.0.1"))
	if asked != "identity" {
		t.Errorf("Accept-Encoding %q, want identity", asked)
	}
	a := res.Attempts[0]
	if res.OK || a.Code != CodeContentEncoding || !strings.Contains(a.Error, "Content-Encoding: gzip") || res.ResultType != ResultPolicyInvalid {
		t.Fatalf("ok %v code %s result %s error %q", res.OK, a.Code, res.ResultType, a.Error)
	}
}

// A header holding hidden characters is shown with escapes and named in
// a .unsafe finding (issue 10 item 6).
func TestUnsafeHeaderIsShownAndNamed(t *testing.T) {
	p := newPKI(t)
	addr := httpsServer(t, &tls.Config{Certificates: []tls.Certificate{p.good}}, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("X-Note", "a\u202eb\u200bc")
		io.WriteString(w, goodPolicy)
	})
	res := Policy(context.Background(), request(p, routes{"127.0.0.1:443": addr}, "127.0.0.1"))
	if !res.OK {
		t.Fatalf("fetch failed: %v", res.Diagnostics)
	}
	a := res.Attempts[0]
	if got := a.Headers["X-Note"]; got != `a\u202eb\u200bc` {
		t.Errorf("X-Note shown as %q", got)
	}
	found := false
	for _, d := range res.Diagnostics {
		found = found || d.Code == CodeHeaderUnsafe && strings.Contains(d.Message, "X-Note") && !strings.Contains(d.Message, "Content-Type")
	}
	if !found {
		t.Errorf("no %s naming X-Note alone in %v", CodeHeaderUnsafe, res.Diagnostics)
	}
}

// The headers kept as evidence are bounded and the same on every run: the
// first maxHeaders by name, not whichever a map iteration yields.
func TestHeaderEvidenceBoundedAndStable(t *testing.T) {
	h := http.Header{}
	for i := range 3 * maxHeaders {
		h.Set(fmt.Sprintf("X-H%03d", i), "v")
	}
	first, _ := headerEvidence(h)
	if len(first) != maxHeaders+1 || first["X-H000"] != "v" || first["X-H039"] != "v" || first["…"] == "" {
		t.Fatalf("%d headers kept: %v", len(first), first)
	}
	for range 20 {
		if got, _ := headerEvidence(h); !maps.Equal(got, first) {
			t.Fatalf("evidence changed between runs:\n%v\n%v", got, first)
		}
	}
}

// A policy near the 64 KiB cap (RFC 8461 §3.3) sent in small chunks is
// still a policy: the chunk framing does not count against the body's cap.
func TestSmallChunksNearTheCap(t *testing.T) {
	p := newPKI(t)
	body := goodPolicy + strings.Repeat("x_pad: aaaaaaa\r\n", (MaxBody-len(goodPolicy)-1024)/16)
	addr := rawServer(t, &tls.Config{Certificates: []tls.Certificate{p.good}}, func(c net.Conn) {
		if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
			return
		}
		var b strings.Builder
		b.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
		for i := 0; i < len(body); i += 16 {
			part := body[i:min(i+16, len(body))]
			fmt.Fprintf(&b, "%x\r\n%s\r\n", len(part), part)
		}
		b.WriteString("0\r\n\r\n")
		io.WriteString(c, b.String())
	})
	req := request(p, routes{"127.0.0.1:443": addr}, "127.0.0.1")
	req.SkipNoSNI = true
	res := Policy(context.Background(), req)
	if !res.OK || string(res.Body) != body {
		t.Fatalf("ok %v, %d bytes, %s", res.OK, len(res.Body), res.Attempts[0].Error)
	}
}
