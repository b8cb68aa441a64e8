package checklist

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadErrors(t *testing.T) {
	const f = "templates/checklists/x.yaml"
	for _, tc := range []struct {
		name, data, want string
	}{
		{"bad YAML", "id: [x\n", f + ":1: invalid YAML"},
		{"not a mapping", "- x\n", f + ":1:1: must be a mapping"},
		{"unknown key", "id: x\nelemnts: []\n", f + `:2:1: unknown key "elemnts" (want id, name, source, kind, applies, elements, notes, limits)`},
		{"unknown kind", "id: x\nkind: transfer\n", f + `:1:1: kind "transfer" must be processor or transfers`},
		{"id and file name", "id: y\n", f + `:1:1: id "y" must match the file name "x"`},
		{"unknown element key", "id: x\nelements:\n  - id: a\n    title: A\n    pattern: [a]\n", f + `:5:5: element "a": unknown key "pattern"`},
		{"element without patterns", "id: x\nelements:\n  - id: a\n    title: A\n", f + `:3:5: element "a" needs an id, a title and patterns`},
		{"bad pattern", "id: x\nelements:\n  - id: a\n    title: A\n    patterns: ['(']\n", f + `:3:5: element "a": pattern "(": error parsing regexp`},
		{"obligation without what", "id: x\nelements:\n  - id: a\n    title: A\n    patterns: [a]\n    obligations: [{pattern: a}]\n", f + `:3:5: element "a": each obligation needs a what and a pattern`},
		{"bad weak pattern", "id: x\nelements:\n  - id: a\n    title: A\n    patterns: [a]\n    weak: [{pattern: '(', why: w}]\n", f + `:3:5: element "a": weak pattern "(": error parsing regexp`},
		{"weak without why", "id: x\nelements:\n  - id: a\n    title: A\n    patterns: [a]\n    weak: [{pattern: may}]\n", f + `:3:5: element "a": each weak phrase needs a pattern and a why`},
		{"expect without when", "id: x\nelements:\n  - id: a\n    title: A\n    patterns: [a]\n    expect: [{what: w, patterns: [a]}]\n", f + `:3:5: element "a": each expect needs a when, a what and patterns`},
		{"limit without fails", "id: x\nlimits:\n  - id: l\n    title: L\n    why: w\n", f + `:1:1: limit "l" needs an id, a title, fails and why`},
		{"elements not a list", "id: x\nelements: 3\n", f + ":1:1: yaml: unmarshal errors"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{f: {Data: []byte(tc.data)}}, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
