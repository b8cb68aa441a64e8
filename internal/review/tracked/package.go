// Package tracked reads a Word document's text with its tracked changes
// and comments: what a customer's counsel changed in a contract the house
// issued, as Word and LibreOffice save it (WordprocessingML, ECMA-376, in
// its transitional and strict namespaces).
//
// [Read] returns the body as a stream of paragraphs, each piece of text
// marked with the change that inserted, deleted or moved it, and each
// paragraph with the nearest bookmark named "_Ref_..." at or before it,
// which in a document Clausemark issued names the clause. [Document.View]
// gives the paragraphs with any choice of changes accepted and the others
// rejected: all accepted is the customer's text, none the text as issued.
// The document's id is read from its properties, else from the reference
// its footers write. Headers, footers and footnotes are otherwise not
// read.
//
// Reading is bounded: the file's entries, each part's unpacked size, the
// depth and number of XML elements, the length of any one text, the
// paragraphs and changes. A document type declaration, an entity, a
// relationship of the document to a file outside it (other than a
// hyperlink), or text in another encoding than UTF-8 is an *Error naming
// the part, as is anything over a bound.
package tracked

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/clausemark/clausemark/internal/docid"
)

// Bounds of what Read reads.
const (
	MaxEntries    = 2000     // files in the zip
	MaxDocument   = 32 << 20 // the main part, unpacked
	MaxPart       = 4 << 20  // comments, relationships, properties, unpacked
	MaxDepth      = 128      // nested XML elements
	MaxElements   = 4 << 20  // XML elements in the main part
	MaxText       = 1 << 20  // one text or markup token
	MaxParagraphs = 200000
	MaxChanges    = 100000
)

// Error is a problem reading one part of the file.
type Error struct {
	Part string // "word/document.xml"; empty for the file as a whole
	Err  error
}

func (e *Error) Error() string {
	if e.Part == "" {
		return e.Err.Error()
	}
	return e.Part + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// ErrNotDOCX is the error for bytes that are not a Word document.
var ErrNotDOCX = errors.New("not a Word document (.docx): no zip archive with a main document part")

// pkg is an opened file: its parts by name.
type pkg struct {
	parts map[string]*zip.File
}

func openPackage(data []byte) (*pkg, error) {
	if !bytes.HasPrefix(data, []byte("PK")) {
		return nil, &Error{Err: ErrNotDOCX}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &Error{Err: fmt.Errorf("%w: %v", ErrNotDOCX, err)}
	}
	if len(zr.File) > MaxEntries {
		return nil, &Error{Err: fmt.Errorf("holds %d files; a Word document holds at most %d", len(zr.File), MaxEntries)}
	}
	p := &pkg{parts: map[string]*zip.File{}}
	for _, f := range zr.File {
		p.parts[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	return p, nil
}

// open returns a part's XML reader, bounded to limit unpacked bytes and
// MaxText bytes between markup; nil if the part is missing.
func (p *pkg) open(name string, limit int64) (io.ReadCloser, error) {
	f := p.parts[strings.ToLower(name)]
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, &Error{Part: name, Err: fmt.Errorf("unpacks to %d bytes; at most %d are read", f.UncompressedSize64, limit)}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &Error{Part: name, Err: err}
	}
	return &bounded{r: io.LimitReader(rc, limit+1), c: rc, left: limit}, nil
}

// bounded fails once more than left bytes arrive, or more than MaxText
// bytes pass without a < or a >.
type bounded struct {
	r    io.Reader
	c    io.Closer
	left int64
	run  int
}

var errTooLong = fmt.Errorf("a text or markup longer than %d bytes", MaxText)

func (b *bounded) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if b.left -= int64(n); b.left < 0 {
		return 0, errors.New("unpacks to more bytes than its entry says")
	}
	for _, c := range p[:n] {
		if c == '<' || c == '>' {
			b.run = 0
		} else if b.run++; b.run > MaxText {
			return 0, errTooLong
		}
	}
	return n, err
}

func (b *bounded) Close() error { return b.c.Close() }

// decoder reads XML that has no document type declaration and is UTF-8.
type decoder struct {
	d     *xml.Decoder
	part  string
	depth int
	n     int
}

func newDecoder(r io.Reader, part string) *decoder {
	d := xml.NewDecoder(r)
	d.Strict = true
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8") {
			return input, nil
		}
		return nil, fmt.Errorf("encoding %q: only UTF-8 is read", label)
	}
	return &decoder{d: d, part: part}
}

