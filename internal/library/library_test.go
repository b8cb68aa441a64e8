package library

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/vars"
)

// TestLoadWhole: one Load gives the whole library, checklists and names
// included, and the files it came from.
func TestLoadWhole(t *testing.T) {
	m := librarytest.Copy(t)
	lib, err := Load(m)
	if err != nil {
		t.Fatal(err)
	}
	if lists, err := lib.Checklists(); err != nil || len(lists) == 0 || lists["gdpr-art28"] == nil {
		t.Errorf("checklists: %v, %v", lists, err)
	}
	if len(lib.Names) == 0 {
		t.Error("no names from " + NamesFile)
	}
	if lib.FS == nil {
		t.Error("no FS")
	}
	for _, id := range lib.TemplateIDs() {
		for _, r := range vars.Roles {
			if _, ok := lib.Templates[id].Schema.RolePath(r.Role); r.Required && !ok {
				t.Errorf("template %s has no variable with role %s", id, r.Role)
			}
		}
	}
}

// TestLoadReportsEveryProblem breaks several files at once and wants one
// list with a positioned problem for each.
func TestLoadReportsEveryProblem(t *testing.T) {
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, "clauses/deletion.md", "id: deletion", "id: erasure")
	librarytest.Replace(t, m, "templates/checklists/gdpr-art28.yaml", "elements:", "elemnts:")
	librarytest.Replace(t, m, "templates/variables.yaml", "  role: document-date\n", "  role: signing-date\n")
	m[NamesFile] = &fstest.MapFile{Data: []byte("names: A\n")}
	_, err := Load(m)
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("Load: %v, want a diag.List", err)
	}
	var got []string
	for _, e := range list {
		got = append(got, fmt.Sprintf("%s:%d", e.File, e.Line))
	}
	for _, want := range []string{"clauses/deletion.md:2", "templates/checklists/gdpr-art28.yaml:", NamesFile + ":1", VariablesFile + ":"} {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, want)
		}
		if !found {
			t.Errorf("no problem at %s; got %v", want, got)
		}
	}
}

// TestResolveLayers: the variant, then files in order, then --set, each
// winning over the one before.
func TestResolveLayers(t *testing.T) {
	lib, err := Load(librarytest.Copy(t))
	if err != nil {
		t.Fatal(err)
	}
	r, err := lib.Resolve(Request{
		Variant: "ojoo",
		Files: []Input{
			{Name: "a.yaml", Data: []byte("customer:\n  name: First\ndeletion:\n  days: 40\n")},
			{Name: "b.yaml", Data: []byte("customer:\n  name: Second\n")},
		},
		Sets: []string{"deletion.days=50"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Values["customer.name"]; got.V != vars.Text("Second") || got.Src.File != "b.yaml" {
		t.Errorf("customer.name = %v from %s, want Second from b.yaml", got.V, got.Src.File)
	}
	if got := r.Values["deletion.days"].V; got != vars.Int(50) {
		t.Errorf("deletion.days = %v, want 50 from --set", got)
	}
	if r.Variant == nil || r.Variant.Name != "ojoo" || r.Template.ID != r.Variant.Meta.Template {
		t.Errorf("variant %v, template %s", r.Variant, r.Template.ID)
	}
	// Every problem of a request at once.
	_, err = lib.Resolve(Request{Variant: "ojoo", Sets: []string{"deletion.days=x", "nosuch.path=1"}})
	var list diag.List
	if !errors.As(err, &list) || len(list) != 2 {
		t.Errorf("two bad sets: %v, want two problems", err)
	}
	for _, e := range list {
		if e.Variable == "" {
			t.Errorf("%v names no variable", e)
		}
	}
}

func TestLoadNames(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"unknown key", "nmaes: [A]\n", `templates/terms.yaml:1:1: unknown key "nmaes" (want names)`},
		{"not a list", "names: Privacy Policy\n", `templates/terms.yaml:1:8: names must be a list of names`},
		{"empty name", "names:\n  - A\n  - '  '\n", `templates/terms.yaml:3:5: each name must be a non-empty string`},
		{"a mapping for a name", "names:\n  - {a: b}\n", `templates/terms.yaml:2:5: each name must be a non-empty string`},
		{"not a mapping", "- A\n", `templates/terms.yaml:1:1: want a mapping with a list under names:`},
		{"bad YAML", "names: [A\n", `templates/terms.yaml:1: invalid YAML`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadNames(fstest.MapFS{NamesFile: {Data: []byte(tc.data)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
	n, err := loadNames(fstest.MapFS{})
	if err != nil || n != nil {
		t.Errorf("a library without %s: %v, %v; want no names and no error", NamesFile, n, err)
	}
}

// TestWhenIsOneExpression: a part's when: that closes its {{ if }} to run
// a loop or a count past the bounds is refused at its line when the
// library loads.
func TestWhenIsOneExpression(t *testing.T) {
	const file = "templates/documents/dpa-concise.yaml"
	for _, when := range []string{
		`eq .jurisdiction.code "us-ca"}}{{range 10000}}{{range 10000}}{{end}}{{end}}{{end}}{{if true`,
		`eq .jurisdiction.code "us-ca"}}{{template "x"}}{{end}}{{define "x"}}{{template "x"}}{{end}}{{if true`,
		`eq (repeat 2000000000 "x") "us-ca"`,
	} {
		m := librarytest.Copy(t)
		// The part's line: that of its "- clause: ccpa".
		before, _, _ := strings.Cut(string(m[file].Data), "- clause: ccpa\n")
		line := strings.Count(before, "\n") + 1
		librarytest.Replace(t, m, file, `when: eq .jurisdiction.code "us-ca"`, "when: '"+when+"'")
		_, err := Load(m)
		var de *diag.Error
		if !errors.As(err, &de) || de.File != file || de.Line != line || !strings.Contains(de.Error(), "when: ") {
			t.Errorf("%s: got %v, want an error at %s:%d, the part's line", when, err, file, line)
		}
	}
}
