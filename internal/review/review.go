// Package review weighs a customer's redline of a document Clausemark
// issued against the house's playbook (package playbook).
//
// [Review] reads the returned Word file (package tracked), finds the
// issued document by the id in its properties and what the registry
// recorded of it, and makes that document again from the library. The
// text with every change rejected must be the issued text: a difference
// is an untracked edit. Each tracked change is then weighed by what its
// clause reads with the change accepted, compared with the same clause
// made again by the library:
//
//   - with another value of a variable the clause prints ("thirty (30)
//     days" read back as deletion.days=30 becomes 45 if the clause made
//     with 45 reads as the customer's): accepted inside the playbook's
//     range, else a fallback where the playbook offers one;
//   - in another position or alternative of the clause (the balanced
//     wording pasted in): accepted if the playbook accepts it, else its
//     fallback;
//   - as nothing the library writes: needs legal review, as does every
//     comment.
package review

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/playbook"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/review/tracked"
	"github.com/clausemark/clausemark/internal/vars"
)

// Verdict is the house's answer to a change.
type Verdict string

// The verdicts.
const (
	Accepted  Verdict = "accepted"
	Fallback  Verdict = "fallback"
	Legal     Verdict = "needs legal review"
	Untracked Verdict = "untracked edit"
)

// Item is one change of the customer's and the house's answer.
type Item struct {
	Clause string `json:"clause,omitempty"` // the clause id; empty before the first numbered clause
	Title  string `json:"title,omitempty"`  // the clause's title in the issued document
	Number string `json:"number,omitempty"` // its number there: "14", "A"; empty if unnumbered
	// Paragraph is the paragraph of the returned file the change starts
	// in, counting the body's paragraphs from 1 as saved; 0 for a
	// difference found by comparing texts.
	Paragraph int     `json:"paragraph,omitempty"`
	Kind      string  `json:"kind"` // insertion, deletion, replacement, move, comment, untracked edit
	Removed   string  `json:"removed,omitempty"`
	Added     string  `json:"added,omitempty"`
	Comment   string  `json:"comment,omitempty"`
	Author    string  `json:"author,omitempty"`
	Verdict   Verdict `json:"verdict"`
	Reason    string  `json:"reason"`
	// Value is the variable's value read back from the customer's text;
	// Offer the value the house offers in its place.
	Path  string `json:"variable,omitempty"`
	Value *int64 `json:"value,omitempty"`
	Offer *int64 `json:"offer,omitempty"`
	// Wording is the position or alternative the clause now reads as;
	// Offered the one the house offers in its place.
	Wording string `json:"wording,omitempty"`
	Offered string `json:"offered,omitempty"`
}

// Report is the review of one returned file.
type Report struct {
	ID         string `json:"id"`
	Customer   string `json:"customer"`
	Processor  string `json:"processor"`
	Template   string `json:"template"`
	Variant    string `json:"variant,omitempty"`
	Formatting int    `json:"formatting_changes,omitempty"` // tracked changes of formatting alone, not weighed
	Contents   int    `json:"contents_changes,omitempty"`   // tracked changes to the table of contents, which Word makes again, not weighed
	// Now is the id of the document the library makes from the recorded
	// values, when the library has changed since the issue; empty when it
	// makes the issued one.
	Now   string   `json:"library_makes,omitempty"`
	Stale []string `json:"stale_clauses,omitempty"` // clauses whose wording the library has changed since, not weighed
	Items []Item   `json:"changes"`
}

// AllAccepted reports whether the playbook accepts every change.
func (r *Report) AllAccepted() bool {
	for _, it := range r.Items {
		if it.Verdict != Accepted {
			return false
		}
	}
	return true
}

// NotIssuedError refuses a file the registry has no record of.
type NotIssuedError struct {
	ID     string // the id the file carries; "" for none
	Reason string
}

func (e *NotIssuedError) Error() string {
	if e.ID == "" {
		return "not a document Clausemark issued: " + e.Reason
	}
	return fmt.Sprintf("not a document Clausemark issued: %s %s", e.ID, e.Reason)
}

// ChangedError says the library can no longer make a document from the
// issued one's recorded values.
type ChangedError struct {
	ID  string
	Err error // why it makes none
}

func (e *ChangedError) Error() string {
	return fmt.Sprintf("%s cannot be made again from this library, to compare with: %v; review it with the library it was issued from", e.ID, e.Err)
}

func (e *ChangedError) Unwrap() error { return e.Err }

// Getter looks up what the registry recorded of a document.
type Getter interface {
	Get(ctx context.Context, id string) (*registry.Document, error)
}

