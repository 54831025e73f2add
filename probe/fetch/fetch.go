// Package fetch performs the HTTPS policy fetch of RFC 8461 §3.3 the way a
// strict sender does, against each address of the policy host separately,
// and keeps what it saw.
//
// The rules it applies: SNI names the policy host (§7.1); the certificate
// is valid for that name by SAN DNS-IDs, chains to a trusted root and is not
// expired (§3.3); TLS 1.2 or later (§7.2); no redirect is followed and only
// 200 counts (§3.3); the body is capped at 64 KiB (§3.3); every attempt has
// one deadline covering connect, handshake, headers and body, so a server
// that stalls or trickles cannot hold it.
//
// The HTTP exchange is done by hand over one connection (http.ReadResponse
// on a bounded reader) rather than through http.Transport: the transport
// keeps dialling in the background after a request is abandoned, caches
// connections and follows its own header limits, and here every goroutine
// and byte has to be accounted for.
//
// Certificates are verified by probe/certs rather than crypto/tls, so an
// expired, misnamed or untrusted certificate each gets its own diagnostic;
// the exchange continues after such a failure so the evidence still shows
// what the server would have served.
package fetch

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/certs"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/limit"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// Bounds on what a policy host can make us read.
const (
	// MaxBody is RFC 8461 §3.3's suggested maximum policy size.
	MaxBody = policy.MaxPolicySize
	// MaxHeaderBytes bounds the status line and headers together.
	MaxHeaderBytes = 32 << 10
	// maxHeaders bounds the headers kept as evidence.
	maxHeaders = 40
	// DefaultTimeout bounds one attempt when Request.Timeout is zero.
	DefaultTimeout = 10 * time.Second
	// Path is the well-known location of the policy (RFC 8461 §3.2).
	Path = "/.well-known/mta-sts.txt"
	// UserAgent names the tool to the policy host's operator.
	UserAgent = "mtasts-doctor/1 (MTA-STS checker; +https://github.com/mtasts-doctor/mtasts-doctor)"
)

// Request says where and how to fetch.
type Request struct {
	// Host is the policy host, "mta-sts." + the policy domain.
	Host string
	// Addresses are the policy host's A and AAAA records; each is tried.
	Addresses []netip.Addr
	// RootCAs is the trust store; nil means the system pool.
	RootCAs *x509.CertPool
	// DialContext opens the TCP connection to "IP:443"; nil means a
	// net.Dialer.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Timeout bounds each attempt; zero means DefaultTimeout.
	Timeout time.Duration
	// Now decides certificate expiry; nil means time.Now.
	Now func() time.Time
	// SkipNoSNI turns off the second handshake without SNI.
	SkipNoSNI bool
	// Limiter bounds the connections open at once: each attempt takes two
	// slots (one without SNI) before its Timeout starts, so waiting for a
	// slot is never counted as the server's slowness. Nil: no bound.
	Limiter *limit.Limiter
}

// Attempt is the fetch against one address. Strings are sanitised except
// Body, which is the raw bytes for the policy parser (at most MaxBody).
type Attempt struct {
	Address      string            `json:"address"`
	URL          string            `json:"url"`
	Status       int               `json:"status,omitempty"`
	Headers      map[string]string `json:"headers,omitempty"`
	ContentType  string            `json:"content_type,omitempty"`
	Location     string            `json:"location,omitempty"`
	TLSVersion   string            `json:"tls_version,omitempty"`
	CipherSuite  string            `json:"cipher_suite,omitempty"`
	Certificates []certs.Summary   `json:"certificates,omitempty"`
	// Body is NOT sanitised: parse it, never print it as is.
	Body      []byte `json:"-"`
	BodyBytes int    `json:"body_bytes,omitempty"`
	// NoSNI is the second handshake without SNI, when it was made.
	NoSNI *NoSNI `json:"no_sni,omitempty"`
	// Code is the first failure (empty on success); ResultType is its RFC
	// 8460 result type.
	Code        diag.Code         `json:"code,omitempty"`
	ResultType  policy.ResultType `json:"result_type,omitempty"`
	Error       string            `json:"error,omitempty"`
	Duration    time.Duration     `json:"-"`
	Diagnostics diag.List         `json:"diagnostics"`
	// Local is set when this machine ran out of a resource (file
	// descriptors, ports) before connecting: nothing is known of the host.
	Local bool `json:"local,omitempty"`

	rawContentType string
	leaf           []byte
	// deadline is when the attempt's time runs out: an error at or after
	// it is the deadline's doing, whatever the error says.
	deadline time.Time
}

