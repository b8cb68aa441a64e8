package format

import (
	"strings"
	"time"

	"github.com/clausemark/clausemark/internal/document"
)

// Info is what a document says about itself, alike in every format: its
// title; the parties, in the title block and beside the title in the
// running header; the document's reference (its id) and date in the
// footer; and, in the metadata, the processor as author, a subject naming
// both parties, keywords with the template's and the library's versions,
// and the creating program.
type Info struct {
	Title    string           // document title: metadata, title block, running header
	Author   string           // the processor
	Subject  string           // "Title between Acme GmbH and Globex"
	Keywords string           // comma-separated
	Creator  string           // the program and its version
	Header   string           // running header: "Title · Acme GmbH and Globex"
	Footer   string           // "Ref. ID · date"
	Date     time.Time        // the document's date; zero for none
	ID       string           // the document's id; empty for none
	Parties  []document.Party // the title block's parties, with their roles
	Dated    string           // the title block's date line: "Date of the agreement: 29/05/2026"
}

// NewInfo returns what the document described by m says about itself
// when rendered with o. A party without a name is called by its role, as
// the library declares it ("the Customer"); the date is written as the
// document writes it, in the library's date format.
func NewInfo(m document.Meta, o Options) Info {
	keywords := []string{m.Title}
	if m.Law != "" {
		keywords = append(keywords, m.Law)
	}
	if m.Customer != "" {
		keywords = append(keywords, m.Customer)
	}
	if o.DocumentID != "" {
		keywords = append(keywords, o.DocumentID)
	}
	if m.Template != "" {
		keywords = append(keywords, m.Template+" "+m.TemplateVer)
	}
	if m.Library != "" {
		keywords = append(keywords, m.Library+" "+m.LibraryVersion)
	}
	subject, header := m.Title, m.Title
	if between := parties(m.Parties); between != "" {
		subject += " between " + between
		header += " · " + between
	}
	var footer []string
	if o.DocumentID != "" {
		footer = append(footer, "Ref. "+o.DocumentID)
	}
	if m.DateText != "" {
		footer = append(footer, m.DateText)
	}
	return Info{
		Title:    m.Title,
		Author:   m.Processor,
		Subject:  subject,
		Keywords: strings.Join(keywords, ", "),
		Creator:  o.Creator,
		ID:       o.DocumentID,
		Header:   header,
		Footer:   strings.Join(footer, " · "),
		Date:     m.Date,
		Parties:  m.Parties,
		Dated:    m.Dated(),
	}
}

// parties names the parties, "Acme GmbH and the Customer", where one of
// them has a name; "" where none has.
func parties(ps []document.Party) string {
	named := false
	called := make([]string, len(ps))
	for i, p := range ps {
		named = named || p.Name != ""
		called[i] = p.Called()
	}
	if !named {
		return ""
	}
	return strings.Join(called, " and ")
}
