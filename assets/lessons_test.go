package assets

import "testing"

func TestSandboxLessonReads(t *testing.T) {
	l, err := SandboxLesson()
	if err != nil {
		t.Fatal(err)
	}
	if l.Title == "" || len(l.Steps) < 3 {
		t.Fatalf("lesson %+v", l)
	}
	for i, s := range l.Steps {
		if s.Text == "" {
			t.Errorf("step %d has no text", i+1)
		}
	}
}
