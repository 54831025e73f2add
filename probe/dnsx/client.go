package dnsx

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"syscall"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/internal/neterr"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// Bounds on what one lookup processes, whatever the server sends.
const (
	// MaxChain bounds the CNAME chain followed from the asked name.
	MaxChain = 8
	// MaxAnswers bounds the answer RRs processed per reply.
	MaxAnswers = 1000
	// MaxTXTBytes bounds one TXT RR's strings taken together. MTA-STS and
	// TLS-RPT records are a few hundred bytes; anything near this is not
	// one.
	MaxTXTBytes = 8192
	// maxLine bounds one presentation-form answer in the evidence.
	maxLine = 512
)

// Client asks a fixed list of recursive resolvers. The zero Timeout means
// DefaultTimeout; Retries is the number of extra rounds over all servers
// after the first.
type Client struct {
	Servers []string
	Timeout time.Duration
	Retries int
	// Control, when set, runs before every socket to a server connects
	// (net.Dialer.Control): the network guard of a served walk.
	Control func(network, address string, c syscall.RawConn) error
}

// MX is one mail exchanger; Host is lower case without the trailing dot
// ("." for a null MX, RFC 7505).
type MX struct {
	Pref uint16 `json:"pref"`
	Host string `json:"host"`
}

// Attempt is one exchange with one server.
type Attempt struct {
	Server    string        `json:"server"`
	Transport string        `json:"transport"`
	Outcome   string        `json:"outcome"`
	RTT       time.Duration `json:"-"`
}

// Result is everything one lookup saw. Every string in it except RawTXT is
// bounded and sanitised.
type Result struct {
	// Name is the asked name, fully qualified.
	Name  string `json:"name"`
	Type  string `json:"type"`
	Qtype uint16 `json:"-"`
	Kind  Kind   `json:"-"`
	// Rcode is NOERROR, NXDOMAIN, SERVFAIL, ...; TIMEOUT when no reply
	// came, NETWORK when no server could be reached or only garbage came
	// back, CANCELED when the caller gave up.
	Rcode string `json:"rcode"`
	// Server answered the final query (host:port); Transport is udp or tcp.
	Server    string `json:"server,omitempty"`
	Transport string `json:"transport,omitempty"`
	// AD is the resolver's DNSSEC "authentic data" bit, true only when
	// every reply along the CNAME chain had it.
	AD bool `json:"ad"`
	// CNAMEs is the chain followed from Name, in order, without trailing
	// dots.
	CNAMEs []string `json:"cnames,omitempty"`
	// Answers are the answer RRs in presentation form.
	Answers []string `json:"answers,omitempty"`
	// TXT holds each TXT RR's strings, separately and sanitised for
	// display; RFC 8461 §3.1 concatenates them without spaces.
	TXT [][]string `json:"txt,omitempty"`
	// RawTXT is TXT as received (bounded, NOT sanitised) for parsers that
	// must judge the exact bytes, e.g. "MUST be US-ASCII" (RFC 8461 §3.1).
	// Never display it.
	RawTXT [][]string   `json:"-"`
	Addrs  []netip.Addr `json:"addrs,omitempty"`
	// MX is sorted by preference, then host.
	MX []MX `json:"mx,omitempty"`
	// TLSA holds "usage selector matching-type data" strings.
	TLSA        []string      `json:"tlsa,omitempty"`
	Error       string        `json:"error,omitempty"`
	RTT         time.Duration `json:"-"`
	Attempts    []Attempt     `json:"attempts,omitempty"`
	Diagnostics diag.List     `json:"diagnostics"`

	// garbage counts replies ignored as unparsable or not matching.
	garbage int
}

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

// Lookup asks for name's records of qtype, following CNAMEs (RFC 8461 §3.1:
// senders MUST follow them). It always returns a Result; Kind says how it
// ended.
func (c *Client) Lookup(ctx context.Context, name string, qtype uint16) Result {
	start := time.Now()
	fq := dns.Fqdn(name)
	res := Result{Name: sanitize.Line(fq, 300), Qtype: qtype, Type: typeString(qtype), AD: true}
	defer func() { res.RTT = time.Since(start) }()
	if len(c.Servers) == 0 {
		res.AD = false
		res.Kind, res.Rcode = KindNetwork, "NETWORK"
		res.Error = "no DNS server configured"
		res.Diagnostics = append(res.Diagnostics, diag.Newf(CodeNoServers, diag.Error, "RFC 1035 §7.2",
			"no DNS server to ask for %s %s", res.Name, res.Type))
		return res
	}
	w := walker{res: &res, seen: map[string]bool{strings.ToLower(fq): true}}
	owner := fq
	for query := 0; ; query++ {
		msg := c.query(ctx, owner, qtype, &res)
		if msg == nil {
			res.AD = false
			return res
		}
		res.AD = res.AD && msg.AuthenticatedData
		next, found := w.walk(msg, owner, qtype)
		switch {
		case found:
			res.Kind = KindAnswer
		case msg.Rcode == dns.RcodeSuccess && next != owner && !w.broken && query < MaxChain:
			// The chain left the reply without reaching the type: ask
			// for its end ourselves.
			owner = next
			continue
		case w.broken:
			// The loop or cut is the outcome, whatever the rcode.
			res.Kind, res.Error = KindBrokenChain, w.brokenWhy
		case msg.Rcode == dns.RcodeSuccess && next != owner:
			// Every hop needed its own query and the chain never ended.
			res.Kind = KindBrokenChain
			res.Error = fmt.Sprintf("the CNAME chain from %s did not end within %d queries", res.Name, MaxChain+1)
			res.Diagnostics = append(res.Diagnostics, diag.Newf(CodeCNAMETooLong, diag.Error, "RFC 1034 §3.6.2", "%s", res.Error))
		default:
			res.Kind = rcodeKind(msg.Rcode)
			if res.Kind == KindAnswer {
				res.Kind = KindNoData
			}
		}
		res.Rcode = dns.RcodeToString[msg.Rcode]
		if !res.Kind.Exists() && res.Kind != KindNXDomain && res.Kind != KindBrokenChain {
			res.Diagnostics = append(res.Diagnostics, rcodeDiag(&res))
		}
		if res.Kind == KindAnswer {
			sortMX(res.MX)
		}
		return res
	}
}

