package probetest_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

func mutableDomain() probetest.Domain {
	return probetest.Domain{
		Name: "m.test",
		Zone: []string{`_mta-sts TXT "v=STSv1; id=1"`, "@ MX 10 mx1", `_smtp._tls TXT "v=TLSRPTv1; rua=mailto:r@{D}"`},
		Web:  []probetest.WebHost{{Host: "mta-sts", Body: policy}},
		Mail: []probetest.MailHost{{Host: "mx1"}},
	}
}

// TestChangeIsSeenByTheNextWalk drives one running world through the
// changes history watches for: a new policy body, a new id, a moved MX,
// a policy host that goes away and comes back.
func TestChangeIsSeenByTheNextWalk(t *testing.T) {
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{mutableDomain()}})
	ctx := context.Background()
	opts := w.Options()
	opts.NoSMTP = true
	walk := func() *probe.Report { return probe.Check(ctx, "m.test", opts) }

	if r := walk(); r.Record == nil || r.Record.ID != "1" || r.Policy == nil || r.Policy.MaxAge != 604800 {
		t.Fatalf("before: record %+v policy %+v", r.Record, r.Policy)
	}
	addr := w.Addrs("mta-sts.m.test")
	if err := w.Change("m.test", func(d *probetest.Domain) {
		d.Web[0].Body = "version: STSv1\r\nmode: testing\r\nmx: mx2.{D}\r\nmax_age: 86400\r\n"
		d.Zone = []string{`_mta-sts TXT "v=STSv1; id=2"`, "@ MX 10 mx2"}
		d.Mail = []probetest.MailHost{{Host: "mx2"}}
	}); err != nil {
		t.Fatal(err)
	}
	r := walk()
	if r.Record == nil || r.Record.ID != "2" || r.Policy == nil || r.Policy.MaxAge != 86400 || string(r.Policy.Mode) != "testing" {
		t.Fatalf("after: record %+v policy %+v", r.Record, r.Policy)
	}
	if !slices.Equal(w.Addrs("mta-sts.m.test"), addr) {
		t.Errorf("the policy host moved: %v -> %v", addr, w.Addrs("mta-sts.m.test"))
	}
	if len(w.Addrs("mx2.m.test")) == 0 {
		t.Error("the new MX has no address")
	}
	for _, m := range w.Mappings() {
		if m.Host == "mx1.m.test" {
			t.Errorf("the removed MX is still mapped: %+v", m)
		}
	}

	// The policy host stops listening; the walk says the fetch fails.
	if err := w.Change("m.test", func(d *probetest.Domain) { d.Web[0].Behaviour = "refused" }); err != nil {
		t.Fatal(err)
	}
	if r := walk(); r.Policy != nil {
		t.Fatalf("policy still fetched from a refused host: %+v", r.Policy)
	}
	if err := w.Change("m.test", func(d *probetest.Domain) { d.Web[0].Behaviour = "" }); err != nil {
		t.Fatal(err)
	}
	if r := walk(); r.Policy == nil {
		t.Fatal("the policy host did not come back")
	}
}

func TestSetRejectsABadZoneAndKeepsTheOld(t *testing.T) {
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{mutableDomain()}})
	bad := mutableDomain()
	bad.Zone = []string{"@ MX not-a-number"}
	if err := w.Set(bad); err == nil {
		t.Fatal("Set accepted a broken zone")
	}
	d, _ := w.Domain("m.test")
	if d.Zone[0] != mutableDomain().Zone[0] {
		t.Errorf("description changed: %v", d.Zone)
	}
	if err := w.Change("nowhere.test", func(*probetest.Domain) {}); err == nil {
		t.Error("Change of an unknown domain succeeded")
	}
}

// TestChangeWhileWalking: changes and walks at once (run with -race).
func TestChangeWhileWalking(t *testing.T) {
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{mutableDomain()}})
	opts := w.Options()
	opts.NoSMTP = true
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				probe.Check(context.Background(), "m.test", opts)
			}
		}()
	}
	for i := range 10 {
		if err := w.Change("m.test", func(d *probetest.Domain) { d.Web[0].Status = 200 + i%2*204 }); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
}
