package review

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/docid"
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/playbook"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/review/tracked"
	"github.com/clausemark/clausemark/internal/vars"
)

// Recorder is what a reply needs of the registry: the issued document's
// record, and recording the reply as a document derived from it
// (*registry.Registry is one).
type Recorder interface {
	Getter
	RecordDerived(ctx context.Context, res *generate.Result, from string) error
}

// ReplyOptions are the settings of a reply.
type ReplyOptions struct {
	// Options are the DOCX's: its creator and paper (the document id is
	// the reply's own).
	Options format.Options
	// Program names the program for the record's provenance.
	Program string
	// Origin says who asked, for the record.
	Origin generate.Origin
	// Date is when the house's changes and comments are dated; zero for
	// the newest date of the customer's tracked changes, or none when
	// they carry none. Never the clock: the same file gives the same
	// reply.
	Date time.Time
	// Deferred leaves the recording to the caller, who calls
	// [ReplyResult.Record] before putting the file in place, so that a
	// reply is written only once recorded and recorded only when it can
	// be written.
	Deferred bool
}

// ReplyResult is a reply to a returned file.
type ReplyResult struct {
	ID     string  // the reply's document id, in its properties and footer, recorded as derived from Report.ID
	Data   []byte  // the DOCX
	Report *Report // the review the reply answers
	// What the reply does with the customer's changes, counted as the
	// report's items: kept as the customer made them (accepted by the
	// playbook), answered with the playbook's fallback, reverted to the
	// house's wording (declined, no fallback), and left as the customer
	// made them for the house's lawyer (text the library does not
	// write, untracked edits, and the customer's comments).
	Kept, Answered, Reverted, ForReview int
	Comments                            int // the Word comments the reply carries

	res  *generate.Result // the reply as the registry records it
	from string           // the issued document's id
}

// Record records the reply in reg as derived from the issued document,
// for a reply made with ReplyOptions.Deferred.
func (r *ReplyResult) Record(ctx context.Context, reg Recorder) error {
	return reg.RecordDerived(ctx, r.res, r.from)
}

// what the counter-draft does with a clause the customer changed.
type answer int

const (
	unchanged answer = iota // no change of the customer's
	keep                    // every change accepted: the customer's text
	counter                 // some answered or declined: the library's text with the values and wordings the house accepts or offers
	lawyer                  // some change the library cannot answer: the customer's text, for the lawyer
)

// Reply answers the returned Word file data with a counter-draft: the
// document made again from the library with the values and wordings the
// playbook accepts applied and its fallbacks offered where it declines,
// the house's wording restored where it declines without one, and each
// clause with a change the library cannot answer left as the customer
// made it. The DOCX shows the counter-draft as tracked changes, by the
// processor, against the customer's version (the issued document with
// the customer's changes accepted), with a Word comment on each change
// answered, reverted or left for the house's lawyer. The reply is a
// document of its own, with its own id, recorded in reg as derived from
// the issued one. It refuses what [Review] refuses.
func Reply(ctx context.Context, lib *library.Library, reg Recorder, data []byte, o ReplyOptions) (*ReplyResult, error) {
	rw, err := analyse(ctx, lib, reg, data, MaxRenders)
	if err != nil {
		return nil, err
	}
	return rw.reply(ctx, reg, o)
}

