package check

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/textmatch"
	"github.com/clausemark/clausemark/internal/vars"
)

// lawFields are the fields of a jurisdiction row that state the law: a
// document that names one of another jurisdiction's and not its own states
// a fact that does not come from its jurisdiction's row.
var lawFields = []string{"law", "law_short", "rights", "governing_law", "courts", "authority"}

// Foreign is a fact about another jurisdiction's law that a document
// states: a statute, a governing law, courts or an authority.
type Foreign struct {
	Section assemble.Section
	Fact    string // the phrase, as the table writes it
	Of      string // the code of the jurisdiction it belongs to
	Field   string // the table field it comes from
}

func (f Foreign) String() string {
	return fmt.Sprintf("%s names %q, the %s of jurisdiction %s, which is not a fact of this document's jurisdiction", f.Section.Heading(), f.Fact, f.Field, f.Of)
}

// LawFacts lists the facts about the law of another jurisdiction than the
// document's that its text states. A phrase counts only as whole words,
// and only when neither the document's own jurisdiction nor one of the
// same transfer regime states a fact containing it ("GDPR" belongs to "UK
// GDPR"; "the courts of Ireland" may govern the SCCs of a German DPA).
// The jurisdictions of the regimes in also (the processor's own law, which
// keeps its duties under any governing law) share their facts likewise.
func LawFacts(doc *assemble.Document, jurisdictions map[string]vars.Record, also ...string) []Foreign {
	own := doc.Meta.Jurisdiction
	if own == nil {
		return nil
	}
	// The jurisdictions of the same transfer regime share their facts: the
	// Standard Contractual Clauses may choose any Member State's law and
	// courts (Clauses 17 and 18).
	regime, _ := own["transfers"].(string)
	shared := func(r vars.Record) bool {
		id, _ := r["transfers"].(string)
		return id != "" && (id == regime || slices.Contains(also, id))
	}
	var mine []string
	for _, r := range jurisdictions {
		if r["code"] != own["code"] && !shared(r) {
			continue
		}
		for _, f := range lawFields {
			if s, _ := r[f].(string); s != "" {
				mine = append(mine, strings.ToLower(s))
			}
		}
	}
	ownsIt := func(fact string) bool {
		l := strings.ToLower(fact)
		for _, m := range mine {
			if strings.Contains(m, l) {
				return true
			}
		}
		return false
	}
	codes := make([]string, 0, len(jurisdictions))
	for c := range jurisdictions {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	texts := make([]string, len(doc.Sections))
	for i, s := range doc.Sections {
		texts[i] = strings.ToLower(textmatch.PlainText([]byte(s.Text)))
	}
	var out []Foreign
	seen := map[string]bool{}
	for _, code := range codes {
		if code == own["code"] || shared(jurisdictions[code]) {
			continue
		}
		for _, f := range lawFields {
			fact, _ := jurisdictions[code][f].(string)
			if len([]rune(fact)) < 4 || seen[fact] || ownsIt(fact) {
				continue
			}
			l := strings.ToLower(fact)
			for i, t := range texts {
				if containsWhole(t, l) {
					seen[fact] = true
					out = append(out, Foreign{Section: doc.Sections[i], Fact: fact, Of: code, Field: f})
					break
				}
			}
		}
	}
	return out
}

// containsWhole reports whether s holds sub as whole words.
func containsWhole(s, sub string) bool {
	for from := 0; from <= len(s)-len(sub); {
		i := strings.Index(s[from:], sub)
		if i < 0 {
			return false
		}
		i += from
		if textmatch.Whole(s, i, i+len(sub)) {
			return true
		}
		from = i + 1
	}
	return false
}
