package check

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

func report(t *testing.T, m fstest.MapFS, variant string, sets ...string) *Report {
	t.Helper()
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	lists, err := Load(m)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lib.Resolve(library.Request{Variant: variant, Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatal(err)
	}
	return Document(doc, lists["gdpr-art28"])
}

func TestVariantsPass(t *testing.T) {
	for _, tc := range []struct {
		variant string
		sets    []string
	}{
		{"opsium", nil},
		{"ojoo", []string{"jurisdiction=eu"}},
		{"ojoo", []string{"jurisdiction=de"}},
	} {
		rep := report(t, librarytest.Copy(t), tc.variant, tc.sets...)
		if !rep.OK() {
			var missing []string
			for _, m := range rep.Missing() {
				missing = append(missing, m.ID)
			}
			t.Errorf("%s %v: missing %v, false claims %v", tc.variant, tc.sets, missing, rep.False)
		}
		if len(rep.Items) != 15 {
			t.Errorf("%d elements checked, want the 15 of Art. 28", len(rep.Items))
		}
	}
}

func TestMissingElement(t *testing.T) {
	for _, tc := range []struct {
		template, clause, element string
	}{
		{"templates/documents/dpa-concise.yaml", "audits", "audits"},
		{"templates/documents/dpa-full.yaml", "assistance", "compliance-assistance"},
		{"templates/documents/dpa-full.yaml", "instructions", ""}, // 4.6 of the processing clause still carries instructions
	} {
		m := librarytest.Copy(t)
		librarytest.RemovePart(t, m, tc.template, tc.clause)
		variant := "opsium"
		if strings.Contains(tc.template, "full") {
			variant = "ojoo"
		}
		rep := report(t, m, variant, "jurisdiction=eu")
		var missing []string
		for _, e := range rep.Missing() {
			missing = append(missing, e.ID)
		}
		if tc.element == "" {
			if len(missing) != 0 {
				t.Errorf("without %s: missing %v, want none", tc.clause, missing)
			}
			continue
		}
		if len(missing) != 1 || missing[0] != tc.element || rep.OK() {
			t.Errorf("without %s: missing %v, want [%s]", tc.clause, missing, tc.element)
		}
	}
}

func TestFalseClaim(t *testing.T) {
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, "clauses/duration.md", "covers: [duration]", "covers: [duration, audits]")
	rep := report(t, m, "opsium")
	if rep.OK() || len(rep.False) != 1 {
		t.Fatalf("false claims %v", rep.False)
	}
	if got := rep.False[0].String(); got != `clauses/duration.md: alternative "default" claims audits (Art. 28(3)(h)) but its text has none of: audit` {
		t.Errorf("false claim reads %q", got)
	}
}

func TestLoadErrors(t *testing.T) {
	m := fstest.MapFS{
		Dir + "/bad.yaml":   {Data: []byte("id: other\n")},
		Dir + "/re.yaml":    {Data: []byte("id: re\nelements:\n  - {id: x, title: X, patterns: ['(']}\n")},
		Dir + "/empty.yaml": {Data: []byte("id: empty\nelements:\n  - {id: y}\n")},
	}
	_, err := Load(m)
	for _, want := range []string{`id "other" must match the file name "bad"`, `element "x": pattern "("`, `element "y" needs an id, a title and patterns`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}
