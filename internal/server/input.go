package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"slices"
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
	// The form's own: the id of the one box of a list the problem is
	// about, and what the page calls that box ("Subprocessor 1 —
	// Country"). The API leaves them out.
	Target string `json:"target,omitempty"`
	Label  string `json:"label,omitempty"`
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
	status     int
	errs       []apiError
	retryAfter int // seconds, for Retry-After; 0 for none
}

// setHeaders sets the headers e calls for.
func (e *statusError) setHeaders(w http.ResponseWriter) {
	if e.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.retryAfter))
	}
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
	PDFA      *bool           `json:"pdf_a"` // PDF/A-2b or not; unset keeps the server's default
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
	p, err := lib.Prepare(library.Request{Template: req.Template, Variant: req.Variant, Date: s.today(nil)})
	if err != nil {
		return nil, badRequest(err)
	}
	set := vars.Set{}
	if len(req.Variables) > 0 && string(req.Variables) != "null" {
		// The variables are decoded as JSON, by JSON's rules, into nodes
		// that carry positions for the shared validator.
		node, err := vars.ParseJSON(req.Variables)
		var je *vars.JSONError
		if errors.As(err, &je) {
			return nil, &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "variables", Message: fmt.Sprintf("line %d, column %d: %s", je.Line, je.Col, je.Msg)}}}
		}
		if err != nil {
			return nil, badRequest(err)
		}
		set, _, err = vars.ParseMapping(p.Template.Schema, "variables", 0, node)
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

// maxFormRow bounds the row number N in a path.N.field form name; how many
// rows a list may hold is the variable's own bound, checked with the rest.
const maxFormRow = 100000

// formValues converts a submitted form into values for the template, by
// the same validator as a variables file: the fields become one mapping
// (see formNode) that vars.ParseMapping reads, so a value gets the same
// message here as in YAML or JSON. The form's own encoding differs in one
// way: an empty field means "not set", but for a required one, which is
// then given empty, an error naming it rather than its default (the
// date of issue, a house style's value).
func formValues(t *library.Template, form map[string][]string) (vars.Set, error) {
	node, err := formNode(t.Schema, form)
	if err != nil {
		return nil, err
	}
	set, _, err := vars.ParseMapping(t.Schema, "form", 0, node)
	return set, err
}

// formNode turns form fields into a mapping of variable paths. Field names
// are variable paths; a list of texts repeats its name; a list of objects
// names its fields path.N.field, with path.rows marking a list present but
// empty. Names beginning with "_" are the form's controls. Any other name
// is kept, so that an unknown variable is reported as in a file.
func formNode(schema *vars.Schema, form map[string][]string) (*yaml.Node, error) {
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	add := func(key string, n *yaml.Node) { root.Content = append(root.Content, strNode(key), n) }
	rows := map[string]map[int]*yaml.Node{} // list path -> row number -> mapping
	var errs diag.List
	for _, k := range slices.Sorted(maps.Keys(form)) {
		vals := form[k]
		if strings.HasPrefix(k, "_") || len(vals) == 0 {
			continue
		}
		if v := schema.Vars[k]; v != nil {
			if n := varNode(v, vals); n != nil {
				add(k, n)
			} else if v.Required && v.Kind != vars.KindList {
				add(k, nullNode()) // a required field emptied: an error, not its default
			}
			continue
		}
		if list, ok := strings.CutSuffix(k, ".rows"); ok && isObjectList(schema, list) {
			if rows[list] == nil {
				rows[list] = map[int]*yaml.Node{}
			}
			continue
		}
		if list, n, field, ok := rowField(schema, k); ok {
			if err := addRowField(rows, list, n, field, vals[0]); err != nil {
				errs.Add(err)
			}
			continue
		}
		if strings.TrimSpace(vals[0]) != "" {
			add(k, strNode(vals[0]))
		}
	}
	for _, l := range slices.Sorted(maps.Keys(rows)) {
		add(l, rowsNode(rows[l]))
	}
	return root, errs.Err()
}

// strNode is a YAML string.
func strNode(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
}

// nullNode is a value given empty, as "key:" in YAML.
func nullNode() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"} }

// varNode is the value the form sent, as vals, for the declared variable
// v, or nil when there is none: an empty field is not set, and a list of
// objects comes from its rows' fields.
func varNode(v *vars.Var, vals []string) *yaml.Node {
	switch {
	case v.Kind == vars.KindList && v.Items != nil:
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, raw := range vals {
			if strings.TrimSpace(raw) != "" {
				seq.Content = append(seq.Content, strNode(raw))
			}
		}
		return seq
	case v.Kind == vars.KindList:
		return nil // only the path.rows marker carries the bare name
	case v.Kind == vars.KindBool:
		return strNode(vals[len(vals)-1]) // a checkbox follows its hidden "false"
	case strings.TrimSpace(vals[0]) == "":
		return nil
	default:
		return strNode(vals[0])
	}
}

// addRowField sets field to val in row n of list among rows; a row is
// present even when every field in it is empty.
func addRowField(rows map[string]map[int]*yaml.Node, list string, n int, field, val string) error {
	if n < 0 || n > maxFormRow {
		return diag.Errorf("form", 0, 0, list, "row number %d is out of range (0 to %d)", n, maxFormRow)
	}
	if rows[list] == nil {
		rows[list] = map[int]*yaml.Node{}
	}
	m := rows[list][n]
	if m == nil {
		m = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		rows[list][n] = m
	}
	if strings.TrimSpace(val) != "" {
		m.Content = append(m.Content, strNode(field), strNode(val))
	}
	return nil
}

// rowsNode is a list of objects from its rows by number, in order; a row
// left wholly empty is dropped.
func rowsNode(rows map[int]*yaml.Node) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, n := range slices.Sorted(maps.Keys(rows)) {
		if m := rows[n]; len(m.Content) > 0 {
			seq.Content = append(seq.Content, m)
		}
	}
	return seq
}

// isObjectList reports whether path is a list of objects.
func isObjectList(schema *vars.Schema, path string) bool {
	v := schema.Vars[path]
	return v != nil && v.Kind == vars.KindList && v.Items == nil
}

// rowField splits a form name path.N.field of a list of objects.
func rowField(schema *vars.Schema, key string) (list string, n int, field string, ok bool) {
	i := strings.LastIndexByte(key, '.')
	if i < 0 {
		return "", 0, "", false
	}
	field = key[i+1:]
	j := strings.LastIndexByte(key[:i], '.')
	if j < 0 {
		return "", 0, "", false
	}
	list = key[:j]
	if !isObjectList(schema, list) {
		return "", 0, "", false
	}
	idx := key[j+1 : i]
	if len(idx) == 0 || len(idx) > 9 || strings.Trim(idx, "0123456789") != "" {
		return "", 0, "", false
	}
	n, _ = strconv.Atoi(idx)
	return list, n, field, true
}
