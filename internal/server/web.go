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
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/html"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/vars"
)

// webFS holds what /static/ serves: the pages' script, style sheet and
// images. The pages' templates are apart, in pagesFS, and never served.
//
//go:embed web
var webFS embed.FS

//go:embed pages
var pagesFS embed.FS

type pages struct {
	form    *template.Template
	history *template.Template
}

func mustParsePages() *pages {
	t := template.Must(template.New("form.html").Funcs(template.FuncMap{
		"add":   func(a, b int) int { return a + b },
		"lower": strings.ToLower,
	}).ParseFS(pagesFS, "pages/form.html"))
	h := template.Must(template.New("history.html").ParseFS(pagesFS, "pages/history.html"))
	return &pages{form: t, history: h}
}

// assetTypes are the kinds of file /static/ serves: no page, template or
// folder listing, whatever else is put in web/.
var assetTypes = map[string]bool{".css": true, ".js": true, ".png": true, ".svg": true, ".ico": true, ".woff2": true}

// handleStatic serves the form's script and style sheet (assetTypes), and
// nothing that lists a folder.
func (s *srv) handleStatic() http.Handler {
	sub, _ := fs.Sub(webFS, "web")
	files := http.FileServerFS(sub)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if fi, err := fs.Stat(sub, name); r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") || err != nil || fi.IsDir() || !assetTypes[path.Ext(name)] {
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
	Target                              string              // the id that the summary links to and focus goes to
	ItemLabel                           string              // what one item of a list is called
	Values                              []string            // list of texts
	Rows                                []map[string]string // list of objects
	Columns                             []column            // fields of each row
	Options                             []option
	Min, Max                            string
	Required                            bool
	Error                               string
	Box                                 *apiError // the problem with one box of the list, placed beside it
	Note                                string    // the value is given but the document ignores it
	ShowWhen                            string    // "path=value": shown only then
	Focus                               bool      // the first field with an error: focused on load
	Text                                string    // read-only: the value as the document has it
	Lines                               []string
	Seats                               string   // a venue's select: every jurisdiction's seats, as JSON
	Was                                 bool     // tied, or tied to: carries what it held (see wasPrefix)
	Cells                               [][]cell // a list of objects: its rows' boxes
	NewRow                              []cell   // the boxes of a row added on the page
	Unused                              bool     // the document does not use it as the form stands: hidden
	Area                                bool     // a sentence: a text area
	Unit                                string   // what a number counts: "days"
	Hint                                string   // how the document writes the value: a date's format
	Customer                            bool     // the customer's: kept when the house style changes
	CustomerName                        bool     // the customer's name (role customer-name)
	Dated                               bool     // the agreement's date (role document-date): today unless chosen
}

type column struct{ Name, Label, Help string }

// cell is one box of a row of a list of objects.
type cell struct {
	Name, Label, ID, Col string
	Input                string // text or select
	Value                string
	Options              []option
	Error                string // this box's problem alone
	Focus                bool
}

type option struct {
	Value, Label string
	Selected     bool
}

type group struct {
	Title  string
	Locked bool // the house style's identity, shown read-only
	Fields []field
}

// attention names a field with a problem and the element to focus.
type attention struct{ Label, Target string }

type formPage struct {
	Starts       []start
	Start        string
	House        bool   // house-style mode: the processor's identity is editable
	Variant      string // the variant the form starts from, if any
	Processor    string // the processor's legal name, when the variant supplies it
	VariantTitle string // the variant's name as a heading writes it
	Template     *library.Template
	Groups       []group
	Errors       []apiError  // problems not tied to one field
	Count        int         // number of field errors
	Attention    []attention // the fields with errors, in the form's order
	Preview      template.HTML
	Stale        bool // the preview leaves out the values with errors
	Warnings     []string
	Check        *lawCheck        // the lawyer's check of the previewed document; nil when stale
	Downloads    []*format.Format // a download button for each
	Submitted    bool             // drawn from a submission: the page's draft
	Today        string           // the day of issue the date box starts at, YYYY-MM-DD: the browser's if it sent one
	DateChosen   bool             // the submission's date was set by the person (_dated), not left as it started

	boxes []apiError // problems with one box of a list, to place beside it
}

// houseMode is the value of the _mode control that makes the processor's
// identity editable.
const houseMode = "house"

