package serve

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/netguard"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/tui"
)

// labWorld serves one lab scenario and a domain whose policy host never
// answers (a walk that stays in flight until cancelled).
func labWorld(t testing.TB) (*probetest.World, []tui.Scenario) {
	t.Helper()
	all, err := probetest.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	var picked []probetest.Scenario
	var domains []probetest.Domain
	for _, s := range all {
		if s.Name == "policy-missing" {
			picked = append(picked, s)
			domains = append(domains, probetest.ScenarioDomain(s))
		}
	}
	domains = append(domains, probetest.Domain{
		Name: "hang.test",
		Zone: []string{`_mta-sts TXT "v=STSv1; id=1"`, "@ MX 10 mx1"},
		Web:  []probetest.WebHost{{Host: "mta-sts", Behaviour: "hang"}},
		Mail: []probetest.MailHost{{Host: "mx1"}},
	})
	w, err := probetest.Start(probetest.Config{Domains: domains})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w, tui.LabScenarios(picked)
}

func runnerFor(opts probe.Options) tui.Runner {
	return func(ctx context.Context, domain string) <-chan probe.Event { return probe.Run(ctx, domain, opts) }
}

// nowhere is a runner whose walks end at once (no resolver answers).
func nowhere(ctx context.Context, domain string) <-chan probe.Event {
	return refusedWalk(domain, "test")
}

// noLeaks fails the test if goroutines other than those ignored are
// still running 3 s from now. Bubble Tea does not wait for a program's
// in-flight commands when it quits (the text input's cursor blink lasts up
// to 530 ms), longer than goleak's own retries.
func noLeaks(t *testing.T, opts ...goleak.Option) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		err := goleak.Find(opts...)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Error(err)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sgrParams matches an SGR sequence's parameters.
var sgrParams = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// colourSGR returns the first SGR sequence that sets a colour, or "".
func colourSGR(s string) string {
	for _, m := range sgrParams.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			var n int
			fmt.Sscan(p, &n)
			if (n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107) {
				return m[0]
			}
		}
	}
	return ""
}

func TestPTYAndWindowChanges(t *testing.T) {
	key := newKey(t)
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{key.PublicKey()}, Runner: nowhere})
	c, err := ts.dial(key)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	t.Run("size and resize", func(t *testing.T) {
		tm := ts.openTerm(t, c, "xterm-256color", 80, 24, nil)
		tm.waitFor("Domain to check")
		// The footer sits on the last row: row 24, then row 40 once the
		// client's window grows.
		at := tm.waitRaw("\x1b[24d", 0)
		if err := tm.sess.WindowChange(40, 120); err != nil {
			t.Fatal(err)
		}
		tm.waitRaw("\x1b[40d", at)
		tm.send("\x03") // ctrl+c quits
		if err := <-tm.ended; err != nil {
			t.Errorf("session ended with %v, want exit 0", err)
		}
	})
	t.Run("a 0x0 window is drawn as 80x24", func(t *testing.T) {
		tm := ts.openTerm(t, c, "xterm-256color", 0, 0, nil)
		tm.waitFor("Domain to check")
		tm.waitRaw("\x1b[24d", 0)
		tm.send("\x03")
		<-tm.ended
	})
	t.Run("the client's NO_COLOR and TERM decide the colours", func(t *testing.T) {
		tm := ts.openTerm(t, c, "xterm-256color", 80, 24, nil)
		tm.waitFor("Domain to check")
		if colourSGR(tm.out.String()) == "" {
			t.Error("xterm-256color got no colour")
		}
		tm.send("\x03")
		<-tm.ended
		if strings.Contains(tm.out.String(), "38;2;") {
			t.Error("TERM=xterm-256color without COLORTERM got 24-bit colour")
		}
		// The palette is the 16 ANSI colours, so COLORTERM changes
		// nothing visible; TERM does: a dumb terminal gets none.
		tm = ts.openTerm(t, c, "dumb", 80, 24, nil)
		tm.waitFor("Domain to check")
		if m := colourSGR(tm.out.String()); m != "" {
			t.Errorf("TERM=dumb got colour %q", m)
		}
		tm.send("\x03")
		<-tm.ended
		tm = ts.openTerm(t, c, "xterm-256color", 80, 24, map[string]string{"NO_COLOR": "yes"})
		tm.waitFor("Domain to check")
		time.Sleep(200 * time.Millisecond) // any restyled frame
		if m := colourSGR(tm.out.String()); m != "" {
			t.Errorf("NO_COLOR=yes still got colour %q", m)
		}
		tm.send("\x03")
		<-tm.ended
	})
	ts.waitLog(`msg="session start" .*pty=true .*term=xterm-256color width=80 height=24`)
}

