// Package generate is the one path from a request to finished documents,
// shared by the command line, batch and the server: resolve the values,
// assemble the document, render it in each format asked for, and describe
// what was made and from what (its [Provenance]).
//
//	g := &generate.Generator{Program: "clausemark v1.2.0"}
//	res, err := g.Generate(ctx, generate.Request{Base: prepared}, []*format.Format{pdf.Format})
//
// A [Recorder], when set, is told of every document generated, after all
// its formats rendered; a registry of issued documents plugs in there.
package generate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/docid"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/vars"
)

// Request is a document to generate: a prepared base (template, variant,
// variables files and overrides) and values layered over it, such as a
// batch row or a web form's fields.
type Request struct {
	Base   *library.Prepared
	Values vars.Set // may be nil
	Origin Origin   // who asked, for the record
}

// Origin says where a request came from: the command or server that made
// the document and, for batch, the run and row.
type Origin struct {
	Source string // "render", "batch" or "serve"
	Run    string // a batch run's identity: its manifest's absolute path
	Row    int    // a batch row, from 1
	User   string // who asked: the server's user, or the system user at the command line; "" for nobody named
}

// Resolve checks the request's values against its template.
func (req Request) Resolve() (*library.Resolved, error) {
	if req.Base == nil {
		return nil, fmt.Errorf("generate: the request has no base")
	}
	if req.Values == nil {
		return req.Base.Resolve()
	}
	return req.Base.Resolve(req.Values)
}

// Generator generates documents. Its zero value renders with default
// options and records nothing. It is safe for concurrent use when its
// Recorder is.
type Generator struct {
	Options  format.Options // how formats render (PDF paper, fonts, creator)
	Program  string         // the program's name and version, for provenance
	Recorder Recorder       // told of each document generated; nil for none
}

// Recorder keeps a record of generated documents. Record is called once
// per document, after every format rendered and before Generate returns;
// an error from it fails the generation.
type Recorder interface {
	Record(ctx context.Context, res *Result) error
}

// Result is one generated document.
type Result struct {
	ID         string // the document's id (see package docid), in its metadata and footer
	Resolved   *library.Resolved
	Document   *assemble.Document
	Outputs    []Output // in the order the formats were asked for
	Provenance Provenance
	Origin     Origin
}

// Output is a document in one format.
type Output struct {
	Format *format.Format
	Data   []byte
	SHA256 string // hex
}

// PDFA2b names the archival standard of a PDF made with format.Options.PDFA.
const PDFA2b = "PDF/A-2b"

// Provenance says what a document was made from: enough to make the same
// bytes again and to tell which clause wordings it carries.
type Provenance struct {
	Program         string         `json:"program"`
	Library         string         `json:"library"`
	LibraryVersion  string         `json:"library_version"`
	Template        string         `json:"template"`
	TemplateVersion string         `json:"template_version"`
	Variant         string         `json:"variant,omitempty"`
	Clauses         []ClauseUse    `json:"clauses"`
	VariablesHash   string         `json:"variables_hash"`     // "sha256:..." over every value, defaults included
	Paper           string         `json:"paper"`              // the paper size of paged formats: A4 or Letter
	Archival        string         `json:"archival,omitempty"` // PDFA2b for a PDF/A-2b PDF, else empty
	Outputs         []OutputDigest `json:"outputs"`
}

// ClauseUse is one clause wording a document carries.
type ClauseUse struct {
	ID          string `json:"id"`
	Alternative string `json:"alternative"`
	Version     string `json:"version"`
	Hash        string `json:"hash"`             // "sha256:..." of the clause file
	Number      string `json:"number,omitempty"` // "3" or "A"; empty if unnumbered
}

// OutputDigest identifies one output's bytes.
type OutputDigest struct {
	Format string `json:"format"`
	SHA256 string `json:"sha256"`
	Bytes  int    `json:"bytes"`
}

// FormatError is a failure to render a document in one format.
type FormatError struct {
	Format string
	Err    error
}

func (e *FormatError) Error() string { return e.Format + ": " + e.Err.Error() }
func (e *FormatError) Unwrap() error { return e.Err }

// Generate resolves req and generates its document in each of formats.
// Nothing is returned, and nothing recorded, unless every format
// rendered.
func (g *Generator) Generate(ctx context.Context, req Request, formats []*format.Format) (*Result, error) {
	r, err := req.Resolve()
	if err != nil {
		return nil, err
	}
	return g.GenerateResolved(ctx, r, formats, req.Origin)
}

