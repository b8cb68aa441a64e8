package batch

import (
	"fmt"
	"strings"

	"github.com/clausemark/clausemark/internal/check"
)

// What --check does with a row whose document fails the check.
const (
	CheckFail = "fail" // the row fails: not written, not recorded
	CheckWarn = "warn" // the row is written; its problems are warnings
)

// CheckProblem is one thing the check finds wrong with a row's document,
// as the errors file lists it.
type CheckProblem struct {
	Checklist string `json:"checklist,omitempty"` // the checklist's id; "" for defined terms
	Element   string `json:"element,omitempty"`   // the element's or limit's id; the term for a defined-terms problem
	Ref       string `json:"ref,omitempty"`       // the article it falls short of
	Title     string `json:"title,omitempty"`
	// Problem is what is wrong: "unchecked" (no checklist of processor
	// rules applies to the row's jurisdiction, and AllowUnchecked is not
	// set), "missing", "to complete", "weak: <phrase>",
	// "limit: <variable> is <value>", "false claim", "other law" or
	// "term: <kind>".
	Problem string `json:"problem"`
	File    string `json:"file,omitempty"` // the clause file, where known
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"` // the whole diagnostic
}

// maxCheckProblems bounds the problems kept for one row.
const maxCheckProblems = 50

// checkProblems lists what makes s fail, in the order Summary.Err gives
// it, at most maxCheckProblems (the last then says how many more).
func checkProblems(s *check.Summary) []CheckProblem {
	var out []CheckProblem
	if s.Unchecked && !s.UncheckedAllowed {
		out = append(out, CheckProblem{Problem: "unchecked", Message: s.UncheckedMessage()})
	}
	for _, m := range s.Missing() {
		what := "missing"
		if m.Blank {
			what = "to complete"
		}
		out = append(out, CheckProblem{Checklist: m.Checklist, Element: m.ID, Ref: m.Ref, Title: m.Title, Problem: what,
			Message: fmt.Sprintf("%s %s: %s", what, m.Ref, m.Title)})
	}
	for _, w := range s.Weak {
		what := "weak: " + w.Phrase
		if w.Phrase == "" {
			what = "weak: " + w.Kind
		}
		out = append(out, CheckProblem{Checklist: w.Checklist, Element: w.Element, Ref: w.Ref, Title: w.Title, Problem: what,
			File: w.File, Line: w.Line, Message: w.Message})
	}
	for _, l := range s.Limits {
		what := "limit"
		if l.Variable != "" {
			what = fmt.Sprintf("limit: %s is %s", l.Variable, l.Value)
		}
		out = append(out, CheckProblem{Checklist: l.Checklist, Element: l.ID, Ref: l.Ref, Title: l.Title, Problem: what, Message: l.Message})
	}
	for _, f := range s.FalseClaims {
		out = append(out, CheckProblem{Element: f.Element, Problem: "false claim", Message: f.Message})
	}
	for _, l := range s.LawProblems {
		out = append(out, CheckProblem{Problem: "other law", Message: l.Message})
	}
	for _, p := range s.TermProblems {
		out = append(out, CheckProblem{Element: p.Term, Problem: "term: " + p.Kind, File: p.File, Line: p.Line, Message: p.Message})
	}
	if len(out) > maxCheckProblems {
		more := len(out) - (maxCheckProblems - 1)
		out = append(out[:maxCheckProblems-1], CheckProblem{Problem: "more", Message: fmt.Sprintf("and %d more problems", more)})
	}
	return out
}

// CheckError fails a row whose document fails the check (--check).
type CheckError struct {
	Problems []CheckProblem
}

func (e *CheckError) Error() string { return "check failed: " + problemList(e.Problems) }

// problemList names each element once, with what is wrong with it:
// "instructions (Art. 28(3)(a)) weak: may, no-duty".
func problemList(ps []CheckProblem) string {
	var parts []string
	at := map[string]int{} // element and ref, to its part
	seen := map[string]bool{}
	for _, p := range ps {
		if p.Element == "" {
			parts = append(parts, p.Message)
			continue
		}
		key := p.Element + "\x00" + p.Ref
		if seen[key+"\x00"+p.Problem] {
			continue
		}
		seen[key+"\x00"+p.Problem] = true
		if i, ok := at[key]; ok {
			parts[i] += ", " + strings.TrimPrefix(p.Problem, "weak: ")
			continue
		}
		head := p.Element
		if p.Ref != "" {
			head += " (" + p.Ref + ")"
		}
		at[key] = len(parts)
		parts = append(parts, head+" "+p.Problem)
	}
	return strings.Join(parts, "; ")
}
