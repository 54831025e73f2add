//go:build unix

// SIGHUP and syscall.Kill exist on Unix only; the other serve tests run
// everywhere.

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// SIGHUP re-reads --authorized-keys: a key added to the file gets in, a
// removed one does not, and no session has to end for it.
func TestServeReloadsKeysOnHangup(t *testing.T) {
	alice, bob := testKey(t), testKey(t)
	file := filepath.Join(t.TempDir(), "team_keys")
	if err := os.WriteFile(file, gossh.MarshalAuthorizedKey(alice.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	addr, logs, stop := serveCmd(t, "--authorized-keys", file, "--resolver", "9.9.9.9") // never asked: no walk runs
	defer stop()
	dial := func(k gossh.Signer) error {
		c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "t", Auth: []gossh.AuthMethod{gossh.PublicKeys(k)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
		if err == nil {
			c.Close()
		}
		return err
	}
	if err := dial(alice); err != nil {
		t.Fatalf("alice, in the file: %v", err)
	}
	if err := os.WriteFile(file, gossh.MarshalAuthorizedKey(bob.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	// serve has registered for SIGHUP before it says where it listens.
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "authorized keys replaced") {
		if time.Now().After(deadline) {
			t.Fatalf("no reload after SIGHUP:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := dial(bob); err != nil {
		t.Errorf("bob, added: %v", err)
	}
	if err := dial(alice); err == nil {
		t.Error("alice, removed, still got in")
	}
}