func (rw *reviewed) reply(ctx context.Context, reg Recorder, o ReplyOptions) (*ReplyResult, error) {
	rv, doc, rep := rw.rv, rw.doc, rw.rep
	out := &ReplyResult{Report: rep}

	// The answer of each clause, and the values and wordings of the
	// counter-draft.
	answers := map[string]answer{}
	raise := func(id string, a answer) {
		if a > answers[id] {
			answers[id] = a
		}
	}
	set := vars.Set{}
	wordings := map[string]*clause.Alternative{}
	for _, it := range rep.Items[:rv.untrackedN] {
		raise(it.Clause, lawyer)
	}
	for _, id := range rep.Stale {
		raise(id, lawyer)
	}
	for gi := range rv.groups {
		it := rep.Items[rv.untrackedN+gi]
		id, m := rv.groupClause[gi], rv.found[gi]
		switch {
		case m == nil || rv.stale[id]:
			raise(id, lawyer)
		case m.same:
			raise(id, keep)
		case it.Verdict == Accepted:
			raise(id, keep)
			if m.path != "" {
				setOnce(set, m.path, m.value)
			} else if wordings[m.clause] == nil {
				wordings[m.clause] = m.wording
			}
		case it.Verdict == Fallback:
			raise(id, counter)
			switch {
			case m.path != "" && it.Offer != nil:
				setOnce(set, m.path, *it.Offer)
			case m.wording != nil && wordings[m.clause] == nil:
				if a := rv.wordingNamed(m.clause, it.Offered); a != nil {
					wordings[m.clause] = a
				}
			}
		default: // declined: the house's wording stays
			raise(id, counter)
		}
	}

	// The counter-draft's document, made by the library.
	r, err := rv.prepared.Resolve(rv.recorded, set)
	if err != nil {
		return nil, &ChangedError{ID: rep.ID, Err: err}
	}
	for _, id := range sortedKeys(wordings) {
		r = withWording(r, id, wordings[id])
	}
	if o.Options.PageSize.Width == 0 {
		// The paper the document was issued on.
		if is := rw.rec.Latest[docx.Format.Name]; is != nil && is.Paper == format.Letter.Name {
			o.Options.PageSize = format.Letter
		}
	}
	g := &generate.Generator{Options: o.Options, Program: o.Program}
	g.Options.DocumentID = ""
	res, err := g.GenerateResolved(ctx, r, nil, o.Origin)
	if err != nil {
		return nil, &ChangedError{ID: rep.ID, Err: err}
	}
	issued, err := assemble.Assemble(rv.base)
	if err != nil {
		return nil, &ChangedError{ID: rep.ID, Err: err}
	}
	counterModel := res.Document.Model()
	counterOrder, err := rv.order2(ctx, counterModel)
	if err != nil {
		return nil, err
	}

	// The customer's version and the counter-draft, clause by clause.
	customer := doc.View(tracked.All)
	customerLines := map[string][]string{}
	for i, c := range rv.clauseOf(customer) {
		if !customer[i].Contents {
			customerLines[c] = append(customerLines[c], customer[i].Text)
		}
	}
	issuedOrder := orderOf(rv.clauseOf(rv.issued))
	mark := func(id string) string {
		if id == "" {
			return ""
		}
		return BookmarkName(id)
	}
	marks := sortedKeys(rv.clauses) // the clauses' bookmarks
	theirs := func(id string) docx.Stretch {
		if answers[id] == unchanged {
			return docx.Stretch{Doc: 0, Start: mark(id)}
		}
		lines := customerLines[id]
		if lines == nil {
			lines = []string{}
		}
		return docx.Stretch{Doc: 0, Start: mark(id), Lines: lines}
	}
	var a, b []docx.Stretch
	for _, id := range issuedOrder {
		a = append(a, theirs(id))
	}
	inCounter := map[string]bool{}
	for _, id := range counterOrder {
		inCounter[id] = true
	}
	inIssued := map[string]bool{}
	for _, id := range issuedOrder {
		inIssued[id] = true
	}
	// The counter-draft follows the library's order; a clause kept as
	// the customer's that the library no longer places stays after the
	// clause before it.
	kept := func(id string) bool { return answers[id] == keep || answers[id] == lawyer }
	emitted := map[string]bool{}
	emit := func(id string) {
		if emitted[id] {
			return
		}
		emitted[id] = true
		if kept(id) && inIssued[id] {
			b = append(b, theirs(id))
		} else {
			b = append(b, docx.Stretch{Doc: 1, Start: mark(id)})
		}
	}
	for _, id := range counterOrder {
		emit(id)
		// Clauses of the issued document after id that the counter-draft
		// lacks but the customer's text keeps.
		for k := indexOf(issuedOrder, id) + 1; k > 0 && k < len(issuedOrder) && !inCounter[issuedOrder[k]]; k++ {
			if kept(issuedOrder[k]) {
				emit(issuedOrder[k])
			}
		}
	}

	// The comments, on the counter-draft's clauses.
	author := rep.Processor
	var comments []docx.Comment
	noted := map[[2]string]bool{} // one comment for the changes of a clause answered alike
	note := func(id, near, text string) {
		if k := [2]string{id, text}; !noted[k] {
			noted[k] = true
			comments = append(comments, docx.Comment{Start: mark(id), Near: near, Author: author, Initials: docx.Initials(author), Text: text})
		}
	}
	for i, it := range rep.Items {
		switch {
		case i < rv.untrackedN:
			out.ForReview++
			note(it.Clause, it.Added, "Left as it stands, for "+houseOf(rep)+"'s lawyer: "+it.Reason+".")
		case it.Kind == "comment":
			out.ForReview++
			note(it.Clause, it.Added, fmt.Sprintf("Your comment “%s” is left for %s's lawyer to answer.", it.Comment, houseOf(rep)))
		default:
			gi := i - rv.untrackedN
			id, m := rv.groupClause[gi], rv.found[gi]
			switch {
			case m == nil || rv.stale[id]:
				out.ForReview++
				note(id, it.Added, fmt.Sprintf("Left as you made it, for %s's lawyer: %s.", houseOf(rep), it.Reason))
			case it.Verdict == Accepted:
				out.Kept++
			case answers[id] == lawyer:
				// The clause stays as the customer made it for another
				// change's sake: the answer is the lawyer's.
				out.ForReview++
				note(id, it.Added, fmt.Sprintf("Left as you made it with the clause's other changes, for %s's lawyer; the playbook's answer: %s", houseOf(rep), it.Reason))
			case it.Verdict == Fallback:
				out.Answered++
				note(id, "", "Not accepted. "+sentence(it.Reason)+offered(it))
			default:
				out.Reverted++
				note(id, "", "Not accepted, the house's wording restored. "+sentence(it.Reason))
			}
		}
	}
	out.Comments = len(comments)

	// The reply's id: the issued document's, the counter-draft's and the
	// text kept as the customer's.
	h := sha256.New()
	for _, s := range b {
		if s.Lines != nil {
			fmt.Fprintf(h, "%s\x00%s\x00", s.Start, strings.Join(s.Lines, "\n"))
		}
	}
	out.ID = docid.New("clausemark reply 1", rep.ID, res.ID, hex.EncodeToString(h.Sum(nil)))

	date := o.Date
	if date.IsZero() {
		date = newest(doc)
	}
	fo := o.Options
	fo.DocumentID = out.ID
	dopts := docx.OptionsFor(counterModel.Meta, fo)
	out.Data, err = docx.RedlineComposed(ctx, []*document.Document{issued.Model(), counterModel}, marks, a, b, comments, dopts, docx.Revision{Author: author, Date: date})
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(out.Data)
	res.ID = out.ID
	res.Outputs = []generate.Output{{Format: docx.Format, Data: out.Data, SHA256: hex.EncodeToString(sum[:])}}
	res.Provenance.Outputs = []generate.OutputDigest{{Format: docx.Format.Name, SHA256: hex.EncodeToString(sum[:]), Bytes: len(out.Data)}}
	out.res, out.from = res, rep.ID
	if o.Deferred {
		return out, nil
	}
	if err := out.Record(ctx, reg); err != nil {
		return nil, err
	}
	return out, nil
}

