package dnsx

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"
	"go.uber.org/goleak"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

func hasCode(l diag.List, c diag.Code) bool {
	return slices.ContainsFunc(l, func(d diag.Diagnostic) bool { return d.Code == c })
}

// RFC 8461 §3.1: TXT strings are concatenated by the caller, so each RR's
// strings must come back separately; the DO bit must be asked for and AD
// reported.
func TestTXTStringsKeptApartWithADAndDO(t *testing.T) {
	var sawDO atomic.Bool
	srv := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) {
		if o := r.IsEdns0(); o != nil && o.Do() && o.UDPSize() >= 1232 {
			sawDO.Store(true)
		}
		m := new(dns.Msg)
		m.SetReply(r)
		m.AuthenticatedData = true
		rr, _ := dns.NewRR(`_mta-sts.example.test. 300 IN TXT "v=STSv1; " "id=2024"`)
		rr2, _ := dns.NewRR(`_mta-sts.example.test. 300 IN TXT "other"`)
		m.Answer = append(m.Answer, rr, rr2)
		w.WriteMsg(m)
	})
	res := testClient(srv).Lookup(context.Background(), "_mta-sts.example.test", dns.TypeTXT)
	if res.Kind != KindAnswer || res.Rcode != "NOERROR" {
		t.Fatalf("kind %v rcode %s err %s", res.Kind, res.Rcode, res.Error)
	}
	want := [][]string{{"v=STSv1; ", "id=2024"}, {"other"}}
	if fmt.Sprint(res.TXT) != fmt.Sprint(want) || fmt.Sprint(res.RawTXT) != fmt.Sprint(want) {
		t.Fatalf("TXT %q raw %q, want %q", res.TXT, res.RawTXT, want)
	}
	if !res.AD || !sawDO.Load() || res.Server != srv || res.Transport != "udp" || len(res.Answers) != 2 {
		t.Fatalf("AD %v DO %v server %s transport %s answers %q", res.AD, sawDO.Load(), res.Server, res.Transport, res.Answers)
	}
	if res.Name != "_mta-sts.example.test." || res.Type != "TXT" {
		t.Fatalf("name %q type %q", res.Name, res.Type)
	}
}

// RFC 8461 §3.1 vs §3.3: "no record" ends discovery, a temporary failure
// does not, so the kinds must be told apart.
func TestRcodesToldApart(t *testing.T) {
	cases := []struct {
		name  string
		rcode int
		rrs   []string
		kind  Kind
		rc    string
		code  diag.Code
	}{
		{"answer", dns.RcodeSuccess, []string{"a.test. 60 IN A 192.0.2.1"}, KindAnswer, "NOERROR", ""},
		{"nodata", dns.RcodeSuccess, nil, KindNoData, "NOERROR", ""},
		{"nxdomain", dns.RcodeNameError, nil, KindNXDomain, "NXDOMAIN", ""},
		{"servfail", dns.RcodeServerFailure, nil, KindServFail, "SERVFAIL", CodeServFail},
		{"refused", dns.RcodeRefused, nil, KindRefused, "REFUSED", CodeRefused},
		{"notimp", dns.RcodeNotImplemented, nil, KindOtherRcode, "NOTIMP", CodeRcode},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) { reply(w, r, tc.rcode, tc.rrs...) })
			res := testClient(srv).Lookup(context.Background(), "a.test", dns.TypeA)
			if res.Kind != tc.kind || res.Rcode != tc.rc {
				t.Fatalf("got %v/%s, want %v/%s", res.Kind, res.Rcode, tc.kind, tc.rc)
			}
			if tc.code != "" && !hasCode(res.Diagnostics, tc.code) {
				t.Fatalf("diagnostics %v lack %s", res.Diagnostics, tc.code)
			}
			if tc.code == "" && len(res.Diagnostics) != 0 {
				t.Fatalf("unexpected diagnostics %v", res.Diagnostics)
			}
			if tc.kind == KindAnswer && (len(res.Addrs) != 1 || res.Addrs[0] != netip.MustParseAddr("192.0.2.1")) {
				t.Fatalf("addrs %v", res.Addrs)
			}
		})
	}
}

