package tracked

import (
	"reflect"
	"strings"
	"testing"
)

const heading = `<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:bookmarkStart w:id="0" w:name="_Ref_deletion"/><w:r><w:t>Deletion</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>`

// TestShapes reads the shapes Word and LibreOffice give the same edits,
// each with the text accepted and rejected, its changes, and the groups
// a review weighs together.
func TestShapes(t *testing.T) {
	for _, tc := range []struct {
		name, body, comments string
		accepted, rejected   []string
		changes              []string // kind, bookmark, text
		groups               [][]int
	}{
		{"replacement split across runs",
			heading + `<w:p><w:r><w:t xml:space="preserve">within </w:t></w:r><w:del w:id="1" w:author="Counsel" w:date="2026-06-01T10:00:00Z"><w:r><w:delText>thir</w:delText></w:r><w:r><w:rPr><w:b/></w:rPr><w:delText>ty (30)</w:delText></w:r></w:del><w:ins w:id="2" w:author="Counsel"><w:r><w:t>forty-five</w:t></w:r><w:r><w:t xml:space="preserve"> (45)</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> days</w:t></w:r></w:p>`, "",
			[]string{"Deletion", "within forty-five (45) days"}, []string{"Deletion", "within thirty (30) days"},
			[]string{"deletion _Ref_deletion thirty (30)", "insertion _Ref_deletion forty-five (45)"}, [][]int{{0, 1}}},
		{"two edits in one sentence",
			heading + `<w:p><w:r><w:t xml:space="preserve">within </w:t></w:r><w:del w:id="1"><w:r><w:delText>thirty</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>seven</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> (</w:t></w:r><w:del w:id="3"><w:r><w:delText>30</w:delText></w:r></w:del><w:ins w:id="4"><w:r><w:t>7</w:t></w:r></w:ins><w:r><w:t>) days</w:t></w:r></w:p>`, "",
			[]string{"Deletion", "within seven (7) days"}, []string{"Deletion", "within thirty (30) days"},
			[]string{"deletion _Ref_deletion thirty", "insertion _Ref_deletion seven", "deletion _Ref_deletion 30", "insertion _Ref_deletion 7"}, [][]int{{0, 1}, {2, 3}}},
		{"moved sentence",
			heading + `<w:p><w:moveFromRangeStart w:id="7" w:name="move1"/><w:moveFrom w:id="8"><w:r><w:t xml:space="preserve">Second. </w:t></w:r></w:moveFrom><w:moveFromRangeEnd w:id="7"/><w:r><w:t>First.</w:t></w:r><w:moveToRangeStart w:id="9" w:name="move1"/><w:moveTo w:id="10"><w:r><w:t xml:space="preserve"> Second.</w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="9"/></w:p>`, "",
			[]string{"Deletion", "First. Second."}, []string{"Deletion", "Second. First."},
			[]string{"moved from _Ref_deletion Second. ", "moved to _Ref_deletion  Second."}, [][]int{{0}, {1}}},
		{"inserted paragraph",
			heading + `<w:p><w:r><w:t>Kept.</w:t></w:r></w:p><w:p><w:pPr><w:rPr><w:ins w:id="5" w:author="C"/></w:rPr></w:pPr><w:ins w:id="6" w:author="C"><w:r><w:t>Including its affiliates.</w:t></w:r></w:ins></w:p><w:p><w:r><w:t>After.</w:t></w:r></w:p>`, "",
			[]string{"Deletion", "Kept.", "Including its affiliates.", "After."}, []string{"Deletion", "Kept.", "After."},
			[]string{"insertion _Ref_deletion \n", "insertion _Ref_deletion Including its affiliates."}, [][]int{{1, 0}}},
		{"deleted paragraph",
			heading + `<w:p><w:pPr><w:rPr><w:del w:id="5"/></w:rPr></w:pPr><w:del w:id="6"><w:r><w:delText>Gone.</w:delText></w:r></w:del></w:p><w:p><w:r><w:t>After.</w:t></w:r></w:p>`, "",
			[]string{"Deletion", "After."}, []string{"Deletion", "Gone.", "After."},
			[]string{"deletion _Ref_deletion \n", "deletion _Ref_deletion Gone."}, [][]int{{1, 0}}},
		{"change in a table",
			heading + `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Hosting</w:t></w:r><w:ins w:id="3"><w:r><w:t xml:space="preserve"> and backup</w:t></w:r></w:ins></w:p></w:tc><w:tc><w:p><w:r><w:t>Ireland</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`, "",
			[]string{"Deletion", "Hosting and backup", "Ireland"}, []string{"Deletion", "Hosting", "Ireland"},
			[]string{"insertion _Ref_deletion  and backup table"}, [][]int{{0}}},
		{"comment across paragraphs",
			heading + `<w:p><w:r><w:t xml:space="preserve">One </w:t></w:r><w:commentRangeStart w:id="4"/><w:r><w:t>two.</w:t></w:r></w:p><w:p><w:r><w:t>Three</w:t></w:r><w:commentRangeEnd w:id="4"/><w:r><w:commentReference w:id="4"/></w:r><w:r><w:t xml:space="preserve"> four.</w:t></w:r></w:p>`,
			`<w:comment w:id="4" w:author="Counsel" w:date="2026-06-01T10:00:00Z"><w:p><w:r><w:t>Why so long?</w:t></w:r></w:p><w:p><w:r><w:t>Please shorten.</w:t></w:r></w:p></w:comment>`,
			[]string{"Deletion", "One two.", "Three four."}, []string{"Deletion", "One two.", "Three four."},
			[]string{"comment _Ref_deletion two.\nThree: Why so long?\nPlease shorten."}, nil},
		{"field instruction is not text",
			heading + `<w:p><w:r><w:t xml:space="preserve">See Section </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref_deletion \w \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>14</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r></w:p>`, "",
			[]string{"Deletion", "See Section 14."}, []string{"Deletion", "See Section 14."}, nil, nil},
		{"drawn object and formatting change",
			heading + `<w:p><w:pPr><w:pPrChange w:id="3"><w:pPr/></w:pPrChange></w:pPr><w:r><w:rPr><w:b/><w:rPrChange w:id="2"><w:rPr/></w:rPrChange></w:rPr><w:t>Bold.</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing/></mc:Choice><mc:Fallback><w:pict><w:p><w:r><w:t>box</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`, "",
			[]string{"Deletion", "Bold."}, []string{"Deletion", "Bold."}, nil, nil},
	} {
		for _, ns := range []string{wNS, strictNS} {
			t.Run(tc.name+" "+ns[len(ns)-4:], func(t *testing.T) {
				d, err := Read(docx(t, ns, tc.body, tc.comments, nil))
				if err != nil {
					t.Fatal(err)
				}
				if got := texts(d.View(All)); !reflect.DeepEqual(got, tc.accepted) {
					t.Errorf("accepted %q, want %q", got, tc.accepted)
				}
				if got := texts(d.View(None)); !reflect.DeepEqual(got, tc.rejected) {
					t.Errorf("rejected %q, want %q", got, tc.rejected)
				}
				var changes []string
				for _, c := range d.Changes {
					s := string(c.Kind) + " " + c.Bookmark + " " + c.Text
					if c.Comment != "" {
						s += ": " + c.Comment
					}
					if c.Table {
						s += " table"
					}
					changes = append(changes, s)
				}
				if !reflect.DeepEqual(changes, tc.changes) {
					t.Errorf("changes %q, want %q", changes, tc.changes)
				}
				if got := d.Groups(); !reflect.DeepEqual(got, tc.groups) {
					t.Errorf("groups %v, want %v", got, tc.groups)
				}
				if d.ID != "CM-22MX-23TK-K8WK-FEFN" {
					t.Errorf("id %q", d.ID)
				}
			})
		}
	}
}

