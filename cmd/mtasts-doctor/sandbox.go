package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
	"github.com/mtasts-doctor/mtasts-doctor/simulate/live"
	"github.com/mtasts-doctor/mtasts-doctor/tui"
)

type sandboxFlags struct {
	play    string
	until   string
	asJSON  bool
	verbose bool
	compare bool
	list    bool
	lesson  bool
	cf      colorFlag
}

func newSandboxCmd() *cobra.Command {
	var f sandboxFlags
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Break a working MTA-STS domain and watch real senders react, on a virtual clock",
		Long: `sandbox starts sandbox.test — a healthy MTA-STS domain on loopback, no
network needed — and four senders that deliver to it every hour of a
virtual clock: the RFC's reading with a cache and without one, mox and
postfix-mta-sts-resolver. Each really looks up the _mta-sts record, fetches
the policy over HTTPS, caches it for max_age, refreshes it, and connects to
the MX with STARTTLS, checking its certificate; the lab's MX records every
message and whether it came over TLS.

--play breaks the domain at given moments ("1d policy-404, 3d policy-404")
and prints what each sender did whenever its behaviour changed (-v: every
delivery). --compare also replays the same changes through the simulator's
model and lists every delivery where model and watched senders disagree
(exit 1 if any). --changes lists what can be changed.`,
		Example: `  mtasts-doctor sandbox --changes
  mtasts-doctor sandbox --play "1d policy-404" --until 3d
  mtasts-doctor sandbox --play "12h strip-tls, 1d undo" --until 2d --compare`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSandbox(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.play, "play", "", "changes to make: \"WHEN CHANGE, ...\" (WHEN like 12h or 1d; CHANGE from --changes, or undo)")
	fl.StringVar(&f.until, "until", "3d", "how far the virtual clock runs")
	fl.BoolVar(&f.asJSON, "json", false, "print every event as one JSON object per line")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "print every delivery, not only changes of behaviour")
	fl.BoolVar(&f.compare, "compare", false, "replay the same changes through the simulator and list every disagreement (exit 1 if any)")
	fl.BoolVar(&f.list, "changes", false, "list the changes the sandbox takes")
	fl.BoolVar(&f.lesson, "lesson", false, "in the terminal UI, walk through the guided lesson (enter: next step)")
	f.cf.register(cmd)
	return cmd
}

type sandboxStep struct {
	at     time.Duration
	change string
}

// parsePlay reads "1d policy-404, 3d undo".
func parsePlay(s string) ([]sandboxStep, error) {
	var steps []sandboxStep
	valid := []string{"undo"}
	for _, c := range probetest.SandboxChanges() {
		valid = append(valid, c.ID)
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		fields := strings.Fields(part)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 {
			return nil, fmt.Errorf("%q: want WHEN CHANGE, like \"1d policy-404\"", strings.TrimSpace(part))
		}
		at, err := simulate.ParseDuration(fields[0])
		if err != nil || at < 0 {
			return nil, fmt.Errorf("%q: %s is not a time from the start (12h, 1d)", strings.TrimSpace(part), fields[0])
		}
		if !slices.Contains(valid, fields[1]) {
			return nil, fmt.Errorf("%q: no change %q (one of %s)", strings.TrimSpace(part), fields[1], strings.Join(valid, ", "))
		}
		steps = append(steps, sandboxStep{at, fields[1]})
	}
	slices.SortStableFunc(steps, func(a, b sandboxStep) int { return int((a.at - b.at) / time.Second) })
	return steps, nil
}

// checkPlay refuses a script that cannot run as written: a change after
// --until would run the clock past it (and report "After 3d" for --until
// 2d), and an undo with nothing to undo would silently do nothing.
func checkPlay(steps []sandboxStep, until time.Duration) error {
	depth := 0
	for _, s := range steps {
		step := simulate.FormatDuration(s.at) + " " + s.change
		if s.at > until {
			return fmt.Errorf("%q comes after --until %s", step, simulate.FormatDuration(until))
		}
		if s.change != "undo" {
			depth++
			continue
		}
		if depth == 0 {
			return fmt.Errorf("%q: no change before it to undo", step)
		}
		depth--
	}
	return nil
}

