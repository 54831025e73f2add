package simulate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Quiet senders skip work: they jump over steady runs of deliveries and
// over whole refresh cycles that repeat. A sender that is not quiet steps
// every delivery, so it is the reference: for any world and any profile,
// the quiet run must give exactly its counts, segments, protection
// intervals and buckets. The worlds are random and use every feature
// (policy changes, TXT id changes before or after the file, file and TXT
// outages of every kind, MX changes, broken TLS, attackers, explicit
// delivery times), every built-in profile and random profile overrides.
func TestQuietRunsMatchDetailedRuns(t *testing.T) {
	cases := 500
	if testing.Short() {
		cases = 100
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var jumps, cycles int
	for i := range cases {
		tl := randomTimeline(rng)
		senders := make([]Sender, 1+rng.IntN(2))
		for j := range senders {
			senders[j] = randomSender(rng, tl, fmt.Sprintf("s%d", j))
		}
		loud, _ := run(tl, senders)
		quiet := slices.Clone(senders)
		for j := range quiet {
			quiet[j].Quiet = true
		}
		q, st := run(tl, quiet)
		jumps += st.cycleJumps
		cycles += st.cyclesSkipped
		if msg := sameQuietResult(loud, q); msg != "" {
			t.Fatalf("case %d: %s\ntimeline %+v\nsenders %+v", i, msg, tl, senders)
		}
	}
	// The test must reach the cycle jump, or it guards nothing.
	if jumps < cases/4 || cycles < 10*jumps {
		t.Fatalf("only %d cycle jumps (%d cycles) in %d cases", jumps, cycles, cases)
	}
	t.Logf("%d cycle jumps over %d refresh cycles", jumps, cycles)
}

// The benchmark's world (steady years, one outage, daily refreshing
// senders) is where the cycle jump matters most: check it there too, on a
// smaller population with cadences that do and do not divide a day.
func TestQuietPopulationMatchesDetailedRun(t *testing.T) {
	tl := OutageTimeline(DefaultPolicy(Week), 14*Day, 120*Day)
	tl.FileOutages[0].From, tl.FileOutages[0].To = 40*Day, 54*Day
	tl.TXTOutages = []TXTOutage{{From: 90 * Day, To: 93 * Day, Kind: TXTDNSError}}
	tl.Attacks = []Attack{{From: 100 * Day, To: 101 * Day}}
	tl.Bucket = Day
	for _, every := range []time.Duration{time.Hour, 7 * time.Hour, 20 * time.Minute, 36 * time.Hour} {
		sc := Population(tl, PopulationSpec{N: 90, Seed: 7, Every: every, NewShare: 0.2})
		q, st := run(sc.Timeline, sc.Senders)
		loud := slices.Clone(sc.Senders)
		for j := range loud {
			loud[j].Quiet = false
		}
		l, _ := run(sc.Timeline, loud)
		if msg := sameQuietResult(l, q); msg != "" {
			t.Fatalf("every %s: %s", FormatDuration(every), msg)
		}
		if every == time.Hour && st.cycleJumps == 0 {
			t.Fatal("no cycle jump in a steady hourly population")
		}
	}
}

// The places where a shortcut went wrong once, or would go wrong if a
// guard were dropped: each world is steady enough for the quiet sender to
// jump, and has the one detail that makes a careless jump miss something.
func TestQuietShortcutsPitfalls(t *testing.T) {
	with := func(name string, edit func(*Profile)) Profile {
		p := mustProfile(t, name)
		edit(&p)
		return p
	}
	steady := func(maxAge time.Duration) Timeline {
		tl := world1(maxAge)
		tl.Until = 20 * Day
		tl.Bucket = Day
		return tl
	}
	cases := []struct {
		name   string
		tl     Timeline
		sender Sender
	}{
		{
			// §3.2: the cache expires exactly when the next delivery
			// refetches it; each expiry ends a protection interval.
			name:   "max_age equal to the cadence",
			tl:     steady(time.Hour),
			sender: UncachedSender("s", mustProfile(t, "no-refresh"), time.Hour),
		},
		{
			// A delivery at the moment of a refresh extends the entry to
			// the values the refresh wrote: not a steady state, the next
			// delivery's extension moves it.
			name:   "extension at the moment of a refresh",
			tl:     steady(Day),
			sender: UncachedSender("s", with("rfc", func(p *Profile) { p.ExtendOnDelivery = true }), time.Hour),
		},
		{
			// Every other delivery, the job is due exactly at the next
			// one (minimum age = cadence), and picks up a new file
			// published under the same id: it runs before the delivery
			// at the same moment, so a jump must stop there.
			name: "refresh due exactly at the next delivery",
			tl: func() Timeline {
				tl := steady(Day)
				v := tl.Versions[0]
				v.Mode, v.At, v.TXTAt = policy.ModeTesting, 3*Day+time.Hour, 3*Day+time.Hour
				tl.Versions = append(tl.Versions, v)
				tl.TLSBreaks = []TLSBreak{{From: 0, To: Forever, Host: "mx1.example.com", Result: "certificate-expired"}}
				return tl
			}(),
			sender: UncachedSender("s", with("rfc", func(p *Profile) {
				p.ExtendOnDelivery, p.RefreshEvery, p.RefreshMinAge = true, Day, 12*time.Hour
			}), 12*time.Hour),
		},
		{
			// Explicit deliveries off the cadence, inside repeating
			// refresh cycles: a jump must stop before each (replayed
			// late, one would extend a 2 h policy into the past).
			name: "explicit deliveries inside refresh cycles",
			tl:   steady(2 * time.Hour),
			sender: func() Sender {
				s := UncachedSender("s", with("rfc", func(p *Profile) { p.ExtendOnDelivery = true }), time.Hour)
				s.Times = []time.Duration{5*Day + 30*time.Minute, 7*Day + 15*time.Minute}
				return s
			}(),
		},
		{
			// go-mtasts refreshes exactly at expiry: each cycle closes
			// one protection interval and opens the next.
			name:   "protection intervals closed in every cycle",
			tl:     steady(Day),
			sender: CachedSender("s", mustProfile(t, "go-mtasts"), 2*time.Hour, time.Hour),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			loud, _ := run(c.tl, []Sender{c.sender})
			q := c.sender
			q.Quiet = true
			quiet, st := run(c.tl, []Sender{q})
			if msg := sameQuietResult(loud, quiet); msg != "" {
				t.Fatal(msg)
			}
			// Only the first case has no refresh job to repeat; the
			// others must reach the cycle jump to test it.
			if c.name != cases[0].name && st.cyclesSkipped < 5 {
				t.Fatalf("the quiet run skipped only %d cycles", st.cyclesSkipped)
			}
		})
	}
}

