package serve

import (
	"bytes"
	"fmt"

	gossh "golang.org/x/crypto/ssh"
)

// maxAuthorizedKeys bounds the keys read from one file: a class or a team
// is dozens, and every login compares against each.
const maxAuthorizedKeys = 10000

// ParseAuthorizedKeys reads an OpenSSH authorized_keys file: one key a
// line, blank lines and # comments ignored, options before the key
// accepted but not honoured (a key here may only open the UI). A line
// that is not a key is an error naming the line, rather than a key
// silently left out (wish's own reader stops at the first bad line and
// refuses everyone).
func ParseAuthorizedKeys(data []byte) ([]gossh.PublicKey, error) {
	var keys []gossh.PublicKey
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: not a public key (%v)", n+1, err)
		}
		if len(keys) == maxAuthorizedKeys {
			return nil, fmt.Errorf("more than %d keys", maxAuthorizedKeys)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("no keys: nobody could log in")
	}
	return keys, nil
}
