package assets

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

//go:embed learn/*.md
var learnFS embed.FS

// Topic is one page of the learn screen: a title and a body of plain
// text paragraphs, "- " or "1. " list items and indented (verbatim) lines.
type Topic struct {
	// Slug is the file name without its number and extension, e.g.
	// "no-cache"; stable, so other screens can open a topic by it.
	Slug  string
	Title string
	Body  string
}

var topics = sync.OnceValue(func() []Topic { return loadTopics(learnFS, "learn") })

// loadTopics reads every *.md file in dir in name order; the first line,
// "# Title", is the title.
func loadTopics(fsys fs.FS, dir string) []Topic {
	files, _ := fs.Glob(fsys, dir+"/*.md")
	sort.Strings(files)
	var out []Topic
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			continue
		}
		text := strings.ReplaceAll(string(b), "\r\n", "\n")
		title, body, _ := strings.Cut(text, "\n")
		name := strings.TrimSuffix(f[strings.LastIndex(f, "/")+1:], ".md")
		if i := strings.IndexByte(name, '-'); i >= 0 && strings.Trim(name[:i], "0123456789") == "" {
			name = name[i+1:]
		}
		out = append(out, Topic{
			Slug:  name,
			Title: strings.TrimSpace(strings.TrimPrefix(title, "#")),
			Body:  strings.TrimSpace(body),
		})
	}
	return out
}

// LearnTopics returns the learn screen's topics in reading order.
func LearnTopics() []Topic {
	t := topics()
	return append([]Topic(nil), t...)
}