// downloads lists the formats the form offers: PDF, the one to sign and
// send, first, then the rest in registry order.
func (s *srv) downloads() []*format.Format {
	all := s.cfg.Formats.All()
	slices.SortStableFunc(all, func(a, b *format.Format) int {
		return boolInt(b == pdf.Format) - boolInt(a == pdf.Format)
	})
	return all
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// formMode is how a form request is read: which starting point, and
// whether the processor's identity may be changed.
type formMode struct {
	Start string // the starting point chosen, as the _start control names it
	House bool   // house-style mode
}

// modeOf reads the form's mode from its controls.
func modeOf(form url.Values) formMode {
	return formMode{Start: form.Get("_start"), House: form.Get("_mode") == houseMode}
}

// startRequest turns the chosen starting point into a library request. A
// blank template, which no house style supplies an identity for, is a
// starting point only in house-style mode, unless the library has no
// variants at all.
func (s *srv) startRequest(m formMode) (library.Request, string) {
	lib := s.cfg.Library
	names := lib.VariantNames()
	if t, ok := strings.CutPrefix(m.Start, "template:"); ok && (m.House || len(names) == 0) {
		if _, ok := lib.Templates[t]; ok {
			return library.Request{Template: t}, m.Start
		}
	}
	if _, ok := lib.Variants[m.Start]; ok {
		return library.Request{Variant: m.Start}, m.Start
	}
	if len(names) > 0 {
		return library.Request{Variant: names[0]}, names[0]
	}
	id := lib.TemplateIDs()[0]
	return library.Request{Template: id}, "template:" + id
}

func (s *srv) starts(house bool) []start {
	lib := s.cfg.Library
	var out []start
	for _, n := range lib.VariantNames() {
		v := lib.Variants[n]
		t := lib.Templates[v.Meta.Template]
		out = append(out, start{n, fmt.Sprintf("%s (%s)", capitalize(n), t.Title)})
	}
	if house || len(out) == 0 {
		for _, id := range lib.TemplateIDs() {
			out = append(out, start{"template:" + id, fmt.Sprintf("Blank %s (%s)", lib.Templates[id].Title, id)})
		}
	}
	return out
}

// houseField reports whether path is part of the processor's identity,
// which a variant supplies: a variable marked identity, or one in the
// group of the processor's name.
func houseField(schema *vars.Schema, path string) bool {
	v := schema.Vars[path]
	return v != nil && (v.Identity || schema.InGroupOf(vars.RoleProcessorName, path))
}

// locked reports whether the form may not change the processor's
// identity: outside house-style mode, when a variant supplies it.
func locked(p *library.Prepared, m formMode) bool {
	return !m.House && p.Variant != nil
}

// refuseLocked reports every form field that would change the locked
// identity. Outside house-style mode the form shows the identity as text,
// so a value for it was not typed into this form: it is refused, not
// quietly dropped.
func refuseLocked(p *library.Prepared, m formMode, form url.Values) error {
	if !locked(p, m) {
		return nil
	}
	schema := p.Template.Schema
	seen := map[string]bool{}
	var errs diag.List
	for _, k := range slices.Sorted(maps.Keys(form)) {
		path := k
		if list, ok := strings.CutSuffix(k, ".rows"); ok && isObjectList(schema, list) {
			path = list
		} else if list, _, _, ok := rowField(schema, k); ok {
			path = list
		}
		if strings.HasPrefix(k, "_") || !houseField(schema, path) || seen[path] {
			continue
		}
		seen[path] = true
		errs.Add(diag.Errorf("form", 0, 0, path, "is part of the %s house style, which this form does not change; open the form in house-style mode to change it", p.Variant.Name))
	}
	return errs.Err()
}

// handleForm shows the form (without JavaScript) with the values sent,
// their errors, and the preview.
func (s *srv) handleForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e := s.parseForm(w, r); e != nil {
			s.writeFormError(w, r, e)
			return
		}
		page, status := s.page(r, true)
		s.writePage(w, status, page)
	})
}

// handleEmptyForm shows the form with a starting point's values. It takes
// no render slot, so that the form opens however busy the server is: the
// page depends only on the starting point and the mode, and is drawn once
// for each and kept.
func (s *srv) handleEmptyForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e := s.parseForm(w, r); e != nil {
			s.writeFormError(w, r, e)
			return
		}
		m := modeOf(r.Form)
		_, m.Start = s.startRequest(m)
		today := s.today(r)
		if c, ok := s.forms.Load(m); ok && c.(drawnForm).date == today {
			writeHTML(w, http.StatusOK, c.(drawnForm).page)
			return
		}
		page, status := s.page(r, false)
		b, ok := s.drawPage(w, page)
		if !ok {
			return
		}
		if status == http.StatusOK {
			s.forms.Store(m, drawnForm{today, b})
		}
		writeHTML(w, status, b)
	})
}

// drawnForm is the form as GET / draws it for a mode, on the day whose
// date its date box holds: drawn again the next day.
type drawnForm struct {
	date vars.Date
	page []byte
}

func (s *srv) writePage(w http.ResponseWriter, status int, page *formPage) {
	if b, ok := s.drawPage(w, page); ok {
		writeHTML(w, status, b)
	}
}

// drawPage draws the form page, or answers 500 and returns false. It
// draws into a buffer first, so a template error is a clean 500 rather
// than half a page.
func (s *srv) drawPage(w http.ResponseWriter, page *formPage) ([]byte, bool) {
	var b bytes.Buffer
	if err := s.pages.form.Execute(&b, page); err != nil {
		s.cfg.Logger.Error("form page", "error", err)
		http.Error(w, "internal error: the form could not be drawn", http.StatusInternalServerError)
		return nil, false
	}
	return b.Bytes(), true
}