func sameQuietResult(loud, quiet Result) string {
	for j := range loud.Senders {
		l, q := loud.Senders[j], quiet.Senders[j]
		switch {
		case l.Counts != q.Counts:
			return fmt.Sprintf("%s (%s): counts %v, quiet %v", l.Sender.Name, l.Sender.Profile.Name, l.Counts, q.Counts)
		case !slices.Equal(l.Segments, q.Segments):
			return fmt.Sprintf("%s (%s): segments\n%v\nquiet\n%v", l.Sender.Name, l.Sender.Profile.Name, l.Segments, q.Segments)
		case !slices.Equal(l.Protected, q.Protected):
			return fmt.Sprintf("%s (%s): protected %v, quiet %v", l.Sender.Name, l.Sender.Profile.Name, l.Protected, q.Protected)
		case l.RefreshAlerts != q.RefreshAlerts:
			return fmt.Sprintf("%s (%s): %d refresh alerts, quiet %d", l.Sender.Name, l.Sender.Profile.Name, l.RefreshAlerts, q.RefreshAlerts)
		case l.ProtectedUntil != q.ProtectedUntil:
			return fmt.Sprintf("%s (%s): protected until %s, quiet %s", l.Sender.Name, l.Sender.Profile.Name,
				FormatDuration(l.ProtectedUntil), FormatDuration(q.ProtectedUntil))
		}
	}
	if len(loud.Buckets) != len(quiet.Buckets) {
		return fmt.Sprintf("%d buckets, quiet %d", len(loud.Buckets), len(quiet.Buckets))
	}
	for j := range loud.Buckets {
		if loud.Buckets[j] != quiet.Buckets[j] {
			return fmt.Sprintf("bucket %d: %v, quiet %v", j, loud.Buckets[j].Counts, quiet.Buckets[j].Counts)
		}
	}
	return ""
}