func TestUnknownKeyRefused(t *testing.T) {
	known, stranger := newKey(t), newKey(t)
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{known.PublicKey()}, Runner: nowhere})
	if c, err := ts.dial(stranger); err == nil {
		c.Close()
		t.Fatal("a key not in the authorized keys got in")
	}
	if !strings.Contains(ts.logs.String(), gossh.FingerprintSHA256(stranger.PublicKey())) {
		t.Errorf("the refused key is not in the log:\n%s", ts.logs)
	}
	c, err := ts.dial(known)
	if err != nil {
		t.Fatalf("the authorized key was refused: %v", err)
	}
	c.Close()
}

// New keys take effect at once, removed keys are refused, and an empty
// list is not taken.
func TestSetAuthorizedKeys(t *testing.T) {
	alice, bob := newKey(t), newKey(t)
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{alice.PublicKey()}, Runner: nowhere})
	if err := ts.SetAuthorizedKeys([]gossh.PublicKey{bob.PublicKey()}); err != nil {
		t.Fatal(err)
	}
	if c, err := ts.dial(alice); err == nil {
		c.Close()
		t.Error("a removed key still got in")
	}
	c, err := ts.dial(bob)
	if err != nil {
		t.Fatalf("an added key was refused: %v", err)
	}
	c.Close()
	if err := ts.SetAuthorizedKeys(nil); err == nil {
		t.Error("an empty key list was taken")
	}
}

func TestNeverOpenByDefault(t *testing.T) {
	_, err := New(Config{HostKeyPEM: []byte("x"), Runner: nowhere})
	if err == nil || !strings.Contains(err.Error(), "--open") {
		t.Errorf("a server with no keys and no --open: %v", err)
	}
}

func TestOpenLetsAnyoneInAndSaysSo(t *testing.T) {
	ts := start(t, Config{Open: true, Runner: nowhere})
	var banner string
	c, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User: "student",
		// No key at all: keyboard-interactive with no questions.
		Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return nil, nil
		})},
		HostKeyCallback: gossh.FixedHostKey(ts.hostKey),
		BannerCallback:  func(m string) error { banner = m; return nil },
	})
	if err != nil {
		t.Fatalf("an open server refused a keyless login: %v", err)
	}
	c.Close()
	if !strings.Contains(banner, "idle 15m, at most 2h a session") {
		t.Errorf("the banner does not state the limits: %q", banner)
	}
	if !strings.Contains(banner, "WARNING") || !strings.Contains(banner, "OPEN") {
		t.Errorf("the banner does not warn: %q", banner)
	}
	if !strings.Contains(ts.logs.String(), "level=WARN") {
		t.Errorf("the log does not warn:\n%s", ts.logs)
	}
}

// A lab domain walked by typing it, then "s": the JSON report arrives on
// the client's clipboard (OSC 52), and the walk is logged.
func TestLabWalkThroughKeys(t *testing.T) {
	w, scenarios := labWorld(t)
	key := newKey(t)
	opts := w.Options()
	opts.Timeout = 3 * time.Second
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{key.PublicKey()}, Runner: runnerFor(opts), Scenarios: scenarios})
	c, err := ts.dial(key)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tm := ts.openTerm(t, c, "xterm-256color", 100, 30, nil)
	tm.waitFor("policy-missing")
	tm.send("policy-missing.test\r")
	tm.waitFor("Steps a sender performs")
	// The report exists once the verdict is logged.
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(ts.logs.String(), "msg=walk") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	from := tm.out.Len()
	tm.send("s")
	end := tm.waitRaw("\a", tm.waitRaw("\x1b]52;c;", from))
	raw := tm.out.String()[:end-1]
	b64 := raw[strings.LastIndex(raw, "\x1b]52;c;")+len("\x1b]52;c;"):]
	js, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatalf("OSC 52 payload: %v", err)
	}
	var rep probe.Report
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Domain != "policy-missing.test" || rep.Verdict.WithoutCache != "fail-open" {
		t.Errorf("copied report: domain %q, verdict %q", rep.Domain, rep.Verdict.WithoutCache)
	}
	tm.send("q")
	<-tm.ended
	ts.waitLog(`msg=walk .*domain=policy-missing.test .*verdict=fail-open`)
	ts.waitLog(`msg="session end" .*walks=1 exit=0`)
}