// Review weighs the tracked changes of the returned Word file data
// against lib's playbook.
func Review(ctx context.Context, lib *library.Library, reg Getter, data []byte) (*Report, error) {
	return reviewWithin(ctx, lib, reg, data, MaxRenders)
}

// reviewWithin is Review making at most budget documents again.
func reviewWithin(ctx context.Context, lib *library.Library, reg Getter, data []byte, budget int) (*Report, error) {
	rw, err := analyse(ctx, lib, reg, data, budget)
	if err != nil {
		return nil, err
	}
	return rw.rep, nil
}

// reviewed is a review with what it found: the returned file read, the
// registry's record, and the reviewer that weighed each change.
type reviewed struct {
	rep *Report
	doc *tracked.Document
	rec *registry.Document
	rv  *reviewer
}

// analyse reviews data, making at most budget documents again.
func analyse(ctx context.Context, lib *library.Library, reg Getter, data []byte, budget int) (*reviewed, error) {
	doc, err := tracked.Read(data)
	if err != nil {
		return nil, err
	}
	if doc.ID == "" {
		return nil, &NotIssuedError{Reason: "neither its properties nor its footer carry a Clausemark document id"}
	}
	rec, err := reg.Get(ctx, doc.ID)
	var nf *registry.NotFoundError
	if errors.As(err, &nf) {
		return nil, &NotIssuedError{ID: doc.ID, Reason: "is not in the registry"}
	}
	if err != nil {
		return nil, err
	}
	pb, err := lib.Playbook()
	if err != nil {
		return nil, err
	}
	rv, err := newReviewer(ctx, lib, pb, rec, budget)
	if err != nil {
		return nil, err
	}
	rep := &Report{ID: rec.ID, Customer: rec.Customer, Processor: rec.Processor, Template: rec.Template, Variant: rec.Variant, Formatting: doc.Formatting}
	rep.Items = append(rep.Items, rv.untracked(doc)...)
	rv.untrackedN = len(rep.Items)
	items, err := rv.weigh(doc)
	if err != nil {
		return nil, err
	}
	rep.Items = append(rep.Items, items...)
	rep.Contents = rv.contents
	rep.Now = rv.now
	for _, id := range rv.order {
		if rv.stale[id] {
			rep.Stale = append(rep.Stale, id)
		}
	}
	return &reviewed{rep: rep, doc: doc, rec: rec, rv: rv}, nil
}

// reviewer makes the issued document again, and its clauses with other
// values and wordings.
type reviewer struct {
	ctx      context.Context
	lib      *library.Library
	pb       *playbook.Playbook
	prepared *library.Prepared
	recorded vars.Set // the values the registry recorded
	base     *library.Resolved
	issued   []tracked.Line
	clauses  map[string]string // clause bookmarks: clause id by bookmark name
	// regions are the clauses whose text lies under each numbered
	// clause's heading: itself and the unnumbered parts after it (the
	// closing words after the last section); "" holds those before the
	// first (the preamble).
	regions map[string][]string
	order   []string          // the regions in the document's order
	numbers map[string]string // clause numbers as recorded
	// now is the id of the document the library makes from the recorded
	// values when it is not the issued one: the library has changed
	// since. Then the clauses whose text it makes otherwise are stale,
	// and their changes are not weighed.
	now   string
	stale map[string]bool
	cache map[string]map[string]string

	// groups are the groups of tracked changes weighed, in the order
	// of their items after the untrackedN items of untracked edits; each
	// group's clause (the clause its first change is in, by bookmark) and
	// what its clause reads as (nil for nothing the library makes).
	groups      [][]int
	groupClause []string
	found       []*match
	untrackedN  int

	renders   int  // documents made so far
	tries     int  // changes weighed one by one so far
	contents  int  // changes to the table of contents, not weighed
	budget    int  // at most this many: MaxRenders
	exhausted bool // MaxRenders was reached: some wordings or values were not tried
}

// MaxRenders bounds the documents one review makes again to weigh the
// changes: a file that changes every clause costs at most this many.
const MaxRenders = 100

// MaxTries bounds the changes one review weighs one by one, each a view
// of the whole file, where a clause's changes together match nothing.
const MaxTries = 200