func writeHTML(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// page builds the form page. With submitted set, the form's values are
// validated and previewed; otherwise the starting point's values fill it.
// A form with errors is previewed without the values in error, and its
// first field with an error is focused when the page loads.
func (s *srv) page(r *http.Request, submitted bool) (*formPage, int) {
	m := modeOf(r.Form)
	req, chosen := s.startRequest(m)
	req.Date = s.today(r)
	page := &formPage{Starts: s.starts(m.House), Start: chosen, House: m.House, Downloads: s.downloads(), Submitted: submitted,
		Today: req.Date.Format("iso"), DateChosen: submitted && r.Form.Get("_dated") == "chosen"}
	p, err := s.cfg.Library.Prepare(req)
	if err != nil {
		page.Errors = problems(err)
		return page, http.StatusInternalServerError
	}
	page.Template = p.Template
	if p.Variant != nil {
		page.Variant, page.VariantTitle = p.Variant.Name, capitalize(p.Variant.Name)
	}
	base, err := p.Resolve()
	values := map[string]any{}
	if err == nil {
		for path, v := range base.Values {
			values[path] = v.V
		}
	}
	status := http.StatusOK
	fieldErrs := map[string]string{}
	res := base
	var resets []reset
	if submitted {
		resets = s.untie(p, m, r.Form)
		var set vars.Set
		res, set, err = resolveSubmission(p, m, r.Form)
		for path, v := range set {
			values[path] = v.V
		}
		if err != nil {
			status = http.StatusBadRequest
			fieldErrs = page.fieldProblems(formProblems(p.Template.Schema, err))
			// Preview what can be: the values without errors, or the
			// starting point's.
			if res, err = p.Resolve(without(set, fieldErrs)); err != nil {
				res = base
			}
			page.Stale = true
		}
	}
	notes := map[string]string{}
	if res != nil && !page.Stale {
		notes = s.notes(res)
	}
	for _, rs := range resets {
		notes[rs.Path] = rs.Message
	}
	page.Groups = s.fields(p, m, values, fieldErrs, notes, r.Form, submitted)
	page.place()
	if lp, ok := p.Template.Schema.RolePath(vars.RoleProcessorLegalName); ok && locked(p, m) {
		page.Processor = inputText(values[lp])
	}
	page.attendAll(fieldErrs)
	if res != nil {
		if err := s.preview(page, res); err != nil && !page.Stale {
			page.Errors = append(page.Errors, problems(err)...)
			status = http.StatusBadRequest
		}
	}
	return page, status
}

// resolveSubmission resolves the values a form sent from p's starting
// point in mode m. The set holds the values it could read, whatever the
// error says.
func resolveSubmission(p *library.Prepared, m formMode, form url.Values) (*library.Resolved, vars.Set, error) {
	if err := refuseLocked(p, m, form); err != nil {
		return nil, nil, err
	}
	set, err := formValues(p.Template, form)
	if err != nil {
		return nil, set, err
	}
	res, err := p.Resolve(set)
	return res, set, err
}

// fieldProblems returns, by path, the first problem of each variable
// among errs, and puts the rest at the top of the page. A problem with
// one box of a list is kept to be put beside that box (see place).
func (p *formPage) fieldProblems(errs []apiError) map[string]string {
	fieldErrs := map[string]string{}
	for _, e := range errs {
		if e.Path != "" && fieldErrs[e.Path] == "" {
			fieldErrs[e.Path] = e.Message
			if e.Target != "" {
				p.boxes = append(p.boxes, e)
			}
		} else {
			p.Errors = append(p.Errors, e)
		}
	}
	return fieldErrs
}

// place moves each problem with one box of a list from its field to that
// box, so that only the box is marked.
func (p *formPage) place() {
	for _, b := range p.boxes {
		for gi := range p.Groups {
			for fi := range p.Groups[gi].Fields {
				if f := &p.Groups[gi].Fields[fi]; f.Path == b.Path {
					f.placeBox(b)
				}
			}
		}
	}
}

// placeBox puts the problem b beside its box among f's, if f has that box.
func (f *field) placeBox(b apiError) {
	for i := range f.Cells {
		for j := range f.Cells[i] {
			if c := &f.Cells[i][j]; c.ID == b.Target {
				c.Error, f.Error, f.Box = b.Message, "", &b
				return
			}
		}
	}
	for i := range f.Values {
		if fmt.Sprintf("%s-%d", f.ID, i) == b.Target {
			f.Error, f.Box = b.Message, &b
			return
		}
	}
}

// formProblems is problems for the form: a problem inside a list is
// placed at its box, path.N.field, named for people ("Subprocessor 1 —
// Country: ...").
func formProblems(schema *vars.Schema, err error) []apiError {
	out := problems(err)
	var list diag.List
	if !errors.As(err, &list) {
		var e *diag.Error
		if errors.As(err, &e) {
			list = diag.List{e}
		}
	}
	if len(list) != len(out) {
		return out
	}
	for i, e := range list {
		var ie *vars.ItemError
		if v := schema.Vars[e.Variable]; v != nil && v.Kind == vars.KindList && errors.As(e, &ie) {
			out[i] = boxProblem(v, ie)
		}
	}
	return out
}

// boxProblem names the box of list v that ie is about, and the problem as
// the form says it beside that box.
func boxProblem(v *vars.Var, ie *vars.ItemError) apiError {
	item := v.ItemLabel
	if item == "" {
		item = v.Title()
	}
	n := ie.Item - 1
	e := apiError{Path: v.Path, Label: fmt.Sprintf("%s %d", item, ie.Item), Target: fmt.Sprintf("%s-%d", fieldID(v.Path), n)}
	if v.Items == nil && len(v.Fields) > 0 {
		col := v.Fields[0]
		for _, f := range v.Fields {
			if f.Path == ie.Field {
				col = f
				e.Label += " — " + f.Title()
			}
		}
		e.Target += "-" + col.Path
	}
	e.Message = e.Label + ": " + ie.Err.Error()
	return e
}

// attendAll names each field that needs attention, in the form's order; a
// problem about a path the form has no field for (an unknown variable)
// goes at the top.
func (p *formPage) attendAll(fieldErrs map[string]string) {
	shown := map[string]bool{}
	for gi := range p.Groups {
		for fi := range p.Groups[gi].Fields {
			if f := &p.Groups[gi].Fields[fi]; f.Error != "" || f.Box != nil {
				shown[f.Path] = true
				p.attend(f)
			}
		}
	}
	for _, path := range slices.Sorted(maps.Keys(fieldErrs)) {
		if !shown[path] {
			p.Errors = append(p.Errors, apiError{Path: path, Message: path + ": " + fieldErrs[path]})
		}
	}
}

// preview shows the document res makes beside the form, with its warnings
// and, unless the preview is stale, the lawyer's check. It returns the
// error when the document does not assemble.
func (s *srv) preview(page *formPage, res *library.Resolved) error {
	page.Warnings = res.Warnings
	doc, err := assemble.Assemble(res)
	if err != nil {
		return err
	}
	if h, err := html.DocumentBody(doc.Model()); err == nil {
		page.Preview = template.HTML(h) // goldmark escaped every value
	}
	page.hideUnused(unusedPaths(res.Template, doc))
	if !page.Stale {
		page.Check = s.formCheck(res, doc)
	}
	return nil
}

// attend names f in the summary, or the one box of f with a problem;
// the first named is focused.
func (p *formPage) attend(f *field) {
	f.Focus = p.Count == 0
	p.Count++
	a := attention{Label: f.Label, Target: f.Target}
	if f.Box != nil {
		a = attention{Label: f.Box.Label, Target: f.Box.Target}
		f.Target = f.Box.Target
		f.markBox(f.Focus)
	}
	p.Attention = append(p.Attention, a)
}

// markBox focuses f's box with a problem when the page loads, if focus.
func (f *field) markBox(focus bool) {
	for i := range f.Cells {
		for j := range f.Cells[i] {
			if c := &f.Cells[i][j]; c.Error != "" {
				c.Focus = focus
			}
		}
	}
}

// without returns set less the values at the paths in errs.
func without(set vars.Set, errs map[string]string) vars.Set {
	out := make(vars.Set, len(set))
	for p, v := range set {
		if _, bad := errs[p]; !bad {
			out[p] = v
		}
	}
	return out
}

// notes says, by path, which values given the document ignores, in the
// words of the form's labels.
func (s *srv) notes(res *library.Resolved) map[string]string {
	schema := res.Template.Schema
	var base []string
	if res.Variant != nil {
		base = append(base, res.Variant.File)
	}
	out := map[string]string{}
	for _, iv := range vars.IgnoredValues(schema, res.Values, base...) {
		var conds []string
		for _, c := range iv.Conditions {
			v := schema.Vars[c.Path]
			if v == nil {
				continue
			}
			conds = append(conds, fmt.Sprintf("%s is %q", v.Title(), s.valueLabel(v, c.Want)))
		}
		out[iv.Path] = "Not used: this applies only when " + strings.Join(conds, " and ") + "."
	}
	return out
}

// valueLabel is what the form shows for an enum's or jurisdiction's value.
func (s *srv) valueLabel(v *vars.Var, val string) string {
	if rec, ok := s.cfg.Library.Jurisdictions[val]; ok && v.Kind == vars.KindJurisdiction {
		return capitalize(fmt.Sprint(rec["name"]))
	}
	return v.ValueLabel(val)
}

// fieldID is the id of a variable's input.
func fieldID(path string) string {
	return "f-" + strings.NewReplacer(".", "-", "_", "-").Replace(path)
}

// fields lays out the form for p's template, grouped, in the order of
// declaration, with current values. Outside house-style mode the
// processor's identity is a group of its own, last, shown as text.
func (s *srv) fields(p *library.Prepared, m formMode, values map[string]any, errs, notes map[string]string, form map[string][]string, submitted bool) []group {
	t := p.Template
	lock := locked(p, m)
	tied := tiedPaths(p, m)
	var groups []group
	index := map[string]int{}
	for _, path := range t.Schema.Ordered() {
		v := t.Schema.Vars[path]
		house := houseField(t.Schema, path)
		title := v.Group
		switch {
		case title != "":
		case house:
			title = "Processor"
		case t.Schema.InGroupOf(vars.RoleCustomerName, path):
			title = "Customer"
		default:
			title = "Terms"
		}
		key := title
		if lock && house {
			key = "\x00locked"
		}
		gi, ok := index[key]
		if !ok {
			gi = len(groups)
			index[key] = gi
			groups = append(groups, group{Title: title, Locked: lock && house})
		}
		f := field{Path: path, ID: fieldID(path), Label: v.Title(), Help: v.FormHelp(), ItemLabel: v.ItemLabel,
			Required: v.Required, Error: errs[path], Note: notes[path]}
		f.Target = f.ID
		if f.ItemLabel == "" {
			f.ItemLabel = f.Label
		}
		if lock && house {
			f.Input = "text-only"
			if l, ok := values[path].([]any); ok {
				for _, e := range l {
					f.Lines = append(f.Lines, inputText(e))
				}
			} else {
				f.Text = s.displayText(v, values[path])
			}
			if f.Text == "" && len(f.Lines) == 0 && f.Error == "" {
				continue // nothing to show
			}
			groups[gi].Fields = append(groups[gi].Fields, f)
			continue
		}
		s.input(&f, v, values, form, submitted)
		f.Was = tied[path]
		if v.Kind == vars.KindDate {
			f.Hint = dateHint(t.Schema, values, f.Value)
		}
		f.Customer = t.Schema.InGroupOf(vars.RoleCustomerName, path)
		f.CustomerName = t.Schema.Roles[vars.RoleCustomerName] == path
		f.Dated = t.Schema.Roles[vars.RoleDate] == path
		f.ShowWhen = usedIf(v)
		groups[gi].Fields = append(groups[gi].Fields, f)
	}
	groups = slices.DeleteFunc(groups, func(g group) bool { return len(g.Fields) == 0 })
	// The identity that is not to be changed comes last.
	slices.SortStableFunc(groups, func(a, b group) int { return boolInt(a.Locked) - boolInt(b.Locked) })
	return groups
}

// displayText is a value as the read-only identity shows it.
func (s *srv) displayText(v *vars.Var, x any) string {
	text := inputText(x)
	switch v.Kind {
	case vars.KindEnum, vars.KindJurisdiction:
		return s.valueLabel(v, text)
	case vars.KindCountry:
		if c, ok := s.cfg.Library.Countries.Get(text); ok {
			return capitalize(c.Name)
		}
	}
	return text
}

// input fills in f's input for variable v with its value among values, or
// what the form sent when it was submitted.
func (s *srv) input(f *field, v *vars.Var, values map[string]any, form map[string][]string, submitted bool) {
	x, sent := values[v.Path], form[v.Path]
	text := typed(sent, x, submitted)
	switch {
	case v.SeatOf != "":
		s.seatInput(f, typed(form[v.SeatOf], values[v.SeatOf], submitted), text)
		return
	case v.Kind == vars.KindList && v.Items == nil:
		s.rowsInput(f, v, form, x, submitted)
		return
	}
	switch v.Kind {
	case vars.KindInteger:
		numberInput(f, v, text)
	case vars.KindDate:
		f.Input, f.Value = "date", text
	case vars.KindBool:
		f.Input, f.Value = "checkbox", text
		if submitted && len(sent) > 0 {
			f.Value = sent[len(sent)-1] // a checkbox follows its hidden "false"
		}
	case vars.KindEnum, vars.KindJurisdiction:
		s.selectInput(f, v, text, values)
	case vars.KindCountry:
		s.countryInput(f, v, text)
	case vars.KindList:
		listInput(f, sent, x, submitted)
	default:
		textInput(f, v, text)
	}
}

// typed is the text an input shows: what the form sent when it was
// submitted, even if it is wrong, or else the value x.
func typed(sent []string, x any, submitted bool) string {
	if !submitted {
		return inputText(x)
	}
	if len(sent) > 0 {
		return sent[0]
	}
	return ""
}

// numberInput makes f an integer's input, within v's bounds.
func numberInput(f *field, v *vars.Var, text string) {
	f.Input, f.Value, f.Unit = "number", text, v.Unit
	if v.Min != nil {
		f.Min = fmt.Sprint(*v.Min)
	}
	if v.Max != nil {
		f.Max = fmt.Sprint(*v.Max)
	}
}

// dateHint says how the document writes the date text, in the format
// its date-format variable holds: "The agreement writes it 29/05/2026."
func dateHint(schema *vars.Schema, values map[string]any, text string) string {
	d, err := vars.ParseDate(text)
	p, ok := schema.RolePath(vars.RoleDateFormat)
	if err != nil || !ok || values[p] == nil {
		return ""
	}
	return "The agreement writes it " + d.Format(inputText(values[p])) + "."
}

// sentenceLength is the declared length from which a text is a sentence
// or more, written in a text area rather than a line.
const sentenceLength = 300

// textInput makes f a line of text, an e-mail address's or a URL's input
// where v's format says so, or a text area for a sentence.
func textInput(f *field, v *vars.Var, text string) {
	f.Input, f.Value = "text", text
	switch v.Format {
	case "email", "url":
		f.Input = v.Format
	default:
		f.Area = v.Max != nil && *v.Max >= sentenceLength
	}
}

// selectInput makes f a choice among an enum's or a jurisdiction's values,
// cur selected. An enum's labels may name other values; jurisdictions are
// in the order of their names.
func (s *srv) selectInput(f *field, v *vars.Var, cur string, values map[string]any) {
	f.Input, f.Value = "select", cur
	if !v.Required && v.Default == nil {
		f.Options = append(f.Options, notSet(cur))
	}
	opts := make([]option, 0, len(v.Values))
	for _, val := range v.Values {
		label := s.valueLabel(v, val)
		if v.Kind == vars.KindEnum {
			label = v.ValueLabelIn(val, func(path string) any { return values[path] })
		}
		opts = append(opts, option{Value: val, Label: label, Selected: val == cur})
	}
	if v.Kind == vars.KindJurisdiction {
		sortByName(opts)
	}
	f.Options = append(f.Options, opts...)
}

// countryInput makes f a choice among the library's countries, cur
// selected.
func (s *srv) countryInput(f *field, v *vars.Var, cur string) {
	f.Input, f.Value = "select", cur
	f.Options = s.countrySelect(v, cur)
}

// countrySelect is the choice of a country for v, cur selected: the
// library's countries by name, after an empty choice, and what was sent
// if it names none of them, so that the page shows it with its error.
func (s *srv) countrySelect(v *vars.Var, cur string) []option {
	var out []option
	if v.Required {
		out = append(out, option{Value: "", Label: "(choose a country)", Selected: cur == ""})
	} else {
		out = append(out, notSet(cur))
	}
	code := cur
	if c, ok := s.cfg.Library.Countries.Lookup(cur); ok {
		code = c.Code
	}
	out = append(out, s.countryOptions(code)...)
	if _, ok := s.cfg.Library.Countries.Get(code); !ok && strings.TrimSpace(cur) != "" {
		out = append(out, option{Value: cur, Label: cur, Selected: true})
	}
	return out
}

// notSet is the option that leaves a choice unset, selected when cur is
// empty.
func notSet(cur string) option {
	return option{Value: "", Label: "(not set)", Selected: cur == ""}
}

// listInput makes f a list of texts, one input a text: those the form
// sent, or the items of the value x.
func listInput(f *field, sent []string, x any, submitted bool) {
	f.Input = "list"
	if submitted {
		f.Values = sent
	} else if l, ok := x.([]any); ok {
		for _, e := range l {
			f.Values = append(f.Values, inputText(e))
		}
	}
	if len(f.Values) > 0 {
		f.Target = f.ID + "-0"
	}
}

// rowsInput makes f a table for v, a list of objects: a column a field, a
// row an object, from what the form sent or from the value x. A field
// that is a country is a select of countries.
func (s *srv) rowsInput(f *field, v *vars.Var, form map[string][]string, x any, submitted bool) {
	f.Input = "rows"
	for _, c := range v.Fields {
		f.Columns = append(f.Columns, column{Name: c.Path, Label: c.Title(), Help: c.FormHelp()})
	}
	if submitted {
		f.Rows = sentRows(v, form)
	} else {
		f.Rows = valueRows(x)
	}
	if len(f.Rows) > 0 && len(f.Columns) > 0 {
		f.Target = f.ID + "-0-" + f.Columns[0].Name
	}
	for i, row := range f.Rows {
		cells := make([]cell, 0, len(v.Fields))
		for _, c := range v.Fields {
			cells = append(cells, s.cellOf(f, c, i, row[c.Path]))
		}
		f.Cells = append(f.Cells, cells)
	}
	for _, c := range v.Fields {
		f.NewRow = append(f.NewRow, s.cellOf(f, c, -1, ""))
	}
}

// cellOf is the box of field c in row i of the list f, holding val; row
// -1 is the page's pattern for a row it adds, named when added.
func (s *srv) cellOf(f *field, c *vars.Var, i int, val string) cell {
	b := cell{Label: c.Title(), Col: c.Path, Input: "text", Value: val}
	if i >= 0 {
		b.Name = fmt.Sprintf("%s.%d.%s", f.Path, i, c.Path)
		b.ID = fmt.Sprintf("%s-%d-%s", f.ID, i, c.Path)
	}
	if c.Kind == vars.KindCountry {
		b.Input, b.Options = "select", s.countrySelect(c, val)
	}
	return b
}

// sentRows reads the rows of v the form sent, as path.N.field, from row 0
// to the first row of which no field was sent.
func sentRows(v *vars.Var, form map[string][]string) []map[string]string {
	var rows []map[string]string
	for n := 0; n < 1000; n++ {
		row := map[string]string{}
		for _, c := range v.Fields {
			if vals, ok := form[fmt.Sprintf("%s.%d.%s", v.Path, n, c.Path)]; ok {
				row[c.Path] = vals[0]
			}
		}
		if len(row) == 0 {
			break
		}
		rows = append(rows, row)
	}
	return rows
}

// valueRows writes a list of objects as rows of texts, a cell a field.
func valueRows(x any) []map[string]string {
	l, _ := x.([]any)
	var rows []map[string]string
	for _, e := range l {
		if m, ok := e.(map[string]any); ok {
			row := map[string]string{}
			for k, y := range m {
				row[k] = inputText(y)
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// sortByName sorts options by label, "The European Union" under E.
func sortByName(opts []option) {
	sort.SliceStable(opts, func(i, j int) bool {
		return strings.TrimPrefix(opts[i].Label, "The ") < strings.TrimPrefix(opts[j].Label, "The ")
	})
}

// inputText writes a value as an input shows it.
func inputText(x any) string {
	if x == nil {
		return ""
	}
	return fmt.Sprint(vars.Plain(x))
}

func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// submission is a submitted form checked against its starting point.
type submission struct {
	res    *library.Resolved // nil with err
	schema *vars.Schema
	resets []reset // tied values returned to their defaults
	err    error   // the form's problems
}

// resolveForm checks a submitted form against its starting point, after
// returning to their defaults the tied values whose ties changed (see
// untie). A failure to prepare the starting point is the server's fault.
func (s *srv) resolveForm(r *http.Request) (*submission, error) {
	m := modeOf(r.Form)
	req, _ := s.startRequest(m)
	req.Date = s.today(r)
	p, err := s.cfg.Library.Prepare(req)
	if err != nil {
		return nil, err
	}
	sub := &submission{schema: p.Template.Schema, resets: s.untie(p, m, r.Form)}
	sub.res, _, sub.err = resolveSubmission(p, m, r.Form)
	return sub, nil
}

// previewResult is the answer to a live preview.
type previewResult struct {
	HTML     string     `json:"html"`
	Errors   []apiError `json:"errors"`
	Warnings []string   `json:"warnings"`
	Notes    []apiError `json:"notes"` // values the document ignores, by field
	// The lawyer's check of the previewed document, as data and as the
	// page draws it beside the download bar; absent with errors.
	Check     *lawCheck `json:"check,omitempty"`
	CheckHTML string    `json:"check_html,omitempty"`
	// Tied values returned to their defaults, for the page to show; and,
	// without errors, the fields the document does not use as the form
	// stands, for the page to hide.
	Resets []reset   `json:"resets"`
	Unused *[]string `json:"unused,omitempty"`
}

// handlePreview validates the form as sent and returns the agreement as
// HTML with the errors by field, for the page's script.
func (s *srv) handlePreview() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e := s.parseForm(w, r); e != nil {
			writeJSON(w, e.status, previewResult{Errors: e.errs, Warnings: []string{}})
			return
		}
		sub, prepErr := s.resolveForm(r)
		if prepErr != nil {
			writeJSON(w, http.StatusInternalServerError, previewResult{Errors: problems(prepErr)})
			return
		}
		resets := append([]reset{}, sub.resets...)
		if sub.err != nil {
			writeJSON(w, http.StatusOK, previewResult{Errors: formProblems(sub.schema, sub.err), Warnings: []string{}, Resets: resets})
			return
		}
		res := sub.res
		doc, err := assemble.Assemble(res)
		if err != nil {
			writeJSON(w, http.StatusOK, previewResult{Errors: formProblems(sub.schema, err), Warnings: []string{}, Resets: resets})
			return
		}
		h, err := html.DocumentBody(doc.Model())
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, previewResult{Errors: problems(err)})
			return
		}
		notes := []apiError{}
		for path, msg := range s.notes(res) {
			notes = append(notes, apiError{Path: path, Message: msg})
		}
		slices.SortFunc(notes, func(a, b apiError) int { return strings.Compare(a.Path, b.Path) })
		lc := s.formCheck(res, doc)
		ch, err := s.drawCheck(lc)
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, previewResult{Errors: problems(err)})
			return
		}
		for _, rs := range resets {
			notes = append(notes, apiError{Path: rs.Path, Message: rs.Message})
		}
		unused := nonNil(unusedPaths(res.Template, doc))
		writeJSON(w, http.StatusOK, previewResult{HTML: string(h), Errors: []apiError{}, Warnings: nonNil(res.Warnings), Notes: notes, Check: lc, CheckHTML: ch, Resets: resets, Unused: &unused})
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
		sub, prepErr := s.resolveForm(r)
		if prepErr != nil {
			s.writeFormError(w, r, &statusError{status: http.StatusInternalServerError, errs: problems(prepErr)})
			return
		}
		res, err := sub.res, sub.err
		if err != nil {
			page, status := s.page(r, true)
			s.writePage(w, status, page)
			return
		}
		if held := s.heldBack(res); held != nil {
			// The house requires the check to pass: the form again, its
			// check saying what to resolve.
			page, _ := s.page(r, true)
			page.Errors = append(page.Errors, apiError{Message: held.Error()})
			s.writePage(w, http.StatusUnprocessableEntity, page)
			return
		}
		// As produce, keeping the document to check: unless the house
		// requires the check to pass, the download goes ahead whatever it
		// says (the page said it before the button was pressed), and its
		// header repeats the headline.
		out, err := s.cfg.Generator.GenerateResolved(r.Context(), res, []*format.Format{f}, generate.Origin{Source: "serve"})
		var re *recordError
		if errors.As(err, &re) {
			// Made but not recorded, so not issued: the form again, as
			// typed, with the problem at its top.
			e := s.registryFailure(r, "record", re.err)
			page, _ := s.page(r, true)
			page.Errors = append(page.Errors, e.errs...)
			e.setHeaders(w)
			s.writePage(w, e.status, page)
			return
		}
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
		w.Header().Set("Clausemark-Check", checkHeader(s.lawCheck(out.Document, res.Tree)))
		// The page's script confirms the download with the reference.
		w.Header().Set("Clausemark-Document", out.ID)
		if s.cfg.Registry != nil {
			w.Header().Set("Clausemark-Recorded", "true")
		}
		writeAttachment(w, f, fileName(out.Document.Meta.Customer)+f.Extension, out.Outputs[0].Data)
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
	r.Form = url.Values{"_start": {r.Form.Get("_start")}, "_mode": {r.Form.Get("_mode")}}
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
					p.attend(f)
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
	sortByName(out)
	return out
}

