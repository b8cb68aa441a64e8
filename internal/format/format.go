// Package format is the registry of output formats. Each [Format] is a
// value with its name, file extension, media type and a function that
// renders a [document.Document]; the command line, batch and the server
// list and choose formats from the same [Registry].
//
// A format's adapter lives beside its renderer (pdf.Format, docx.Format,
// html.Format) and reads the document model only; this package holds the
// Markdown format, the [Options] every format is rendered with, the paper
// sizes they name, and [NewInfo], what a document says about itself in
// every format. The registry of every format Clausemark ships with is
// assembled in package catalog, which imports them all.
package format

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/clausemark/clausemark/internal/document"
)

// Options says how documents are rendered. Each format uses what applies
// to it.
type Options struct {
	Creator  string   // program and version, for the document's metadata
	PageSize PageSize // paper size for paged formats; zero means A4
	// DocumentID is the document's id, written in its metadata and
	// footer; empty for none.
	DocumentID string
	// PDFA makes PDFs PDF/A-2b (ISO 19005-2), for archives.
	PDFA bool
}

// Paper returns the name of the paper paged formats print on: that of
// PageSize, or of the A4 they print on without one.
func (o Options) Paper() string {
	if o.PageSize.Name != "" {
		return o.PageSize.Name
	}
	return A4.Name
}

// PageSize is a paper size in millimetres, with its name.
type PageSize struct {
	Name          string
	Width, Height float64
}

// The paper sizes paged formats print on.
var (
	A4     = PageSize{"A4", 210, 297}
	Letter = PageSize{"Letter", 215.9, 279.4}
)

// Format is one output format.
type Format struct {
	Name        string   // short name, as given to --format: "pdf"
	Title       string   // its name for people, as on a download button: "PDF"
	Aliases     []string // other names accepted for it: "markdown"
	Extension   string   // file extension with its dot: ".pdf"
	MediaType   string   // the Content-Type of its bytes
	Description string   // a few words for help texts
	// Render returns the document in this format. It stops with ctx's
	// error when ctx is done.
	Render func(ctx context.Context, doc *document.Document, o Options) ([]byte, error)
	// Prepare, if set, starts reading in the background what Render
	// first needs for a document in page style st, which may be nil (the
	// PDF's fonts), and returns at once: a process that makes one
	// document reads it while it assembles the document.
	Prepare func(st *document.Style)
}

func (f *Format) String() string { return f.Name }

// Registry is an ordered set of formats.
type Registry struct {
	formats []*Format
	byName  map[string]*Format
}

// NewRegistry returns a registry of fs, in that order. Names and aliases
// must be unique and lower case.
func NewRegistry(fs ...*Format) (*Registry, error) {
	r := &Registry{byName: map[string]*Format{}}
	for _, f := range fs {
		for _, n := range append([]string{f.Name}, f.Aliases...) {
			if n == "" || n != strings.ToLower(n) {
				return nil, fmt.Errorf("format %q: names must be lower case and not empty", f.Name)
			}
			if _, dup := r.byName[n]; dup {
				return nil, fmt.Errorf("format name %q is taken twice", n)
			}
			r.byName[n] = f
		}
		r.formats = append(r.formats, f)
	}
	return r, nil
}

// All returns the formats in registry order.
func (r *Registry) All() []*Format { return append([]*Format(nil), r.formats...) }

// Names returns the formats' names in registry order.
func (r *Registry) Names() []string {
	out := make([]string, len(r.formats))
	for i, f := range r.formats {
		out[i] = f.Name
	}
	return out
}

// List writes the names as "md, html, pdf or docx", for help texts and errors.
func (r *Registry) List() string {
	n := r.Names()
	if len(n) < 2 {
		return strings.Join(n, "")
	}
	return strings.Join(n[:len(n)-1], ", ") + " or " + n[len(n)-1]
}

// Lookup returns the format with name or alias name, without case.
func (r *Registry) Lookup(name string) (*Format, bool) {
	f, ok := r.byName[strings.ToLower(strings.TrimSpace(name))]
	return f, ok
}

// ByMediaType returns the format whose media type is mt (without
// parameters).
func (r *Registry) ByMediaType(mt string) (*Format, bool) {
	for _, f := range r.formats {
		if base, _, _ := strings.Cut(f.MediaType, ";"); strings.EqualFold(base, mt) {
			return f, true
		}
	}
	return nil, false
}

// ByExtension returns the format a file name's extension asks for.
func (r *Registry) ByExtension(name string) (*Format, bool) {
	ext := strings.ToLower(path.Ext(name))
	if ext == "" {
		return nil, false
	}
	for _, f := range r.formats {
		if f.Extension == ext {
			return f, true
		}
	}
	return r.Lookup(strings.TrimPrefix(ext, "."))
}

// UnknownError is a format name the registry does not hold.
type UnknownError struct {
	Name  string
	Known string // the registry's names, as List writes them
}

func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown format %q (want %s)", e.Name, e.Known)
}

// Parse parses a comma-separated list of format names such as "pdf,md",
// keeping the order given and dropping repeats.
func (r *Registry) Parse(list string) ([]*Format, error) {
	var out []*Format
	seen := map[*Format]bool{}
	for _, n := range strings.Split(list, ",") {
		f, ok := r.Lookup(n)
		if !ok {
			return nil, &UnknownError{Name: strings.TrimSpace(n), Known: r.List()}
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out, nil
}
