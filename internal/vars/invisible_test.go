package vars

import (
	"errors"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/diag"
)

// TestInvisibleNamesVariable: a name holding a bidirectional control or an
// invisible character is refused with the variable's path and the
// character's code point, as a structured error, from a --set and from a
// variables file.
func TestInvisibleNamesVariable(t *testing.T) {
	s := schema(t)
	_, _, err := ParseAssignment(s, "processor.name=Acme\u202Eevil")
	var de *diag.Error
	var ie *InvisibleError
	if !errors.As(err, &de) || !errors.As(err, &ie) || de.Variable != "processor.name" || ie.Rune != 0x202E {
		t.Fatalf("got %v, want U+202E refused for processor.name", err)
	}
	_, _, err = ParseFile(s, "v.yaml", []byte("processor:\n  name: \"\\uFEFFAcme\"\n"))
	if !errors.As(err, &de) || !errors.As(err, &ie) || de.Variable != "processor.name" || de.File != "v.yaml" || de.Line != 2 || ie.Rune != 0xFEFF {
		t.Fatalf("got %v, want U+FEFF refused for processor.name at v.yaml:2", err)
	}
}

// TestAssignmentQuotesSource: a --set with a terminal escape sequence,
// another control or invalid UTF-8 is named in the error quoted, as the
// value is, never raw; a plain one is named as it was given.
func TestAssignmentQuotesSource(t *testing.T) {
	s := schema(t)
	for _, tc := range []struct{ arg, want string }{
		{"processor.name=\x1b[31mRED\xff", `--set "processor.name=\x1b[31mRED\xff": variable "processor.name": must be valid UTF-8 text`},
		{"proc\x1b]0;title\x07essor.name=x", `--set "proc\x1b]0;title\aessor.name=x": variable "proc\x1b]0;title\aessor.name": unknown variable`},
		{"\x9b31m", `--set "\x9b31m": must be written path=value`},
		{"\u009b31m", `--set "\u009b31m": must be written path=value`},
		{"\xff\xfe", `--set "\xff\xfe": must be written path=value`},
		{"deletion.days=400", `--set deletion.days=400: variable "deletion.days": must be an integer from 1 to 365, got 400`},
		{"deletion.days=" + strings.Repeat("9", 200), `--set "deletion.days=` + strings.Repeat("9", 86) + `"… (214 characters): variable "deletion.days": must be`},
	} {
		_, _, err := ParseAssignment(s, tc.arg)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %s", tc.arg, err, tc.want)
		}
		for _, c := range err.Error() {
			if c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\uFFFD' {
				t.Errorf("%q: message holds %U: %q", tc.arg, c, err.Error())
			}
		}
	}
}