// lawCheck is the lawyer's check of the document the form would download,
// as the form shows it beside the download bar: a headline, then each
// problem. The download goes ahead whatever it says; the page says it
// first.
type lawCheck struct {
	OK       bool        `json:"ok"`
	State    string      `json:"state"` // passed, failed, or unchecked: no checklist of processor rules applies (not a pass)
	Headline string      `json:"headline"`
	Against  []string    `json:"against"`  // the checklists applied
	Problems []checkNote `json:"problems"` // what makes the check fail
	Notes    []string    `json:"notes"`    // what the check could not verify
	Blanks   []blankNote `json:"blanks"`   // the fields that leave lines to complete by hand
	// Blocks is set when the house requires the check to pass
	// (library.yaml's check: required) and it fails: the downloads are
	// held back until it passes.
	Blocks bool `json:"blocks"`
}

// checkNote is one problem the check found.
type checkNote struct {
	Kind   string `json:"kind"` // Missing, To complete, Weak, Limit, False claim, Another law, Defined term
	Title  string `json:"title"`
	Ref    string `json:"ref"`    // the article it falls short of
	Phrase string `json:"phrase"` // the words found, quoted on the page
	Value  string `json:"value"`  // a limit's variable and its value
	Why    string `json:"why"`
	Where  string `json:"where"` // clause file:line
}