func runSandbox(cmd *cobra.Command, f sandboxFlags) error {
	out := cmd.OutOrStdout()
	if f.list {
		st := probetest.DefaultSandbox()
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		for _, c := range probetest.SandboxChanges() {
			fmt.Fprintf(tw, "%s\t%s\n", c.ID, c.Name(st))
		}
		fmt.Fprintf(tw, "undo\tundo the last change\n")
		return tw.Flush()
	}
	if err := f.cf.check(); err != nil {
		return err
	}
	if f.play == "" && !f.asJSON && !f.compare && interactive(out) {
		return openSandbox(cmd.Context(), f)
	}
	until, err := simulate.ParseDuration(f.until)
	if err != nil || until <= 0 || until > live.Horizon {
		return usageErr("--until %s: want a duration up to %s, like 3d", displayName(f.until), simulate.FormatDuration(live.Horizon))
	}
	steps, err := parsePlay(f.play)
	if err == nil {
		err = checkPlay(steps, until)
	}
	if err != nil {
		return usageErr("--play: %v", err)
	}
	ctx := cmd.Context()
	lab, closeLab, err := startSandbox(ctx)
	if err != nil {
		return err
	}
	defer closeLab()
	p := &sandboxPrinter{out: out, json: f.asJSON, verbose: f.verbose, last: map[string]string{}}
	p.header(lab)
	for _, s := range steps {
		if err := p.advance(ctx, lab, s.at); err != nil {
			return sandboxErr(err)
		}
		if s.change == "undo" {
			_, err = lab.Undo()
		} else {
			err = lab.Apply(s.change)
		}
		if err != nil {
			return err
		}
	}
	if err := p.advance(ctx, lab, until); err != nil {
		return sandboxErr(err)
	}
	p.summary(lab)
	if f.compare {
		return compareWithModel(out, lab, until, f.asJSON)
	}
	return nil
}

func sandboxErr(err error) error {
	if err == context.Canceled {
		return exitError{code: 130, err: fmt.Errorf("interrupted")}
	}
	return err
}

// openSandbox runs the terminal UI on the sandbox screen; home behind it
// offers the lab's scenarios too.
func openSandbox(ctx context.Context, f sandboxFlags) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, scenarios, err := startLab(ctx)
	if err != nil {
		return fmt.Errorf("starting the lab: %w", err)
	}
	defer w.Close()
	return runTUI(ctx, tui.Config{
		Runner:      probeRunner(labOptions(w)),
		Scenarios:   append([]tui.Scenario{tui.SandboxScenario()}, tui.LabScenarios(scenarios)...),
		Sandbox:     sandboxStarter,
		OpenSandbox: true,
		Lesson:      f.lesson,
	}, f.cf)
}

// sandboxStarter is the UI's way to start a sandbox of its own.
func sandboxStarter(ctx context.Context) (tui.SandboxLab, func(), error) {
	lab, stop, err := startSandbox(ctx)
	if err != nil {
		return nil, nil, err
	}
	return lab, stop, nil
}

