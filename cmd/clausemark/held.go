package main

import (
	"errors"
	"fmt"

	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
)

// noCheckUsage is the help of --no-check, render's and batch's override of
// the house's check: required.
const noCheckUsage = "issue documents the check finds problems in, where the library's templates/library.yaml sets check: required"

// heldBack refuses a document about to be issued (written to a file or
// recorded) when the house requires the check to pass (library.yaml's
// check: required) and it fails: one line saying why and how to
// override, then each problem. With noCheck it warns that the document
// goes out unchecked instead. A trial to the terminal is not held back.
func (e *env) heldBack(lib *library.Library, res *generate.Result, issued, noCheck bool) error {
	if !issued || !lib.Check.Required() {
		return nil
	}
	if noCheck {
		e.warn("--no-check: issued without the check the house requires (%s)", lib.Check.Where())
		return nil
	}
	checker := check.NewChecker(lib)
	if err := checker.Err(); err != nil {
		return diag.Wrap("render", err)
	}
	err := checker.Required(res.Document, res.Resolved.Tree)
	var re *check.RequiredError
	if !errors.As(err, &re) {
		return err
	}
	list := diag.List{{Err: fmt.Errorf("not written: %w; fix them, or --no-check to issue it anyway", re)}}
	return diag.Wrap("render", append(list, re.List()...))
}

// houseCheck is batch's --check under the house's policy: where the
// library sets check: required every row is checked and fails when the
// check does (a jurisdiction without a checklist passing), --check=warn is
// refused, and --no-check checks nothing, with a warning.
func (e *env) houseCheck(lib *library.Library, mode string, allowUnchecked, noCheck bool) (string, bool, error) {
	switch {
	case noCheck && mode != "":
		return "", false, usagef("--no-check and --check contradict each other: choose one")
	case !lib.Check.Required():
		return mode, allowUnchecked, nil
	case noCheck:
		e.warn("--no-check: rows are issued without the check the house requires (%s)", lib.Check.Where())
		return "", false, nil
	case mode == batch.CheckWarn:
		return "", false, usagef("--check=warn would issue rows the check fails, which the house forbids (%s); --no-check to issue them unchecked", lib.Check.Where())
	}
	return batch.CheckFail, true, nil
}
