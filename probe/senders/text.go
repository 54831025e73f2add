package senders

import (
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// join concatenates a TXT record's strings without spaces (RFC 8461 §3.1),
// as every sender's resolver does.
func join(rr []string) string { return strings.Join(rr, "") }

// ldhName reports whether s is a dotted LDH host name: labels of 1 to 63
// letters, digits and hyphens, no hyphen first (or last when strictEnds),
// at most 253 bytes.
func ldhName(s string, strictEnds bool) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || strictEnds && label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// q quotes untrusted input for a reason.
func q(s string) string { return `"` + sanitize.Line(s, 40) + `"` }
