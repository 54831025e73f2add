package assets

import (
	"embed"
	"encoding/json"
	"fmt"
	"sync"
)

//go:embed lessons/*.json
var lessonsFS embed.FS

// Lesson is a guided sequence a teacher runs in front of a class: each step
// says what to look at, may make a sandbox change (probetest.SandboxChanges
// IDs), runs the virtual clock for a while, and may ask a question whose
// answer is shown on request.
type Lesson struct {
	Title string       `json:"title"`
	Steps []LessonStep `json:"steps"`
}

// LessonStep is one step of a Lesson.
type LessonStep struct {
	Text string `json:"text"`
	// Change and Then are sandbox changes made when the step starts.
	Change string `json:"change,omitempty"`
	Then   string `json:"then,omitempty"`
	// Run is how much virtual time the step lets pass ("6h", "1d").
	Run    string `json:"run,omitempty"`
	Answer string `json:"answer,omitempty"`
}

var sandboxLesson = sync.OnceValues(func() (Lesson, error) {
	var l Lesson
	b, err := lessonsFS.ReadFile("lessons/sandbox.json")
	if err != nil {
		return l, err
	}
	if err := json.Unmarshal(b, &l); err != nil {
		return l, fmt.Errorf("assets: lessons/sandbox.json: %w", err)
	}
	return l, nil
})

// SandboxLesson is the sandbox's guided lesson.
func SandboxLesson() (Lesson, error) { return sandboxLesson() }
