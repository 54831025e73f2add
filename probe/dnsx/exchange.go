package dnsx

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/miekg/dns"
)

// udpSize is the EDNS0 buffer size we advertise: the DNS Flag Day 2020
// value, which avoids IP fragmentation on practically every path.
const udpSize = 1232

// udpBuffers holds receive buffers big enough for any datagram: a server
// may ignore the advertised size, and a cut datagram would look like
// garbage.
var udpBuffers = sync.Pool{New: func() any { b := make([]byte, dns.MaxMsgSize); return &b }}

// errTruncated marks a UDP reply with TC set whose body could not be
// parsed: the answer has to be fetched over TCP.
var errTruncated = errors.New("truncated reply")

// errMismatch is a TCP reply to a different question: on a stream there is
// no later reply to wait for.
var errMismatch = errors.New("reply does not match the question")

// wire is the outcome of one exchange with one server over one transport.
type wire struct {
	msg *dns.Msg
	// ignored counts UDP datagrams dropped because they could not be
	// parsed or answered another question (a spoofing attempt, a late
	// answer or a broken server).
	ignored int
	rtt     time.Duration
	err     error
}

// exchange sends m to server and waits, until timeout or ctx ends, for the
// first reply that answers it.
func exchange(ctx context.Context, network, server string, m *dns.Msg, timeout time.Duration, control func(string, string, syscall.RawConn) error) wire {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	d := net.Dialer{Control: control}
	conn, err := d.DialContext(ctx, network, server)
	if err != nil {
		return wire{err: err, rtt: time.Since(start)}
	}
	defer conn.Close()
	// A read blocked on the socket does not watch ctx; a deadline in the
	// past wakes it as soon as the caller cancels.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	packed, err := m.Pack()
	if err != nil {
		return wire{err: err}
	}
	var w wire
	if network == "tcp" {
		w = exchangeTCP(conn, m, packed)
	} else {
		w = exchangeUDP(conn, m, packed)
	}
	w.rtt = time.Since(start)
	return w
}

func exchangeUDP(conn net.Conn, m *dns.Msg, packed []byte) wire {
	if _, err := conn.Write(packed); err != nil {
		return wire{err: err}
	}
	bp := udpBuffers.Get().(*[]byte)
	defer udpBuffers.Put(bp)
	buf := *bp
	ignored := 0
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return wire{err: err, ignored: ignored}
		}
		r := new(dns.Msg)
		// Copied because the buffer goes back to the pool while r lives.
		if err := r.Unpack(bytes.Clone(buf[:n])); err != nil {
			if truncatedHeader(buf[:n], m.Id) {
				return wire{err: errTruncated, ignored: ignored}
			}
			ignored++
			continue
		}
		if !answers(m, r) {
			ignored++
			continue
		}
		return wire{msg: r, ignored: ignored}
	}
}

// truncatedHeader reports whether b, too broken to parse as a whole, at
// least starts with a header answering query id with TC set (RFC 1035
// §4.1.1): some servers cut a datagram mid-record.
func truncatedHeader(b []byte, id uint16) bool {
	if len(b) < 12 {
		return false
	}
	flags := binary.BigEndian.Uint16(b[2:4])
	return binary.BigEndian.Uint16(b[0:2]) == id && flags&0x8000 != 0 && flags&0x0200 != 0
}

func exchangeTCP(conn net.Conn, m *dns.Msg, packed []byte) wire {
	// RFC 1035 §4.2.2: a two-byte length prefixes each message.
	out := make([]byte, 2+len(packed))
	binary.BigEndian.PutUint16(out, uint16(len(packed)))
	copy(out[2:], packed)
	if _, err := conn.Write(out); err != nil {
		return wire{err: err}
	}
	var hdr [2]byte
	if _, err := io.ReadFull(conn, hdr[:]); err != nil {
		return wire{err: err}
	}
	n := int(binary.BigEndian.Uint16(hdr[:]))
	if n < 12 {
		return wire{err: fmt.Errorf("reply of %d bytes is shorter than a DNS header", n), ignored: 1}
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(conn, body); err != nil {
		return wire{err: err}
	}
	r := new(dns.Msg)
	if err := r.Unpack(body); err != nil {
		return wire{err: fmt.Errorf("unparseable reply: %w", err), ignored: 1}
	}
	if !answers(m, r) {
		return wire{err: errMismatch, ignored: 1}
	}
	return wire{msg: r}
}

// answers reports whether r is a response to q: same ID, QR set and the
// same question (RFC 5452 §9.1). Some servers drop the question from error
// responses, so an empty question is accepted with an rcode that is no
// verdict on the name; NOERROR and NXDOMAIN are (RFC 8461 §3.1: no record,
// no policy) and must name what they answer.
func answers(q, r *dns.Msg) bool {
	if !r.Response || r.Id != q.Id {
		return false
	}
	if len(r.Question) == 0 {
		return r.Rcode != dns.RcodeSuccess && r.Rcode != dns.RcodeNameError
	}
	a, b := q.Question[0], r.Question[0]
	return len(r.Question) == 1 && strings.EqualFold(a.Name, b.Name) && a.Qtype == b.Qtype && a.Qclass == b.Qclass
}
