package fetch

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"maps"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/certs"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/internal/neterr"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// noSNIGrace is how long the no-SNI side check may outlive the fetch
// itself: it is evidence, not the critical path.
const noSNIGrace = time.Second

// phase names where an attempt was when it ended, for timeout messages.
type phase string

const (
	phaseConnect phase = "connecting"
	phaseTLS     phase = "in the TLS handshake"
	phaseHeaders phase = "waiting for the response headers"
	phaseBody    phase = "reading the body"
)

// attempt fetches the policy from one address under one deadline.
// The result is named so the deferred no-SNI comparison and the duration
// land in what is returned.
func attempt(parent context.Context, req Request, addr netip.Addr) (a Attempt) {
	start := time.Now()
	host := sanitize.Line(req.Host, 255)
	a = Attempt{Address: addr.String(), URL: "https://" + host + Path}
	defer func() { a.Duration = time.Since(start) }()
	timeout := req.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	a.deadline, _ = ctx.Deadline()
	target := net.JoinHostPort(addr.String(), "443")

	var noSNI chan *NoSNI
	if !req.SkipNoSNI {
		noSNI = make(chan *NoSNI, 1)
		sniCtx, sniCancel := context.WithCancel(ctx)
		defer sniCancel()
		go func() { noSNI <- handshakeNoSNI(sniCtx, req, target) }()
		defer func() {
			// Wait for the side check, but not long past the fetch.
			t := time.NewTimer(noSNIGrace)
			defer t.Stop()
			var n *NoSNI
			select {
			case n = <-noSNI:
			case <-t.C:
				sniCancel()
				n = <-noSNI
			}
			a.compareNoSNI(n, req.Host)
		}()
	}

	p := phaseConnect
	conn, err := dial(ctx, req, target)
	if err != nil {
		a.fail(parent, err, p, timeout)
		return a
	}
	defer conn.Close()
	// Reads and writes do not watch ctx; a past deadline wakes them as
	// soon as the caller cancels.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}

	p = phaseTLS
	now := time.Now
	if req.Now != nil {
		now = req.Now
	}
	tc := tls.Client(conn, &tls.Config{
		// RFC 8461 §7.1: the SNI MUST name the policy host.
		ServerName: req.Host,
		// Verified below by probe/certs, so each failure has its name.
		InsecureSkipVerify: true,
		// Accept older versions to name them: §7.2 wants 1.2 or 1.3.
		MinVersion: tls.VersionTLS10,
	})
	if err := tc.HandshakeContext(ctx); err != nil {
		a.fail(parent, err, p, timeout)
		return a
	}
	st := tc.ConnectionState()
	a.TLSVersion, a.CipherSuite = certs.VersionName(st.Version), certs.CipherName(st.CipherSuite)
	a.Certificates = certs.Summarize(st.PeerCertificates)
	if names := certs.UnsafeNames(st.PeerCertificates); len(names) > 0 {
		a.Diagnostics = append(a.Diagnostics, diag.Newf(CodeCertUnsafe, diag.Warning, "RFC 8461 §3.3",
			"the certificate chain from %s has names holding control or invisible characters, shown as escapes: %s",
			a.Address, strings.Join(names, "; ")))
	}
	a.leaf = leafOf(st.PeerCertificates)
	if !certs.VersionOK(st.Version) {
		a.failWith(CodeTLSVersion, "RFC 8461 §7.2", "%s negotiated %s; RFC 8461 requires TLS 1.2 or 1.3 and senders refuse older versions", a.Address, a.TLSVersion)
	}
	a.checkCert(certs.Check(st.PeerCertificates, req.Host, req.RootCAs, now()), req.Host)

	p = phaseHeaders
	if err := a.exchange(tc, req.Host, &p); err != nil {
		a.fail(parent, err, p, timeout)
	}
	return a
}

