package live

import (
	"slices"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// change is the sandbox's state from a virtual instant on.
type change struct {
	at    time.Duration
	state probetest.SandboxState
	what  string
}

// published is the long-ago moment the sandbox's first policy dates from.
const published = -365 * simulate.Day

// version is the policy a state publishes, as the timeline knows it.
func version(s probetest.SandboxState, at time.Duration) simulate.Version {
	v := simulate.Version{ID: s.ID, Mode: policyMode(s.Mode), MaxAge: time.Duration(s.MaxAge) * time.Second,
		MX: []string{probetest.SandboxMX}, At: at, TXTAt: at}
	if ct := s.ContentType(); ct != "text/plain" {
		v.ContentType = ct
	}
	return v
}

func sameVersion(a, b simulate.Version) bool {
	return a.ID == b.ID && a.Mode == b.Mode && a.MaxAge == b.MaxAge && a.ContentType == b.ContentType && slices.Equal(a.MX, b.MX)
}

// timeline is the history of sandbox states as the model's Timeline: the
// same world, described instead of served, for simulate.Run to replay.
func timeline(changes []change, until time.Duration) simulate.Timeline {
	tl := simulate.Timeline{Domain: probetest.SandboxDomain, Until: until, MX: []string{probetest.SandboxMX}}
	// Each condition is an interval list: open one when it starts, close it
	// when it ends.
	type open struct {
		from time.Duration
		on   bool
		kind string
	}
	var file404, fileTLS, txtGone, strip, mxBreak open
	closeAt := func(o *open, at time.Duration, add func(from, to time.Duration, kind string)) {
		if o.on {
			add(o.from, at, o.kind)
			o.on = false
		}
	}
	var fileOut, tlsOut []simulate.FileOutage
	addFile404 := func(from, to time.Duration, _ string) {
		fileOut = append(fileOut, simulate.FileOutage{From: from, To: to, Failure: simulate.FailNotFound})
	}
	addFileTLS := func(from, to time.Duration, _ string) {
		tlsOut = append(tlsOut, simulate.FileOutage{From: from, To: to, Failure: simulate.FailTLS})
	}
	addTXT := func(from, to time.Duration, _ string) {
		tl.TXTOutages = append(tl.TXTOutages, simulate.TXTOutage{From: from, To: to, Kind: simulate.TXTAbsent})
	}
	addStrip := func(from, to time.Duration, _ string) {
		tl.Attacks = append(tl.Attacks, simulate.Attack{From: from, To: to})
	}
	addBreak := func(from, to time.Duration, kind string) {
		tl.TLSBreaks = append(tl.TLSBreaks, simulate.TLSBreak{From: from, To: to, Host: probetest.SandboxMX, Result: kind})
	}
	set := func(o *open, on bool, kind string, at time.Duration, add func(from, to time.Duration, kind string)) {
		if o.on && (!on || o.kind != kind) {
			closeAt(o, at, add)
		}
		if on && !o.on {
			*o = open{from: at, on: true, kind: kind}
		}
	}
	backup := false
	for i, c := range changes {
		at := c.at
		s := c.state
		v := version(s, at)
		if i == 0 {
			v.At, v.TXTAt = published, published
		}
		if n := len(tl.Versions); n == 0 || !sameVersion(tl.Versions[n-1], v) {
			tl.Versions = append(tl.Versions, v)
		}
		set(&file404, s.PolicyFile == "404", "", at, addFile404)
		set(&fileTLS, s.PolicyCert != "valid", "", at, addFileTLS)
		set(&txtGone, !s.TXT, "", at, addTXT)
		set(&strip, s.StripTLS, "", at, addStrip)
		set(&mxBreak, s.MXCert != "valid", certResult(s.MXCert), at, addBreak)
		if s.BackupMX != backup {
			hosts := []string{probetest.SandboxMX}
			if s.BackupMX {
				hosts = append(hosts, probetest.SandboxBackupMX)
			}
			tl.MXChanges = append(tl.MXChanges, simulate.MXChange{At: at, Hosts: hosts})
			backup = s.BackupMX
		}
	}
	closeAt(&file404, simulate.Forever, addFile404)
	closeAt(&fileTLS, simulate.Forever, addFileTLS)
	closeAt(&txtGone, simulate.Forever, addTXT)
	closeAt(&strip, simulate.Forever, addStrip)
	closeAt(&mxBreak, simulate.Forever, addBreak)
	// A certificate failure comes before any HTTP answer: where both hold,
	// the TLS outage must win, and the model lets the later outage win.
	tl.FileOutages = append(fileOut, tlsOut...)
	return tl
}

func certResult(kind string) string {
	if kind == "wrong-name" {
		return "certificate-host-mismatch"
	}
	return "certificate-expired"
}
