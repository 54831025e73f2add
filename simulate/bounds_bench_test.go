package simulate

import (
	"encoding/json"
	"fmt"
	"testing"
)

// worstScenarioFile is about the largest work a scenario file of under
// 1 MiB may ask for within the bounds: 1000 versions of 25 mx patterns
// each, 500 TLS breaks and 499 outages (the timeline bound), 100 MX hosts,
// a sender near MaxWork and a population of 1000.
func worstScenarioFile() []byte {
	type o = map[string]any
	hosts := make([]string, MaxHosts)
	for i := range hosts {
		hosts[i] = fmt.Sprintf("mx%d.example.com", i)
	}
	var versions, breaks, outages []o
	for i := range 1000 {
		versions = append(versions, o{"id": fmt.Sprint(i), "mode": []string{"enforce", "testing"}[i%2], "max_age": "1d",
			"mx": hosts[i%40 : i%40+25], "at": fmt.Sprintf("%ds", i*60000-30000000)})
	}
	for i := range 500 {
		breaks = append(breaks, o{"from": fmt.Sprintf("%ds", i*60000), "to": "forever", "host": hosts[i%100], "result": "certificate-expired"})
	}
	for i := range 499 {
		outages = append(outages, o{"from": fmt.Sprintf("%ds", i*120000), "to": fmt.Sprintf("%ds", i*120000+30000), "failure": "404"})
	}
	b, _ := json.Marshal(o{"until": "730d", "versions": versions, "mx": hosts, "tls_breaks": breaks, "file_outages": outages,
		"senders":    []o{{"name": "a", "profile": "rfc", "every": "22m"}},
		"population": o{"n": 1000, "seed": 1, "profiles": []string{"rfc", "mox"}, "every": "1d", "new_share": 0.1}})
	return b
}

// BenchmarkWorstAcceptedScenarioFile: parse and run the worst a file
// within the bounds can ask for (issue 10 item 8: under 200 MB and 2 s).
func BenchmarkWorstAcceptedScenarioFile(b *testing.B) {
	file := worstScenarioFile()
	if len(file) > 1<<20 {
		b.Fatalf("the file is %d bytes, over 1 MiB", len(file))
	}
	b.ReportAllocs()
	for b.Loop() {
		sc, err := ParseScenario(file)
		if err != nil {
			b.Fatal(err)
		}
		Run(sc.Timeline, sc.Senders)
	}
}
