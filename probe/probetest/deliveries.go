package probetest

import (
	"bufio"
	"io"
	"net"
	"strings"
	"time"
)

// Delivery is one message an accepting MX host took: who sent it to whom,
// and whether the session was encrypted when it did. The sandbox shows it
// as the proof of what a sender really did.
type Delivery struct {
	Host string    `json:"host"`
	From string    `json:"from"`
	To   []string  `json:"to"`
	TLS  bool      `json:"tls"`
	Size int       `json:"size"`
	At   time.Time `json:"at"`
	// Subject is the message's Subject header, for matching a delivery to
	// the attempt that made it.
	Subject string `json:"subject,omitempty"`
}

const (
	// maxMessage bounds one message an accepting host reads.
	maxMessage = 64 << 10
	// maxDeliveries bounds the log; the oldest are dropped.
	maxDeliveries = 4096
)

// Deliveries returns the messages accepting hosts took, oldest first.
func (w *World) Deliveries() []Delivery {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Delivery(nil), w.deliveries...)
}

func (w *World) delivered(d Delivery) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.deliveries) >= maxDeliveries {
		w.deliveries = append(w.deliveries[:0], w.deliveries[1:]...)
	}
	w.deliveries = append(w.deliveries, d)
}

// transaction handles MAIL, RCPT and DATA for an accepting host (RFC 5321
// §3.3). It reports whether the session goes on.
func (h *mailHost) transaction(conn net.Conn, r *bufio.Reader, verb string, line []byte, secure bool, msg *Delivery) bool {
	arg := strings.TrimSpace(string(line))
	reply := ""
	switch verb {
	case "MAIL":
		*msg = Delivery{Host: h.name, From: path(arg, "FROM:"), TLS: secure}
		reply = "250 2.1.0 OK\r\n"
	case "RCPT":
		if msg.Host == "" { // no MAIL yet
			reply = "503 5.5.1 MAIL first\r\n"
			break
		}
		if len(msg.To) < 100 {
			msg.To = append(msg.To, path(arg, "TO:"))
		}
		reply = "250 2.1.5 OK\r\n"
	case "DATA":
		if len(msg.To) == 0 {
			reply = "503 5.5.1 RCPT first\r\n"
			break
		}
		if _, err := io.WriteString(conn, "354 End data with <CR><LF>.<CR><LF>\r\n"); err != nil {
			return false
		}
		size, subject, ok := readData(r)
		if !ok {
			return false
		}
		if size > maxMessage {
			reply = "552 5.3.4 Message too big for the lab\r\n"
			*msg = Delivery{}
			break
		}
		msg.Size, msg.Subject, msg.At = size, subject, time.Now()
		h.w.delivered(*msg)
		*msg = Delivery{}
		reply = "250 2.0.0 OK queued in the lab\r\n"
	}
	_, err := io.WriteString(conn, reply)
	return err == nil
}

// path pulls the address out of "MAIL FROM:<a@b> SIZE=1".
func path(arg, prefix string) string {
	i := strings.Index(strings.ToUpper(arg), prefix)
	if i < 0 {
		return ""
	}
	rest := strings.TrimSpace(arg[i+len(prefix):])
	if j := strings.IndexByte(rest, '>'); strings.HasPrefix(rest, "<") && j > 0 {
		return rest[1:j]
	}
	f, _, _ := strings.Cut(rest, " ")
	return f
}

// readData reads the message up to the lone dot, counting its size and
// keeping its Subject; past maxMessage it keeps reading but stores nothing.
func readData(r *bufio.Reader) (size int, subject string, ok bool) {
	headers := true
	for {
		line, err := r.ReadSlice('\n')
		if err != nil && err != bufio.ErrBufferFull {
			return 0, "", false
		}
		s := strings.TrimRight(string(line), "\r\n")
		if s == "." {
			return size, subject, true
		}
		size += len(line)
		if headers {
			if s == "" {
				headers = false
			} else if k, v, found := strings.Cut(s, ":"); found && strings.EqualFold(k, "Subject") && len(v) < 200 {
				subject = strings.TrimSpace(v)
			}
		}
	}
}
