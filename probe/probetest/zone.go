package probetest

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/miekg/dns"
)

// zone is the world's DNS data: every record of every domain, with the
// per-name options.
type zone struct {
	rrs     map[string][]dns.RR
	exists  map[string]bool
	opts    map[string]NameOpts
	origins []string
}

// allocator hands each host name its own IPv4 address in 127.77.0.0/16;
// IPv6 hosts share ::1 (the only IPv6 loopback address).
type allocator struct {
	next  int
	addrs map[string][]netip.Addr
	v4    map[string]netip.Addr
}

func newAllocator() *allocator {
	return &allocator{next: 256, addrs: map[string][]netip.Addr{}, v4: map[string]netip.Addr{}}
}

// assign gives host addresses for ip ("v4", "v6", "both") and returns them.
func (a *allocator) assign(host, ip string) []netip.Addr {
	var out []netip.Addr
	if ip == "" || ip == "v4" || ip == "both" {
		v4, ok := a.v4[host]
		if !ok {
			n := a.next
			a.next++
			v4 = netip.MustParseAddr(fmt.Sprintf("%s%d.%d", ipv4Prefix, n/250, n%250+1))
			a.v4[host] = v4
		}
		out = append(out, v4)
	}
	if ip == "v6" || ip == "both" {
		out = append(out, netip.IPv6Loopback())
	}
	for _, addr := range out {
		if !containsAddr(a.addrs[host], addr) {
			a.addrs[host] = append(a.addrs[host], addr)
		}
	}
	return out
}

func containsAddr(list []netip.Addr, a netip.Addr) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// fqdn makes a name absolute and lower-case.
func fqdn(name string) string { return strings.ToLower(dns.Fqdn(name)) }

// abs resolves a name relative to origin, zone-file style.
func abs(name, origin string) string {
	switch {
	case name == "@":
		return origin
	case strings.HasSuffix(name, "."):
		return strings.ToLower(name)
	default:
		return strings.ToLower(name + "." + origin)
	}
}

// expand replaces "{D}" by the domain (no trailing dot).
func expand(s, origin string) string {
	return strings.ReplaceAll(s, "{D}", strings.TrimSuffix(origin, "."))
}

func buildZone(domains []Domain, alloc *allocator, ca *authority) (*zone, error) {
	z := &zone{rrs: map[string][]dns.RR{}, exists: map[string]bool{}, opts: map[string]NameOpts{}}
	spki, err := ca.spkiSHA256()
	if err != nil {
		return nil, err
	}
	for _, d := range domains {
		origin := fqdn(d.Name)
		if _, ok := dns.IsDomainName(origin); !ok || origin == "." {
			return nil, fmt.Errorf("probetest: bad domain %q", d.Name)
		}
		z.origins = append(z.origins, origin)
		z.exists[origin] = true
		text := "$ORIGIN " + origin + "\n$TTL 300\n" + expand(strings.Join(d.Zone, "\n"), origin) + "\n"
		zp := dns.NewZoneParser(strings.NewReader(text), origin, d.Name)
		for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
			z.add(rr)
		}
		if err := zp.Err(); err != nil {
			return nil, fmt.Errorf("probetest: zone of %s: %w", d.Name, err)
		}
		for _, h := range d.Web {
			z.addHost(abs(h.Host, origin), h.IP, alloc)
		}
		for _, h := range d.Mail {
			host := abs(h.Host, origin)
			z.addHost(host, h.IP, alloc)
			if h.TLSA {
				name := "_25._tcp." + host
				z.add(&dns.TLSA{Hdr: dns.RR_Header{Name: name, Rrtype: dns.TypeTLSA, Class: dns.ClassINET, Ttl: 300},
					Usage: 3, Selector: 1, MatchingType: 1, Certificate: spki})
				o := z.opts[name]
				o.AD = true
				z.opts[name] = o
			}
		}
		for _, ns := range d.NS {
			host := abs(ns.Host, origin)
			z.add(&dns.NS{Hdr: dns.RR_Header{Name: origin, Rrtype: dns.TypeNS, Class: dns.ClassINET, Ttl: 300}, Ns: host})
			z.addHost(host, "v4", alloc)
		}
		for _, n := range d.Names {
			name := abs(n.Name, origin)
			o := z.opts[name]
			o.Name, o.Fault, o.AD = name, n.Fault, o.AD || n.AD
			o.HugeTXT, o.HugeMX = n.HugeTXT, n.HugeMX
			z.opts[name] = o
			z.addHuge(name, n)
		}
	}
	return z, nil
}

