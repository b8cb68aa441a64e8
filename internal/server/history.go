package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/docid"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/vars"
)

// The history: the registry's documents, for the form's history page and
// the API's /api/v1/documents routes. Without a registry (serve
// --no-record) they answer 404 and say why.

func (s *srv) noRegistry() *statusError {
	return &statusError{status: http.StatusNotFound, errs: []apiError{{Message: "this server keeps no registry of issued documents (it was started with --no-record)"}}}
}

// filterOf reads a listing's query: customer, processor, template,
// jurisdiction, clause (ID or ID@VERSION), since and until (YYYY-MM-DD),
// var (path=value, repeatable) and limit.
func (s *srv) filterOf(q url.Values) (registry.Filter, *statusError) {
	f := registry.Filter{Customer: q.Get("customer"), Processor: q.Get("processor"), Template: q.Get("template"), Jurisdiction: q.Get("jurisdiction"), Limit: 50}
	bad := func(param, msg string) (registry.Filter, *statusError) {
		return f, &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: param, Message: msg}}}
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > registry.MaxLimit {
			return bad("limit", fmt.Sprintf("limit must be a number from 1 to %d", registry.MaxLimit))
		}
		f.Limit = n
	}
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			return bad(p.name, p.name+" must be a date written YYYY-MM-DD")
		}
		if p.name == "until" {
			if t.Year() >= 9999 {
				continue // the end of 9999: no bound
			}
			t = t.AddDate(0, 0, 1)
		}
		*p.t = t
	}
	for _, a := range q["var"] {
		p, v, err := vars.ParseAssignmentOf(s.cfg.Library.Schema, "var", a)
		if err != nil {
			return bad("var", err.Error())
		}
		m, err := registry.Match(p, v.V)
		if err != nil {
			return bad("var", err.Error())
		}
		f.Values = append(f.Values, m)
	}
	if c := q.Get("clause"); c != "" {
		id, version, _ := strings.Cut(c, "@")
		f.Wordings = []registry.Wording{{Clause: id, Version: version}} // no version: any
	}
	return f, nil
}

// documentsList is the body of GET /api/v1/documents.
type documentsList struct {
	Documents []registry.Summary `json:"documents"`
	More      bool               `json:"more"`
}

func (s *srv) handleDocuments() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Registry == nil {
			writeError(w, s.noRegistry())
			return
		}
		f, e := s.filterOf(r.URL.Query())
		if e != nil {
			writeError(w, e)
			return
		}
		list, more, err := s.cfg.Registry.List(r.Context(), f)
		if err != nil {
			writeError(w, s.registryFailure(r, "list", err))
			return
		}
		if list == nil {
			list = []registry.Summary{}
		}
		writeJSON(w, http.StatusOK, documentsList{Documents: list, More: more})
	})
}

// document looks up the {id} of the request's path, with the page of
// its issuances p.
func (s *srv) document(r *http.Request, p registry.Page) (*registry.Document, *statusError) {
	if s.cfg.Registry == nil {
		return nil, s.noRegistry()
	}
	id := docid.Normalize(r.PathValue("id"))
	if id == "" {
		return nil, &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "id", Message: fmt.Sprintf("%q is not a document id (they read like CM-7K3M-Q2XA-9PZB-1TRE)", r.PathValue("id"))}}}
	}
	d, err := s.cfg.Registry.GetPage(r.Context(), id, p)
	var nf *registry.NotFoundError
	switch {
	case errors.As(err, &nf):
		return nil, &statusError{status: http.StatusNotFound, errs: []apiError{{Path: "id", Message: err.Error()}}}
	case err != nil:
		return nil, s.registryFailure(r, "get", err)
	}
	return d, nil
}

func (s *srv) handleDocument() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, e := issuancePage(r.URL.Query())
		if e != nil {
			writeError(w, e)
			return
		}
		d, e := s.document(r, p)
		if e != nil {
			writeError(w, e)
			return
		}
		writeJSON(w, http.StatusOK, d)
	})
}

// handleReissue makes a recorded document again and sends it when its
// bytes are the ones issued; 409 says why they cannot be.
func (s *srv) handleReissue() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, e := s.document(r, registry.Page{Limit: 1})
		if e != nil {
			writeError(w, e)
			return
		}
		f, ok := s.cfg.Formats.Lookup(r.PathValue("format"))
		if !ok {
			writeError(w, &statusError{status: http.StatusNotFound, errs: []apiError{{Path: "format", Message: "unknown format " + strconv.Quote(r.PathValue("format")) + ": " + s.cfg.Formats.List()}}})
			return
		}
		data, err := registry.Reissue(r.Context(), s.cfg.Library, s.cfg.Generator, d, f)
		var mm *registry.MismatchError
		var no *registry.NoOutputError
		switch {
		case errors.As(err, &mm), errors.As(err, &no):
			writeError(w, &statusError{status: http.StatusConflict, errs: []apiError{{Message: err.Error()}}})
			return
		case err != nil:
			writeError(w, &statusError{status: http.StatusInternalServerError, errs: problems(err)})
			return
		}
		writeAttachment(w, f, fileName(d.Customer)+f.Extension, data)
	})
}

