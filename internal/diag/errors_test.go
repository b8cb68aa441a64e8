package diag

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

func TestError(t *testing.T) {
	for _, tc := range []struct {
		e    *Error
		want string
	}{
		{Errorf("vars.yaml", 3, 9, "deletion.days", "must be an integer"), `vars.yaml:3:9: variable "deletion.days": must be an integer`},
		{Errorf("vars.yaml", 3, 0, "", "bad"), `vars.yaml:3: bad`},
		{Errorf("clauses/x.md", 0, 0, "", "bad"), `clauses/x.md: bad`},
		{Errorf("", 0, 0, "processor.name", "required"), `variable "processor.name": required`},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestListSortsAndUnwraps(t *testing.T) {
	var l List
	l.Add(nil)
	l.Add(Errorf("b.yaml", 1, 1, "", "x"))
	l.Add(Errorf("a.yaml", 9, 1, "", "%w", fs.ErrNotExist))
	l.Add(errors.New("no position"))
	l.Add(Errorf("a.yaml", 2, 5, "", "y"))
	err := l.Err()
	want := "a.yaml:2:5: y\na.yaml:9:1: file does not exist\nb.yaml:1:1: x\nno position"
	if err == nil || err.Error() != want {
		t.Fatalf("got %q, want %q", err, want)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Error("errors.Is does not see a wrapped error")
	}
	var e *Error
	if !errors.As(err, &e) || e.File != "a.yaml" {
		t.Errorf("errors.As found %+v", e)
	}
	var nested List
	nested.Add(err)
	if len(nested) != 4 {
		t.Errorf("adding a list flattens it: got %d", len(nested))
	}
	if (List{}).Err() != nil {
		t.Error("empty list is an error")
	}
}

func TestQuote(t *testing.T) {
	long := strings.Repeat("é", 150)
	tests := []struct{ in, want string }{
		{"acme", `"acme"`},
		{"a\"b", `"a\"b"`},
		{strings.Repeat("x", 100), `"` + strings.Repeat("x", 100) + `"`},
		{long, `"` + strings.Repeat("é", 100) + `"… (150 characters)`},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%d chars) = %q, want %q", len(tt.in), got, tt.want)
		}
	}
}