// startSandbox runs a private world holding only the sandbox, so every
// caller (a terminal, an SSH session) breaks its own copy.
func startSandbox(ctx context.Context) (*live.Lab, func(), error) {
	w, err := probetest.Start(probetest.Config{})
	if err != nil {
		return nil, nil, fmt.Errorf("starting the sandbox: %w", err)
	}
	specs, err := live.DefaultSenders()
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	lab, err := live.New(w, live.WorldNet(w), specs)
	if err != nil {
		w.Close()
		return nil, nil, fmt.Errorf("starting the sandbox: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { w.Close() })
	return lab, func() { stop(); w.Close() }, nil
}

type sandboxPrinter struct {
	out     io.Writer
	json    bool
	verbose bool
	lastSeq int
	last    map[string]string // sender → its last behaviour, to print changes only
}

func (p *sandboxPrinter) header(lab *live.Lab) {
	if p.json {
		return
	}
	var names []string
	for _, s := range lab.View().Senders {
		names = append(names, s.Name)
	}
	fmt.Fprintf(p.out, "%s on a virtual clock; senders (each delivering hourly): %s\n", probetest.SandboxDomain, strings.Join(names, " · "))
	fmt.Fprintln(p.out, "Showing each sender whenever what it does changes (-v: every delivery).")
	fmt.Fprintln(p.out)
}

// advance runs the clock to t a virtual day at a time, printing as it
// goes: the lab's log keeps only its newest events.
func (p *sandboxPrinter) advance(ctx context.Context, lab *live.Lab, t time.Duration) error {
	for now := lab.Now(); now < t; now = lab.Now() {
		if err := lab.AdvanceTo(ctx, min(now+simulate.Day, t)); err != nil {
			return err
		}
		p.flush(lab)
	}
	p.flush(lab)
	return nil
}

// flush prints the events logged since the last flush.
func (p *sandboxPrinter) flush(lab *live.Lab) {
	for _, e := range lab.View().Events {
		if e.Seq > p.lastSeq {
			p.event(e)
			p.lastSeq = e.Seq
		}
	}
}

func (p *sandboxPrinter) event(e live.Event) {
	if p.json {
		type jsonEvent struct {
			AtSeconds int64    `json:"at_seconds"`
			Change    string   `json:"change,omitempty"`
			Sender    string   `json:"sender,omitempty"`
			Outcome   string   `json:"outcome,omitempty"`
			Action    string   `json:"action,omitempty"`
			Reported  string   `json:"reported,omitempty"`
			Sent      string   `json:"sent,omitempty"`
			RFC       string   `json:"rfc,omitempty"`
			Facts     []string `json:"facts,omitempty"`
		}
		je := jsonEvent{AtSeconds: int64(e.At / time.Second), Change: e.Change, Sender: e.Sender, Sent: e.Sent, Facts: e.Facts}
		if e.Sender != "" {
			je.Outcome, je.Action, je.Reported, je.RFC = e.Attempt.Outcome.String(), e.Attempt.Action(), e.Attempt.Reported, e.Attempt.RFC()
		}
		b, _ := json.Marshal(je)
		fmt.Fprintf(p.out, "%s\n", b)
		return
	}
	at := simulate.FormatDuration(e.At)
	if e.Change != "" {
		fmt.Fprintf(p.out, "%-7s ── %s\n", at, e.Change)
		return
	}
	behaviour := e.Attempt.Outcome.String() + " " + e.Attempt.Action()
	if !p.verbose && p.last[e.Sender] == behaviour {
		return
	}
	p.last[e.Sender] = behaviour
	rep := ""
	if e.Attempt.Reported != "" {
		rep = "; reports " + e.Attempt.Reported
	}
	fmt.Fprintf(p.out, "%-7s %-25s %-18s %s → %s%s\n", at, e.Sender, e.Attempt.Outcome, e.Attempt.Action(), e.Sent, rep)
}

func (p *sandboxPrinter) summary(lab *live.Lab) {
	if p.json {
		return
	}
	v := lab.View()
	fmt.Fprintf(p.out, "\nAfter %s:\n", simulate.FormatDuration(v.Now))
	tw := tabwriter.NewWriter(p.out, 0, 0, 2, ' ', 0)
	for _, s := range v.Senders {
		var parts []string
		for _, o := range simulate.Outcomes() {
			if n := s.Counts[o]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, o))
			}
		}
		cache := "no cache (a new sender every time)"
		if !s.Fresh {
			cache = s.Cache.String()
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.Name, strings.Join(parts, ", "), cache)
	}
	tw.Flush()
}

// compareWithModel replays the sandbox's history through simulate.Run and
// lists every delivery the two decide differently, senders in name order.
// With --json the comparison is one more JSON line, so the output stays
// one object per line.
func compareWithModel(out io.Writer, lab *live.Lab, until time.Duration, asJSON bool) error {
	model := simulate.Run(lab.Timeline(until), lab.ModelSenders(until))
	want := map[string][]simulate.Attempt{}
	for _, s := range model.Senders {
		want[s.Sender.Name] = append(want[s.Sender.Name], s.Attempts...)
	}
	got := lab.Attempts()
	var diffs []string
	total := 0
	for _, name := range slices.Sorted(maps.Keys(want)) {
		w := want[name]
		slices.SortStableFunc(w, func(a, b simulate.Attempt) int { return int((a.At - b.At) / time.Second) })
		g := got[name]
		for i := range w {
			total++
			if i >= len(g) {
				diffs = append(diffs, fmt.Sprintf("%s: the model delivers at %s, the watched sender did not", name, simulate.FormatDuration(w[i].At)))
				continue
			}
			if g[i].Outcome != w[i].Outcome || g[i].Rule != w[i].Rule || g[i].At != w[i].At {
				diffs = append(diffs, fmt.Sprintf("%s at %s: watched %s (%s), model %s (%s)", name, simulate.FormatDuration(w[i].At),
					g[i].Outcome, g[i].Rule.Section(), w[i].Outcome, w[i].Rule.Section()))
			}
		}
	}
	if asJSON {
		b, _ := json.Marshal(struct {
			Deliveries    int      `json:"compared_deliveries"`
			Agree         int      `json:"model_agrees"`
			Disagreements []string `json:"disagreements"`
		}{total, total - len(diffs), append([]string{}, diffs...)})
		fmt.Fprintf(out, "%s\n", b)
	} else {
		for _, d := range diffs {
			fmt.Fprintln(out, d)
		}
		fmt.Fprintf(out, "\nModel and watched senders agree on %d of %d deliveries.\n", total-len(diffs), total)
	}
	if len(diffs) > 0 {
		return findings
	}
	return nil
}
