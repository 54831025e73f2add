package history

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// applicationID stamps our files ("MTSD"); PRAGMA application_id exists so
// that a program can tell its own databases from others (SQLite file
// format §1.3.13, header offset 68).
const applicationID = 0x4D545344

// sqliteMagic begins every SQLite 3 database (file format §1.3.1).
var sqliteMagic = []byte("SQLite format 3\x00")

// checkFile decides, from the 100-byte header alone and before SQLite
// opens the file, whether it is ours to write: missing and empty files are
// new histories; anything else must be an SQLite database with our (or no)
// application_id and a schema version we know. Reading the header
// ourselves means a foreign or damaged file is never handed to SQLite,
// which would otherwise write a WAL next to it or change its journal mode.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	switch {
	case n == 0 && (err == io.EOF || err == nil):
		return nil // created but never written: a new history
	case err != nil && !errors.Is(err, io.ErrUnexpectedEOF):
		return err
	case n < len(h) || !bytes.HasPrefix(h[:], sqliteMagic):
		return ErrNotDatabase
	}
	// application_id 0 may be a history another process is creating right
	// now (its stamp still in the WAL), or another program's database
	// without a stamp: migrate tells them apart inside a transaction.
	if app := binary.BigEndian.Uint32(h[68:72]); app != applicationID && app != 0 {
		return fmt.Errorf("%w (application_id %#x)", ErrForeign, app)
	}
	if v := int(binary.BigEndian.Uint32(h[60:64])); v > len(migrations) {
		return fmt.Errorf("%w (schema %d; this build knows up to %d)", ErrNewer, v, len(migrations))
	}
	return nil
}
