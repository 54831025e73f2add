package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// The TUI shows and copies the probe's commands unchanged, however long
// (a CA file path can be thousands of characters): the same strings as the
// plain and JSON reports (issue 10 item 1).
func TestStepCommandsAreTheProbesStrings(t *testing.T) {
	long := "curl -sv --max-redirs 0 --cacert '/" + strings.Repeat("d/", 2000) + "ca.pem' https://mta-sts.example.com/.well-known/mta-sts.txt"
	cmds := []string{"dig @127.0.0.53 TXT _mta-sts.example.com", long}
	if got := stepCommands(probe.Step{Commands: cmds}); !slices.Equal(got, cmds) {
		t.Errorf("stepCommands changed the commands: %d chars, want %d", len(got[1]), len(long))
	}
}
