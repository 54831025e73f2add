package serve

import (
	"net"
	"sync"
)

// connSet holds every accepted connection, handshake or not, so shutdown
// can close them all. charm.land/ssh tracks only connections past the
// handshake, and its Shutdown waits on a WaitGroup that new connections
// still Add to (a data race under -race).
type connSet struct {
	mu     sync.Mutex
	closed bool
	max    int // connections at once; 0 is no bound
	m      map[net.Conn]struct{}
}

// add tracks c, or returns false once the set is closed or full.
func (s *connSet) add(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || (s.max > 0 && len(s.m) >= s.max) {
		return false
	}
	if s.m == nil {
		s.m = map[net.Conn]struct{}{}
	}
	s.m[c] = struct{}{}
	return true
}

func (s *connSet) remove(c net.Conn) {
	s.mu.Lock()
	delete(s.m, c)
	s.mu.Unlock()
}

// closeAll closes every connection and refuses new ones.
func (s *connSet) closeAll() {
	s.mu.Lock()
	s.closed = true
	conns := s.m
	s.m = nil
	s.mu.Unlock()
	for c := range conns {
		c.Close()
	}
}

// trackedConn leaves the set when the server closes it.
type trackedConn struct {
	net.Conn
	set *connSet
}

func (c *trackedConn) Close() error {
	c.set.remove(c)
	return c.Conn.Close()
}
