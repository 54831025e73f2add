package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

func codesOf(l diag.List) []string {
	out := make([]string, len(l))
	for i, d := range l {
		out[i] = string(d.Code)
	}
	return out
}

// wantCodes fails unless l holds exactly the codes want, in order.
func wantCodes(t *testing.T, l diag.List, want ...string) {
	t.Helper()
	if got := codesOf(l); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("codes = %q, want %q\n%s", got, want, dump(l))
	}
}

func find(l diag.List, code diag.Code) (diag.Diagnostic, bool) {
	for _, d := range l {
		if d.Code == code {
			return d, true
		}
	}
	return diag.Diagnostic{}, false
}

func dump(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}

func rrset(records ...string) [][]string {
	out := make([][]string, len(records))
	for i, r := range records {
		out[i] = []string{r}
	}
	return out
}
