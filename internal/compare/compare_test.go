package compare

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/library"
)

var update = flag.Bool("update", false, "update golden files")

func doc(t *testing.T, lib *library.Library, variant string, sets ...string) *document.Document {
	t.Helper()
	r, err := lib.Resolve(library.Request{Variant: variant, Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	d, err := assemble.Assemble(r)
	if err != nil {
		t.Fatal(err)
	}
	return d.Model()
}

func TestSameIsEmpty(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"opsium", "ojoo"} {
		r := Documents(v, doc(t, lib, v), v, doc(t, lib, v))
		if !r.Empty() || r.Count(Same) != len(r.Clauses) {
			t.Errorf("%s against itself: %+v", v, r)
		}
	}
}

func TestOneChange(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	r := Documents("opsium", doc(t, lib, "opsium"), "opsium-45", doc(t, lib, "opsium", "deletion.days=45"))
	if r.Count(Changed) != 1 || r.Count(Same) != len(r.Clauses)-1 {
		t.Fatalf("want exactly one changed clause: %d changed, %d same", r.Count(Changed), r.Count(Same))
	}
	for _, c := range r.Clauses {
		if c.State != Changed {
			continue
		}
		if c.ID != "deletion" {
			t.Errorf("changed clause %s, want deletion", c.ID)
		}
		var changes []string
		for _, op := range c.Words {
			if op.Kind != '=' {
				changes = append(changes, string(op.Kind)+strings.Join(op.Words, " "))
			}
		}
		if strings.Join(changes, "|") != "-30|+45" {
			t.Errorf("word changes %q, want exactly 30 → 45", changes)
		}
	}
}

// TestGolden compares every output format with testdata/*.golden; run with
// -update to accept a change.
func TestGolden(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	small := Documents("opsium", doc(t, lib, "opsium"), "opsium-45", doc(t, lib, "opsium", "deletion.days=45", "customer.name=Globex <Corp> & Co"))
	big := Documents("opsium", doc(t, lib, "opsium"), "ojoo", doc(t, lib, "ojoo"))
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"opsium-45.txt", func(b *bytes.Buffer) error { return Text(b, small, false) }},
		{"opsium-45.ansi", func(b *bytes.Buffer) error { return Text(b, small, true) }},
		{"opsium-45.md", func(b *bytes.Buffer) error { return Markdown(b, small) }},
		{"opsium-45.html", func(b *bytes.Buffer) error { return HTML(b, small) }},
		{"opsium-ojoo.md", func(b *bytes.Buffer) error { return Markdown(b, big) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from the golden file (run go test -update to accept):\n%s", tc.name, b.String())
			}
		})
	}
}

func TestDiffWords(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{"a b c", "a b c", "=a b c"},
		{"a b c", "a x c", "=a|-b|+x|=c"},
		{"", "x y", "+x y"},
		{"x y", "", "-x y"},
		{"a b c d", "b c d e", "-a|=b c d|+e"},
	} {
		var got []string
		for _, e := range diffWords(split([]Piece{{Text: tc.a}}), split([]Piece{{Text: tc.b}})) {
			got = append(got, string(e.Kind)+plain(e.Words))
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("diff(%q, %q) = %q, want %q", tc.a, tc.b, strings.Join(got, "|"), tc.want)
		}
	}
}

// plain returns words without their formatting, parted by spaces.
func plain(ws []Word) string {
	var s []string
	for _, w := range ws {
		if w.Cell {
			s = append(s, "|")
			continue
		}
		s = append(s, w.Text())
	}
	return strings.Join(s, " ")
}

// TestBlockNumbers checks that the blocks compared carry the numbers the
// document gives them: for every clause of both seeds, the numbers of its
// blocks, in order, are the model's numbered paragraphs and legal list
// items within the clause, so a redline shows "(2)" and "(b)" as every
// format prints them.
func TestBlockNumbers(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"opsium", "ojoo"} {
		d := doc(t, lib, v)
		total := 0
		for i := range d.Sections {
			s := &d.Sections[i]
			var want, got []string
			for _, n := range d.Numbered() {
				if n.Offset >= s.Start && n.Offset < s.End && (n.Kind == document.Paragraph || n.Kind == document.Legal) {
					want = append(want, n.Marker)
				}
			}
			for _, bl := range sectionBlocks(d, s) {
				if bl.Number != "" {
					got = append(got, bl.Number)
				}
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s, %s: blocks numbered %q, the document %q", v, s.ClauseID, got, want)
			}
			total += len(got)
		}
		if total == 0 {
			t.Errorf("%s: no block numbered", v)
		}
	}
}

// numberedDoc is a one-section document whose text is text, in a style
// that numbers paragraphs and marks lists (a), (b).
func numberedDoc(text string) *document.Document {
	head := "# T\n\n## 1. One\n\n"
	return &document.Document{
		Markdown: []byte(head + text),
		Style:    &document.Style{Lists: "legal", Paragraphs: "numbered"},
		Sections: []document.Section{{ClauseID: "one", Number: "1", Title: "One", Kind: document.Numbered, Text: text, Start: 5, End: len(head) + len(text)}},
	}
}

// TestNumbersInOutput checks that each format of a redline writes a
// changed block's number: "(2)" before a paragraph, "(b)" for a legal
// item, in the text for a terminal in place of the item's bullet, and
// after the bullet in Markdown, where the list stays a list.
func TestNumbersInOutput(t *testing.T) {
	a := numberedDoc("Alpha.\n\nBeta old.\n\n- x\n- y old\n")
	b := numberedDoc("Alpha.\n\nBeta new.\n\n- x\n- y new\n")
	r := Documents("a", a, "b", b)
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
		want  []string
	}{
		{"text", func(w *bytes.Buffer) error { return Text(w, r, false) }, []string{"\n  (2) Beta [-old.-] {+new.+}\n", "\n  (b) y [-old-] {+new+}\n"}},
		{"md", func(w *bytes.Buffer) error { return Markdown(w, r) }, []string{"\n(2) Beta ~~old.~~ <ins>new.</ins>\n", "\n- (b) y ~~old~~ <ins>new</ins>\n"}},
		{"html", func(w *bytes.Buffer) error { return HTML(w, r) }, []string{"<p>(2) Beta <del>old.</del> <ins>new.</ins></p>", "<li>(b) y <del>old</del> <ins>new</ins>"}},
	} {
		var w bytes.Buffer
		if err := tc.write(&w); err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.want {
			if !strings.Contains(w.String(), want) {
				t.Errorf("%s: no %q in\n%s", tc.name, want, w.String())
			}
		}
	}
}