// lawCheck runs the server's checker over an assembled document whose
// values are tree.
func (s *srv) lawCheck(doc *assemble.Document, tree vars.Tree) *lawCheck {
	return lawCheckOf(s.cfg.Checker.Check(doc, tree))
}

// formCheck is the check as the form shows it above the downloads: with
// the fields that leave lines blank where the document needs them
// completed.
func (s *srv) formCheck(res *library.Resolved, doc *assemble.Document) *lawCheck {
	sum := s.cfg.Checker.Check(doc, res.Tree)
	lc := lawCheckOf(sum)
	lc.Blanks = s.blanks(res, doc, sum)
	if s.cfg.Checker.Refusal(sum) != nil {
		lc.Blocks = true
		why := strings.TrimPrefix(lc.Headline, "The lawyer's check")
		if !strings.HasPrefix(why, ":") {
			why = ""
		}
		lc.Headline = "Download held back: the house requires the lawyer's check to pass" + why
	}
	return lc
}

// lawCheckOf turns a check's summary into the notes the form shows.
func lawCheckOf(sum *check.Summary) *lawCheck {
	lc := &lawCheck{OK: sum.OK, Against: []string{}, Problems: checkNotes(sum), Notes: append([]string{}, sum.Notes...)}
	for _, c := range sum.Checklists {
		lc.Against = append(lc.Against, c.Name)
	}
	parts := failures(sum)
	if sum.Unchecked {
		// Not a pass: the document's obligations were not checked. The
		// form has no --allow-unchecked; it says so in amber.
		lc.OK = false
		lc.Notes = append(lc.Notes, capitalize(sum.UncheckedMessage())+"; only the defined terms and any transfers were checked.")
	}
	lc.State = "failed"
	switch {
	case len(parts) > 0:
		lc.OK = false
		lc.Headline = "The lawyer's check: " + strings.Join(parts, "; ")
	case sum.Unchecked:
		what := "this jurisdiction"
		if sum.Jurisdiction.Name != "" {
			what = capitalize(sum.Jurisdiction.Name)
		}
		lc.State, lc.Headline = "unchecked", "The lawyer's check: no checklist for "+what
	case !lc.OK:
		lc.Headline = "The lawyer's check failed"
	default:
		lc.State, lc.Headline = "passed", "The lawyer's check passed"
	}
	return lc
}

