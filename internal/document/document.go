// Package document is an assembled document as the renderers read it: its
// Markdown, its sections with their numbers and kinds, the headings
// assembly numbered, the numbers of its paragraphs and list items, what
// its title block and metadata say, and the house's page style.
//
// Assembly (package assemble) makes a [Document]; the renderers (DOCX,
// HTML, the PDF's adapter) and compare read one, and import neither the
// assembler nor the library, so a format needs nothing but this package
// and its own.
package document

import (
	"fmt"
	"time"

	"github.com/clausemark/clausemark/internal/mdext"
)

// Document is an assembled document.
type Document struct {
	Title    string
	Markdown []byte    // GitHub Flavored Markdown with numbered headings and cross-reference links
	Sections []Section // the parts, in order
	// Headings are the headings assembly numbered, in order: where each
	// is in Markdown and the number typed into its text, so that a format
	// with numbering of its own (DOCX) can number them itself.
	Headings []Heading
	// Numbers are the numbers of its paragraphs and the markers of its
	// list items, as its style numbers them ([NumberMarkdown]), in order:
	// every format prints these, and none decides its own.
	Numbers []Number
	Meta    Meta
	Style   *Style // the house's page style; nil for the defaults
}

// Kind says how a part of a document is numbered.
type Kind string

// The kinds of part.
const (
	Numbered   Kind = "section"    // numbered 1., 2., ... with subsections 1.1, 1.2
	Appendix   Kind = "appendix"   // lettered Appendix A, B, ... with subsections A.1, A.2
	Unnumbered Kind = "unnumbered" // a preamble or closing text without a heading number
)

// Section is a part of a document.
type Section struct {
	ClauseID string
	Number   string // "3" for a section, "A" for an appendix, "" if unnumbered
	Title    string
	Kind     Kind
	Text     string // the section's Markdown, without its heading
	// Start and End are where the part stands in the document's
	// Markdown, its heading and numbered subheadings included: the
	// numbers of its paragraphs ([Number.Offset]) fall between them.
	// Both are 0 for a section made without a document.
	Start, End int
}

// Anchor returns the id a Markdown viewer gives the section's heading, the
// target of cross-references to it.
func (s Section) Anchor() string { return mdext.Slug(s.Heading()) }

// Label returns how a cross-reference names the section:
// "Section 3 (Title)" or "Appendix A (Title)".
func (s Section) Label() string { return fmt.Sprintf("%s (%s)", s.Short(), s.Title) }

// Short returns the section's number with its kind: "Section 3" or "Appendix A".
func (s Section) Short() string {
	if s.Kind == Appendix {
		return "Appendix " + s.Number
	}
	return "Section " + s.Number
}

// Heading returns the section's heading text: "3. Title", "Appendix A – Title" or "Title".
func (s Section) Heading() string {
	switch s.Kind {
	case Appendix:
		return fmt.Sprintf("Appendix %s – %s", s.Number, s.Title)
	case Numbered:
		return fmt.Sprintf("%s. %s", s.Number, s.Title)
	}
	return s.Title
}

// Heading is a heading assembly numbered.
type Heading struct {
	Offset  int    // byte offset in Markdown of the heading's text, after the #s
	Level   int    // Markdown level: 2 for a section or appendix, 3 and 4 below it
	Number  string // "3", "3.1", "3.1.2", "A", "A.1"
	Prefix  string // the text typed before the title: "3. ", "Appendix A – ", "3.1 "
	Section int    // index of its section in Sections
}

// Meta describes a document for its metadata, title block and running
// text.
type Meta struct {
	Title          string
	Processor      string    // the processor's legal name
	Customer       string    // the customer's name, if given
	Law            string    // short name of the data protection law
	Date           time.Time // the agreement's date, the variable with the document-date role
	DateText       string    // the date as the document writes it, in the library's date format: "29/05/2026"
	DateLabel      string    // the date's name in the title block, the library's label of its variable: "Date of the agreement"
	Template       string    // template id
	TemplateVer    string
	Library        string // library name
	LibraryVersion string
	// Parties are the parties the title block names, the processor
	// first, each with its role as the library declares it.
	Parties []Party
}

// Dated returns the line the title block writes under the parties:
// the date's label and the date as the document writes it, "Date of the
// agreement: 29/05/2026"; the date alone without a label; "" without a
// date.
func (m Meta) Dated() string {
	if m.DateText == "" {
		return ""
	}
	if m.DateLabel == "" {
		return m.DateText
	}
	return m.DateLabel + ": " + m.DateText
}

// Party is a party to the agreement.
type Party struct {
	Name string // "Globex Corporation"; empty where the document names none
	Role string // "Customer", as the library names the party's group of variables
}

// Called returns how running text names the party: its name, or, without
// one, its role ("the Customer").
func (p Party) Called() string {
	if p.Name != "" || p.Role == "" {
		return p.Name
	}
	return "the " + p.Role
}

// Style is a house's page style, as its library declares it.
type Style struct {
	Font       string   // "serif" or "sans": which embedded family sets the text
	Size       float64  // body text size in points; 0 for the default
	Margins    *Margins // page margins in millimetres; nil for the default
	Lists      string   // "legal": (a), (b) and (i), (ii); "bullets"
	Paragraphs string   // "numbered": (1), (2) within a numbered part; "plain"
	Contents   bool     // a table of contents after the title block
	Logo       []byte   // the logo drawn above the title; nil for none
	// NoHyphenation is the style's hyphenate: false: justified text breaks
	// no word at a line's end.
	NoHyphenation bool
	// SignaturePlace labels a line for the place of signing above each
	// party's signature lines ("Ort, Datum"); empty for none.
	SignaturePlace string
	// Language is the BCP 47 tag of the document's language ("en");
	// empty for English.
	Language string
}

// Margins are page margins in millimetres.
type Margins struct {
	Top, Right, Bottom, Left float64
}