// Closing the connection in the middle of a walk cancels the walk, and
// once the server stops no goroutine is left: not the session's, not the
// program's, not the probe's.
func TestDisconnectMidWalkCancels(t *testing.T) {
	defer noLeaks(t, goleak.IgnoreCurrent())
	w, scenarios := labWorld(t)
	key := newKey(t)
	opts := w.Options()
	opts.Timeout = time.Minute // only the disconnect can end this walk
	started, ended := make(chan struct{}, 1), make(chan error, 1)
	watched := func(ctx context.Context, domain string) <-chan probe.Event {
		started <- struct{}{}
		context.AfterFunc(ctx, func() { ended <- ctx.Err() })
		return probe.Run(ctx, domain, opts)
	}
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{key.PublicKey()}, Runner: watched, Scenarios: scenarios})
	c, err := ts.dial(key)
	if err != nil {
		t.Fatal(err)
	}
	tm := ts.openTerm(t, c, "xterm-256color", 80, 24, nil)
	tm.waitFor("Domain to check")
	tm.send("hang.test\r")
	select {
	case <-started:
	case <-time.After(20 * time.Second):
		t.Fatal("the walk never started")
	}
	time.Sleep(300 * time.Millisecond) // the fetch is now hanging
	c.Close()
	select {
	case err := <-ended:
		if err != context.Canceled {
			t.Errorf("the walk ended with %v, want a cancellation", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the walk outlived the connection by 10 s")
	}
	ts.stop()
	w.Close()
	ts.waitLog(`msg=walk .*domain=hang.test .*ended="context canceled"`)
}

// A session with no traffic for IdleTimeout, or open for MaxSession, is
// ended, and its program with it.
func TestIdleAndSessionTimeouts(t *testing.T) {
	key := newKey(t)
	for _, cfg := range []Config{{IdleTimeout: 300 * time.Millisecond}, {MaxSession: 500 * time.Millisecond}} {
		cfg.AuthorizedKeys, cfg.Runner = []gossh.PublicKey{key.PublicKey()}, nowhere
		ts := start(t, cfg)
		c, err := ts.dial(key)
		if err != nil {
			t.Fatal(err)
		}
		tm := ts.openTerm(t, c, "xterm", 80, 24, nil)
		tm.waitFor("Domain to check")
		began := time.Now()
		if cfg.MaxSession > 0 {
			// Traffic does not extend a maximum session.
			go func() {
				for range 20 {
					time.Sleep(50 * time.Millisecond)
					io.WriteString(tm.in, "a")
				}
			}()
		}
		select {
		case <-tm.ended:
		case <-time.After(10 * time.Second):
			t.Fatalf("%+v: the session outlived its limit by 10 s", cfg)
		}
		ts.waitLog(`msg="session end"`)
		if d := time.Since(began); d > 5*time.Second {
			t.Errorf("ended after %s", d)
		}
		c.Close()
		ts.stop()
	}
}

// serve --lab gives each session a sandbox of its own: started when the
// session opens it, with a context that ends with the session.
func TestSandboxPerSession(t *testing.T) {
	_, scenarios := labWorld(t)
	started := make(chan context.Context, 4)
	starter := func(ctx context.Context) (tui.SandboxLab, func(), error) {
		started <- ctx
		return nil, nil, errors.New("no sandbox in this test")
	}
	key := newKey(t)
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{key.PublicKey()}, Runner: nowhere, Scenarios: scenarios, Sandbox: starter})
	c, err := ts.dial(key)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var ctxs []context.Context
	for range 2 {
		tm := ts.openTerm(t, c, "xterm-256color", 100, 30, nil)
		tm.waitFor("Domain to check")
		tm.send(probetest.SandboxDomain + "\r")
		select {
		case ctx := <-started:
			ctxs = append(ctxs, ctx)
		case <-time.After(10 * time.Second):
			t.Fatal("the session's sandbox never started")
		}
		tm.waitFor("no sandbox in this test")
		tm.send("\x03")
		<-tm.ended
	}
	for i, ctx := range ctxs {
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
			t.Errorf("sandbox %d outlived its session", i+1)
		}
	}
}

