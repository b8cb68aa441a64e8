package writer

import (
	"bytes"
	_ "embed"
	"encoding/xml"
	"sync"
	"time"
)

// PDF/A-2 (ISO 19005-2), level B, or level A for a tagged document
// whose text is all in its structure or an artifact (tags.go): what it
// asks of these files beyond what every PDF here already has (embedded
// fonts, no encryption, no transparency, a file identifier, printable
// link annotations) is an output intent naming the colour space the
// DeviceRGB colours mean, and XMP metadata that claims the conformance
// and repeats the document information dictionary.

// The sRGB profile of the International Color Consortium (sRGB2014.icc,
// ICC v2), which may be embedded without restriction; see icc/LICENSE.color.org.
//
//go:embed icc/sRGB2014.icc
var srgbICC []byte

// xmp returns the metadata packet: the PDF/A identification of a PDF/A
// file, and the document information in the XMP properties ISO 19005-2 §6.6.2.3.1 maps
// them to (Title to dc:title, Author to dc:creator, Subject to
// dc:description, Keywords to pdf:Keywords, Creator to xmp:CreatorTool,
// Producer to pdf:Producer, the dates to xmp:CreateDate and
// xmp:ModifyDate), plus the document's id as dc:identifier.
func (d *Writer) xmp() []byte {
	var b bytes.Buffer
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s)) // writes to memory, cannot fail
		return e.String()
	}
	alt := func(tag, v string) {
		if v != "" {
			b.WriteString("<" + tag + "><rdf:Alt><rdf:li xml:lang=\"x-default\">" + esc(v) + "</rdf:li></rdf:Alt></" + tag + ">\n")
		}
	}
	simple := func(tag, v string) {
		if v != "" {
			b.WriteString("<" + tag + ">" + esc(v) + "</" + tag + ">\n")
		}
	}
	date := d.date().Format(time.RFC3339)
	b.WriteString("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
	b.WriteString("<rdf:Description rdf:about=\"\"")
	if d.pdfa {
		b.WriteString(" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"")
	}
	b.WriteString(" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n")
	if d.pdfa {
		b.WriteString("<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>" + d.conformance() + "</pdfaid:conformance>\n")
	}
	alt("dc:title", d.info.Title)
	if d.info.Author != "" {
		b.WriteString("<dc:creator><rdf:Seq><rdf:li>" + esc(d.info.Author) + "</rdf:li></rdf:Seq></dc:creator>\n")
	}
	alt("dc:description", d.info.Subject)
	simple("dc:identifier", d.info.ID)
	simple("pdf:Keywords", d.info.Keywords)
	simple("pdf:Producer", d.info.Creator)
	simple("xmp:CreatorTool", d.info.Creator)
	simple("xmp:CreateDate", date)
	simple("xmp:ModifyDate", date)
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return b.Bytes()
}

// srgbProfile is the output intent's profile, compressed.
var srgbProfile = sync.OnceValue(func() []byte { return deflate(srgbICC) })

// writeArchival writes the XMP metadata of a PDF/A or tagged document,
// uncompressed so that archive tools read it, and PDF/A's output
// intent's profile.
func (d *Writer) writeArchival(f *file, n numbering) {
	if n.metadata != 0 {
		f.stream(n.metadata, d.xmp(), 0, func(m *Dict) { m.Name("Type", "Metadata").Name("Subtype", "XML") })
	}
	if n.outputIntent != 0 {
		f.stream(n.outputIntent, srgbProfile(), 0, func(p *Dict) { p.Int("N", 3).Name("Filter", "FlateDecode") })
	}
}

// conformance is the PDF/A level the file meets: A (accessible) when
// every text drawn is in the structure or an artifact, else B.
func (d *Writer) conformance() string {
	if d.tagged && !d.incomplete && len(d.elems) > 0 {
		return "A"
	}
	return "B"
}
