// Package probetest is a fake Internet on loopback for testing the probe,
// like net/http/httptest for a whole mail domain: one call starts an
// authoritative DNS server, HTTPS policy hosts and SMTP MX hosts on
// 127.0.0.0/8 (and ::1) with a generated CA, each with chosen behaviours and
// faults, and hands back the probe.Options that reach them.
//
//	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{{
//		Name: "example.test",
//		Zone: []string{`_mta-sts TXT "v=STSv1; id=1"`, "@ MX 10 mx1"},
//		Web:  []probetest.WebHost{{Host: "mta-sts", Body: policy}},
//		Mail: []probetest.MailHost{{Host: "mx1"}},
//	}}})
//	rep := probe.Check(ctx, "example.test", w.Options())
//
// Nothing is ever bound or dialled outside 127.0.0.0/8 and ::1. By default
// every server listens on an ephemeral port and Options().DialContext maps
// "ADDR:443" and "ADDR:25" onto it; with Config.RealPorts (root or
// CAP_NET_BIND_SERVICE) the servers listen on ports 53, 443 and 25 of their
// own addresses so dig, curl and openssl work unchanged.
//
// The lab's scenario catalogue is data in assets/scenarios; its schema,
// vocabulary and validation are here (Scenario, Scenarios), beside the
// world that serves it (StartLab).
package probetest
