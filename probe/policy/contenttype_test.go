package policy

import (
	"strings"
	"testing"
)

// RFC-NOTES §1B-14 (RFC 8461 §3.2 media type).
func TestCheckContentType(t *testing.T) {
	tests := []struct {
		name, value string
		want        []string
		mention     string
	}{
		{"1B-14 §3.2 text/plain", "text/plain", nil, ""},
		{"1B-14 §3.2 utf-8 charset", "text/plain; charset=utf-8", nil, ""},
		{"1B-14 §3.2 us-ascii charset, any case", "Text/Plain; Charset=US-ASCII", nil, ""},
		{"1B-14 §3.2 other parameters ignored", "text/plain; format=flowed", nil, ""},
		{"1B-14 §3.2 missing header", "", []string{"policy.content_type.missing"}, "postfix-mta-sts-resolver"},
		{"1B-14 §3.2 text/html", "text/html; charset=utf-8", []string{"policy.content_type.not_text_plain"}, "mox does not check"},
		{"1B-14 §3.2 octet-stream", "application/octet-stream", []string{"policy.content_type.not_text_plain"}, "postfix-mta-sts-resolver"},
		{"1B-14 §3.2 latin-1 charset", "text/plain; charset=iso-8859-1", []string{"policy.content_type.charset"}, "iso-8859-1"},
		{"1B-14 §3.2 garbage", "text/", []string{"policy.content_type.invalid"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := CheckContentType(tt.value)
			wantCodes(t, l, tt.want...)
			if l.HasErrors() {
				t.Errorf("content type problems are warnings at most: senders disagree")
			}
			if tt.mention != "" && (len(l) == 0 || !strings.Contains(l[0].Message, tt.mention)) {
				t.Errorf("message does not mention %q:\n%s", tt.mention, dump(l))
			}
		})
	}
}
