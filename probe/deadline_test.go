package probe_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// Issue 10 item 4: --timeout bounds one operation, MaxTime the whole walk.
// A network that answers every operation just inside the per-operation
// timeout cannot stretch the walk past MaxTime: the walk ends, the steps it
// could not finish say "deadline", no server is blamed for the walk's own
// deadline, and the verdict is unknown rather than fail-open.
func TestMaxTimeBoundsTheWholeWalk(t *testing.T) {
	w := probetest.New(t, probetest.Config{
		// Every DNS answer, connect and request/response turn: 400 ms,
		// so no single operation reaches the 3 s timeout.
		Latency: 400 * time.Millisecond,
		Domains: []probetest.Domain{{
			Name: "slow.test",
			Zone: []string{
				`_mta-sts CNAME a.hops`, `a.hops CNAME b.hops`, `b.hops TXT "v=STSv1; id=1"`,
				"@ MX 10 mx1", `_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{D}"`,
			},
			Web:  []probetest.WebHost{{Host: "mta-sts", Body: "version: STSv1\r\nmode: enforce\r\nmx: *.{D}\r\nmax_age: 604800\r\n"}},
			Mail: []probetest.MailHost{{Host: "mx1"}},
		}},
	})
	opts := w.Options()
	opts.Timeout = 3 * time.Second

	// Unbounded (the default minute), the walk takes several operations'
	// worth of latency in a row.
	full := probe.Check(context.Background(), "slow.test", opts)
	if full.Verdict.WithoutCache != probe.VerdictEnforce {
		t.Fatalf("without a tight deadline: verdict %s (%s)", full.Verdict.WithoutCache, full.Verdict.Reason)
	}
	if full.Duration < 2*time.Second {
		t.Fatalf("the slow world took only %s; the test needs a walk longer than MaxTime", full.Duration)
	}

	opts.MaxTime = time.Second
	start := time.Now()
	rep := probe.Check(context.Background(), "slow.test", opts)
	took := time.Since(start)
	// Not a speed goal but the bound itself: the deadline plus the moment
	// the steps need to wrap up, far below the unbounded walk.
	if took > opts.MaxTime+3*time.Second || took >= full.Duration+time.Second {
		t.Errorf("walk took %s with MaxTime %s (unbounded: %s)", took, opts.MaxTime, full.Duration)
	}
	if rep.Verdict.WithoutCache != probe.VerdictUnknown {
		t.Errorf("verdict %s, want unknown", rep.Verdict.WithoutCache)
	}
	deadline := 0
	for _, st := range rep.Steps {
		if strings.HasPrefix(st.Summary, "deadline") {
			deadline++
			if st.Status != probe.StatusError {
				t.Errorf("step %s says deadline but is %s", st.ID, st.Status)
			}
		}
		for _, d := range st.Diagnostics {
			if strings.HasPrefix(string(d.Code), "fetch.timeout") || strings.HasPrefix(string(d.Code), "smtp.timeout") || strings.HasPrefix(string(d.Code), "smtp.banner.timeout") {
				t.Errorf("step %s blames the server for the walk's deadline: %s", st.ID, d.Message)
			}
		}
	}
	if deadline == 0 {
		for _, st := range rep.Steps {
			t.Logf("%s %s %s", st.ID, st.Status, st.Summary)
		}
		t.Error("no step says the deadline cut it short")
	}
}
