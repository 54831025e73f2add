package main

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// csvHeader names the columns of check --format csv (documented in the
// README). Lists within a cell are separated by spaces: step IDs, codes and
// host names hold none.
var csvHeader = []string{"domain", "verdict", "failing_steps", "codes", "record_id", "mode", "max_age", "mx_count", "refused_mx", "error"}

type csvWriter struct{ w *csv.Writer }

func newCSVWriter(out io.Writer) (*csvWriter, error) {
	w := &csvWriter{csv.NewWriter(out)}
	return w, w.row(csvHeader)
}

// row writes and flushes one record, so rows stream like the other forms.
func (w *csvWriter) row(r []string) error {
	if err := w.w.Write(r); err != nil {
		return err
	}
	w.w.Flush()
	return w.w.Error()
}

func (w *csvWriter) report(rep *probe.Report) error {
	var failing, codes []string
	for _, s := range rep.Steps {
		if s.Status == probe.StatusFail {
			failing = append(failing, string(s.ID))
		}
		for _, d := range s.Diagnostics {
			if d.Severity >= diag.Warning && !slices.Contains(codes, string(d.Code)) {
				codes = append(codes, string(d.Code))
			}
		}
	}
	var id, mode, maxAge string
	if rep.Record != nil {
		id = rep.Record.ID
	}
	if rep.Policy != nil {
		mode, maxAge = string(rep.Policy.Mode), strconv.FormatInt(rep.Policy.MaxAge, 10)
	}
	return w.row([]string{
		rep.Domain, string(rep.Verdict.WithoutCache), strings.Join(failing, " "), strings.Join(codes, " "),
		id, mode, maxAge, strconv.Itoa(len(rep.MX)), strings.Join(rep.Verdict.RefusedMX, " "), "",
	})
}

func (w *csvWriter) failed(it batchItem) error {
	return w.row([]string{csvSafe(it.input), "", "", "", "", "", "", "", "", csvSafe(it.err.Error())})
}

func (w *csvWriter) close() error { return nil }

// csvSafe keeps a cell that came from the user's list from being read as a
// formula by a spreadsheet (=, +, -, @ first; OWASP "CSV injection"): a
// leading apostrophe makes it text. Reports need none of this: their
// domains, codes and IDs cannot start with those characters.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
