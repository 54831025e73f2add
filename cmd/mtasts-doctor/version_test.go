package main

import (
	"context"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// --version names the module version, the VCS revision (dirty or not) and
// the Go toolchain; a build from a clone says devel.
func TestVersionText(t *testing.T) {
	info := &debug.BuildInfo{
		GoVersion: "go1.26.7",
		Main:      debug.Module{Path: "github.com/mtasts-doctor/mtasts-doctor", Version: "v1.4.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-11-01T10:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	got := versionText(info)
	want := "mtasts-doctor v1.4.0\nrevision 0123456789abcdef0123456789abcdef01234567+dirty (2026-11-01T10:00:00Z)\ngo1.26.7 " + runtime.GOOS + "/" + runtime.GOARCH
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	info.Main.Version, info.Settings = "(devel)", nil
	if got := versionText(info); !strings.HasPrefix(got, "mtasts-doctor devel\ngo1.26.7 ") {
		t.Errorf("devel build: %q", got)
	}
	if got := versionText(nil); !strings.Contains(got, runtime.Version()) {
		t.Errorf("no build info: %q", got)
	}
}

// -V and --version print it; -v is verbose, never version.
func TestVersionFlags(t *testing.T) {
	for _, flag := range []string{"-V", "--version"} {
		code, out, _ := runCtx(context.Background(), strings.NewReader(""), flag)
		if code != 0 || !strings.HasPrefix(out, "mtasts-doctor ") || !strings.Contains(out, runtime.GOOS+"/"+runtime.GOARCH) {
			t.Errorf("%s: exit %d, %q", flag, code, out)
		}
	}
	// Without a terminal and a DOMAIN the root has nothing to do: a usage
	// error, where cobra's default -v would have printed the version.
	code, out, errOut := runCtx(context.Background(), strings.NewReader(""), "-v")
	if code != 2 || strings.Contains(out, "mtasts-doctor devel") {
		t.Errorf("-v printed the version: exit %d %q %q", code, out, errOut)
	}
	_, verbose, _ := runCtx(context.Background(), strings.NewReader(""), "check", "--lab", "-v", "healthy-enforce")
	_, brief, _ := runCtx(context.Background(), strings.NewReader(""), "check", "--lab", "healthy-enforce")
	if len(verbose) <= len(brief) {
		t.Errorf("check -v is not more verbose (%d vs %d bytes)", len(verbose), len(brief))
	}
}