// RFC 1035 §4.2.1: a server that never answers ends at the deadline.
func TestSilentServerTimesOut(t *testing.T) {
	srv := startRawUDP(t, func([]byte) [][]byte { return nil })
	c := testClient(srv)
	c.Retries = 1
	start := time.Now()
	res := c.Lookup(context.Background(), "a.test", dns.TypeA)
	if res.Kind != KindTimeout || res.Rcode != "TIMEOUT" || !hasCode(res.Diagnostics, CodeTimeout) {
		t.Fatalf("kind %v rcode %s diags %v", res.Kind, res.Rcode, res.Diagnostics)
	}
	if len(res.Attempts) != 2 {
		t.Fatalf("want 2 attempts (1 retry), got %v", res.Attempts)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("took %s", el)
	}
}

// A broken first resolver must not hide a working second one.
func TestRetriesAcrossServers(t *testing.T) {
	silent := startRawUDP(t, func([]byte) [][]byte { return nil })
	failing := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) { reply(w, r, dns.RcodeServerFailure) })
	good := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) { reply(w, r, dns.RcodeSuccess, "a.test. 60 IN A 192.0.2.7") })
	res := testClient(silent, failing, good).Lookup(context.Background(), "a.test", dns.TypeA)
	if res.Kind != KindAnswer || res.Server != good || len(res.Attempts) != 3 {
		t.Fatalf("kind %v server %s attempts %v", res.Kind, res.Server, res.Attempts)
	}
	if res.Attempts[0].Outcome != "timeout" || res.Attempts[1].Outcome != "SERVFAIL" {
		t.Fatalf("attempts %v", res.Attempts)
	}
	// With no good server the SERVFAIL is more telling than the silence.
	res = testClient(silent, failing).Lookup(context.Background(), "a.test", dns.TypeA)
	if res.Kind != KindServFail || res.Server != failing {
		t.Fatalf("kind %v server %s", res.Kind, res.Server)
	}
}

// RFC 7766 §5: a truncated UDP answer is retried over TCP; thousands of MX
// records arrive that way and come back sorted by preference (RFC 5321 §5.1).
func TestTruncatedAnswerFallsBackToTCP(t *testing.T) {
	srv := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		if !isTCP(w) {
			m.Truncated = true
			w.WriteMsg(m)
			return
		}
		for i := 2500; i > 0; i-- {
			rr, _ := dns.NewRR(fmt.Sprintf("example.test. 60 IN MX %d mx%d.example.test.", i%7, i))
			m.Answer = append(m.Answer, rr)
		}
		m.Compress = true
		w.WriteMsg(m)
	})
	res := testClient(srv).Lookup(context.Background(), "example.test", dns.TypeMX)
	if res.Kind != KindAnswer || res.Transport != "tcp" {
		t.Fatalf("kind %v transport %s err %s", res.Kind, res.Transport, res.Error)
	}
	if len(res.MX) != MaxAnswers || !hasCode(res.Diagnostics, CodeAnswersCap) || len(res.Answers) != MaxAnswers {
		t.Fatalf("%d MX, %d answers, diags %v", len(res.MX), len(res.Answers), res.Diagnostics)
	}
	if !slices.IsSortedFunc(res.MX, func(a, b MX) int { return int(a.Pref) - int(b.Pref) }) {
		t.Fatal("MX not sorted by preference")
	}
	if res.Attempts[0].Outcome != "truncated" {
		t.Fatalf("attempts %v", res.Attempts)
	}
}

// A truncated datagram cut mid-record still carries TC in its header, and
// the answer must then come over TCP.
func TestTruncatedGarbledDatagramFallsBackToTCP(t *testing.T) {
	srv := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		rr, _ := dns.NewRR(`a.test. 60 IN TXT "v=STSv1; id=1"`)
		m.Answer = append(m.Answer, rr)
		if isTCP(w) {
			w.WriteMsg(m)
			return
		}
		m.Truncated = true
		b, _ := m.Pack()
		w.Write(b[:len(b)-5])
	})
	res := testClient(srv).Lookup(context.Background(), "a.test", dns.TypeTXT)
	if res.Kind != KindAnswer || res.Transport != "tcp" || len(res.TXT) != 1 {
		t.Fatalf("kind %v transport %s txt %q err %s", res.Kind, res.Transport, res.TXT, res.Error)
	}
}

