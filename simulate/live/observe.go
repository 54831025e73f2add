package live

import (
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
	"github.com/mtasts-doctor/mtasts-doctor/probe/fetch"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/probe/starttls"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// Net is how a watched sender reaches the world.
type Net struct {
	DNS     *dnsx.Client
	RootCAs *x509.CertPool
	Dial    func(ctx context.Context, network, addr string) (net.Conn, error)
	// Timeout bounds each operation (real time, not virtual).
	Timeout time.Duration
}

// WorldNet reaches w as its senders do: through its resolver, trusting its
// CA, dialing its loopback hosts. No sandbox change makes a server stall,
// so the timeouts only bound a machine too busy to answer (a loaded CI run
// under -race) and are generous: such a timeout is the machine's, not the
// domain's, yet would show as a sender's failed delivery.
func WorldNet(w *probetest.World) Net {
	return Net{DNS: &dnsx.Client{Servers: []string{w.Resolver()}, Timeout: 10 * time.Second},
		RootCAs: w.RootCAs(), Dial: w.DialContext, Timeout: 15 * time.Second}
}

// Seen is one look at the domain: the observation a Stepper decides on,
// with the facts behind it for the screen.
type Seen struct {
	Obs simulate.Observation
	// Facts are one line each: "TXT id=2", "policy: HTTP 404", "mx1…: certificate-expired".
	Facts []string
	// mx are the MX hosts with one address each, for delivery.
	mx []mxHost
}

type mxHost struct {
	name string
	addr string // "IP:25"
}

// look makes a sender's observations of domain at virtual instant now:
// the TXT record, the policy fetch and a STARTTLS session with each MX.
// versions are the policies published so far; a fetched policy is matched
// to the latest one with the same content. A policy that matches none is an
// error: the world serves something the timeline does not know.
func (n Net) look(ctx context.Context, domain string, now time.Time, versions []simulate.Version) (Seen, error) {
	var s Seen
	s.Obs.Served = -1
	clock := func() time.Time { return now }

	txt := n.DNS.Lookup(ctx, "_mta-sts."+domain, dns.TypeTXT)
	switch {
	case txt.Kind.Exists():
		rec, _ := policy.ParseRecords(txt.RawTXT)
		if rec == nil {
			s.Obs.TXTFailure = simulate.TXTAbsent
			s.Facts = append(s.Facts, "TXT: no usable record")
		} else {
			s.Obs.TXTID = rec.ID
			s.Facts = append(s.Facts, "TXT: id="+rec.ID)
		}
	case txt.Kind == dnsx.KindNXDomain:
		s.Obs.TXTFailure = simulate.TXTAbsent
		s.Facts = append(s.Facts, "TXT: none")
	default:
		s.Obs.TXTFailure = simulate.TXTDNSError
		s.Facts = append(s.Facts, "TXT: "+txt.Rcode)
	}

	host := "mta-sts." + domain
	addrs := n.DNS.Lookup(ctx, host, dns.TypeA)
	res := fetch.Policy(ctx, fetch.Request{Host: host, Addresses: addrs.Addrs, RootCAs: n.RootCAs, DialContext: n.Dial,
		Timeout: n.Timeout, Now: clock, SkipNoSNI: true})
	if !res.OK {
		s.Obs.FetchFailure = fetchFailure(res)
		s.Facts = append(s.Facts, "policy: "+fetchFact(res))
	} else {
		p, _ := policy.ParsePolicy(res.Body)
		ct, _, _ := strings.Cut(res.ContentType, ";")
		ct = strings.ToLower(strings.TrimSpace(ct))
		if p == nil {
			s.Obs.FetchFailure = simulate.FailInvalid
			s.Facts = append(s.Facts, "policy: does not parse")
		} else {
			i := matchVersion(versions, p, ct)
			if i < 0 {
				return s, fmt.Errorf("live: the sandbox serves a policy no version describes (mode %s, max_age %d, %s)", p.Mode, p.MaxAge, ct)
			}
			s.Obs.Served = i
			s.Facts = append(s.Facts, fmt.Sprintf("policy: mode %s, max_age %d (%s)", p.Mode, p.MaxAge, ct))
		}
	}

	mx := n.DNS.Lookup(ctx, domain, dns.TypeMX)
	for _, m := range mx.MX {
		a := n.DNS.Lookup(ctx, m.Host, dns.TypeA)
		if len(a.Addrs) == 0 {
			s.Obs.MX = append(s.Obs.MX, simulate.MXObservation{Host: m.Host, Result: "validation-failure"})
			s.Facts = append(s.Facts, m.Host+": no address")
			continue
		}
		r := starttls.Probe(ctx, starttls.Request{MX: m.Host, Address: a.Addrs[0], RootCAs: n.RootCAs, DialContext: n.Dial, Timeout: n.Timeout, Now: clock})
		result := r.ResultType
		if !r.OK() && result == "" {
			result = policy.ResultValidationFailure
		}
		s.Obs.MX = append(s.Obs.MX, simulate.MXObservation{Host: m.Host, Result: string(result)})
		s.mx = append(s.mx, mxHost{name: m.Host, addr: net.JoinHostPort(a.Addrs[0].String(), "25")})
		fact := m.Host + ": STARTTLS ok"
		if result != "" {
			fact = m.Host + ": " + string(result)
		}
		s.Facts = append(s.Facts, fact)
	}
	return s, ctx.Err()
}

// fetchFailure names a failed fetch as the timeline does (RFC 8461 §3.3;
// RFC 8460 §4.3.2.2 tells the TLS failures apart).
func fetchFailure(res fetch.Result) simulate.FetchFailure {
	if res.ResultType == policy.ResultSTSWebPKIInvalid {
		return simulate.FailTLS
	}
	for _, a := range res.Attempts {
		switch {
		case a.Status >= 300 && a.Status < 400:
			return simulate.FailRedirect
		case a.Status != 0 && a.Status != 200:
			return simulate.FailNotFound
		}
	}
	return simulate.FailTimeout
}

func fetchFact(res fetch.Result) string {
	for _, a := range res.Attempts {
		if a.Status != 0 {
			return fmt.Sprintf("HTTP %d", a.Status)
		}
		if a.Error != "" {
			return a.Error
		}
	}
	return "no address"
}

// matchVersion finds the latest version with this policy and media type.
func matchVersion(versions []simulate.Version, p *policy.Policy, ct string) int {
	for i := len(versions) - 1; i >= 0; i-- {
		v := versions[i]
		vct := v.ContentType
		if vct == "" {
			vct = "text/plain"
		}
		if v.Mode == p.Mode && v.MaxAge == time.Duration(p.MaxAge)*time.Second && slices.Equal(v.MX, p.MX) && vct == ct {
			return i
		}
	}
	return -1
}