func dial(ctx context.Context, req Request, target string) (net.Conn, error) {
	if req.DialContext != nil {
		return req.DialContext(ctx, "tcp", target)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", target)
}

// exchange sends the GET and reads the response within the byte bounds.
func (a *Attempt) exchange(conn net.Conn, host string, p *phase) error {
	hreq, err := http.NewRequest(http.MethodGet, "https://"+host+Path, nil)
	if err != nil {
		return err
	}
	hreq.Header.Set("User-Agent", UserAgent)
	// RFC 8461 §3.3: HTTP caching MUST NOT be used.
	hreq.Header.Set("Cache-Control", "no-cache")
	// The policy is read as sent: a compressed body is named as such, not
	// parsed as a policy full of control bytes (RFC 9110 §12.5.3).
	hreq.Header.Set("Accept-Encoding", "identity")
	hreq.Close = true
	if err := hreq.Write(conn); err != nil {
		return err
	}
	lr := &io.LimitedReader{R: conn, N: MaxHeaderBytes}
	br := bufio.NewReader(lr)
	resp, err := readFinal(br, hreq)
	if err != nil {
		if lr.N <= 0 {
			a.failWith(CodeHeadersTooBig, "RFC 8461 §3.3", "%s sent more than %d bytes of headers", a.Address, MaxHeaderBytes)
			return nil
		}
		return err
	}
	defer resp.Body.Close()
	a.Status = resp.StatusCode
	var unsafe []string
	a.Headers, unsafe = headerEvidence(resp.Header)
	if len(unsafe) > 0 {
		a.Diagnostics = append(a.Diagnostics, diag.Newf(CodeHeaderUnsafe, diag.Warning, "RFC 9110 §5.5",
			"%s sent %s holding control or invisible characters (escape sequences, bidi or zero-width characters); they are shown as escapes such as \\x1b",
			a.Address, headerWords(unsafe)))
	}
	a.rawContentType = resp.Header.Get("Content-Type")
	a.ContentType = sanitize.Line(a.rawContentType, 200)
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		a.Location = sanitize.Line(resp.Header.Get("Location"), 512)
		where := a.Location
		if where == "" {
			where = "nowhere (no Location header)"
		}
		// RFC 8461 §3.3: redirects MUST NOT be followed.
		a.failWith(CodeRedirect, "RFC 8461 §3.3", "%s answered %d redirecting to %s; senders do not follow redirects, so they get no policy", a.Address, resp.StatusCode, where)
	case resp.StatusCode != http.StatusOK:
		a.failWith(CodeStatus, "RFC 8461 §3.3", "%s answered HTTP %d %s; only 200 gives a policy", a.Address, resp.StatusCode, sanitize.Line(http.StatusText(resp.StatusCode), 60))
	case encoded(resp.Header):
		a.failWith(CodeContentEncoding, "RFC 9110 §8.4", "%s sent the policy with Content-Encoding: %s although the request asked for identity; a sender that does not decode it reads compressed bytes and rejects the policy: serve it uncompressed",
			a.Address, sanitize.Line(strings.Join(resp.Header.Values("Content-Encoding"), ", "), 60))
	}
	*p = phaseBody
	// Allow the body and its chunked framing, no more.
	lr.N += MaxBody + 1 + 16<<10
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	a.BodyBytes = len(body)
	if len(body) > MaxBody {
		a.Body = body[:MaxBody]
		a.failWith(CodeTooLarge, "RFC 8461 §3.3", "the policy from %s is larger than %d bytes; senders stop reading and get no policy", a.Address, MaxBody)
		return nil
	}
	a.Body = body
	return err
}

// maxInterim bounds the 1xx responses skipped before the final one, as Go's
// net/http does (it allows five), so a host cannot stream them forever.
const maxInterim = 5

// errTooManyInterim: more than maxInterim 1xx responses in a row.
var errTooManyInterim = errors.New("more than 5 interim (1xx) responses before the final one")

