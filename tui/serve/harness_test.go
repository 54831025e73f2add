package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// testServer is a Server on 127.0.0.1 with its log captured.
type testServer struct {
	*Server
	t       testing.TB
	addr    string
	hostKey gossh.PublicKey
	logs    *syncBuffer
	stop    func() // shuts down and waits for Serve to return
}

// start runs a server; cfg's host key and logger are filled in.
func start(t testing.TB, cfg Config) *testServer {
	t.Helper()
	pemKey, err := HostKey(filepath.Join(t.TempDir(), "host_ed25519"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.HostKeyPEM = pemKey
	logs := &syncBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(pemKey)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Serve: %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Error("Serve did not return within 15 s of shutdown")
			}
		})
	}
	t.Cleanup(stop)
	return &testServer{t: t, Server: s, addr: ln.Addr().String(), hostKey: signer.PublicKey(), logs: logs, stop: stop}
}

// waitLog waits for a log line matching pattern: the server logs a
// session's end after the client has seen it.
func (ts *testServer) waitLog(pattern string) {
	ts.t.Helper()
	re := regexp.MustCompile(pattern)
	deadline := time.Now().Add(10 * time.Second)
	for !re.MatchString(ts.logs.String()) {
		if time.Now().After(deadline) {
			ts.t.Fatalf("no log line matches %s:\n%s", pattern, ts.logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// newKey is a fresh client key.
func newKey(t testing.TB) gossh.Signer {
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

// dial connects with key, checking the host key as a careful client does.
func (ts *testServer) dial(key gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User:            "tester",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.FixedHostKey(ts.hostKey),
		Timeout:         10 * time.Second,
	})
}

// term is an interactive session: a PTY, the shell, and everything the
// server drew.
type term struct {
	t     testing.TB
	sess  *gossh.Session
	in    io.WriteCloser
	out   *syncBuffer
	ended chan error
}

func (ts *testServer) openTerm(t testing.TB, c *gossh.Client, termName string, w, h int, env map[string]string) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatalf("setenv %s: %v", k, err)
		}
	}
	if err := sess.RequestPty(termName, h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	sess.Stdout = out
	sess.Stderr = out
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, sess: sess, in: in, out: out, ended: make(chan error, 1)}
	go func() { tm.ended <- sess.Wait() }()
	return tm
}

// send types keys as a terminal would send them.
func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.in, s); err != nil {
		tm.t.Fatalf("typing %q: %v", s, err)
	}
}

// waitFor waits until the screen output, escape sequences removed,
// contains want.
func (tm *term) waitFor(want string) {
	tm.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(ansi.Strip(tm.out.String()), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.t.Fatalf("%q never appeared; the screen got:\n%s", want, ansi.Strip(tm.out.String()))
}

// waitRaw waits until the raw output contains want after offset from,
// and returns the offset just past it.
func (tm *term) waitRaw(want string, from int) int {
	tm.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		s := tm.out.String()
		if from <= len(s) {
			if i := strings.Index(s[from:], want); i >= 0 {
				return from + i + len(want)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.t.Fatalf("%q never appeared in the raw output", want)
	return 0
}

// syncBuffer is a bytes.Buffer safe for one writer and many readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}