// checkNotes lists each problem the check found, as the form notes it:
// elements missing or to complete, weak wording, limits, false claims,
// another law's problems and defined terms', in that order.
func checkNotes(sum *check.Summary) []checkNote {
	notes := []checkNote{}
	for _, m := range sum.Missing() {
		kind := "Missing"
		if m.Blank {
			kind = "To complete"
		}
		notes = append(notes, checkNote{Kind: kind, Title: m.Title, Ref: m.Ref, Why: m.Explain})
	}
	for _, w := range sum.Weak {
		n := checkNote{Kind: "Weak", Title: w.Title, Ref: w.Ref, Phrase: w.Phrase, Why: w.Why}
		if n.Phrase == "" {
			n.Phrase = w.Quote
		}
		if w.File != "" && w.Line > 0 {
			n.Where = fmt.Sprintf("%s:%d", w.File, w.Line)
		}
		notes = append(notes, n)
	}
	for _, l := range sum.Limits {
		n := checkNote{Kind: "Limit", Title: l.Title, Ref: l.Ref, Why: l.Why}
		if l.Value != "" {
			n.Value = l.Variable + " is " + l.Value
		}
		notes = append(notes, n)
	}
	for _, f := range sum.FalseClaims {
		notes = append(notes, checkNote{Kind: "False claim", Why: f.Message})
	}
	for _, l := range sum.LawProblems {
		notes = append(notes, checkNote{Kind: "Another law", Why: l.Message})
	}
	for _, p := range sum.TermProblems {
		notes = append(notes, checkNote{Kind: "Defined term", Why: p.Message})
	}
	return notes
}

