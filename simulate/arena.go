package simulate

// arena hands out the senders' result slices from shared blocks: a
// population of thousands would otherwise make thousands of small
// allocations for segments and protection intervals. Each slice is capped
// at its length, so appending to one never writes into its neighbour.
type arena[T any] struct {
	block []T
	next  int // size of the next block
}

// keep copies xs into the arena; nil when xs is empty, as an unshared
// slice would be.
func (a *arena[T]) keep(xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	if cap(a.block)-len(a.block) < len(xs) {
		a.next = min(max(2*a.next, 64), 8192)
		a.block = make([]T, 0, max(a.next, len(xs)))
	}
	start := len(a.block)
	a.block = append(a.block, xs...)
	return a.block[start:len(a.block):len(a.block)]
}

// results are the arenas of one run.
type results struct {
	segments  arena[Segment]
	protected arena[Interval]
}
