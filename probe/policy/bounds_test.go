package policy

import (
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// Garbage repeats: fifty lines without a colon make ten findings and one
// that sums up the other forty, so a megabyte of noise cannot flood the
// report; validity is unchanged.
func TestRepeatedFindingsAreSummedUp(t *testing.T) {
	body := "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 604800\n" + strings.Repeat("garbage\n", 50)
	pol, diags := ParsePolicy([]byte(body))
	if pol != nil {
		t.Fatal("lines without a colon must still make the policy invalid")
	}
	var listed int
	var summary *diag.Diagnostic
	for i, d := range diags {
		if d.Code != CodePolicyLineNoColon {
			continue
		}
		if strings.Contains(d.Message, "more") {
			summary = &diags[i]
			continue
		}
		listed++
	}
	if listed != maxPerCode || summary == nil || !strings.Contains(summary.Message, "40 more") || summary.Severity != diag.Error {
		t.Fatalf("listed %d, summary %+v", listed, summary)
	}
}
