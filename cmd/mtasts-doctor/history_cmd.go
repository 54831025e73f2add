package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/history"
)

func newHistoryCmd() *cobra.Command {
	var (
		hf        historyFlags
		asJSON    bool
		limit     int
		moveAside bool
	)
	cmd := &cobra.Command{
		Use:   "history [DOMAIN]",
		Short: "Show the recorded walks of a domain and what changed between them",
		Long: `history lists the walks recorded for DOMAIN (by check, watch and the UI),
oldest first, with what changed from one walk to the next. Without DOMAIN it
lists the domains in the history.

The history is an SQLite database in the state directory
($XDG_STATE_HOME/mtasts-doctor/history.db, or --state-dir). It keeps walks for
400 days and at most 5000 per domain. A file that is not a history (damaged,
or another program's) is never written to: --move-aside renames it so a new
history can start.`,
		Example: `  mtasts-doctor history example.com
  mtasts-doctor history --json example.com | jq '.walks[-1]'
  mtasts-doctor history --move-aside`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if moveAside {
				dir, err := hf.dir()
				if err != nil {
					return err
				}
				to, err := history.MoveAside(dir, time.Now())
				if err != nil {
					return exitError{code: 2, err: fmt.Errorf("moving the history aside: %w", err)}
				}
				fmt.Fprintf(cmd.OutOrStdout(), "moved the history to %s; the next walk starts a new one\n", to)
				return nil
			}
			s, err := hf.open(cmd.Context())
			if err != nil {
				return exitError{code: 2, err: err}
			}
			defer s.Close()
			if len(args) == 0 {
				return listDomains(cmd, s, asJSON)
			}
			t, err := parseTarget(args[0])
			if err != nil {
				return err
			}
			walks, err := s.Walks(cmd.Context(), t.ASCII, limit)
			if err != nil {
				return exitError{code: 2, err: err}
			}
			if asJSON {
				return writeHistoryJSON(cmd.OutOrStdout(), t.ASCII, walks, time.Now())
			}
			if len(walks) == 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "no walks of %s recorded in %s\n", t.ASCII, s.Path())
				return nil
			}
			printHistory(cmd.OutOrStdout(), walks)
			printDrift(cmd.OutOrStdout(), walks, time.Now(), false)
			return nil
		},
	}
	hf.register(cmd, false)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the walks as one JSON object")
	cmd.Flags().IntVar(&limit, "limit", 50, "show at most the newest N walks (0: all)")
	cmd.Flags().BoolVar(&moveAside, "move-aside", false, "rename an unreadable history file so a new one can start")
	return cmd
}

func listDomains(cmd *cobra.Command, s *history.Store, asJSON bool) error {
	ds, err := s.Domains(cmd.Context())
	if err != nil {
		return exitError{code: 2, err: err}
	}
	out := cmd.OutOrStdout()
	if asJSON {
		if ds == nil {
			ds = []history.DomainSummary{}
		}
		return json.NewEncoder(out).Encode(map[string]any{"path": s.Path(), "domains": ds})
	}
	if len(ds) == 0 {
		fmt.Fprintf(out, "no walks recorded yet in %s\n", s.Path())
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DOMAIN\tWALKS\tLAST WALK")
	for _, d := range ds {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", d.Domain, d.Walks, d.Last.Format(time.RFC3339))
	}
	return tw.Flush()
}

// printHistory writes one line per walk: when, the verdict, the facts
// drift is read from and the changes found at that walk (a * marks a walk
// where something changed).
func printHistory(out io.Writer, walks []history.Walk) {
	marks := changeMarks(walks)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, " \tWALK\tTIME (UTC)\tVERDICT\tID\tPOLICY\tMODE\tMAX_AGE\tMX\tCHANGES")
	for i, w := range walks {
		mark, changes := " ", make([]string, 0, len(marks[i]))
		for _, d := range marks[i] {
			changes = append(changes, strings.TrimPrefix(string(d.Code), "history."))
		}
		if len(changes) > 0 {
			mark = "*"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", mark, w.ID, w.Time.Format("2006-01-02 15:04:05"), w.Verdict,
			orDash(w.RecordID), orDash(shortHash(w.PolicySHA256)), orDash(w.Mode), maxAgeWords(w.MaxAge), orDash(strings.Join(w.MX, " ")),
			orDash(strings.Join(changes, " ")))
	}
	tw.Flush()
}

// historyJSON is the documented shape of history --json.
type historyJSON struct {
	Domain string `json:"domain"`
	Walks  []struct {
		history.Walk
		Changes diag.List `json:"changes"`
	} `json:"walks"`
	// Calendar and KeptUntil are read from the newest walk.
	Calendar     []history.Expiry `json:"calendar"`
	Findings     diag.List        `json:"findings"`
	KeptUntil    *time.Time       `json:"kept_until"`
	LastGoodWalk *int64           `json:"last_good_walk"`
}

func writeHistoryJSON(out io.Writer, domain string, walks []history.Walk, now time.Time) error {
	h := historyJSON{Domain: domain, Calendar: []history.Expiry{}}
	marks := changeMarks(walks)
	for i, w := range walks {
		h.Walks = append(h.Walks, struct {
			history.Walk
			Changes diag.List `json:"changes"`
		}{w, marks[i]})
	}
	if len(walks) > 0 {
		cal, diags := history.Calendar(walks[len(walks)-1], now)
		if cal != nil {
			h.Calendar = cal
		}
		h.Findings = append(history.Drift(walks), diags...)
	}
	if until, good, ok := history.KeptUntil(walks); ok {
		h.KeptUntil, h.LastGoodWalk = &until, &good.ID
	}
	if h.Walks == nil {
		h.Walks = []struct {
			history.Walk
			Changes diag.List `json:"changes"`
		}{}
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(h)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func maxAgeWords(s int64) string {
	if s <= 0 {
		return "-"
	}
	if s%86400 == 0 {
		return fmt.Sprintf("%dd", s/86400)
	}
	return fmt.Sprintf("%ds", s)
}
