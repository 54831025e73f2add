package tui

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// maxRecent bounds the recent list on screen and on disk.
const maxRecent = 8

// maxRecentFile bounds how much of the recent file is read: it is a user
// file, so it may be anything.
const maxRecentFile = 16 << 10

type recentLoadedMsg struct{ domains []string }

type recentSavedMsg struct{ err error }

// loadRecent reads the recent file. Every line is re-validated as a
// domain, so a hand-edited or corrupted file shows nothing unsafe.
func loadRecent(path string) tea.Cmd {
	if path == "" {
		return nil
	}
	return func() tea.Msg {
		f, err := os.Open(path)
		if err != nil {
			return recentLoadedMsg{}
		}
		defer f.Close()
		var out []string
		sc := bufio.NewScanner(io.LimitReader(f, maxRecentFile))
		for sc.Scan() && len(out) < maxRecent {
			line := strings.TrimSpace(sc.Text())
			t, err := parseInput(line)
			if err != nil || t.ascii != line {
				continue
			}
			if !slices.Contains(out, t.ascii) {
				out = append(out, t.ascii)
			}
		}
		return recentLoadedMsg{domains: out}
	}
}

// saveRecent writes the list atomically (temp file and rename), creating
// the state directory private to the user.
func saveRecent(path string, domains []string) tea.Cmd {
	if path == "" {
		return nil
	}
	list := append([]string(nil), domains...)
	return func() tea.Msg {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return recentSavedMsg{err: err}
		}
		tmp, err := os.CreateTemp(filepath.Dir(path), ".recent-*")
		if err != nil {
			return recentSavedMsg{err: err}
		}
		_, werr := io.WriteString(tmp, strings.Join(list, "\n")+"\n")
		cerr := tmp.Close()
		if werr == nil {
			werr = cerr
		}
		if werr == nil {
			werr = os.Rename(tmp.Name(), path)
		}
		if werr != nil {
			os.Remove(tmp.Name())
		}
		return recentSavedMsg{err: werr}
	}
}

// addRecent puts d first, drops an older copy of it and keeps the list
// bounded. It returns a new slice: the model's slice may be shared with a
// command still writing it.
func addRecent(list []string, d string) []string {
	out := make([]string, 0, maxRecent)
	out = append(out, d)
	for _, x := range list {
		if x != d && len(out) < maxRecent {
			out = append(out, x)
		}
	}
	return out
}
