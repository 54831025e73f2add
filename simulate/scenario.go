package simulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// MaxScenarioSize bounds a scenario file: it is user input.
const MaxScenarioSize = 1 << 20

// Dur is a duration in a scenario file: a string with units s, m, h, d, w
// ("7d", "-2d", "1w3d") or a JSON number of seconds.
type Dur time.Duration

// UnmarshalJSON reads "7d" or 604800.
func (d *Dur) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "never" || s == "forever" {
			*d = Dur(Forever)
			return nil
		}
		v, err := ParseDuration(s)
		*d = Dur(v)
		return err
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("duration %s: want a string like \"7d\" or whole seconds", b)
	}
	if n > int64(Forever/time.Second) || n < -int64(Forever/time.Second) {
		return fmt.Errorf("duration %d s out of range", n)
	}
	*d = Dur(time.Duration(n) * time.Second)
	return nil
}

// ScenarioFile is the documented scenario format (JSON). Times are offsets
// from t = 0, the moment of interest (usually when the policy file goes
// missing); an omitted "to" means the interval never ends.
//
//	{
//	  "domain": "example.com",
//	  "until": "21d",
//	  "bucket": "1d",
//	  "versions": [{"id": "1", "mode": "enforce", "max_age": "7d",
//	                "mx": ["mx1.example.com"], "at": "-60d", "txt_at": "-60d",
//	                "content_type": "text/plain"}],
//	  "mx": ["mx1.example.com"],
//	  "mx_changes": [{"at": "3d", "hosts": ["mx2.example.net"]}],
//	  "file_outages": [{"from": "0", "to": "10d", "failure": "404"}],
//	  "txt_outages": [{"from": "12d", "kind": "absent"}],
//	  "tls_breaks": [{"from": "1d", "to": "2d", "host": "mx1.example.com", "result": "certificate-expired"}],
//	  "attacks": [{"from": "5d", "to": "6d", "blocks_policy_fetch": true}],
//	  "senders": [{"name": "a", "profile": "rfc", "start": "0", "every": "1h",
//	               "times": ["3d"], "cache": {"version": 0, "fetched_at": "-2d"},
//	               "overrides": {"refresh_every": "0s", "backoff": "10m"}}],
//	  "population": {"n": 1000, "seed": 1, "profiles": ["rfc", "mox"], "every": "1h", "new_share": 0.1}
//	}
//
// Failures: 404, redirect, tls, timeout, slow (with "latency"), invalid,
// content-type. TXT kinds: absent, dns-error. Overrides name Profile's
// JSON fields (durations as above, flags as booleans).
type ScenarioFile struct {
	Domain   string `json:"domain"`
	Until    *Dur   `json:"until"`
	Bucket   Dur    `json:"bucket"`
	Versions []struct {
		ID          string   `json:"id"`
		Mode        string   `json:"mode"`
		MaxAge      *Dur     `json:"max_age"`
		MX          []string `json:"mx"`
		ContentType string   `json:"content_type"`
		At          Dur      `json:"at"`
		TXTAt       *Dur     `json:"txt_at"`
	} `json:"versions"`
	MX        []string `json:"mx"`
	MXChanges []struct {
		At    Dur      `json:"at"`
		Hosts []string `json:"hosts"`
	} `json:"mx_changes"`
	FileOutages []struct {
		From    Dur    `json:"from"`
		To      *Dur   `json:"to"`
		Failure string `json:"failure"`
		Latency Dur    `json:"latency"`
	} `json:"file_outages"`
	TXTOutages []struct {
		From Dur    `json:"from"`
		To   *Dur   `json:"to"`
		Kind string `json:"kind"`
	} `json:"txt_outages"`
	TLSBreaks []struct {
		From   Dur    `json:"from"`
		To     *Dur   `json:"to"`
		Host   string `json:"host"`
		Result string `json:"result"`
	} `json:"tls_breaks"`
	Attacks []struct {
		From              Dur  `json:"from"`
		To                *Dur `json:"to"`
		BlocksPolicyFetch bool `json:"blocks_policy_fetch"`
	} `json:"attacks"`
	Senders []struct {
		Name    string `json:"name"`
		Profile string `json:"profile"`
		Start   Dur    `json:"start"`
		Every   Dur    `json:"every"`
		Times   []Dur  `json:"times"`
		Cache   *struct {
			Version   int
			FetchedAt Dur `json:"fetched_at"`
		} `json:"cache"`
		Overrides map[string]json.RawMessage `json:"overrides"`
	} `json:"senders"`
	Population *struct {
		N        int      `json:"n"`
		Seed     uint64   `json:"seed"`
		Profiles []string `json:"profiles"`
		Every    Dur      `json:"every"`
		NewShare float64  `json:"new_share"`
	} `json:"population"`
}

