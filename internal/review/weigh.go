package review

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/playbook"
	"github.com/clausemark/clausemark/internal/review/tracked"
	"github.com/clausemark/clausemark/internal/seqalign"
	"github.com/clausemark/clausemark/internal/vars"
)

// Bounds of the documents made again to weigh one clause's changes.
const (
	maxValues = 8 // candidate values of one variable
	maxWords  = 1000
)

// untracked lists where the text with every change rejected is not the
// issued text.
func (rv *reviewer) untracked(doc *tracked.Document) []Item {
	if rv.now != "" {
		return rv.staleClauses(doc)
	}
	a := nonEmpty(rv.issued)
	b := nonEmpty(doc.View(tracked.None))
	ofA, ofB := rv.clauseOf(a), rv.clauseOf(b)
	pairs := seqalign.Align(len(a), len(b), func(i, j int) bool { return normalize(a[i].Text) == normalize(b[j].Text) })
	var out []Item
	seqalign.Walk(pairs, len(a), len(b), func(i0, i1, j0, j1 int) {
		if i0 == i1 && j0 == j1 {
			return
		}
		it := Item{Kind: "untracked edit", Verdict: Untracked, Removed: joinLines(a[i0:i1]), Added: joinLines(b[j0:j1])}
		if i0 < len(a) {
			it.Clause = ofA[i0]
		} else if j0 < len(b) {
			it.Clause = ofB[j0]
		}
		it.Reason = "the text differs from the issued text without a tracked change; ask for the change to be made again with changes tracked"
		it.Title, it.Number = rv.title(it.Clause), rv.numbers[it.Clause]
		out = append(out, it)
	}, func(int, int) {})
	return out
}

// staleClauses compares the text with every change rejected with the
// document the library makes now, clause by clause, when that is not the
// issued one: a clause that differs is stale, its wording changed in the
// library or edited without tracking, which cannot be told apart.
func (rv *reviewer) staleClauses(doc *tracked.Document) []Item {
	got := rv.byClause(doc.View(tracked.None))
	want := rv.cache["issued"]
	var out []Item
	for _, id := range rv.order {
		if got[id] == want[id] {
			continue
		}
		rv.stale[id] = true
		out = append(out, Item{Clause: id, Title: rv.title(id), Number: rv.numbers[id], Kind: "changed since issue", Verdict: Legal,
			Reason: fmt.Sprintf("the library makes this clause otherwise now than when the document was issued (it makes %s from the recorded values), so an edit made without tracking cannot be told from the library's; the clause's changes go to the lawyer", rv.now)})
	}
	return out
}

func nonEmpty(ls []tracked.Line) []tracked.Line {
	var out []tracked.Line
	for _, l := range ls {
		if !l.Contents && normalize(l.Text) != "" {
			out = append(out, l)
		}
	}
	return out
}

func joinLines(ls []tracked.Line) string {
	var s []string
	for _, l := range ls {
		s = append(s, normalize(l.Text))
	}
	return strings.Join(s, "\n")
}

// match is what a clause with some changes accepted reads as.
type match struct {
	same    bool                // the issued text
	split   bool                // the issued words, in other paragraphs
	wording *clause.Alternative // another wording of a clause
	clause  string              // that clause
	path    string              // a variable with another value
	value   int64
}

// weigh answers each group of tracked changes, clause by clause, then
// each comment.
func (rv *reviewer) weigh(doc *tracked.Document) ([]Item, error) {
	paraClause := rv.clauseOf(paragraphLines(doc))
	var groups [][]int
	for _, g := range doc.Groups() {
		if inContents(doc, g) {
			rv.contents++
			continue
		}
		groups = append(groups, g)
	}
	byClause := map[string][]int{}
	var order []string
	for gi, g := range groups {
		c := paraClause[doc.Changes[g[0]].Para]
		if byClause[c] == nil {
			order = append(order, c)
		}
		byClause[c] = append(byClause[c], gi)
	}
	found := make([]*match, len(groups))
	for _, c := range order {
		if err := rv.ctx.Err(); err != nil {
			return nil, err // each clause reads the whole document again
		}
		if rv.stale[c] {
			continue // answered by staleClauses' note
		}
		if err := rv.weighClause(doc, c, groups, byClause[c], found); err != nil {
			return nil, err
		}
	}
	var out []Item
	rv.groups, rv.found = groups, found
	for gi, g := range groups {
		rv.groupClause = append(rv.groupClause, paraClause[doc.Changes[g[0]].Para])
		out = append(out, rv.item(doc, paraClause[doc.Changes[g[0]].Para], g, found[gi]))
	}
	for _, ch := range doc.Changes {
		if ch.Kind == tracked.Comment {
			out = append(out, Item{Clause: paraClause[ch.Para], Paragraph: ch.Para + 1, Kind: "comment", Added: normalize(ch.Text), Comment: ch.Comment, Author: ch.Author, Verdict: Legal, Reason: "a comment: for the house's lawyer to answer"})
		}
	}
	for i := range out {
		out[i].Title, out[i].Number = rv.title(out[i].Clause), rv.numbers[out[i].Clause]
	}
	return out, nil
}

