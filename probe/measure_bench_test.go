package probe_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// BenchmarkSixteenMXThousandAddresses is the fan-out: 16 MX hosts
// of 1000 A records each (and a policy host of 1000 more), on the lab's
// loopback world. Run with -benchtime 1x under /usr/bin/time -v for the
// peak RSS of one walk (the world's servers included).
func BenchmarkSixteenMXThousandAddresses(b *testing.B) {
	const domain = "fanout16.test"
	zone := []string{`_mta-sts TXT "v=STSv1; id=1"`, `_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{D}"`}
	add := func(host string, k int) {
		for i := range 1000 {
			zone = append(zone, fmt.Sprintf("%s A 127.77.%d.%d", host, 100+4*k+i/250, 1+i%250))
		}
	}
	for k := 1; k <= 16; k++ {
		zone = append(zone, fmt.Sprintf("@ MX %d mx%d", k, k))
		add(fmt.Sprintf("mx%d", k), k)
	}
	add("mta-sts", 0)
	w := probetest.New(b, probetest.Config{Domains: []probetest.Domain{{
		Name: domain, Zone: zone,
		Web:  []probetest.WebHost{{Host: "mta-sts", Body: "version: STSv1\r\nmode: enforce\r\nmx: *.{D}\r\nmax_age: 604800\r\n"}},
		Mail: []probetest.MailHost{{Host: "mx1"}},
	}}})
	opts := w.Options()
	b.ReportAllocs()
	for b.Loop() {
		rep := probe.Check(context.Background(), domain, opts)
		st, _ := rep.Step(probe.StepMXTLS)
		if len(st.Evidence.Notes) > 0 {
			b.Logf("%s", st.Evidence.Notes[0])
		}
		if len(st.Hosts) != 16*probe.MaxAddrsPerFamily {
			b.Fatalf("%d MX addresses probed, want %d", len(st.Hosts), 16*probe.MaxAddrsPerFamily)
		}
	}
}

// BenchmarkSlowNetworkMaxTime is the slow DNS: a resolver that
// answers every query after 1.9 s, just inside --timeout 2s, and gives one
// CNAME hop at a time, so _mta-sts's twelve-hop chain costs twelve answers
// in a row. With --max-time 10s one walk ends near 10 s (it used to take
// every hop's time, 23 × --timeout in the case).
func BenchmarkSlowNetworkMaxTime(b *testing.B) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(rw dns.ResponseWriter, req *dns.Msg) {
		time.Sleep(1900 * time.Millisecond)
		m := new(dns.Msg)
		m.SetReply(req)
		q := req.Question[0]
		var hop int
		switch _, err := fmt.Sscanf(q.Name, "hop%d.slow.test.", &hop); {
		case q.Name == "_mta-sts.slow.test.":
			hop = 0
		case err != nil:
			m.Rcode = dns.RcodeNameError
			rw.WriteMsg(m)
			return
		}
		next := fmt.Sprintf("hop%d.slow.test.", hop+1)
		if hop < 12 {
			m.Answer = append(m.Answer, &dns.CNAME{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeCNAME, Class: dns.ClassINET, Ttl: 60}, Target: next})
		}
		rw.WriteMsg(m)
	})}
	go srv.ActivateAndServe()
	b.Cleanup(func() { srv.Shutdown() })
	opts := probe.Options{Resolvers: []string{pc.LocalAddr().String()}, Timeout: 2 * time.Second, MaxTime: 10 * time.Second, NoSMTP: true}
	for b.Loop() {
		start := time.Now()
		rep := probe.Check(context.Background(), "slow.test", opts)
		b.ReportMetric(time.Since(start).Seconds(), "walk-s")
		st, _ := rep.Step(probe.StepRecord)
		b.Logf("verdict %s; %s: %s %s", rep.Verdict.WithoutCache, st.ID, st.Status, st.Summary)
	}
}
