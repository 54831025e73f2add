// Package reports reads SMTP TLS Reporting aggregate reports (RFC 8460 §4):
// the daily JSON documents senders such as Google and Microsoft mail to the
// address in a domain's _smtp._tls record, counting the sessions that
// succeeded and, by result type, the ones that failed.
//
// Real reports deviate from the RFC in small ways (a report without
// sending-mta-ip, counts written as strings, dates without a zone, a null
// contact-info). A reader that refuses them shows the admin nothing, so the
// reader here takes what it can and lists every deviation as a diagnostic
// with the section it departs from; the caller decides whether a deviation
// matters (`reports --strict`).
//
// Reports arrive as .json files, gzip files, or inside mail (RFC 8460 §5.3):
// an .eml file, an mbox, a Maildir. Every one of those is untrusted input of
// any size, so each layer is bounded (Limits) and every string kept is
// sanitised before it reaches a Report.
//
// The package knows nothing of terminals. Aggregate turns reports into
// counts per domain, day, result type, organisation and receiving MX;
// Correlate ties each reported failure to the step of a fresh walk that
// explains it.
package reports