// RFC 8461 §3.1: senders MUST follow CNAMEs; the chain is evidence
// (delegation, §8.2), and loops or endless chains are bounded.
func TestCNAMEChains(t *testing.T) {
	srv := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) {
		q := strings.ToLower(r.Question[0].Name)
		switch q {
		case "_mta-sts.inline.test.":
			reply(w, r, dns.RcodeSuccess,
				"_mta-sts.inline.test. 60 IN CNAME a.provider.test.",
				"a.provider.test. 60 IN CNAME b.provider.test.",
				`b.provider.test. 60 IN TXT "v=STSv1; id=7"`)
		case "_mta-sts.split.test.":
			reply(w, r, dns.RcodeSuccess, "_mta-sts.split.test. 60 IN CNAME target.provider.test.")
		case "target.provider.test.":
			reply(w, r, dns.RcodeSuccess, `target.provider.test. 60 IN TXT "v=STSv1; id=8"`)
		case "_mta-sts.loop.test.":
			reply(w, r, dns.RcodeSuccess,
				"_mta-sts.loop.test. 60 IN CNAME x.loop.test.",
				"x.loop.test. 60 IN CNAME _mta-sts.loop.test.")
		case "_mta-sts.hop.test.", "h1.hop.test.", "h2.hop.test.", "h3.hop.test.", "h4.hop.test.", "h5.hop.test.",
			"h6.hop.test.", "h7.hop.test.", "h8.hop.test.", "h9.hop.test.", "h10.hop.test.":
			// One hop per reply, never ending: every answer asks for
			// another query.
			n := 0
			fmt.Sscanf(q, "h%d.", &n)
			reply(w, r, dns.RcodeSuccess, fmt.Sprintf("%s 60 IN CNAME h%d.hop.test.", q, n+1))
		case "_mta-sts.dangling.test.":
			reply(w, r, dns.RcodeNameError, "_mta-sts.dangling.test. 60 IN CNAME gone.provider.test.")
		case "_mta-sts.long.test.":
			var rrs []string
			prev := "_mta-sts.long.test."
			for i := range 12 {
				next := fmt.Sprintf("c%d.long.test.", i)
				rrs = append(rrs, prev+" 60 IN CNAME "+next)
				prev = next
			}
			reply(w, r, dns.RcodeSuccess, rrs...)
		default:
			reply(w, r, dns.RcodeNameError)
		}
	})
	cases := []struct {
		name   string
		kind   Kind
		cnames []string
		txt    string
		code   diag.Code
	}{
		{"_mta-sts.inline.test", KindAnswer, []string{"a.provider.test", "b.provider.test"}, "v=STSv1; id=7", ""},
		{"_mta-sts.split.test", KindAnswer, []string{"target.provider.test"}, "v=STSv1; id=8", ""},
		// A loop or an endless chain is a failed lookup, as resolvers
		// and stub libraries report it, not "no record" (issue 10).
		{"_mta-sts.loop.test", KindBrokenChain, []string{"x.loop.test"}, "", CodeCNAMELoop},
		{"_mta-sts.hop.test", KindBrokenChain, nil, "", CodeCNAMETooLong},
		{"_mta-sts.dangling.test", KindNXDomain, []string{"gone.provider.test"}, "", ""},
		{"_mta-sts.long.test", KindBrokenChain, nil, "", CodeCNAMETooLong},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := testClient(srv).Lookup(context.Background(), tc.name, dns.TypeTXT)
			if res.Kind != tc.kind {
				t.Fatalf("kind %v, want %v (%v)", res.Kind, tc.kind, res.Diagnostics)
			}
			if tc.cnames != nil && !slices.Equal(res.CNAMEs, tc.cnames) {
				t.Fatalf("cnames %q, want %q", res.CNAMEs, tc.cnames)
			}
			if len(res.CNAMEs) > MaxChain {
				t.Fatalf("chain of %d exceeds the bound", len(res.CNAMEs))
			}
			if tc.txt != "" && (len(res.TXT) != 1 || strings.Join(res.TXT[0], "") != tc.txt) {
				t.Fatalf("txt %q", res.TXT)
			}
			if tc.code != "" && !hasCode(res.Diagnostics, tc.code) {
				t.Fatalf("diagnostics %v lack %s", res.Diagnostics, tc.code)
			}
		})
	}
}