func (s *srv) handleVerify() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Registry == nil {
			writeError(w, s.noRegistry())
			return
		}
		v, _, e := s.verifyUpload(w, r)
		if e != nil {
			writeError(w, e)
			return
		}
		writeJSON(w, http.StatusOK, v)
	})
}

// historyPage is what history.html shows.
type historyPage struct {
	Enabled   bool
	Customer  string
	Documents []historyRow
	More      bool
	Searched  bool
	Verdict   *verdictView
	Error     string
}

type historyRow struct {
	registry.Summary
	Formats []*format.Format // the formats it was issued in
}

type verdictView struct {
	File    string
	OK      bool
	Message string
	ID      string
}

func (s *srv) writeHistory(w http.ResponseWriter, r *http.Request, status int, p *historyPage) {
	p.Enabled = s.cfg.Registry != nil
	var b bytes.Buffer
	if err := s.pages.history.Execute(&b, p); err != nil {
		http.Error(w, "the page could not be drawn: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// handleHistory lists the documents issued, newest first, or those of the
// customer searched for.
func (s *srv) handleHistory() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &historyPage{Customer: r.URL.Query().Get("customer"), Searched: r.URL.Query().Has("customer")}
		if s.cfg.Registry == nil {
			s.writeHistory(w, r, http.StatusNotFound, p)
			return
		}
		if utf8.RuneCountInString(p.Customer) > 200 || len(p.Customer) > 800 || !utf8.ValidString(p.Customer) {
			p.Customer = strings.ToValidUTF8(p.Customer, "")
			p.Error = "search for at most 200 characters of a customer's name"
			s.writeHistory(w, r, http.StatusBadRequest, p)
			return
		}
		list, more, err := s.cfg.Registry.List(r.Context(), registry.Filter{Customer: p.Customer, Limit: 100})
		if err != nil {
			e := s.registryFailure(r, "list", err)
			e.setHeaders(w)
			p.Error = e.Error()
			s.writeHistory(w, r, e.status, p)
			return
		}
		p.More = more
		p.Documents = s.issuedFormats(r, list)
		s.writeHistory(w, r, http.StatusOK, p)
	})
}

// issuedFormats returns the history's rows of documents list, each with
// the formats it was issued in, in the format registry's order: one
// query for the page, however often each document was issued. A
// document's formats that cannot be read are left empty.
func (s *srv) issuedFormats(r *http.Request, list []registry.Summary) []historyRow {
	ids := make([]string, len(list))
	for i, d := range list {
		ids[i] = d.ID
	}
	issued, err := s.cfg.Registry.IssuedFormats(r.Context(), ids)
	if err != nil {
		s.cfg.Logger.Error("history: formats", "error", err)
	}
	rows := make([]historyRow, len(list))
	for i, d := range list {
		rows[i] = historyRow{Summary: d}
		for _, f := range s.cfg.Formats.All() {
			if slices.Contains(issued[d.ID], f.Name) {
				rows[i].Formats = append(rows[i].Formats, f)
			}
		}
	}
	return rows
}

// handleHistoryVerify verifies an uploaded file and shows the verdict
// above the history.
func (s *srv) handleHistoryVerify() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &historyPage{}
		if s.cfg.Registry == nil {
			s.writeHistory(w, r, http.StatusNotFound, p)
			return
		}
		v, name, e := s.verifyUpload(w, r)
		if e != nil {
			p.Error = e.errs[0].Message
			e.setHeaders(w)
			s.writeHistory(w, r, e.status, p)
			return
		}
		p.Verdict = describe(name, v)
		list, more, err := s.cfg.Registry.List(r.Context(), registry.Filter{Limit: 100})
		if err == nil {
			p.More = more
			p.Documents = s.issuedFormats(r, list)
		}
		s.writeHistory(w, r, http.StatusOK, p)
	})
}

func describe(name string, v *registry.Verdict) *verdictView {
	out := &verdictView{File: name, ID: v.ID}
	switch v.Status {
	case registry.Issued:
		d := v.Document
		out.OK = true
		out.Message = fmt.Sprintf("Issued and unaltered: %s, the %s for %s dated %s (%s %s, %s %s), first issued %s.",
			v.ID, strings.ToUpper(v.Format), orDash(d.Customer), orDash(d.Date), d.Template, d.TemplateVersion, d.Library, d.LibraryVersion, d.FirstIssued.Format("2 January 2006 15:04 MST"))
	case registry.Altered:
		out.Message = fmt.Sprintf("Altered: the file names %s, but its bytes (SHA-256 %s) are not any recorded for it.", v.ID, v.SHA256)
	case registry.Erased:
		out.Message = fmt.Sprintf("The file names %s, a document whose record was erased on %s: whether it is that document cannot be checked.", v.ID, v.ErasedAt.Format("2 January 2006"))
	default:
		out.Message = fmt.Sprintf("Not issued by this registry: no document has these bytes (SHA-256 %s).", v.SHA256)
	}
	out.Message += alsoNamed(v) + modeNote(v)
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