// TestOneAccepted: a view can accept one change and reject the others.
func TestOneAccepted(t *testing.T) {
	d, err := Read(docx(t, wNS, `<w:p><w:del w:id="1"><w:r><w:delText>a</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>b</w:t></w:r></w:ins><w:r><w:t>-</w:t></w:r><w:ins w:id="3"><w:r><w:t>c</w:t></w:r></w:ins></w:p>`, "", nil))
	if err != nil {
		t.Fatal(err)
	}
	got := texts(d.View(func(i int) bool { return i == 2 }))
	if want := []string{"a-c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNoChanges(t *testing.T) {
	d, err := Read(docx(t, wNS, heading+`<w:p><w:r><w:t>Text.</w:t></w:r></w:p>`, "", nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Changes) != 0 || !reflect.DeepEqual(texts(d.View(All)), texts(d.View(None))) {
		t.Errorf("changes %v", d.Changes)
	}
	if !strings.HasPrefix(d.Paragraphs[1].Bookmark, "_Ref_") {
		t.Errorf("bookmark %q", d.Paragraphs[1].Bookmark)
	}
}

// TestContents: the entries of a table of contents, a field in Word's
// shape or a content control in LibreOffice's, are marked as such, and
// the text after them is not.
func TestContents(t *testing.T) {
	for _, tc := range []struct{ name, body string }{
		{"field", `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-1" \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1. Definitions</w:t></w:r></w:p><w:p><w:ins w:id="1"><w:r><w:t>2. Scope</w:t></w:r></w:ins><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`},
		{"content control", `<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>1. Definitions</w:t></w:r></w:p><w:p><w:ins w:id="1"><w:r><w:t>2. Scope</w:t></w:r></w:ins></w:p></w:sdtContent></w:sdt>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read(docx(t, wNS, tc.body+heading, "", nil))
			if err != nil {
				t.Fatal(err)
			}
			var got []bool
			for _, p := range d.Paragraphs {
				got = append(got, p.Contents)
			}
			if want := []bool{true, true, false}; !reflect.DeepEqual(got, want) {
				t.Errorf("contents %v, want %v", got, want)
			}
			if len(d.Changes) != 1 || !d.Changes[0].Contents {
				t.Errorf("changes %+v", d.Changes)
			}
			if got := texts(d.View(All)); !reflect.DeepEqual(got, []string{"1. Definitions", "2. Scope", "Deletion"}) {
				t.Errorf("text %q", got)
			}
		})
	}
}

// TestFooterID: a file whose properties lost the id is known by the one
// its footer writes; two different ids there are none.
func TestFooterID(t *testing.T) {
	const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="f1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="f2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/></Relationships>`
	footer := func(text string) string {
		return `<w:ftr xmlns:w="` + wNS + `"><w:p><w:r><w:t xml:space="preserve">Page 1 of 3</w:t><w:tab/><w:t>` + text + `</w:t></w:r></w:p></w:ftr>`
	}
	for _, tc := range []struct{ name, f1, f2, want string }{
		{"one id", "Ref. cm-22mx-23tk-k8wk-fefn · 06/12/2026", "Ref. CM-22MX-23TK-K8WK-FEFN · 06/12/2026", "CM-22MX-23TK-K8WK-FEFN"},
		{"two ids", "Ref. CM-22MX-23TK-K8WK-FEFN", "Ref. CM-H082-TVX2-C7TQ-RAYE", ""},
		{"none", "Page", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := docx(t, wNS, heading, "", map[string]string{"word/footer1.xml": footer(tc.f1), "word/footer2.xml": footer(tc.f2)})
			data = replaceInZip(t, data, "word/_rels/document.xml.rels", rels)
			data = replaceInZip(t, data, "docProps/core.xml", `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>`)
			d, err := Read(data)
			if err != nil {
				t.Fatal(err)
			}
			from := FromFooter
			if tc.want == "" {
				from = ""
			}
			if d.ID != tc.want || d.IDFrom != from {
				t.Errorf("id %q from %q, want %q from %q", d.ID, d.IDFrom, tc.want, from)
			}
		})
	}
}
