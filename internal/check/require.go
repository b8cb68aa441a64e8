package check

import (
	"errors"
	"fmt"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// Required checks a document before it is issued, when the house requires
// the check to pass (library.yaml's check: required, in c.Policy). It
// returns nil when the policy is notes or the check passes, else a
// *RequiredError with the summary. A jurisdiction no checklist of
// processor rules applies to (Ojoo's India) passes, as with
// --allow-unchecked: there is nothing the check can require of it, and
// the summary's notes still say it is unchecked.
func (c *Checker) Required(doc *assemble.Document, tree vars.Tree) error {
	if !c.Policy.Required() {
		return nil
	}
	if c.err != nil {
		return c.err
	}
	return c.Refusal(c.Check(doc, tree))
}

// Refusal is [Checker.Required] for a document already checked: nil when
// the policy is notes or sum passes, unchecked allowed; else a
// *RequiredError. It leaves sum as it is.
func (c *Checker) Refusal(sum *Summary) error {
	if !c.Policy.Required() {
		return nil
	}
	allowed := *sum
	allowed.AllowUnchecked()
	if err := allowed.Err(); err != nil {
		return &RequiredError{Policy: c.Policy, Summary: &allowed, Problems: err}
	}
	return nil
}

// RequiredError is a document the house requires to pass the check and
// that fails it: it is not issued.
type RequiredError struct {
	Policy   library.CheckPolicy
	Summary  *Summary
	Problems error // Summary.Err: the problems, one each, as a diag.List
}

// Error says why in one line; the problems are in Problems (and Unwrap).
func (e *RequiredError) Error() string {
	return fmt.Sprintf("the house requires the check to pass (%s), and it finds %s", e.Policy.Where(), count(e.Problems))
}

// List is the problems, one each.
func (e *RequiredError) List() diag.List {
	var list diag.List
	list.Add(e.Problems)
	return list
}

func (e *RequiredError) Unwrap() error { return e.Problems }

// count says how many problems err holds: "1 problem", "3 problems".
func count(err error) string {
	n := 1
	var list diag.List
	if errors.As(err, &list) {
		n = len(list)
	}
	if n == 1 {
		return "1 problem"
	}
	return fmt.Sprintf("%d problems", n)
}