func (z *zone) add(rr dns.RR) {
	name := strings.ToLower(rr.Header().Name)
	z.rrs[name] = append(z.rrs[name], rr)
	// Every ancestor inside a domain exists too (an empty non-terminal
	// answers NODATA, not NXDOMAIN: RFC 8020).
	for n := name; n != "." && n != ""; {
		z.exists[n] = true
		i := strings.IndexByte(n, '.')
		if i < 0 || z.isOrigin(n) {
			break
		}
		n = n[i+1:]
	}
}

func (z *zone) isOrigin(n string) bool {
	for _, o := range z.origins {
		if o == n {
			return true
		}
	}
	return false
}

func (z *zone) addHost(host, ip string, alloc *allocator) {
	for _, a := range alloc.assign(host, ip) {
		hdr := dns.RR_Header{Name: host, Class: dns.ClassINET, Ttl: 300}
		if a.Is4() {
			hdr.Rrtype = dns.TypeA
			if !z.has(host, dns.TypeA, a) {
				z.add(&dns.A{Hdr: hdr, A: a.AsSlice()})
			}
		} else {
			hdr.Rrtype = dns.TypeAAAA
			if !z.has(host, dns.TypeAAAA, a) {
				z.add(&dns.AAAA{Hdr: hdr, AAAA: a.AsSlice()})
			}
		}
	}
}

func (z *zone) has(name string, t uint16, a netip.Addr) bool {
	for _, rr := range z.rrs[name] {
		switch r := rr.(type) {
		case *dns.A:
			if t == dns.TypeA && r.A.Equal(a.AsSlice()) {
				return true
			}
		case *dns.AAAA:
			if t == dns.TypeAAAA && r.AAAA.Equal(a.AsSlice()) {
				return true
			}
		}
	}
	return false
}

// addHuge adds the hostile answers: one TXT record of thousands of strings
// (it still fits one TCP message), and thousands of MX records.
func (z *zone) addHuge(name string, n NameOpts) {
	hdr := dns.RR_Header{Name: name, Class: dns.ClassINET, Ttl: 300}
	if n.HugeTXT > 0 {
		txt := make([]string, n.HugeTXT)
		for i := range txt {
			txt[i] = fmt.Sprintf("%04d", i%10000)
		}
		h := hdr
		h.Rrtype = dns.TypeTXT
		z.add(&dns.TXT{Hdr: h, Txt: txt})
	}
	for i := range n.HugeMX {
		h := hdr
		h.Rrtype = dns.TypeMX
		z.add(&dns.MX{Hdr: h, Preference: uint16(10 + i%100), Mx: fmt.Sprintf("mx%d.%s", i, name)})
	}
}

// soa is the authority record of the domain a name belongs to, for
// negative answers (RFC 2308 §3).
func (z *zone) soa(name string) dns.RR {
	origin := "test."
	for _, o := range z.origins {
		if dns.IsSubDomain(o, name) && len(o) > len(origin) {
			origin = o
		}
	}
	return &dns.SOA{Hdr: dns.RR_Header{Name: origin, Rrtype: dns.TypeSOA, Class: dns.ClassINET, Ttl: 300},
		Ns: "ns." + origin, Mbox: "hostmaster." + origin, Serial: 1, Refresh: 3600, Retry: 600, Expire: 86400, Minttl: 300}
}

// answer resolves q the way a recursive resolver would report it: the CNAME
// chain (RFC 1034 §3.6.2) followed inside the world, then the records, or
// NXDOMAIN / NODATA with the SOA.
func (z *zone) answer(req *dns.Msg) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	m.RecursionAvailable = true
	m.Compress = true
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	ad, found := true, false
	for hop := 0; ; hop++ {
		ad = ad && z.opts[name].AD
		var cname dns.RR
		for _, rr := range z.rrs[name] {
			switch t := rr.Header().Rrtype; {
			case t == q.Qtype || q.Qtype == dns.TypeANY:
				m.Answer = append(m.Answer, rr)
				found = true
			case t == dns.TypeCNAME:
				cname = rr
			}
		}
		if found || cname == nil || hop >= 8 {
			break
		}
		m.Answer = append(m.Answer, cname)
		name = strings.ToLower(cname.(*dns.CNAME).Target)
	}
	if !found {
		if !z.exists[name] {
			m.Rcode = dns.RcodeNameError
		}
		m.Ns = []dns.RR{z.soa(name)}
	}
	m.AuthenticatedData = ad && m.Rcode == dns.RcodeSuccess && len(m.Answer) > 0
	return m
}
