package tracked

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/render/fuzzdeadline"
)

// TestHostile: a file made to exhaust the reader, or to make it reach
// outside the file, is an error naming the part, quickly.
func TestHostile(t *testing.T) {
	deep := strings.Repeat("<w:r>", MaxDepth) + strings.Repeat("</w:r>", MaxDepth)
	for _, tc := range []struct {
		name string
		data func(t *testing.T) []byte
		want string
	}{
		{"not a zip", func(t *testing.T) []byte { return []byte("%PDF-1.7") }, "not a Word document"},
		{"a zip without a document", func(t *testing.T) []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			add(t, zw, "a.txt", "x")
			zw.Close()
			return b.Bytes()
		}, "not a Word document"},
		{"zip bomb", func(t *testing.T) []byte {
			return docx(t, wNS, `<w:p><w:r><w:t>`+strings.Repeat("a", MaxDocument)+`</w:t></w:r></w:p>`, "", nil)
		}, "word/document.xml: unpacks to"},
		{"long text", func(t *testing.T) []byte {
			return docx(t, wNS, `<w:p><w:r><w:t>`+strings.Repeat("a", MaxText+1)+`</w:t></w:r></w:p>`, "", nil)
		}, "word/document.xml: a text or markup longer than"},
		{"deep nesting", func(t *testing.T) []byte { return docx(t, wNS, `<w:p>`+deep+`</w:p>`, "", nil) }, "word/document.xml: elements nested deeper than 128"},
		{"entity declaration", func(t *testing.T) []byte {
			d := docx(t, wNS, "", "", nil)
			return replaceInZip(t, d, "word/document.xml", `<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="`+wNS+`"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`)
		}, "word/document.xml: has a document type declaration"},
		{"external entity", func(t *testing.T) []byte {
			d := docx(t, wNS, "", "", nil)
			return replaceInZip(t, d, "word/document.xml", `<?xml version="1.0"?><w:document xmlns:w="`+wNS+`"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>`)
		}, "word/document.xml: XML syntax error"},
		{"external relationship", func(t *testing.T) []byte {
			d := docx(t, wNS, "<w:p/>", "", nil)
			return replaceInZip(t, d, "word/_rels/document.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://example.com/x.png" TargetMode="External"/></Relationships>`)
		}, "word/_rels/document.xml.rels: relationship rId5 (image) points outside the file"},
		{"other encoding", func(t *testing.T) []byte {
			d := docx(t, wNS, "", "", nil)
			return replaceInZip(t, d, "word/document.xml", `<?xml version="1.0" encoding="ISO-8859-1"?><w:document xmlns:w="`+wNS+`"><w:body/></w:document>`)
		}, `only UTF-8 is read`},
		{"too many files", func(t *testing.T) []byte {
			extra := map[string]string{}
			for i := range MaxEntries {
				extra[fmt.Sprintf("x/%d", i)] = ""
			}
			return docx(t, wNS, "", "", extra)
		}, "holds 2005 files"},
		{"cut short", func(t *testing.T) []byte {
			d := docx(t, wNS, "", "", nil)
			return replaceInZip(t, d, "word/document.xml", `<w:document xmlns:w="`+wNS+`"><w:body><w:p><w:r><w:t>x`)
		}, "word/document.xml:"},
		{"huge comments", func(t *testing.T) []byte {
			return docx(t, wNS, "<w:p/>", `<w:comment w:id="1"><w:p><w:r><w:t>`+strings.Repeat("a ", MaxPart/2)+`</w:t></w:r></w:p></w:comment>`, nil)
		}, "word/comments.xml: unpacks to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data(t)
			start := time.Now()
			_, err := Read(data)
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an *Error containing %q", err, tc.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// replaceInZip returns data with part's content replaced by s.
func replaceInZip(t testing.TB, data []byte, part, s string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		content := s
		if f.Name != part {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			buf.ReadFrom(rc)
			rc.Close()
			content = buf.String()
		}
		add(t, zw, f.Name, content)
	}
	zw.Close()
	return b.Bytes()
}

// FuzzReview: any bytes either read, with views that hold every
// paragraph's text, or fail with an *Error, each within the fuzz
// deadline.
func FuzzReview(f *testing.F) {
	f.Add(docx(f, wNS, heading+`<w:p><w:r><w:t xml:space="preserve">within </w:t></w:r><w:del w:id="1"><w:r><w:delText>thirty (30)</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>forty-five (45)</w:t></w:r></w:ins><w:r><w:t> days</w:t></w:r></w:p>`, "", nil))
	f.Add(docx(f, strictNS, `<w:p><w:pPr><w:rPr><w:ins w:id="5"/></w:rPr></w:pPr><w:moveTo w:id="6"><w:r><w:t>x</w:t></w:r></w:moveTo></w:p><w:tbl><w:tr><w:tc><w:p><w:commentRangeStart w:id="1"/><w:r><w:t>y</w:t></w:r><w:commentRangeEnd w:id="1"/></w:p></w:tc></w:tr></w:tbl>`, `<w:comment w:id="1"><w:p><w:r><w:t>c</w:t></w:r></w:p></w:comment>`, nil))
	f.Add(docx(f, wNS, `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>REF x</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r></w:p><w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`, "", nil))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Under a deadline: a slow input fails and is saved.
		var d *Document
		err := fuzzdeadline.Run(t, data, func(context.Context) error {
			var err error
			d, err = Read(data)
			return err
		})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			return
		}
		all, none := d.View(All), d.View(None)
		if len(all) > len(d.Paragraphs) || len(none) > len(d.Paragraphs) {
			t.Fatalf("%d and %d lines of %d paragraphs", len(all), len(none), len(d.Paragraphs))
		}
		for _, g := range d.Groups() {
			for _, c := range g {
				if d.Changes[c].Kind == Comment {
					t.Fatalf("a comment in a group")
				}
			}
		}
	})
}