func pick[T any](rng *rand.Rand, xs ...T) T { return xs[rng.IntN(len(xs))] }

func randDur(rng *rand.Rand, lo, hi time.Duration) time.Duration {
	return lo + time.Duration(rng.Int64N(int64(hi-lo)))
}

func randomTimeline(rng *rand.Rand) Timeline {
	until := randDur(rng, 20*Day, 100*Day)
	tl := Timeline{Domain: "example.com", Until: until}
	interval := func() (time.Duration, time.Duration) {
		from := randDur(rng, -10*Day, until)
		if rng.IntN(4) == 0 {
			return from, Forever
		}
		return from, from + randDur(rng, time.Minute, 20*Day)
	}
	maxAge := func() time.Duration {
		return pick(rng, time.Hour, 12*time.Hour, Day, 2*Day, Week, 14*Day, randDur(rng, time.Hour, 30*Day))
	}
	version := func(id string, at time.Duration) Version {
		v := Version{ID: id, Mode: pick(rng, policy.ModeEnforce, policy.ModeEnforce, policy.ModeEnforce, policy.ModeTesting, policy.ModeNone),
			MaxAge: maxAge(), MX: pick(rng, []string{"mx1.example.com"}, []string{"*.example.com"}, []string{"mx.other.net"}),
			At: at, TXTAt: at}
		if rng.IntN(8) == 0 {
			v.ContentType = "text/html"
		}
		return v
	}
	tl.Versions = []Version{version("v0", -400*Day)}
	for k := range rng.IntN(3) {
		at := randDur(rng, -5*Day, until)
		v := version(fmt.Sprintf("v%d", k+1), at)
		switch rng.IntN(4) {
		case 0: // §8.1 done wrong: the TXT id first
			v.TXTAt = at - randDur(rng, time.Minute, 2*Day)
		case 1:
			v.TXTAt = at + randDur(rng, time.Minute, 2*Day)
		case 2: // a new file under the old id
			v.ID = tl.Versions[len(tl.Versions)-1].ID
		}
		tl.Versions = append(tl.Versions, v)
	}
	if rng.IntN(2) == 0 {
		tl.MX = []string{"mx1.example.com", "mx2.example.com"}
	}
	if rng.IntN(4) == 0 {
		tl.MXChanges = []MXChange{{At: randDur(rng, -Day, until), Hosts: pick(rng, []string{"mx2.example.com"}, []string{"mx9.example.org"}, []string{})}}
	}
	for range rng.IntN(3) {
		from, to := interval()
		o := FileOutage{From: from, To: to, Failure: pick(rng, FailNotFound, FailRedirect, FailTLS, FailTimeout, FailSlow, FailInvalid, FailContentType)}
		if o.Failure == FailSlow {
			o.Latency = randDur(rng, time.Second, 90*time.Second)
		}
		tl.FileOutages = append(tl.FileOutages, o)
	}
	for range rng.IntN(3) {
		from, to := interval()
		tl.TXTOutages = append(tl.TXTOutages, TXTOutage{From: from, To: to, Kind: pick(rng, TXTAbsent, TXTDNSError)})
	}
	if rng.IntN(4) == 0 {
		from, to := interval()
		tl.TLSBreaks = []TLSBreak{{From: from, To: to, Host: pick(rng, "", "mx1.example.com"), Result: "certificate-expired"}}
	}
	for range rng.IntN(3) / 2 * (1 + rng.IntN(2)) {
		from, to := interval()
		tl.Attacks = append(tl.Attacks, Attack{From: from, To: to, BlocksPolicyFetch: rng.IntN(2) == 0})
	}
	tl.Bucket = pick(rng, 0, time.Hour, 6*time.Hour, Day, Week, randDur(rng, time.Minute, 3*Day))
	return tl
}

