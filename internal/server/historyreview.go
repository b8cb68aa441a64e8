package server

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/review"
)

// The history page's answer to a returned Word file (POST /history/review):
// the review of its tracked changes that POST /api/v1/review gives, in the
// page's own layout and in the words of the people who issue agreements.
// The file is read within the same bounds and slots (see weighUpload);
// what cannot be answered is said on the page.
//
// Below the answer, "Download the reply (Word)" sends the same file back
// to POST /history/reply, which answers with the reply, as POST
// /api/v1/review/reply does: the answer's page carries the file, in
// base64 in a field of its form, so that the server keeps nothing between
// the two and the salesperson chooses the file once. A file larger than
// ReplyInPage is not carried: the form asks for it again.

// ReplyInPage bounds the returned file the answer's page carries for its
// reply: a contract's Word file is some 50 KB.
const ReplyInPage = 4 << 20

// historyReplyForm is the field of the answer's form that carries the
// returned file in base64.
const historyReplyForm = "returned"

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
	// Reply says whether the page offers the reply: the file has
	// changes to answer. Returned is the file in base64, for the reply's
	// form to send back; empty when it is larger than ReplyInPage.
	Reply    bool
	Returned string
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
		var rep *review.Report
		var returned []byte
		e := s.weighUpload(w, r, fileSource, func(data []byte) (e *statusError) {
			rep, e = s.review(r, data)
			returned = data
			return e
		})
		status := http.StatusOK
		if e != nil {
			p.Review = &reviewView{Error: "This file cannot be answered: " + e.errs[0].Message}
			e.setHeaders(w)
			status = e.status
		} else {
			p.Review = s.reviewViewOf(rep, s.issuedSummary(r, rep))
			p.Review.Reply = len(rep.Items) > 0
			if p.Review.Reply && len(returned) <= ReplyInPage {
				p.Review.Returned = base64.StdEncoding.EncodeToString(returned)
			}
		}
		if e := s.listHistory(r, p, 1); e != nil {
			s.cfg.Logger.Error("history: list", "error", e.Error())
		}
		s.writeHistory(w, r, status, p)
	})
}

// handleHistoryReply answers the returned file the answer's form sends
// back, or one uploaded with it, with the house's reply as a download,
// recorded as a new document derived from the one issued; what cannot
// be answered is said on the history page, as an upload's answer is.
func (s *srv) handleHistoryReply() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Registry == nil {
			s.writeHistory(w, r, http.StatusNotFound, &historyPage{})
			return
		}
		var res *review.ReplyResult
		e := s.weighUpload(w, r, returnedSource, func(data []byte) (e *statusError) {
			res, e = s.reply(r, data)
			return e
		})
		if e == nil {
			writeReply(w, http.StatusOK, res)
			return
		}
		p := &historyPage{Review: &reviewView{Error: "No reply can be made to this file: " + e.errs[0].Message}}
		e.setHeaders(w)
		if e := s.listHistory(r, p, 1); e != nil {
			s.cfg.Logger.Error("history: list", "error", e.Error())
		}
		s.writeHistory(w, r, e.status, p)
	})
}

// returnedSource is the returned file as the answer's form sends it: in
// base64 in its field "returned", or uploaded as its field "file" when
// the page could not carry it.
var returnedSource = source{base64: true, find: func(r *http.Request) (io.Reader, *statusError) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, &statusError{status: http.StatusBadRequest, errs: []apiError{{Message: "send the answer's form: " + err.Error()}}}
	}
	for range 16 {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		switch p.FormName() {
		case historyReplyForm:
			return base64.NewDecoder(base64.StdEncoding, p), nil
		case "file":
			return p, nil
		}
	}
	return nil, &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "file", Message: "choose the returned Word file to reply to"}}}
}}

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
		Removed: it.Removed, Added: it.Added, Comment: it.Comment, Reason: capitalize(it.Reason)}
}
