package tracked

import (
	"archive/zip"
	"bytes"
	"testing"
)

const (
	wNS      = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	strictNS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
)

// docx builds a Word file whose body is body, in namespace ns, with the
// comments part comments ("" for none) and extra parts.
func docx(t testing.TB, ns, body, comments string, extra map[string]string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
		"docProps/core.xml":   `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier>CM-22MX-23TK-K8WK-FEFN</dc:identifier></cp:coreProperties>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="` + ns + `"><w:body>` + body + `</w:body></w:document>`,
	}
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	if comments != "" {
		parts["word/comments.xml"] = `<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="` + ns + `">` + comments + `</w:comments>`
		rels += `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>`
	}
	parts["word/_rels/document.xml.rels"] = rels + `</Relationships>`
	for k, v := range extra {
		parts[k] = v
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/document.xml", "word/_rels/document.xml.rels", "word/comments.xml"} {
		if s, ok := parts[name]; ok {
			add(t, zw, name, s)
			delete(parts, name)
		}
	}
	for name, s := range parts {
		add(t, zw, name, s)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func add(t testing.TB, zw *zip.Writer, name, s string) {
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
}

func texts(ls []Line) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Text
	}
	return out
}
