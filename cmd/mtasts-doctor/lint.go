package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
	"github.com/mtasts-doctor/mtasts-doctor/probe/senders"
)

// lintReadLimit bounds how much of a policy file lint reads: far above the
// 64 KiB senders accept, so an oversized file is still diagnosed, but never
// unbounded.
const lintReadLimit = 1 << 20

// lintResult is the one JSON object lint --json prints.
type lintResult struct {
	Kind        string            `json:"kind"`
	Valid       bool              `json:"valid"`
	Value       any               `json:"value"`
	Diagnostics diag.List         `json:"diagnostics"`
	MXCoverage  []policy.Coverage `json:"mx_coverage"`
	// Senders is how each real sender reads the text (rfc first); Valid
	// above stays the RFC's strict verdict.
	Senders []lintSender `json:"senders"`
}

// lintSender is one row of lintResult.Senders.
type lintSender struct {
	Name   string `json:"name"`
	Valid  bool   `json:"valid"`
	Reason string `json:"reason"`
	// ID is set for a record, Mode, MaxAge and MX for a policy, when Valid.
	ID     string   `json:"id,omitempty"`
	Mode   string   `json:"mode,omitempty"`
	MaxAge *int64   `json:"max_age,omitempty"`
	MX     []string `json:"mx,omitempty"`
	// Differs says how the reading differs from the RFC's; "" when it agrees.
	Differs string `json:"differs"`
}

// lintSenders turns the comparison into JSON rows.
func lintSenders(cs []senders.Comparison, isPolicy bool) []lintSender {
	out := make([]lintSender, 0, len(cs))
	for _, c := range cs {
		row := lintSender{Name: string(c.Sender), Valid: c.Valid, Reason: c.Reason, Differs: c.Differs}
		switch {
		case c.Valid && isPolicy:
			age := c.MaxAge
			row.Mode, row.MaxAge, row.MX = string(c.Mode), &age, c.MX
		case c.Valid:
			row.ID = c.ID
		}
		out = append(out, row)
	}
	return out
}

func newLintCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "lint",
		Short: "Check a policy file or TXT record before you publish it",
		Long: `lint checks MTA-STS and TLS-RPT texts against RFC 8461 and RFC 8460 the way
a sending MTA reads them, with no network access. Each finding has a stable
code, a severity, the RFC section and its line:column; where the RFC prose,
its grammar and real senders disagree, the message says so.

Exit status: 0 valid, 1 invalid (an error-severity finding), 2 usage error
or unreadable input.`,
		Example: `  mtasts-doctor lint policy mta-sts.txt --mx mail.example.com
  mtasts-doctor lint record 'v=STSv1; id=20260101T000000'
  mtasts-doctor lint tlsrpt --json 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageErr("lint: say what to check: policy FILE, record TXT... or tlsrpt TXT...")
		},
	}
	cmd.PersistentFlags().BoolVar(&asJSON, "json", false, "print one JSON object instead of text")
	cmd.AddCommand(newLintPolicyCmd(&asJSON), newLintRecordCmd(&asJSON), newLintTLSRPTCmd(&asJSON))
	return cmd
}

func newLintPolicyCmd(asJSON *bool) *cobra.Command {
	var mx []string
	var contentType string
	cmd := &cobra.Command{
		Use:   "policy FILE",
		Short: "Check a policy file (mta-sts.txt); FILE - reads standard input",
		Example: `  mtasts-doctor lint policy mta-sts.txt
  mtasts-doctor lint policy --mx mx1.example.com --mx mx2.example.com mta-sts.txt
  curl -s https://mta-sts.example.com/.well-known/mta-sts.txt | mtasts-doctor lint policy --json -`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErr("lint policy: give one FILE, or - for standard input (got %d arguments)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			body, err := readLintInput(cmd, args[0])
			if err != nil {
				return err
			}
			p, l := policy.ParsePolicyPartial(body)
			cov, cl := policy.CheckCoverage(p, mx)
			l = append(l, cl...)
			l = append(l, policy.CheckContentType(contentType)...)
			cs := senders.ComparePolicy(contentType, body)
			l = append(l, senders.Disagreements(senders.CodePolicyDisagrees, "RFC 8461 §3.2", cs)...)
			res := lintResult{Kind: "policy", Valid: !l.HasErrors(), Diagnostics: l, MXCoverage: cov, Senders: lintSenders(cs, true)}
			if res.Valid {
				if p.MX == nil {
					p.MX = []string{}
				}
				res.Value = p
			}
			return printLint(cmd, res, *asJSON)
		},
	}
	cmd.Flags().StringArrayVar(&mx, "mx", nil, "MX host that must be covered by the policy (repeatable)")
	cmd.Flags().StringVar(&contentType, "content-type", "text/plain", "Content-Type the policy is served with, for the senders' readings (\"\" for none)")
	return cmd
}

func newLintRecordCmd(asJSON *bool) *cobra.Command {
	return &cobra.Command{
		Use:   "record TXT...",
		Short: "Check the _mta-sts TXT record set; each argument is one record (- reads standard input)",
		Long: `Each argument is one TXT record of _mta-sts.<domain>; several arguments are
several records in the set, and so are several lines (dig +short prints one
record a line). "-" reads the records from standard input, one a line. A
record in zone-file form ("v=STSv1; " "id=1") is read as its
character-strings, concatenated without spaces.`,
		Example: `  mtasts-doctor lint record 'v=STSv1; id=20240101T000000'
  dig +short TXT _mta-sts.example.com | mtasts-doctor lint record -
  mtasts-doctor lint record "$(dig +short TXT _mta-sts.example.com)"`,
		Args: needTXT,
		RunE: func(cmd *cobra.Command, args []string) error {
			lines, err := recordArgs(cmd, args)
			if err != nil {
				return err
			}
			txt, err := txtArgs(lines)
			if err != nil {
				return err
			}
			rec, l := policy.ParseRecords(txt)
			cs := senders.CompareRecord(txt)
			l = append(l, senders.Disagreements(senders.CodeRecordDisagrees, "RFC 8461 §3.1", cs)...)
			res := lintResult{Kind: "record", Valid: !l.HasErrors(), Diagnostics: l, MXCoverage: []policy.Coverage{}, Senders: lintSenders(cs, false)}
			if rec != nil && res.Valid {
				res.Value = rec
			}
			return printLint(cmd, res, *asJSON)
		},
	}
}

