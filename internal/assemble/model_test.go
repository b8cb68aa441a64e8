package assemble_test

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/library"
)

// TestModel: the model the renderers read carries the document's
// Markdown, its sections with their kinds and numbers, the headings, the
// parties with the roles the library declares (the groups of
// customer.name and processor.legal_name), the date as the library's date
// format writes it, and the template's page style.
func TestModel(t *testing.T) {
	lib := load(t)
	for _, tc := range []struct{ variant, customer string }{
		{"ojoo", "Globex Corporation"},
		{"opsium", ""},
	} {
		t.Run(tc.variant, func(t *testing.T) {
			req := library.Request{Variant: tc.variant, Sets: []string{"date_format=dd/mm/yyyy", "agreement.date=2026-05-29"}}
			if tc.customer != "" {
				req.Sets = append(req.Sets, "customer.name="+tc.customer)
			}
			r, doc := assembled(t, lib, req)
			m := doc.Model()
			if m.Title != doc.Title || !bytes.Equal(m.Markdown, doc.Markdown) || len(m.Headings) != len(doc.Headings) || len(m.Sections) != len(doc.Sections) {
				t.Fatalf("model %q: %d sections, %d headings; document %d, %d", m.Title, len(m.Sections), len(m.Headings), len(doc.Sections), len(doc.Headings))
			}
			kinds := map[library.PartKind]document.Kind{library.Section: document.Numbered, library.Appendix: document.Appendix, library.Unnumbered: document.Unnumbered}
			for i, s := range doc.Sections {
				ms := m.Sections[i]
				if ms.Kind != kinds[s.Kind] || ms.Number != s.Number || ms.ClauseID != s.ClauseID || ms.Text != s.Text || ms.Anchor() != s.Anchor() || ms.Label() != s.Label() {
					t.Errorf("section %d: %+v, from %+v", i, ms, s)
				}
			}
			want := []document.Party{{Name: doc.Meta.Processor, Role: "Processor"}, {Name: tc.customer, Role: "Customer"}}
			if len(m.Meta.Parties) != 2 || m.Meta.Parties[0] != want[0] || m.Meta.Parties[1] != want[1] || want[0].Name == "" {
				t.Errorf("parties %+v, want %+v", m.Meta.Parties, want)
			}
			if m.Meta.DateText != "29/05/2026" || m.Meta.DateLabel != "Date of the agreement" {
				t.Errorf("date %q labelled %q, want 29/05/2026 labelled as agreement.date is", m.Meta.DateText, m.Meta.DateLabel)
			}
			if (m.Style != nil) != (r.Template.Style != nil) {
				t.Errorf("style %+v, template's %+v", m.Style, r.Template.Style)
			}
			if st := r.Template.Style; st != nil && (m.Style.Font != st.Font || m.Style.Lists != st.Lists || !bytes.Equal(m.Style.Logo, st.LogoData)) {
				t.Errorf("style %+v, template's %+v", m.Style, st)
			}
		})
	}
}

// TestModelRolesFromPaths: where the variables with the parties' roles
// stand in no group, each party's role is the first part of the path.
func TestModelRolesFromPaths(t *testing.T) {
	m := fstest.MapFS{}
	for _, file := range []string{"testdata/engine/base.txtar", "testdata/engine/numbering.txtar"} {
		a, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			m[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	_, doc := assembled(t, lib, library.Request{Files: []library.Input{{Name: "request.yaml", Data: m["request.yaml"].Data}}})
	ps := doc.Model().Meta.Parties
	if len(ps) != 2 || ps[0].Role != "Processor" || ps[1].Role != "Customer" {
		t.Errorf("parties %+v", ps)
	}
}

// TestModelNumbers: the model numbers the paragraphs and marks the list
// items as the template's style asks, once, for every format: the Ojoo
// style numbers paragraphs and marks lists (a), (b); Opsium's marks lists
// only.
func TestModelNumbers(t *testing.T) {
	lib := load(t)
	for _, tc := range []struct {
		variant    string
		paragraphs bool
		cite, text string // a number the document carries, and the text it numbers
	}{
		{"ojoo", true, "3.1(2)(b)", "Obtaining all necessary"},
		{"opsium", false, "", ""},
	} {
		t.Run(tc.variant, func(t *testing.T) {
			_, doc := assembled(t, lib, library.Request{Variant: tc.variant})
			m := doc.Model()
			if len(m.Numbers) == 0 {
				t.Fatal("no numbers")
			}
			paras, found := 0, tc.cite == ""
			for _, n := range m.Numbers {
				switch n.Kind {
				case document.Paragraph:
					paras++
				case document.Legal:
				default:
					t.Errorf("%s %q in a legal style", n.Kind, n.Marker)
				}
				if n.Cite == tc.cite && bytes.HasPrefix(m.Markdown[n.Offset:], []byte(tc.text)) {
					found = true
				}
			}
			if (paras > 0) != tc.paragraphs {
				t.Errorf("%d numbered paragraphs, want some: %v", paras, tc.paragraphs)
			}
			if !found {
				t.Errorf("no %s numbering %q", tc.cite, tc.text)
			}
		})
	}
}
