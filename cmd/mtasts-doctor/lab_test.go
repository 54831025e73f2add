package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// syncBuffer lets the test read what a running command has printed so far.
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

func TestLabListPrintsEveryScenarioOnALine(t *testing.T) {
	var out bytes.Buffer
	cmd := newRootCmd()
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"lab", "--list"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	scenarios, err := probetest.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(scenarios) {
		t.Fatalf("%d lines for %d scenarios", len(lines), len(scenarios))
	}
	for i, s := range scenarios {
		if lines[i] != s.Name+" — "+s.Title {
			t.Errorf("line %d: %q", i, lines[i])
		}
	}
}

// lab --serve must stop on Ctrl-C (ctx cancel), remove the CA file it wrote
// and leave no goroutine behind.
func TestLabServeStopsCleanlyOnCancel(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &syncBuffer{}
	cmd := newRootCmd()
	cmd.SetOut(out)
	cmd.SetArgs([]string{"lab", "--serve", "--ephemeral-ports"})
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()

	caRe := regexp.MustCompile(`CA file\s+(\S+)`)
	var caFile string
	for deadline := time.Now().Add(10 * time.Second); caFile == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := caRe.FindStringSubmatch(out.String()); m != nil && strings.Contains(out.String(), "Ctrl-C") {
			caFile = m[1]
		}
	}
	if caFile == "" {
		t.Fatalf("no CA file announced:\n%s", out.String())
	}
	if b, err := os.ReadFile(caFile); err != nil || !bytes.Contains(b, []byte("BEGIN CERTIFICATE")) {
		t.Fatalf("CA file: %v", err)
	}
	for _, want := range []string{"resolver  127.77.0.53:", "--connect-to mta-sts.healthy-enforce.test:443:127.77.", "-starttls smtp -connect 127.77."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("lab --serve did not stop")
	}
	if _, err := os.Stat(caFile); !os.IsNotExist(err) {
		t.Fatalf("CA file left behind: %v", err)
	}
}

type brokenPipe struct{}

func (brokenPipe) Write([]byte) (int, error) { return 0, syscall.EPIPE }

// "lab --serve | head -1": when standard output goes away the lab stops
// at once and removes the CA directory it wrote (a SIGPIPE death used to
// leave it in the temporary directory).
func TestLabServeStopsAndCleansUpWhenStdoutCloses(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := serveLab(ctx, brokenPipe{}, false)
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 2 || ctx.Err() != nil {
		t.Fatalf("serveLab = %v (ctx %v); want exit 2 before being interrupted", err, ctx.Err())
	}
	left, _ := os.ReadDir(tmp)
	if len(left) != 0 {
		t.Errorf("left behind in TMPDIR: %v", left)
	}
}

// The port line carries no trailing blank when there is no reason to give.
func TestLabServeHelpHasNoTrailingBlanks(t *testing.T) {
	w, scenarios, err := startLab(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var b bytes.Buffer
	printServeHelp(&b, w, len(scenarios), "/tmp/ca.pem", "")
	for i, l := range strings.Split(b.String(), "\n") {
		if strings.HasSuffix(l, " ") {
			t.Errorf("line %d ends in a blank: %q", i+1, l)
		}
	}
}
