package check

import (
	"errors"
	"fmt"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/checklist"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/terms"
	"github.com/clausemark/clausemark/internal/vars"
)

// Checker runs everything `clausemark check` and POST /api/v1/check
// report: the jurisdiction's checklist and the defined terms.
type Checker struct {
	Checklists    map[string]*Checklist
	Names         []string               // names the defined-terms check accepts
	Jurisdictions map[string]vars.Record // every jurisdiction's facts, for [LawFacts]
	// OwnRegimes gives the transfer regimes whose law a document may name
	// besides its jurisdiction's (the processor's own), for [LawFacts];
	// nil for none.
	OwnRegimes func(vars.Tree) []string
	// Policy is the house's: whether a document must pass the check to
	// be issued (see [Checker.Required]).
	Policy library.CheckPolicy

	err error // reading the library's checklists; see [Checker.Err]
}

// NewChecker returns the checker of library lib: its checklists, names and
// jurisdictions. A library from [library.LoadLazy] parses its checklists
// now; see [Checker.Err].
func NewChecker(lib *library.Library) *Checker {
	lists, err := lib.Checklists()
	return &Checker{Checklists: lists, Names: lib.Names, Jurisdictions: lib.Jurisdictions, OwnRegimes: lib.OwnRegimes, Policy: lib.Check, err: err}
}

// Err is the problem reading the library's checklists, nil if none. A
// checker with one has no checklists: every document it checks fails as
// unchecked, and [Checker.Required] returns it.
func (c *Checker) Err() error { return c.err }

// Summary is the result of checking one document, as data: the lists are
// never nil, so that JSON has [] rather than null.
type Summary struct {
	Template     string       `json:"template"`
	Version      string       `json:"template_version"`
	Jurisdiction Jurisdiction `json:"jurisdiction"`
	OK           bool         `json:"ok"`
	// Unchecked is true when no checklist of processor rules (kind
	// processor) applies to the document's jurisdiction: its obligations
	// are not checked, and the check fails unless UncheckedAllowed.
	Unchecked        bool            `json:"unchecked"`
	UncheckedAllowed bool            `json:"unchecked_allowed"` // --allow-unchecked, or allow_unchecked in the API's request
	Checklist        *ChecklistInfo  `json:"checklist"`         // the processor checklist applied, the jurisdiction's own first; nil when none applies
	Checklists       []ChecklistInfo `json:"checklists"`        // every checklist applied, the jurisdiction's first
	Elements         []ElementInfo   `json:"elements"`
	FalseClaims      []ClaimInfo     `json:"false_claims"`
	Weak             []WeakInfo      `json:"weak"`         // why elements a section carries fall short of their article
	Limits           []LimitInfo     `json:"limits"`       // limits on the document's values that it fails
	Notes            []string        `json:"notes"`        // what the check could not verify for this document
	LawProblems      []LawProblem    `json:"law_problems"` // facts of another jurisdiction's law that the text states
	Terms            []TermInfo      `json:"defined_terms"`
	TermProblems     []TermProblem   `json:"term_problems"`

	passed bool // OK, but for Unchecked
}

// Jurisdiction names the document's jurisdiction.
type Jurisdiction struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Law  string `json:"law"`
}

// ChecklistInfo names the checklist applied.
type ChecklistInfo struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Source string `json:"source"`
}

// ElementInfo is one required element and the sections that cover it.
type ElementInfo struct {
	Checklist string   `json:"checklist"` // id of the checklist the element belongs to
	Required  bool     `json:"required"`  // false when the element does not apply to this document
	ID        string   `json:"id"`
	Ref       string   `json:"ref"`
	Title     string   `json:"title"`
	Covered   bool     `json:"covered"`  // carried and not weak
	Weak      bool     `json:"weak"`     // a section carries it, but falls short (see Summary.Weak)
	Blank     bool     `json:"blank"`    // a section carries it but leaves blanks to complete
	Sections  []string `json:"sections"` // headings
	Explain   string   `json:"explain"`  // what the law requires
}