// OK reports whether a sender would have accepted this attempt's policy
// document (before parsing it).
func (a Attempt) OK() bool { return a.Code == "" && a.Status == 200 }

// NoSNI is what the host presents to a client that sends no SNI.
type NoSNI struct {
	// Same is true when it is the certificate presented with SNI.
	Same         bool            `json:"same"`
	Certificates []certs.Summary `json:"certificates,omitempty"`
	Error        string          `json:"error,omitempty"`

	leaf []byte
}

// Result is the whole fetch.
type Result struct {
	URL      string    `json:"url"`
	Attempts []Attempt `json:"attempts"`
	// OK is true when some attempt succeeded; Body and ContentType are
	// from the first such attempt in address order.
	OK          bool   `json:"ok"`
	Body        []byte `json:"-"`
	ContentType string `json:"content_type,omitempty"`
	// ResultType is what a sender reports (RFC 8460 §4.3.2.1) when no
	// attempt succeeded.
	ResultType  policy.ResultType `json:"result_type,omitempty"`
	Diagnostics diag.List         `json:"diagnostics"`
}

// Policy fetches the policy from every address concurrently and returns
// when all attempts have ended.
func Policy(ctx context.Context, req Request) Result {
	res := Result{URL: "https://" + sanitize.Line(req.Host, 255) + Path}
	if len(req.Addresses) == 0 {
		res.Diagnostics = append(res.Diagnostics, diag.Newf(CodeNoAddresses, diag.Error, "RFC 8461 §3.3",
			"the policy host %s has no address: senders cannot fetch the policy", sanitize.Line(req.Host, 255)))
		res.ResultType = ResultFetchError
		return res
	}
	res.Attempts = make([]Attempt, len(req.Addresses))
	var wg sync.WaitGroup
	slots := 2
	if req.SkipNoSNI {
		slots = 1
	}
	for i, addr := range req.Addresses {
		wg.Go(func() {
			release, err := req.Limiter.Acquire(ctx, slots)
			defer release()
			if err != nil {
				// Not the server's doing: the caller stopped first.
				res.Attempts[i] = Attempt{Address: addr.String(), URL: res.URL, Error: "not tried: " + stopWords(err)}
				return
			}
			res.Attempts[i] = attempt(ctx, req, addr)
		})
	}
	wg.Wait()

	var failed, succeeded []string
	for _, a := range res.Attempts {
		res.Diagnostics = append(res.Diagnostics, a.Diagnostics...)
		if !a.OK() {
			failed = append(failed, a.Address)
			if res.ResultType == "" {
				res.ResultType = a.ResultType
			}
			continue
		}
		succeeded = append(succeeded, a.Address)
		if !res.OK {
			res.OK, res.Body, res.ContentType = true, a.Body, a.ContentType
			// RFC 8461 §3.2: senders SHOULD check for text/plain.
			res.Diagnostics = append(res.Diagnostics, policy.CheckContentType(a.rawContentType)...)
		}
	}
	if res.OK {
		res.ResultType = ""
		if len(failed) > 0 {
			res.Diagnostics = append(res.Diagnostics, diag.Newf(CodePartialFailure, diag.Warning, "RFC 8461 §3.3",
				"the policy was fetched from %v but not from %v: senders that pick a failing address get no policy", succeeded, failed))
		}
	}
	return res
}

// stopWords says why the caller's context ended.
func stopWords(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "deadline: the walk ran out of time first"
	}
	return "canceled"
}
