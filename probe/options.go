package probe

import (
	"context"
	"crypto/x509"
	"net"
	"net/netip"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
	"github.com/mtasts-doctor/mtasts-doctor/probe/limit"
	"github.com/mtasts-doctor/mtasts-doctor/probe/netguard"
)

// Options are everything Run depends on from the outside world. The zero
// value means the real Internet: resolvers from /etc/resolv.conf, the system
// trust store, ports 443 and 25, default deadlines and the wall clock.
type Options struct {
	// Resolvers are DNS servers as host:port; empty means /etc/resolv.conf.
	Resolvers []string
	// RootCAs verifies the policy host's and MX hosts' certificates; nil
	// means the system pool.
	RootCAs *x509.CertPool
	// CAFile is the file RootCAs was read from, if any: the "see it
	// yourself" commands trust it too (curl --cacert, openssl -CAfile).
	CAFile string
	// DialContext opens every TCP connection the probe makes (HTTPS and
	// SMTP, not DNS). Nil means a net.Dialer. probetest and the lab set it to
	// map ports 443 and 25 onto the unprivileged ports they listen on.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Timeout bounds each network operation (one DNS exchange, one HTTPS
	// fetch, one SMTP session); zero means DefaultTimeout.
	Timeout time.Duration
	// NoSMTP skips the mx-tls step (for networks that block port 25).
	NoSMTP bool
	// Now is the clock for certificate expiry; nil means time.Now.
	Now func() time.Time
	// PublicPrefixes are address ranges the walk treats as the public
	// Internet although probe/netclass says otherwise: probetest's world
	// lives on 127.77.0.0/16 and ::1. Empty for the real Internet, where a
	// loopback or private address gets a warning and the unspecified,
	// multicast, broadcast, link-local and reserved ones are never dialled.
	PublicPrefixes []netip.Prefix
	// Limiter bounds how many HTTPS and SMTP connections are open at once
	// (a fetch attempt holds two: with and without SNI). Walks that share
	// one, like a batch check of many domains, share the bound; nil gives
	// each walk its own of DefaultConcurrency slots.
	Limiter *limit.Limiter
	// Guard, when set, checks every address the walk would connect to
	// (resolvers, the policy host, MX hosts) as the socket connects, and
	// refuses those it does not allow with a check.guard.refused finding:
	// mtasts-doctor serve walks domains other people name, and must not
	// reach into its own network. Nil allows everything.
	Guard *netguard.Guard
	// NameserverAddr maps "ADDR:53" of an authoritative server to the
	// address to ask instead; nil asks ADDR:53. probetest's servers listen
	// on ephemeral ports.
	NameserverAddr func(hostport string) string
	// MaxTime bounds the whole walk, every retry and CNAME hop included;
	// zero means DefaultMaxTime. When it passes, Run returns a partial
	// Report whose unfinished steps say "deadline".
	MaxTime time.Duration
}

// DefaultMaxTime is the whole walk's deadline when Options.MaxTime is zero:
// the RFC's suggested fetch timeout (RFC 8461 §3.3, one minute), which no
// healthy domain comes near.
const DefaultMaxTime = time.Minute

func (o Options) maxTime() time.Duration {
	if o.MaxTime > 0 {
		return o.MaxTime
	}
	return DefaultMaxTime
}

// DefaultConcurrency is the connections one walk opens at once when
// Options.Limiter is nil: enough that a domain with a few MX hosts is
// probed in one round, few enough that a zone publishing thousands of
// addresses cannot exhaust file descriptors (a default ulimit -n is 1024)
// or aim a flood at anyone.
const DefaultConcurrency = 16

// MaxAddrsPerFamily bounds the addresses probed per host and address
// family (IPv4, IPv6): the STARTTLS probe of each MX host and the fetch
// from the policy host. Postfix tries at most 5 addresses per delivery
// (smtp_mx_address_limit = 5), so a sender never reaches a sixth; the
// addresses are taken in sorted order, so every run probes the same ones,
// and the report says how many were left out.
const MaxAddrsPerFamily = 5

func (o Options) limiter() *limit.Limiter {
	if o.Limiter != nil {
		return o.Limiter
	}
	return limit.New(DefaultConcurrency)
}

// DefaultTimeout sits between the fast senders (postfix-tlspol gives up
// after 2 s, postfix-mta-sts-resolver after 4 s) and the RFC's suggested
// minute (RFC 8461 §3.3): long enough not to cry wolf, short enough for an
// interactive session.
const DefaultTimeout = 10 * time.Second

// DNSQueryCap bounds one DNS exchange with one server when Resolvers are
// given (a shorter Timeout is used as is): a resolver that has not answered
// in 4 s is asked once more, or the next one is, as stub resolvers do,
// rather than the walk waiting out the whole Timeout on one lost UDP
// packet. With /etc/resolv.conf its timeout and attempts options play this
// part instead.
const DNSQueryCap = 2 * dnsx.DefaultTimeout

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

// dialer is the DialContext the transports get: DialContext behind the
// guard, or DialContext itself (nil: their own net.Dialer) without one.
func (o Options) dialer() func(ctx context.Context, network, addr string) (net.Conn, error) {
	if o.Guard == nil {
		return o.DialContext
	}
	return o.Guard.Dialer(o.DialContext)
}

func (o Options) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if o.DialContext != nil {
		return o.DialContext(ctx, network, addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}
