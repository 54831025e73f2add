package history

import (
	"context"
	"strconv"
	"testing"
	"time"
)

// BenchmarkRecord is the cost a walk pays to be recorded (insert, prune,
// commit) in a history already holding 1000 walks of the domain.
func BenchmarkRecord(b *testing.B) {
	s, err := Open(context.Background(), b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	body := "version: STSv1\r\nmode: enforce\r\nmx: *.a.test\r\nmax_age: 604800\r\n"
	at := time.Now()
	for i := range 1000 {
		if _, err := s.Record(ctx, fakeReport("a.test", at.Add(time.Duration(i)*time.Second), strconv.Itoa(i), body, 604800, "mx1.a.test")); err != nil {
			b.Fatal(err)
		}
	}
	rep := fakeReport("a.test", at, "x", body, 604800, "mx1.a.test")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Record(ctx, rep); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWalksAndDrift reads the drift window (500 walks) and computes
// the last walk's drift: what check and watch do after each walk.
func BenchmarkWalksAndDrift(b *testing.B) {
	s, err := Open(context.Background(), b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	at := time.Now()
	for i := range 500 {
		body := "version: STSv1\r\nmode: enforce\r\nmx: *.a.test\r\nmax_age: " + strconv.Itoa(86400*(1+i%7)) + "\r\n"
		if _, err := s.Record(ctx, fakeReport("a.test", at.Add(time.Duration(i)*time.Minute), strconv.Itoa(i/10), body, int64(86400*(1+i%7)), "mx1.a.test")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		walks, err := s.Walks(ctx, "a.test", 500)
		if err != nil || len(walks) != 500 {
			b.Fatal(err, len(walks))
		}
		Drift(walks)
	}
}
