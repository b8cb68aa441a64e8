package pdf_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/clausemark/clausemark/internal/render/pdf"
)

// The tests in this file check the rules of PDF/A-2b (ISO 19005-2, level
// B) that apply to the files Clausemark writes, on the file's objects as
// pdfcpu reads them, and then with qpdf and poppler.

// archivalInfo is metadata with what makes matching it with the XMP hard:
// characters outside ASCII, XML's special characters, parentheses.
var archivalInfo = pdf.Info{
	Title:    "Data Processing Agreement (DPA)",
	Author:   "Ojoo Software Services Private Limited",
	Subject:  "Data Processing Agreement (DPA) between Ojoo and Société Générale & Fils <Paris>",
	Keywords: "Data Processing Agreement (DPA), DPDP Act, Société Générale & Fils <Paris>, CM-0000-0000-0000-0001",
	Creator:  "clausemark test",
	Footer:   "dpa-full 1.0.0",
	Date:     time.Date(2026, 5, 29, 0, 0, 0, 0, time.FixedZone("IST", 5*3600+1800)),
	ID:       "CM-0000-0000-0000-0001",
}

// pdfFile is a PDF as pdfcpu reads it.
type pdfFile struct {
	t    *testing.T
	data []byte
	ctx  *model.Context
}

func readPDF(t *testing.T, data []byte) *pdfFile {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), conf)
	if err != nil {
		t.Fatalf("pdfcpu: %v", err)
	}
	return &pdfFile{t: t, data: data, ctx: ctx}
}

func (f *pdfFile) deref(o types.Object) types.Object {
	o, err := f.ctx.XRefTable.Dereference(o)
	if err != nil {
		f.t.Fatal(err)
	}
	return o
}

func (f *pdfFile) dict(o types.Object) types.Dict {
	switch d := f.deref(o).(type) {
	case types.Dict:
		return d
	case types.StreamDict:
		return d.Dict
	}
	return nil
}

func (f *pdfFile) stream(o types.Object) []byte {
	sd, ok := f.deref(o).(types.StreamDict)
	if !ok {
		f.t.Fatalf("%v is not a stream", o)
	}
	if err := sd.Decode(); err != nil {
		f.t.Fatal(err)
	}
	return sd.Content
}

// content returns a page's content: its one stream, or its streams
// joined, as a viewer reads them (ISO 32000-1, 7.8.2).
func (f *pdfFile) content(page types.Dict) []byte {
	a, ok := f.deref(page["Contents"]).(types.Array)
	if !ok {
		return f.stream(page["Contents"])
	}
	var b []byte
	for _, o := range a {
		b = append(append(b, f.stream(o)...), '\n')
	}
	return b
}

