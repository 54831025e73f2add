package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// check's flags reach the "see it yourself" commands: the resolver given
// with --resolver and the file given with --ca-file (made absolute and
// quoted: its directory has a space and a quote), and a hostile MX gets
// none (issue 10 item 1).
func TestCheckCommandsNameResolverAndCAFile(t *testing.T) {
	all, err := probetest.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	var cfg probetest.Config
	for _, s := range all {
		if s.Name == "hostile-mx-shell" {
			cfg.Domains = append(cfg.Domains, probetest.ScenarioDomain(s))
		}
	}
	w := probetest.New(t, cfg)
	dir := filepath.Join(t.TempDir(), "it's a dir")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(dir, "ca.pem")
	if err := w.WriteCAFile(ca); err != nil {
		t.Fatal(err)
	}
	_, stdout, stderr := runCtx(context.Background(), strings.NewReader(""),
		"check", "--json", "--no-smtp", "--timeout", "2s", "--resolver", w.Resolver(), "--ca-file", ca, "hostile-mx-shell.test")
	var rep probe.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v\n%s\n%s", err, stdout, stderr)
	}
	host, port, _ := strings.Cut(w.Resolver(), ":")
	quotedCA, _ := probe.ShellQuote(ca)
	rec, _ := rep.Step(probe.StepRecord)
	if len(rec.Commands) == 0 || !strings.HasPrefix(rec.Commands[0], "dig @"+host+" -p "+port+" ") {
		t.Errorf("record commands %q do not ask %s", rec.Commands, w.Resolver())
	}
	fetch, _ := rep.Step(probe.StepPolicyFetch)
	if len(fetch.Commands) == 0 || !strings.Contains(fetch.Commands[0], "--cacert "+quotedCA) {
		t.Errorf("fetch commands %q do not trust %s", fetch.Commands, quotedCA)
	}
	for _, st := range rep.Steps {
		for _, c := range st.Commands {
			if strings.Contains(c, "touch,") || strings.Contains(c, "a$x") {
				t.Errorf("%s: a hostile MX name reached %q", st.ID, c)
			}
		}
	}
}
