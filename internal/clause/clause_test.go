package clause

import (
	"fmt"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/funcs"
)

func TestParse(t *testing.T) {
	src := `---
id: deletion
version: 1.2.0
description: Deletion at the end.
covers: [deletion]
alternatives:
  short:
    title: Deletion
    variables: [deletion.days]
  long:
    title: Data Retention and Deletion
    variables: [processor.name]
---

{{ define "short" }}
Within {{ .deletion.days }} days, see {{ ref "term" }}.
{{ end }}

{{ define "long" }}
{{ .processor.name }} deletes.
{{ range .subprocessors }}{{ .name }}{{ $.processor.name }}{{ end }}
{{ end }}
`
	c, err := Parse("clauses/deletion.md", []byte(src), funcs.Map())
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != "deletion" || c.Version != "1.2.0" || len(c.Names) != 2 || c.Names[0] != "short" {
		t.Fatalf("parsed %+v", c)
	}
	short := c.Alts["short"]
	if short.Title != "Deletion" || short.Line != 7 || len(short.Covers) != 1 {
		t.Errorf("short = %+v", short)
	}
	// Lines are the file's own; the body starts after the front matter.
	if len(short.Uses) != 2 || short.Uses[0].Path != "deletion.days" || short.Uses[0].Line != 16 ||
		short.Uses[1].Path != "term" || !short.Uses[1].Ref || short.Uses[1].Line != 16 {
		t.Errorf("short uses %+v, want deletion.days and ref term on line 16", short.Uses)
	}
	long := c.Alts["long"]
	var paths []string
	for _, u := range long.Uses {
		paths = append(paths, u.Path)
	}
	// .name inside range is the item's, not a variable; $.processor.name is.
	if strings.Join(paths, ",") != "processor.name,subprocessors,processor.name" {
		t.Errorf("long uses %v", paths)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"no front matter", "hello\n", "clauses/x.md:1:1: must start with a front matter block"},
		{"unclosed", "---\nid: x\n", "front matter is not closed"},
		{"bad yaml", "---\nid: [x\n---\n", "clauses/x.md:"},
		{"bad id", "---\nid: X Y\nversion: 1.0.0\ndescription: d\ntitle: T\n---\nbody\n", `id must be lower-case letters, digits and hyphens, got "X Y"`},
		{"bad version", "---\nid: x\nversion: one\ndescription: d\ntitle: T\n---\nbody\n", "version must be MAJOR.MINOR.PATCH"},
		{"no title", "---\nid: x\nversion: 1.0.0\ndescription: d\n---\nbody\n", "title is missing"},
		{"unknown key", "---\nid: x\nversion: 1.0.0\ndescription: d\ntitle: T\ncolour: red\n---\nbody\n", `clauses/x.md:6:1: unknown front matter key "colour"`},
		{"template error with file line", "---\nid: x\nversion: 1.0.0\ndescription: d\ntitle: T\n---\n\nline one\n{{ if .a }}\n{{ .b }\n", "clauses/x.md:10:"},
		{"unknown function", "---\nid: x\nversion: 1.0.0\ndescription: d\ntitle: T\n---\n{{ nope 1 }}\n", `clauses/x.md:7: function "nope" not defined`},
		{"unknown function before a syntax error", "---\nid: x\nversion: 1.0.0\ndescription: d\ntitle: T\n---\n{{ if eq 1 1 }}{{ len \"a\" }}{{ end }}\n{{ nope 1 }}\n{{ .b }\n", `clauses/x.md:8: function "nope" not defined`},
		{"unknown function in an alternative", "---\nid: x\nversion: 1.0.0\ndescription: d\nalternatives:\n  a:\n    title: A\n---\n{{ define \"a\" }}{{ printf \"%d\" 1 }}\n{{ upper \"x\" }}{{ nope }}{{ end }}\n", `clauses/x.md:10: function "nope" not defined`},
		{"missing alternative body", "---\nid: x\nversion: 1.0.0\ndescription: d\nalternatives:\n  a:\n    title: A\n  b:\n    title: B\n---\n{{ define \"a\" }}A{{ end }}\n", `alternative "b" has no {{ define "b" }} block`},
		{"text outside defines", "---\nid: x\nversion: 1.0.0\ndescription: d\nalternatives:\n  a:\n    title: A\n---\nstray\n{{ define \"a\" }}A{{ end }}\n", "clauses/x.md:9:"},
		{"undeclared define", "---\nid: x\nversion: 1.0.0\ndescription: d\nalternatives:\n  a:\n    title: A\n---\n{{ define \"a\" }}A{{ end }}{{ define \"c\" }}C{{ end }}\n", `defines "c", which is not a declared alternative`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("clauses/x.md", []byte(tc.src), funcs.Map())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// FuzzParse feeds arbitrary clause files to the parser: errors are fine,
// panics are not.
func FuzzParse(f *testing.F) {
	f.Add([]byte("---\nid: x\nversion: 1.0.0\ndescription: d\ntitle: T\n---\n{{ .a.b }} {{ ref \"y\" }}\n"))
	f.Add([]byte("---\nid: x\nversion: 1.0.0\ndescription: d\nalternatives:\n  a:\n    title: A\n---\n{{ define \"a\" }}{{ range .l }}{{ $.x }}{{ end }}{{ end }}\n"))
	f.Add([]byte("---\n---\n"))
	fm := funcs.Map()
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("clauses/x.md", data, fm)
		if err != nil {
			return
		}
		for _, n := range c.Names {
			if c.Template(n) == nil {
				t.Fatalf("alternative %q has no template", n)
			}
		}
	})
}

func TestFind(t *testing.T) {
	src := `---
id: parties
version: 1.0.0
description: Parties.
alternatives:
  short:
    title: Parties
    variables: [customer.name]
  long:
    title: The Parties
    variables: [customer.name]
---

{{ define "short" }}
The Customer (“Customer”) and {{ .customer.name }}.
{{ if .customer.name }}A Customer’s right.{{ else }}No Customers here.{{ end }}
{{ end }}

{{ define "long" }}
Zürich {{ template "short" . }} Customer.
{{ end }}
`
	c, err := Parse("clauses/parties.md", []byte(src), funcs.Map())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		alt, s string
		want   []Pos
	}{
		{"short", "Customer", []Pos{{15, 5}, {15, 16}, {16, 26}}}, // not "Customers"
		{"short", "“Customer”", []Pos{{15, 15}}},
		{"short", "customer", nil},                                         // case matters; not the variable
		{"long", "Customer", []Pos{{15, 5}, {15, 16}, {16, 26}, {20, 33}}}, // through {{ template }}
		{"short", "Customer (“Customer”) and", []Pos{{15, 5}}},             // phrases
		{"long", "", nil},
	} {
		got := c.Alts[tc.alt].Find(tc.s)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: Find(%q) = %v, want %v", tc.alt, tc.s, got, tc.want)
		}
	}
}