// A client cannot grow the server without bound with env requests.
func TestEnvRequestsAreBounded(t *testing.T) {
	key := newKey(t)
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{key.PublicKey()}, Runner: nowhere})
	c, err := ts.dial(key)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	accepted := 0
	for i := range 200 {
		if sess.Setenv(fmt.Sprintf("V%d", i), "x") == nil {
			accepted++
		}
	}
	if accepted != maxEnvVars {
		t.Errorf("%d env requests accepted, want %d", accepted, maxEnvVars)
	}
	if err := sess.Setenv("BIG", strings.Repeat("x", maxEnvBytes)); err == nil {
		t.Error("16 KiB more of environment was accepted")
	}
	// The session still works.
	out, err := sess.CombinedOutput("")
	if !strings.Contains(string(out), "ssh -t") {
		t.Errorf("after the env requests: %q, %v", out, err)
	}
}

// Connections that never authenticate cannot pile up beyond the bound.
func TestConnectionsAreBounded(t *testing.T) {
	key := newKey(t)
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{key.PublicKey()}, Runner: nowhere, MaxSessions: 1})
	var idle []net.Conn
	for range connsPerSession {
		c, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		// The server's version line says it holds the connection (a
		// refused one is closed at once).
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		line := make([]byte, 7)
		if _, err := io.ReadFull(c, line); err != nil || string(line) != "SSH-2.0" {
			t.Fatalf("a connection within the bound: %q, %v", line, err)
		}
		idle = append(idle, c)
	}
	if c, err := ts.dial(key); err == nil {
		c.Close()
		t.Fatalf("a connection beyond the bound got in:\n%s", ts.logs)
	}
	ts.waitLog(`connection refused: too many connections`)
	for _, c := range idle {
		c.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := ts.dial(key)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("once the idle connections left, still refused: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServerFull(t *testing.T) {
	key := newKey(t)
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{key.PublicKey()}, Runner: nowhere, MaxSessions: 1})
	c, err := ts.dial(key)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	first := ts.openTerm(t, c, "xterm", 80, 24, nil)
	first.waitFor("Domain to check")
	second := ts.openTerm(t, c, "xterm", 80, 24, nil)
	if err := <-second.ended; err == nil {
		t.Error("a session beyond the limit ended with status 0")
	}
	if !strings.Contains(second.out.String(), "server is full") {
		t.Errorf("the refused session was not told why: %q", second.out)
	}
	first.send("\x03")
	<-first.ended
}

// exec runs a command session and returns its output and exit status.
func (ts *testServer) exec(t *testing.T, key gossh.Signer, cmd string) (string, int) {
	t.Helper()
	c, err := ts.dial(key)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.CombinedOutput(cmd)
	code := 0
	if exit, ok := err.(*gossh.ExitError); ok {
		code = exit.ExitStatus()
	} else if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	return string(out), code
}

// The limit counts walks per key and per address, commands and the UI
// alike; a refused walk says when to come back.
func TestWalksAreRateLimited(t *testing.T) {
	key := newKey(t)
	var now atomic.Int64
	now.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	exec := func(ctx context.Context, args []string, run tui.Runner, out, _ io.Writer) int {
		for _, d := range args {
			for ev := range run(ctx, d) {
				if ev.Report != nil {
					fmt.Fprintf(out, "%s: %s\n", d, ev.Report.Steps[0].Summary)
				}
			}
		}
		return 0
	}
	ts := start(t, Config{Open: true, Runner: nowhere, Exec: exec,
		WalksPerMinute: 2, Now: func() time.Time { return time.Unix(now.Load(), 0) }})
	out, _ := ts.exec(t, key, "a.example b.example c.example")
	if strings.Count(out, ": test") != 2 || !strings.Contains(out, "c.example: not walked: this server allows 2 walks a minute") {
		t.Errorf("three walks with a limit of two:\n%s", out)
	}
	// Another key from the same address is still over the address's limit.
	if out, _ = ts.exec(t, newKey(t), "d.example"); !strings.Contains(out, "not walked") {
		t.Errorf("a second key from the same address escaped the limit:\n%s", out)
	}
	now.Add(61)
	if out, _ = ts.exec(t, key, "e.example"); !strings.Contains(out, "e.example: test") {
		t.Errorf("a minute later the walk was still refused:\n%s", out)
	}
}

