package senders

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

func TestNamesUniqueAndFound(t *testing.T) {
	seen := map[Name]bool{}
	for _, s := range All() {
		if seen[s.Name] {
			t.Errorf("duplicate sender %q", s.Name)
		}
		seen[s.Name] = true
		got, err := ByName(s.Name)
		if err != nil || got.Name != s.Name {
			t.Errorf("ByName(%q) = %q, %v", s.Name, got.Name, err)
		}
		if s.Description == "" || s.Source == "" {
			t.Errorf("%s: description and source are required", s.Name)
		}
	}
	if _, err := ByName("exim"); err == nil || !strings.Contains(err.Error(), "postfix-tlspol") {
		t.Errorf("ByName(exim) error = %v, want one listing the known names", err)
	}
}

func TestDefaultsExcludeVariants(t *testing.T) {
	d := Defaults()
	if d[0].Name != RFC {
		t.Errorf("Defaults()[0] = %q, want rfc first (the reference)", d[0].Name)
	}
	var names []Name
	for _, s := range d {
		names = append(names, s.Name)
	}
	want := []Name{RFC, Mox, Resolver, TLSPol, GoMTASTS}
	if !slices.Equal(names, want) {
		t.Errorf("Defaults() = %v, want %v", names, want)
	}
	for _, s := range All() {
		if s.Variant != "" && !slices.Contains(want, s.Variant) {
			t.Errorf("%s is a variant of unknown sender %q", s.Name, s.Variant)
		}
	}
}

func TestReportsConsistent(t *testing.T) {
	for _, s := range All() {
		if !s.Reports.Sends && (len(s.Reports.Types) > 0 || s.Reports.FetchErrors) {
			t.Errorf("%s sends no reports but lists types or fetch errors", s.Name)
		}
		for _, ty := range s.Reports.Types {
			if !policy.IsResultType(string(ty)) {
				t.Errorf("%s reports unknown result type %q", s.Name, ty)
			}
		}
	}
}

// TestParameters pins each parameter the 2026-11 code audit found the old
// profiles got wrong, named after the sender's source line it follows.
func TestParameters(t *testing.T) {
	get := func(n Name) Sender {
		s, err := ByName(n)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"postfix-tlspol/server.go:223@ffe1e2d cache capped at 30 days", get(TLSPol).Cache.Cap == 30*24*time.Hour},
		{"postfix-tlspol/mta-sts.go:356-362@ffe1e2d requires text/plain", get(TLSPol).Fetch.ContentType == ContentTypeTextPlain},
		{"postfix-tlspol/mta-sts.go:348-353@ffe1e2d testing is no policy", get(TLSPol).Policy.Testing == TestingAsNone},
		{"postfix-tlspol/config.go:50@ffe1e2d no TLS-RPT by default", !get(TLSPol).Reports.Sends},
		{"postfix-tlspol/server.go:221@ffe1e2d not-found cached 30 min", get(TLSPol).Cache.NegativeTTL == 30*time.Minute},
		{"postfix-tlspol/mta-sts.go:31@ffe1e2d temporary errors retried after 5 min", get(TLSPol).Cache.Backoff == 5*time.Minute},
		{"postfix-tlspol/mta-sts.go:305-309@ffe1e2d max_age above a year capped", get(TLSPol).Policy.AboveLimit == AboveCap},
		{"go-mtasts/cache.go:108-119@1438da2 refresh reaches expired entries", get(GoMTASTS).Refresh.Expired},
		{"maddy/security.go:185-191@837b1b8 uncovered MX bounces", get(GoMTASTS).Failure.UncoveredMX == OutcomeBounce},
		{"maddy@837b1b8 sends no TLS-RPT", !get(GoMTASTS).Reports.Sends},
		{"go-mtasts/mtasts.go:111-116@1438da2 max_age unbounded", get(GoMTASTS).Policy.MaxAgeLimit > policy.MaxAgeLimit},
		{"mox/mtastsdb/db.go:146-169@1c95876 back-off overwrites the cached policy", get(Mox).Cache.BackoffOverwrites && get(Mox).Cache.Backoff == 5*time.Minute},
		{"mox/queue/direct.go:171-181@1c95876 TXT temp error without cache defers", get(Mox).Failure.TXTTempErrorNoCache == OutcomeDefer},
		{"mox/mtasts/parse.go:266@1c95876 max_age up to 2^31-1 accepted", get(Mox).Policy.MaxAgeLimit == 1<<31-1},
		{"mox/mtasts/mtasts.go:301-302@1c95876 Content-Type not checked", get(Mox).Fetch.ContentType == ContentTypeIgnored},
		{"postfix-mta-sts-resolver/resolver.py:157-158@a000619 max_age above a year rejected", get(Resolver).Policy.AboveLimit == AboveReject && get(Resolver).Policy.MaxAgeLimit == policy.MaxAgeLimit},
		{"postfix-mta-sts-resolver/resolver.py:134-136@a000619 body ASCII unless a charset", get(Resolver).Fetch.Charset == CharsetASCIIUnlessDeclared},
		{"postfix-mta-sts-resolver/defaults.py:6@a000619 4 s timeout", get(Resolver).Fetch.Timeout == 4*time.Second},
		{"postfix-mta-sts-resolver/responder.py:222-223@a000619 strict_testing enforces testing", get(ResolverStrictTesting).Policy.Testing == TestingAsEnforce},
		{"postfix-mta-sts-resolver/defaults.py:19@a000619 no proactive refresh by default", get(Resolver).Refresh.Every == 0 && get(ResolverProactive).Refresh.Every == 24*time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Error("the definition disagrees with the sender's code")
			}
		})
	}
}