func randomSender(rng *rand.Rand, tl Timeline, name string) Sender {
	profs := Profiles()
	p := profs[rng.IntN(len(profs))]
	if rng.IntN(3) == 0 {
		randomOverride(rng, &p)
	}
	s := Sender{Name: name, Profile: p, Start: randDur(rng, -5*Day, 10*Day)}
	s.Every = pick(rng, time.Hour, time.Hour, 30*time.Minute, 2*time.Hour, 3*time.Hour, 6*time.Hour, 8*time.Hour,
		12*time.Hour, Day, 7*time.Hour, 90*time.Minute, 37*time.Minute, 36*time.Hour, randDur(rng, 20*time.Minute, 2*Day))
	switch rng.IntN(8) {
	case 0:
		s.Every = 0
		for range 1 + rng.IntN(40) {
			s.Times = append(s.Times, randDur(rng, s.Start-Day, tl.Until+Day))
		}
	case 1, 2:
		for range 1 + rng.IntN(30) {
			s.Times = append(s.Times, randDur(rng, s.Start-Day, tl.Until+Day))
		}
	}
	if rng.IntN(4) > 0 {
		v := rng.IntN(len(tl.Versions))
		s.Cache = &Seed{Version: v, FetchedAt: s.Start - randDur(rng, 0, tl.Versions[v].MaxAge*3/2+time.Second)}
	}
	return s
}

// randomOverride changes a few parameters the way a user's override may.
func randomOverride(rng *rand.Rand, p *Profile) {
	for range 1 + rng.IntN(3) {
		switch rng.IntN(21) {
		case 0:
			p.FetchTimeout = randDur(rng, time.Second, 2*time.Minute)
		case 1:
			p.TXTOnDelivery = !p.TXTOnDelivery
		case 2:
			p.CacheGrace = pick(rng, 0, time.Minute, time.Hour, 3*time.Hour)
		case 3:
			p.ExtendOnDelivery = !p.ExtendOnDelivery
		case 4:
			p.ExtendOnRefresh = !p.ExtendOnRefresh
		case 5:
			p.ReviveExpired = !p.ReviveExpired
		case 6:
			p.LazyFirstFetch = !p.LazyFirstFetch
		case 7:
			p.Backoff = pick(rng, 0, 5*time.Minute, time.Hour, 2*Day)
		case 8:
			p.RefreshEvery = pick(rng, 0, time.Hour, 6*time.Hour, 12*time.Hour, Day, 2*Day, randDur(rng, time.Minute, 3*Day))
		case 9:
			p.RefreshMinAge = pick(rng, 0, time.Hour, 12*time.Hour, 2*Day)
		case 10:
			p.RefreshWindow = pick(rng, 0, time.Hour, 6*time.Hour, 3*Day)
		case 11:
			p.RefreshChecksTXT = !p.RefreshChecksTXT
			p.RefreshFetchOnTXTError = rng.IntN(2) == 0
		case 12:
			p.RefreshExpired = !p.RefreshExpired
		case 13:
			p.HonoursTesting, p.EnforcesTesting = rng.IntN(2) == 0, rng.IntN(2) == 0
		case 14:
			p.CacheCap = pick(rng, 0, 12*time.Hour, 3*Day, 30*Day)
		case 15:
			p.BackoffOverwrites = !p.BackoffOverwrites
		case 16:
			p.NegativeCache = pick(rng, 0, 30*time.Minute, 3*time.Hour, 2*Day)
		case 17:
			p.TXTErrorDefers = !p.TXTErrorDefers
		case 18:
			p.BouncesUncoveredMX = !p.BouncesUncoveredMX
		case 19:
			p.AlertsOnRefreshFailure = !p.AlertsOnRefreshFailure
		case 20:
			p.Reports, p.ReportsFetchErrors = rng.IntN(2) == 0, rng.IntN(2) == 0
		}
	}
	p.Name += "+"
}

// The point of the shortcuts: a year of hourly deliveries (8760 each) to
// a steady domain with one outage costs a quiet sender a few dozen steps,
// whatever its profile, instead of hundreds of refresh runs. A jump that
// left the state behind (so the refresh runs were replayed one by one)
// would still give the right counts; this catches it.
func TestQuietYearTakesFewSteps(t *testing.T) {
	tl := OutageTimeline(DefaultPolicy(Week), 14*Day, 365*Day)
	tl.FileOutages[0].From, tl.FileOutages[0].To = 180*Day, 194*Day
	tl.Bucket = Day
	for _, p := range Profiles() {
		sc := Population(tl, PopulationSpec{N: 20, Seed: 1, Every: time.Hour, NewShare: 0.1, Profiles: []Profile{p}})
		_, st := run(sc.Timeline, sc.Senders)
		if per := st.steps / len(sc.Senders); per > 120 {
			t.Errorf("%s: %d steps per sender", p.Name, per)
		}
	}
}
