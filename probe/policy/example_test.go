package policy_test

import (
	"fmt"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

func ExampleParsePolicy() {
	body := "version: STSv1\nmode: enforce\nmx: 192.0.2.1\nmax_age: 604800\n"
	p, diags := policy.ParsePolicy([]byte(body))
	fmt.Println(p == nil)
	for _, d := range diags {
		fmt.Println(d.Line, d.Column, d.Severity, d.Code)
	}
	// Output:
	// true
	// 1 15 info policy.line.lf
	// 3 5 error policy.mx.ip_address
}

func ExampleParseRecords() {
	// One record, split into two character-strings, plus an SPF record.
	rec, diags := policy.ParseRecords([][]string{
		{"v=STSv1; id=2024", "0101"},
		{"v=spf1 -all"},
	})
	fmt.Println(rec.ID)
	for _, d := range diags {
		fmt.Println(d.Code)
	}
	// Output:
	// 20240101
	// record.discarded
}

func ExampleParseTLSRPTRecords() {
	rec, _ := policy.ParseTLSRPTRecords([][]string{{"v=TLSRPTv1; rua=mailto:tls@example.com,https://r.example.com/"}})
	fmt.Println(rec.RUA)
	// Output: [mailto:tls@example.com https://r.example.com/]
}

func ExampleMatchMX() {
	fmt.Println(policy.MatchMX("*.example.com", "MX1.example.com."))
	fmt.Println(policy.MatchMX("*.example.com", "a.b.example.com"))
	// Output:
	// true
	// false
}

func ExamplePolicy_Covering() {
	p := policy.Policy{MX: []string{"mail.example.com", "*.example.net"}}
	fmt.Println(p.Covering("mx2.example.net"))
	// Output: *.example.net true
}

func ExampleCheckContentType() {
	for _, d := range policy.CheckContentType("text/html") {
		fmt.Println(d.Severity, d.Code)
	}
	// Output: warning policy.content_type.not_text_plain
}