// weighClause sets found for the groups gs of clause c: what the clause
// reads as with all of them accepted, else with each alone.
func (rv *reviewer) weighClause(doc *tracked.Document, c string, groups [][]int, gs []int, found []*match) error {
	m, err := rv.match(doc, c, changeSet(groups, gs...))
	if err != nil {
		return err
	}
	for _, gi := range gs {
		found[gi] = m
		if m != nil || len(gs) == 1 {
			continue
		}
		if rv.tries >= MaxTries {
			rv.exhausted = true
			continue
		}
		rv.tries++
		if err := rv.ctx.Err(); err != nil {
			return err
		}
		if found[gi], err = rv.match(doc, c, changeSet(groups, gi)); err != nil {
			return err
		}
	}
	return nil
}

// changeSet is the set of the changes of groups gs.
func changeSet(groups [][]int, gs ...int) map[int]bool {
	out := map[int]bool{}
	for _, gi := range gs {
		for _, ch := range groups[gi] {
			out[ch] = true
		}
	}
	return out
}

// title is clause id's title in the issued document.
func (rv *reviewer) title(id string) string {
	if part := rv.base.Template.Part(id); part != nil {
		return part.Wording(rv.base.Tree).Title
	}
	return ""
}

// inContents reports whether every change of g is in a table of
// contents, which Word makes again from the headings.
func inContents(doc *tracked.Document, g []int) bool {
	for _, c := range g {
		if !doc.Changes[c].Contents {
			return false
		}
	}
	return true
}

