package reports

import (
	"cmp"
	"slices"
	"time"
)

// Row counts sessions of one kind: for one policy domain, UTC day,
// reporting organisation, result type and receiving MX. The row with an
// empty ResultType holds the successful sessions of that domain, day and
// organisation; a row with ResultType NotDetailed holds failures the report
// counted in its summary but did not break down.
type Row struct {
	Domain       string `json:"policy_domain"`
	Day          string `json:"day"`
	Organization string `json:"organization_name"`
	ResultType   string `json:"result_type,omitempty"`
	ReceivingMX  string `json:"receiving_mx_hostname,omitempty"`
	ReceivingIP  string `json:"receiving_ip,omitempty"`
	Successful   int64  `json:"successful_sessions"`
	Failed       int64  `json:"failed_sessions"`
	Reports      int    `json:"reports"`
}

// NotDetailed is the result type of failures counted in a report's summary
// but missing from its failure-details (RFC 8460 §4.3.4 lets senders leave
// transient failures out).
const NotDetailed = "(not detailed)"

// NoDomain stands for the policy domain of entries that name none (Postfix
// leaves it out of no-policy-found entries).
const NoDomain = "(no policy domain)"

// DomainTotal sums one policy domain over every report read.
type DomainTotal struct {
	Domain     string `json:"policy_domain"`
	Successful int64  `json:"successful_sessions"`
	Failed     int64  `json:"failed_sessions"`
	Reports    int    `json:"reports"`
	FirstDay   string `json:"first_day"`
	LastDay    string `json:"last_day"`
}

// Filter keeps the reports whose date range overlaps [Since, Until). A zero
// bound is open.
type Filter struct {
	Since, Until time.Time
}

func (f Filter) keep(r *Report) bool {
	end := r.End
	if end.IsZero() {
		end = r.Start
	}
	if !f.Since.IsZero() && !end.IsZero() && !end.After(f.Since) {
		return false
	}
	if !f.Until.IsZero() && !r.Start.IsZero() && !r.Start.Before(f.Until) {
		return false
	}
	return true
}

// Aggregate is the counts of a Set: rows in a stable order, and a total per
// policy domain.
type Aggregate struct {
	Rows    []Row         `json:"rows"`
	Domains []DomainTotal `json:"domains"`
}

type rowKey struct{ domain, day, org, result, mx, ip string }

// Summarize counts the reports in set that pass f. Totals come from each
// report's summary (failure types may overlap, RFC 8460 §4, so the detail
// rows of one domain can add up to more than its failed sessions).
func Summarize(set *Set, f Filter) Aggregate {
	rows := map[rowKey]*Row{}
	totals := map[string]*DomainTotal{}
	bump := func(k rowKey, ok, failed int64) {
		row := rows[k]
		if row == nil {
			row = &Row{Domain: k.domain, Day: k.day, Organization: k.org, ResultType: k.result, ReceivingMX: k.mx, ReceivingIP: k.ip}
			rows[k] = row
		}
		row.Successful += ok
		row.Failed += failed
		row.Reports++
	}
	for _, r := range set.Reports {
		if !f.keep(r) {
			continue
		}
		day := Day(r.Start)
		for _, p := range r.Policies {
			domain := p.Domain
			if domain == "" {
				domain = NoDomain
			}
			t := totals[domain]
			if t == nil {
				t = &DomainTotal{Domain: domain, FirstDay: day, LastDay: day}
				totals[domain] = t
			}
			t.Successful += p.Successful
			t.Failed += p.Failed
			t.Reports++
			t.FirstDay = min(t.FirstDay, day)
			t.LastDay = max(t.LastDay, day)
			if p.Successful > 0 {
				bump(rowKey{domain, day, r.Organization, "", "", ""}, p.Successful, 0)
			}
			var detailed int64
			for _, fl := range p.Failures {
				detailed += fl.Sessions
				bump(rowKey{domain, day, r.Organization, fl.ResultType, fl.ReceivingMX, fl.ReceivingIP}, 0, fl.Sessions)
			}
			if rest := p.Failed - detailed; rest > 0 {
				bump(rowKey{domain, day, r.Organization, NotDetailed, "", ""}, 0, rest)
			}
		}
	}
	var agg Aggregate
	for _, row := range rows {
		agg.Rows = append(agg.Rows, *row)
	}
	slices.SortFunc(agg.Rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Domain, b.Domain), cmp.Compare(a.Day, b.Day), cmp.Compare(a.Organization, b.Organization),
			cmp.Compare(a.ResultType, b.ResultType), cmp.Compare(a.ReceivingMX, b.ReceivingMX), cmp.Compare(a.ReceivingIP, b.ReceivingIP))
	})
	for _, t := range totals {
		agg.Domains = append(agg.Domains, *t)
	}
	slices.SortFunc(agg.Domains, func(a, b DomainTotal) int { return cmp.Compare(a.Domain, b.Domain) })
	return agg
}

// Day is the UTC date a report's range starts on ("unknown" without one).
// RFC 8460 §4.1 asks for reports covering one UTC day.
func Day(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format(time.DateOnly)
}