func newLintTLSRPTCmd(asJSON *bool) *cobra.Command {
	return &cobra.Command{
		Use:   "tlsrpt TXT...",
		Short: "Check the _smtp._tls TXT record set; each argument is one record (- reads standard input)",
		Example: `  mtasts-doctor lint tlsrpt 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com'
  dig +short TXT _smtp._tls.example.com | mtasts-doctor lint tlsrpt -`,
		Args: needTXT,
		RunE: func(cmd *cobra.Command, args []string) error {
			lines, err := recordArgs(cmd, args)
			if err != nil {
				return err
			}
			txt, err := txtArgs(lines)
			if err != nil {
				return err
			}
			rec, l := policy.ParseTLSRPTRecords(txt)
			res := lintResult{Kind: "tlsrpt", Valid: !l.HasErrors(), Diagnostics: l, MXCoverage: []policy.Coverage{}, Senders: []lintSender{}}
			if rec != nil && res.Valid {
				res.Value = rec
			}
			return printLint(cmd, res, *asJSON)
		},
	}
}

// needTXT asks for the records to check, with a hint at the quoting.
func needTXT(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usageErr("lint %s: give the TXT record to check, in single quotes: 'v=...; ...' (several arguments are several records)", cmd.Name())
	}
	return nil
}

// readLintInput reads FILE, or standard input for "-", refusing more than
// lintReadLimit bytes.
func readLintInput(cmd *cobra.Command, name string) ([]byte, error) {
	b, label, err := readInput(cmd.Context(), cmd.InOrStdin(), name, lintReadLimit)
	switch {
	case errors.Is(err, errInterrupted):
		return nil, usageErr("lint policy: %v (%s)", err, label)
	case errors.Is(err, errTooLarge):
		return nil, usageErr("lint policy: %s is larger than %d bytes; a policy file must be under %d bytes (RFC 8461 §3.3)", label, lintReadLimit, policy.MaxPolicySize)
	case err != nil:
		return nil, usageErr("lint policy: cannot read %s: %v", label, err)
	}
	return b, nil
}

// txtArgs turns command-line records into RRset form. An argument that is
// a zone-file list of quoted strings is split into its strings; anything
// else is one string. An argument that opens with a quote but does not
// read as quoted strings (a lost closing quote, \999, text between the
// strings) is a usage error: linting it as one literal string would only
// say the record does not begin with "v=STSv1;", which hides the typo.
func txtArgs(args []string) ([][]string, error) {
	out := make([][]string, len(args))
	for i, a := range args {
		parts, ok := quotedStrings(a)
		switch {
		case ok:
			out[i] = parts
		case strings.HasPrefix(strings.TrimSpace(a), `"`):
			return nil, usageErr("record %d, %s, starts with a quote but is not a list of quoted strings like \"v=STSv1; \" \"id=1\": check the closing quotes and that each \\DDD escape is 000 to 255",
				i+1, displayName(a))
		default:
			out[i] = []string{a}
		}
	}
	return out, nil
}

// quotedStrings parses `"a" "b"` (with \" \\ and \DDD escapes) as printed
// by dig and zone files.
func quotedStrings(s string) ([]string, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, `"`) {
		return nil, false
	}
	var parts []string
	for s != "" {
		if s[0] != '"' {
			return nil, false
		}
		var b strings.Builder
		i := 1
		for ; i < len(s) && s[i] != '"'; i++ {
			if s[i] != '\\' || i+1 >= len(s) {
				b.WriteByte(s[i])
				continue
			}
			if i+3 < len(s) && isDigits(s[i+1:i+4]) {
				n, _ := strconv.Atoi(s[i+1 : i+4])
				if n > 255 {
					return nil, false
				}
				b.WriteByte(byte(n))
				i += 3
				continue
			}
			i++
			b.WriteByte(s[i])
		}
		if i >= len(s) {
			return nil, false
		}
		parts = append(parts, b.String())
		s = strings.TrimLeft(s[i+1:], " \t")
	}
	return parts, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func printLint(cmd *cobra.Command, res lintResult, asJSON bool) error {
	w := cmd.OutOrStdout()
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return exitError{code: 2, err: err}
		}
	} else {
		for _, d := range res.Diagnostics {
			fmt.Fprintln(w, d.String())
		}
		for _, c := range res.MXCoverage {
			if c.Covered {
				fmt.Fprintf(w, "mx %s: covered by %s\n", sanitize.Line(c.Host, 255), sanitize.Line(*c.Pattern, 255))
			} else {
				fmt.Fprintf(w, "mx %s: not covered by any pattern\n", sanitize.Line(c.Host, 255))
			}
		}
		fmt.Fprintln(w, summary(res))
	}
	if !res.Valid {
		return findings
	}
	return nil
}

func summary(res lintResult) string {
	verdict := "valid"
	if !res.Valid {
		verdict = "invalid"
	}
	l := res.Diagnostics
	return fmt.Sprintf("%s: %s (%s, %s, %d info)", res.Kind, verdict,
		count(l.Count(diag.Error), "error"), count(l.Count(diag.Warning), "warning"), l.Count(diag.Info))
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
