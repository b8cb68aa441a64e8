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
// jurisdiction, variant, clause (ID or ID@VERSION), since and until
// (YYYY-MM-DD), var (path=value, repeatable), limit and offset.
func (s *srv) filterOf(q url.Values) (registry.Filter, *statusError) {
	f := registry.Filter{Customer: q.Get("customer"), Processor: q.Get("processor"), Template: q.Get("template"), Jurisdiction: q.Get("jurisdiction"),
		Variant: q.Get("variant"), Limit: 50}
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
	if o := q.Get("offset"); o != "" {
		n, err := strconv.Atoi(o)
		if err != nil || n < 0 || n > maxListOffset {
			return bad("offset", fmt.Sprintf("offset must be a number from 0 to %d", maxListOffset))
		}
		f.Offset = n
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

// maxListOffset bounds the documents a listing skips.
const maxListOffset = 1 << 24

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

// verdictJSON is the body of POST /api/v1/verify: the verdict, and what
// the history page says of it.
type verdictJSON struct {
	*registry.Verdict
	Message string `json:"message"`
}

func (s *srv) handleVerify() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Registry == nil {
			writeError(w, s.noRegistry())
			return
		}
		up, e := s.verifyUpload(w, r)
		if e != nil {
			writeError(w, e)
			return
		}
		writeJSON(w, http.StatusOK, verdictJSON{Verdict: up.verdict, Message: describe(up).Message})
	})
}

// historyPage is what history.html shows.
type historyPage struct {
	Enabled   bool
	Customer  string   // the search
	Ref       string   // the one agreement shown, by its reference; "" for a search
	Style     string   // the house style filtered on, "" for all
	StyleName string   // its name as people write it
	Styles    []option // the house styles to filter on
	Documents []historyRow
	Searched  bool
	Verdict   *verdictView
	Review    *reviewView // the answer to a returned Word file (historyreview.go)
	Error     string
	// From and To number the rows shown, of the documents matched; Prev
	// and Next are the pages before and after, "" for none.
	From, To   int
	Prev, Next string
}

// historyRow is a document as the history lists it, in the words of the
// people who issue it.
type historyRow struct {
	ID         string
	Customer   string
	Agreement  string // the house style and the law: "Ojoo — Germany"
	Kind       string // the template's title
	Date       string // the agreement's date, as people write it
	DateISO    string
	IssuedBy   string
	LastIssued time.Time
	Issues     int
	Downloads  []historyLink // each format it was issued in
	New        string        // the form, filled in from it
	// ReplyTo is the agreement this one answers, a reply to the
	// customer's redline of it; Replies are those that answer this one.
	ReplyTo *historyLink
	Replies []historyLink
}

type historyLink struct{ Title, URL string }

type verdictView struct {
	File    string
	OK      bool
	Message string
	ID      string
}

// historyPageSize is how many documents a page of the history lists.
const historyPageSize = 100

// maxHistoryPage bounds the page asked for: a million documents back.
const maxHistoryPage = 10000

func (s *srv) writeHistory(w http.ResponseWriter, r *http.Request, status int, p *historyPage) {
	p.Enabled = s.cfg.Registry != nil
	p.Styles = append([]option{{Value: "", Label: "Every house style", Selected: p.Style == ""}}, s.styleOptions(p.Style)...)
	p.StyleName = capitalize(p.Style)
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

// styleOptions are the library's house styles, by name.
func (s *srv) styleOptions(cur string) []option {
	var out []option
	for _, n := range s.cfg.Library.VariantNames() {
		out = append(out, option{Value: n, Label: capitalize(n), Selected: n == cur})
	}
	return out
}

// handleHistory lists the documents issued, newest first, a page at a
// time: all of them, or those of the customer searched for, or of one
// house style.
func (s *srv) handleHistory() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		p := &historyPage{Customer: q.Get("customer"), Style: q.Get("style"), Searched: q.Has("customer")}
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
		if q.Has("ref") {
			if p.Ref = docid.Normalize(q.Get("ref")); p.Ref == "" {
				p.Error = "ref must be an agreement's reference, written as CM-XXXX-XXXX-XXXX-XXXX"
				s.writeHistory(w, r, http.StatusBadRequest, p)
				return
			}
		}
		if _, ok := s.cfg.Library.Variants[p.Style]; p.Style != "" && !ok {
			p.Error = fmt.Sprintf("there is no house style called %q", p.Style)
			p.Style = ""
			s.writeHistory(w, r, http.StatusBadRequest, p)
			return
		}
		n := 1
		if v := q.Get("page"); v != "" {
			var err error
			if n, err = strconv.Atoi(v); err != nil || n < 1 || n > maxHistoryPage {
				p.Error = fmt.Sprintf("page must be a number from 1 to %d", maxHistoryPage)
				s.writeHistory(w, r, http.StatusBadRequest, p)
				return
			}
		}
		if e := s.listHistory(r, p, n); e != nil {
			e.setHeaders(w)
			p.Error = e.Error()
			s.writeHistory(w, r, e.status, p)
			return
		}
		s.writeHistory(w, r, http.StatusOK, p)
	})
}

