package policy

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// echoMax bounds how much of an offending value a message repeats, so one
// hostile line cannot flood a terminal.
const echoMax = 64

// q quotes untrusted input for a message: sanitised, cut, in double quotes.
func q(s string) string { return `"` + sanitize.Line(s, echoMax) + `"` }

// byteName names a control byte readably, since sanitize would drop it.
func byteName(b byte) string {
	switch b {
	case 0:
		return "NUL (0x00)"
	case '\t':
		return "TAB (0x09)"
	case '\r':
		return "CR (0x0D)"
	case 0x1b:
		return "ESC (0x1B)"
	case 0x7f:
		return "DEL (0x7F)"
	}
	return fmt.Sprintf("control byte 0x%02X", b)
}

func isWSP(b byte) bool { return b == ' ' || b == '\t' }

func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// validExtName checks sts-ext-name / tlsrpt-ext-name / sts-policy-ext-name,
// which share one shape: (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".").
func validExtName(s string) bool {
	if len(s) == 0 || len(s) > 32 || !isAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && c != '_' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// badTXTExtValueByte returns the index of the first byte outside
// sts-ext-value / tlsrpt-ext-value (%x21-3A / %x3C / %x3E-7E: no "=", ";",
// SP or CTLs), or -1.
func badTXTExtValueByte(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 || c > 0x7e || c == '=' || c == ';' {
			return i
		}
	}
	return -1
}

// trimWSP trims spaces and tabs and reports how many leading bytes went.
func trimWSP(s string) (string, int) {
	start := 0
	for start < len(s) && isWSP(s[start]) {
		start++
	}
	end := len(s)
	for end > start && isWSP(s[end-1]) {
		end--
	}
	return s[start:end], start
}

// builder collects diagnostics with the defaults of one input kind.
type builder struct {
	list diag.List
	// counts and omitted bound repeats: a megabyte of garbage would
	// otherwise make thousands of identical findings, which help nobody
	// and flood a terminal.
	counts  map[diag.Code]int
	omitted map[diag.Code]diag.Diagnostic
}

// maxPerCode is how many findings of one code are listed before the rest
// are summed up in one.
const maxPerCode = 10

func (b *builder) add(code diag.Code, sev diag.Severity, rfc string, line, col int, format string, a ...any) {
	if b.counts == nil {
		b.counts, b.omitted = map[diag.Code]int{}, map[diag.Code]diag.Diagnostic{}
	}
	b.counts[code]++
	if n := b.counts[code]; n > maxPerCode {
		d := b.omitted[code]
		d.Code, d.RFC, d.Severity = code, rfc, max(d.Severity, sev)
		d.Message = fmt.Sprintf("… and %d more %s findings like the ones above", n-maxPerCode, code)
		b.omitted[code] = d
		return
	}
	b.list = append(b.list, diag.Diagnostic{
		Code: code, Severity: sev, RFC: rfc, Line: line, Column: col,
		Message: fmt.Sprintf(format, a...),
	})
}

// sorted returns the diagnostics in reading order: by line and column,
// whole-input findings (line 0) last.
func (b *builder) sorted() diag.List {
	for _, code := range slices.Sorted(maps.Keys(b.omitted)) {
		b.list = append(b.list, b.omitted[code])
	}
	b.omitted = nil
	slices.SortStableFunc(b.list, func(x, y diag.Diagnostic) int {
		kx, ky := x.Line, y.Line
		if kx == 0 {
			kx = math.MaxInt
		}
		if ky == 0 {
			ky = math.MaxInt
		}
		if c := cmp.Compare(kx, ky); c != 0 {
			return c
		}
		return cmp.Compare(x.Column, y.Column)
	})
	return b.list
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}
