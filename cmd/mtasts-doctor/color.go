package main

import (
	"io"
	"os"
	"slices"
	"strings"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
)

// The values of --color.
const (
	colorAuto   = "auto"   // colour on a terminal, as the environment allows
	colorAlways = "always" // colour even into a pipe (less -R, CI logs)
	colorNever  = "never"
)

var colorModes = []string{colorAuto, colorAlways, colorNever}

// colorFlag is --color, for the commands that colour what they print, and
// --ascii, for those that open the terminal UI.
type colorFlag struct {
	mode  string
	ascii bool
}

func (c *colorFlag) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&c.mode, "color", colorAuto, "colour: auto (on a terminal; NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE are honoured), always, never")
	cmd.RegisterFlagCompletionFunc("color", cobra.FixedCompletions(colorModes, cobra.ShellCompDirectiveNoFileComp))
	cmd.Flags().BoolVar(&c.ascii, "ascii", false, "draw the terminal UI with ASCII characters only (automatic for TERM=linux, vt100, vt220)")
}

func (c colorFlag) check() error {
	if !slices.Contains(colorModes, c.mode) {
		return usageErr("--color %s: want one of %s", displayName(c.mode), strings.Join(colorModes, ", "))
	}
	return nil
}

// profile decides how much colour w gets. The flag beats the environment
// (no-color.org: a command-line argument overrides NO_COLOR); in auto,
// NO_COLOR with any non-empty value turns colour off (colorprofile only
// honours values strconv.ParseBool reads), FORCE_COLOR (the Node and CI
// convention: "0" or "false" off, anything else on) is the next say, and
// colorprofile decides the rest: a terminal, TERM, COLORTERM, CLICOLOR and
// CLICOLOR_FORCE.
func (c colorFlag) profile(w io.Writer, env []string) colorprofile.Profile {
	switch c.resolved(env) {
	case colorNever:
		return colorprofile.NoTTY
	case colorAlways:
		env = slices.DeleteFunc(slices.Clone(env), func(kv string) bool { return strings.HasPrefix(kv, "NO_COLOR=") })
		return max(colorprofile.Detect(w, append(env, "CLICOLOR_FORCE=1")), colorprofile.ANSI)
	}
	return colorprofile.Detect(w, env)
}

// resolved is the mode after the environment had its say: auto only when
// neither the flag nor NO_COLOR/FORCE_COLOR decided.
func (c colorFlag) resolved(env []string) string {
	if c.mode == colorAuto || c.mode == "" {
		return envColorMode(env)
	}
	return c.mode
}

// envColorMode reads NO_COLOR and FORCE_COLOR; auto when neither says.
func envColorMode(env []string) string {
	get := func(key string) (string, bool) {
		for _, kv := range slices.Backward(env) {
			if k, v, ok := strings.Cut(kv, "="); ok && k == key {
				return v, true
			}
		}
		return "", false
	}
	if v, _ := get("NO_COLOR"); v != "" {
		return colorNever
	}
	if v, ok := get("FORCE_COLOR"); ok {
		switch strings.ToLower(v) {
		case "0", "false", "no":
			return colorNever
		default:
			return colorAlways
		}
	}
	return colorAuto
}

// reportStyle is the plain report's style for w.
func (c colorFlag) reportStyle(w io.Writer, verbose bool) reportStyle {
	p := c.profile(w, os.Environ())
	return reportStyle{color: p > colorprofile.NoTTY, profile: p, verbose: verbose}
}
