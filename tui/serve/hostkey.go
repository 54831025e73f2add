package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKey returns the server's private host key as PEM, creating an
// ed25519 key at path on first start (0600 in a 0700 directory) so clients
// see the same host key across restarts. An existing key that others can
// read is refused, as sshd refuses one: whoever reads it can impersonate
// the server.
func HostKey(path string) ([]byte, error) {
	if path == "" {
		return nil, errors.New("no host key path")
	}
	b, err := readHostKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return b, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("host key directory: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "mtasts-doctor serve host key")
	if err != nil {
		return nil, err
	}
	b = pem.EncodeToMemory(block)
	// O_EXCL: two servers starting at once must not overwrite each other's
	// key; the loser reads the winner's.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return readHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	_, werr := f.Write(b)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, fmt.Errorf("host key: %w", werr)
	}
	return b, nil
}

func readHostKey(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("host key %s is accessible by others (mode %04o): run chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if _, err := gossh.ParsePrivateKey(b); err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return b, nil
}

// Fingerprint is the SHA256 fingerprint of the host key in PEM, the form
// ssh shows on first connection, so an operator can publish it.
func Fingerprint(hostKeyPEM []byte) (string, error) {
	s, err := gossh.ParsePrivateKey(hostKeyPEM)
	if err != nil {
		return "", err
	}
	return gossh.FingerprintSHA256(s.PublicKey()), nil
}