func setOnce(set vars.Set, p string, n int64) {
	if _, ok := set[p]; !ok {
		set[p] = vars.Value{V: vars.Int(n), Src: vars.Source{File: "review"}}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// orderOf returns the distinct clauses of of, in order.
func orderOf(of []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range of {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

func indexOf(s []string, x string) int {
	for i, y := range s {
		if y == x {
			return i
		}
	}
	return -1
}

// order2 returns the clauses of the document m, in order, as the DOCX
// writer bookmarks them.
func (rv *reviewer) order2(ctx context.Context, m *document.Document) ([]string, error) {
	data, err := docx.Render(ctx, m, docx.Options{})
	if err != nil {
		return nil, err
	}
	d, err := tracked.Read(data)
	if err != nil {
		return nil, err
	}
	return orderOf(rv.clauseOf(d.View(tracked.All))), nil
}

// wordingNamed returns the wording of clause id the playbook names:
// "house" for the issued one, a position, or an alternative's name.
func (rv *reviewer) wordingNamed(id, name string) *clause.Alternative {
	part := rv.base.Template.Part(id)
	if part == nil || name == "" {
		return nil
	}
	if name == playbook.House {
		return part.Alt
	}
	for _, a := range append(part.Wordings(), part.Clause.Bases()...) {
		if a.Position == name || a.Name == name {
			return a
		}
	}
	return nil
}

// houseOf names the house in a comment: the processor.
func houseOf(rep *Report) string {
	if rep.Processor == "" {
		return "the house"
	}
	return rep.Processor
}

// sentence is s begun with a capital letter, to stand as a sentence of
// its own.
func sentence(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// offered says what the house offers, when the reason does not.
func offered(it Item) string {
	if it.Offered != "" && !strings.Contains(it.Reason, it.Offered) {
		return " The house offers its " + it.Offered + " wording."
	}
	return ""
}

// newest is the newest date of the file's tracked changes, zero for
// none.
func newest(doc *tracked.Document) time.Time {
	var out time.Time
	for _, c := range doc.Changes {
		if t, err := time.Parse(time.RFC3339, c.Date); err == nil && t.After(out) {
			out = t.UTC()
		}
	}
	return out
}
