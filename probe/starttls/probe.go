// Package starttls probes one address of one MX host the way a sender
// enforcing MTA-STS does (RFC 8461 §4.2, §5): connect to port 25, read the
// banner, EHLO, STARTTLS, a TLS handshake with SNI = the MX name, the
// certificate checked against that name (SAN DNS-IDs only), its expiry and
// chain, the TLS version; then EHLO again and QUIT (sent, not waited for).
//
// It never sends MAIL, RCPT or DATA: it is a checker, not a sender.
//
// It tells two kinds of failure apart. If port 25 cannot be reached at all,
// that is most often the network the checker runs on (many ISPs and clouds
// block outbound port 25), so Result.Unreachable is set and no RFC 8460
// result type is given. Everything after the TCP connection is the server's
// doing and gets its own diagnostic and, where a sender would report one,
// its RFC 8460 result type.
//
// Every reply is untrusted: lines and multi-line replies are bounded, the
// whole session has one deadline, and the transcript is sanitised.
package starttls

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/certs"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/internal/neterr"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

const (
	// DefaultTimeout bounds one session when Request.Timeout is zero.
	DefaultTimeout = 15 * time.Second
	// DefaultHelo is the EHLO name when Request.HeloName is empty: a
	// reserved name (RFC 2606) that cannot be mistaken for a real sender.
	DefaultHelo = "mtasts-doctor.invalid"
	// MaxTranscript bounds the transcript lines kept.
	MaxTranscript = 200
	maxShown      = 300
)

// Request says which MX address to probe and how.
type Request struct {
	// MX is the MX host name (the certificate must match it, §4.2).
	MX string
	// Address is one of its addresses; the probe dials "Address:25".
	Address netip.Addr
	// RootCAs is the trust store; nil means the system pool.
	RootCAs *x509.CertPool
	// DialContext opens the TCP connection; nil means a net.Dialer.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Timeout bounds the whole session; zero means DefaultTimeout.
	Timeout time.Duration
	// Now decides certificate expiry; nil means time.Now.
	Now func() time.Time
	// HeloName is sent with EHLO; empty, or not one printable-ASCII word,
	// means DefaultHelo.
	HeloName string
}

// Result is what the session showed. Every string is sanitised.
type Result struct {
	MX      string `json:"mx"`
	Address string `json:"address"`
	// Unreachable is set when no TCP connection to port 25 could be made:
	// likely the checker's network, not the server.
	Unreachable bool `json:"unreachable,omitempty"`
	// Local is set when this machine ran out of a resource (file
	// descriptors, ports) before the connection was made: nothing is known
	// about the server or the path.
	Local  bool   `json:"local,omitempty"`
	Banner string `json:"banner,omitempty"`
	// STARTTLS is true when EHLO offered it; TLS when the handshake
	// completed.
	STARTTLS     bool            `json:"starttls"`
	TLS          bool            `json:"tls"`
	TLSVersion   string          `json:"tls_version,omitempty"`
	CipherSuite  string          `json:"cipher_suite,omitempty"`
	Certificates []certs.Summary `json:"certificates,omitempty"`
	// Transcript has one entry per line, "S: " or "C: " first.
	Transcript []string `json:"transcript,omitempty"`
	// Code is the first failure; ResultType its RFC 8460 result type.
	Code        diag.Code         `json:"code,omitempty"`
	ResultType  policy.ResultType `json:"result_type,omitempty"`
	Error       string            `json:"error,omitempty"`
	Duration    time.Duration     `json:"-"`
	Diagnostics diag.List         `json:"diagnostics"`
}

// OK reports whether a sender enforcing MTA-STS would deliver here.
func (r Result) OK() bool { return r.TLS && r.Code == "" }

// session is the state of one probe.
type session struct {
	req     Request
	res     *Result
	conn    net.Conn
	br      *bufio.Reader
	phase   string
	timeout time.Duration
	omitted int
	// unsafe is set once a reply line held something shown as an escape.
	unsafe bool
	// replyLines counts the lines the server sent, complete or not.
	replyLines int
	// deadline is when the session's time runs out: an error at or after
	// it is the deadline's doing, whatever the error says.
	deadline time.Time
}

