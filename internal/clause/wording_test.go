package clause

import (
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/funcs"
)

const wordingSrc = `---
id: deletion
version: 1.0.0
description: Deletion at the end.
alternatives:
  short:
    title: Deletion
  short-balanced:
    title: Deletion
    position: balanced
    replaces: short
  long:
    title: Data Retention and Deletion
---

{{ define "short" }}
Within {{ .deletion.days }} days.
{{ end }}

{{ define "short-balanced" }}
{{ template "short" . }} Or as the law requires.
{{ end }}

{{ define "long" }}
{{/* Sources: none. */}}
The processor shall delete the data.
{{ end }}
`

// TestWordingHash: each alternative's hash changes with its own wording
// (and with the wordings it calls), not with another alternative's, nor
// with comments, the spacing inside actions or the front matter's other
// keys.
func TestWordingHash(t *testing.T) {
	hashes := func(t *testing.T, src string) map[string]string {
		t.Helper()
		c, err := Parse("clauses/deletion.md", []byte(src), funcs.Map())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, n := range c.Names {
			if !strings.HasPrefix(c.Alts[n].Hash, "sha256:") {
				t.Fatalf("alternative %s: hash %q", n, c.Alts[n].Hash)
			}
			out[n] = c.Alts[n].Hash
		}
		return out
	}
	base := hashes(t, wordingSrc)
	if base["short"] == base["long"] || base["short"] == base["short-balanced"] {
		t.Fatalf("alternatives share a hash: %v", base)
	}
	tests := []struct {
		name        string
		old, new    string
		wantChanged []string
	}{
		{"a new version only", "version: 1.0.0", "version: 1.1.0", nil},
		{"the description", "description: Deletion at the end.", "description: Deletion when the services end.", nil},
		{"a comment", "Sources: none.", "Sources: Art. 28(3)(g) GDPR.", nil},
		{"spacing inside an action", "{{ .deletion.days }}", "{{.deletion.days}}", nil},
		{"the short text", "Within {{ .deletion.days }} days.", "Within {{ .deletion.days }} calendar days.", []string{"short", "short-balanced"}},
		{"the position wording's own text", "Or as the law requires.", "Or as Union law requires.", []string{"short-balanced"}},
		{"the long text", "shall delete", "shall erase", []string{"long"}},
		{"a title", "title: Data Retention and Deletion", "title: Retention and Deletion", []string{"long"}},
		{"trimming around an action", "{{ .deletion.days }} days", "{{ .deletion.days -}} days", []string{"short", "short-balanced"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(wordingSrc, tc.old) {
				t.Fatalf("%q is not in the source", tc.old)
			}
			got := hashes(t, strings.Replace(wordingSrc, tc.old, tc.new, 1))
			for n, h := range base {
				changed := got[n] != h
				if want := slices.Contains(tc.wantChanged, n); changed != want {
					t.Errorf("%s: changed = %v, want %v", n, changed, want)
				}
			}
		})
	}
}

// TestWordingHashSingle: a clause of one wording is hashed from its body,
// not from the lines its front matter takes.
func TestWordingHashSingle(t *testing.T) {
	src := "---\nid: term\nversion: 1.0.0\ndescription: Term.\ntitle: Term\n---\nThis DPA lasts as long as the agreement.\n"
	hash := func(src string) string {
		c, err := Parse("clauses/term.md", []byte(src), funcs.Map())
		if err != nil {
			t.Fatal(err)
		}
		return c.Alts[DefaultAlternative].Hash
	}
	h := hash(src)
	if got := hash(strings.Replace(src, "description: Term.\n", "description: >-\n  How long\n  the DPA lasts.\n", 1)); got != h {
		t.Errorf("a longer front matter changed the hash")
	}
	if got := hash(strings.Replace(src, "lasts", "runs", 1)); got == h {
		t.Errorf("a changed text kept the hash")
	}
}
