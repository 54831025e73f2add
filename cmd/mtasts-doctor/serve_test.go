package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// serveCmd runs "mtasts-doctor serve ARGS" until the returned stop is
// called, and returns the address it listens on.
func serveCmd(t *testing.T, args ...string) (addr string, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout syncBuffer
	stderr = &syncBuffer{}
	root := newRootCmd()
	root.SetOut(&stdout)
	root.SetErr(stderr)
	args = append([]string{"serve", "--listen", "127.0.0.1:0", "--host-key", filepath.Join(t.TempDir(), "host")}, args...)
	done := make(chan int, 1)
	go func() { done <- execute(ctx, root, args) }()
	listening := regexp.MustCompile(`listening on (127\.0\.0\.1:\d+)`)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m := listening.FindStringSubmatch(stdout.String()); m != nil {
			addr = m[1]
			break
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited %d: %s", code, stderr)
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("serve never said where it listens")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return addr, stderr, func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop within 20 s")
			return -1
		}
	}
}

// sshExec runs cmd on an open server without a PTY.
func sshExec(t *testing.T, addr, cmd string) (string, int) {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "student",
		Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return nil, nil
		})},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), // a test server made this second
		Timeout:         10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.CombinedOutput(cmd)
	if exit, ok := err.(*gossh.ExitError); ok {
		return string(out), exit.ExitStatus()
	} else if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	return string(out), 0
}

// The classroom: serve --lab --open; "ssh HOST check NAME" is the CLI's
// check, with its argument checks and exit statuses, on the lab.
func TestServeLabCheckWithoutPTY(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state) // where a history or recent list would go
	addr, logs, stop := serveCmd(t, "--lab", "--open")

	out, code := sshExec(t, addr, "check policy-missing")
	if code != 1 || !strings.Contains(out, "policy-missing.test") || !strings.Contains(out, "FAIL") {
		t.Errorf("check policy-missing: exit %d\n%s", code, out)
	}
	out, code = sshExec(t, addr, "check --json healthy-enforce.test")
	var rep probe.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || rep.Verdict.WithoutCache != "enforce" {
		t.Errorf("check --json healthy-enforce: exit %d, %v, verdict %q\n%s", code, err, rep.Verdict.WithoutCache, out)
	}
	for cmd, want := range map[string]string{
		"check no-such-scenario": "no scenario",
		"check":                  "requires at least 1 arg",
		"check --resolver 10.0.0.1 policy-missing": "unknown flag",
		"lint policy /etc/passwd":                  "unknown command",
	} {
		if out, code := sshExec(t, addr, cmd); code != 2 || !strings.Contains(out, want) {
			t.Errorf("%s: exit %d, want 2 and %q:\n%s", cmd, code, want, out)
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exited %d after SIGTERM:\n%s", code, logs)
	}
	if ents, _ := os.ReadDir(state); len(ents) != 0 {
		t.Errorf("served checks wrote %s in the state directory", ents[0].Name())
	}
	for _, want := range []string{"level=WARN msg=\"the server is open", `msg="session start"`, `msg=walk`, "domain=policy-missing.test", `verdict=fail-open`, `msg="session end"`, "msg=stopped"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, logs)
		}
	}
}

func TestServeRefusesToStartUnsafe(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve"}, "--authorized-keys FILE, or --open"},
		{[]string{"serve", "--open", "--resolver", "127.0.0.1:53"}, "Give a public resolver"},
		{[]string{"serve", "--open", "--resolver", "10.1.2.3"}, "a private address"},
		{[]string{"serve", "--open", "--authorized-keys", "x"}, "none of the others can be"},
		{[]string{"serve", "--open", "--max-sessions", "0"}, "--max-sessions must be positive"},
		{[]string{"serve", "--open", "--max-connections", "-1"}, "--max-connections must be positive"},
	} {
		args := append(tc.args, "--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "host"))
		code, _, stderr := runCtx(t.Context(), nil, args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, want 2 and %q:\n%s", tc.args, code, tc.want, stderr)
		}
	}
}

func testKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The classroom's sandbox: a session of serve --lab opens sandbox.test and
// gets a world of its own; when the student leaves and the server stops,
// nothing of it is left running.
func TestServeLabSandboxEndsWithTheSession(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	addr, _, stop := serveCmd(t, "--lab", "--open")
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "student",
		Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return nil, nil
		})},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	sess.Stdout = &out
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	waitScreen := func(want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(ansi.Strip(out.String()), want) {
			if time.Now().After(deadline) {
				t.Fatalf("%q never appeared:\n%s", want, ansi.Strip(out.String()))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitScreen("Domain to check")
	io.WriteString(in, "sandbox.test\r")
	waitScreen("SENDER") // the sandbox's world is up and its senders listed
	c.Close()
	if code := stop(); code != 0 {
		t.Errorf("serve exited %d", code)
	}
	// Bubble Tea leaves a quitting program's in-flight commands (a cursor
	// blink, up to 530 ms) to end on their own: retry for 3 s.
	deadline := time.Now().Add(3 * time.Second)
	for {
		err := goleak.Find(ignore)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The served lab is the lab: the guard lets walks reach every address the
// lab world serves (its resolver, its authoritative servers, its
// thousand-address hosts), so a scenario gives the same findings served as
// run locally; only an address outside the world, like the private MX of
// mx-private-address, is refused.
func TestServedLabMatchesTheLocalLab(t *testing.T) {
	scenarios := []string{"ns-stale-secondary", "hostile-many-addresses", "mx-private-address"}
	addr, _, stop := serveCmd(t, "--lab", "--open")
	defer stop()
	served, _ := sshExec(t, addr, "check --format csv "+strings.Join(scenarios, " "))
	_, local, _ := runCtx(t.Context(), nil, append([]string{"check", "--lab", "--no-history", "--format", "csv"}, scenarios...)...)
	codes := func(csv string) map[string]string {
		out := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(csv), "\n")[1:] {
			f := strings.Split(line, ",")
			if len(f) > 3 {
				out[f[0]] = f[1] + " " + f[3]
			}
		}
		return out
	}
	s, l := codes(served), codes(local)
	if len(l) != len(scenarios) {
		t.Fatalf("local check:\n%s", local)
	}
	for _, name := range scenarios {
		d := name + ".test"
		want := l[d]
		if name == "mx-private-address" {
			want = strings.Replace(want, "enforce ", "enforce check.guard.refused ", 1)
		}
		if s[d] != want {
			t.Errorf("%s served: %q, locally: %q", d, s[d], l[d])
		}
	}
}
