package serve

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func TestHostKeyPersisted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "serve", "host_ed25519")
	first, err := HostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %04o, want 0600", fi.Mode().Perm())
	}
	if di, _ := os.Stat(filepath.Dir(path)); di.Mode().Perm() != 0o700 {
		t.Errorf("host key directory mode %04o, want 0700", di.Mode().Perm())
	}
	s, err := gossh.ParsePrivateKey(first)
	if err != nil || s.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Fatalf("host key: %v, type %v", err, s)
	}
	again, err := HostKey(path)
	if err != nil || !bytes.Equal(first, again) {
		t.Errorf("the second start made another key (%v)", err)
	}
	os.Chmod(path, 0o644)
	if _, err := HostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a world-readable host key: %v", err)
	}
	os.Chmod(path, 0o600)
	os.WriteFile(path, []byte("not a key"), 0o600)
	if _, err := HostKey(path); err == nil {
		t.Error("a corrupt host key was accepted")
	}
}

func TestParseAuthorizedKeys(t *testing.T) {
	a, b := newKey(t).PublicKey(), newKey(t).PublicKey()
	file := "# the team\n\n" + string(gossh.MarshalAuthorizedKey(a)) +
		`no-pty,from="10.0.0.0/8" ` + strings.TrimSpace(string(gossh.MarshalAuthorizedKey(b))) + " bob@laptop\r\n"
	keys, err := ParseAuthorizedKeys([]byte(file))
	if err != nil || len(keys) != 2 || !bytes.Equal(keys[1].Marshal(), b.Marshal()) {
		t.Fatalf("keys %d, %v", len(keys), err)
	}
	if _, err := ParseAuthorizedKeys([]byte(file + "ssh-ed25519 AAAAnope\n")); err == nil || !strings.Contains(err.Error(), "line 5") {
		t.Errorf("a bad line: %v", err)
	}
	if _, err := ParseAuthorizedKeys([]byte("# nobody\n")); err == nil {
		t.Error("a file without keys was accepted")
	}
}

func FuzzParseAuthorizedKeys(f *testing.F) {
	f.Add([]byte("# c\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGbYBwnT9VmJ3hWv2Um8hR3uMGoSGO6dsZUeHA7ZFp8l a@b\n"))
	f.Add([]byte(`command="x",no-pty ssh-rsa AAAA` + "\n\n\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		keys, err := ParseAuthorizedKeys(data)
		if (err == nil) == (len(keys) == 0) {
			t.Fatalf("%d keys with error %v", len(keys), err)
		}
	})
}
