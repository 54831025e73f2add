package main

import (
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newRootCmd() *cobra.Command {
	var pf probeFlags
	root := &cobra.Command{
		Use:   "mtasts-doctor [DOMAIN]",
		Short: "Troubleshoot MTA-STS and TLS-RPT the way a sending MTA sees them",
		Long: `mtasts-doctor walks every step a sending MTA performs for a domain's
MTA-STS policy (RFC 8461) and TLS-RPT record (RFC 8460), shows the evidence,
explains what is wrong and how to fix it, and simulates what senders do when
the policy file goes missing.

With no arguments it opens the terminal UI; "mtasts-doctor lab" opens it on a
built-in world of broken and healthy domains that needs no network.`,
		Version:       version(),
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := pf.options(cmd)
			if err != nil {
				return err
			}
			return runHome(cmd, args, opts)
		},
	}
	pf.register(root)
	root.AddCommand(newLintCmd(), newCheckCmd(), newSimulateCmd(), newLabCmd())
	return root
}

// version is the module version the binary was built from ("go install
// ...@v1.2.3"), or the VCS revision of a local build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "devel-" + s.Value[:12]
		}
	}
	return "devel"
}