// token returns the next token (nil at the end), refusing a DOCTYPE and
// counting depth and elements.
func (d *decoder) token() (xml.Token, error) {
	tok, err := d.d.Token()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, &Error{Part: d.part, Err: err}
	}
	switch t := tok.(type) {
	case xml.Directive:
		return nil, &Error{Part: d.part, Err: fmt.Errorf("has a document type declaration (%.40s); WordprocessingML has none", string(t))}
	case xml.StartElement:
		d.n++
		if d.depth++; d.depth > MaxDepth {
			return nil, &Error{Part: d.part, Err: fmt.Errorf("elements nested deeper than %d", MaxDepth)}
		}
		if d.n > MaxElements {
			return nil, &Error{Part: d.part, Err: fmt.Errorf("more than %d elements", MaxElements)}
		}
	case xml.EndElement:
		d.depth--
	}
	return tok, nil
}

// skip skips the element just started.
func (d *decoder) skip() error {
	for depth := 1; depth > 0; {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case nil:
			return &Error{Part: d.part, Err: io.ErrUnexpectedEOF}
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// relationship is one entry of a part's relationships.
type relationship struct {
	ID, Type, Target string
	External         bool
}

// rels reads the relationships of part, resolving targets against it.
func (p *pkg) rels(part string) ([]relationship, error) {
	name := "_rels/.rels"
	if part != "" {
		name = path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
	}
	rc, err := p.open(name, MaxPart)
	if err != nil || rc == nil {
		return nil, err
	}
	defer rc.Close()
	d := newDecoder(rc, name)
	var out []relationship
	for {
		tok, err := d.token()
		if err != nil {
			return nil, err
		}
		if tok == nil {
			return out, nil
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		r := relationship{ID: attr(se, "Id"), Type: attr(se, "Type"), Target: attr(se, "Target"), External: attr(se, "TargetMode") == "External"}
		if !r.External {
			if strings.HasPrefix(r.Target, "/") {
				r.Target = strings.TrimPrefix(r.Target, "/")
			} else {
				r.Target = path.Join(path.Dir(part), r.Target)
			}
		}
		if len(out) >= MaxEntries {
			return nil, &Error{Part: name, Err: fmt.Errorf("more than %d relationships", MaxEntries)}
		}
		out = append(out, r)
	}
}

// attr returns the attribute of se with local name local.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// mainPart returns the name of the main document part.
func (p *pkg) mainPart() (string, error) {
	rels, err := p.rels("")
	if err != nil {
		return "", err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/officeDocument") && !r.External {
			return r.Target, nil
		}
	}
	if p.parts["word/document.xml"] != nil {
		return "word/document.xml", nil
	}
	return "", &Error{Err: ErrNotDOCX}
}

// parts names the parts of the main part's relationships Read reads.
type parts struct {
	comments string   // "" if none
	footers  []string // footers, then headers
}

// documentRels checks the main part's relationships and returns the
// parts Read reads: a relationship to a file outside, other than a
// hyperlink, which Word never fetches, is refused.
func (p *pkg) documentRels(main string) (parts, error) {
	rels, err := p.rels(main)
	if err != nil {
		return parts{}, err
	}
	var out parts
	var headers []string
	for _, r := range rels {
		switch {
		case r.External && !strings.HasSuffix(r.Type, "/hyperlink"):
			return parts{}, &Error{Part: path.Join(path.Dir(main), "_rels", path.Base(main)+".rels"), Err: fmt.Errorf("relationship %s (%s) points outside the file, to %.80q; a returned contract must hold all it shows", r.ID, path.Base(r.Type), r.Target)}
		case r.External:
		case strings.HasSuffix(r.Type, "/comments"):
			out.comments = r.Target
		case strings.HasSuffix(r.Type, "/footer"):
			out.footers = append(out.footers, r.Target)
		case strings.HasSuffix(r.Type, "/header"):
			headers = append(headers, r.Target)
		}
	}
	out.footers = append(out.footers, headers...)
	return out, nil
}

var idPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`CM-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}`)
})

// footerID returns the one document id the footers and headers write,
// "" if none or more than one.
func (p *pkg) footerID(names []string) (string, error) {
	found := ""
	for _, name := range names {
		rc, err := p.open(name, MaxPart)
		if err != nil {
			return "", err
		}
		if rc == nil {
			continue
		}
		text, err := partText(newDecoder(rc, name))
		rc.Close()
		if err != nil {
			return "", err
		}
		for _, m := range idPattern().FindAllString(text, -1) {
			id := docid.Normalize(m)
			switch {
			case id == "" || id == found:
			case found != "":
				return "", nil // two ids: which one is it?
			default:
				found = id
			}
		}
	}
	return found, nil
}

// partText returns the text of a part's w:t elements, each followed by a
// space.
func partText(d *decoder) (string, error) {
	var b strings.Builder
	in := false
	for {
		tok, err := d.token()
		if err != nil || tok == nil {
			return b.String(), err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "t"
		case xml.EndElement:
			if in {
				b.WriteString(" ")
			}
			in = false
		case xml.CharData:
			if in && b.Len() < MaxPart {
				b.Write(t)
			}
		}
	}
}
