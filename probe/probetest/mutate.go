package probetest

import (
	"fmt"
	"slices"
	"strings"
)

// A running world can be changed between walks, the way a domain changes
// under a monitoring tool: a policy file edited, an MX moved, a certificate
// replaced, a record's id bumped. Set replaces one domain's whole
// description; lookups and connections made after it returns see the new
// one, those in flight finish with the old. History tests and the sandbox
// drive the world through changes with it.

// Domain returns a copy of the current description of the domain named
// name (with or without trailing dot).
func (w *World) Domain(name string) (Domain, bool) {
	w.state.RLock()
	defer w.state.RUnlock()
	i := w.domainIndex(fqdn(name))
	if i < 0 {
		return Domain{}, false
	}
	return cloneDomain(w.domains[i]), true
}

// Set replaces the description of the domain d.Name (adding it when the
// world does not have it yet): its zone is rebuilt, its web and mail hosts
// restart with their new specification on the same addresses (new hosts get
// new ones), and hosts it no longer lists stop listening, so connecting to
// them is refused. A host keeps its address across changes, so a walk sees
// only what the description changed. A description the zone parser
// rejects is an error and changes nothing.
func (w *World) Set(d Domain) error {
	select {
	case <-w.done:
		return fmt.Errorf("probetest: the world is closed")
	default:
	}
	d = cloneDomain(d)
	origin := fqdn(d.Name)
	w.state.Lock()
	defer w.state.Unlock()
	domains := slices.Clone(w.domains)
	var old Domain
	if i := w.domainIndex(origin); i >= 0 {
		old = domains[i]
		domains[i] = d
	} else {
		domains = append(domains, d)
	}
	z, err := buildZone(domains, w.alloc, w.ca)
	if err != nil {
		return err
	}
	oldOrigin := fqdn(old.Name)
	for _, h := range old.Web {
		w.retire("https", abs(h.Host, oldOrigin))
	}
	for _, h := range old.Mail {
		w.retire("smtp", abs(h.Host, oldOrigin))
	}
	for _, h := range d.Web {
		if err := w.startWeb(origin, h, w.alloc); err != nil {
			return err
		}
	}
	for _, h := range d.Mail {
		if err := w.startMail(origin, h, w.alloc); err != nil {
			return err
		}
	}
	if err := w.startNS(d); err != nil {
		return err
	}
	w.domains = domains
	w.zone.Store(z)
	w.sortMapping()
	return nil
}

// Change applies f to a copy of the domain's current description and Sets
// the result: w.Change("a.test", func(d *Domain) { d.Web[0].Body = v2 }).
func (w *World) Change(name string, f func(*Domain)) error {
	d, ok := w.Domain(name)
	if !ok {
		return fmt.Errorf("probetest: no domain %q in this world", name)
	}
	f(&d)
	if fqdn(d.Name) != fqdn(name) {
		return fmt.Errorf("probetest: Change may not rename %s to %s", name, d.Name)
	}
	return w.Set(d)
}

// retire stops a host's listeners and unmaps its addresses; connections
// already accepted run to their end. The caller holds w.state.
func (w *World) retire(service, host string) {
	key := service + " " + host
	for _, l := range w.served[key] {
		l.Close()
	}
	delete(w.served, key)
	name := strings.TrimSuffix(host, ".")
	w.mapping = slices.DeleteFunc(w.mapping, func(m Mapping) bool {
		if m.Host == name && m.Service == service {
			delete(w.ports, m.Addr)
			return true
		}
		return false
	})
}

func (w *World) domainIndex(origin string) int {
	return slices.IndexFunc(w.domains, func(d Domain) bool { return fqdn(d.Name) == origin })
}

func cloneDomain(d Domain) Domain {
	d.Zone = slices.Clone(d.Zone)
	d.Names = slices.Clone(d.Names)
	d.Web = slices.Clone(d.Web)
	d.Mail = slices.Clone(d.Mail)
	d.NS = slices.Clone(d.NS)
	for i := range d.NS {
		d.NS[i].Zone = slices.Clone(d.NS[i].Zone)
	}
	for i := range d.Web {
		d.Web[i].CertNames = slices.Clone(d.Web[i].CertNames)
	}
	for i := range d.Mail {
		d.Mail[i].CertNames = slices.Clone(d.Mail[i].CertNames)
	}
	return d
}
