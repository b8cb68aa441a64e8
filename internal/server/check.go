package server

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// checkRequest is a render request and whether a document to which no
// checklist of processor rules applies may pass, as the command's
// --allow-unchecked.
type checkRequest struct {
	renderRequest
	AllowUnchecked bool `json:"allow_unchecked"`
}

// handleCheck answers what clausemark check --format json writes: a
// document that fails the check is still a 200, with "ok": false. One to
// which no checklist of processor rules applies is "unchecked": true and
// "ok": false unless the body sets "allow_unchecked": true.
func (s *srv) handleCheck() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req checkRequest
		if e := s.decodeJSON(w, r, &req); e != nil {
			writeError(w, e)
			return
		}
		res, doc, ok := s.assemble(w, &req.renderRequest)
		if !ok {
			return
		}
		sum := s.cfg.Checker.Check(doc, res.Tree)
		if req.AllowUnchecked {
			sum.AllowUnchecked()
		}
		writeJSON(w, http.StatusOK, sum)
	})
}

// heldBack is the refusal of a document the house requires to pass the
// check (library.yaml's check: required) and that fails it; nil when it
// may be issued. A document that does not assemble is left to the
// generator to report.
func (s *srv) heldBack(res *library.Resolved) *heldError {
	if !s.cfg.Checker.Policy.Required() {
		return nil
	}
	doc, err := assemble.Assemble(res)
	if err != nil {
		return nil
	}
	var re *check.RequiredError
	if !errors.As(s.cfg.Checker.Required(doc, res.Tree), &re) {
		return nil
	}
	return &heldError{re}
}

// heldError is a document held back by the house's check: policy.
type heldError struct{ re *check.RequiredError }

func (e *heldError) Error() string {
	return fmt.Sprintf("Not issued: the house requires the lawyer's check to pass (%s), and it finds %s. The check above the downloads lists them.",
		e.re.Policy.Where(), plural(len(e.re.List()), "problem", "problems"))
}

// writeHeld answers an API render held back by the house's check: 422,
// one error saying why and one for each problem, and the check's summary.
func writeHeld(w http.ResponseWriter, e *heldError) {
	errs := []apiError{{Message: fmt.Sprintf("not issued: the house requires the check to pass (%s), and it finds %s; POST /api/v1/check lists them as data",
		e.re.Policy.Where(), plural(len(e.re.List()), "problem", "problems"))}}
	errs = append(errs, problems(e.re.Problems)...)
	writeJSON(w, http.StatusUnprocessableEntity, heldErrors{Errors: errs, Check: e.re.Summary})
}

// heldErrors is the body of a render held back by the house's check.
type heldErrors struct {
	Errors []apiError     `json:"errors"`
	Check  *check.Summary `json:"check"`
}

// blankMark is how a section writes a line left to complete by hand:
// escaped underscores, as the checklists' incomplete patterns find them.
const blankMark = `\_\_\_\_\_\_\_\_`

// blankNote says which of the form's fields leave lines blank in the
// part of the document an element of the check needs completed: "Annex
// I.A will have blank lines: Customer address, Customer contact".
type blankNote struct {
	Part   string      `json:"part"`
	Fields []attention `json:"fields"`
}

// blanks finds, for each element the check says is carried with lines
// left to complete, the fields without a value whose example, given
// alone, fills one of the blank lines of the sections that leave them.
// The download is not held back; the page says it before.
func (s *srv) blanks(res *library.Resolved, doc *assemble.Document, sum *check.Summary) []blankNote {
	var out []blankNote
	for _, m := range sum.Missing() {
		if !m.Blank {
			continue
		}
		sections := map[string]int{} // clause id -> blank lines
		var candidates []string
		for _, sec := range doc.Sections {
			if n := strings.Count(sec.Text, blankMark); n > 0 && sec.Clause != nil {
				sections[sec.ClauseID] = n
				candidates = append(candidates, sec.Clause.Variables...)
			}
		}
		note := blankNote{Part: m.Title, Fields: []attention{}}
		if i := strings.IndexByte(m.Title, ':'); i > 0 {
			note.Part = m.Title[:i]
		}
		seen := map[string]bool{}
		for _, path := range res.Template.Schema.Ordered() {
			if !slices.Contains(candidates, path) || seen[path] {
				continue
			}
			seen[path] = true
			if v := res.Template.Schema.Vars[path]; s.fills(res, v, sections) {
				note.Fields = append(note.Fields, attention{Label: v.Title(), Target: fieldID(path)})
			}
		}
		if len(note.Fields) > 0 {
			out = append(out, note)
		}
	}
	return out
}

// fills reports whether v, which has no value in res, fills one of the
// blank lines of sections when given its example.
func (s *srv) fills(res *library.Resolved, v *vars.Var, sections map[string]int) bool {
	if v.Example == "" || hasValue(res.Values[v.Path].V) {
		return false
	}
	x, err := v.ParseString(v.Example)
	if err != nil {
		return false
	}
	tree, merged, err := vars.Resolve(res.Template.Schema, res.Values, vars.Set{v.Path: {V: x}})
	if err != nil {
		return false
	}
	trial := *res
	trial.Tree, trial.Values = tree, merged
	doc, err := assemble.Assemble(&trial)
	if err != nil {
		return false
	}
	for _, sec := range doc.Sections {
		if n, ok := sections[sec.ClauseID]; ok && strings.Count(sec.Text, blankMark) < n {
			return true
		}
	}
	return false
}

// hasValue reports whether x is a value: not nil, empty text or an empty
// list.
func hasValue(x any) bool {
	switch x := vars.Plain(x).(type) {
	case nil:
		return false
	case string:
		return strings.TrimSpace(x) != ""
	case []any:
		return len(x) > 0
	}
	return true
}
