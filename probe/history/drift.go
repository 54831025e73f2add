package history

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// dateFormat is how findings name a moment: to the minute, in UTC.
const dateFormat = "2006-01-02 15:04 UTC"

// Drift compares the last walk of walks (oldest first, one domain) with
// the ones before it and reports what changed. Every finding is about a
// change that happened at the last walk, so a watcher reports each once;
// policy_unreachable_since is the exception: it stands while the policy
// stays unreachable, with the same message.
func Drift(walks []Walk) diag.List {
	if len(walks) < 2 {
		return nil
	}
	cur := walks[len(walks)-1]
	earlier := walks[:len(walks)-1]
	prev := earlier[len(earlier)-1]
	var out diag.List
	if prev.Verdict != cur.Verdict && prev.Verdict != "" && cur.Verdict != "" {
		sev := diag.Info
		if rank(cur.Verdict) < rank(prev.Verdict) {
			sev = diag.Warning
		}
		out = append(out, diag.Newf(CodeVerdictChanged, sev, "RFC 8461 §5",
			"a sender with no cached policy now does %q (it did %q at %s)", cur.Verdict, prev.Verdict, prev.Time.Format(dateFormat)))
	}
	if last, ok := lastPolicy(earlier); ok && cur.PolicySHA256 != "" {
		out = append(out, policyAndID(last, cur, earlier)...)
	}
	if !slices.Equal(prev.MX, cur.MX) && (len(prev.MX) > 0 || len(cur.MX) > 0) {
		out = append(out, mxChanged(prev, cur, earlier))
	}
	if last, ok := lastPolicy(earlier); ok && cur.PolicyOK && last.PolicyOK && cur.MaxAge < last.MaxAge {
		until, from := bindingUntil(earlier, cur.MaxAge)
		out = append(out, diag.Newf(CodeMaxAgeLowered, diag.Warning, "RFC 8461 §8.3",
			"max_age went down from %s to %s; a sender that fetched the policy at %s keeps max_age %s, so the larger value binds senders until %s",
			seconds(last.MaxAge), seconds(cur.MaxAge), from.Time.Format(dateFormat), seconds(from.MaxAge), until.Format(dateFormat)))
	}
	if !cur.PolicyOK {
		if d, ok := unreachable(earlier, cur); ok {
			out = append(out, d)
		}
	}
	return out
}

// rank orders verdicts from least to most protected, so a change can be
// called a loss.
func rank(v string) int {
	switch v {
	case "enforce":
		return 3
	case "testing":
		return 2
	case "none":
		return 1
	}
	return 0 // fail-open, unknown
}

// lastPolicy is the newest walk that fetched a policy body.
func lastPolicy(walks []Walk) (Walk, bool) {
	for i := len(walks) - 1; i >= 0; i-- {
		if walks[i].PolicySHA256 != "" {
			return walks[i], true
		}
	}
	return Walk{}, false
}

// policyAndID compares the policy body and the record id with the last
// walk that fetched a body (RFC 8461 §3.1: the id "MUST uniquely identify
// a given instance of a policy"; senders refetch only when it changes,
// §3.3).
func policyAndID(last, cur Walk, earlier []Walk) diag.List {
	sameID := last.RecordID != "" && last.RecordID == cur.RecordID
	sameBody := last.PolicySHA256 == cur.PolicySHA256
	switch {
	case sameID && !sameBody:
		kept := ""
		if last.PolicyOK && last.MaxAge > 0 {
			kept = fmt.Sprintf("; senders that cached it keep the old policy until as late as %s (max_age %s from the last walk that saw it)",
				last.Time.Add(time.Duration(last.MaxAge)*time.Second).Format(dateFormat), seconds(last.MaxAge))
		}
		return diag.List{diag.Newf(CodePolicyChangedSameID, diag.Error, "RFC 8461 §3.1",
			"the policy file changed since %s but the _mta-sts id is still %q: senders with a cached policy never refetch it%s. Publish a new id",
			last.Time.Format(dateFormat), cur.RecordID, kept)}
	case !sameID && sameBody && last.RecordID != "" && cur.RecordID != "":
		return diag.List{diag.Newf(CodeIDChangedSamePolicy, diag.Info, "RFC 8461 §3.1",
			"the _mta-sts id changed from %q to %q but the policy file is the same: senders refetch it and nothing changes for them",
			last.RecordID, cur.RecordID)}
	}
	return nil
}