func (f *pdfFile) text(o types.Object) string {
	s, err := f.ctx.XRefTable.DereferenceText(o)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// objects returns every object's dictionary, streams' included.
func (f *pdfFile) objects() map[int]types.Dict {
	out := map[int]types.Dict{}
	for n, e := range f.ctx.XRefTable.Table {
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		if d := f.dict(e.Object); d != nil {
			out[n] = d
		}
	}
	return out
}

func name(d types.Dict, key string) string {
	if n, ok := d[key].(types.Name); ok {
		return string(n)
	}
	return ""
}

// archivalRules checks f against the rules of ISO 19005-2 that apply to a
// file of text, lines, links and an outline, and returns what it broke.
func archivalRules(f *pdfFile) []string {
	var broken []string
	fail := func(rule, format string, args ...any) {
		broken = append(broken, rule+": "+fmt.Sprintf(format, args...))
	}
	data := f.data

	// 6.1.2: the header, then a comment of at least four bytes above 127.
	lines := bytes.SplitN(data, []byte("\n"), 3)
	if len(lines) < 3 || !regexp.MustCompile(`^%PDF-1\.[0-7]$`).Match(lines[0]) {
		fail("6.1.2", "header %q", lines[0])
	} else if c := lines[1]; len(c) < 5 || c[0] != '%' || slices.ContainsFunc(c[1:5], func(b byte) bool { return b <= 127 }) {
		fail("6.1.2", "no binary comment after the header: %q", c)
	}
	// 6.1.3: a file identifier, no encryption.
	x := f.ctx.XRefTable
	if len(x.ID) != 2 {
		fail("6.1.3", "trailer ID %v", x.ID)
	}
	if x.Encrypt != nil {
		fail("6.1.3", "encrypted")
	}
	// The end of file: %%EOF, then at most an end of line.
	if !bytes.HasSuffix(bytes.TrimSuffix(data, []byte("\n")), []byte("%%EOF")) {
		fail("6.1.3", "does not end with %%%%EOF")
	}

	cat, err := x.Catalog()
	if err != nil {
		fail("catalog", "%v", err)
		return broken
	}
	// 6.2.2 and 6.2.4.3: one output intent, GTS_PDFA1, with an RGB ICC
	// profile (the files draw in DeviceRGB).
	var intents types.Array
	if a, ok := f.deref(cat["OutputIntents"]).(types.Array); ok {
		intents = a
	}
	if len(intents) != 1 {
		fail("6.2.2", "%d output intents", len(intents))
	} else {
		oi := f.dict(intents[0])
		if name(oi, "S") != "GTS_PDFA1" {
			fail("6.2.2", "output intent subtype %q", name(oi, "S"))
		}
		prof := f.dict(oi["DestOutputProfile"])
		icc := f.stream(oi["DestOutputProfile"])
		if n, _ := prof["N"].(types.Integer); n != 3 || len(icc) < 128 {
			fail("6.2.2", "profile N %v, %d bytes", prof["N"], len(icc))
		} else {
			if cs := string(icc[16:20]); cs != "RGB " {
				fail("6.2.2", "profile colour space %q", cs)
			}
			if class := string(icc[12:16]); class != "mntr" && class != "prtr" {
				fail("6.2.2", "profile class %q", class)
			}
			if icc[8] > 4 {
				fail("6.2.2", "ICC version %d", icc[8])
			}
		}
	}

	objs := f.objects()
	fonts := 0
	for n, d := range objs {
		// 6.1.7.1: streams carry no external file keys.
		for _, k := range []string{"F", "FFilter", "FDecodeParms"} {
			if _, ok := d[k]; ok && d["Length"] != nil {
				fail("6.1.7.1", "object %d: stream with %s", n, k)
			}
		}
		// 6.1.7.2: no LZW.
		if name(d, "Filter") == "LZWDecode" {
			fail("6.1.7.2", "object %d: LZW", n)
		}
		// 6.2.9/6.4: no transparency: soft masks, constant alpha below 1,
		// blend modes other than Normal, transparency groups.
		if s, ok := d["SMask"]; ok && s != types.Name("None") {
			fail("6.4", "object %d: soft mask", n)
		}
		for _, k := range []string{"CA", "ca"} {
			if v, ok := d[k]; ok {
				if fl, ok := v.(types.Float); !ok || fl < 1 {
					if i, ok := v.(types.Integer); !ok || i != 1 {
						fail("6.4", "object %d: %s %v", n, k, v)
					}
				}
			}
		}
		// 6.2.8: images in the device colour spaces the output intent
		// covers, not interpolated, without alternates or OPI.
		if name(d, "Subtype") == "Image" {
			if cs := name(d, "ColorSpace"); cs != "DeviceRGB" && cs != "DeviceGray" {
				fail("6.2.8", "object %d: image in %q", n, cs)
			}
			if b, ok := d["Interpolate"].(types.Boolean); ok && bool(b) {
				fail("6.2.8", "object %d: interpolated image", n)
			}
			for _, k := range []string{"Alternates", "OPI"} {
				if _, ok := d[k]; ok {
					fail("6.2.8", "object %d: image with %s", n, k)
				}
			}
		} else if name(d, "Subtype") == "Form" || name(d, "Subtype") == "PS" {
			fail("6.2.8", "object %d: %s XObject", n, name(d, "Subtype"))
		}
		if bm := name(d, "BM"); bm != "" && bm != "Normal" && bm != "Compatible" {
			fail("6.4", "object %d: blend mode %s", n, bm)
		}
		if g := f.dict(d["Group"]); g != nil && name(g, "S") == "Transparency" {
			fail("6.4", "object %d: transparency group", n)
		}
		// 6.5.1: no forbidden actions.
		if s := name(d, "S"); slices.Contains([]string{"Launch", "Sound", "Movie", "ResetForm", "ImportData", "JavaScript", "Hide", "SetOCGState", "Rendition", "Trans", "GoTo3DView"}, s) {
			fail("6.5.1", "object %d: action %s", n, s)
		}
		switch name(d, "Type") {
		case "Font":
			// 6.2.11.4.1: every font program embedded; 6.2.11.3.2: a
			// CIDFontType2 maps CIDs to glyphs.
			switch name(d, "Subtype") {
			case "Type0":
				fonts++
				desc := f.deref(d["DescendantFonts"]).(types.Array)
				cid := f.dict(desc[0])
				if name(cid, "Subtype") == "CIDFontType2" && cid["CIDToGIDMap"] == nil {
					fail("6.2.11.3.2", "object %d: CIDFontType2 without CIDToGIDMap", n)
				}
				fd := f.dict(cid["FontDescriptor"])
				if fd["FontFile2"] == nil && fd["FontFile"] == nil && fd["FontFile3"] == nil {
					fail("6.2.11.4.1", "object %d: font %s not embedded", n, name(d, "BaseFont"))
				} else if prog := f.stream(fd["FontFile2"]); len(prog) < 12 {
					fail("6.2.11.4.1", "object %d: empty font program", n)
				}
				if e := name(d, "Encoding"); e != "Identity-H" && e != "Identity-V" {
					fail("6.2.11.3.3", "object %d: encoding %s", n, e)
				}
			case "CIDFontType0", "CIDFontType2":
			default:
				fail("6.2.11.4.1", "object %d: a simple font, %s", n, name(d, "Subtype"))
			}
		case "Annot":
			// 6.3.2: annotations print, and are not hidden.
			fl, ok := d["F"].(types.Integer)
			const print, hidden, invisible, noView, toggleNoView = 4, 2, 1, 32, 256
			if !ok || fl&print == 0 || fl&(hidden|invisible|noView|toggleNoView) != 0 {
				fail("6.3.2", "object %d: annotation flags %v", n, d["F"])
			}
			if s := name(d, "Subtype"); s != "Link" {
				fail("6.3.1", "object %d: annotation %s", n, s)
			}
		}
	}
	if fonts == 0 {
		fail("6.2.11", "no fonts")
	}

	// 6.2.4.3: device colours: DeviceRGB and DeviceGray only, matching the
	// RGB output intent: no CMYK operators in any page's content, no
	// shadings or graphics states; images (Do) are checked as objects.
	for p := 1; p <= f.ctx.PageCount; p++ {
		pd, _, _, err := x.PageDict(p, false)
		if err != nil {
			fail("pages", "%v", err)
			continue
		}
		content := f.content(pd)
		if regexp.MustCompile(`(^|\s)(k|K|cs|CS|sh|gs)\s`).Match(content) {
			fail("6.2.4.3", "page %d uses an operator outside text, paths and RGB colours", p)
		}
	}

	// 6.6.2: XMP metadata, unfiltered, claiming PDF/A-2a or 2b, with the
	// document information's entries (6.6.2.3.1).
	meta := f.dict(cat["Metadata"])
	if meta == nil || name(meta, "Type") != "Metadata" || name(meta, "Subtype") != "XML" {
		fail("6.6.2.1", "no metadata stream")
		return broken
	}
	if meta["Filter"] != nil {
		fail("6.6.2.1", "filtered metadata")
	}
	packet := f.stream(cat["Metadata"])
	if !bytes.HasPrefix(packet, []byte("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>")) || !bytes.Contains(packet, []byte(`<?xpacket end=`)) {
		fail("6.6.2.1", "packet header %.60q", packet)
	}
	props, err := xmpProperties(packet)
	if err != nil {
		fail("6.6.2.1", "XMP: %v", err)
		return broken
	}
	if c := props["pdfaid:conformance"]; props["pdfaid:part"] != "2" || c != "A" && c != "B" {
		fail("6.6.4", "identification part %q conformance %q", props["pdfaid:part"], props["pdfaid:conformance"])
	}
	info := f.dict(*x.Info)
	for key, prop := range map[string]string{
		"Title": "dc:title", "Author": "dc:creator", "Subject": "dc:description", "Keywords": "pdf:Keywords",
		"Creator": "xmp:CreatorTool", "Producer": "pdf:Producer",
	} {
		v, ok := info[key]
		if !ok {
			if props[prop] != "" {
				fail("6.6.2.3.1", "XMP %s without Info %s", prop, key)
			}
			continue
		}
		if got := f.text(v); got != props[prop] {
			fail("6.6.2.3.1", "Info %s %q, XMP %s %q", key, got, prop, props[prop])
		}
	}
	for key, prop := range map[string]string{"CreationDate": "xmp:CreateDate", "ModDate": "xmp:ModifyDate"} {
		infoDate, ok := types.DateTime(f.text(info[key]), false)
		xmpDate, err := time.Parse(time.RFC3339, props[prop])
		if !ok || err != nil || !infoDate.Equal(xmpDate) {
			fail("6.6.2.3.1", "Info %s %q, XMP %s %q", key, f.text(info[key]), prop, props[prop])
		}
	}
	return broken
}

// xmpProperties reads an XMP packet's simple properties and the first
// item of each array, by prefixed name (dc:title, pdf:Producer).
func xmpProperties(packet []byte) (map[string]string, error) {
	prefix := map[string]string{
		"http://purl.org/dc/elements/1.1/": "dc", "http://ns.adobe.com/pdf/1.3/": "pdf",
		"http://ns.adobe.com/xap/1.0/": "xmp", "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
		"http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
	}
	props := map[string]string{}
	d := xml.NewDecoder(bytes.NewReader(packet))
	var path []string
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return props, nil
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, prefix[t.Name.Space]+":"+t.Name.Local)
		case xml.EndElement:
			path = path[:len(path)-1]
		case xml.CharData:
			for i := len(path) - 1; i >= 0; i-- {
				if !strings.HasPrefix(path[i], "rdf:") {
					if _, seen := props[path[i]]; !seen && strings.TrimSpace(string(t)) != "" {
						props[path[i]] = string(t)
					}
					break
				}
			}
		}
	}
}

