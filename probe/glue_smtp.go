package probe

import "net/netip"

// probeSMTP is replaced by the STARTTLS transport when it lands.
func (w *walk) probeSMTP(mx string, addr netip.Addr) HostResult {
	return HostResult{MX: mx, Address: addr.String(), Status: StatusError, Error: "STARTTLS probe not built yet"}
}