// mxChanged says which MX hosts came and went, and whether the policy
// (the current one, and the one senders may still have cached) covers the
// new set (RFC 8461 §4.1).
func mxChanged(prev, cur Walk, earlier []Walk) diag.Diagnostic {
	added := minus(cur.MX, prev.MX)
	removed := minus(prev.MX, cur.MX)
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "added "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		parts = append(parts, "removed "+strings.Join(removed, ", "))
	}
	msg := "the MX set changed (" + strings.Join(parts, "; ") + ")"
	sev := diag.Info
	if cur.PolicyOK {
		if unc := uncovered(added, cur.MXPatterns); len(unc) > 0 {
			sev = diag.Warning
			if cur.Mode == string(policy.ModeEnforce) {
				sev = diag.Error
			}
			msg += fmt.Sprintf(": the policy's mx lines do not cover %s, so enforcing senders refuse to deliver there", strings.Join(unc, ", "))
		} else {
			msg += ": the policy covers the new set"
		}
	}
	// Senders that cached an earlier policy judge the new hosts by its
	// patterns until it expires.
	if last, ok := lastOK(earlier); ok && (!cur.PolicyOK || !slices.Equal(last.MXPatterns, cur.MXPatterns)) {
		if unc := uncovered(added, last.MXPatterns); len(unc) > 0 && last.Mode == string(policy.ModeEnforce) {
			sev = max(sev, diag.Warning)
			msg += fmt.Sprintf("; senders still holding the policy cached at %s do not cover %s until it expires (%s)",
				last.Time.Format(dateFormat), strings.Join(unc, ", "), last.Time.Add(time.Duration(last.MaxAge)*time.Second).Format(dateFormat))
		}
	}
	return diag.Newf(CodeMXChanged, sev, "RFC 8461 §4.1", "%s", msg)
}

func lastOK(walks []Walk) (Walk, bool) {
	for i := len(walks) - 1; i >= 0; i-- {
		if walks[i].PolicyOK {
			return walks[i], true
		}
	}
	return Walk{}, false
}

func uncovered(hosts, patterns []string) []string {
	var out []string
	for _, h := range hosts {
		if !slices.ContainsFunc(patterns, func(p string) bool { return policy.MatchMX(p, h) }) {
			out = append(out, h)
		}
	}
	return out
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// bindingUntil finds, among earlier walks with a max_age above floor, the
// one whose max_age runs out last: a sender that fetched then keeps the
// policy that long (RFC 8461 §5.1, §8.3 — the largest max_age ever served
// governs how long removal takes).
func bindingUntil(walks []Walk, floor int64) (time.Time, Walk) {
	var (
		until time.Time
		from  Walk
	)
	for _, w := range walks {
		if !w.PolicyOK || w.MaxAge <= floor {
			continue
		}
		if t := w.Time.Add(time.Duration(w.MaxAge) * time.Second); t.After(until) {
			until, from = t, w
		}
	}
	return until, from
}

// unreachable reports a policy that was fetched before and is not now:
// since when, and until when senders that fetched at the last good walk
// keep it (RFC 8461 §3.3: a cached policy stays in force while refreshes
// fail, until max_age).
func unreachable(earlier []Walk, cur Walk) (diag.Diagnostic, bool) {
	good, ok := lastOK(earlier)
	if !ok {
		return diag.Diagnostic{}, false
	}
	since := cur.Time
	for i := len(earlier) - 1; i >= 0 && !earlier[i].PolicyOK; i-- {
		since = earlier[i].Time
	}
	kept := good.Time.Add(time.Duration(good.MaxAge) * time.Second)
	return diag.Newf(CodePolicyUnreachable, diag.Error, "RFC 8461 §3.3",
		"no valid policy since %s (last good walk %s); senders that fetched it then keep enforcing it until %s, new senders get none",
		since.Format(dateFormat), good.Time.Format(dateFormat), kept.Format(dateFormat)), true
}

// KeptUntil is the moment a sender that fetched the policy at the last
// good walk stops applying it (that walk's time plus its max_age), and
// that walk; ok is false when no walk fetched a valid policy.
func KeptUntil(walks []Walk) (until time.Time, good Walk, ok bool) {
	good, ok = lastOK(walks)
	if !ok {
		return time.Time{}, Walk{}, false
	}
	return good.Time.Add(time.Duration(good.MaxAge) * time.Second), good, true
}

// seconds writes a max_age the way policies are read: days when whole.
func seconds(s int64) string {
	if s > 0 && s%86400 == 0 {
		return fmt.Sprintf("%d s (%d d)", s, s/86400)
	}
	return fmt.Sprintf("%d s", s)
}
