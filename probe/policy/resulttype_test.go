package policy

import "testing"

func TestResultTypesRFC8460(t *testing.T) {
	// RFC 8460 §4.3 defines eleven result types (§6.6 registers them).
	got := ResultTypes()
	if len(got) != 11 {
		t.Fatalf("ResultTypes() has %d entries, want the 11 of RFC 8460 §4.3", len(got))
	}
	seen := map[ResultType]bool{}
	for _, r := range got {
		if seen[r] {
			t.Errorf("duplicate %q", r)
		}
		seen[r] = true
		if !IsResultType(string(r)) {
			t.Errorf("IsResultType(%q) = false", r)
		}
	}
	for _, bad := range []string{"", "mx-mismatch", "Certificate-Expired", "sts-policy-fetch-error "} {
		if IsResultType(bad) {
			t.Errorf("IsResultType(%q) = true, want false (not an RFC 8460 type)", bad)
		}
	}
}