// listHistory fills p with page n of the documents its search matches.
func (s *srv) listHistory(r *http.Request, p *historyPage, n int) *statusError {
	f := registry.Filter{ID: p.Ref, Customer: p.Customer, Variant: p.Style, Limit: historyPageSize, Offset: (n - 1) * historyPageSize}
	list, more, err := s.cfg.Registry.List(r.Context(), f)
	if err != nil {
		return s.registryFailure(r, "list", err)
	}
	p.Documents = s.historyRows(r, list)
	if len(list) > 0 {
		p.From, p.To = f.Offset+1, f.Offset+len(list)
	}
	at := func(page int) string {
		q := url.Values{}
		if p.Ref != "" {
			q.Set("ref", p.Ref)
		}
		if p.Searched {
			q.Set("customer", p.Customer)
		}
		if p.Style != "" {
			q.Set("style", p.Style)
		}
		if page > 1 {
			q.Set("page", strconv.Itoa(page))
		}
		if len(q) == 0 {
			return "/history"
		}
		return "/history?" + q.Encode()
	}
	if n > 1 {
		p.Prev = at(n - 1)
	}
	if more && n < maxHistoryPage {
		p.Next = at(n + 1)
	}
	return nil
}

// historyRows returns the history's rows of documents list, each with
// the formats it was issued in, PDF first: one query for the page,
// however often each document was issued. A document's formats that
// cannot be read are left out.
func (s *srv) historyRows(r *http.Request, list []registry.Summary) []historyRow {
	ids := make([]string, len(list))
	for i, d := range list {
		ids[i] = d.ID
	}
	issued, err := s.cfg.Registry.IssuedFormats(r.Context(), ids)
	if err != nil {
		s.cfg.Logger.Error("history: formats", "error", err)
	}
	replies, err := s.cfg.Registry.Replies(r.Context(), ids)
	if err != nil {
		s.cfg.Logger.Error("history: replies", "error", err)
	}
	rows := make([]historyRow, len(list))
	for i, d := range list {
		row := historyRow{ID: d.ID, Customer: d.Customer, Agreement: s.agreementName(d), Kind: s.templateTitle(d.Template),
			DateISO: d.Date, Date: longDate(d.Date), IssuedBy: d.IssuedBy, LastIssued: d.LastIssued, Issues: d.Issues,
			New: "/history/" + d.ID + "/new"}
		for _, f := range s.downloads() {
			if slices.Contains(issued[d.ID], f.Name) {
				row.Downloads = append(row.Downloads, historyLink{Title: f.Title, URL: "/api/v1/documents/" + d.ID + "/" + f.Name})
			}
		}
		if d.DerivedFrom != "" {
			row.ReplyTo = &historyLink{Title: d.DerivedFrom, URL: historyOf(d.DerivedFrom)}
		}
		for _, id := range replies[d.ID] {
			row.Replies = append(row.Replies, historyLink{Title: id, URL: historyOf(id)})
		}
		rows[i] = row
	}
	return rows
}

// historyOf is the history's page of the one agreement id.
func historyOf(id string) string { return "/history?ref=" + url.QueryEscape(id) }

