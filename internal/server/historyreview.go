package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/review"
)

// The history page's answer to a returned Word file (POST /history/review):
// the review of its tracked changes that POST /api/v1/review gives, in the
// page's own layout and in the words of the people who issue agreements.
// The file is read within the same bounds and slots (see reviewUpload);
// what cannot be answered is said on the page.

// reviewView is the answer as history.html shows it: Error when the file
// cannot be answered, else the summary and each clause's changes.
type reviewView struct {
	Error       string
	ID          string
	Customer    string
	Agreement   string // "Ojoo — India, Data Processing Agreement (DPA), dated 6 December 2026"
	Summary     string // "3 changes: 2 accepted, 1 for legal review"
	AllAccepted bool
	Notes       []string // what was not weighed, and why
	Clauses     []reviewClause
}

// reviewClause is a clause and the customer's changes to it.
type reviewClause struct {
	Heading string // "14. Data Retention and Deletion"
	Changes []reviewChange
}

// reviewChange is one change and the house's answer to it.
type reviewChange struct {
	Class   string // the verdict's CSS class
	Answer  string // "Accepted", "For legal review", ...
	What    string // "Replaced by Customer's counsel"
	Removed string
	Added   string
	Comment string
	Reason  string
}

// answers are the verdicts as the page says them, in the summary and
// beside each change.
var answers = map[review.Verdict]struct{ summary, change string }{
	review.Accepted:  {"accepted", "Accepted"},
	review.Fallback:  {"with a fallback to offer", "Declined, with a fallback to offer"},
	review.Legal:     {"for legal review", "For legal review"},
	review.Untracked: {"edited without tracking", "Edited without tracking"},
}

// kinds name the kinds of change as the page says them.
var kinds = map[string]string{
	"insertion": "Added", "deletion": "Deleted", "replacement": "Replaced",
	"move": "Moved", "comment": "Comment", "untracked edit": "Edited without tracking",
}

// handleHistoryReview answers an uploaded Word file's tracked changes
// above the history.
func (s *srv) handleHistoryReview() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &historyPage{}
		if s.cfg.Registry == nil {
			s.writeHistory(w, r, http.StatusNotFound, p)
			return
		}
		rep, e := s.reviewUpload(w, r)
		status := http.StatusOK
		if e != nil {
			p.Review = &reviewView{Error: "This file cannot be answered: " + e.errs[0].Message}
			e.setHeaders(w)
			status = e.status
		} else {
			p.Review = s.reviewViewOf(rep, s.issuedSummary(r, rep))
		}
		if e := s.listHistory(r, p, 1); e != nil {
			s.cfg.Logger.Error("history: list", "error", e.Error())
		}
		s.writeHistory(w, r, status, p)
	})
}

// issuedSummary is what the registry recorded of the reviewed document,
// to name it as the history does; what the report says of it when the
// registry cannot tell.
func (s *srv) issuedSummary(r *http.Request, rep *review.Report) registry.Summary {
	d, err := s.cfg.Registry.GetPage(r.Context(), rep.ID, registry.Page{Limit: 1})
	if err != nil {
		s.cfg.Logger.Error("history: review: get", "id", rep.ID, "error", err)
		return registry.Summary{ID: rep.ID, Customer: rep.Customer, Template: rep.Template, Variant: rep.Variant}
	}
	return d.Summary
}

// reviewViewOf is the page's view of a review's report on the document
// d.
func (s *srv) reviewViewOf(rep *review.Report, d registry.Summary) *reviewView {
	about := []string{s.agreementName(d)}
	if d.Variant != "" {
		about = append(about, s.templateTitle(d.Template))
	}
	if d.Date != "" {
		about = append(about, "dated "+longDate(d.Date))
	}
	v := &reviewView{ID: rep.ID, Customer: rep.Customer, AllAccepted: rep.AllAccepted(),
		Agreement: strings.Join(about, ", "), Summary: reviewSummary(rep)}
	if rep.Now != "" {
		v.Notes = append(v.Notes, fmt.Sprintf("The library words some clauses otherwise now than when this agreement was issued (%s): their changes go to legal review.", strings.Join(rep.Stale, ", ")))
	}
	if n := rep.Formatting + rep.Contents; n > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("%s of formatting alone or of the table of contents, which Word makes again, not weighed.", count(n, "change", "changes")))
	}
	at := map[string]int{}
	for _, it := range rep.Items {
		i, ok := at[it.Clause]
		if !ok {
			i = len(v.Clauses)
			at[it.Clause] = i
			v.Clauses = append(v.Clauses, reviewClause{Heading: clauseHeading(it)})
		}
		v.Clauses[i].Changes = append(v.Clauses[i].Changes, changeOf(it))
	}
	return v
}

// reviewSummary says how many changes there are and how each is
// answered: "3 changes: 2 accepted, 1 for legal review".
func reviewSummary(rep *review.Report) string {
	if len(rep.Items) == 0 {
		return "No changes: the text is as issued."
	}
	var parts []string
	for _, c := range rep.Counts() {
		parts = append(parts, fmt.Sprintf("%d %s", c.N, answers[c.Verdict].summary))
	}
	return count(len(rep.Items), "change", "changes") + ": " + strings.Join(parts, ", ") + "."
}

func count(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// clauseHeading names the clause of a change as the agreement does.
func clauseHeading(it review.Item) string {
	switch {
	case it.Title != "" && it.Number != "":
		return it.Number + ". " + it.Title
	case it.Title != "":
		return it.Title
	case it.Clause != "":
		return it.Clause
	}
	return "Outside the clauses"
}

// changeOf is a change as the page shows it.
func changeOf(it review.Item) reviewChange {
	what, ok := kinds[it.Kind]
	if !ok {
		what = capitalize(it.Kind)
	}
	if it.Author != "" {
		what += " by " + it.Author
	}
	answer := answers[it.Verdict].change
	if answer == "" {
		answer = capitalize(string(it.Verdict))
	}
	return reviewChange{Class: it.Verdict.Class(), Answer: answer, What: what,
		Removed: it.Removed, Added: it.Added, Comment: it.Comment, Reason: it.Reason}
}
