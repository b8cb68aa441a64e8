package writer

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// tagDoc returns a tagged document of the serif fonts, PDF/A if pdfa,
// with a page and a face set.
func tagDoc(t *testing.T, pdfa bool) *Writer {
	t.Helper()
	fonts, err := font.LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	d := newWriter(pdfdoc.Setup{Fonts: fonts, Page: pdfdoc.A4, PDFA: pdfa, Tagged: true, Info: pdfdoc.Info{Title: "T"}})
	d.AddPage()
	d.SetFont(font.Regular, 10)
	return d
}

// TestTagSequences: text drawn in one element is one marked-content
// sequence until something else is drawn; a line is an artifact; an
// element resumed later, on another page, gets a sequence there; an
// element's sequences are its kids in the order drawn.
func TestTagSequences(t *testing.T) {
	d := tagDoc(t, false)
	d.BeginTag(pdfdoc.Tag{Role: pdfdoc.Document})
	p := d.BeginTag(pdfdoc.Tag{Role: pdfdoc.P})
	d.Text(10, 10, "one")
	d.Text(20, 10, "two")
	d.Line(0, 0, 1, 1)
	d.Text(30, 10, "three")
	d.EndTag()
	d.EndTag()
	d.AddPage()
	d.ResumeTag(p)
	d.Text(10, 10, "four")
	d.EndTag()
	page1 := string(d.pages[0].content)
	if n := strings.Count(page1, "/P <</MCID "); n != 2 {
		t.Errorf("page 1 opens %d sequences, want 2:\n%s", n, page1)
	}
	if !strings.Contains(page1, "EMC\n/Artifact BMC\n") || strings.Count(page1, "BDC")+strings.Count(page1, "BMC") != strings.Count(page1, "EMC") {
		t.Errorf("the line is not an artifact between the sequences:\n%s", page1)
	}
	want := []kid{{elem: -1, page: 0, mcid: 0}, {elem: -1, page: 0, mcid: 1}, {elem: -1, page: 1, mcid: 0}}
	for i := range want {
		want[i].next = -1 // as kidsOf gives them
	}
	got := d.kidsOf(p - 1)
	for i := range got {
		got[i].next = -1
	}
	if !slices.Equal(got, want) {
		t.Errorf("P's kids %v, want %v", got, want)
	}
	var out bytes.Buffer
	if err := d.Output(&out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte("/StructTreeRoot ")) || bytes.Count(out.Bytes(), []byte("/Type /ObjStm")) != 1 {
		t.Error("no structure tree in an object stream")
	}
}

// TestTagConformance: a PDF/A whose text is all in the structure or an
// artifact claims level A; text drawn outside every element, which the
// layout never does, makes it level B, that text an artifact.
func TestTagConformance(t *testing.T) {
	for _, tc := range []struct {
		name    string
		outside bool
		want    string
	}{{"complete", false, "A"}, {"text outside", true, "B"}} {
		d := tagDoc(t, true)
		d.BeginArtifact()
		d.Text(10, 280, "Page 1")
		d.EndArtifact()
		if tc.outside {
			d.Text(10, 20, "stray")
		}
		d.BeginTag(pdfdoc.Tag{Role: pdfdoc.P})
		d.Text(10, 10, "text")
		d.EndTag()
		var out bytes.Buffer
		if err := d.Output(&out); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(out.Bytes(), []byte("<pdfaid:conformance>"+tc.want+"</pdfaid:conformance>")) {
			t.Errorf("%s: does not claim PDF/A-2%s", tc.name, strings.ToLower(tc.want))
		}
	}
}

// TestUntaggedUnchanged: an untagged document draws no marked content
// and writes no structure, whatever the calls.
func TestUntaggedUnchanged(t *testing.T) {
	fonts, err := font.LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	d := newWriter(pdfdoc.Setup{Fonts: fonts, Page: pdfdoc.A4})
	d.SetFont(font.Regular, 10)
	if id := d.BeginTag(pdfdoc.Tag{Role: pdfdoc.P}); id != 0 {
		t.Errorf("BeginTag gave %d untagged", id)
	}
	d.Text(10, 10, "word\u00ad")
	d.EndTag()
	var out bytes.Buffer
	if err := d.Output(&out); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"BDC", "BMC", "StructTreeRoot", "MarkInfo", "Metadata", "XRefStm"} {
		if bytes.Contains(out.Bytes(), []byte(s)) || bytes.Contains(d.pages[0].content, []byte(s)) {
			t.Errorf("an untagged file has %s", s)
		}
	}
}