// flat is a clause's text with its paragraphs joined by spaces.
func flat(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// paragraphLines gives each paragraph of doc as a line, for its bookmark.
func paragraphLines(doc *tracked.Document) []tracked.Line {
	out := make([]tracked.Line, len(doc.Paragraphs))
	for i, p := range doc.Paragraphs {
		out[i] = tracked.Line{Para: i, Bookmark: p.Bookmark}
	}
	return out
}

// match returns what clause id reads as with the changes in accept
// accepted and the others rejected, or nil for nothing the library makes.
func (rv *reviewer) match(doc *tracked.Document, id string, accept map[int]bool) (*match, error) {
	got := rv.clauseText(doc.View(func(i int) bool { return accept[i] }), id)
	issued, err := rv.render("issued", rv.base)
	if err != nil {
		return nil, err
	}
	if got == issued[id] {
		return &match{same: true}, nil
	}
	if flat(got) == flat(issued[id]) {
		return &match{same: true, split: true}, nil
	}
	for _, cid := range rv.regions[id] {
		for _, a := range rv.wordings(cid) {
			text, err := rv.render("wording "+cid+" "+a.Name, withWording(rv.base, cid, a))
			if err != nil {
				return nil, err
			}
			if text != nil && text[id] == got {
				return &match{wording: a, clause: cid}, nil
			}
		}
	}
	added := addedText(doc, accept)
	for _, p := range rv.valuePaths(id) {
		for _, n := range candidates(rv.lib.Schema.Vars[p], added) {
			text, err := rv.withValue(p, n)
			if err != nil {
				return nil, err
			}
			if text != nil && text[id] == got {
				return &match{path: p, value: n}, nil
			}
		}
	}
	return nil, nil
}

// withValue returns the clauses' text of the document with p = n.
func (rv *reviewer) withValue(p string, n int64) (map[string]string, error) {
	key := fmt.Sprintf("value %s=%d", p, n)
	if c, ok := rv.cache[key]; ok {
		return c, nil
	}
	r, err := rv.prepared.Resolve(rv.recorded, vars.Set{p: {V: vars.Int(n), Src: vars.Source{File: "review"}}})
	if err != nil {
		rv.cache[key] = nil
		return nil, nil
	}
	return rv.render(key, r)
}

// wordings returns the wordings clause id could be placed in other than
// the issued one: its part's position wordings, and the clause's other
// alternatives.
func (rv *reviewer) wordings(id string) []*clause.Alternative {
	part := rv.base.Template.Part(id)
	if part == nil {
		return nil
	}
	cur := part.Wording(rv.base.Tree)
	var out []*clause.Alternative
	seen := map[*clause.Alternative]bool{cur: true}
	for _, a := range append(part.Wordings(), part.Clause.Bases()...) {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// valuePaths returns the integer variables the issued wordings of the
// clauses of region id declare.
func (rv *reviewer) valuePaths(id string) []string {
	var out []string
	for _, cid := range rv.regions[id] {
		part := rv.base.Template.Part(cid)
		if part == nil {
			continue
		}
		for _, p := range part.Wording(rv.base.Tree).Variables {
			if v := rv.lib.Schema.Vars[p]; v != nil && v.Kind == vars.KindInteger && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

func addedText(doc *tracked.Document, accept map[int]bool) string {
	var b strings.Builder
	for i, c := range doc.Changes {
		if accept[i] && !c.Kind.Removes() {
			b.WriteString(c.Text)
			b.WriteString(" ")
		}
	}
	return b.String()
}

var digitsRE = regexp.MustCompile(`\d+`)
var nonWord = regexp.MustCompile(`[^a-z-]+`)

// candidates returns the values of v that text writes, in digits or in
// words ("forty-five"), within v's limits: at most maxValues.
func candidates(v *vars.Var, text string) []int64 {
	var out []int64
	seen := map[int64]bool{}
	ok := func(n int64) bool { return (v.Min == nil || n >= *v.Min) && (v.Max == nil || n <= *v.Max) }
	for _, d := range digitsRE.FindAllString(text, -1) {
		if n, err := strconv.ParseInt(d, 10, 64); err == nil && ok(n) && !seen[n] && len(out) < maxValues {
			seen[n] = true
			out = append(out, n)
		}
	}
	words := " " + nonWord.ReplaceAllString(strings.ToLower(text), " ") + " "
	lo, hi := int64(0), int64(maxWords)
	if v.Min != nil {
		lo = max(lo, *v.Min)
	}
	if v.Max != nil {
		hi = min(hi, *v.Max)
	}
	for n := lo; n <= hi && len(out) < maxValues; n++ {
		if !seen[n] && strings.Contains(words, " "+vars.NumberWords(n)+" ") {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// item answers one group of changes of clause id.
func (rv *reviewer) item(doc *tracked.Document, id string, g []int, m *match) Item {
	it := Item{Clause: id, Author: doc.Changes[g[0]].Author, Paragraph: doc.Changes[g[0]].Para + 1}
	var removed, added []string
	moves, removes, adds := false, false, false
	for _, ci := range g {
		c := doc.Changes[ci]
		moves = moves || c.Kind == tracked.MoveFrom || c.Kind == tracked.MoveTo
		if c.Kind.Removes() {
			removes = true
			removed = append(removed, c.Text)
		} else {
			adds = true
			added = append(added, c.Text)
		}
	}
	it.Removed, it.Added = normalize(strings.Join(removed, " ")), normalize(strings.Join(added, " "))
	switch {
	case it.Removed == "" && it.Added == "" && adds:
		it.Kind = "paragraph split"
	case it.Removed == "" && it.Added == "":
		it.Kind = "paragraphs joined"
	case moves:
		it.Kind = "move"
	case removes && adds:
		it.Kind = "replacement"
	case removes:
		it.Kind = "deletion"
	default:
		it.Kind = "insertion"
	}
	rv.answer(&it, id, m)
	return it
}

// answer sets the verdict of a change to clause id that reads as m.
func (rv *reviewer) answer(it *Item, id string, m *match) {
	rule := rv.pb.Clauses[id]
	switch {
	case rv.stale[id]:
		it.Verdict, it.Reason = Legal, "the library makes this clause otherwise now than when the document was issued; not weighed"
	case m == nil:
		it.Verdict = Legal
		it.Reason = "the text matches no wording of the library, nor the clause with another value"
		if len(rv.regions[id]) == 0 {
			it.Reason = "the text is outside the clauses and matches nothing the library writes"
		}
		if rv.exhausted {
			it.Reason += fmt.Sprintf(" (of those tried: the file has more changes than a review weighs one by one, %d, or needs more than the %d documents it makes again)", MaxTries, MaxRenders)
		}
		if rule != nil && rule.Fallback != "" {
			it.Reason += fmt.Sprintf("; the house could offer its %s wording", rule.Fallback)
		}
	case m.split:
		it.Verdict, it.Reason = Accepted, "the clause's words are as issued, its paragraphs split or joined otherwise"
	case m.same:
		it.Verdict, it.Reason = Accepted, "the clause reads as issued"
	case m.path != "":
		rv.answerValue(it, m.path, m.value)
	default:
		it.Clause = m.clause
		rv.answerWording(it, m.clause, rv.pb.Clauses[m.clause], m.wording)
	}
}

func (rv *reviewer) answerValue(it *Item, p string, n int64) {
	it.Path, it.Value = p, &n
	r := rv.pb.Variables[p]
	v := rv.lib.Schema.Vars[p]
	what := label(v, p)
	switch {
	case r == nil:
		it.Verdict, it.Reason = Legal, fmt.Sprintf("%s: %s; the playbook says nothing of what the house accepts for it", what, amount(v, n))
	case r.Contains(n):
		it.Verdict, it.Reason = Accepted, fmt.Sprintf("%s: %s, within what the house accepts without asking (%s)", what, amount(v, n), span(v, r))
	default:
		it.Verdict, it.Reason = Legal, fmt.Sprintf("%s: %s is outside what the house accepts without asking (%s)", what, amount(v, n), span(v, r))
		if offer, ok := r.Offer(n); ok {
			it.Offer = &offer
			it.Verdict = Fallback
			it.Reason += "; the house offers " + amount(v, offer)
		}
		it.Reason += "."
		if r.Reason != "" {
			it.Reason += " " + r.Reason
		}
	}
}

// label is what a person calls variable v at path p: the form's label,
// else its path.
func label(v *vars.Var, p string) string {
	if v != nil && v.Label != "" {
		return v.Label
	}
	return p
}

// amount writes n in v's unit: "7 days", "1 day", or "7" for a variable
// without one.
func amount(v *vars.Var, n int64) string {
	if v == nil || v.Unit == "" {
		return strconv.FormatInt(n, 10)
	}
	unit := v.Unit
	if n == 1 || n == -1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	return strconv.FormatInt(n, 10) + " " + unit
}

// span writes range r in v's unit: "14 to 60 days", "at least 14 days".
func span(v *vars.Var, r *playbook.Range) string {
	last := r.Max // the number the unit follows
	if last == nil {
		last = r.Min
	}
	if v == nil || v.Unit == "" || last == nil {
		return r.String()
	}
	unit := amount(v, *last)
	return r.String() + unit[strings.IndexByte(unit, ' '):]
}

func (rv *reviewer) answerWording(it *Item, id string, rule *playbook.Rule, a *clause.Alternative) {
	name := a.Position
	if name == "" {
		name = a.Name
		if part := rv.base.Template.Part(id); part != nil && part.Alt == a {
			name = playbook.House
		}
	}
	it.Wording = name
	switch {
	case rule == nil:
		it.Verdict, it.Reason = Legal, fmt.Sprintf("the clause now reads as the library's %s wording; the playbook says nothing of what the house accepts in this clause", name)
	case rule.Accepts(name) || rule.Accepts(a.Name):
		it.Verdict, it.Reason = Accepted, fmt.Sprintf("the clause now reads as the library's %s wording, which the playbook accepts", name)
	case rule.Fallback != "":
		it.Verdict, it.Offered = Fallback, rule.Fallback
		it.Reason = fmt.Sprintf("the clause now reads as the library's %s wording, which the playbook does not accept; the house offers its %s wording. %s", name, rule.Fallback, rule.Reason)
	default:
		it.Verdict, it.Reason = Legal, fmt.Sprintf("the clause now reads as the library's %s wording, which the playbook does not accept. %s", name, rule.Reason)
	}
}