// WeakInfo is one reason an element falls short of its article: the
// phrase, the sentence it is in, and the clause file and line to edit.
type WeakInfo struct {
	Checklist string `json:"checklist"`
	Element   string `json:"element"`
	Ref       string `json:"ref"` // the article it falls short of
	Title     string `json:"title"`
	Kind      string `json:"kind"`    // weak-phrase, no-duty or not-named
	Phrase    string `json:"phrase"`  // the words found; "" when nothing is quoted
	Quote     string `json:"quote"`   // the sentence, or a window around the phrase
	Section   string `json:"section"` // heading of the covering section
	File      string `json:"file"`    // the clause file
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	Why       string `json:"why"`
	Message   string `json:"message"` // the whole diagnostic, position first

	err *diag.Error
}

// LimitInfo is a limit on the document's values that it fails.
type LimitInfo struct {
	Checklist string `json:"checklist"`
	ID        string `json:"id"`
	Ref       string `json:"ref"`
	Title     string `json:"title"`
	Variable  string `json:"variable"` // the variable path whose value fails; "" when none
	Value     string `json:"value"`
	Why       string `json:"why"`
	Message   string `json:"message"`
}

// LawProblem is a fact about another jurisdiction's law in the document.
type LawProblem struct {
	Section      string `json:"section"` // heading of the section that states it
	Fact         string `json:"fact"`
	Jurisdiction string `json:"jurisdiction"` // the code it belongs to
	Field        string `json:"field"`        // its field in the jurisdiction table
	Message      string `json:"message"`
}

// ClaimInfo is a clause that claims an element its text does not carry.
type ClaimInfo struct {
	Clause      string `json:"clause"`
	Alternative string `json:"alternative"`
	Element     string `json:"element"`
	Message     string `json:"message"`
}

// TermInfo is a defined term and how often it is used.
type TermInfo struct {
	Term    string `json:"term"`
	Section string `json:"section"` // heading of the section that defines it
	Uses    int    `json:"uses"`
}

// TermProblem is a defined-terms problem placed in its clause file.
type TermProblem struct {
	Kind    string `json:"kind"` // undefined, unused or duplicate
	Term    string `json:"term"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"` // the whole diagnostic, position first

	err *diag.Error
}

// Check checks an assembled document whose variables are tree.
func (c *Checker) Check(doc *assemble.Document, tree vars.Tree) *Summary {
	s := &Summary{Template: doc.Template.ID, Version: doc.Template.Version, OK: true, Checklists: []ChecklistInfo{},
		Elements: []ElementInfo{}, FalseClaims: []ClaimInfo{}, Weak: []WeakInfo{}, Limits: []LimitInfo{}, Notes: []string{}, LawProblems: []LawProblem{}, Terms: []TermInfo{}, TermProblems: []TermProblem{}}
	if j := doc.Meta.Jurisdiction; j != nil {
		law, _ := j["law_short"].(string)
		s.Jurisdiction = Jurisdiction{Code: vars.Canonical(j), Name: j.String(), Law: law}
	}
	for _, list := range checklist.Select(c.Checklists, doc.Meta.Jurisdiction, tree) {
		info := ChecklistInfo{ID: list.ID, Name: list.Name, Source: list.Source}
		s.Checklists = append(s.Checklists, info)
		if s.Checklist == nil && list.Processor() {
			own := info
			s.Checklist = &own
		}
		rep := Document(doc, list, tree)
		s.OK = s.OK && rep.OK()
		s.Notes = append(s.Notes, rep.Notes...)
		for _, it := range rep.Items {
			e := ElementInfo{Checklist: list.ID, Required: it.Required, ID: it.Element.ID, Ref: it.Element.Ref, Title: it.Element.Title, Covered: it.Covered(), Weak: len(it.Weak) > 0, Blank: len(it.Blank) > 0, Sections: []string{}, Explain: it.Element.Explain}
			for _, sec := range it.By {
				e.Sections = append(e.Sections, sec.Heading())
			}
			s.Elements = append(s.Elements, e)
		}
		for _, w := range rep.Weak() {
			de := diag.Errorf(w.File(), w.Pos.Line, w.Pos.Col, "", "%s", w.String())
			s.Weak = append(s.Weak, WeakInfo{Checklist: list.ID, Element: w.Element.ID, Ref: w.Element.Ref, Title: w.Element.Title, Kind: w.Kind.String(),
				Phrase: w.Phrase, Quote: w.Quote, Section: w.Section.Heading(), File: w.File(), Line: w.Pos.Line, Column: w.Pos.Col, Why: w.Why, Message: de.Error(), err: de})
		}
		for _, f := range rep.Failures {
			s.Limits = append(s.Limits, LimitInfo{Checklist: list.ID, ID: f.Limit.ID, Ref: f.Limit.Ref, Title: f.Limit.Title, Variable: f.Limit.Value, Value: f.Value, Why: f.Limit.Why, Message: f.String()})
		}
		for _, f := range rep.False {
			s.FalseClaims = append(s.FalseClaims, ClaimInfo{Clause: f.Section.ClauseID, Alternative: f.Section.Clause.Name, Element: f.Element.ID, Message: f.String()})
		}
	}
	var also []string
	if c.OwnRegimes != nil {
		also = c.OwnRegimes(tree)
	}
	for _, f := range LawFacts(doc, c.Jurisdictions, also...) {
		s.LawProblems = append(s.LawProblems, LawProblem{Section: f.Section.Heading(), Fact: f.Fact, Jurisdiction: f.Of, Field: f.Field, Message: f.String()})
		s.OK = false
	}
	tr := terms.Document(doc, tree, c.Names)
	for _, t := range tr.Terms {
		s.Terms = append(s.Terms, TermInfo{Term: t.Name, Section: t.Section.Heading(), Uses: t.Uses})
	}
	for _, p := range tr.Problems {
		e := p.Err()
		s.TermProblems = append(s.TermProblems, TermProblem{Kind: p.Kind.String(), Term: p.Term, File: e.File, Line: e.Line, Column: e.Col, Message: e.Error(), err: e})
		s.OK = false
	}
	s.passed = s.OK
	s.Unchecked = s.Checklist == nil
	s.OK = s.passed && !s.Unchecked
	return s
}

