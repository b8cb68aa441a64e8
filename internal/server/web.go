package server

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/html"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/vars"
)

//go:embed web
var webFS embed.FS

type pages struct {
	form    *template.Template
	history *template.Template
}

func mustParsePages() *pages {
	t := template.Must(template.New("form.html").Funcs(template.FuncMap{
		"add": func(a, b int) int { return a + b },
	}).ParseFS(webFS, "web/form.html"))
	h := template.Must(template.New("history.html").ParseFS(webFS, "web/history.html"))
	return &pages{form: t, history: h}
}

// handleStatic serves the form's script and style sheet, and nothing that
// lists a folder.
func (s *srv) handleStatic() http.Handler {
	sub, _ := fs.Sub(webFS, "web")
	files := http.FileServerFS(sub)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fi, err := fs.Stat(sub, strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")); r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") || err != nil || fi.IsDir() {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
}

// start is a starting point offered by the form: a variant, or a template
// on its own.
type start struct {
	Value, Label string
}

// field is one input of the form.
type field struct {
	Path, ID, Label, Help, Input, Value string
	Values                              []string            // list of texts
	Rows                                []map[string]string // list of objects
	Columns                             []column            // fields of each row
	Options                             []option
	Min, Max                            string
	Required                            bool
	Error                               string
	ShowWhen                            string // "path=value": shown only then
}

type column struct{ Name, Label, Help string }

type option struct {
	Value, Label string
	Selected     bool
}

type group struct {
	Title  string
	Fields []field
}

type formPage struct {
	Starts    []start
	Start     string
	Template  *library.Template
	Groups    []group
	Errors    []apiError // problems not tied to one field
	Count     int        // number of field errors
	Attention []string   // the labels of the fields with errors
	Preview   template.HTML
	Warnings  []string
	Downloads []*format.Format // a download button for each
}

// downloads lists the formats the form offers: PDF, the one to sign and
// send, first, then the rest in registry order.
func (s *srv) downloads() []*format.Format {
	all := s.cfg.Formats.All()
	slices.SortStableFunc(all, func(a, b *format.Format) int {
		return boolInt(b == format.PDF) - boolInt(a == format.PDF)
	})
	return all
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// startRequest turns the chosen starting point into a library request.
func (s *srv) startRequest(start string) (library.Request, string) {
	lib := s.cfg.Library
	if t, ok := strings.CutPrefix(start, "template:"); ok {
		if _, ok := lib.Templates[t]; ok {
			return library.Request{Template: t}, start
		}
	}
	if _, ok := lib.Variants[start]; ok {
		return library.Request{Variant: start}, start
	}
	names := lib.VariantNames()
	if len(names) > 0 {
		return library.Request{Variant: names[0]}, names[0]
	}
	id := lib.TemplateIDs()[0]
	return library.Request{Template: id}, "template:" + id
}

func (s *srv) starts() []start {
	lib := s.cfg.Library
	var out []start
	for _, n := range lib.VariantNames() {
		v := lib.Variants[n]
		t := lib.Templates[v.Meta.Template]
		out = append(out, start{n, fmt.Sprintf("%s (%s)", capitalize(n), t.Title)})
	}
	for _, id := range lib.TemplateIDs() {
		out = append(out, start{"template:" + id, fmt.Sprintf("Blank %s (%s)", lib.Templates[id].Title, id)})
	}
	return out
}

// handleForm shows the form: on GET with the starting point's values; on
// POST (without JavaScript) with the values sent, their errors, and the preview.
func (s *srv) handleForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e := s.parseForm(w, r); e != nil {
			s.writeFormError(w, r, e)
			return
		}
		page, status := s.page(r, r.Method == http.MethodPost)
		s.writePage(w, status, page)
	})
}