// query asks every server in turn, for 1+Retries rounds, until one gives a
// conclusive reply (NOERROR or NXDOMAIN). It returns the reply to use, or
// nil with res's Kind, Rcode and Error set.
func (c *Client) query(ctx context.Context, name string, qtype uint16, res *Result) *dns.Msg {
	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	m.RecursionDesired = true
	// RFC 6840 §5.7 / RFC 4035 §3.2.1: DO asks the resolver to validate
	// and report AD; EDNS0 lets answers exceed 512 bytes over UDP.
	m.SetEdns0(udpSize, true)

	var fallback *dns.Msg // a SERVFAIL/REFUSED kept while other servers are tried
	var fallbackAt Attempt
	var last wire
	rounds := 1 + max(c.Retries, 0)
	for round := 0; round < rounds; round++ {
		for _, server := range c.Servers {
			if ctx.Err() != nil {
				return c.stopped(ctx, res)
			}
			w, transport := c.ask(ctx, server, m, res)
			if w.err == nil && w.msg.Rcode == dns.RcodeFormatError && w.msg.IsEdns0() == nil {
				// RFC 6891 §7: a server that answers FORMERR without an OPT
				// record does not speak EDNS; ask it again plainly.
				res.Attempts = append(res.Attempts, Attempt{Server: server, Transport: transport, Outcome: "FORMERR to EDNS", RTT: w.rtt})
				res.Diagnostics = appendOnce(res.Diagnostics, diag.Newf(CodeNoEDNS, diag.Warning, "RFC 6891 §7",
					"%s rejects EDNS0 queries (FORMERR); asked again without EDNS, so answers are limited to 512 bytes over UDP and DNSSEC validation cannot be asked for",
					sanitize.Line(server, 100)))
				w, transport = c.ask(ctx, server, withoutEDNS(m), res)
			}
			at := Attempt{Server: server, Transport: transport, RTT: w.rtt}
			if w.err != nil {
				if ctx.Err() != nil {
					return c.stopped(ctx, res)
				}
				at.Outcome = errOutcome(w.err)
				res.Attempts = append(res.Attempts, at)
				last = w
				continue
			}
			at.Outcome = dns.RcodeToString[w.msg.Rcode]
			res.Attempts = append(res.Attempts, at)
			switch w.msg.Rcode {
			case dns.RcodeSuccess, dns.RcodeNameError:
				res.Server, res.Transport = sanitize.Line(server, 100), transport
				return w.msg
			}
			if fallback == nil {
				fallback, fallbackAt = w.msg, at
			}
		}
	}
	garbage := res.garbage
	if garbage > 0 {
		res.Diagnostics = append(res.Diagnostics, diag.Newf(CodeMalformed, diag.Warning, "RFC 5452 §9.1",
			"ignored %d replies for %s %s that could not be parsed or did not match the question", garbage, res.Name, res.Type))
	}
	if fallback != nil {
		res.Server, res.Transport = sanitize.Line(fallbackAt.Server, 100), fallbackAt.Transport
		return fallback
	}
	switch {
	case neterr.IsTimeout(last.err) && garbage == 0:
		res.Kind, res.Rcode = KindTimeout, "TIMEOUT"
		res.Error = fmt.Sprintf("no reply within %s from %s", c.timeout(), strings.Join(c.Servers, ", "))
		res.Diagnostics = append(res.Diagnostics, diag.Newf(CodeTimeout, diag.Error, "RFC 1035 §4.2.1",
			"no reply for %s %s from %s within %s", res.Name, res.Type, sanitize.Line(strings.Join(c.Servers, ", "), 200), c.timeout()))
	case neterr.IsLocalResource(last.err):
		// Never the resolver's fault nor the network's: this machine is
		// out of file descriptors or ports.
		res.Kind, res.Rcode = KindNetwork, "LOCAL"
		res.Error = sanitize.Line("this machine ran out of sockets: "+last.err.Error(), 200)
		res.Diagnostics = append(res.Diagnostics, diag.Newf(CodeLocalResource, diag.Warning, "RFC 1035 §4.2",
			"could not ask for %s %s: this machine ran out of a local resource (%s); that is the checker's limit, not the resolver's or the network's. Raise ulimit -n or check fewer domains at once",
			res.Name, res.Type, sanitize.Line(last.err.Error(), 200)))
	default:
		res.Kind, res.Rcode = KindNetwork, "NETWORK"
		msg := "only unusable replies"
		if last.err != nil && (garbage == 0 || !neterr.IsTimeout(last.err)) {
			msg = last.err.Error()
		}
		res.Error = sanitize.Line(msg, 200)
		res.Diagnostics = append(res.Diagnostics, diag.Newf(CodeNetwork, diag.Error, "RFC 1035 §4.2",
			"could not get an answer for %s %s: %s", res.Name, res.Type, res.Error))
	}
	res.Server = sanitize.Line(strings.Join(c.Servers, ", "), 200)
	return nil
}

