package history

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpenNeverWritesAForeignFile: whatever bytes sit where the history
// goes, Open either opens a history of ours or reports one of the file
// errors — and then the bytes are exactly as they were.
func FuzzOpenNeverWritesAForeignFile(f *testing.F) {
	ours := make([]byte, 100)
	copy(ours, sqliteMagic)
	binary.BigEndian.PutUint32(ours[68:], applicationID)
	foreign := bytes.Clone(ours)
	binary.BigEndian.PutUint32(foreign[68:], 0x0f055)
	newer := bytes.Clone(ours)
	binary.BigEndian.PutUint32(newer[60:], 99)
	for _, seed := range [][]byte{nil, []byte("garbage"), sqliteMagic, ours, foreign, newer, bytes.Repeat([]byte{0}, 4096)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		dir := t.TempDir()
		path := filepath.Join(dir, FileName)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(context.Background(), dir, Options{})
		if err == nil {
			s.Close()
			return
		}
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("error without the file's name: %v", err)
		}
		if len(data) == 0 {
			return // an empty file is a new history: nothing to keep
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, data) && (errors.Is(err, ErrNotDatabase) || errors.Is(err, ErrForeign) || errors.Is(err, ErrNewer)) {
			t.Fatalf("Open changed a file it refused (%v)", err)
		}
	})
}