// readFinal reads the final response. RFC 9110 §15.2: a client "MUST be
// able to parse one or more 1xx responses received prior to a final
// response"; senders on Go's net/http skip them (a 103 Early Hints from a
// CDN, say), so a policy behind one is still a policy. 101 is final: no
// upgrade was asked for, and it carries no policy.
func readFinal(br *bufio.Reader, hreq *http.Request) (*http.Response, error) {
	for range maxInterim + 1 {
		resp, err := http.ReadResponse(br, hreq)
		if err != nil || resp.StatusCode >= 200 || resp.StatusCode == http.StatusSwitchingProtocols {
			return resp, err
		}
		resp.Body.Close() // a 1xx has no body
	}
	return nil, errTooManyInterim
}

// headerEvidence keeps a bounded, sanitised copy of the headers: the first
// maxHeaders by name, so two runs against the same host show the same ones.
// unsafe names the kept headers that held something the sanitiser shows
// as an escape.
func headerEvidence(h http.Header) (out map[string]string, unsafe []string) {
	out = map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(h)) {
		if len(out) == maxHeaders {
			out["…"] = "more headers not shown"
			break
		}
		v := strings.Join(h[k], ", ")
		name := sanitize.Line(k, 64)
		out[name] = sanitize.Line(v, 256)
		if sanitize.Unsafe(k) || sanitize.Unsafe(v) {
			unsafe = append(unsafe, name)
		}
	}
	return out, unsafe
}

// headerWords says "the header X" or "the headers X, Y".
func headerWords(names []string) string {
	if len(names) == 1 {
		return "the header " + names[0]
	}
	return "the headers " + strings.Join(names, ", ")
}

// encoded reports a Content-Encoding other than identity: the body is not
// the policy text as is.
func encoded(h http.Header) bool {
	for _, v := range h.Values("Content-Encoding") {
		for _, e := range strings.Split(v, ",") {
			if e = strings.TrimSpace(e); e != "" && !strings.EqualFold(e, "identity") {
				return true
			}
		}
	}
	return false
}

func (a *Attempt) failWith(code diag.Code, rfc, format string, args ...any) {
	d := diag.Newf(code, diag.Error, rfc, format, args...)
	a.Diagnostics = append(a.Diagnostics, d)
	if a.Code == "" {
		a.Code, a.ResultType, a.Error = code, ResultTypeOf(code), d.Message
	}
}

// checkCert applies RFC 8461 §3.3 to the presented chain.
func (a *Attempt) checkCert(v certs.Verdict, host string) {
	h := sanitize.Line(host, 255)
	for _, p := range v.Problems {
		switch p {
		case certs.Expired:
			a.failWith(CodeCertExpired, "RFC 8461 §3.3", "the certificate from %s has expired (or a certificate in its chain has)", a.Address)
		case certs.NotYetValid:
			a.failWith(CodeCertExpired, "RFC 8461 §3.3", "the certificate from %s is not valid yet", a.Address)
		case certs.NameMismatch:
			a.failWith(CodeCertName, "RFC 8461 §3.3", "the certificate from %s has no SAN DNS name matching %s", a.Address, h)
		case certs.Untrusted:
			a.failWith(CodeCertUntrusted, "RFC 8461 §3.3", "the certificate from %s does not chain to a trusted root: %s", a.Address, v.Detail)
		default:
			a.failWith(CodeCertInvalid, "RFC 8461 §3.3", "the certificate from %s is not valid: %s", a.Address, v.Detail)
		}
	}
}