func end(d *Dur) time.Duration {
	if d == nil {
		return Forever
	}
	return time.Duration(*d)
}

// ParseScenario reads a scenario file and checks it.
func ParseScenario(b []byte) (Scenario, error) {
	if len(b) > MaxScenarioSize {
		return Scenario{}, fmt.Errorf("scenario is %d bytes, more than %d", len(b), MaxScenarioSize)
	}
	if err := checkPlainText(b); err != nil {
		return Scenario{}, err
	}
	var f ScenarioFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return Scenario{}, decodeError(err)
	}
	var tl Timeline
	tl.Domain = f.Domain
	if f.Until == nil || time.Duration(*f.Until) <= 0 || time.Duration(*f.Until) == Forever {
		return Scenario{}, errors.New("scenario: \"until\" must be a positive duration, e.g. \"21d\"")
	}
	tl.Until, tl.Bucket = time.Duration(*f.Until), time.Duration(f.Bucket)
	if len(f.Versions) == 0 {
		return Scenario{}, errors.New("scenario: at least one policy version is needed")
	}
	for i, v := range f.Versions {
		mode := policy.Mode(v.Mode)
		if mode != policy.ModeEnforce && mode != policy.ModeTesting && mode != policy.ModeNone {
			return Scenario{}, fmt.Errorf("scenario: version %d: mode %q is not enforce, testing or none", i, v.Mode)
		}
		if v.MaxAge == nil || *v.MaxAge < 0 || time.Duration(*v.MaxAge) > policy.MaxAgeLimit*time.Second {
			return Scenario{}, fmt.Errorf("scenario: version %d: max_age must be 0 to 31557600 s (RFC 8461 §3.2)", i)
		}
		txtAt := time.Duration(v.At)
		if v.TXTAt != nil {
			txtAt = time.Duration(*v.TXTAt)
		}
		ver := Version{ID: v.ID, Mode: mode, MaxAge: time.Duration(*v.MaxAge), MX: v.MX,
			ContentType: v.ContentType, At: time.Duration(v.At), TXTAt: txtAt}
		if err := checkVersion(ver); err != nil {
			return Scenario{}, fmt.Errorf("scenario: version %d: %w", i, err)
		}
		tl.Versions = append(tl.Versions, ver)
	}
	tl.MX = f.MX
	for _, c := range f.MXChanges {
		tl.MXChanges = append(tl.MXChanges, MXChange{At: time.Duration(c.At), Hosts: c.Hosts})
	}
	for i, o := range f.FileOutages {
		fail := FetchFailure(o.Failure)
		if !fail.Known() {
			return Scenario{}, fmt.Errorf("scenario: file outage %d: unknown failure %q (404, redirect, tls, timeout, slow, invalid, content-type)", i, o.Failure)
		}
		if err := checkInterval(time.Duration(o.From), end(o.To)); err != nil {
			return Scenario{}, fmt.Errorf("scenario: file outage %d: %w", i, err)
		}
		tl.FileOutages = append(tl.FileOutages, FileOutage{From: time.Duration(o.From), To: end(o.To), Failure: fail, Latency: time.Duration(o.Latency)})
	}
	for i, o := range f.TXTOutages {
		k := TXTFailure(o.Kind)
		if k == "" {
			k = TXTAbsent
		}
		if k != TXTAbsent && k != TXTDNSError {
			return Scenario{}, fmt.Errorf("scenario: txt outage %d: kind %q is not absent or dns-error", i, o.Kind)
		}
		if err := checkInterval(time.Duration(o.From), end(o.To)); err != nil {
			return Scenario{}, fmt.Errorf("scenario: txt outage %d: %w", i, err)
		}
		tl.TXTOutages = append(tl.TXTOutages, TXTOutage{From: time.Duration(o.From), To: end(o.To), Kind: k})
	}
	for i, b := range f.TLSBreaks {
		r := b.Result
		if r == "" {
			r = string(policy.ResultCertExpired)
		}
		if err := checkResultType(r); err != nil {
			return Scenario{}, fmt.Errorf("scenario: tls break %d: %w", i, err)
		}
		if err := checkInterval(time.Duration(b.From), end(b.To)); err != nil {
			return Scenario{}, fmt.Errorf("scenario: tls break %d: %w", i, err)
		}
		tl.TLSBreaks = append(tl.TLSBreaks, TLSBreak{From: time.Duration(b.From), To: end(b.To), Host: b.Host, Result: r})
	}
	for i, a := range f.Attacks {
		if err := checkInterval(time.Duration(a.From), end(a.To)); err != nil {
			return Scenario{}, fmt.Errorf("scenario: attack %d: %w", i, err)
		}
		tl.Attacks = append(tl.Attacks, Attack{From: time.Duration(a.From), To: end(a.To), BlocksPolicyFetch: a.BlocksPolicyFetch})
	}
	sc := Scenario{Timeline: tl}
	// Profiles are built once: a file may name one for each of thousands
	// of senders.
	profiles := Profiles()
	profileByName := func(name string) (Profile, error) {
		for _, p := range profiles {
			if p.Name == name {
				return p, nil
			}
		}
		return ProfileByName(name) // the error naming the known ones
	}
	for i, s := range f.Senders {
		name := s.Profile
		if name == "" {
			name = "rfc"
		}
		prof, err := profileByName(name)
		if err != nil {
			return Scenario{}, fmt.Errorf("scenario: sender %d: %w", i, err)
		}
		if err := prof.Override(s.Overrides); err != nil {
			return Scenario{}, fmt.Errorf("scenario: sender %d: %w", i, err)
		}
		snd := Sender{Name: s.Name, Profile: prof, Start: time.Duration(s.Start), Every: time.Duration(s.Every)}
		if snd.Name == "" {
			snd.Name = fmt.Sprintf("sender-%d", i+1)
		}
		if snd.Every < 0 || (snd.Every > 0 && (tl.Until-snd.Start)/snd.Every > 10_000_000) {
			return Scenario{}, fmt.Errorf("scenario: sender %d: \"every\" too small for the span", i)
		}
		for _, t := range s.Times {
			snd.Times = append(snd.Times, time.Duration(t))
		}
		if s.Cache != nil {
			if s.Cache.Version < 0 || s.Cache.Version >= len(tl.Versions) {
				return Scenario{}, fmt.Errorf("scenario: sender %d: cache version %d does not exist", i, s.Cache.Version)
			}
			snd.Cache = &Seed{Version: s.Cache.Version, FetchedAt: time.Duration(s.Cache.FetchedAt)}
		}
		sc.Senders = append(sc.Senders, snd)
	}
	if p := f.Population; p != nil {
		if p.N <= 0 || p.N+len(sc.Senders) > MaxSenders {
			return Scenario{}, fmt.Errorf("scenario: population n must be 1 to %d", MaxSenders)
		}
		if !(p.NewShare >= 0 && p.NewShare <= 1) {
			return Scenario{}, fmt.Errorf("scenario: population new_share %g: want a share from 0 to 1", p.NewShare)
		}
		spec := PopulationSpec{N: p.N, Seed: p.Seed, Every: time.Duration(p.Every), NewShare: p.NewShare}
		if spec.Every < 0 || (spec.Every > 0 && tl.Until/spec.Every > MaxWork) {
			return Scenario{}, errors.New("scenario: population \"every\" too small for the span")
		}
		for _, n := range p.Profiles {
			prof, err := profileByName(n)
			if err != nil {
				return Scenario{}, fmt.Errorf("scenario: population: %w", err)
			}
			spec.Profiles = append(spec.Profiles, prof)
		}
		sc.Senders = append(sc.Senders, Population(tl, spec).Senders...)
	}
	if len(sc.Senders) == 0 {
		return Scenario{}, errors.New("scenario: no senders and no population")
	}
	if err := sc.CheckBounds(); err != nil {
		return Scenario{}, fmt.Errorf("scenario: %w", err)
	}
	return sc, nil
}

// decodeError words a JSON error for the person who wrote the file: where
// and what kind of value, not the Go type it was meant for.
func decodeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return fmt.Errorf("scenario: the file is a JSON %s; it must be one JSON object (see \"simulate --help\" for the format)", te.Value)
		}
		return fmt.Errorf("scenario: %q cannot be a JSON %s", te.Field, te.Value)
	}
	return fmt.Errorf("scenario: %w", err)
}