// failures says in a few words each what makes the check fail, for its
// headline: required elements weak or missing, limits failed, and other
// problems, counted.
func failures(sum *check.Summary) []string {
	elements := 0
	for _, e := range sum.Elements {
		if e.Required && !e.Covered {
			elements++
		}
	}
	var parts []string
	if elements > 0 {
		parts = append(parts, plural(elements, "required element", "required elements")+" weak or missing")
	}
	if n := len(sum.Limits); n > 0 {
		parts = append(parts, plural(n, "limit", "limits")+" failed")
	}
	if n := len(sum.FalseClaims) + len(sum.LawProblems) + len(sum.TermProblems); n > 0 {
		other := "problem"
		if len(parts) > 0 {
			other = "other problem"
		}
		parts = append(parts, plural(n, other, other+"s"))
	}
	return parts
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// drawCheck draws the check's notes as the page shows them, for the
// page's script to put beside the download bar.
func (s *srv) drawCheck(lc *lawCheck) (string, error) {
	var b strings.Builder
	if err := s.pages.form.ExecuteTemplate(&b, "lawcheck", lc); err != nil {
		return "", err
	}
	return b.String(), nil
}

// checkHeader is the check's headline as a download's header carries it:
// printable ASCII only.
func checkHeader(lc *lawCheck) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, lc.Headline)
}
