package registry

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// MismatchError is a document that cannot be made again byte for byte:
// what the registry recorded and what the library makes now differ, and
// Reasons say why as far as the record tells.
type MismatchError struct {
	ID       string
	Format   string
	Recorded string // the SHA-256 recorded
	Got      string // the SHA-256 of the document made now
	Reasons  []string
}

func (e *MismatchError) Error() string {
	msg := fmt.Sprintf("%s: the %s made now (sha256 %s) is not the one issued (sha256 %s)", e.ID, e.Format, short(e.Got), short(e.Recorded))
	if len(e.Reasons) > 0 {
		msg += ": " + strings.Join(e.Reasons, "; ")
	}
	return msg
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// NoOutputError is a document that was never issued in the format asked
// for.
type NoOutputError struct {
	ID, Format string
	Formats    []string // the formats it was issued in
}

func (e *NoOutputError) Error() string {
	return fmt.Sprintf("%s was never issued as %s (issued as %s); nothing recorded to prove a %s against", e.ID, e.Format, strings.Join(e.Formats, ", "), e.Format)
}

// Reissue makes document d again in format f from lib, with g's options
// and the paper it was issued on, and returns the bytes only if their
// SHA-256 is the one recorded for the latest issuance in that format.
// Otherwise it returns a *MismatchError saying what changed since (the
// library, the template, a clause's wording, the program), or a
// *NoOutputError. g's Recorder is not told: a reissue is no new issue.
func Reissue(ctx context.Context, lib *library.Library, g *generate.Generator, d *Document, f *format.Format) ([]byte, error) {
	want, digest, formats := latest(d, f.Name)
	if want == nil {
		return nil, &NoOutputError{ID: d.ID, Format: f.Name, Formats: formats}
	}
	reasons := changes(lib, d, g.Program, want.Program)
	p, err := lib.Prepare(library.Request{Template: d.Template, Variant: d.Variant})
	if err != nil {
		return nil, mismatch(d, f, digest, "", append(reasons, "the library cannot prepare it now: "+err.Error()))
	}
	set, err := Values(p.Template.Schema, d)
	if err != nil {
		return nil, mismatch(d, f, digest, "", append(reasons, "its recorded values do not fit the template now: "+err.Error()))
	}
	r, err := p.Resolve(set)
	if err != nil {
		return nil, mismatch(d, f, digest, "", append(reasons, "its recorded values do not resolve now: "+err.Error()))
	}
	gen := *g
	gen.Recorder = nil
	if want.Paper == format.Letter.Name {
		gen.Options.PageSize = format.Letter
	} else {
		gen.Options.PageSize = format.A4
	}
	gen.Options.PDFA = want.Archival == generate.PDFA2b
	res, err := gen.GenerateResolved(ctx, r, []*format.Format{f}, generate.Origin{})
	if err != nil {
		return nil, err
	}
	out := res.Outputs[0]
	if out.SHA256 != digest {
		if res.ID != d.ID {
			reasons = append(reasons, fmt.Sprintf("its text is not the same: the document made now is %s", res.ID))
		}
		if len(reasons) == 0 {
			reasons = []string{"the " + f.Name + " renderer writes other bytes now"}
		}
		return nil, mismatch(d, f, digest, out.SHA256, reasons)
	}
	return out.Data, nil
}

// latest returns the newest issuance of d in format f and the digest it
// recorded, or nil, and the formats d was issued in: from d.Latest and
// d.Formats as Get fills them, else from the issuances d holds (newest
// first).
func latest(d *Document, f string) (*Issuance, string, []string) {
	formats := slices.Clone(d.Formats)
	want := d.Latest[f]
	if d.Latest == nil {
		for i := range d.Issuances {
			for _, o := range d.Issuances[i].Outputs {
				if !slices.Contains(formats, o.Format) {
					formats = append(formats, o.Format)
				}
				if o.Format == f && want == nil {
					want = &d.Issuances[i]
				}
			}
		}
	}
	sort.Strings(formats)
	if want == nil {
		return nil, "", formats
	}
	for _, o := range want.Outputs {
		if o.Format == f {
			return want, o.SHA256, formats
		}
	}
	return nil, "", formats
}

func mismatch(d *Document, f *format.Format, recorded, got string, reasons []string) error {
	return &MismatchError{ID: d.ID, Format: f.Name, Recorded: recorded, Got: got, Reasons: reasons}
}

// changes lists what differs between the library and program now and the
// ones document d was made with.
func changes(lib *library.Library, d *Document, program, recordedProgram string) []string {
	var out []string
	if lib.Version != d.LibraryVersion {
		out = append(out, fmt.Sprintf("the library has changed since: it is %s %s now, the document was made with %s", lib.Name, lib.Version, d.LibraryVersion))
	}
	t := lib.Templates[d.Template]
	switch {
	case t == nil:
		out = append(out, fmt.Sprintf("the library has no template %s now", d.Template))
	case t.Version != d.TemplateVersion:
		out = append(out, fmt.Sprintf("template %s is at %s now, the document was made with %s", d.Template, t.Version, d.TemplateVersion))
	}
	for _, c := range d.Clauses {
		now := lib.Clauses[c.ID]
		switch {
		case now == nil:
			out = append(out, fmt.Sprintf("clause %s is no longer in the library", c.ID))
		case now.Version != c.Version:
			out = append(out, fmt.Sprintf("clause %s is at %s now, the document carries %s", c.ID, now.Version, c.Version))
		case c.Hash != "" && now.Hash != c.Hash:
			out = append(out, fmt.Sprintf("clause %s %s has been edited since without a new version", c.ID, c.Version))
		}
	}
	if program != recordedProgram {
		out = append(out, fmt.Sprintf("it was made by %s, this is %s", recordedProgram, program))
	}
	return out
}

// Values reads a document's recorded values back as a variables layer for
// schema s, every value as it was resolved, so that defaults and dates
// that may have changed since are the ones the document had.
func Values(s *vars.Schema, d *Document) (vars.Set, error) {
	node, err := vars.ParseJSON(d.Values)
	if err != nil {
		return nil, err
	}
	set, _, err := vars.ParseMapping(s, "registry "+d.ID, 0, node)
	return set, err
}