func newReviewer(ctx context.Context, lib *library.Library, pb *playbook.Playbook, rec *registry.Document, budget int) (*reviewer, error) {
	p, err := lib.Prepare(library.Request{Template: rec.Template, Variant: rec.Variant})
	if err != nil {
		return nil, &ChangedError{ID: rec.ID, Err: err}
	}
	set, err := registry.Values(p.Template.Schema, rec)
	if err != nil {
		return nil, &ChangedError{ID: rec.ID, Err: err}
	}
	r, err := p.Resolve(set)
	if err != nil {
		return nil, &ChangedError{ID: rec.ID, Err: err}
	}
	g := &generate.Generator{}
	res, err := g.GenerateResolved(ctx, r, []*format.Format{docx.Format}, generate.Origin{})
	if err != nil {
		return nil, &ChangedError{ID: rec.ID, Err: err}
	}
	rv := &reviewer{ctx: ctx, lib: lib, pb: pb, prepared: p, recorded: set, base: r, stale: map[string]bool{}, clauses: map[string]string{}, regions: map[string][]string{}, numbers: map[string]string{}, cache: map[string]map[string]string{}, budget: budget}
	for _, c := range rec.Clauses {
		rv.numbers[c.ID] = c.Number
	}
	region := ""
	for _, part := range r.Template.Parts {
		rv.clauses[BookmarkName(part.Clause.ID)] = part.Clause.ID
		if part.Kind != library.Unnumbered {
			region = part.Clause.ID
		}
		if in, err := part.Include(r.Tree); err == nil && in {
			if rv.regions[region] == nil {
				rv.order = append(rv.order, region)
			}
			rv.regions[region] = append(rv.regions[region], part.Clause.ID)
		}
	}
	d, err := tracked.Read(res.Outputs[0].Data)
	if err != nil {
		return nil, err
	}
	rv.issued = d.View(tracked.All)
	rv.cache["issued"] = rv.byClause(rv.issued)
	if res.ID != rec.ID {
		rv.now = res.ID
	}
	return rv, nil
}

// BookmarkName is the bookmark the DOCX writer puts on a clause's
// heading (docx.BookmarkStem of its id).
func BookmarkName(id string) string { return docx.BookmarkStem(id) }

// clauseOf returns the clause of each line: the clause whose heading's
// bookmark is the nearest before it.
func (rv *reviewer) clauseOf(lines []tracked.Line) []string {
	out := make([]string, len(lines))
	cur := ""
	for i, l := range lines {
		if id, ok := rv.clauses[l.Bookmark]; ok {
			cur = id
		}
		out[i] = cur
	}
	return out
}

// byClause joins the normalized text of each clause's lines.
func (rv *reviewer) byClause(lines []tracked.Line) map[string]string {
	of := rv.clauseOf(lines)
	parts := map[string][]string{}
	for i, l := range lines {
		if t := normalize(l.Text); t != "" && !l.Contents {
			parts[of[i]] = append(parts[of[i]], t)
		}
	}
	out := map[string]string{}
	for id, ps := range parts {
		out[id] = strings.Join(ps, "\n")
	}
	return out
}

// clauseText is byClause(lines)[id], normalizing only clause id's lines:
// a review weighs one clause at a time, and a file may have many others.
func (rv *reviewer) clauseText(lines []tracked.Line, id string) string {
	of := rv.clauseOf(lines)
	var parts []string
	for i, l := range lines {
		if of[i] != id || l.Contents {
			continue
		}
		if t := normalize(l.Text); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// normalize folds the differences a person's typing makes and a reader
// does not see: runs of white space, and straight for curly quotes.
func normalize(s string) string {
	s = typed.Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// typed is what normalize folds besides white space. A Replacer builds its
// tables on first use and keeps them: made once, not once a line.
var typed = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "\u00a0", " ")

// render makes the document of r and returns its clauses' text.
func (rv *reviewer) render(key string, r *library.Resolved) (map[string]string, error) {
	if c, ok := rv.cache[key]; ok {
		return c, nil
	}
	if err := rv.ctx.Err(); err != nil {
		return nil, err
	}
	if rv.renders >= rv.budget {
		rv.exhausted = true
		return nil, nil
	}
	rv.renders++
	doc, err := assemble.Assemble(r)
	var out map[string]string
	if err == nil {
		var data []byte
		data, err = docx.Render(rv.ctx, doc.Model(), docx.Options{})
		if err == nil {
			var d *tracked.Document
			if d, err = tracked.Read(data); err == nil {
				out = rv.byClause(d.View(tracked.All))
			}
		}
	}
	if err != nil && rv.ctx.Err() != nil {
		return nil, rv.ctx.Err()
	}
	rv.cache[key] = out // nil: the library cannot make it, so nothing matches it
	return out, nil
}

// withWording returns r with clause id placed in wording a.
func withWording(r *library.Resolved, id string, a *clause.Alternative) *library.Resolved {
	t := *r.Template
	t.Parts = append([]*library.Part(nil), r.Template.Parts...)
	for i, p := range t.Parts {
		if p.Clause.ID == id {
			q := *p
			q.Alt, q.Positions = a, nil
			t.Parts[i] = &q
		}
	}
	r2 := *r
	r2.Template = &t
	return &r2
}
