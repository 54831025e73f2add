package dnsx

import (
	"context"
	"testing"

	"github.com/miekg/dns"
)

// RFC 6891 §7: a server that answers FORMERR (without an OPT record) to an
// EDNS query is asked again without EDNS, and the answer it then gives is
// used, with a warning that says what was lost.
func TestEDNSRejectedFallsBackToPlainDNS(t *testing.T) {
	srv := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) {
		if r.IsEdns0() != nil {
			reply(w, r, dns.RcodeFormatError)
			return
		}
		reply(w, r, dns.RcodeSuccess, `_mta-sts.example.test. 60 IN TXT "v=STSv1; id=1"`)
	})
	res := testClient(srv).Lookup(context.Background(), "_mta-sts.example.test", dns.TypeTXT)
	if res.Kind != KindAnswer || len(res.TXT) != 1 {
		t.Fatalf("kind %v, txt %v, attempts %v", res.Kind, res.TXT, res.Attempts)
	}
	if !hasCode(res.Diagnostics, CodeNoEDNS) {
		t.Fatalf("no %s warning: %v", CodeNoEDNS, res.Diagnostics)
	}
	// A FORMERR that carries an OPT record is the server speaking EDNS and
	// objecting to something else: no plain retry.
	strict := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetRcode(r, dns.RcodeFormatError)
		m.SetEdns0(1232, false)
		w.WriteMsg(m)
	})
	res = testClient(strict).Lookup(context.Background(), "_mta-sts.example.test", dns.TypeTXT)
	if res.Kind == KindAnswer || hasCode(res.Diagnostics, CodeNoEDNS) {
		t.Fatalf("kind %v, diags %v", res.Kind, res.Diagnostics)
	}
}
