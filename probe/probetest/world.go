package probetest

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// Domain is one mail domain of the world. Names in it are relative to Name
// unless they end in "."; "{D}" in zone lines, bodies and locations stands
// for Name.
type Domain struct {
	Name  string
	Zone  []string
	Names []NameOpts
	Web   []WebHost
	Mail  []MailHost
	// NS are the domain's authoritative servers (see ns.go); none means
	// the world's resolver is the only server that knows the domain.
	NS []NameServer
}

// Config describes a world.
type Config struct {
	Domains []Domain
	// Latency is added to every DNS answer, every TCP connect and every
	// request/response turn on TCP, to model a network's round trip.
	Latency time.Duration
	// TimeScale multiplies behaviour delays (slow, trickle) so tests can
	// run them fast; zero means 1.
	TimeScale float64
	// RealPorts makes DNS listen on port 53, HTTPS hosts on 443 and SMTP
	// hosts on 25 of their own loopback addresses (needs root or
	// CAP_NET_BIND_SERVICE), so outside tools need no port map.
	RealPorts bool
	// Now is the clock certificates are issued against; zero means now.
	Now time.Time
}

// World is a running fake Internet. Close stops it.
type World struct {
	cfg      Config
	ca       *authority
	zone     atomic.Pointer[zone]
	resolver string
	dns      []*dns.Server
	// ports maps the address the probe dials ("127.77.1.1:443") to what
	// answers there.
	ports map[string]target
	// hosts are the addresses of every web and mail host, for dials by name.
	hosts   map[string][]netip.Addr
	mapping []Mapping
	// state guards ports, hosts, mapping, domains, alloc and served: Set
	// changes them while the world runs (see mutate.go).
	state   sync.RWMutex
	domains []Domain
	alloc   *allocator
	// served holds the listeners of each host ("https host." or "smtp
	// host."), so Set can retire them.
	served map[string][]net.Listener
	// ns holds the running authoritative servers by host FQDN, nsPorts
	// maps "ADDR:53" to where each really listens.
	ns      map[string]*nameServer
	nsPorts map[string]string

	done      chan struct{}
	wg        sync.WaitGroup
	mu        sync.Mutex
	listeners []net.Listener
	conns     map[net.Conn]struct{}
	closeOnce sync.Once
	// deliveries are the messages accepting MX hosts took (guarded by mu).
	deliveries []Delivery
}

// Mapping is one service of the world: where the probe thinks it is and
// where it really listens (the same address with RealPorts).
type Mapping struct {
	Host    string // FQDN without trailing dot
	Service string // "https" or "smtp"
	Addr    string // the address DNS gives and the probe dials, port 443 or 25
	Listen  string // where the server really listens; "" when nothing does
}

type target struct {
	listen string
	// blackhole dials hang until the dialler gives up (port 25 filtered).
	blackhole bool
}

// ipv4Net holds every address a world hands out: 127.77.0.53 for DNS,
// 127.77.x.y for hosts. A /16 inside 127/8 that nothing else uses by
// convention (systemd-resolved sits on 127.0.0.53).
const ipv4Prefix = "127.77."

// Start brings a world up. Every certificate, zone and listener is ready
// when it returns.
func Start(cfg Config) (_ *World, err error) {
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	if cfg.TimeScale <= 0 {
		cfg.TimeScale = 1
	}
	w := &World{cfg: cfg, ports: map[string]target{}, hosts: map[string][]netip.Addr{},
		done: make(chan struct{}), conns: map[net.Conn]struct{}{}, served: map[string][]net.Listener{},
		ns: map[string]*nameServer{}, nsPorts: map[string]string{},
		domains: append([]Domain(nil), cfg.Domains...)}
	defer func() {
		if err != nil {
			w.Close()
		}
	}()
	if w.ca, err = newAuthority(cfg.Now); err != nil {
		return nil, err
	}
	alloc := newAllocator()
	w.alloc = alloc
	z, err := buildZone(cfg.Domains, alloc, w.ca)
	if err != nil {
		return nil, err
	}
	w.zone.Store(z)
	w.hosts = alloc.addrs
	if err = w.startDNS(); err != nil {
		return nil, err
	}
	for _, d := range cfg.Domains {
		origin := fqdn(d.Name)
		for _, h := range d.Web {
			if err = w.startWeb(origin, h, alloc); err != nil {
				return nil, err
			}
		}
		for _, h := range d.Mail {
			if err = w.startMail(origin, h, alloc); err != nil {
				return nil, err
			}
		}
		if err = w.startNS(d); err != nil {
			return nil, err
		}
	}
	w.sortMapping()
	return w, nil
}

func (w *World) sortMapping() {
	sort.Slice(w.mapping, func(i, j int) bool {
		a, b := w.mapping[i], w.mapping[j]
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		return a.Addr < b.Addr
	})
}

