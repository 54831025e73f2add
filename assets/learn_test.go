package assets

import (
	"strings"
	"testing"
)

// The learn screen promises the flow, both outage scenarios, TLS-RPT, DANE
// precedence and removal; each topic cites the section it rests on.
func TestLearnTopicsCoverTheIssue(t *testing.T) {
	want := map[string]string{
		"flow":     "RFC 8461 §5.1",
		"no-cache": "§3.3",
		"cache":    "§3.3",
		"tlsrpt":   "RFC 8460",
		"dane":     "RFC 8461 §2",
		"removal":  "§8.3",
	}
	got := map[string]Topic{}
	for _, tp := range LearnTopics() {
		if tp.Title == "" || tp.Body == "" || strings.HasPrefix(tp.Body, "#") {
			t.Errorf("topic %q: empty title or body, or title left in the body", tp.Slug)
		}
		got[tp.Slug] = tp
	}
	for slug, cite := range want {
		tp, ok := got[slug]
		if !ok {
			t.Errorf("no topic %q", slug)
			continue
		}
		if !strings.Contains(tp.Body, cite) {
			t.Errorf("topic %q does not cite %s", slug, cite)
		}
	}
}
