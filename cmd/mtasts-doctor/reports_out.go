package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/mtasts-doctor/mtasts-doctor/probe/reports"
)

func writeReportsJSON(w io.Writer, out reportsOutput) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// reportsCSVHeader documents the CSV columns (README lists them too).
var reportsCSVHeader = []string{"policy_domain", "day", "organization_name", "result_type",
	"receiving_mx_hostname", "receiving_ip", "successful_sessions", "failed_sessions", "reports"}

func writeReportsCSV(w io.Writer, agg reports.Aggregate) error {
	cw := csv.NewWriter(w)
	cw.Write(reportsCSVHeader)
	for _, r := range agg.Rows {
		result := r.ResultType
		if result == "" {
			result = "success"
		}
		cw.Write([]string{csvSafe(r.Domain), r.Day, csvSafe(r.Organization), csvSafe(result), csvSafe(r.ReceivingMX), csvSafe(r.ReceivingIP),
			strconv.FormatInt(r.Successful, 10), strconv.FormatInt(r.Failed, 10), strconv.Itoa(r.Reports)})
	}
	cw.Flush()
	return cw.Error()
}

func writeReportsText(w io.Writer, out reportsOutput, f reportsFlags) {
	set := out.Read
	fmt.Fprintf(w, "Read %s", count(len(set.Reports), "report"))
	var extra []string
	if set.Duplicates > 0 {
		extra = append(extra, fmt.Sprintf("%d duplicate%s counted once", set.Duplicates, plural(set.Duplicates)))
	}
	if set.Skipped > 0 {
		extra = append(extra, fmt.Sprintf("%d file%s or message%s without a report skipped", set.Skipped, plural(set.Skipped), plural(set.Skipped)))
	}
	if len(extra) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(extra, ", "))
	}
	if s, ok := out.Filter["since"]; ok {
		fmt.Fprintf(w, ", since %s", s)
	}
	if u, ok := out.Filter["until"]; ok {
		fmt.Fprintf(w, ", until %s", u)
	}
	fmt.Fprintln(w, ".")
	if out.Stored != nil && *out.Stored > 0 {
		fmt.Fprintf(w, "%s new to the history (kept beside its walks; --no-history to skip).\n", count(*out.Stored, "report"))
	}
	if len(set.Errors) > 0 {
		fmt.Fprintf(w, "%s could not be read:\n", count(len(set.Errors), "input"))
		for _, e := range set.Errors {
			fmt.Fprintf(w, "  %s: %s\n", e.Source, e.Error)
		}
	}

	for _, d := range out.Aggregate.Domains {
		fmt.Fprintln(w)
		rate := ""
		if total := d.Successful + d.Failed; d.Failed > 0 {
			rate = fmt.Sprintf(" (%.1f %% failed)", 100*float64(d.Failed)/float64(total))
		}
		days := d.FirstDay
		if d.LastDay != d.FirstDay {
			days += " … " + d.LastDay
		}
		fmt.Fprintf(w, "%s  %s  %d successful, %d failed sessions%s in %s\n", d.Domain, days, d.Successful, d.Failed, rate, count(d.Reports, "report"))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  DAY\tORGANIZATION\tRESULT\tRECEIVING MX\t SESSIONS")
		for _, r := range out.Aggregate.Rows {
			if r.Domain != d.Domain {
				continue
			}
			result, n := r.ResultType, r.Failed
			if result == "" {
				result, n = "success", r.Successful
			}
			mx := r.ReceivingMX
			if r.ReceivingIP != "" {
				mx = strings.TrimSpace(mx + " (" + r.ReceivingIP + ")")
			}
			if mx == "" {
				mx = "-"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%9d\n", r.Day, r.Organization, result, mx, n)
		}
		tw.Flush()
		printLinks(w, out, d.Domain)
	}

	var deviating, total int
	for _, r := range set.Reports {
		if len(r.Deviations) > 0 {
			deviating++
			total += len(r.Deviations)
		}
	}
	if f.verbose {
		fmt.Fprintln(w)
		for _, r := range set.Reports {
			fmt.Fprintf(w, "%s: %s, %s, report-id %s\n", r.Source, r.Organization, reports.Day(r.Start), r.ReportID)
			for _, d := range r.Deviations {
				fmt.Fprintf(w, "    %s\n", deviationLine(d.String(), f.strict))
			}
		}
	} else if total > 0 {
		fmt.Fprintf(w, "\n%d deviation%s from RFC 8460 in %s (-v lists them", total, plural(total), count(deviating, "report"))
		if !f.strict {
			fmt.Fprint(w, "; --strict treats them as errors")
		}
		fmt.Fprintln(w, ").")
	}
}

// deviationLine words a tolerated deviation as a warning, and as the RFC
// violation it is under --strict.
func deviationLine(s string, strict bool) string {
	if strict {
		for _, sev := range []string{"warning ", "info "} {
			if strings.HasPrefix(s, sev) {
				return "error " + strings.TrimPrefix(s, sev)
			}
		}
	}
	return s
}

func printLinks(w io.Writer, out reportsOutput, domain string) {
	var links []reports.Link
	for _, l := range out.Links {
		if l.Domain == domain {
			links = append(links, l)
		}
	}
	if len(links) == 0 {
		return
	}
	when, ok := out.Walked[domain]
	if !ok {
		fmt.Fprintln(w, "  Add --check to walk the domain now and see whether these failures still happen.")
		return
	}
	fmt.Fprintf(w, "  Now (walked %s):\n", when)
	for _, l := range links {
		var mark string
		switch l.State {
		case reports.StillFailing:
			mark = "✗ still failing now"
		case reports.Fixed:
			mark = "✓ fixed since the report"
		default:
			mark = "? cannot tell now"
		}
		what := l.ResultType
		if l.ReceivingMX != "" {
			what += " on " + l.ReceivingMX
		}
		step := ""
		if l.Step != "" {
			step = " [" + string(l.Step) + "]"
		}
		fmt.Fprintf(w, "    %s: %s (%d sessions, last %s)%s — %s\n", mark, what, l.Sessions, l.LastDay, step, l.Now)
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