// AllowUnchecked lets a document to which no checklist of processor rules
// applies pass (--allow-unchecked): it stays Unchecked, and says so, but
// its Err and OK no longer count it.
func (s *Summary) AllowUnchecked() {
	s.UncheckedAllowed = true
	s.OK = s.passed
}

// UncheckedMessage says that no checklist of processor rules applies to
// the document's jurisdiction: "no checklist of processor rules for India
// (in): this document's obligations are unchecked". It is "" when one does.
func (s *Summary) UncheckedMessage() string {
	if !s.Unchecked {
		return ""
	}
	what := "this document's jurisdiction"
	if s.Jurisdiction.Code != "" {
		what = fmt.Sprintf("%s (%s)", s.Jurisdiction.Name, s.Jurisdiction.Code)
	}
	return "no checklist of processor rules for " + what + ": this document's obligations are unchecked"
}

// Missing returns the elements no section carries.
func (s *Summary) Missing() []ElementInfo {
	var out []ElementInfo
	for _, e := range s.Elements {
		if e.Required && !e.Covered && !e.Weak {
			out = append(out, e)
		}
	}
	return out
}

// Err returns what makes the check fail, one problem each, as a diag.List:
// elements missing or left to complete, weak elements (each weakness at
// its clause file and line), limits failed, false claims, another law's
// facts, defined-terms problems, and a jurisdiction no checklist of
// processor rules applies to unless allowed. It is nil when the check
// passes.
func (s *Summary) Err() error {
	var errs diag.List
	if s.Unchecked && !s.UncheckedAllowed {
		errs.Add(errors.New(s.UncheckedMessage()))
	}
	for _, m := range s.Missing() {
		what := "missing"
		if m.Blank {
			what = "to complete"
		}
		errs.Add(fmt.Errorf("%s %s: %s", what, m.Ref, m.Title))
	}
	for _, w := range s.Weak {
		errs.Add(w.err)
	}
	for _, l := range s.Limits {
		errs.Add(errors.New(l.Message))
	}
	for _, f := range s.FalseClaims {
		errs.Add(errors.New(f.Message))
	}
	for _, l := range s.LawProblems {
		errs.Add(errors.New(l.Message))
	}
	for _, p := range s.TermProblems {
		errs.Add(p.err)
	}
	return errs.Err()
}