func TestPDFA(t *testing.T) {
	for _, variant := range []string{"opsium", "ojoo"} {
		t.Run(variant, func(t *testing.T) {
			doc := variantDoc(t, variant)
			data := typeset(t, doc.Markdown, pdf.WithInfo(archivalInfo), pdf.WithPDFA(true))
			f := readPDF(t, data)
			for _, b := range archivalRules(f) {
				t.Error(b)
			}
			packet := string(f.stream(f.dict(mustCatalog(t, f))["Metadata"]))
			if !strings.Contains(packet, "<dc:identifier>"+archivalInfo.ID+"</dc:identifier>") {
				t.Errorf("the XMP carries no document id:\n%s", packet)
			}
			// Tagged, as every PDF is unless told otherwise, the file
			// claims level A; untagged, level B.
			if !strings.Contains(packet, "<pdfaid:conformance>A</pdfaid:conformance>") {
				t.Errorf("a tagged PDF/A does not claim PDF/A-2a:\n%s", packet)
			}
			untagged := typeset(t, doc.Markdown, pdf.WithInfo(archivalInfo), pdf.WithPDFA(true), pdf.WithTags(false))
			u := readPDF(t, untagged)
			for _, b := range archivalRules(u) {
				t.Error("untagged: " + b)
			}
			if packet := string(u.stream(u.dict(mustCatalog(t, u))["Metadata"])); !strings.Contains(packet, "<pdfaid:conformance>B</pdfaid:conformance>") {
				t.Errorf("an untagged PDF/A does not claim PDF/A-2b:\n%s", packet)
			}
			if again := typeset(t, doc.Markdown, pdf.WithInfo(archivalInfo), pdf.WithPDFA(true)); !bytes.Equal(again, data) {
				t.Error("the same inputs gave other bytes")
			}
		})
	}
}

