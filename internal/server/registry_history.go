package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/registry"
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
