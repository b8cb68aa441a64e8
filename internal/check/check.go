// Package check verifies that an assembled agreement contains what the law
// requires of a processor contract, element by element: GDPR Article 28 or
// the checklist its jurisdiction names.
//
// The library loads the checklists (package checklist); call [Document] with
// an assembled document and one of them, or [Checker.Check] for every
// checklist that applies. Coverage comes from the
// clauses' front matter ("covers: [audits]"), and each claim is verified
// against the clause's text by the element's patterns, so a clause cannot
// claim what it does not say.
package check

import (
	"fmt"
	"sort"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/checklist"
	"github.com/clausemark/clausemark/internal/vars"
)

// The checklists' types, from package checklist.
type (
	Checklist = checklist.Checklist
	Element   = checklist.Element
	Note      = checklist.Note
	Limit     = checklist.Limit
)

// Item is one element and the sections that cover it.
type Item struct {
	Element  *Element
	By       []assemble.Section // sections whose clause claims it and whose text carries it
	Required bool               // false when the element's when condition does not hold for the document
	Blank    []assemble.Section // sections that carry it but leave blanks to complete
	Weak     []Weakness         // why the sections that carry it fall short of its article
}

// Covered reports whether a section covers the element and states its
// obligations as duties: a weak element is not covered.
func (i Item) Covered() bool { return len(i.By) > 0 && len(i.Weak) == 0 }

// Carried reports whether a section carries the element's words, weak or
// not.
func (i Item) Carried() bool { return len(i.By) > 0 }

// Failure is a limit on the document's values that the document fails.
type Failure struct {
	Limit *Limit
	Value string // the value of the limit's variable, as written; "" when it has none
}

func (f Failure) String() string {
	s := fmt.Sprintf("%s (%s)", f.Limit.Title, f.Limit.Ref)
	if f.Value != "" {
		s += fmt.Sprintf(": %s is %s", f.Limit.Value, f.Value)
	}
	return s + ": " + f.Limit.Why
}

// Claim is a clause that claims an element its text does not carry.
type Claim struct {
	Section assemble.Section
	Element *Element
}

func (c Claim) String() string {
	return fmt.Sprintf("%s: alternative %q claims %s (%s) but its text has none of: %s",
		c.Section.Clause.Clause.File, c.Section.Clause.Name, c.Element.ID, c.Element.Ref, strings.Join(c.Element.Patterns, ", "))
}

// Report is the result of checking one document.
type Report struct {
	Checklist *Checklist
	Items     []Item
	False     []Claim
	Notes     []string  // the checklist's notes whose condition holds
	Failures  []Failure // the checklist's limits the document's values fail
}

// OK reports whether every element is covered, none weak, every claim
// holds and no limit fails.
func (r *Report) OK() bool {
	for _, it := range r.Items {
		if it.Required && !it.Covered() {
			return false
		}
	}
	return len(r.False) == 0 && len(r.Failures) == 0
}

// Missing returns the elements no section carries.
func (r *Report) Missing() []*Element {
	var out []*Element
	for _, it := range r.Items {
		if it.Required && !it.Carried() {
			out = append(out, it.Element)
		}
	}
	return out
}

// Weak returns the weaknesses of the required elements a section carries.
func (r *Report) Weak() []Weakness {
	var out []Weakness
	for _, it := range r.Items {
		if it.Required {
			out = append(out, it.Weak...)
		}
	}
	return out
}

// Document checks an assembled document, whose values are tree, against a
// checklist.
func Document(doc *assemble.Document, c *Checklist, tree vars.Tree) *Report {
	r := &Report{Checklist: c}
	byID := map[string]*Element{}
	for _, e := range c.Elements {
		byID[e.ID] = e
	}
	required := map[string]bool{}
	for _, e := range c.Elements {
		required[e.ID] = e.RequiredFor(tree)
	}
	covered := map[string][]assemble.Section{}
	blanks := map[string][]assemble.Section{}
	for _, s := range doc.Sections {
		if s.Clause == nil {
			continue
		}
		text := plain(s.Text)
		for _, id := range s.Clause.Covers {
			e, ok := byID[id]
			if !ok {
				continue // an element of another law's checklist
			}
			switch {
			case e.Matches(text) && e.Blank(s.Text):
				blanks[id] = append(blanks[id], s)
			case e.Matches(text):
				covered[id] = append(covered[id], s)
			case required[id]:
				// A clause whose text depends on the document may leave out
				// what an element not required here asks for.
				r.False = append(r.False, Claim{Section: s, Element: e})
			}
		}
	}
	for _, n := range c.Notes {
		if n.HoldsFor(tree) {
			r.Notes = append(r.Notes, n.Text)
		}
	}
	for _, e := range c.Elements {
		r.Items = append(r.Items, Item{Element: e, By: covered[e.ID], Required: required[e.ID], Blank: blanks[e.ID], Weak: weaknesses(e, covered[e.ID], tree)})
	}
	if len(c.Limits) > 0 {
		var all strings.Builder
		for _, s := range doc.Sections {
			all.WriteString(plain(s.Text))
			all.WriteByte(' ')
		}
		for _, l := range c.Limits {
			if failed, v := l.Check(tree, all.String()); failed {
				r.Failures = append(r.Failures, Failure{Limit: l, Value: v})
			}
		}
	}
	sort.SliceStable(r.False, func(i, j int) bool { return r.False[i].Section.ClauseID < r.False[j].Section.ClauseID })
	return r
}

// plain removes the Markdown characters that could split a phrase.
func plain(md string) string {
	return strings.NewReplacer("**", "", "\\", "", "_", " ", "\n", " ").Replace(md)
}