// TestPDFALogo: a logo with transparent parts keeps its soft mask in a
// plain PDF and is flattened onto white in a PDF/A one, which has no
// transparency.
func TestPDFALogo(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	var logo bytes.Buffer
	if err := png.Encode(&logo, img); err != nil {
		t.Fatal(err)
	}
	src := []byte("# Agreement\n\nText.\n")
	plain := typeset(t, src, pdf.WithInfo(archivalInfo), pdf.WithLogo(logo.Bytes()))
	if !bytes.Contains(plain, []byte("/SMask ")) {
		t.Error("the plain PDF lost the logo's transparency")
	}
	archival := typeset(t, src, pdf.WithInfo(archivalInfo), pdf.WithLogo(logo.Bytes()), pdf.WithPDFA(true))
	for _, b := range archivalRules(readPDF(t, archival)) {
		t.Error(b)
	}
	if !bytes.Contains(archival, []byte("/Subtype /Image")) {
		t.Error("the PDF/A lost the logo")
	}
	// A JPEG logo is embedded as it is, for DCTDecode, in PDF/A too.
	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, img, nil); err != nil {
		t.Fatal(err)
	}
	archival = typeset(t, src, pdf.WithInfo(archivalInfo), pdf.WithLogo(photo.Bytes()), pdf.WithPDFA(true))
	for _, b := range archivalRules(readPDF(t, archival)) {
		t.Error(b)
	}
	if !bytes.Contains(archival, []byte("/Filter /DCTDecode")) || !bytes.Contains(archival, photo.Bytes()) {
		t.Error("the JPEG logo is not embedded as it is")
	}
}

