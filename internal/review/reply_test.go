package review

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/review/tracked"
	"github.com/clausemark/clausemark/internal/vars"
)

// affiliates is the library with the roles clause naming the
// Customer's affiliates: text no wording of the real library writes.
func affiliates(t *testing.T) *library.Library {
	t.Helper()
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, "clauses/roles.md", "the Customer acts as the Controller and {{ .processor.name }} acts as the Processor, except", "the Customer and its affiliates act as the Controller and {{ .processor.name }} acts as the Processor, except")
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// made is the document lib makes of Ojoo's DPA for Globex with days,
// and audits in its balanced wording when balanced.
func made(t *testing.T, lib *library.Library, days int64, balanced bool) *assemble.Document {
	t.Helper()
	p, err := lib.Prepare(library.Request{Variant: "ojoo", Sets: []string{"customer.name=Globex GmbH"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Resolve(vars.Set{"deletion.days": {V: vars.Int(days)}})
	if err != nil {
		t.Fatal(err)
	}
	if balanced {
		r = withWording(r, "audits", lib.Clauses["audits"].Alts["full-balanced"])
	}
	return mustAssemble(t, r)
}

// bodyText is a file's text with the changes accept chooses: its
// paragraphs but the table of contents', white space folded.
func bodyText(t *testing.T, data []byte, accept func(int) bool) string {
	t.Helper()
	d, err := tracked.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range d.View(accept) {
		if s := strings.Join(strings.Fields(l.Text), " "); s != "" && !l.Contents {
			out = append(out, s)
		}
	}
	return strings.Join(out, "\n")
}

// textOf is the body text of document b as the DOCX writer writes it.
func textOf(t *testing.T, b *assemble.Document) string {
	t.Helper()
	data, err := docx.Render(context.Background(), b.Model(), docx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return bodyText(t, data, tracked.All)
}

// TestReply: for each returned file, the reply's text with its changes
// rejected is the customer's, with them accepted the counter-draft's,
// its comments are the answers', and it is recorded as derived from the
// issued document.
func TestReply(t *testing.T) {
	is := issue(t)
	aff := affiliates(t)
	redline := func(b *assemble.Document) func(t *testing.T) []byte {
		return func(t *testing.T) []byte { return is.redline(t, b) }
	}
	const house = "OJOO SOFTWARE SERVICES PRIVATE LIMITED"
	for _, tc := range []struct {
		name     string
		returned func(t *testing.T) []byte
		counter  *assemble.Document // the counter-draft's text; nil for the customer's
		// kept and reverted are 1 for some changes (the report's items
		// so answered), 0 for none; answered and review count them.
		kept, answered, reverted, review int
		comments                         []string // what the comments start with, in order
	}{
		{"deletion period within the range", redline(is.with(t, "deletion.days", 45)), made(t, is.lib, 45, false), 1, 0, 0, 0, nil},
		{"deletion period below the range", redline(is.with(t, "deletion.days", 7)), made(t, is.lib, 14, false), 0, 1, 0, 0,
			[]string{`Not accepted. Deletion period: 7 days is outside what the house accepts without asking (14 to 60 days); the house offers 14 days. Deletion takes at least 14 days`}},
		{"liability cap above the range", redline(is.with(t, "liability.cap.months", 36)), is.with(t, "liability.cap.months", 24), 0, 1, 0, 0,
			[]string{`Not accepted. Months of fees: 36 months is outside what the house accepts without asking (12 to 24 months); the house offers 24 months.`}},
		{"the four edits", redline(made(t, aff, 7, true)), made(t, aff, 14, true), 1, 1, 0, 1,
			[]string{`Left as you made it, for ` + house + `'s lawyer: the text matches no wording`, `Not accepted. Deletion period: 7 days`}},
		{"balanced liability declined", redline(mustAssemble(t, withWording(is.r, "liability", is.lib.Clauses["liability"].Alts["full-balanced"]))), is.res.Document, 0, 0, 1, 0,
			[]string{`Not accepted, the house's wording restored. The clause now reads as the library's balanced wording, which the playbook does not accept. The liability terms are priced into the service`}},
		{"audits in a wording offered with the fallback", redline(mustAssemble(t, withWording(is.r, "audits", is.lib.Clauses["audits"].Alts["concise"]))), mustAssemble(t, withWording(is.r, "audits", is.lib.Clauses["audits"].Alts["full-balanced"])), 0, 2, 0, 0,
			[]string{`Not accepted. The clause now reads as the library's concise wording, which the playbook does not accept; the house offers its balanced wording.`}},
		{"balanced audits and a longer period", redline(made(t, is.lib, 45, true)), nil, 1, 0, 0, 0, nil},
		{"an untracked edit", func(t *testing.T) []byte {
			return editPart(t, is.docx, "word/document.xml", "within thirty (30) days", "within ninety (90) days")
		}, nil, 0, 0, 0, 1, []string{`Left as it stands, for ` + house + `'s lawyer: the text differs from the issued text without a tracked change`}},
		{"a comment", func(t *testing.T) []byte {
			data := editPart(t, is.docx, "word/document.xml", "within thirty (30) days", `within </w:t></w:r><w:commentRangeStart w:id="7"/><w:r><w:t>thirty (30) days</w:t></w:r><w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r><w:r><w:t xml:space="preserve">`)
			data = editPart(t, data, "word/_rels/document.xml.rels", "</Relationships>", `<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>`)
			return addPart(t, data, "word/comments.xml", `<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="7" w:author="Customer's counsel"><w:p><w:r><w:t>Can this be 14 days?</w:t></w:r></w:p></w:comment></w:comments>`)
		}, is.res.Document, 0, 0, 0, 1, []string{`Your comment “Can this be 14 days?” is left for ` + house + `'s lawyer to answer.`}},
		{"no change", redline(is.res.Document), is.res.Document, 0, 0, 0, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			returned := tc.returned(t)
			ctx := context.Background()
			date := time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)
			got, err := Reply(ctx, is.lib, is.reg, returned, ReplyOptions{Date: date})
			if err != nil {
				t.Fatal(err)
			}
			customer := bodyText(t, returned, tracked.All)
			if rej := bodyText(t, got.Data, tracked.None); rej != customer {
				t.Errorf("rejected, against the customer's text:\n%s", diffLines(rej, customer))
			}
			want := customer
			if tc.counter != nil {
				want = textOf(t, tc.counter)
			}
			if acc := bodyText(t, got.Data, tracked.All); acc != want {
				t.Errorf("accepted, against the counter-draft:\n%s", diffLines(acc, want))
			}
			n := map[Verdict]int{}
			for _, it := range got.Report.Items {
				n[it.Verdict]++
			}
			if got.Kept != n[Accepted] || (got.Kept > 0) != (tc.kept > 0) || got.Answered != tc.answered || (got.Reverted > 0) != (tc.reverted > 0) || got.ForReview != tc.review ||
				got.Kept+got.Answered+got.Reverted+got.ForReview != len(got.Report.Items) {
				t.Errorf("kept %d, answered %d, reverted %d, for review %d; %s", got.Kept, got.Answered, got.Reverted, got.ForReview, summarize(got.Report))
			}
			cs := comments(t, got.Data)
			if len(cs) != len(tc.comments) || got.Comments != len(cs) {
				t.Fatalf("comments %q (%d), want %d", cs, got.Comments, len(tc.comments))
			}
			for i, c := range cs {
				if !strings.HasPrefix(c.text, tc.comments[i]) || c.author != house || c.date != "2026-06-02T09:00:00Z" || c.initials != "OSSP" {
					t.Errorf("comment %d: %+v, want it to start %q", i, c, tc.comments[i])
				}
			}
			d, err := tracked.Read(got.Data)
			if err != nil || d.ID != got.ID {
				t.Errorf("the reply's id: %v; want %s", err, got.ID)
			}
			rec, err := is.reg.Get(ctx, got.ID)
			if err != nil || rec.DerivedFrom != is.res.ID {
				t.Errorf("recorded: %+v, %v", rec, err)
			}
			again, err := Reply(ctx, is.lib, is.reg, returned, ReplyOptions{Date: date})
			if err != nil || !bytes.Equal(again.Data, got.Data) || again.ID != got.ID {
				t.Errorf("a second reply differs: %v", err)
			}
		})
	}
}

// TestReplyChanged: when the library has changed a clause since the
// issue, the customer's changes to it are left for the lawyer, and the
// others answered.
func TestReplyChanged(t *testing.T) {
	is := issue(t)
	returned := is.redline(t, is.with(t, "deletion.days", 7))
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, "clauses/roles.md", "## Customer as Controller", "## The Customer as Controller")
	lib2, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Reply(context.Background(), lib2, is.reg, returned, ReplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Answered != 1 || got.ForReview != 1 || len(got.Report.Stale) != 1 {
		t.Errorf("answered %d, for review %d, stale %v", got.Answered, got.ForReview, got.Report.Stale)
	}
	customer := bodyText(t, returned, tracked.All)
	if rej := bodyText(t, got.Data, tracked.None); rej != customer {
		t.Errorf("rejected, against the customer's text:\n%s", diffLines(rej, customer))
	}
	if acc, want := bodyText(t, got.Data, tracked.All), strings.Replace(customer, "seven (7)", "fourteen (14)", 1); acc != want {
		t.Errorf("accepted:\n%s", diffLines(acc, want))
	}
}

// TestReplyRefuses: a file the registry did not record is refused, and
// nothing is recorded.
func TestReplyRefuses(t *testing.T) {
	is := issue(t)
	foreign := editPart(t, is.docx, "docProps/core.xml", is.res.ID, "CM-0000-0000-0000-0000")
	_, err := Reply(context.Background(), is.lib, is.reg, foreign, ReplyOptions{})
	var ni *NotIssuedError
	if !errors.As(err, &ni) {
		t.Errorf("foreign file: %v", err)
	}
	list, _, err := is.reg.List(context.Background(), registry.Filter{})
	if err != nil || len(list) != 1 {
		t.Errorf("registry after a refusal: %d documents, %v", len(list), err)
	}
}

type wordComment struct{ author, initials, date, text string }

var commentRE = regexp.MustCompile(`(?s)<w:comment w:id="\d+" w:author="([^"]*)"(?: w:date="([^"]*)")?(?: w:initials="([^"]*)")?>(.*?)</w:comment>`)
var tagRE = regexp.MustCompile(`<[^>]*>`)

// comments reads word/comments.xml of data.
func comments(t *testing.T, data []byte) []wordComment {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []wordComment
	for _, f := range zr.File {
		if f.Name != "word/comments.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, m := range commentRE.FindAllStringSubmatch(string(b), -1) {
			text := html.UnescapeString(tagRE.ReplaceAllString(m[4], ""))
			out = append(out, wordComment{author: m[1], date: m[2], initials: m[3], text: text})
		}
	}
	return out
}

// diffLines shows the lines of a and b that differ.
func diffLines(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(la), len(lb)); i++ {
		x, y := "", ""
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			out = append(out, "  got:  "+x, "  want: "+y)
			if len(out) > 12 {
				break
			}
		}
	}
	return strings.Join(out, "\n")
}