// Hostile TXT content: thousands of strings are cut, and escape sequences
// are kept for the parser but never shown.
func TestHostileTXT(t *testing.T) {
	srv := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		if strings.HasPrefix(r.Question[0].Name, "big") {
			strs := make([]string, 5000)
			for i := range strs {
				strs[i] = "0123456789"
			}
			m.Answer = append(m.Answer, &dns.TXT{Hdr: dns.RR_Header{Name: r.Question[0].Name, Rrtype: dns.TypeTXT, Class: dns.ClassINET}, Txt: strs})
		} else {
			m.Answer = append(m.Answer, &dns.TXT{Hdr: dns.RR_Header{Name: r.Question[0].Name, Rrtype: dns.TypeTXT, Class: dns.ClassINET},
				Txt: []string{"v=STSv1; id=\x1b]8;;http://evil\x07x\xff"}})
		}
		w.WriteMsg(m)
	})
	res := testClient(srv).Lookup(context.Background(), "big.test", dns.TypeTXT)
	total := 0
	for _, s := range res.RawTXT[0] {
		total += len(s)
	}
	if res.Kind != KindAnswer || total > MaxTXTBytes || total < MaxTXTBytes/2 || !hasCode(res.Diagnostics, CodeTXTTooLarge) {
		t.Fatalf("kind %v, %d bytes kept, diags %v", res.Kind, total, res.Diagnostics)
	}

	res = testClient(srv).Lookup(context.Background(), "evil.test", dns.TypeTXT)
	if !strings.Contains(res.RawTXT[0][0], "\x1b]8;;") || !strings.Contains(res.RawTXT[0][0], "\xff") {
		t.Fatalf("raw TXT lost the published bytes: %q", res.RawTXT[0][0])
	}
	shown := res.TXT[0][0] + strings.Join(res.Answers, "")
	if strings.ContainsAny(shown, "\x1b\x07\xff") || !hasCode(res.Diagnostics, CodeUnsafeText) {
		t.Fatalf("unsafe text shown: %q, diags %v", shown, res.Diagnostics)
	}
}

// RFC 5452 §9.1: replies with the wrong ID or question, or that cannot be
// parsed, are ignored; the real answer after them still counts.
func TestGarbageAndMismatchedReplies(t *testing.T) {
	answer := func(q []byte, id uint16) []byte {
		m := new(dns.Msg)
		if err := m.Unpack(q); err != nil {
			return nil
		}
		r := new(dns.Msg)
		r.SetReply(m)
		r.Id = id
		rr, _ := dns.NewRR("a.test. 60 IN A 192.0.2.9")
		r.Answer = append(r.Answer, rr)
		b, _ := r.Pack()
		return b
	}
	id := func(q []byte) uint16 { return uint16(q[0])<<8 | uint16(q[1]) }
	noisy := startRawUDP(t, func(q []byte) [][]byte {
		return [][]byte{[]byte("\x00garbage"), answer(q, id(q)+1), answer(q, id(q))}
	})
	res := testClient(noisy).Lookup(context.Background(), "a.test", dns.TypeA)
	if res.Kind != KindAnswer || len(res.Addrs) != 1 {
		t.Fatalf("kind %v addrs %v err %s", res.Kind, res.Addrs, res.Error)
	}

	junk := startRawUDP(t, func(q []byte) [][]byte { return [][]byte{[]byte("\xff\xfe junk"), answer(q, id(q)^0xffff)} })
	res = testClient(junk).Lookup(context.Background(), "a.test", dns.TypeA)
	if res.Kind != KindNetwork || !hasCode(res.Diagnostics, CodeMalformed) || !hasCode(res.Diagnostics, CodeNetwork) {
		t.Fatalf("kind %v diags %v", res.Kind, res.Diagnostics)
	}
}

func TestNoServersAndUnreachable(t *testing.T) {
	res := (&Client{}).Lookup(context.Background(), "a.test", dns.TypeA)
	if res.Kind != KindNetwork || !hasCode(res.Diagnostics, CodeNoServers) {
		t.Fatalf("kind %v diags %v", res.Kind, res.Diagnostics)
	}
}

func TestDecodesAAAAAndTLSA(t *testing.T) {
	srv := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) {
		switch r.Question[0].Qtype {
		case dns.TypeAAAA:
			reply(w, r, dns.RcodeSuccess, "mta-sts.a.test. 60 IN AAAA 2001:db8::1")
		case dns.TypeTLSA:
			reply(w, r, dns.RcodeSuccess, "_25._tcp.mx.a.test. 60 IN TLSA 3 1 1 0123456789abcdef")
		}
	})
	res := testClient(srv).Lookup(context.Background(), "mta-sts.a.test", dns.TypeAAAA)
	if len(res.Addrs) != 1 || res.Addrs[0] != netip.MustParseAddr("2001:db8::1") {
		t.Fatalf("addrs %v", res.Addrs)
	}
	res = testClient(srv).Lookup(context.Background(), "_25._tcp.mx.a.test", dns.TypeTLSA)
	if !slices.Equal(res.TLSA, []string{"3 1 1 0123456789abcdef"}) || res.AD {
		t.Fatalf("tlsa %q AD %v", res.TLSA, res.AD)
	}
}

