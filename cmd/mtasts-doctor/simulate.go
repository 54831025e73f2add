package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

type simulateFlags struct {
	maxAge, lastFetch, outage, until, every string
	profile, scenario                       string
	attack, json, profiles                  bool
	width                                   int
	// fromHistory plans the §8.3 removal from the recorded walks of a
	// domain (simulate_history.go).
	fromHistory string
	history     historyFlags
}

func newSimulateCmd() *cobra.Command {
	var f simulateFlags
	cmd := &cobra.Command{
		Use:   "simulate",
		Short: "Replay what senders do when the policy file goes missing",
		Long: `simulate replays, delivery by delivery, what sending MTAs do with your
MTA-STS policy when the policy file goes missing at t = 0: a "cached" sender
that last fetched the policy --last-fetch before, and an "uncached" one whose
first contact is at t = 0, side by side. Durations take units s, m, h, d, w, y
(y = 31557600 s, the largest max_age RFC 8461 §3.2 allows).

--scenario FILE replays a whole timeline instead (JSON; examples are built
in: "simulate --scenario example:NAME", list them with --scenario list).`,
		Example: `  mtasts-doctor simulate --max-age 7d --last-fetch 2d --outage-length 10d --until 21d --every 1h
  mtasts-doctor simulate --max-age 7d --profile postfix-mta-sts-resolver --attack
  mtasts-doctor simulate --scenario example:outage-cached-vs-extending.json --json
  mtasts-doctor simulate --from-history example.com`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSimulate(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.maxAge, "max-age", "7d", "policy max_age (RFC 8461 §3.2)")
	fl.StringVar(&f.lastFetch, "last-fetch", "2d", "how long before t = 0 the cached sender last fetched the policy")
	fl.StringVar(&f.outage, "outage-length", "10d", `how long the policy file stays missing ("forever" for good)`)
	fl.StringVar(&f.until, "until", "21d", "end of the simulation")
	fl.StringVar(&f.every, "every", "1h", "delivery cadence of each sender")
	fl.StringVar(&f.profile, "profile", "rfc", "sender profile: "+strings.Join(simulate.ProfileNames(), ", "))
	fl.BoolVar(&f.attack, "attack", false, "an attacker strips STARTTLS from t = 0 to the end")
	fl.BoolVar(&f.json, "json", false, "print JSON")
	fl.StringVar(&f.scenario, "scenario", "", "replay a scenario file (JSON), or example:NAME")
	fl.BoolVar(&f.profiles, "profiles", false, "list the sender profiles and their parameters")
	fl.IntVar(&f.width, "width", 60, "width of the timeline strips")
	fl.StringVar(&f.fromHistory, "from-history", "", "plan removing MTA-STS from DOMAIN's recorded walks: the largest max_age ever seen and the record's TTL (RFC 8461 §8.3)")
	f.history.register(cmd, false)
	cmd.RegisterFlagCompletionFunc("profile", completeProfiles)
	cmd.RegisterFlagCompletionFunc("scenario", completeScenario)
	return cmd
}

func runSimulate(cmd *cobra.Command, f simulateFlags) error {
	out := cmd.OutOrStdout()
	if f.profiles {
		return listProfiles(out, f.json)
	}
	if f.fromHistory != "" {
		return runFromHistory(cmd, f.history, f.fromHistory, f.json, time.Now())
	}
	if f.width < 20 || f.width > 400 {
		return usageErr("--width %d: want 20 to 400", f.width)
	}
	var (
		sc     simulate.Scenario
		inputs any
		err    error
	)
	if f.scenario == "list" {
		return listScenarioExamples(out)
	}
	if f.scenario != "" {
		sc, err = loadScenario(cmd, f.scenario)
		if err != nil {
			return usageErr("%v", err)
		}
		inputs = map[string]any{"scenario": f.scenario}
	} else {
		sc, inputs, err = presetScenario(cmd, f)
		if err != nil {
			return err
		}
	}
	res := sc.Run()
	if f.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(res.Report(inputs))
	}
	if f.scenario == "" {
		fmt.Fprintf(out, "Policy file missing from t = 0 for %s; max_age %s; a delivery every %s; profile %s.\n\n",
			describeOutage(f.outage), f.maxAge, f.every, sc.Senders[0].Profile.Name)
	}
	return res.WriteText(out, f.width)
}

func describeOutage(s string) string {
	if s == "forever" || s == "never" {
		return "good"
	}
	return s
}

