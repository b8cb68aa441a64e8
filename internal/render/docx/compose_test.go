package docx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/render/docx"
)

// composed is a composed redline of Ojoo's DPA: the first version the
// document with 30 days, the second with 45 days, its deletion clause
// reworded from lines, with a comment on that clause.
func composed(t *testing.T, comments []docx.Comment) []byte {
	t.Helper()
	a := variant(t, "ojoo", "customer.name=Globex GmbH", "deletion.days=30")
	b := variant(t, "ojoo", "customer.name=Globex GmbH", "deletion.days=45")
	var marks []string
	va := []docx.Stretch{{Doc: 0}}
	vb := []docx.Stretch{{Doc: 1}}
	for _, s := range a.Sections {
		if s.Kind == document.Unnumbered {
			continue
		}
		m := docx.BookmarkStem(s.ClauseID)
		marks = append(marks, m)
		va = append(va, docx.Stretch{Doc: 0, Start: m})
		if s.ClauseID == "roles" {
			// Read from its Markdown, with a paragraph added.
			vb = append(vb, docx.Stretch{Doc: 1, Start: m, Lines: append(rolesLines(t, a), "The Customer’s affiliates may rely on this DPA.")})
			continue
		}
		vb = append(vb, docx.Stretch{Doc: 1, Start: m})
	}
	data, err := docx.RedlineComposed(context.Background(), []*document.Document{a, b}, marks, va, vb, comments, docx.Options{Page: docx.A4}, docx.Revision{Author: "Ojoo", Date: time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// rolesLines are the roles clause's paragraphs as its Markdown writes
// them, its title first.
func rolesLines(t *testing.T, d *document.Document) []string {
	t.Helper()
	for _, s := range d.Sections {
		if s.ClauseID != "roles" {
			continue
		}
		var lines []string
		for _, p := range strings.Split(s.Text, "\n\n") {
			if p = strings.TrimSpace(p); p != "" && !strings.HasPrefix(p, "#") {
				lines = append(lines, p)
			}
		}
		return append([]string{s.Title}, lines...)
	}
	t.Fatal("no roles clause")
	return nil
}

var commentsXML = regexp.MustCompile(`<w:comment w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)" w:initials="([^"]*)">`)

// TestComposedComments: each comment is in word/comments.xml with its
// author, date and initials, its content type and relationship declared,
// and its range and reference on one paragraph of the body; a comment
// Near words sits on the paragraph holding them. pandoc and LibreOffice
// read them.
func TestComposedComments(t *testing.T) {
	data := composed(t, []docx.Comment{
		{Start: docx.BookmarkStem("deletion"), Author: "Ojoo", Initials: "O", Text: "Accepted: 45 days.\nThe playbook allows 14 to 60."},
		{Start: docx.BookmarkStem("roles"), Near: "affiliates may rely", Author: "Ojoo", Initials: "O", Text: "For the lawyer & co."},
	})
	parts := unzip(t, data)
	c := string(parts["word/comments.xml"])
	got := commentsXML.FindAllStringSubmatch(c, -1)
	if len(got) != 2 || got[0][1] != "0" || got[1][1] != "1" || got[0][2] != "Ojoo" || got[0][3] != "2026-06-02T09:00:00Z" || got[0][4] != "O" {
		t.Errorf("comments.xml: %v\n%s", got, c)
	}
	if !strings.Contains(c, "For the lawyer &amp; co.") || strings.Count(c, "<w:p>") != 3 {
		t.Errorf("comments.xml text:\n%s", c)
	}
	if !strings.Contains(string(parts["[Content_Types].xml"]), `PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"`) {
		t.Error("no content type for the comments")
	}
	if !strings.Contains(string(parts["word/_rels/document.xml.rels"]), `Target="comments.xml"`) {
		t.Error("no relationship to the comments")
	}
	body := string(parts["word/document.xml"])
	for _, id := range []string{"0", "1"} {
		start := strings.Index(body, `<w:commentRangeStart w:id="`+id+`"/>`)
		end := strings.Index(body, `<w:commentRangeEnd w:id="`+id+`"/>`)
		ref := strings.Index(body, `<w:commentReference w:id="`+id+`"/>`)
		if start < 0 || end < start || ref < end || strings.Contains(body[start:ref], "</w:p>") {
			t.Errorf("comment %s: range at %d to %d, reference at %d, not in one paragraph", id, start, end, ref)
		}
	}
	p := body[strings.LastIndex(body[:strings.Index(body, `<w:commentRangeStart w:id="1"/>`)], "<w:p>"):]
	p = p[:strings.Index(p, "</w:p>")]
	if !strings.Contains(p, "affiliates may rely") {
		t.Errorf("the comment near %q is on\n%s", "affiliates may rely", p)
	}
	p = body[strings.LastIndex(body[:strings.Index(body, `<w:commentRangeStart w:id="0"/>`)], "<w:p>"):]
	if p = p[:strings.Index(p, "</w:p>")]; !strings.Contains(p, "<w:ins ") {
		t.Errorf("the comment on the clause's change is on\n%s", p)
	}

	// Without comments, no comments part.
	if parts := unzip(t, composed(t, nil)); parts["word/comments.xml"] != nil || strings.Contains(string(parts["[Content_Types].xml"]), "comments") {
		t.Error("a comments part without comments")
	}
}

// TestComposedCommentsReaders: pandoc, python-docx and LibreOffice read
// the comments with their authors and texts.
func TestComposedCommentsReaders(t *testing.T) {
	pandoc := need(t, "pandoc", "pandoc")
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	data := composed(t, []docx.Comment{
		{Start: docx.BookmarkStem("deletion"), Author: "Ojoo", Initials: "O", Text: "Accepted: 45 days."},
		{Start: docx.BookmarkStem("roles"), Near: "affiliates may rely", Author: "Ojoo", Initials: "O", Text: "For the lawyer."},
	})
	file := writeTemp(t, "composed.docx", data)
	out := run(t, pandoc, "--track-changes=all", "-t", "json", file)
	var doc any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var found []string
	var walk func(x any)
	walk = func(x any) {
		switch v := x.(type) {
		case map[string]any:
			if v["t"] == "Span" {
				c := v["c"].([]any)
				attr := c[0].([]any)
				if cl, _ := attr[1].([]any); len(cl) > 0 && cl[0] == "comment-start" {
					b, _ := json.Marshal(c)
					found = append(found, string(b))
				}
			}
			walk(v["c"])
		case []any:
			for _, y := range v {
				walk(y)
			}
		}
	}
	walk(doc.(map[string]any)["blocks"])
	// In the order of the body: the roles clause's first.
	if len(found) != 2 || !strings.Contains(found[0], `"lawyer."`) || !strings.Contains(found[1], `"Ojoo"`) || !strings.Contains(found[1], `"45"`) {
		t.Errorf("pandoc reads %q", found)
	}

	// python-docx finds the comments part by the body's relationship;
	// the part holds them in the order given.
	py := run(t, python(t), "-c", pythonComments, file)
	if want := "Ojoo\tO\t2026-06-02T09:00:00Z\tAccepted: 45 days.\nOjoo\tO\t2026-06-02T09:00:00Z\tFor the lawyer.\nranges 2 2\n"; string(py) != want {
		t.Errorf("python-docx reads\n%s\nwant\n%s", py, want)
	}

	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	run(t, soffice, "-env:UserInstallation=file://"+profile, "--headless", "--convert-to", "fodt", "--outdir", dir, file)
	fodt, err := os.ReadFile(filepath.Join(dir, "composed.fodt"))
	if err != nil {
		t.Fatal(err)
	}
	annotations := regexp.MustCompile(`(?s)<office:annotation\b.*?</office:annotation>`).FindAll(fodt, -1)
	if len(annotations) != 2 || !bytes.Contains(annotations[1], []byte("<dc:creator>Ojoo</dc:creator>")) || !bytes.Contains(annotations[1], []byte("<meta:creator-initials>O</meta:creator-initials>")) || !bytes.Contains(annotations[1], []byte("Accepted: 45 days.")) || !bytes.Contains(annotations[0], []byte("For the lawyer.")) {
		t.Errorf("LibreOffice reads %d annotations:\n%s", len(annotations), bytes.Join(annotations, []byte("\n")))
	}
}

// pythonComments prints each comment of the DOCX file argv[1] (author,
// initials, date, text) and the comment ranges and references in its
// body, read with python-docx.
const pythonComments = `
import sys, docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree
d = docx.Document(sys.argv[1])
root = etree.fromstring(d.part.part_related_by(RT.COMMENTS).blob)
for c in root.iter(qn('w:comment')):
    text = " / ".join("".join(t.text or "" for t in p.iter(qn('w:t'))) for p in c.iter(qn('w:p')))
    print(c.get(qn('w:author')), c.get(qn('w:initials')), c.get(qn('w:date')), text, sep="\t")
body = d.element.body
print("ranges", len(body.findall('.//' + qn('w:commentRangeStart'))), len(body.findall('.//' + qn('w:commentReference'))))
`

// TestComposeErrors: a stretch a document lacks is an error naming it.
func TestComposeErrors(t *testing.T) {
	a := variant(t, "ojoo", "customer.name=Globex GmbH")
	_, err := docx.RedlineComposed(context.Background(), []*document.Document{a}, []string{"_Ref_roles"}, []docx.Stretch{{Doc: 0}}, []docx.Stretch{{Doc: 0, Start: "_Ref_nothing"}}, nil, docx.Options{Page: docx.A4}, docx.Revision{})
	var ce *docx.ComposeError
	if !errors.As(err, &ce) || ce.Start != "_Ref_nothing" || !strings.Contains(err.Error(), "bookmark _Ref_nothing") {
		t.Errorf("unknown stretch: %v", err)
	}
	_, err = docx.RedlineComposed(context.Background(), []*document.Document{a}, nil, []docx.Stretch{{Doc: 2}}, nil, nil, docx.Options{Page: docx.A4}, docx.Revision{})
	if !errors.As(err, &ce) || ce.Doc != 2 {
		t.Errorf("unknown document: %v", err)
	}
}
