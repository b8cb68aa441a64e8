package diag

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestLines(t *testing.T) {
	list := List{Errorf("a.yaml", 3, 9, "days", "must be an integer"), {Err: errors.New("two\n\n\tlines")}}
	for _, tc := range []struct {
		name string
		err  error
		want []string
	}{
		{"nil", nil, nil},
		{"plain", errors.New("boom"), []string{"boom"}},
		{"a list under two contexts", Wrap("render", Wrap("load", list)), []string{
			`render: load: a.yaml:3:9: variable "days": must be an integer`,
			"render: load: two",
			"render: load: lines",
		}},
		{"another wrapper ends the walk", fmt.Errorf("outer: %w", list), []string{`outer: a.yaml:3:9: variable "days": must be an integer`, "two", "lines"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Lines(tc.err); !slices.Equal(got, tc.want) {
				t.Errorf("Lines = %q, want %q", got, tc.want)
			}
		})
	}
	if Wrap("x", nil) != nil {
		t.Error("Wrap of nil is not nil")
	}
	var e *Error
	if err := Wrap("render", list); !errors.As(err, &e) || e.Variable != "days" {
		t.Errorf("errors.As through Context: %v", err)
	}
}

func TestParsePositions(t *testing.T) {
	if e := YAML("f.yaml", 1, errors.New("yaml: line 4: did not find expected key")); e.Line != 5 || e.Err.Error() != "invalid YAML: did not find expected key" {
		t.Errorf("YAML: %v", e)
	}
	if e := Template("c.md", errors.New(`template: c.md:12:7: function "nope" not defined`)); e.Line != 12 || e.Col != 7 || e.Err.Error() != `function "nope" not defined` {
		t.Errorf("Template: %v", e)
	}
	if e := Template("c.md", errors.New("odd")); e.Line != 0 || e.Err.Error() != "odd" {
		t.Errorf("Template without a position: %v", e)
	}
}
