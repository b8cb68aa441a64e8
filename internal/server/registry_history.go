package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/vars"
)

// alsoNamed is the sentence of a verdict that names the ids a file names
// besides the verdict's own, with what the registry holds of each: an
// issued file with another id added names both. It is "" when there are
// none.
func alsoNamed(v *registry.Verdict) string {
	parts := v.OtherNames("2 January 2006")
	if len(parts) == 0 {
		return ""
	}
	if v.ID == "" {
		return " The file names " + strings.Join(parts, ", ") + "."
	}
	return " The file also names " + strings.Join(parts, ", ") + "."
}

// modeNote is the sentence of an issued verdict whose processor identity
// the library does not vouch for, saying whose it is; "" otherwise.
func modeNote(v *registry.Verdict) string {
	if v.Status != registry.Issued || v.Issued == nil || v.Issued.Mode == registry.ModeStandard {
		return ""
	}
	if v.Issued.Mode == registry.ModeHouse {
		return " It was issued in house-style mode: the processor's identity was entered by whoever asked for it, not taken from the library's house style."
	}
	return " It was recorded before the registry kept whether the processor's identity was the library's."
}

// maxIssuanceOffset bounds the offset of a page of issuances: far more
// than any document is issued.
const maxIssuanceOffset = 1 << 30

// issuancePage reads the page of a document's issuances a request asks
// for: limit (1 to registry.MaxIssuances, registry.DefaultIssuances if
// absent) and offset (how many newer ones to skip).
func issuancePage(q url.Values) (registry.Page, *statusError) {
	p := registry.Page{Limit: registry.DefaultIssuances}
	for _, f := range []struct {
		name     string
		min, max int
		to       *int
	}{{"limit", 1, registry.MaxIssuances, &p.Limit}, {"offset", 0, maxIssuanceOffset, &p.Offset}} {
		v := q.Get(f.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < f.min || n > f.max {
			return p, &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: f.name, Message: fmt.Sprintf("%s must be a number from %d to %d", f.name, f.min, f.max)}}}
		}
		*f.to = n
	}
	return p, nil
}

// handleNewFrom shows the form filled in with the values a recorded
// document's newest issuance was asked for, to start a new agreement
// from it: the customer, the terms, the house style. The agreement's
// date is left to the new one. The form then goes on as any other: a
// new starting point chosen there opens the empty form.
func (s *srv) handleNewFrom() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" {
			http.Redirect(w, r, "/?"+r.URL.RawQuery, http.StatusSeeOther)
			return
		}
		d, e := s.document(r, registry.Page{Limit: 1})
		if e != nil {
			writeError(w, e)
			return
		}
		form, err := s.formFrom(d, s.userOf(r.Context()).House)
		if err != nil {
			writeError(w, &statusError{status: http.StatusInternalServerError, errs: []apiError{{Message: "the values recorded for " + d.ID + " cannot be read: " + err.Error()}}})
			return
		}
		r.Form = form
		page, status := s.page(r, true)
		s.writePage(w, status, page)
	})
}

// formFrom returns the form fields that ask for d again: its starting
// point and the values its newest issuance gave, as the form sends them.
// Values the template no longer declares are left out, and so is the
// agreement's date. A document issued in house-style mode opens in that
// mode for a user with the house role; for others, without the
// processor's identity it was given.
func (s *srv) formFrom(d *registry.Document, house bool) (url.Values, error) {
	given, mode := d.Values, ""
	if len(d.Issuances) > 0 {
		given, mode = d.Issuances[0].Given, d.Issuances[0].Mode
	}
	dec := json.NewDecoder(bytes.NewReader(given))
	dec.UseNumber()
	var vals map[string]any
	if err := dec.Decode(&vals); err != nil {
		return nil, err
	}
	lib := s.cfg.Library
	form := url.Values{}
	schema := lib.Schema
	if t, ok := lib.Templates[d.Template]; ok {
		schema = t.Schema
	}
	if _, ok := lib.Variants[d.Variant]; ok {
		form.Set("_start", d.Variant)
	} else {
		form.Set("_start", "template:"+d.Template)
	}
	inHouse := mode == registry.ModeHouse && house
	if inHouse || d.Variant == "" && house {
		form.Set("_mode", houseMode)
	}
	date, _ := schema.RolePath(vars.RoleDate)
	for path, x := range vals {
		v := schema.Vars[path]
		if v == nil || path == date || houseField(schema, path) && !inHouse {
			continue
		}
		addFormValue(form, v, path, x)
	}
	return form, nil
}

// addFormValue adds to form the fields the form sends for variable v at
// path holding x, a value as the registry records it (JSON).
func addFormValue(form url.Values, v *vars.Var, path string, x any) {
	switch x := x.(type) {
	case []any:
		if v.Kind != vars.KindList {
			return
		}
		if v.Items != nil {
			for _, e := range x {
				form.Add(path, fmt.Sprint(e))
			}
			return
		}
		form.Set(path+".rows", "")
		for i, e := range x {
			row, _ := e.(map[string]any)
			for k, fv := range row {
				if _, nested := fv.(map[string]any); !nested {
					form.Set(path+"."+strconv.Itoa(i)+"."+k, fmt.Sprint(fv))
				}
			}
		}
	case map[string]any, nil:
		// Not a value the form has a field for.
	default:
		form.Set(path, fmt.Sprint(x))
	}
}
