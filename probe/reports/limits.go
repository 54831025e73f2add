package reports

// Limits bound the work and memory one read may take. Reports, archives and
// mail are attacker-controlled (anyone can mail the rua address), so every
// layer has a ceiling and says so when it is reached.
type Limits struct {
	// ReportBytes caps one report's JSON after decompression. RFC 8460 §5.2
	// notes that receivers commonly refuse reports over ten megabytes.
	ReportBytes int64
	// MessageBytes caps one mail message (an .eml file or one message of
	// an mbox or Maildir), attachments still encoded.
	MessageBytes int64
	// FileBytes caps any other single file read whole.
	FileBytes int64
	// MIMEDepth caps how deeply multiparts (and forwarded messages) nest.
	MIMEDepth int
	// MIMEParts caps the parts looked at in one message.
	MIMEParts int
	// DetailsPerReport caps the failure-details records kept per report;
	// the sessions they count are still added to the policy's totals.
	DetailsPerReport int
	// Reports caps how many reports one read keeps in memory.
	Reports int
	// DirDepth caps how deep a directory walk goes.
	DirDepth int
}

// DefaultLimits are generous for real reports (a large provider's daily
// report is tens of kilobytes) and keep a hostile input to a few hundred MB.
func DefaultLimits() Limits {
	return Limits{
		ReportBytes:      10 << 20,
		MessageBytes:     32 << 20,
		FileBytes:        32 << 20,
		MIMEDepth:        8,
		MIMEParts:        64,
		DetailsPerReport: 10000,
		Reports:          100000,
		DirDepth:         32,
	}
}
