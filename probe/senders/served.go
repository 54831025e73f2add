package senders

import (
	"mime"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ReadServed reads a policy as the sender's fetch would receive it: with
// this Content-Type header value ("" when absent) and body, status 200.
// It applies the sender's Fetch rules (media type, charset, size) and then
// ReadPolicy.
func (s Sender) ReadServed(contentType string, body []byte) PolicyReading {
	if s.Fetch.MaxBody > 0 && len(body) > s.Fetch.MaxBody {
		return PolicyReading{Reason: "the body is " + strconv.Itoa(len(body)) + " bytes, over the " + strconv.Itoa(s.Fetch.MaxBody) + "-byte limit"}
	}
	media, params, err := mime.ParseMediaType(contentType)
	switch rule := s.Fetch.ContentType; {
	case rule == ContentTypeIgnored:
	case strings.TrimSpace(contentType) == "":
		return PolicyReading{Reason: "no Content-Type header, and text/plain is required"}
	case rule == ContentTypeTextPlainPrefix:
		prefix, _, _ := strings.Cut(strings.ToLower(contentType), ";")
		if strings.TrimSpace(prefix) != "text/plain" {
			return PolicyReading{Reason: "Content-Type " + q(contentType) + " is not text/plain"}
		}
	case err != nil || media != "text/plain":
		return PolicyReading{Reason: "Content-Type " + q(contentType) + " is not a valid text/plain media type"}
	}
	if s.Fetch.Charset == CharsetASCIIUnlessDeclared {
		if why := decodes(params["charset"], body); why != "" {
			return PolicyReading{Reason: why}
		}
	}
	return s.ReadPolicy(body)
}

// decodes says why a body does not decode in the declared charset (ASCII
// when none is declared), as Python's bytes.decode would refuse it; ""
// when it decodes.
func decodes(charset string, body []byte) string {
	switch strings.ToLower(strings.TrimSpace(charset)) {
	case "", "ascii", "us-ascii":
		for i, b := range body {
			if b >= 0x80 {
				how := "no charset is declared, so the body is decoded as ASCII"
				if charset != "" {
					how = "the body is declared " + q(charset)
				}
				return how + ", and byte " + strconv.Itoa(i+1) + " is not ASCII: the fetch fails (serve it with charset=utf-8)"
			}
		}
	case "utf-8", "utf8":
		if !utf8.Valid(body) {
			return "the body is declared UTF-8 but is not valid UTF-8"
		}
	}
	return ""
}
