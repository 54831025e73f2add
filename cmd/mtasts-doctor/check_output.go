package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// The output forms of check (--format).
const (
	formatText   = "text"
	formatJSON   = "json"   // one indented object per domain, a stream jq reads
	formatNDJSON = "ndjson" // one compact object per line
	formatCSV    = "csv"
)

var checkFormats = []string{formatText, formatJSON, formatNDJSON, formatCSV}

// batchWriter prints a batch's results in one format, one domain at a time
// and in input order.
type batchWriter interface {
	// report prints one domain's walk.
	report(rep *probe.Report) error
	// failed prints an entry that could not be checked, in its place.
	failed(it batchItem) error
	// close finishes the output (flushes buffers).
	close() error
}

func newBatchWriter(format string, out, errOut io.Writer, style reportStyle) (batchWriter, error) {
	switch format {
	case formatText:
		return &textWriter{out: out, errOut: errOut, style: style}, nil
	case formatJSON:
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return jsonWriter{enc}, nil
	case formatNDJSON:
		return jsonWriter{json.NewEncoder(out)}, nil
	case formatCSV:
		return newCSVWriter(out)
	}
	return nil, usageErr("--format %s: want one of %s", displayName(format), strings.Join(checkFormats, ", "))
}

// checkError is the JSON object that stands for an entry that could not be
// checked, so one bad line is one object and never the end of the stream.
type checkError struct {
	SchemaVersion int    `json:"schema_version"`
	Domain        string `json:"domain"`
	Error         string `json:"error"`
}

func errorObject(it batchItem) checkError {
	return checkError{SchemaVersion: probe.ReportSchemaVersion, Domain: it.input, Error: it.err.Error()}
}

type jsonWriter struct{ enc *json.Encoder }

func (w jsonWriter) report(rep *probe.Report) error { return w.enc.Encode(rep) }
func (w jsonWriter) failed(it batchItem) error      { return w.enc.Encode(errorObject(it)) }
func (w jsonWriter) close() error                   { return nil }

// textWriter prints the plain report; an entry that could not be checked
// is a message on standard error, so standard output holds reports only.
type textWriter struct {
	out, errOut io.Writer
	style       reportStyle
	n           int
}

func (w *textWriter) report(rep *probe.Report) error {
	if w.n > 0 {
		fmt.Fprintln(w.out)
	}
	w.n++
	printReport(w.out, rep, w.style)
	return nil
}

func (w *textWriter) failed(it batchItem) error {
	_, err := fmt.Fprintln(w.errOut, "mtasts-doctor:", it.err)
	return err
}

func (w *textWriter) close() error { return nil }
