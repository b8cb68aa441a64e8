package assemble_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// positionClause is a clause with a house wording and a balanced wording
// of it; dpa-concise places it after its preamble.
const positionClause = `---
id: zz-position
version: 1.0.0
description: A clause with a position wording.
alternatives:
  plain:
    title: Plain
    variables: [processor.name]
  plain-balanced:
    title: Plain, balanced
    position: balanced
    replaces: plain
    variables: [processor.name, deletion.days]
---

{{ define "plain" }}
{{ .processor.name }} may delete the data.
{{ end }}

{{ define "plain-balanced" }}
{{ .processor.name }} shall delete the data{{ if .deletion.days }} within {{ .deletion.days }} days{{ end }}.
{{ end }}
`

func positionLibrary(t *testing.T, clauseText, part string) (*library.Library, error) {
	t.Helper()
	m := librarytest.Copy(t)
	m["clauses/zz-position.md"] = mapFile(clauseText)
	librarytest.Replace(t, m, "templates/documents/dpa-concise.yaml", "  - clause: purpose\n", part+"  - clause: purpose\n")
	return library.Load(m)
}

// TestPositionChoosesWording: the variable with role position chooses
// between a clause's wordings; a position without a wording of its own,
// and a variant's house position, get the base wording.
func TestPositionChoosesWording(t *testing.T) {
	lib, err := positionLibrary(t, positionClause, "  - clause: zz-position\n    alternative: plain\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		req       library.Request
		want, not string
	}{
		{"variant keeps the house wording", library.Request{Variant: "opsium"}, "Opsium may delete the data.", "shall delete"},
		{"balanced chosen", library.Request{Variant: "opsium", Sets: []string{"position=balanced"}}, "Opsium shall delete the data within 30 days.", "may delete"},
		{"new processor defaults to balanced", library.Request{Variant: "opsium", Sets: []string{"processor.name=Acme", "processor.legal_name=Acme GmbH", "processor.contact.privacy_email=p@acme.example"}}, "Acme shall delete the data", "may delete"},
		{"new processor may keep house", library.Request{Variant: "opsium", Sets: []string{"processor.name=Acme", "processor.legal_name=Acme GmbH", "processor.contact.privacy_email=p@acme.example", "position=house"}}, "Acme may delete the data.", "shall delete"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, doc := assembled(t, lib, tc.req)
			md := string(doc.Markdown)
			if !strings.Contains(md, tc.want) || strings.Contains(md, tc.not) {
				t.Errorf("want %q and not %q in:\n%s", tc.want, tc.not, section(md, "Plain"))
			}
		})
	}
	p := lib.Templates["dpa-concise"].Part("zz-position")
	if got := len(p.Wordings()); got != 2 {
		t.Errorf("Wordings: %d, want 2", got)
	}
	if lib.Templates["dpa-concise"].Schema.Vars["deletion.days"] == nil {
		t.Error("the balanced wording's variables are not in the template's schema")
	}
}

// TestPositionErrors: a position wording that stands in for nothing, for a
// position the variable does not have, twice for one position, or that a
// template places directly, is refused at its file and line.
func TestPositionErrors(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, part string
		want                 string
	}{
		{"replaces an unknown wording", "replaces: plain\n", "replaces: plane\n", "", `alternative "plain-balanced" replaces "plane", which is not an alternative`},
		{"position without replaces", "    replaces: plain\n", "", "", "position and replaces go together"},
		{"unknown position", "position: balanced\n", "position: generous\n", "", `position "generous", which is not one of position's values (house, balanced)`},
		{"placed directly", "", "", "  - clause: zz-position\n    alternative: plain-balanced\n", `place "plain" and the document's position chooses`},
		{"two wordings for one position", "\n---\n", "\n  plain-too:\n    title: Also\n    position: balanced\n    replaces: plain\n---\n{{ define \"plain-too\" }}x{{ end }}\n", "", `alternatives "plain-balanced" and "plain-too" are both the balanced wording of "plain"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := positionClause
			if tc.old != "" {
				if !strings.Contains(text, tc.old) {
					t.Fatalf("fixture lacks %q", tc.old)
				}
				text = strings.Replace(text, tc.old, tc.new, 1)
			}
			part := tc.part
			if part == "" {
				part = "  - clause: zz-position\n    alternative: plain\n"
			}
			_, err := positionLibrary(t, text, part)
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("Load: %v, want a diag.List", err)
			}
			found := false
			for _, e := range list {
				if strings.Contains(e.Error(), tc.want) && e.Line > 0 {
					found = true
				}
			}
			if !found {
				t.Errorf("want an error with a line saying %q, got:\n%v", tc.want, err)
			}
		})
	}
}

func mapFile(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// section returns the part of md from the heading that names title.
func section(md, title string) string {
	if i := strings.Index(md, title); i >= 0 {
		return md[i:min(len(md), i+300)]
	}
	return md
}