// stopped records why ctx ended the lookup: the caller's deadline is a
// timeout like any other, a cancellation is not the server's doing.
// ask sends m to server over UDP, and again over TCP when the answer is
// truncated (RFC 7766 §5).
func (c *Client) ask(ctx context.Context, server string, m *dns.Msg, res *Result) (wire, string) {
	m.Id = dns.Id()
	w := exchange(ctx, "udp", server, m, c.timeout(), c.Control)
	res.garbage += w.ignored
	if !errors.Is(w.err, errTruncated) && (w.msg == nil || !w.msg.Truncated) {
		return w, "udp"
	}
	res.Attempts = append(res.Attempts, Attempt{Server: server, Transport: "udp", Outcome: "truncated", RTT: w.rtt})
	w = exchange(ctx, "tcp", server, m, c.timeout(), c.Control)
	res.garbage += w.ignored
	if w.err != nil && ctx.Err() == nil {
		res.Diagnostics = append(res.Diagnostics, diag.Newf(CodeTCPFailed, diag.Warning, "RFC 7766 §5",
			"%s sent a truncated answer for %s %s and the TCP retry failed: %s",
			sanitize.Line(server, 100), res.Name, res.Type, sanitize.Line(w.err.Error(), 200)))
	}
	return w, "tcp"
}

// withoutEDNS is m without its OPT record, asking for AD the pre-EDNS way
// (RFC 6840 §5.7: the AD bit in a query asks for it in the answer).
func withoutEDNS(m *dns.Msg) *dns.Msg {
	plain := m.Copy()
	plain.Extra = nil
	plain.AuthenticatedData = true
	return plain
}

func appendOnce(l diag.List, d diag.Diagnostic) diag.List {
	for _, x := range l {
		if x.Code == d.Code && x.Message == d.Message {
			return l
		}
	}
	return append(l, d)
}

func (c *Client) stopped(ctx context.Context, res *Result) *dns.Msg {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		res.Kind, res.Rcode, res.Error = KindTimeout, "TIMEOUT", "the lookup's deadline passed"
		res.Diagnostics = append(res.Diagnostics, diag.Newf(CodeTimeout, diag.Error, "RFC 1035 §4.2.1",
			"no reply for %s %s before the deadline", res.Name, res.Type))
		return nil
	}
	res.Kind, res.Rcode, res.Error = KindCanceled, "CANCELED", "lookup canceled"
	return nil
}

func errOutcome(err error) string {
	switch {
	case neterr.IsTimeout(err):
		return "timeout"
	case errors.Is(err, errMismatch):
		return "mismatched reply"
	}
	return sanitize.Line(err.Error(), 120)
}

func rcodeKind(rcode int) Kind {
	switch rcode {
	case dns.RcodeSuccess:
		return KindAnswer
	case dns.RcodeNameError:
		return KindNXDomain
	case dns.RcodeServerFailure:
		return KindServFail
	case dns.RcodeRefused:
		return KindRefused
	}
	return KindOtherRcode
}

func rcodeDiag(res *Result) diag.Diagnostic {
	switch res.Kind {
	case KindServFail:
		return diag.Newf(CodeServFail, diag.Error, "RFC 1035 §4.1.1",
			"the resolver %s answered SERVFAIL for %s %s", res.Server, res.Name, res.Type)
	case KindRefused:
		return diag.Newf(CodeRefused, diag.Error, "RFC 1035 §4.1.1",
			"the resolver %s refused to answer %s %s", res.Server, res.Name, res.Type)
	}
	return diag.Newf(CodeRcode, diag.Error, "RFC 1035 §4.1.1",
		"the resolver %s answered %s for %s %s", res.Server, res.Rcode, res.Name, res.Type)
}

func typeString(qtype uint16) string {
	if s, ok := dns.TypeToString[qtype]; ok {
		return s
	}
	return fmt.Sprintf("TYPE%d", qtype)
}
