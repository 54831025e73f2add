package probetest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"sync/atomic"
	"time"
)

// authority issues every certificate of a world. Keys are generated once
// per world (two CAs and one leaf key shared by all hosts): signing is cheap,
// key generation is what would make a big lab slow to start.
type authority struct {
	now     time.Time
	root    *x509.Certificate
	rootKey *ecdsa.PrivateKey
	// rogue signs "untrusted" certificates; it is not in the pool.
	rogue    *x509.Certificate
	rogueKey *ecdsa.PrivateKey
	leafKey  *ecdsa.PrivateKey
	pool     *x509.CertPool
	serial   atomic.Int64
}

func newAuthority(now time.Time) (*authority, error) {
	a := &authority{now: now}
	var err error
	if a.root, a.rootKey, err = a.selfSigned("mtasts-doctor lab CA"); err != nil {
		return nil, err
	}
	if a.rogue, a.rogueKey, err = a.selfSigned("Untrusted Example CA"); err != nil {
		return nil, err
	}
	if a.leafKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		return nil, err
	}
	a.pool = x509.NewCertPool()
	a.pool.AddCert(a.root)
	return a, nil
}

func (a *authority) selfSigned(cn string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(a.serial.Add(1)),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"mtasts-doctor lab"}},
		NotBefore:             a.now.Add(-24 * time.Hour),
		NotAfter:              a.now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	c, err := x509.ParseCertificate(der)
	return c, key, err
}

// leaf issues a certificate of the given kind (CertKinds) for names.
// "wrong-name" certificates are valid for the wrong names instead.
func (a *authority) leaf(kind string, names, wrong []string) (*tls.Certificate, error) {
	notBefore, notAfter := a.now.Add(-time.Hour), a.now.Add(90*24*time.Hour)
	parent, parentKey := a.root, a.rootKey
	switch kind {
	case "", "valid":
	case "expired":
		notBefore, notAfter = a.now.Add(-120*24*time.Hour), a.now.Add(-30*24*time.Hour)
	case "wrong-name":
		names = wrong
	case "untrusted":
		parent, parentKey = a.rogue, a.rogueKey
	default:
		return nil, fmt.Errorf("probetest: unknown certificate kind %q", kind)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(a.serial.Add(1)),
		// The CN is informative only: RFC 8461 §3.3 and §4.2 match DNS-IDs.
		Subject:     pkix.Name{CommonName: names[0]},
		DNSNames:    names,
		NotBefore:   notBefore,
		NotAfter:    notAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &a.leafKey.PublicKey, parentKey)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &tls.Certificate{Certificate: [][]byte{der, parent.Raw}, PrivateKey: a.leafKey, Leaf: leaf}, nil
}

// spkiSHA256 is the "3 1 1" TLSA association data of every leaf (RFC 6698
// §2.1: selector 1 = SubjectPublicKeyInfo, matching type 1 = SHA-256).
func (a *authority) spkiSHA256() (string, error) {
	der, err := x509.MarshalPKIXPublicKey(&a.leafKey.PublicKey)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:]), nil
}

func (a *authority) writeCAFile(path string) error {
	b := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: a.root.Raw})
	return os.WriteFile(path, b, 0o644)
}
