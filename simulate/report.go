package simulate

import "time"

// Report is the documented JSON shape of `mtasts-doctor simulate --json`;
// every time is in seconds relative to t = 0.
type Report struct {
	Inputs   any             `json:"inputs"`
	Senders  []ReportSender  `json:"senders"`
	Attempts []ReportAttempt `json:"attempts"`
	Summary  ReportSummary   `json:"summary"`
}

// ReportSender is one sender's headline.
type ReportSender struct {
	Name    string `json:"name"`
	Profile string `json:"profile"`
	// RefreshAlerts counts the failed refreshes the sender alerted its
	// admin about (RFC 8461 §3.3, §10.2).
	RefreshAlerts int `json:"refresh_alerts"`
	// ProtectedUntilSeconds is when the protection held at t = 0 ends; 0
	// when there was none, null when it outlasts the simulation.
	ProtectedUntilSeconds *int64 `json:"protected_until_seconds"`
	// Protected lists [from, to] spans in seconds; to null = open.
	Protected [][2]*int64 `json:"protected"`
}

// ReportAttempt is one delivery attempt.
type ReportAttempt struct {
	AtSeconds    int64  `json:"at_seconds"`
	Sender       string `json:"sender"`
	Cache        string `json:"cache"`
	Action       string `json:"action"`
	Mode         string `json:"mode"`
	Outcome      string `json:"outcome"`
	TLSRPTResult string `json:"tlsrpt_result"`
	RFC          string `json:"rfc"`
	Explanation  string `json:"explanation"`
}

// ReportSummary holds the derived figures.
type ReportSummary struct {
	Sentence string `json:"sentence"`
	// SurvivableSeconds is the policy-file outage every sender of the run
	// rides out (the smallest of its profiles'); null: indefinitely.
	SurvivableSeconds *int64          `json:"survivable_outage_seconds"`
	Survivable        string          `json:"survivable"`
	Profiles          []ReportProfile `json:"profiles"`
	Counts            map[string]int  `json:"counts"`
	Removal           ReportRemoval   `json:"removal_plan"`
	UpdateOrder       []string        `json:"update_order"`
}

// ReportProfile is one profile's figures (ProfileFigures) in seconds; a
// null duration is "indefinitely".
type ReportProfile struct {
	Profile                   string `json:"profile"`
	SurvivableSeconds         *int64 `json:"survivable_outage_seconds"`
	Survivable                string `json:"survivable"`
	WrongOrderRecoverySeconds *int64 `json:"wrong_order_recovery_seconds"`
	WrongOrder                string `json:"wrong_order"`
	RemovalWaitSeconds        int64  `json:"removal_wait_seconds"`
	Removal                   string `json:"removal"`
	RefreshAlerts             int    `json:"refresh_alerts"`
}

// ReportRemoval is RemovalPlan in seconds.
type ReportRemoval struct {
	PublishNoneAtSeconds int64    `json:"publish_none_at_seconds"`
	NoneMaxAgeSeconds    int64    `json:"none_max_age_seconds"`
	RemoveAtSeconds      int64    `json:"remove_at_seconds"`
	Steps                []string `json:"steps"`
}

func reportRemoval(p RemovalPlan) ReportRemoval {
	return ReportRemoval{PublishNoneAtSeconds: secs(p.PublishNoneAt), NoneMaxAgeSeconds: secs(p.NoneMaxAge),
		RemoveAtSeconds: secs(p.RemoveAt), Steps: p.Steps}
}

func secs(d time.Duration) int64 { return int64(d / time.Second) }

func secsPtr(d time.Duration) *int64 {
	if d == Forever {
		return nil
	}
	s := secs(d)
	return &s
}

// Report builds the JSON shape; inputs is echoed as given. The removal
// plan assumes "none" is published at t = 0 with a 1 h TXT TTL.
func (r Result) Report(inputs any) Report {
	out := Report{Inputs: inputs, Senders: []ReportSender{}, Attempts: []ReportAttempt{}}
	for _, s := range r.Senders {
		rs := ReportSender{Name: s.Sender.Name, Profile: s.Sender.Profile.Name, RefreshAlerts: s.RefreshAlerts,
			ProtectedUntilSeconds: secsPtr(s.ProtectedUntil), Protected: [][2]*int64{}}
		for _, iv := range s.Protected {
			rs.Protected = append(rs.Protected, [2]*int64{secsPtr(iv.From), secsPtr(iv.To)})
		}
		out.Senders = append(out.Senders, rs)
	}
	for _, a := range r.Attempts() {
		out.Attempts = append(out.Attempts, ReportAttempt{
			AtSeconds: secs(a.At), Sender: a.Sender, Cache: a.Cache.String(), Action: a.Action(),
			Mode: string(a.Policy.Mode), Outcome: a.Outcome.String(), TLSRPTResult: a.Reported,
			RFC: a.RFC(), Explanation: a.Explain(),
		})
	}
	sum := r.Summarise()
	out.Summary = ReportSummary{
		Sentence: sum.Sentence, SurvivableSeconds: secsPtr(sum.Survivable), Survivable: sum.SurvivableText,
		Profiles:    []ReportProfile{},
		Counts:      sum.Counts,
		Removal:     reportRemoval(PlanRemoval(0, r.Timeline.LargestMaxAge(), time.Hour, Day)),
		UpdateOrder: UpdateOrder(sum.Profiles),
	}
	for _, f := range sum.Profiles {
		out.Summary.Profiles = append(out.Summary.Profiles, ReportProfile{
			Profile: f.Profile, SurvivableSeconds: secsPtr(f.Survivable), Survivable: f.SurvivableText,
			WrongOrderRecoverySeconds: secsPtr(f.WrongOrder), WrongOrder: f.WrongOrderText,
			RemovalWaitSeconds: secs(f.RemovalWait), Removal: f.RemovalText, RefreshAlerts: r.refreshAlerts(f.Profile),
		})
	}
	return out
}

// refreshAlerts sums the refresh alerts of the senders with the profile.
func (r Result) refreshAlerts(profile string) int {
	n := 0
	for _, s := range r.Senders {
		if s.Sender.Profile.Name == profile {
			n += s.RefreshAlerts
		}
	}
	return n
}
