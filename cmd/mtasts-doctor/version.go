package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// readBuildInfo is debug.ReadBuildInfo, or nil when the binary carries
// none.
func readBuildInfo() *debug.BuildInfo {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	return info
}

// versionText is what --version prints: the module version ("go install
// …@v1.2.3" records it; a build from a clone says "devel"), the VCS revision
// and time with "+dirty" for uncommitted changes, and the Go toolchain and
// platform. A bug report needs all three.
func versionText(info *debug.BuildInfo) string {
	v, goVersion := "devel", runtime.Version()
	var rev, when string
	dirty := false
	if info != nil {
		if m := info.Main.Version; m != "" && m != "(devel)" {
			v = m
		}
		if info.GoVersion != "" {
			goVersion = info.GoVersion
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "mtasts-doctor %s", v)
	if rev != "" {
		if dirty {
			rev += "+dirty"
		}
		fmt.Fprintf(&b, "\nrevision %s", rev)
		if when != "" {
			fmt.Fprintf(&b, " (%s)", when)
		}
	}
	fmt.Fprintf(&b, "\n%s %s/%s", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}