// Probe runs one session against req.Address. It always returns a Result.
func Probe(ctx context.Context, req Request) Result {
	start := time.Now()
	res := Result{MX: sanitize.Line(req.MX, 255), Address: req.Address.String()}
	s := &session{req: req, res: &res, timeout: req.Timeout}
	if s.timeout <= 0 {
		s.timeout = DefaultTimeout
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	err := s.run(ctx)
	if err != nil {
		s.classify(parent, err)
	}
	if s.omitted > 0 {
		res.Transcript = append(res.Transcript, "… "+itoa(s.omitted)+" more lines not shown")
	}
	res.Duration = time.Since(start)
	return res
}

func (s *session) run(ctx context.Context) error {
	target := net.JoinHostPort(s.req.Address.String(), "25")
	s.phase = "connecting"
	var err error
	if s.req.DialContext != nil {
		s.conn, err = s.req.DialContext(ctx, "tcp", target)
	} else {
		var d net.Dialer
		s.conn, err = d.DialContext(ctx, "tcp", target)
	}
	if err != nil {
		return err
	}
	defer func() { s.conn.Close() }()
	// Reads do not watch ctx; a past deadline wakes them when it ends. It
	// is set on the TCP connection itself, which the TLS layer reads too:
	// s.conn is replaced when TLS starts and must not be read by the
	// goroutine AfterFunc runs.
	raw := s.conn
	stop := context.AfterFunc(ctx, func() { raw.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		raw.SetDeadline(dl)
		s.deadline = dl
	}
	s.br = bufio.NewReader(s.conn)

	s.phase = "waiting for the banner"
	banner, err := s.read()
	if err != nil {
		return err
	}
	s.res.Banner = sanitize.Line(banner.Text(), maxShown)
	if banner.Code != 220 {
		s.failWith(CodeBannerRejected, "RFC 5321 §4.2", "", "%s greeted with %d instead of 220: %s", s.where(), banner.Code, s.res.Banner)
		s.quit()
		return nil
	}

	s.phase = "waiting for the EHLO reply"
	ehlo, err := s.command("EHLO " + s.helo())
	if err != nil {
		return err
	}
	if ehlo.Code != 250 {
		s.failWith(CodeEHLORejected, "RFC 5321 §4.1.1.1", "", "%s rejected EHLO with %d: %s", s.where(), ehlo.Code, sanitize.Line(ehlo.Text(), maxShown))
		s.quit()
		return nil
	}
	s.res.STARTTLS = offers(ehlo, "STARTTLS")
	if !s.res.STARTTLS {
		s.failWith(CodeNotOffered, "RFC 8461 §5", "", "%s does not offer STARTTLS: senders enforcing MTA-STS MUST NOT deliver to it", s.where())
		s.quit()
		return nil
	}

	s.phase = "waiting for the STARTTLS reply"
	st, err := s.command("STARTTLS")
	if err != nil {
		return err
	}
	if st.Code != 220 {
		s.failWith(CodeSTARTTLSRefused, "RFC 3207 §4", "", "%s offered STARTTLS but answered it with %d: %s", s.where(), st.Code, sanitize.Line(st.Text(), maxShown))
		s.quit()
		return nil
	}
	s.discardInjected()

	s.phase = "in the TLS handshake"
	tc := tls.Client(s.conn, &tls.Config{
		// RFC 8461 §7.1: the SNI MUST contain the MX hostname.
		ServerName: s.req.MX,
		// Checked below by probe/certs so each failure has its own code.
		InsecureSkipVerify: true,
		// Accept old versions to name them: §7.2 wants TLS 1.2 or 1.3.
		MinVersion: tls.VersionTLS10,
	})
	if err := tc.HandshakeContext(ctx); err != nil {
		return err
	}
	s.conn = tc
	s.br = bufio.NewReader(tc)
	cs := tc.ConnectionState()
	s.res.TLS = true
	s.res.TLSVersion, s.res.CipherSuite = certs.VersionName(cs.Version), certs.CipherName(cs.CipherSuite)
	s.res.Certificates = certs.Summarize(cs.PeerCertificates)
	if names := certs.UnsafeNames(cs.PeerCertificates); len(names) > 0 {
		s.res.Diagnostics = append(s.res.Diagnostics, diag.Newf(CodeCertUnsafe, diag.Warning, "RFC 8461 §4.2",
			"the certificate chain from %s has names holding control or invisible characters, shown as escapes: %s",
			s.where(), strings.Join(names, "; ")))
	}
	s.record("-- " + s.res.TLSVersion + " " + s.res.CipherSuite + " established --")
	if !certs.VersionOK(cs.Version) {
		s.failWith(CodeTLSVersion, "RFC 8461 §7.2", "", "%s negotiated %s; MTA-STS requires TLS 1.2 or 1.3", s.where(), s.res.TLSVersion)
	}
	s.checkCert(cs.PeerCertificates)

	s.phase = "waiting for the EHLO reply after TLS"
	again, err := s.command("EHLO " + s.helo())
	if err != nil {
		return err
	}
	if again.Code != 250 {
		d := diag.Newf(CodeEHLOAfterTLS, diag.Warning, "RFC 3207 §4.2", "%s answered EHLO after TLS with %d: %s", s.where(), again.Code, sanitize.Line(again.Text(), maxShown))
		s.res.Diagnostics = append(s.res.Diagnostics, d)
	}
	s.quit()
	return nil
}

// discardInjected drops whatever the server pipelined after its 220 to
// STARTTLS. RFC 3207 §6 (CVE-2011-0411): nothing received before the
// handshake may be taken as part of the TLS session; a server that sends it
// is broken, or someone on the path is tampering. It is flagged, kept in the
// transcript, and not fed to TLS; the handshake is still made so the
// evidence shows the certificate.
func (s *session) discardInjected() {
	n := s.br.Buffered()
	if n == 0 {
		return
	}
	b, _ := s.br.Peek(n)
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if l != "" {
			s.recordReply("S (before TLS, discarded): ", strings.TrimRight(l, "\r\n"))
		}
	}
	s.br.Discard(n)
	s.failWith(CodeInjection, "RFC 3207 §6", "", "%s sent %d bytes after its 220 reply to STARTTLS, before the TLS handshake; they were discarded, as senders must", s.where(), n)
}

// helo is the EHLO argument: one domain or address literal (RFC 5321
// §4.1.1.1), so a HeloName with a space, a line break or anything outside
// printable ASCII, which could smuggle a second command (MAIL) into the
// session, is replaced by DefaultHelo.
func (s *session) helo() string {
	h := s.req.HeloName
	if h == "" || len(h) > 255 {
		return DefaultHelo
	}
	for i := 0; i < len(h); i++ {
		if h[i] <= ' ' || h[i] > '~' {
			return DefaultHelo
		}
	}
	return h
}

func (s *session) where() string { return s.res.MX + " (" + s.res.Address + ")" }

// command sends one line and reads the reply.
func (s *session) command(line string) (Reply, error) {
	s.record("C: " + line)
	if _, err := io.WriteString(s.conn, line+"\r\n"); err != nil {
		return Reply{}, err
	}
	return s.read()
}

func (s *session) read() (Reply, error) {
	return ReadReply(s.br, func(l string) { s.recordReply("S: ", l) })
}

// quit ends the session politely. The 221 reply is not waited for: it
// decides nothing (RFC 5321 §4.1.1.10 has the server close either way), and
// waiting would add a whole round trip to every probe, the last on the
// walk's critical path. Senders that finish a session do the same.
func (s *session) quit() {
	s.phase = "quitting"
	s.record("C: QUIT")
	io.WriteString(s.conn, "QUIT\r\n")
}

// recordReply records a line the server sent; the first that holds
// anything the sanitiser shows as an escape gets a finding, so an escape
// in the transcript is never mistaken for text the server did not send.
func (s *session) recordReply(prefix, line string) {
	s.replyLines++
	if !s.unsafe && sanitize.Unsafe(line) {
		s.unsafe = true
		s.res.Diagnostics = append(s.res.Diagnostics, diag.Newf(CodeReplyUnsafe, diag.Warning, "RFC 5321 §4.2",
			"%s sent a reply holding control or invisible characters (escape sequences, bidi or zero-width characters): %s",
			s.where(), sanitize.Line(line, maxShown)))
	}
	s.record(prefix + line)
}

func (s *session) record(line string) {
	if len(s.res.Transcript) >= MaxTranscript-1 {
		s.omitted++
		return
	}
	s.res.Transcript = append(s.res.Transcript, sanitize.Line(line, maxShown))
}

// offers reports whether an EHLO reply lists keyword (RFC 5321 §4.1.1.1:
// the first line is the greeting, each later line one extension).
func offers(r Reply, keyword string) bool {
	for _, l := range r.Lines[1:] {
		if f := strings.Fields(l); len(f) > 0 && strings.EqualFold(f[0], keyword) {
			return true
		}
	}
	return false
}

func (s *session) failWith(code diag.Code, rfc string, resultType policy.ResultType, format string, args ...any) {
	d := diag.Newf(code, diag.Error, rfc, format, args...)
	if code == CodeUnreachable || code == CodeLocalResource {
		d.Severity = diag.Warning
	}
	s.res.Diagnostics = append(s.res.Diagnostics, d)
	if s.res.Code == "" {
		if resultType == "" {
			resultType = ResultTypeOf(code)
		}
		s.res.Code, s.res.ResultType, s.res.Error = code, resultType, d.Message
	}
}

// checkCert applies RFC 8461 §4.2 to the MX's chain.
func (s *session) checkCert(chain []*x509.Certificate) {
	now := time.Now
	if s.req.Now != nil {
		now = s.req.Now
	}
	v := certs.Check(chain, s.req.MX, s.req.RootCAs, now())
	for _, p := range v.Problems {
		switch p {
		case certs.Expired:
			s.failWith(CodeCertExpired, "RFC 8461 §4.2", "", "the certificate of %s has expired (or one in its chain has)", s.where())
		case certs.NotYetValid:
			s.failWith(CodeCertExpired, "RFC 8461 §4.2", "", "the certificate of %s is not valid yet", s.where())
		case certs.NameMismatch:
			s.failWith(CodeCertName, "RFC 8461 §4.2", "", "the certificate of %s has no SAN DNS name matching %s", s.where(), s.res.MX)
		case certs.Untrusted:
			s.failWith(CodeCertUntrusted, "RFC 8461 §4.2", "", "the certificate of %s does not chain to a trusted root: %s", s.where(), v.Detail)
		default:
			s.failWith(CodeCertInvalid, "RFC 8461 §4.2", "", "the certificate of %s is not valid: %s", s.where(), v.Detail)
		}
	}
}

// classify turns the error that ended the session into a diagnostic.
func (s *session) classify(parent context.Context, err error) {
	msg := sanitize.Line(err.Error(), 200)
	tlsPhase := s.phase == "in the TLS handshake"
	switch {
	case errors.Is(parent.Err(), context.Canceled):
		s.res.Error = "canceled"
	case neterr.Stopped(parent) != nil:
		// The caller's deadline (the whole walk's), not this session's:
		// nothing is known against the server.
		s.res.Error = "deadline: the walk ran out of time first (" + s.phase + ")"
	case s.phase == "connecting" && neterr.IsLocalResource(err):
		s.res.Local = true
		s.failWith(CodeLocalResource, "RFC 5321 §3.1", "",
			"could not open a connection to %s port 25: this machine ran out of a local resource (%s); that is the checker's limit, not the server's or the network's. Raise ulimit -n or probe fewer domains at once", s.where(), msg)
	case s.phase == "connecting":
		s.res.Unreachable = true
		// Say which it looks like: firewalls that block outbound port 25
		// mostly drop packets (a timeout); a refusal usually comes from the
		// host itself, with nothing listening there.
		switch {
		case neterr.IsRefused(err):
			s.failWith(CodeUnreachable, "RFC 5321 §3.1", "",
				"%s refused the connection to port 25: usually nothing listens there, which senders would hit too; some networks also reject outbound port 25, so if every MX is refused, suspect your network", s.where())
		case neterr.IsTimeout(err):
			s.failWith(CodeUnreachable, "RFC 5321 §3.1", "",
				"no answer from %s port 25 within %s: this looks like your network blocking outbound port 25 (many do); rerun from a mail server's network, or with --no-smtp", s.where(), s.timeout)
		default:
			s.failWith(CodeUnreachable, "RFC 5321 §3.1", "",
				"cannot connect to %s port 25 from here (%s); many networks block outbound port 25, so this may be your network, not the server", s.where(), msg)
		}
	case s.phase == "waiting for the banner" && s.timedOut(err) && s.replyLines > 0:
		// RFC 5321 §4.2.1: a multi-line reply ends with "220 "; a 220- that
		// never ends is a greeting still going at the deadline.
		s.failWith(CodeBannerTimeout, "RFC 5321 §4.5.3.2", "", "%s sent %d greeting lines (220-) but not the last one within %s: senders give up at their deadline", s.where(), s.replyLines, s.timeout)
	case s.phase == "waiting for the banner" && s.timedOut(err):
		s.failWith(CodeBannerTimeout, "RFC 5321 §4.5.3.2", "", "%s accepted the connection but sent no banner within %s", s.where(), s.timeout)
	case s.timedOut(err):
		var rt policy.ResultType
		if tlsPhase {
			rt = ResultValidationFailure
		}
		s.failWith(CodeTimeout, "RFC 5321 §4.5.3.2", rt, "%s stalled %s: nothing complete within %s", s.where(), s.phase, s.timeout)
	case errors.Is(err, ErrLineTooLong), errors.Is(err, ErrTooManyLines):
		s.failWith(CodeReplyTooLong, "RFC 5321 §4.5.3.1.5", "", "%s sent an oversized reply %s: %s", s.where(), s.phase, msg)
	case errors.Is(err, ErrMalformed):
		s.failWith(CodeMalformed, "RFC 5321 §4.2", "", "%s sent something that is not an SMTP reply %s: %s", s.where(), s.phase, msg)
	case tlsPhase && plainSMTP(err) != "":
		s.failWith(CodeHandshake, "RFC 3207 §4", "", "%s answered the TLS ClientHello in plain text (%q) instead of starting TLS after its 220 to STARTTLS: its STARTTLS does not work, or a middlebox intercepts port 25", s.where(), plainSMTP(err))
	case tlsPhase:
		s.failWith(CodeHandshake, "RFC 8461 §4.2", "", "the TLS handshake with %s failed: %s", s.where(), msg)
	default:
		s.failWith(CodeClosed, "RFC 5321 §3.8", "", "%s closed the connection %s: %s", s.where(), s.phase, msg)
	}
}

// timedOut reports whether err is the deadline's doing: a timeout error,
// or any error at or after the deadline (a read cut mid-line can surface
// as something else).
func (s *session) timedOut(err error) bool {
	return neterr.IsTimeout(err) || !s.deadline.IsZero() && !time.Now().Before(s.deadline)
}

// plainSMTP returns the start of an SMTP reply ("500 5") that the server
// sent where the TLS handshake expected a record, or "".
func plainSMTP(err error) string {
	var rh tls.RecordHeaderError
	if !errors.As(err, &rh) {
		return ""
	}
	h := rh.RecordHeader[:]
	if _, _, _, ok := splitLine(string(h[:4])); !ok {
		return ""
	}
	return sanitize.Line(string(h), 5)
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
