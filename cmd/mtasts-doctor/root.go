package main

import (
	"strings"

	"github.com/spf13/cobra"
)

func newRootCmd() *cobra.Command {
	var (
		pf      probeFlags
		cf      colorFlag
		hf      historyFlags
		verbose bool
	)
	root := &cobra.Command{
		Use:   "mtasts-doctor [DOMAIN]",
		Short: "Troubleshoot MTA-STS and TLS-RPT the way a sending MTA sees them",
		Long: `mtasts-doctor walks every step a sending MTA performs for a domain's
MTA-STS policy (RFC 8461) and TLS-RPT record (RFC 8460), shows the evidence,
explains what is wrong and how to fix it, and simulates what senders do when
the policy file goes missing.

With no arguments it opens the terminal UI; "mtasts-doctor lab" opens it on a
built-in world of broken and healthy domains that needs no network. With a
DOMAIN it opens that domain's walk, or prints the plain report of "check"
when standard output is not a terminal.

Exit status: 0 when no step failed, 1 when any did, 2 on usage errors or
invalid input, 3 when a step could not be decided (e.g. port 25 blocked from
here) and nothing failed, 130 when interrupted.`,
		Example: `  mtasts-doctor                      # the terminal UI
  mtasts-doctor example.com          # the live walk of example.com
  mtasts-doctor lab                  # the UI on the offline lab
  mtasts-doctor check --json example.com
  mtasts-doctor lint policy mta-sts.txt`,
		Version:       versionText(readBuildInfo()),
		Args:          rootArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cf.check(); err != nil {
				return err
			}
			opts, err := pf.options(cmd)
			if err != nil {
				return err
			}
			return runHome(cmd, args, opts, cf, verbose, hf)
		},
	}
	pf.register(root)
	hf.register(root, true)
	cf.register(root)
	// -V as in curl and dig's -v: -v stays "verbose" everywhere, never
	// "version" (cobra's default shorthand).
	root.Flags().BoolP("version", "V", false, "print the version, VCS revision and Go version, and exit")
	root.SetVersionTemplate("{{.Version}}\n")
	root.Flags().BoolVarP(&verbose, "verbose", "v", false, "with a DOMAIN and no terminal: show every step's evidence")
	// One command per line: helpers add commands side by side.
	root.AddCommand(
		newLintCmd(),
		newCheckCmd(),
		newSimulateCmd(),
		newLabCmd(),
		newHistoryCmd(),
		newReportsCmd(),
		newWatchCmd(),
		newSandboxCmd(),
		newManCmd(),
		newServeCmd(),
	)
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		c.Example = `  source <(mtasts-doctor completion bash)
  mtasts-doctor completion zsh > "${fpath[1]}/_mtasts-doctor"
  mtasts-doctor completion fish > ~/.config/fish/completions/mtasts-doctor.fish`
	}
	return root
}

// rootArgs takes at most one DOMAIN. A dotless word close to a command
// name, or more than one argument, is most often a mistyped command
// ("mtasts-doctor chekc example.com"), so say so.
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	cmd.SuggestionsMinimumDistance = 2
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 && !strings.Contains(args[0], ".") {
		return usageErr("unknown command %s; did you mean %q?", displayName(args[0]), s[0])
	}
	if len(args) == 1 {
		return nil
	}
	return usageErr("give one DOMAIN (got %d arguments); to check several, use \"mtasts-doctor check DOMAIN...\"", len(args))
}