// Cancelling the context ends a lookup at once and leaves no goroutine.
func TestCancelReturnsPromptly(t *testing.T) {
	// Registered first, so it runs after the server's cleanup.
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
	srv := startRawUDP(t, func([]byte) [][]byte { return nil })
	c := &Client{Servers: []string{srv}, Timeout: 10 * time.Second, Retries: 3}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	res := c.Lookup(ctx, "a.test", dns.TypeA)
	// Far below 4 attempts of 10 s, with headroom for a loaded machine.
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("cancel took %s", el)
	}
	if res.Kind != KindCanceled {
		t.Fatalf("kind %v", res.Kind)
	}
}

func TestFromResolvConf(t *testing.T) {
	p := filepath.Join(t.TempDir(), "resolv.conf")
	os.WriteFile(p, []byte("nameserver 127.0.0.53\nnameserver ::1\noptions timeout:3 attempts:2\n"), 0o600)
	c, err := FromResolvConf(p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Servers, []string{"127.0.0.53:53", "[::1]:53"}) || c.Timeout != 3*time.Second || c.Retries != 1 {
		t.Fatalf("%+v", c)
	}
	os.WriteFile(p, []byte("search example\n"), 0o600)
	if _, err := FromResolvConf(p); err == nil {
		t.Fatal("a file without nameservers must be an error")
	}
}

// The caller's deadline is a timeout, not a cancellation: it says the
// servers were too slow.
func TestCallerDeadlineIsTimeout(t *testing.T) {
	srv := startRawUDP(t, func([]byte) [][]byte { return nil })
	c := &Client{Servers: []string{srv}, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	res := c.Lookup(ctx, "a.test", dns.TypeA)
	if res.Kind != KindTimeout || !hasCode(res.Diagnostics, CodeTimeout) {
		t.Fatalf("kind %v diags %v", res.Kind, res.Diagnostics)
	}
}

// RFC 5452 §9.1: a reply is used only when it echoes the question. Error
// replies without a question (SERVFAIL, REFUSED, FORMERR from some
// servers) say nothing about the name and are still read; an NXDOMAIN or
// NOERROR without one would be a conclusive "no such record" for a name it
// never names, so it is ignored like any other mismatched reply.
func TestQuestionlessConclusiveReplyIgnored(t *testing.T) {
	bare := func(q []byte, rcode int) []byte {
		m := new(dns.Msg)
		if err := m.Unpack(q); err != nil {
			return nil
		}
		r := new(dns.Msg)
		r.SetRcode(m, rcode)
		r.Question = nil
		b, _ := r.Pack()
		return b
	}
	full := func(q []byte) []byte {
		m := new(dns.Msg)
		m.Unpack(q)
		r := new(dns.Msg)
		r.SetReply(m)
		rr, _ := dns.NewRR("a.test. 60 IN A 192.0.2.9")
		r.Answer = append(r.Answer, rr)
		b, _ := r.Pack()
		return b
	}
	for _, tc := range []struct {
		name  string
		rcode int
		want  Kind
	}{
		{"NXDOMAIN without question ignored", dns.RcodeNameError, KindAnswer},
		{"NOERROR without question ignored", dns.RcodeSuccess, KindAnswer},
		{"SERVFAIL without question read", dns.RcodeServerFailure, KindServFail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startRawUDP(t, func(q []byte) [][]byte { return [][]byte{bare(q, tc.rcode), full(q)} })
			res := testClient(srv).Lookup(context.Background(), "a.test", dns.TypeA)
			if res.Kind != tc.want {
				t.Fatalf("kind %v, want %v (rcode %s, err %s)", res.Kind, tc.want, res.Rcode, res.Error)
			}
		})
	}
}

// "Too many open files" is this machine's limit: the lookup says so and
// does not call the resolver or the network broken (issue 10 item 2).
func TestLocalResourceIsNotTheResolvers(t *testing.T) {
	srv := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) { reply(w, r, dns.RcodeSuccess, "a.test. 60 IN A 192.0.2.7") })
	c := testClient(srv)
	c.Control = func(string, string, syscall.RawConn) error { return os.NewSyscallError("socket", syscall.EMFILE) }
	res := c.Lookup(context.Background(), "a.test", dns.TypeA)
	if !res.Kind.Temporary() || !hasCode(res.Diagnostics, CodeLocalResource) || hasCode(res.Diagnostics, CodeNetwork) {
		t.Fatalf("kind %v diags %v", res.Kind, res.Diagnostics)
	}
}
