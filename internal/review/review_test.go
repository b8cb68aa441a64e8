package review

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/review/tracked"
	"github.com/clausemark/clausemark/internal/vars"
)

// issued is an Ojoo DPA for Globex with a deletion period of 30 days,
// recorded in a registry of its own.
type issued struct {
	lib  *library.Library
	reg  *registry.Registry
	p    *library.Prepared
	r    *library.Resolved
	res  *generate.Result
	docx []byte
}

func issue(t *testing.T) *issued {
	t.Helper()
	return issueOf(t, "ojoo", "customer.name=Globex GmbH", "deletion.days=30")
}

// issueOf issues variant's DPA with sets, recorded in a registry of its
// own.
func issueOf(t testing.TB, variant string, sets ...string) *issued {
	t.Helper()
	ctx := context.Background()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := registry.Open(ctx, filepath.Join(t.TempDir(), "registry.db"), registry.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	p, err := lib.Prepare(library.Request{Variant: variant, Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	g := &generate.Generator{Recorder: reg}
	res, err := g.GenerateResolved(ctx, r, []*format.Format{docx.Format}, generate.Origin{Source: "render"})
	if err != nil {
		t.Fatal(err)
	}
	return &issued{lib: lib, reg: reg, p: p, r: r, res: res, docx: res.Outputs[0].Data}
}

// redline is the issued document with b's text as tracked changes by
// the customer's counsel, as Word shows them.
func (is *issued) redline(t *testing.T, b *assemble.Document) []byte {
	t.Helper()
	o := docx.OptionsFor(b.Meta.Meta, format.Options{})
	o.Info.ID = is.res.ID
	data, err := docx.Redline(context.Background(), is.res.Document.Model(), b.Model(), o, docx.Revision{Author: "Customer's counsel"})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func (is *issued) with(t *testing.T, path string, n int64) *assemble.Document {
	t.Helper()
	set, err := registryValues(is)
	if err != nil {
		t.Fatal(err)
	}
	r, err := is.p.Resolve(set, vars.Set{path: {V: vars.Int(n)}})
	if err != nil {
		t.Fatal(err)
	}
	return mustAssemble(t, r)
}

func registryValues(is *issued) (vars.Set, error) {
	d, err := is.reg.Get(context.Background(), is.res.ID)
	if err != nil {
		return nil, err
	}
	return registry.Values(is.p.Template.Schema, d)
}

func mustAssemble(t *testing.T, r *library.Resolved) *assemble.Document {
	t.Helper()
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestReview: the customer's edits of the issue's end-to-end case, each
// made as Word tracks it, and the house's answer.
func TestReview(t *testing.T) {
	is := issue(t)
	for _, tc := range []struct {
		name string
		b    func(t *testing.T) *assemble.Document
		want []string // clause verdict detail
	}{
		{"deletion period within the range", func(t *testing.T) *assemble.Document { return is.with(t, "deletion.days", 45) },
			[]string{"deletion accepted deletion.days=45"}},
		{"deletion period below the range", func(t *testing.T) *assemble.Document { return is.with(t, "deletion.days", 7) },
			[]string{"deletion fallback deletion.days=7 offer 14"}},
		{"liability cap above the range", func(t *testing.T) *assemble.Document { return is.with(t, "liability.cap.months", 36) },
			[]string{"liability fallback liability.cap.months=36 offer 24"}},
		{"balanced audits wording", func(t *testing.T) *assemble.Document {
			return mustAssemble(t, withWording(is.r, "audits", is.lib.Clauses["audits"].Alts["full-balanced"]))
		}, []string{"audits accepted balanced"}},
		{"a sentence about affiliates", func(t *testing.T) *assemble.Document {
			m := librarytest.Copy(t)
			librarytest.Replace(t, m, "clauses/roles.md", "the Customer acts as the Controller and {{ .processor.name }} acts as the Processor, except", "the Customer and its affiliates act as the Controller and {{ .processor.name }} acts as the Processor, except")
			lib2, err := library.Load(m)
			if err != nil {
				t.Fatal(err)
			}
			r, err := lib2.Resolve(library.Request{Variant: "ojoo", Sets: []string{"customer.name=Globex GmbH", "deletion.days=30"}})
			if err != nil {
				t.Fatal(err)
			}
			return mustAssemble(t, r)
		}, []string{"roles needs legal review"}},
		{"no change", func(t *testing.T) *assemble.Document { return is.res.Document }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Review(context.Background(), is.lib, is.reg, is.redline(t, tc.b(t)))
			if err != nil {
				t.Fatal(err)
			}
			got := summarize(rep)
			if len(rep.Items) > 0 && strings.HasPrefix(tc.name, "deletion") {
				it := rep.Items[0]
				if it.Kind != "replacement" || it.Removed != "thirty (30)" || !strings.HasSuffix(it.Added, ")") {
					t.Errorf("first change: %s %q -> %q", it.Kind, it.Removed, it.Added)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s\n%+v", strings.Join(got, "\n"), strings.Join(tc.want, "\n"), rep.Items)
			}
			if rep.AllAccepted() != (len(tc.want) == 0 || strings.Contains(tc.want[0], " accepted")) {
				t.Errorf("all accepted: %v", rep.AllAccepted())
			}
		})
	}
}

// summarize writes each clause's distinct answers, in order.
func summarize(rep *Report) []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range rep.Items {
		s := it.Clause + " " + string(it.Verdict)
		if it.Path != "" {
			s += " " + it.Path + "=" + itoa(*it.Value)
		}
		if it.Offer != nil {
			s += " offer " + itoa(*it.Offer)
		}
		if it.Wording != "" {
			s += " " + it.Wording
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func itoa(n int64) string { return vars.Int(n).String() }

// TestUntracked: text changed without tracking is reported as such; a
// file the registry did not record, or that carries no id in its
// properties or footer, is refused.
func TestUntracked(t *testing.T) {
	is := issue(t)
	edited := editPart(t, is.docx, "word/document.xml", "within thirty (30) days", "within ninety (90) days")
	rep, err := Review(context.Background(), is.lib, is.reg, edited)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Items) != 1 || rep.Items[0].Verdict != Untracked || rep.Items[0].Clause != "deletion" || !strings.Contains(rep.Items[0].Added, "ninety (90)") {
		t.Errorf("items %+v", rep.Items)
	}

	foreign := editPart(t, is.docx, "docProps/core.xml", is.res.ID, "CM-0000-0000-0000-0000")
	_, err = Review(context.Background(), is.lib, is.reg, foreign)
	var ni *NotIssuedError
	if !errors.As(err, &ni) || ni.ID != "CM-0000-0000-0000-0000" {
		t.Errorf("foreign file: %v", err)
	}
	// Properties removed: the footer's reference names it.
	stripped := editPart(t, is.docx, "docProps/core.xml", is.res.ID, "")
	if rep, err := Review(context.Background(), is.lib, is.reg, stripped); err != nil || rep.ID != is.res.ID || len(rep.Items) != 0 {
		t.Errorf("file without an id in its properties: %v", err)
	}
	for _, footer := range []string{"word/footer1.xml", "word/footer2.xml"} {
		stripped = editPart(t, stripped, footer, is.res.ID, "")
	}
	if _, err = Review(context.Background(), is.lib, is.reg, stripped); !errors.As(err, &ni) || ni.ID != "" {
		t.Errorf("file without an id: %v", err)
	}
}

// editPart replaces old with new in part of the zip data.
func editPart(t testing.TB, data []byte, part, old, new string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part {
			if !bytes.Contains(content, []byte(old)) {
				t.Fatalf("%s does not hold %q", part, old)
			}
			content = bytes.ReplaceAll(content, []byte(old), []byte(new))
		}
		w, _ := zw.Create(f.Name)
		w.Write(content)
	}
	zw.Close()
	return b.Bytes()
}

// TestComment: a comment is for the lawyer, with the words it is
// anchored to and its text.
func TestComment(t *testing.T) {
	is := issue(t)
	data := editPart(t, is.docx, "word/document.xml", "within thirty (30) days", `within </w:t></w:r><w:commentRangeStart w:id="7"/><w:r><w:t>thirty (30) days</w:t></w:r><w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r><w:r><w:t xml:space="preserve">`)
	data = editPart(t, data, "word/_rels/document.xml.rels", "</Relationships>", `<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>`)
	data = addPart(t, data, "word/comments.xml", `<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="7" w:author="Customer's counsel"><w:p><w:r><w:t>Can this be 14 days?</w:t></w:r></w:p></w:comment></w:comments>`)
	rep, err := Review(context.Background(), is.lib, is.reg, data)
	if err != nil {
		t.Fatal(err)
	}
	want := Item{Clause: "deletion", Title: "Data Retention and Deletion", Number: "14", Paragraph: paragraphOf(t, is.docx, "within thirty (30) days"), Kind: "comment", Added: "thirty (30) days", Comment: "Can this be 14 days?", Author: "Customer's counsel", Verdict: Legal, Reason: "a comment: for the house's lawyer to answer"}
	if len(rep.Items) != 1 || rep.Items[0] != want || rep.AllAccepted() {
		t.Errorf("items %+v", rep.Items)
	}
}

// TestChanged: when the library has changed since the issue, a clause
// it still makes as issued is weighed, and one it makes otherwise goes to
// the lawyer, its changes not weighed.
func TestChanged(t *testing.T) {
	is := issue(t)
	returned := is.redline(t, is.with(t, "deletion.days", 45))
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, "clauses/roles.md", "## Customer as Controller", "## The Customer as Controller")
	lib2, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Review(context.Background(), lib2, is.reg, returned)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(summarize(rep), "\n"), "roles needs legal review\ndeletion accepted deletion.days=45"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if rep.Now == "" || rep.Now == rep.ID || strings.Join(rep.Stale, ",") != "roles" || !strings.Contains(rep.Items[0].Reason, "makes this clause otherwise now") {
		t.Errorf("now %s, stale %v, %+v", rep.Now, rep.Stale, rep.Items[0])
	}

	// A library that cannot make a document of the recorded values.
	m = librarytest.Copy(t)
	delete(m, "templates/variants/ojoo.yaml")
	lib3, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Review(context.Background(), lib3, is.reg, returned)
	var ce *ChangedError
	if !errors.As(err, &ce) || ce.ID != is.res.ID {
		t.Errorf("got %v", err)
	}
}

// addPart returns the zip data with one more part.
func addPart(t *testing.T, data []byte, part, content string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, _ := zw.Create(part)
	w.Write([]byte(content))
	zw.Close()
	return b.Bytes()
}

// TestEveryClause: the whole document in its balanced position, as a
// customer's counsel might send it back. Each clause the playbook accepts
// in that position is accepted, the liability clause, whose balanced
// wording it does not accept, goes to the lawyer, and the titles changed
// in the table of contents are set aside; with a budget of three
// documents made again, the clauses past it go to the lawyer saying they
// were not all weighed.
func TestEveryClause(t *testing.T) {
	is := issue(t)
	set, err := registryValues(is)
	if err != nil {
		t.Fatal(err)
	}
	r, err := is.p.Resolve(set, vars.Set{"position": {V: vars.Enum("balanced")}})
	if err != nil {
		t.Fatal(err)
	}
	returned := is.redline(t, mustAssemble(t, r))
	rep, err := Review(context.Background(), is.lib, is.reg, returned)
	if err != nil {
		t.Fatal(err)
	}
	verdicts := map[string]Verdict{}
	for _, it := range rep.Items {
		if v, ok := verdicts[it.Clause]; ok && v != it.Verdict {
			t.Errorf("clause %s: both %s and %s", it.Clause, v, it.Verdict)
		}
		verdicts[it.Clause] = it.Verdict
	}
	if rep.Contents == 0 {
		t.Errorf("no change to the table of contents set aside")
	}
	for _, id := range []string{"audits", "deletion", "incidents", "subprocessors"} {
		if verdicts[id] != Accepted {
			t.Errorf("clause %s: %q, want accepted", id, verdicts[id])
		}
	}
	if verdicts["liability"] != Legal {
		t.Errorf("liability: %q", verdicts["liability"])
	}

	rep, err = reviewWithin(context.Background(), is.lib, is.reg, returned, 3)
	if err != nil {
		t.Fatal(err)
	}
	unweighed := 0
	for _, it := range rep.Items {
		if strings.Contains(it.Reason, "documents it makes again") {
			unweighed++
		}
	}
	if unweighed == 0 {
		t.Errorf("no change says it was not weighed: %+v", rep.Items)
	}
}

// TestOpsium: Opsium's short house style writes the deletion period in
// digits ("within 30 days"), read back the same way.
func TestOpsium(t *testing.T) {
	is := issueOf(t, "opsium", "customer.name=Initech GmbH")
	for _, tc := range []struct {
		n    int64
		want string
	}{{21, "deletion accepted deletion.days=21"}, {90, "deletion fallback deletion.days=90 offer 60"}} {
		rep, err := Review(context.Background(), is.lib, is.reg, is.redline(t, is.with(t, "deletion.days", tc.n)))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(summarize(rep), "\n"); got != tc.want {
			t.Errorf("%d days: got %s, want %s", tc.n, got, tc.want)
		}
	}
}

// TestBookmarks: every numbered clause of both house styles is found by
// the bookmark the DOCX writer puts on its heading.
func TestBookmarks(t *testing.T) {
	for _, variant := range []string{"ojoo", "opsium"} {
		is := issueOf(t, variant, "customer.name=Globex GmbH")
		d, err := tracked.Read(is.docx)
		if err != nil {
			t.Fatal(err)
		}
		marks := map[string]bool{}
		for _, p := range d.Paragraphs {
			marks[p.Bookmark] = true
		}
		for _, s := range is.res.Document.Model().Sections {
			if s.Kind != document.Unnumbered && !marks[BookmarkName(s.ClauseID)] {
				t.Errorf("%s: clause %s has no bookmark %s", variant, s.ClauseID, BookmarkName(s.ClauseID))
			}
		}
	}
}

// TestSplit: a paragraph split in two, its words unchanged, is accepted
// as such; the same split with a word added goes to the lawyer.
func TestSplit(t *testing.T) {
	is := issue(t)
	const start = `<w:p><w:r><w:t>Subject to applicable laws and technical limitations`
	split := editPart(t, is.docx, "word/document.xml", start, `<w:p><w:pPr><w:rPr><w:ins w:id="950" w:author="Counsel"/></w:rPr></w:pPr><w:r><w:t>Subject to applicable laws and technical limitations`)
	split = editPart(t, split, "word/document.xml", "days of the Customer", `days of</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve"> the Customer`)
	rep, err := Review(context.Background(), is.lib, is.reg, split)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Items) != 1 || rep.Items[0].Kind != "paragraph split" || rep.Items[0].Verdict != Accepted || rep.Items[0].Clause != "deletion" {
		t.Errorf("split: %+v", rep.Items)
	}
	added := editPart(t, split, "word/document.xml", "days of</w:t></w:r></w:p>", `days of</w:t></w:r><w:ins w:id="951" w:author="Counsel"><w:r><w:t xml:space="preserve"> each</w:t></w:r></w:ins></w:p>`)
	rep, err = Review(context.Background(), is.lib, is.reg, added)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(summarize(rep), "\n"); got != "deletion needs legal review" {
		t.Errorf("split with a word: %s", got)
	}
}

// TestWordShapes: the issued file edited in the shapes Word saves, each
// with the house's answer: a replacement split across runs, one edit in
// two places, a sentence moved, a word added in the signature table.
func TestWordShapes(t *testing.T) {
	is := issue(t)
	const by = ` w:author="Counsel" w:date="2026-06-01T10:00:00Z"`
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"replacement across runs", "within thirty (30) days", `within </w:t></w:r><w:del w:id="901"` + by + `><w:r><w:delText>thir</w:delText></w:r><w:r><w:rPr><w:i/></w:rPr><w:delText>ty (30)</w:delText></w:r></w:del><w:ins w:id="902"` + by + `><w:r><w:t>forty</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>-five (45)</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> days`,
			"deletion accepted deletion.days=45"},
		{"words and digits edited apart", "within thirty (30) days", `within </w:t></w:r><w:del w:id="901"` + by + `><w:r><w:delText>thirty</w:delText></w:r></w:del><w:ins w:id="902"` + by + `><w:r><w:t>fourteen</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> (</w:t></w:r><w:del w:id="903"` + by + `><w:r><w:delText>30</w:delText></w:r></w:del><w:ins w:id="904"` + by + `><w:r><w:t>14</w:t></w:r></w:ins><w:r><w:t xml:space="preserve">) days`,
			"deletion accepted deletion.days=14"},
		{"sentence moved", "within thirty (30) days of the Customer’s written request following termination of the Agreement, unless continued retention is required or permitted by applicable law.", `within thirty (30) days of the Customer’s written request following termination of the Agreement</w:t></w:r><w:moveFrom w:id="905"` + by + `><w:r><w:t>, unless continued retention is required or permitted by applicable law</w:t></w:r></w:moveFrom><w:r><w:t>.</w:t></w:r><w:moveTo w:id="906"` + by + `><w:r><w:t xml:space="preserve"> Unless continued retention is required or permitted by applicable law.</w:t></w:r></w:moveTo><w:r><w:t>`,
			"deletion needs legal review"},
		{"word added in a table", "<w:t>For the Customer</w:t></w:r>", `<w:t>For the Customer</w:t></w:r><w:ins w:id="907"` + by + `><w:r><w:t xml:space="preserve"> and its affiliates</w:t></w:r></w:ins>`,
			"contact needs legal review"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Review(context.Background(), is.lib, is.reg, editPart(t, is.docx, "word/document.xml", tc.old, tc.new))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(summarize(rep), "\n"); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s\n%+v", got, tc.want, rep.Items)
			}
		})
	}
}