func TestNoPTYWithoutCommandIsTold(t *testing.T) {
	key := newKey(t)
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{key.PublicKey()}, Runner: nowhere})
	out, code := ts.exec(t, key, "")
	if code != 2 || !strings.Contains(out, "ssh -t") {
		t.Errorf("no PTY, no command: exit %d, %q", code, out)
	}
}

// SIGTERM (ctx) tells a live session why it ends, ends it and returns.
func TestShutdownTellsSessions(t *testing.T) {
	defer noLeaks(t, goleak.IgnoreCurrent())
	key := newKey(t)
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{key.PublicKey()}, Runner: nowhere})
	c, err := ts.dial(key)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tm := ts.openTerm(t, c, "xterm", 80, 24, nil)
	tm.waitFor("Domain to check")
	began := time.Now()
	ts.stop()
	if d := time.Since(began); d > shutdownGrace {
		t.Errorf("shutdown took %s; the session should end when told", d)
	}
	<-tm.ended
	if !strings.Contains(ansi.Strip(tm.out.String()), "the server is shutting down") {
		t.Errorf("the session was not told: %q", ansi.Strip(tm.out.String()))
	}
}

// A domain whose MX hosts resolve to 10.0.0.1 and 127.0.0.1, walked in a
// session: the guard refuses both with a finding, and the dialer under the
// guard is never asked to connect (nothing dials 10.x, ever).
func TestGuardRefusesPrivateMXInASession(t *testing.T) {
	w, err := probetest.Start(probetest.Config{Domains: []probetest.Domain{{
		Name: "inside.test",
		Zone: []string{`_mta-sts TXT "v=STSv1; id=1"`, "@ MX 10 mx1", "@ MX 20 mx2", "mx1 A 10.0.0.1", "mx2 A 127.0.0.1"},
		Web:  []probetest.WebHost{{Host: "mta-sts", Body: "version: STSv1\r\nmode: enforce\r\nmx: *.inside.test\r\nmax_age: 86400\r\n"}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	opts := w.Options()
	rec := &probetest.DialRecorder{Next: opts.DialContext}
	opts.DialContext = rec.DialContext
	opts.Timeout = 3 * time.Second
	// Exactly the world's resolver and policy host are allowed, as
	// serve --lab allows exactly the lab's addresses.
	allow := []netip.AddrPort{netip.MustParseAddrPort(w.Resolver())}
	for _, m := range w.Mappings() {
		allow = append(allow, netip.MustParseAddrPort(m.Addr))
	}
	opts.Guard = netguard.New(false, allow...)
	key := newKey(t)
	ts := start(t, Config{AuthorizedKeys: []gossh.PublicKey{key.PublicKey()}, Runner: runnerFor(opts)})
	c, err := ts.dial(key)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tm := ts.openTerm(t, c, "xterm-256color", 100, 30, nil)
	tm.waitFor("Domain to check")
	tm.send("inside.test\r")
	ts.waitLog(`msg=walk .*domain=inside.test`)
	from := tm.out.Len()
	tm.send("s")
	end := tm.waitRaw("\a", tm.waitRaw("\x1b]52;c;", from))
	raw := tm.out.String()[:end-1]
	js, err := base64.StdEncoding.DecodeString(raw[strings.LastIndex(raw, "\x1b]52;c;")+len("\x1b]52;c;"):])
	if err != nil {
		t.Fatal(err)
	}
	var rep probe.Report
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	tls, _ := rep.Step(probe.StepMXTLS)
	var refused []string
	for _, d := range tls.Diagnostics {
		if d.Code == probe.CodeGuardRefused {
			refused = append(refused, d.Message)
		}
	}
	if len(refused) != 2 || !strings.Contains(strings.Join(refused, "\n"), "10.0.0.1") || !strings.Contains(strings.Join(refused, "\n"), "127.0.0.1") {
		t.Errorf("guard findings: %q", refused)
	}
	for _, a := range rec.Dialed() {
		if strings.HasPrefix(a, "10.") || strings.HasPrefix(a, "127.0.0.1:") {
			t.Errorf("the dialer was asked for %s", a)
		}
	}
	tm.send("q")
	<-tm.ended
}
