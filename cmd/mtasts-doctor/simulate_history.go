package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe/history"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// noneMaxAge is the max_age the removal plan suggests for the "mode:
// none" policy: RFC 8461 §8.3 asks for a small one; a day is the aykevl
// checker's minimum and what the simulator's presets start at.
const noneMaxAge = 24 * time.Hour

// fromHistoryJSON is the documented shape of simulate --from-history --json.
type fromHistoryJSON struct {
	Facts             history.Facts `json:"facts"`
	LargestBindsUntil time.Time     `json:"largest_binds_until"`
	// If "mode: none" is published at PublishNoneAt, the record and the
	// policy host may go from RemoveFrom (RFC 8461 §8.3).
	PublishNoneAt time.Time           `json:"publish_none_at"`
	RemoveFrom    time.Time           `json:"remove_from"`
	Steps         []string            `json:"steps"`
	Senders       []fromHistorySender `json:"senders"`
}

type fromHistorySender struct {
	Profile     string    `json:"profile"`
	LetsGoBy    time.Time `json:"lets_go_by"`
	Explanation string    `json:"explanation"`
}

// runFromHistory plans the §8.3 removal of MTA-STS from what the history
// saw of the domain: the largest max_age ever served and the record's TTL,
// rather than what the admin remembers.
func runFromHistory(cmd *cobra.Command, hf historyFlags, arg string, asJSON bool, now time.Time) error {
	t, err := parseTarget(arg)
	if err != nil {
		return err
	}
	s, err := hf.open(cmd.Context())
	if err != nil {
		return exitError{code: 2, err: err}
	}
	defer s.Close()
	walks, err := s.Walks(cmd.Context(), t.ASCII, 0)
	if err != nil {
		return exitError{code: 2, err: err}
	}
	facts, ok := history.FactsOf(walks)
	if !ok {
		return exitError{code: 2, err: fmt.Errorf("no walk of %s in %s fetched a valid policy: nothing to plan from (run \"mtasts-doctor check %s\" first)", t.ASCII, s.Path(), t.ASCII)}
	}
	ttl := time.Duration(max(facts.RecordTTL, 0)) * time.Second
	largest := time.Duration(facts.LargestMaxAge) * time.Second
	plan := simulate.PlanRemoval(0, largest, ttl, noneMaxAge)
	removeFrom := now.Add(plan.RemoveAt)
	if b := facts.LargestBindsUntil(); b.After(removeFrom) {
		removeFrom = b
	}
	out := fromHistoryJSON{Facts: facts, LargestBindsUntil: facts.LargestBindsUntil(), PublishNoneAt: now.UTC(),
		RemoveFrom: removeFrom.UTC(), Steps: plan.Steps}
	for _, p := range simulate.Profiles() {
		out.Senders = append(out.Senders, fromHistorySender{Profile: p.Name,
			LetsGoBy: now.Add(p.RemovalWait(largest, ttl)).UTC(), Explanation: p.RemovalSentence(largest, ttl)})
	}
	if asJSON {
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	writeFromHistory(cmd.OutOrStdout(), out)
	return nil
}

func writeFromHistory(w io.Writer, p fromHistoryJSON) {
	const day = "2006-01-02 15:04 UTC"
	f := p.Facts
	walks := fmt.Sprintf("%d walks", f.Walks)
	if f.Walks == 1 {
		walks = "1 walk"
	}
	fmt.Fprintf(w, "Removing MTA-STS from %s, planned from its history (%s, %s to %s)\n\n", f.Domain, walks, f.First.Format(day), f.Last.Format(day))
	fmt.Fprintf(w, "  largest max_age seen: %s, last served at %s: senders that fetched it then keep it until %s\n",
		seconds(f.LargestMaxAge), f.LargestSeenLast.Format(day), p.LargestBindsUntil.Format(day))
	if f.RecordTTL >= 0 {
		fmt.Fprintf(w, "  _mta-sts TXT TTL: up to %s\n", seconds(f.RecordTTL))
	} else {
		fmt.Fprintln(w, "  _mta-sts TXT TTL: never seen (counted as 0)")
	}
	fmt.Fprintf(w, "  now: mode %s, max_age %s, id %s\n\n", orDash(f.Current.Mode), seconds(f.Current.MaxAge), orDash(f.Current.RecordID))
	fmt.Fprintf(w, "If \"mode: none\" is published now (%s), RFC 8461 §8.3:\n", p.PublishNoneAt.Format(day))
	for _, s := range p.Steps {
		fmt.Fprintf(w, "  - %s\n", s)
	}
	fmt.Fprintf(w, "  → delete the _mta-sts record and the policy host from %s\n\n", p.RemoveFrom.Format(day))
	fmt.Fprintln(w, "What each sender does:")
	for _, s := range p.Senders {
		fmt.Fprintf(w, "  %s: lets go by %s — %s\n", s.Profile, s.LetsGoBy.Format(day), s.Explanation)
	}
}

func seconds(s int64) string {
	if s > 0 && s%86400 == 0 {
		return fmt.Sprintf("%d s (%d d)", s, s/86400)
	}
	return fmt.Sprintf("%d s", s)
}