func (s *srv) writePage(w http.ResponseWriter, status int, page *formPage) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// Execute into a buffer first, so a template error is a clean 500
	// rather than half a page.
	var b bytes.Buffer
	if err := s.pages.form.Execute(&b, page); err != nil {
		s.cfg.Logger.Error("form page", "error", err)
		http.Error(w, "internal error: the form could not be drawn", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// page builds the form page. With submitted set, the form's values are
// validated and previewed; otherwise the starting point's values fill it.
func (s *srv) page(r *http.Request, submitted bool) (*formPage, int) {
	req, chosen := s.startRequest(r.Form.Get("_start"))
	p, err := s.cfg.Library.Prepare(req)
	if err != nil {
		return &formPage{Starts: s.starts(), Start: chosen, Errors: problems(err), Downloads: s.downloads()}, http.StatusInternalServerError
	}
	page := &formPage{Starts: s.starts(), Start: chosen, Template: p.Template, Downloads: s.downloads()}
	base, err := p.Resolve()
	values := map[string]any{}
	if err == nil {
		for path, v := range base.Values {
			values[path] = v.V
		}
	}
	status := http.StatusOK
	fieldErrs := map[string]string{}
	var res *library.Resolved
	if submitted {
		set, ferr := formValues(p.Template, r.Form)
		if ferr == nil {
			res, ferr = p.Resolve(set)
		}
		for path, v := range set {
			values[path] = v.V
		}
		if ferr != nil {
			status = http.StatusBadRequest
			for _, e := range problems(ferr) {
				if e.Path != "" && fieldErrs[e.Path] == "" {
					fieldErrs[e.Path] = e.Message
				} else {
					page.Errors = append(page.Errors, e)
				}
			}
		}
	} else {
		res = base
	}
	page.Groups = s.fields(p.Template, values, fieldErrs, r.Form, submitted)
	// Name each field that needs attention; a problem about a path the
	// form has no field for (an unknown variable) goes at the top.
	shown := map[string]bool{}
	for _, g := range page.Groups {
		for _, f := range g.Fields {
			if f.Error != "" {
				shown[f.Path] = true
				page.Count++
				page.Attention = append(page.Attention, f.Label)
			}
		}
	}
	for _, path := range slices.Sorted(maps.Keys(fieldErrs)) {
		if !shown[path] {
			page.Errors = append(page.Errors, apiError{Path: path, Message: path + ": " + fieldErrs[path]})
		}
	}
	if res != nil {
		page.Warnings = res.Warnings
		if doc, err := assemble.Assemble(res); err == nil {
			if h, err := html.Body(doc.Markdown); err == nil {
				page.Preview = template.HTML(h) // goldmark escaped every value
			}
		} else {
			page.Errors = append(page.Errors, problems(err)...)
			status = http.StatusBadRequest
		}
	}
	return page, status
}

// fields lays out the form for template t, grouped, with current values.
func (s *srv) fields(t *library.Template, values map[string]any, errs map[string]string, form map[string][]string, submitted bool) []group {
	groups := []group{{Title: "Customer"}, {Title: "Terms"}, {Title: "Processor"}}
	for _, p := range t.Schema.Paths() {
		v := t.Schema.Vars[p]
		f := field{Path: p, ID: "f-" + strings.NewReplacer(".", "-", "_", "-").Replace(p), Label: label(p), Help: v.Description,
			Required: v.Required, Error: errs[p]}
		raw := func() string {
			if submitted {
				if vals := form[p]; len(vals) > 0 {
					return vals[0] // what was typed, even if it is wrong
				}
				return ""
			}
			return inputText(values[p])
		}
		switch v.Kind {
		case vars.KindInteger:
			f.Input, f.Value = "number", raw()
			if v.Min != nil {
				f.Min = fmt.Sprint(*v.Min)
			}
			if v.Max != nil {
				f.Max = fmt.Sprint(*v.Max)
			}
		case vars.KindDate:
			f.Input, f.Value = "date", raw()
		case vars.KindBool:
			f.Input, f.Value = "checkbox", raw()
		case vars.KindEnum, vars.KindJurisdiction:
			f.Input = "select"
			cur := raw()
			if !v.Required && v.Default == nil {
				f.Options = append(f.Options, option{Value: "", Label: "(not set)", Selected: cur == ""})
			}
			for _, val := range v.Values {
				lbl := val
				if rec, ok := s.cfg.Library.Jurisdictions[val]; ok && v.Kind == vars.KindJurisdiction {
					lbl = fmt.Sprintf("%s (%s)", capitalize(fmt.Sprint(rec["name"])), val)
				}
				f.Options = append(f.Options, option{Value: val, Label: lbl, Selected: val == cur})
			}
		case vars.KindCountry:
			f.Input = "select"
			cur := raw()
			if !v.Required {
				f.Options = append(f.Options, option{Value: "", Label: "(not set)", Selected: cur == ""})
			}
			f.Options = append(f.Options, s.countryOptions(cur)...)
		case vars.KindList:
			if v.Items != nil {
				f.Input = "list"
				if submitted {
					f.Values = form[p]
				} else if l, ok := values[p].([]any); ok {
					for _, e := range l {
						f.Values = append(f.Values, inputText(e))
					}
				}
			} else {
				f.Input = "rows"
				for _, c := range v.Fields {
					f.Columns = append(f.Columns, column{Name: c.Path, Label: label(c.Path), Help: c.Description})
				}
				if submitted {
					for n := 0; n < 1000; n++ {
						row := map[string]string{}
						found := false
						for _, c := range v.Fields {
							if vals, ok := form[fmt.Sprintf("%s.%d.%s", p, n, c.Path)]; ok {
								row[c.Path], found = vals[0], true
							}
						}
						if !found {
							break
						}
						f.Rows = append(f.Rows, row)
					}
				} else if l, ok := values[p].([]any); ok {
					for _, e := range l {
						if m, ok := e.(map[string]any); ok {
							row := map[string]string{}
							for k, x := range m {
								row[k] = inputText(x)
							}
							f.Rows = append(f.Rows, row)
						}
					}
				}
			}
		default:
			f.Input, f.Value = "text", raw()
			switch v.Format {
			case "email":
				f.Input = "email"
			case "url":
				f.Input = "url"
			}
		}
		for cond, want := range v.RequiredIf {
			f.ShowWhen = cond + "=" + fmt.Sprint(want)
		}
		g := 1
		switch {
		case t.Schema.InGroupOf(vars.RoleCustomerName, p):
			g = 0
		case v.Identity:
			g = 2
		}
		groups[g].Fields = append(groups[g].Fields, f)
	}
	return slices.DeleteFunc(groups, func(g group) bool { return len(g.Fields) == 0 })
}

// inputText writes a value as an input shows it.
func inputText(x any) string {
	if x == nil {
		return ""
	}
	return fmt.Sprint(vars.Plain(x))
}

// label turns a path into a field label: "liability.cap.months" is
// "Liability cap months".
func label(path string) string {
	words := strings.FieldsFunc(path, func(r rune) bool { return r == '.' || r == '_' })
	return capitalize(strings.Join(words, " "))
}

func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// resolveForm checks a submitted form against its starting point. A
// failure to prepare the starting point is the server's fault (prepErr);
// anything else is the form's (err).
func (s *srv) resolveForm(r *http.Request) (res *library.Resolved, err, prepErr error) {
	req, _ := s.startRequest(r.Form.Get("_start"))
	p, prepErr := s.cfg.Library.Prepare(req)
	if prepErr != nil {
		return nil, nil, prepErr
	}
	set, err := formValues(p.Template, r.Form)
	if err == nil {
		res, err = p.Resolve(set)
	}
	return res, err, nil
}

// previewResult is the answer to a live preview.
type previewResult struct {
	HTML     string     `json:"html"`
	Errors   []apiError `json:"errors"`
	Warnings []string   `json:"warnings"`
}

// handlePreview validates the form as sent and returns the agreement as
// HTML with the errors by field, for the page's script.
func (s *srv) handlePreview() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e := s.parseForm(w, r); e != nil {
			writeJSON(w, e.status, previewResult{Errors: e.errs, Warnings: []string{}})
			return
		}
		res, err, prepErr := s.resolveForm(r)
		if prepErr != nil {
			writeJSON(w, http.StatusInternalServerError, previewResult{Errors: problems(prepErr)})
			return
		}
		if err != nil {
			writeJSON(w, http.StatusOK, previewResult{Errors: problems(err), Warnings: []string{}})
			return
		}
		doc, err := assemble.Assemble(res)
		if err != nil {
			writeJSON(w, http.StatusOK, previewResult{Errors: problems(err), Warnings: []string{}})
			return
		}
		h, err := html.Body(doc.Markdown)
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, previewResult{Errors: problems(err)})
			return
		}
		writeJSON(w, http.StatusOK, previewResult{HTML: string(h), Errors: []apiError{}, Warnings: nonNil(res.Warnings)})
	})
}