// TestPDFARulesFail shows that the rules find what they look for: a plain
// PDF has no output intent, and its XMP (which a tagged PDF has, for its
// title) claims no PDF/A; an untagged one has no XMP; a file made to
// break a rule breaks that one.
func TestPDFARulesFail(t *testing.T) {
	doc := variantDoc(t, "opsium")
	for _, tc := range []struct {
		tagged bool
		second string // the second rule broken, after the output intent
	}{{true, "6.6.4:"}, {false, "6.6.2.1:"}} {
		plain := typeset(t, doc.Markdown, pdf.WithInfo(archivalInfo), pdf.WithTags(tc.tagged))
		broken := archivalRules(readPDF(t, plain))
		if len(broken) != 2 || !strings.HasPrefix(broken[0], "6.2.2:") || !strings.HasPrefix(broken[1], tc.second) {
			t.Errorf("tagged %v: a plain PDF breaks %q, want the output intent and %s", tc.tagged, broken, tc.second)
		}
		if bytes.Contains(plain, []byte("pdfaid")) {
			t.Errorf("tagged %v: a plain PDF claims PDF/A", tc.tagged)
		}
	}
	archival := typeset(t, doc.Markdown, pdf.WithInfo(archivalInfo), pdf.WithPDFA(true))
	for _, tc := range []struct{ name, from, to, rule string }{
		{"a hidden annotation", "/F 4 ", "/F 6 ", "6.3.2"},
		{"another title in the XMP", "<rdf:li xml:lang=\"x-default\">Data", "<rdf:li xml:lang=\"x-default\">Date", "6.6.2.3.1"},
		{"another date in the XMP", "<xmp:ModifyDate>2026-05-29", "<xmp:ModifyDate>2026-05-28", "6.6.2.3.1"},
		{"a transparent link", "/Border [0 0 0]", "/CA .5/Border[]", "6.4"},
	} {
		if !bytes.Contains(archival, []byte(tc.from)) {
			t.Fatalf("%s: %q is not in the file", tc.name, tc.from)
		}
		altered := bytes.Replace(archival, []byte(tc.from), []byte(tc.to), 1)
		got := archivalRules(readPDF(t, altered))
		if !slices.ContainsFunc(got, func(b string) bool { return strings.HasPrefix(b, tc.rule+":") }) {
			t.Errorf("%s: broken %q, want rule %s", tc.name, got, tc.rule)
		}
	}
}

func mustCatalog(t *testing.T, f *pdfFile) types.Dict {
	t.Helper()
	cat, err := f.ctx.XRefTable.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestPDFATools runs the PDF/A output through qpdf and poppler.
func TestPDFATools(t *testing.T) {
	for _, tool := range []string{"qpdf", "pdffonts", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; .ci/run installs poppler-utils and qpdf", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	doc := variantDoc(t, "ojoo")
	file := filepath.Join(t.TempDir(), "ojoo.pdf")
	if err := os.WriteFile(file, typeset(t, doc.Markdown, pdf.WithInfo(archivalInfo), pdf.WithPDFA(true)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("qpdf", "--check", file).CombinedOutput()
	if err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	out, err = exec.Command("pdffonts", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(rows) < 2 {
		t.Errorf("pdffonts lists %d fonts", len(rows))
	}
	for _, row := range rows {
		// name, type (two words), encoding, then emb sub uni
		f := strings.Fields(row)
		if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("pdffonts: a font not embedded or without ToUnicode: %q", row)
		}
	}
	out, err = exec.Command("pdfinfo", "-meta", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>A</pdfaid:conformance>", "Société Générale &amp; Fils &lt;Paris&gt;"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pdfinfo -meta shows no %q:\n%s", want, out)
		}
	}
	out, err = exec.Command("pdfinfo", file).Output()
	if err != nil || !strings.Contains(string(out), "Subject:         "+archivalInfo.Subject) || !strings.Contains(string(out), "Encrypted:       no") {
		t.Errorf("pdfinfo: %v\n%s", err, out)
	}
}