// fail classifies a transport error by where it happened.
func (a *Attempt) fail(parent context.Context, err error, p phase, timeout time.Duration) {
	msg := sanitize.Line(err.Error(), 200)
	switch {
	case neterr.Stopped(parent) != nil:
		// The caller stopped (a cancel, or the whole walk's deadline),
		// not the server: no diagnostic.
		a.Error = stopWords(neterr.Stopped(parent))
	case p == phaseConnect && neterr.IsLocalResource(err):
		// Nor is this machine running out of file descriptors.
		a.Local = true
		d := diag.Newf(CodeLocalResource, diag.Warning, "RFC 8461 §3.3",
			"could not open a connection to %s port 443: this machine ran out of a local resource (%s); that is the checker's limit, not the policy host's or the network's. Raise ulimit -n or check fewer domains at once", a.Address, msg)
		a.Diagnostics = append(a.Diagnostics, d)
		a.Code, a.Error = CodeLocalResource, d.Message
	case neterr.IsTimeout(err) || a.pastDeadline():
		// A reader that hits the deadline mid-line can hand back what it
		// had with no error ("HTT"), which then fails to parse: the
		// cause is still the deadline, not a malformed response.
		a.failWith(CodeTimeout, "RFC 8461 §3.3", "%s gave no complete answer within %s (stalled %s); the fast senders give up sooner (postfix-tlspol 2 s, postfix-mta-sts-resolver 4 s), while the RFC suggests waiting a minute: a longer --timeout shows what patient senders get", a.Address, timeout, p)
	case p == phaseConnect && neterr.IsRefused(err):
		a.failWith(CodeRefused, "RFC 8461 §3.3", "%s refused the connection to port 443", a.Address)
	case p == phaseConnect:
		a.failWith(CodeUnreachable, "RFC 8461 §3.3", "could not connect to %s port 443: %s", a.Address, msg)
	case p == phaseTLS:
		a.failWith(CodeHandshake, "RFC 8461 §3.3", "the TLS handshake with %s failed: %s", a.Address, msg)
	default:
		a.failWith(CodeHTTPMalformed, "RFC 8461 §3.3", "%s broke off or sent an invalid HTTP response %s: %s", a.Address, p, msg)
	}
}

// pastDeadline reports whether the attempt's deadline has come.
func (a *Attempt) pastDeadline() bool {
	return !a.deadline.IsZero() && !time.Now().Before(a.deadline)
}

// compareNoSNI records the no-SNI handshake and flags a host whose
// certificate without SNI would not be valid for it (RFC 8461 §7.1).
func (a *Attempt) compareNoSNI(n *NoSNI, host string) {
	if n == nil {
		return
	}
	a.NoSNI = n
	n.Same = n.Error == "" && bytes.Equal(n.leaf, a.leaf)
	if len(a.Certificates) == 0 {
		return // the SNI handshake itself failed; nothing to compare
	}
	h := sanitize.Line(host, 255)
	switch {
	case n.Error != "":
		a.Diagnostics = append(a.Diagnostics, diag.Newf(CodeSNIRequired, diag.Info, "RFC 8461 §7.1",
			"%s refuses TLS without SNI (%s); compliant senders always send SNI, but tools like openssl s_client without -servername fail", a.Address, n.Error))
	case !n.Same:
		a.Diagnostics = append(a.Diagnostics, diag.Newf(CodeSNIMismatch, diag.Info, "RFC 8461 §7.1",
			"%s presents a different certificate without SNI (%s); senders MUST send SNI = %s, so only clients that omit it see this one", a.Address, subjectOf(n.Certificates), h))
	}
}

func subjectOf(s []certs.Summary) string {
	if len(s) == 0 {
		return "none"
	}
	if len(s[0].SANs) > 0 {
		return strings.Join(s[0].SANs[:min(3, len(s[0].SANs))], ", ")
	}
	return s[0].Subject
}

// handshakeNoSNI makes a TLS handshake without SNI and records the chain.
func handshakeNoSNI(ctx context.Context, req Request, target string) *NoSNI {
	conn, err := dial(ctx, req, target)
	if err != nil {
		return &NoSNI{Error: sanitize.Line(err.Error(), 200)}
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	// An empty ServerName sends no SNI extension.
	tc := tls.Client(conn, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10})
	if err := tc.HandshakeContext(ctx); err != nil {
		return &NoSNI{Error: sanitize.Line(err.Error(), 200)}
	}
	chain := tc.ConnectionState().PeerCertificates
	return &NoSNI{Certificates: certs.Summarize(chain), leaf: leafOf(chain)}
}

func leafOf(chain []*x509.Certificate) []byte {
	if len(chain) == 0 {
		return nil
	}
	return chain[0].Raw
}
