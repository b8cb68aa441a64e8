package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
	"go.yaml.in/yaml/v3"
)

// apiError is one problem, tied to a variable path where there is one.
type apiError struct {
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

type apiErrors struct {
	Errors []apiError `json:"errors"`
}

// problems turns an error from the library or the validator into API errors.
func problems(err error) []apiError {
	var list diag.List
	if !errors.As(err, &list) {
		var e *diag.Error
		if errors.As(err, &e) {
			list = diag.List{e}
		}
	}
	if len(list) == 0 {
		return []apiError{{Message: err.Error()}}
	}
	out := make([]apiError, 0, len(list))
	for _, e := range list {
		msg := e.Error()
		if e.Err != nil && e.Variable != "" {
			msg = e.Err.Error()
		}
		out = append(out, apiError{Path: e.Variable, Message: msg})
	}
	return out
}

// statusError is an error with the HTTP status it calls for.
type statusError struct {
	status int
	errs   []apiError
}

func (e *statusError) Error() string { return e.errs[0].Message }

func badRequest(err error) *statusError {
	return &statusError{status: http.StatusBadRequest, errs: problems(err)}
}

// renderRequest is the body of /api/v1/validate and /api/v1/render.
type renderRequest struct {
	Template  string          `json:"template"`
	Variant   string          `json:"variant"`
	Variables json.RawMessage `json:"variables"`
	Format    string          `json:"format"`
}

// decodeJSON reads a JSON request body, enforcing its type and size.
func (s *srv) decodeJSON(w http.ResponseWriter, r *http.Request, v any) *statusError {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &statusError{status: http.StatusUnsupportedMediaType, errs: []apiError{{Message: "the body must be JSON, sent with Content-Type: application/json"}}}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &statusError{status: http.StatusRequestEntityTooLarge, errs: []apiError{{Message: fmt.Sprintf("the body is larger than %d bytes", s.cfg.MaxBody)}}}
		}
		return &statusError{status: http.StatusBadRequest, errs: []apiError{{Message: "malformed JSON: " + err.Error()}}}
	}
	if dec.More() {
		return &statusError{status: http.StatusBadRequest, errs: []apiError{{Message: "malformed JSON: more than one value in the body"}}}
	}
	return nil
}

// resolveJSON checks a render request against the library.
func (s *srv) resolveJSON(req *renderRequest) (*library.Resolved, *statusError) {
	lib := s.cfg.Library
	p, err := lib.Prepare(library.Request{Template: req.Template, Variant: req.Variant})
	if err != nil {
		return nil, badRequest(err)
	}
	set := vars.Set{}
	if len(req.Variables) > 0 && string(req.Variables) != "null" {
		var node yaml.Node
		if err := yaml.Unmarshal(req.Variables, &node); err != nil || len(node.Content) == 0 {
			return nil, &statusError{status: http.StatusBadRequest, errs: []apiError{{Message: "variables must be a JSON object"}}}
		}
		set, _, err = vars.ParseMapping(p.Template.Schema, "variables", 0, node.Content[0])
		if err != nil {
			return nil, badRequest(err)
		}
	}
	r, err := p.Resolve(set)
	if err != nil {
		return nil, badRequest(err)
	}
	return r, nil
}

// formValues converts a submitted form into values for the template. Field
// names are variable paths; a list of texts repeats its name; a list of
// objects names its fields path.N.field. Empty fields are not set.
func formValues(t *library.Template, form map[string][]string) (vars.Set, error) {
	set := vars.Set{}
	var errs diag.List
	src := vars.Source{File: "form"}
	for _, p := range t.Schema.Paths() {
		v := t.Schema.Vars[p]
		var x any
		var err error
		switch {
		case v.Kind == vars.KindList && v.Items != nil:
			var items []any
			for _, raw := range form[p] {
				if strings.TrimSpace(raw) == "" {
					continue
				}
				it, err := v.Items.ParseString(raw)
				if err != nil {
					errs.Add(diag.Errorf("", 0, 0, p, "%w", err))
					continue
				}
				items = append(items, it)
			}
			if _, present := form[p]; present || len(items) > 0 {
				x = items
			}
		case v.Kind == vars.KindList:
			x, err = objectRows(v, form)
		case v.Kind == vars.KindBool:
			if vals, ok := form[p]; ok && len(vals) > 0 {
				x, err = v.ParseString(vals[len(vals)-1])
			}
		default:
			vals := form[p]
			if len(vals) == 0 || strings.TrimSpace(vals[0]) == "" {
				continue
			}
			x, err = v.ParseString(vals[0])
		}
		if err != nil {
			errs.Add(diag.Errorf("", 0, 0, p, "%w", err))
			continue
		}
		if x != nil {
			set[p] = vars.Value{V: x, Src: src}
		}
	}
	return set, errs.Err()
}

// objectRows collects path.N.field form fields into list items, in N order;
// rows left wholly empty are dropped.
func objectRows(v *vars.Var, form map[string][]string) (any, error) {
	rows := map[int]map[string]string{}
	marker := v.Path + ".rows"
	for key, vals := range form {
		rest, ok := strings.CutPrefix(key, v.Path+".")
		if !ok || len(vals) == 0 {
			continue
		}
		idx, field, ok := strings.Cut(rest, ".")
		n, err := strconv.Atoi(idx)
		if !ok || err != nil || n < 0 || n > 1000 {
			continue
		}
		if rows[n] == nil {
			rows[n] = map[string]string{}
		}
		rows[n][field] = vals[0]
	}
	_, present := form[marker]
	if len(rows) == 0 && !present {
		return nil, nil
	}
	keys := make([]int, 0, len(rows))
	for n := range rows {
		keys = append(keys, n)
	}
	sort.Ints(keys)
	items := []any{}
	for _, n := range keys {
		row := rows[n]
		empty := true
		for _, val := range row {
			if strings.TrimSpace(val) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		obj := map[string]any{}
		for _, f := range v.Fields {
			raw := strings.TrimSpace(row[f.Path])
			if raw == "" {
				if f.Required {
					return nil, fmt.Errorf("row %d: %s is required", len(items)+1, f.Path)
				}
				obj[f.Path] = vars.Text("")
				continue
			}
			x, err := f.ParseString(raw)
			if err != nil {
				return nil, fmt.Errorf("row %d: %s %w", len(items)+1, f.Path, err)
			}
			obj[f.Path] = x
		}
		items = append(items, obj)
	}
	return items, nil
}
