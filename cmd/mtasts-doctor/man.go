package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// newManCmd prints the manual page generated from the commands' own help
// (cobra/doc), so the page and --help never disagree.
func newManCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "man",
		Short: "Print the manual page (troff), or write one page per command with --dir",
		Long: `man prints the mtasts-doctor(1) manual page, generated from the same text
as --help. With --dir it writes one page per command (mtasts-doctor-check.1,
mtasts-doctor-lint-policy.1, ...) into that directory.`,
		Example: `  mtasts-doctor man | man -l -
  mtasts-doctor man --dir ~/.local/share/man/man1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root := cmd.Root()
			header := &doc.GenManHeader{
				Title:   "MTASTS-DOCTOR",
				Section: "1",
				Source:  strings.SplitN(versionText(readBuildInfo()), "\n", 2)[0],
				Manual:  "mtasts-doctor manual",
			}
			if dir == "" {
				return doc.GenMan(root, header, cmd.OutOrStdout())
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return usageErr("--dir %s: %v", displayName(dir), unwrapPath(err))
			}
			if err := doc.GenManTree(root, header, dir); err != nil {
				return fmt.Errorf("writing the manual pages to %s: %w", displayName(dir), err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "write one page per command into this directory")
	cmd.MarkFlagDirname("dir")
	return cmd
}