// presetScenario builds the cached/uncached pair from the flags.
func presetScenario(cmd *cobra.Command, f simulateFlags) (simulate.Scenario, any, error) {
	dur := func(name, v string) (time.Duration, error) {
		d, err := simulate.ParseDuration(v)
		if err != nil {
			return 0, usageErr("--%s: %v", name, err)
		}
		return d, nil
	}
	maxAge, err := dur("max-age", f.maxAge)
	if err != nil {
		return simulate.Scenario{}, nil, err
	}
	if maxAge < 0 || maxAge > policy.MaxAgeLimit*time.Second {
		return simulate.Scenario{}, nil, usageErr("--max-age %s: max_age is 0 to 31557600 seconds (RFC 8461 §3.2)", f.maxAge)
	}
	lastFetch, err := dur("last-fetch", f.lastFetch)
	if err != nil {
		return simulate.Scenario{}, nil, err
	}
	if lastFetch < 0 {
		return simulate.Scenario{}, nil, usageErr("--last-fetch %s: must not be negative (it is how long before t = 0)", f.lastFetch)
	}
	outage := simulate.Forever
	if f.outage != "forever" && f.outage != "never" {
		if outage, err = dur("outage-length", f.outage); err != nil {
			return simulate.Scenario{}, nil, err
		}
		if outage <= 0 {
			return simulate.Scenario{}, nil, usageErr("--outage-length %s: must be positive, or \"forever\"", f.outage)
		}
	}
	until, err := dur("until", f.until)
	if err != nil {
		return simulate.Scenario{}, nil, err
	}
	every, err := dur("every", f.every)
	if err != nil {
		return simulate.Scenario{}, nil, err
	}
	if until <= 0 || until > simulate.MaxSpan {
		return simulate.Scenario{}, nil, usageErr("--until %s: want more than 0 and at most 2 years", f.until)
	}
	if every <= 0 {
		return simulate.Scenario{}, nil, usageErr("--every %s: want a positive cadence", f.every)
	}
	prof, err := simulate.ProfileByName(f.profile)
	if err != nil {
		return simulate.Scenario{}, nil, usageErr("--profile: %v", err)
	}
	sc := simulate.Cached(prof, maxAge, lastFetch, outage, until, every)
	sc.Senders = append(sc.Senders, simulate.UncachedSender("uncached", prof, every))
	if f.attack {
		sc.Timeline.Attacks = []simulate.Attack{{From: 0, To: simulate.Forever}}
	}
	// The simulator's own bounds, the ones scenario files and the TUI meet.
	if err := sc.CheckBounds(); err != nil {
		return simulate.Scenario{}, nil, usageErr("--every %s --until %s: %v", f.every, f.until, err)
	}
	var outageSecs *int64
	if outage != simulate.Forever {
		s := int64(outage / time.Second)
		outageSecs = &s
	}
	inputs := map[string]any{
		"max_age_seconds":       int64(maxAge / time.Second),
		"last_fetch_seconds":    int64(lastFetch / time.Second),
		"outage_length_seconds": outageSecs,
		"until_seconds":         int64(until / time.Second),
		"every_seconds":         int64(every / time.Second),
		"profile":               prof.Name,
		"attack":                f.attack,
	}
	return sc, inputs, nil
}

// loadScenario reads a scenario file (bounded; "-" is standard input) or a
// built-in example.
func loadScenario(cmd *cobra.Command, name string) (simulate.Scenario, error) {
	if ex, ok := strings.CutPrefix(name, "example:"); ok {
		b, found := assets.SimulateExamples()[ex]
		if !found {
			return simulate.Scenario{}, fmt.Errorf("no built-in scenario %s (try --scenario list)", displayName(ex))
		}
		return simulate.ParseScenario(b)
	}
	b, label, err := readInput(cmd.Context(), cmd.InOrStdin(), name, simulate.MaxScenarioSize)
	if err != nil {
		return simulate.Scenario{}, fmt.Errorf("--scenario %s: %w", label, err)
	}
	sc, err := simulate.ParseScenario(b)
	if err != nil {
		return simulate.Scenario{}, fmt.Errorf("--scenario %s: %w", label, err)
	}
	return sc, nil
}

// listScenarioExamples prints the built-in scenario names, one a line.
func listScenarioExamples(w io.Writer) error {
	var names []string
	for n := range assets.SimulateExamples() {
		names = append(names, "example:"+n)
	}
	_, err := fmt.Fprintln(w, strings.Join(sorted(names), "\n"))
	return err
}

func listProfiles(w io.Writer, asJSON bool) error {
	profs := simulate.Profiles()
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(profs)
	}
	d := simulate.FormatDuration
	for _, p := range profs {
		fmt.Fprintf(w, "%s\n  %s\n  source: %s\n  fetch timeout %s, refresh every %s, back-off %s, negative cache %s, cache grace %s, cache cap %s\n  TXT on delivery %t, extend on delivery/refresh %t/%t, lazy first fetch %t, honours testing %t, strict text/plain %t\n  TXT error defers %t, bounces uncovered MX %t, reports %t (fetch errors %t), alerts on failed refresh %t\n\n",
			p.Name, p.Description, p.Source,
			d(p.FetchTimeout), d(p.RefreshEvery), d(p.Backoff), d(p.NegativeCache), d(p.CacheGrace), d(p.CacheCap),
			p.TXTOnDelivery, p.ExtendOnDelivery, p.ExtendOnRefresh, p.LazyFirstFetch, p.HonoursTesting, p.StrictContentType,
			p.TXTErrorDefers, p.BouncesUncoveredMX, p.Reports, p.ReportsFetchErrors, p.AlertsOnRefreshFailure)
	}
	return nil
}

func sorted(s []string) []string {
	sort.Strings(s)
	return s
}