// agreementName names a document's house style and law as the people who
// issue it do: "Ojoo — Germany". A document made from a template alone
// is named by the template's title.
func (s *srv) agreementName(d registry.Summary) string {
	name := capitalize(d.Variant)
	if d.Variant == "" {
		name = s.templateTitle(d.Template)
	}
	if d.Jurisdiction == "" {
		return name
	}
	return name + " — " + s.lawName(d.Jurisdiction)
}

// lawName is a jurisdiction's name, without its article: "Germany", "United
// Kingdom"; its code, for one the library no longer has.
func (s *srv) lawName(code string) string {
	rec, ok := s.cfg.Library.Jurisdictions[code]
	if !ok {
		return strings.ToUpper(code)
	}
	n := fmt.Sprint(rec["name"])
	if rest, ok := strings.CutPrefix(n, "the "); ok {
		n = rest
	}
	return capitalize(n)
}

// templateTitle is a template's title; its id, for one the library no
// longer has.
func (s *srv) templateTitle(id string) string {
	if t, ok := s.cfg.Library.Templates[id]; ok && t.Title != "" {
		return t.Title
	}
	return id
}

// longDate writes a YYYY-MM-DD date as people do: "29 May 2026"; "" for
// none, and the text as it is when it is not such a date.
func longDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("2 January 2006")
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
		up, e := s.verifyUpload(w, r)
		if e != nil {
			p.Error = e.errs[0].Message
			e.setHeaders(w)
			s.writeHistory(w, r, e.status, p)
			return
		}
		p.Verdict = describe(up)
		if e := s.listHistory(r, p, 1); e != nil {
			s.cfg.Logger.Error("history: list", "error", e.Error())
		}
		s.writeHistory(w, r, http.StatusOK, p)
	})
}

// describe says, in a sentence or two, what verification found of an
// upload.
func describe(up *verified) *verdictView {
	v := up.verdict
	out := &verdictView{File: up.name, ID: v.ID}
	switch v.Status {
	case registry.Issued:
		d := v.Document
		out.OK = true
		what := fmt.Sprintf("the %s for %s dated %s (%s %s, %s %s), first issued %s", strings.ToUpper(v.Format), orDash(d.Customer), orDash(d.Date),
			d.Template, d.TemplateVersion, d.Library, d.LibraryVersion, d.FirstIssued.Format("2 January 2006 15:04 MST"))
		if v.Revisions > 0 {
			out.Message = fmt.Sprintf("Issued %s on %s, unaltered, followed by %s: %s; its first %d bytes are the file issued.",
				v.ID, v.Issued.At.Format("2 January 2006"), laterRevisions(v), what, v.IssuedBytes)
		} else {
			out.Message = fmt.Sprintf("Issued and unaltered: %s, %s.", v.ID, what)
		}
	case registry.Altered:
		if up.pdf {
			out.Message = fmt.Sprintf("Altered: the file names %s, but its bytes (SHA-256 %s) are not any recorded for it.", v.ID, v.SHA256)
		} else {
			out.Message = fmt.Sprintf("Not the issued bytes, derived from %s: the file names it, but its bytes (SHA-256 %s) are not any recorded for it (a copy edited after it was issued).", v.ID, v.SHA256)
		}
	case registry.Erased:
		out.Message = fmt.Sprintf("The file names %s, a document whose record was erased on %s: whether it is that document cannot be checked.", v.ID, v.ErasedAt.Format("2 January 2006"))
	default:
		out.Message = fmt.Sprintf("Not issued by this registry: no document has these bytes (SHA-256 %s).", v.SHA256)
	}
	out.Message += alsoNamed(v) + modeNote(v)
	return out
}

// laterRevisions says how many incremental updates follow an issued PDF,
// and whose signatures they hold: "1 later revision (a signature by Jane
// Customer)".
func laterRevisions(v *registry.Verdict) string {
	s := fmt.Sprintf("%d later revision", v.Revisions)
	if v.Revisions != 1 {
		s += "s"
	}
	names := v.Signers
	switch len(names) {
	case 0:
		return s
	case 1:
		return s + " (a signature by " + names[0] + ")"
	}
	return s + " (signatures by " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + ")"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