// GenerateResolved is [Generator.Generate] for values already resolved,
// as batch does to name a row's files before rendering it.
func (g *Generator) GenerateResolved(ctx context.Context, r *library.Resolved, formats []*format.Format, origin Origin) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// What the formats read first (the PDF's fonts) is read on a second
	// core while the document is assembled.
	st := assemble.StyleOf(r.Template)
	for _, f := range formats {
		if f.Prepare != nil {
			f.Prepare(st)
		}
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		return nil, err
	}
	res := &Result{Resolved: r, Document: doc, Provenance: provenance(g.Program, r, doc), Origin: origin}
	res.Provenance.Paper = g.Options.Paper()
	if g.Options.PDFA {
		res.Provenance.Archival = PDFA2b
	}
	res.ID = DocumentID(res.Provenance, doc)
	o := g.Options
	o.DocumentID = res.ID
	// Each format numbers the paragraphs and list items as it reads the
	// Markdown: the PDF and the DOCX from the tree they typeset.
	model := doc.Unnumbered()
	for _, f := range formats {
		data, err := f.Render(ctx, model, o)
		if err != nil {
			return nil, &FormatError{Format: f.Name, Err: nameGlyphField(err, r.Values)}
		}
		sum := sha256.Sum256(data)
		o := Output{Format: f, Data: data, SHA256: hex.EncodeToString(sum[:])}
		res.Outputs = append(res.Outputs, o)
		res.Provenance.Outputs = append(res.Provenance.Outputs, OutputDigest{Format: f.Name, SHA256: o.SHA256, Bytes: len(data)})
	}
	if g.Recorder != nil {
		if err := g.Recorder.Record(ctx, res); err != nil {
			return nil, fmt.Errorf("record: %w", err)
		}
	}
	return res, nil
}

// nameGlyphField names the variable whose value holds the character a
// GlyphError in err says the fonts cannot draw: the first path, in sorted
// order, whose value holds the word the character is in, else the
// character. It sets the GlyphError's Field and returns err in a
// diag.Error for that variable, or err as it is when there is none.
func nameGlyphField(err error, values vars.Set) error {
	var ge *pdf.GlyphError
	if !errors.As(err, &ge) {
		return err
	}
	paths := make([]string, 0, len(values))
	for p := range values {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, whole := range []bool{true, false} {
		for _, p := range paths {
			v := fmt.Sprint(vars.Plain(values[p].V))
			if whole && strings.Contains(v, ge.Text) || !whole && strings.ContainsRune(v, ge.Rune) {
				ge.Field = p
				return &diag.Error{Variable: p, Err: err}
			}
		}
	}
	return err
}

func provenance(program string, r *library.Resolved, doc *assemble.Document) Provenance {
	p := Provenance{
		Program:         program,
		Template:        r.Template.ID,
		TemplateVersion: r.Template.Version,
		VariablesHash:   VariablesHash(r.Values),
		Clauses:         []ClauseUse{},
		Outputs:         []OutputDigest{},
	}
	if r.Library != nil {
		p.Library, p.LibraryVersion = r.Library.Name, r.Library.Version
	}
	if r.Variant != nil {
		p.Variant = r.Variant.Name
	}
	for _, s := range doc.Sections {
		u := ClauseUse{ID: s.ClauseID, Number: s.Number}
		if s.Clause != nil {
			u.Alternative = s.Clause.Name
			if s.Clause.Clause != nil {
				u.Version, u.Hash = s.Clause.Clause.Version, s.Clause.Clause.Hash
			}
		}
		p.Clauses = append(p.Clauses, u)
	}
	return p
}

// DocumentID returns the id of a document: a digest of the library,
// template and variant it was made from and of its text, so that the same
// text from the same library gets the same id, however its values were
// given, and any change to its wording gets another.
func DocumentID(p Provenance, doc *assemble.Document) string {
	return docid.New("clausemark document 1", p.Library, p.LibraryVersion, p.Template, p.TemplateVersion, p.Variant, string(doc.Markdown))
}

// VariablesHash returns "sha256:" and the hex digest of values: every path
// in sorted order with its canonical value, so that equal values give the
// same hash however they were written.
func VariablesHash(values vars.Set) string {
	h := sha256.New()
	paths := make([]string, 0, len(values))
	for p := range values {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(h, "%s=%s\n", p, vars.Canonical(values[p].V))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
