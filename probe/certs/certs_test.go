package certs

import (
	"crypto/x509"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/certs/certstest"
)

// RFC 8461 §3.3 and §4.2: SAN DNS-IDs only, wildcard as the whole left-most
// label, not expired, chaining to a trusted root; each failure told apart.
func TestCheck(t *testing.T) {
	ca := certstest.NewCA(t, "Test Root")
	other := certstest.NewCA(t, "Other Root")
	now := time.Now()
	cases := []struct {
		name string
		ca   *certstest.CA
		leaf certstest.Leaf
		host string
		want []Problem
	}{
		{"valid SAN §3.3", ca, certstest.Leaf{DNSNames: []string{"mta-sts.example.test"}}, "mta-sts.example.test", nil},
		{"wildcard as whole left-most label §3.3", ca, certstest.Leaf{DNSNames: []string{"*.example.test"}}, "mta-sts.example.test", nil},
		{"wildcard covers one label only §3.3", ca, certstest.Leaf{DNSNames: []string{"*.test"}}, "mta-sts.example.test", []Problem{NameMismatch}},
		{"partial-label wildcard rejected §3.3", ca, certstest.Leaf{DNSNames: []string{"mta*.example.test"}}, "mta-sts.example.test", []Problem{NameMismatch}},
		{"CN alone not enough §4.2", ca, certstest.Leaf{CommonName: "mx.example.test", DNSNames: []string{"other.test"}}, "mx.example.test", []Problem{NameMismatch}},
		{"expired §3.3", ca, certstest.Leaf{DNSNames: []string{"mx.example.test"}, NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(-time.Hour)}, "mx.example.test", []Problem{Expired}},
		{"not yet valid", ca, certstest.Leaf{DNSNames: []string{"mx.example.test"}, NotBefore: now.Add(time.Hour), NotAfter: now.Add(48 * time.Hour)}, "mx.example.test", []Problem{NotYetValid}},
		{"untrusted root §3.3", other, certstest.Leaf{DNSNames: []string{"mx.example.test"}}, "mx.example.test", []Problem{Untrusted}},
		{"expired and wrong name both reported", ca, certstest.Leaf{DNSNames: []string{"x.test"}, NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(-time.Hour)}, "mx.example.test", []Problem{Expired, NameMismatch}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.ca.Issue(t, tc.leaf)
			v := Check([]*x509.Certificate{c.Leaf}, tc.host, ca.Pool, now)
			if !slices.Equal(v.Problems, tc.want) {
				t.Fatalf("problems %v, want %v (%s)", v.Problems, tc.want, v.Detail)
			}
		})
	}
	if v := Check(nil, "x", ca.Pool, now); !v.Has(Invalid) {
		t.Fatal("an empty chain must be invalid")
	}
}

// RFC 8460 §4.3.2.2 result types per problem.
func TestResultTypes(t *testing.T) {
	want := map[Problem]string{Expired: "certificate-expired", NotYetValid: "certificate-expired", NameMismatch: "certificate-host-mismatch", Untrusted: "certificate-not-trusted", Invalid: "validation-failure"}
	for p, rt := range want {
		if string(p.ResultType()) != rt {
			t.Errorf("%v: %s, want %s", p, p.ResultType(), rt)
		}
	}
}

func TestSummarizeSanitisesAndBounds(t *testing.T) {
	ca := certstest.NewCA(t, "Root\x1b[31m")
	names := make([]string, 80)
	for i := range names {
		names[i] = "a.test"
	}
	c := ca.Issue(t, certstest.Leaf{CommonName: "evil\x1b]0;title\x07", DNSNames: names})
	s := Summarize([]*x509.Certificate{c.Leaf, ca.Cert})
	if len(s) != 2 || len(s[0].SANs) != MaxSANs+1 {
		t.Fatalf("%d summaries, %d SANs", len(s), len(s[0].SANs))
	}
	for _, f := range []string{s[0].Subject, s[0].Issuer, s[1].Subject} {
		for _, r := range f {
			if r < 0x20 {
				t.Fatalf("control character in %q", f)
			}
		}
	}
}

// A chain longer than the evidence cap (MaxChain) is verified as senders
// verify it, not cut to the cap and called untrusted; one longer than
// senders read is named as cut (issue 10).
func TestLongChains(t *testing.T) {
	root := certstest.NewCA(t, "Test Root")
	chainOf := func(intermediates int) []*x509.Certificate {
		ca := root
		var inter []*x509.Certificate
		for i := range intermediates {
			ca = ca.Intermediate(t, fmt.Sprintf("Intermediate %d", i))
			inter = append(inter, ca.Cert)
		}
		leaf := ca.Issue(t, certstest.Leaf{DNSNames: []string{"mx.example.test"}})
		chain := []*x509.Certificate{leaf.Leaf}
		for i := len(inter) - 1; i >= 0; i-- {
			chain = append(chain, inter[i]) // leaf first, as servers send them
		}
		return chain
	}
	now := time.Now()
	if v := Check(chainOf(MaxChain+4), "mx.example.test", root.Pool, now); !v.OK() {
		t.Errorf("a chain of %d intermediates: %v (%s), want valid as Go and OpenSSL senders find it", MaxChain+4, v.Problems, v.Detail)
	}
	v := Check(chainOf(MaxVerify+2), "mx.example.test", root.Pool, now)
	if !slices.Equal(v.Problems, []Problem{ChainTooLong}) || !strings.Contains(v.Detail, fmt.Sprint(MaxVerify+3)) {
		t.Errorf("a chain of %d intermediates: %v (%s), want the cut named", MaxVerify+2, v.Problems, v.Detail)
	}
}
