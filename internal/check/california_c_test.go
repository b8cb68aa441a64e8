package check

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/checklist"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/vars"
)

// Issue 26, item 6: check reads the California service-provider terms as
// the CCPA regulations do. The business purposes must be specific (Cal.
// Code Regs. tit. 11, § 7051(a)(2)); the business informs the service
// provider of consumer requests (§ 7051(a)(10)); each sub-service provider
// is notified and bound by a written contract (Cal. Civ. Code
// § 1798.140(ag)(2), § 7051(c)).

// ccpaReport checks a document under us-ca against the CCPA checklist.
func ccpaReport(t *testing.T, m fstest.MapFS, variant string, sets ...string) *Report {
	t.Helper()
	doc, tree, lists := assembled(t, m, variant, append([]string{"jurisdiction=us-ca"}, sets...)...)
	cs := checklist.Select(lists, tree["jurisdiction"].(vars.Record), tree)
	for _, c := range cs {
		if c.ID == "ccpa-service-provider" {
			return Document(doc, c, tree)
		}
	}
	t.Fatalf("us-ca selects no ccpa-service-provider checklist: %v", cs)
	return nil
}

// item returns the report's item for element id.
func item(t *testing.T, r *Report, id string) Item {
	t.Helper()
	for _, it := range r.Items {
		if it.Element.ID == id {
			return it
		}
	}
	t.Fatalf("no element %s in the report", id)
	return Item{}
}

// newProcessor is a processor without a house style: the neutral default
// of ccpa.business_purpose applies.
var newProcessor = []string{
	"processor.name=Paperloop",
	"processor.legal_name=Paperloop, Inc.",
	"processor.contact.privacy_email=privacy@paperloop.example",
}

func TestCCPAPurposeRequestsSubServiceProviders(t *testing.T) {
	lib := librarytest.Copy(t)
	for _, tc := range []struct {
		name    string
		variant string
		sets    []string
		weak    []string // elements weak
		missing []string // elements missing
		note    bool     // the neutral business purposes are noted
	}{
		{"concise seed", "opsium", nil, nil, nil, false},
		{"full seed", "ojoo", nil, nil, nil, false},
		{"concise balanced", "opsium", []string{"position=balanced"}, nil, nil, false},
		{"full balanced", "ojoo", []string{"position=balanced"}, nil, nil, false},
		{"concise new processor", "opsium", newProcessor, nil, nil, true},
		{"concise generic purpose", "opsium", []string{"ccpa.business_purpose=providing the Services under the Agreement"}, []string{"ccpa-business-purpose"}, nil, false},
		{"full generic purpose", "ojoo", []string{"ccpa.business_purpose=performance of the Agreement, as described in this DPA"}, []string{"ccpa-business-purpose"}, nil, false},
		{"full purpose by reference", "ojoo", []string{"ccpa.business_purpose=the purposes set out in the Agreement"}, []string{"ccpa-business-purpose"}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ccpaReport(t, lib, tc.variant, tc.sets...)
			if len(r.Items) != 11 {
				t.Errorf("%d elements, want 11", len(r.Items))
			}
			for _, id := range []string{"ccpa-consumer-requests", "ccpa-sub-service-providers"} {
				if it := item(t, r, id); !it.Required {
					t.Errorf("%s is not required under us-ca", id)
				}
			}
			var weak, missing []string
			for _, it := range r.Items {
				if len(it.Weak) > 0 {
					weak = append(weak, it.Element.ID)
				}
			}
			for _, e := range r.Missing() {
				missing = append(missing, e.ID)
			}
			if !slices.Equal(weak, tc.weak) || !slices.Equal(missing, tc.missing) {
				t.Errorf("weak %v, missing %v; want weak %v, missing %v", weak, missing, tc.weak, tc.missing)
			}
			if r.OK() != (len(tc.weak)+len(tc.missing) == 0) {
				t.Errorf("OK() = %v", r.OK())
			}
			for _, it := range r.Items {
				for _, w := range it.Weak {
					if !strings.Contains(w.Why, "§ 7051(a)(2)") || w.File() != "clauses/ccpa.md" {
						t.Errorf("weakness %v does not cite § 7051(a)(2) in clauses/ccpa.md", w)
					}
				}
			}
			noted := slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "ccpa.business_purpose") })
			if noted != tc.note {
				t.Errorf("notes %q, want the neutral purposes noted: %v", r.Notes, tc.note)
			}
		})
	}
}

// TestCCPAElementsFailWithoutTheirWords: a ccpa clause without the
// consumer-request term, or without notice of sub-service providers and
// their written contract, fails check naming the element.
func TestCCPAElementsFailWithoutTheirWords(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		missing, weak  string
	}{
		{"no consumer-request term",
			"The Customer shall inform {{ .processor.name }} of any consumer request made under the CCPA that {{ .processor.name }} must comply with, and shall provide the information {{ .processor.name }} needs to comply with it.",
			"The Customer may tell {{ .processor.name }} about consumer requests.",
			"ccpa-consumer-requests", ""},
		{"no written contract for a sub-service provider",
			"and shall make each such engagement under a written contract that binds that person to observe all the requirements of this Section and that complies with the CCPA and its regulations.",
			"and may engage it as it sees fit.",
			"", "ccpa-sub-service-providers"},
		{"no notice of a sub-service provider",
			"shall notify the Customer of each person it engages",
			"may engage persons",
			"", "ccpa-sub-service-providers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := librarytest.Copy(t)
			librarytest.Replace(t, m, "clauses/ccpa.md", tc.old, tc.new)
			for _, v := range []string{"opsium", "ojoo"} {
				r := ccpaReport(t, m, v)
				if r.OK() {
					t.Errorf("%s: check passes", v)
				}
				if tc.missing != "" && !slices.ContainsFunc(r.Missing(), func(e *Element) bool { return e.ID == tc.missing }) {
					t.Errorf("%s: %s not missing", v, tc.missing)
				}
				if tc.weak != "" && len(item(t, r, tc.weak).Weak) == 0 {
					t.Errorf("%s: %s not weak", v, tc.weak)
				}
			}
		})
	}
}
