package probe

// The stub-tool harness of commands_test.go, for the walk-level tests in
// package probe_test.
var (
	Stubs         = stubs
	RunUnderStubs = runUnderStubs
)