// TestManyChanges: a file of thousands of small changes in one clause is
// answered in bounded work, the changes past the bound for the lawyer.
func TestManyChanges(t *testing.T) {
	is := issue(t)
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, `<w:ins w:id="%d"><w:r><w:t>x</w:t></w:r></w:ins><w:r><w:t> </w:t></w:r>`, 1000+i)
	}
	data := editPart(t, is.docx, "word/document.xml", "within thirty (30) days", `within </w:t></w:r>`+b.String()+`<w:r><w:t xml:space="preserve">thirty (30) days`)
	start := time.Now()
	rep, err := Review(context.Background(), is.lib, is.reg, data)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("took %v", d)
	}
	if len(rep.Items) != 5000 || rep.Items[4999].Verdict != Legal || !strings.Contains(rep.Items[4999].Reason, "weighs one by one") {
		t.Errorf("%d items, last %+v", len(rep.Items), rep.Items[len(rep.Items)-1])
	}
}

// paragraphOf returns the paragraph of the Word file data holding text,
// counting from 1.
func paragraphOf(t *testing.T, data []byte, text string) int {
	t.Helper()
	d, err := tracked.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range d.View(tracked.All) {
		if strings.Contains(l.Text, text) {
			return i + 1
		}
	}
	t.Fatalf("no paragraph holds %q", text)
	return 0
}

// BenchmarkReviewInsertedParagraphs reviews a redline that inserts 20,000
// paragraphs into one clause, each a change of its own: the work grows
// with the file, bounded by MaxTries and MaxRenders.
func BenchmarkReviewInsertedParagraphs(b *testing.B) {
	is := issueOf(b, "ojoo", "customer.name=Globex GmbH", "deletion.days=30")
	var s strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&s, `<w:p><w:ins w:id="%d" w:author="C"><w:r><w:t>x %d</w:t></w:r></w:ins></w:p>`, 100000+i, i)
	}
	data := editPart(b, is.docx, "word/document.xml", "within thirty (30) days", `within thirty (30) days</w:t></w:r></w:p>`+s.String()+`<w:p><w:r><w:t xml:space="preserve">`)
	for b.Loop() {
		rep, err := Review(context.Background(), is.lib, is.reg, data)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Items) < 20000 {
			b.Fatalf("%d items", len(rep.Items))
		}
	}
}
