package policy

import (
	"mime"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// CheckContentType checks the Content-Type header value of a policy
// response (RFC 8461 §3.2): senders SHOULD validate that the media type is
// "text/plain", and ignore every parameter but charset=utf-8 or us-ascii.
// Because the RFC says SHOULD and real senders differ (postfix-mta-sts-resolver,
// postfix-tlspol and go-mtasts require text/plain, mox does not look; see
// probe/senders), problems are warnings
// that name who rejects. An empty value means the header was missing.
func CheckContentType(value string) diag.List {
	b := &builder{}
	value = strings.TrimSpace(value)
	if value == "" {
		b.add(CodeContentTypeMissing, diag.Warning, rfcPolicy, 0, 0,
			"no Content-Type header: senders SHOULD check for text/plain; postfix-mta-sts-resolver, postfix-tlspol and go-mtasts reject the policy, mox does not check; serve it as \"text/plain\"")
		return b.list
	}
	media, params, err := mime.ParseMediaType(value)
	if media == "" {
		b.add(CodeContentTypeInvalid, diag.Warning, rfcPolicy, 0, 0,
			"Content-Type %s is not a valid media type (%s): senders that check it (postfix-mta-sts-resolver, postfix-tlspol, go-mtasts) reject the policy; serve it as \"text/plain\"",
			q(value), errText(err))
		return b.list
	}
	if media != "text/plain" {
		b.add(CodeContentTypeNotTextPlain, diag.Warning, rfcPolicy, 0, 0,
			"Content-Type is %s, not text/plain: senders SHOULD reject it; postfix-mta-sts-resolver, postfix-tlspol and go-mtasts do, mox does not check; serve it as \"text/plain\"",
			q(media))
		return b.list
	}
	if cs, ok := params["charset"]; ok {
		switch strings.ToLower(cs) {
		case "utf-8", "us-ascii":
		default:
			b.add(CodeContentTypeCharset, diag.Info, rfcPolicy, 0, 0,
				"charset %s is ignored by the RFC (only utf-8 and us-ascii count), but postfix-mta-sts-resolver decodes the body with it; use charset=utf-8 or none",
				q(cs))
		}
	}
	return b.list
}

func errText(err error) string {
	if err == nil {
		return "unparsable"
	}
	return q(err.Error())
}
