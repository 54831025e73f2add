package certs

import (
	"crypto/x509"
	"net"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/certs/certstest"
)

// RFC 8461 §3.3 and §4.2 match the host against SAN DNS-IDs only (RFC 6125
// §6.4), with a wildcard only as the whole left-most label. Where Go's
// VerifyHostname is laxer than the strict senders (OpenSSL's X509_check_host
// in Postfix and Exim), the check follows the strict senders.
func TestNameMatchesLikeStrictSenders(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	cases := []struct {
		name string
		sans []string
		ips  []net.IP
		host string
		ok   bool
	}{
		{"exact DNS-ID §3.3", []string{"mta-sts.example.test"}, nil, "mta-sts.example.test", true},
		{"case-insensitive RFC 6125 §6.4.1", []string{"MTA-STS.Example.Test"}, nil, "mta-sts.EXAMPLE.test", true},
		{"trailing dot of the host ignored RFC 6125 §6.4.1", []string{"mx.example.test"}, nil, "mx.example.test.", true},
		{"wildcard whole left-most label §4.1", []string{"*.example.test"}, nil, "mx.example.test", true},
		{"wildcard never matches the bare domain §4.1", []string{"*.example.test"}, nil, "example.test", false},
		{"wildcard covers one label only §4.1", []string{"*.example.test"}, nil, "a.mx.example.test", false},
		{"wildcard over a single-label suffix refused (OpenSSL valid_star)", []string{"*.test"}, nil, "mx.test", false},
		{"bare * refused", []string{"*"}, nil, "localhost", false},
		{"partial-label wildcard refused RFC 6125 §6.4.3", []string{"m*.example.test"}, nil, "mx.example.test", false},
		{"wildcard not left-most refused RFC 6125 §6.4.3", []string{"mx.*.test"}, nil, "mx.example.test", false},
		{"wildcard matches an A-label RFC 6125 §6.4.3", []string{"*.example.test"}, nil, "xn--bcher-kva.example.test", true},
		{"U-label host compared as its A-label RFC 5890", []string{"mta-sts.xn--bcher-kva.test"}, nil, "mta-sts.bücher.test", true},
		{"iPAddress SAN is no DNS-ID §4.2", nil, []net.IP{net.ParseIP("192.0.2.25")}, "192.0.2.25", false},
		{"empty host", []string{"mx.example.test"}, nil, "", false},
	}
	now := time.Now()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ca.Issue(t, certstest.Leaf{DNSNames: tc.sans, IPs: tc.ips})
			v := Check([]*x509.Certificate{c.Leaf}, tc.host, ca.Pool, now)
			if got := !v.Has(NameMismatch); got != tc.ok {
				t.Fatalf("SANs %q %v, host %q: match %v, want %v", tc.sans, tc.ips, tc.host, got, tc.ok)
			}
		})
	}
}
