package history

import "github.com/mtasts-doctor/mtasts-doctor/probe/diag"

// Codes of what the history finds by comparing walks. Each has an
// explanation in assets/diagnostics/history.json.
const (
	CodePolicyChangedSameID diag.Code = "history.policy_changed_same_id"
	CodeIDChangedSamePolicy diag.Code = "history.id_changed_same_policy"
	CodeMXChanged           diag.Code = "history.mx_changed"
	CodeMaxAgeLowered       diag.Code = "history.max_age_lowered"
	CodePolicyUnreachable   diag.Code = "history.policy_unreachable_since"
	CodeVerdictChanged      diag.Code = "history.verdict_changed"
	CodeCertExpiresSoon     diag.Code = "history.cert_expires_soon"
	CodeCertExpiresImminent diag.Code = "history.cert_expires_imminent"
	// CodeWatchStarted is watch's first line for a domain: where it stands.
	CodeWatchStarted diag.Code = "history.watch_started"
)

// Codes lists every code the history emits.
func Codes() []diag.Code {
	return []diag.Code{CodePolicyChangedSameID, CodeIDChangedSamePolicy, CodeMXChanged, CodeMaxAgeLowered,
		CodePolicyUnreachable, CodeVerdictChanged, CodeCertExpiresSoon, CodeCertExpiresImminent, CodeWatchStarted}
}