// New starts a world for a test and closes it when the test ends.
func New(t testing.TB, cfg Config) *World {
	t.Helper()
	w, err := Start(cfg)
	if err != nil {
		t.Fatalf("probetest: %v", err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// Close stops every server and waits for every goroutine of the world.
func (w *World) Close() error {
	w.closeOnce.Do(func() {
		close(w.done)
		w.mu.Lock()
		for _, l := range w.listeners {
			l.Close()
		}
		for c := range w.conns {
			c.Close()
		}
		w.mu.Unlock()
		for _, s := range w.dns {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			s.ShutdownContext(ctx)
			cancel()
		}
		w.wg.Wait()
	})
	return nil
}

// Options are the probe options that reach this world and nothing else.
func (w *World) Options() probe.Options {
	return probe.Options{
		Resolvers:   []string{w.resolver},
		RootCAs:     w.RootCAs(),
		DialContext: w.DialContext,
		// Authoritative servers listen on their own address, on an
		// ephemeral port unless RealPorts.
		NameserverAddr: w.NameserverAddr,
		// The world's hosts stand in for public ones; 127.0.0.1 in a
		// scenario's zone is still the checker's own machine.
		PublicPrefixes: []netip.Prefix{netip.MustParsePrefix(ipv4Prefix + "0.0/16"), netip.MustParsePrefix("::1/128")},
	}
}

// Resolver is the DNS server's host:port.
func (w *World) Resolver() string { return w.resolver }

// RootCAs is a pool holding the world's CA only.
func (w *World) RootCAs() *x509.CertPool { return w.ca.pool }

// WriteCAFile writes the world's CA certificate as PEM (for --ca-file,
// curl --cacert, openssl -CAfile).
func (w *World) WriteCAFile(path string) error { return w.ca.writeCAFile(path) }

// RealPorts reports whether servers listen on ports 53, 443 and 25.
func (w *World) RealPorts() bool { return w.cfg.RealPorts }

// Mappings lists every HTTPS and SMTP service, sorted by host.
func (w *World) Mappings() []Mapping {
	w.state.RLock()
	defer w.state.RUnlock()
	return append([]Mapping(nil), w.mapping...)
}

// Addrs returns the addresses DNS gives for a web or mail host.
func (w *World) Addrs(host string) []netip.Addr {
	w.state.RLock()
	defer w.state.RUnlock()
	return append([]netip.Addr(nil), w.hosts[fqdn(host)]...)
}

// scaled applies the world's TimeScale to a behaviour delay.
func (w *World) scaled(d Duration, def time.Duration) time.Duration {
	v := time.Duration(d)
	if v == 0 {
		v = def
	}
	return time.Duration(float64(v) * w.cfg.TimeScale)
}

// sleep waits d unless the world closes first; it reports whether the
// world is still up.
func (w *World) sleep(d time.Duration) bool {
	if d <= 0 {
		select {
		case <-w.done:
			return false
		default:
			return true
		}
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-w.done:
		return false
	}
}

// listen binds addr (a loopback address with port 0 or the real port) and
// registers the listener for Close.
func (w *World) listen(ip netip.Addr, realPort int) (net.Listener, error) {
	if !ip.IsLoopback() {
		return nil, fmt.Errorf("probetest: refusing to listen on non-loopback %s", ip)
	}
	port := 0
	if w.cfg.RealPorts {
		port = realPort
	}
	l, err := net.Listen("tcp", net.JoinHostPort(ip.String(), strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.listeners = append(w.listeners, l)
	w.mu.Unlock()
	return l, nil
}

// serve runs an accept loop on l, handing each connection to handle in its
// own goroutine; connections are tracked so Close can end them.
func (w *World) serve(l net.Listener, handle func(net.Conn)) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			if !w.track(c) {
				c.Close()
				return
			}
			w.wg.Add(1)
			go func() {
				defer w.wg.Done()
				defer w.untrack(c)
				// The connection starts turned: a server that speaks first
				// (the SMTP banner) is heard a round trip after the client's
				// connect returned, not at once (the client's ACK must reach
				// it and its reply come back).
				handle(&latencyConn{Conn: c, w: w, turned: true})
			}()
		}
	}()
}

func (w *World) track(c net.Conn) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case <-w.done:
		return false
	default:
	}
	w.conns[c] = struct{}{}
	return true
}

func (w *World) untrack(c net.Conn) {
	c.Close()
	w.mu.Lock()
	delete(w.conns, c)
	w.mu.Unlock()
}

// latencyConn delays the first write after each read, and the first write
// of all, by the world's latency: one request/response turn costs one
// round trip.
type latencyConn struct {
	net.Conn
	w      *World
	turned bool
}

func (c *latencyConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.turned = true
	}
	return n, err
}

func (c *latencyConn) Write(b []byte) (int, error) {
	if c.turned {
		c.turned = false
		if !c.w.sleep(c.w.cfg.Latency) {
			return 0, net.ErrClosed
		}
	}
	return c.Conn.Write(b)
}

var errNotLoopback = errors.New("probetest: refusing to dial outside 127.0.0.0/8 and ::1")