// handleDownload sends the form's agreement as a file, or shows the form
// with its errors.
func (s *srv) handleDownload() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e := s.parseForm(w, r); e != nil {
			s.writeFormError(w, r, e)
			return
		}
		f, ok := s.cfg.Formats.Lookup(r.Form.Get("_format"))
		if !ok {
			s.writeFormError(w, r, &statusError{status: http.StatusBadRequest, errs: []apiError{{Message: "choose a format to download: " + s.cfg.Formats.List()}}})
			return
		}
		res, err, prepErr := s.resolveForm(r)
		if prepErr != nil {
			s.writeFormError(w, r, &statusError{status: http.StatusInternalServerError, errs: problems(prepErr)})
			return
		}
		if err != nil {
			page, status := s.page(r, true)
			s.writePage(w, status, page)
			return
		}
		body, name, err := s.produce(r.Context(), res, f, nil)
		if err != nil {
			// Typesetting failed (a character the fonts lack, a table too
			// wide): show the form with the problem, at the field whose
			// value caused it when that can be told.
			page, status := s.page(r, true)
			if status == http.StatusOK {
				status = http.StatusBadRequest
			}
			if p, r := culprit(res, err); p != "" {
				page.setFieldError(p, fmt.Sprintf("the PDF's font has no %q (U+%04X); replace or remove it", r, r))
			} else {
				page.Errors = append(page.Errors, problems(err)...)
			}
			s.writePage(w, status, page)
			return
		}
		writeAttachment(w, f, name, body)
	})
}

