package mdext

import (
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

func parse(src string) ast.Node {
	return Parse(New(), []byte(src))
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"14. Data Retention and Deletion", "14-data-retention-and-deletion"},
		{"Appendix A – Description of Processing Activities", "appendix-a--description-of-processing-activities"},
		{"Customer Responsibilities (Controller Obligations)", "customer-responsibilities-controller-obligations"},
		{"Zürich & Co.", "zürich--co"},
	} {
		if got := Slug(tc.in); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestConstructs(t *testing.T) {
	doc := parse("# Title\n\n## 1. One\n\n## 1. One\n\n<!-- pagebreak -->\n\n<!-- signatures: Signature, Name -->\n\n- For the Processor: Acme *GmbH*\n- For the Customer: Globex\n\n<!-->\n\n<!-- other -->\n")
	var kinds []string
	var ids []string
	var sig *Signatures
	var parties []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Parent() == doc {
			kinds = append(kinds, n.Kind().String())
		}
		if h, ok := n.(*ast.Heading); ok {
			id, _ := h.AttributeString("id")
			ids = append(ids, string(id.([]byte)))
		}
		if s, ok := n.(*Signatures); ok {
			sig = s
		}
		if p, ok := n.(*Party); ok {
			parties = append(parties, p.Role)
		}
		return ast.WalkContinue, nil
	})
	want := []string{"Heading", "Heading", "Heading", "PageBreak", "Signatures", "HTMLBlock", "HTMLBlock"}
	if len(kinds) != len(want) {
		t.Fatalf("top-level kinds %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("top-level kinds %v, want %v", kinds, want)
		}
	}
	if ids[1] != "1-one" || ids[2] != "1-one-1" {
		t.Errorf("heading ids %v: repeats must be numbered", ids)
	}
	if sig == nil || len(sig.Labels) != 2 || sig.Labels[1] != "Name" {
		t.Fatalf("signatures %+v", sig)
	}
	if len(parties) != 2 || parties[0] != "For the Processor" || parties[1] != "For the Customer" {
		t.Errorf("parties %q", parties)
	}
	if first := sig.FirstChild(); first == nil || first.FirstChild() == nil {
		t.Error("party has no name")
	}
}

// TestPartyRoles checks the role split off each party's line, however the
// parser splits its text, and the name left after it.
func TestPartyRoles(t *testing.T) {
	for _, tc := range []struct{ line, role, name string }{
		{"For A: Alpha", "For A", "Alpha"},
		{"For B:", "For B", ""},
		{"For the Customer:", "For the Customer", ""},
		{"For the Processor: Acme *GmbH*", "For the Processor", "Acme GmbH"},
		{"No colon here", "", "No colon here"},
		{"For the Customer's Agent: Globex", "For the Customer’s Agent", "Globex"},
	} {
		src := "<!-- signatures: Signature -->\n\n- " + tc.line + "\n"
		doc := parse(src)
		p, ok := doc.FirstChild().FirstChild().(*Party)
		if !ok {
			t.Fatalf("%q: no party", tc.line)
		}
		var name strings.Builder
		_ = ast.Walk(p, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := n.(*ast.Text); ok && entering {
				name.Write(t.Segment.Value([]byte(src)))
			}
			return ast.WalkContinue, nil
		})
		if p.Role != tc.role || strings.TrimSpace(name.String()) != tc.name {
			t.Errorf("%q: role %q, name %q; want %q, %q", tc.line, p.Role, name.String(), tc.role, tc.name)
		}
	}
}

// TestIDsRepeat checks the ids of repeated headings against GitHub's
// rule, the first of "title", "title-1", "title-2" ... not taken yet,
// when a heading's own text is such a number too or an id was put
// first; and that 20,000 headings alike are numbered to the end (each
// repeat once took a walk from "title-1").
func TestIDsRepeat(t *testing.T) {
	naive := func(titles []string, put []string) []string {
		used := map[string]bool{}
		for _, p := range put {
			used[p] = true
		}
		var out []string
		for _, title := range titles {
			base := Slug(title)
			id := base
			for i := 1; used[id]; i++ {
				id = base + "-" + strconv.Itoa(i)
			}
			used[id] = true
			out = append(out, id)
		}
		return out
	}
	for _, tc := range []struct {
		titles, put []string
	}{
		{[]string{"A", "A", "A"}, nil},
		{[]string{"A", "A-1", "A", "A", "A-1", "A-2", "A"}, nil},
		{[]string{"A-2", "A", "A", "A", "A"}, nil},
		{[]string{"A", "A", "A"}, []string{"a", "a-2"}},
		{[]string{"A", "A 1", "A", "A 1", "A"}, []string{"a-1-1"}},
	} {
		s := newIDs()
		for _, p := range tc.put {
			s.Put([]byte(p))
		}
		var got []string
		for _, title := range tc.titles {
			got = append(got, string(s.Generate([]byte(title), ast.KindHeading)))
		}
		if want := naive(tc.titles, tc.put); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q after %q: %q, want %q", tc.titles, tc.put, got, want)
		}
	}
	s := newIDs()
	var last []byte
	for range 20000 {
		last = s.Generate([]byte("h"), ast.KindHeading)
	}
	if string(last) != "h-19999" {
		t.Errorf("the 20,000th heading h is %q, want h-19999", last)
	}
}
