package vars

import (
	"errors"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/diag"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in, want string // want: the amount as printed, or the error's start
		ok       bool
	}{
		{"1000000", "1,000,000", true},
		{"1,000,000", "1,000,000", true},
		{"2500.5", "2,500.50", true},
		{"1,000.50", "1,000.50", true},
		{"  12 ", "12", true},
		{"0.01", "0.01", true},
		{"2500,50", "must use a point for decimals", false},
		{"1,5", "must use a point for decimals", false},
		{"1,0000", "must use a point for decimals", false},
		{"1234,567", "must use a point for decimals", false},
		{",100", "must use a point for decimals", false},
		{"1,,000", "must use a point for decimals", false},
		{"1.5.0", "must be an amount", false},
		{"1.", "must be an amount", false},
		{".5", "must be an amount", false},
		{"1e6", "must be an amount", false},
		{"0x10", "must be an amount", false},
		{"1.999", "must have at most two decimal places", false},
		{strings.Repeat("9", 25), "must have at most 24 digits", false},
		{strings.Repeat("9", 10000), "must have at most 24 digits", false},
		{"€ 100", "must be an amount", false},
	}
	for _, tt := range tests {
		a, err := ParseAmount(tt.in)
		if tt.ok {
			if err != nil || a.String() != tt.want {
				t.Errorf("ParseAmount(%q) = %s, %v; want %s", tt.in, a, err, tt.want)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseAmount(%.30q) error %v, want one starting %q", tt.in, err, tt.want)
		}
		if err != nil && len(err.Error()) > 250 {
			t.Errorf("ParseAmount(%.30q): %d-byte message quotes too much", tt.in, len(err.Error()))
		}
	}
}

// TestBounds: every value a user gives is bounded before it costs
// anything, and an error quotes at most diag.MaxQuote characters of it.
func TestBounds(t *testing.T) {
	ten := int64(10)
	texts := &Var{Path: "names", Kind: KindList, Items: &Var{Kind: KindText}}
	short := &Var{Path: "short", Kind: KindList, Max: &ten, Items: &Var{Kind: KindText}}
	objs := &Var{Path: "subs", Kind: KindList, Fields: []*Var{{Path: "name", Kind: KindText}}}
	long := strings.Repeat("x", 5000)
	list := func(n int) string { return "[" + strings.TrimSuffix(strings.Repeat("a, ", n), ", ") + "]" }
	tests := []struct {
		name string
		v    *Var
		in   string
		err  string
	}{
		{"list at the default bound", texts, list(MaxListItems), ""},
		{"list over the default bound", texts, list(MaxListItems + 1), "must have at most 200 items, got 201"},
		{"list over its declared bound", short, list(11), "must have at most 10 items, got 11"},
		{"list text too long to parse", texts, "[" + strings.Repeat("a,", 40000) + "a]", "must be a list of at most 65536 characters"},
		{"object with too many keys", objs, "[{name: a, b: 1, c: 2}]", "item 1: must be a mapping of name, got 3 keys"},
		{"long bad enum quoted short", &Var{Kind: KindEnum, Values: []string{"a"}}, long, `must be one of a, got "xxx`},
		{"long bad integer quoted short", &Var{Kind: KindInteger}, long, "must be an integer"},
		{"long bad date quoted short", &Var{Kind: KindDate}, long, "must be a date written YYYY-MM-DD"},
		{"one item without brackets", texts, "Employees", `must be a list written [a, b, c], a list of one [a], got "Employees"`},
		{"one item in brackets", texts, "[Employees]", ""},
		{"date written otherwise", &Var{Kind: KindDate}, "30/02/2026", `must be a date written YYYY-MM-DD, got "30/02/2026"`},
		{"date with no such day", &Var{Kind: KindDate}, "2026-02-30", `must be a day of the calendar, got "2026-02-30": written YYYY-MM-DD, but no such month or day`},
		{"date with no such month", &Var{Kind: KindDate}, " 2026-13-01 ", "must be a day of the calendar"},
		{"a day of the calendar", &Var{Kind: KindDate}, "2028-02-29", ""},
		{"long text", &Var{Kind: KindText}, long, "must be at most 1000 characters, got 5000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.v.ParseString(tt.in)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("error %v, want %q", err, tt.err)
			}
			if n := len(err.Error()); n > 2*diag.MaxQuote+150 {
				t.Errorf("message of %d bytes: %.200s", n, err)
			}
		})
	}
}

// TestParseYAMLRefuses: what YAML allows but a variables file has no use
// for is an error at its line and column.
func TestParseYAMLRefuses(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	tests := []struct {
		name, in, err string
		line, col     int
	}{
		{"duplicate key", "customer:\n  name: A\n  name: B\n", `key "name" is given twice (first on line 2)`, 3, 3},
		{"second variant", "variant: opsium\ndeletion:\n  days: 3\nvariant: ojoo\n", `key "variant" is given twice (first on line 1)`, 4, 1},
		{"second document", "variant: opsium\n---\nvariant: ojoo\n", "holds a second YAML document", 2, 1},
		{"binary", "customer:\n  name: !!binary aGVsbG8=\n", `tag "!!binary" is not supported`, 2, 9},
		{"custom tag", "customer:\n  name: !evil x\n", `tag "!evil" is not supported`, 2, 9},
		{"alias bomb", bomb, "anchors and aliases", 1, 4},
		{"too deep", strings.Repeat("[", 40) + strings.Repeat("]", 40), "nested deeper than 32 levels", 1, 34},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseYAML("vars.yaml", []byte(tt.in))
			var e *diag.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want a *diag.Error", err)
			}
			if !strings.Contains(e.Err.Error(), tt.err) || e.File != "vars.yaml" || e.Line != tt.line || e.Col != tt.col {
				t.Errorf("got %v (at %d:%d), want %q at vars.yaml:%d:%d", err, e.Line, e.Col, tt.err, tt.line, tt.col)
			}
		})
	}
	for _, ok := range []string{"", "# only a comment\n", "last_updated: 2026-01-10\nsigned: true\nn: 3\nx: 1.5\ny: null\n"} {
		if _, err := ParseYAML("vars.yaml", []byte(ok)); err != nil {
			t.Errorf("ParseYAML(%q): %v", ok, err)
		}
	}
}