// maxFormFields bounds the fields of one submitted form; the largest
// template's form has a few dozen, plus list rows.
const maxFormFields = 2000

// parseForm reads a submitted form within the body limit. It answers 413
// for a body over the limit or too many fields, 415 for a body that is
// not a form, and 400 for one that is malformed.
func (s *srv) parseForm(w http.ResponseWriter, r *http.Request) *statusError {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	var err error
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		err = r.ParseForm()
	} else {
		mt, _, perr := mime.ParseMediaType(r.Header.Get("Content-Type"))
		switch {
		case perr != nil && r.Header.Get("Content-Type") != "":
			return &statusError{status: http.StatusUnsupportedMediaType, errs: []apiError{{Message: "the body must be a form (application/x-www-form-urlencoded or multipart/form-data)"}}}
		case mt == "multipart/form-data":
			err = r.ParseMultipartForm(s.cfg.MaxBody)
		case mt == "application/x-www-form-urlencoded" || mt == "":
			err = r.ParseForm()
		default:
			return &statusError{status: http.StatusUnsupportedMediaType, errs: []apiError{{Message: "the body must be a form (application/x-www-form-urlencoded or multipart/form-data)"}}}
		}
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return &statusError{status: http.StatusRequestEntityTooLarge, errs: []apiError{{Message: fmt.Sprintf("the form is larger than %d bytes", s.cfg.MaxBody)}}}
	case err != nil:
		return &statusError{status: http.StatusBadRequest, errs: []apiError{{Message: "malformed form: " + err.Error()}}}
	case len(r.Form) > maxFormFields:
		return &statusError{status: http.StatusRequestEntityTooLarge, errs: []apiError{{Message: fmt.Sprintf("the form has %d fields; at most %d are read", len(r.Form), maxFormFields)}}}
	}
	return nil
}

// writeFormError shows the starting form with a problem that concerns the
// whole submission at its top, with e's status.
func (s *srv) writeFormError(w http.ResponseWriter, r *http.Request, e *statusError) {
	r.Form = url.Values{"_start": {r.Form.Get("_start")}}
	page, status := s.page(r, false)
	page.Errors = append(page.Errors, e.errs...)
	if status == http.StatusOK {
		status = e.status
	}
	s.writePage(w, status, page)
}

// culprit names the variable whose value holds the character that a
// typesetting error says the fonts cannot draw, and the character; or "".
func culprit(res *library.Resolved, err error) (string, rune) {
	var ge *pdf.GlyphError
	if !errors.As(err, &ge) {
		return "", 0
	}
	paths := make([]string, 0, len(res.Values))
	for p := range res.Values {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		if strings.ContainsRune(fmt.Sprint(vars.Plain(res.Values[p].V)), ge.Rune) {
			return p, ge.Rune
		}
	}
	return "", 0
}

// setFieldError marks the field at path with msg, or puts msg at the top
// when the form has no such field.
func (p *formPage) setFieldError(path, msg string) {
	for gi := range p.Groups {
		for fi := range p.Groups[gi].Fields {
			if f := &p.Groups[gi].Fields[fi]; f.Path == path {
				if f.Error == "" {
					f.Error = msg
					p.Count++
					p.Attention = append(p.Attention, f.Label)
				}
				return
			}
		}
	}
	p.Errors = append(p.Errors, apiError{Path: path, Message: msg})
}

// countryOptions lists the library's countries by name, the code as value.
func (s *srv) countryOptions(cur string) []option {
	t := s.cfg.Library.Countries
	codes := t.Codes()
	out := make([]option, 0, len(codes))
	for _, code := range codes {
		c, _ := t.Get(code)
		out = append(out, option{Value: code, Label: capitalize(c.Name), Selected: code == cur})
	}
	sort.SliceStable(out, func(i, j int) bool {
		return strings.TrimPrefix(out[i].Label, "The ") < strings.TrimPrefix(out[j].Label, "The ")
	})
	return out
}
