package server

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

//go:embed web
var webFS embed.FS

func htmlEscape(s string) string { return html.EscapeString(s) }

type pages struct {
	form *template.Template
}

func mustParsePages() *pages {
	t := template.Must(template.New("form.html").Funcs(template.FuncMap{
		"add": func(a, b int) int { return a + b },
	}).ParseFS(webFS, "web/form.html"))
	return &pages{form: t}
}

func (s *srv) handleStatic() http.Handler {
	sub, _ := fs.Sub(webFS, "web")
	return http.StripPrefix("/static/", http.FileServerFS(sub))
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
	Starts   []start
	Start    string
	Template *library.Template
	Groups   []group
	Errors   []apiError // problems not tied to one field
	Count    int        // number of field errors
	Preview  template.HTML
	Warnings []string
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
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form: "+err.Error(), http.StatusBadRequest)
			return
		}
		page, status := s.page(r, r.Method == http.MethodPost)
		s.writePage(w, status, page)
	})
}

func (s *srv) writePage(w http.ResponseWriter, status int, page *formPage) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
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
		return &formPage{Starts: s.starts(), Start: chosen, Errors: problems(err)}, http.StatusInternalServerError
	}
	page := &formPage{Starts: s.starts(), Start: chosen, Template: p.Template}
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
				if e.Path != "" {
					fieldErrs[e.Path] = e.Message
					page.Count++
				} else {
					page.Errors = append(page.Errors, e)
				}
			}
		}
	} else {
		res = base
	}
	page.Groups = s.fields(p.Template, values, fieldErrs, r.Form, submitted)
	if res != nil {
		page.Warnings = res.Warnings
		if doc, err := assemble.Assemble(res); err == nil {
			if h, err := htmlBody(doc.Markdown); err == nil {
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
		case strings.HasPrefix(p, "customer."):
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
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
		if err := r.ParseMultipartForm(s.cfg.MaxBody); err != nil && err != http.ErrNotMultipart {
			writeJSON(w, http.StatusBadRequest, apiErrors{Errors: []apiError{{Message: "bad form: " + err.Error()}}})
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
		release, ok := s.acquire(w, r)
		if !ok {
			return
		}
		defer release()
		doc, err := assemble.Assemble(res)
		if err != nil {
			writeJSON(w, http.StatusOK, previewResult{Errors: problems(err), Warnings: []string{}})
			return
		}
		h, err := htmlBody(doc.Markdown)
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
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form: "+err.Error(), http.StatusBadRequest)
			return
		}
		format := r.Form.Get("_format")
		if format != "pdf" && format != "md" {
			http.Error(w, "_format must be pdf or md", http.StatusBadRequest)
			return
		}
		res, err, prepErr := s.resolveForm(r)
		if prepErr != nil {
			http.Error(w, prepErr.Error(), http.StatusInternalServerError)
			return
		}
		if err != nil {
			page, status := s.page(r, true)
			s.writePage(w, status, page)
			return
		}
		release, ok := s.acquire(w, r)
		if !ok {
			return
		}
		defer release()
		body, name, err := s.produce(r.Context(), res, format)
		if err != nil {
			page, status := s.page(r, true)
			s.writePage(w, status, page)
			return
		}
		writeAttachment(w, format, name, body)
	})
}
