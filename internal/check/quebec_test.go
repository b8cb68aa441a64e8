package check

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/vars"
)

// quebecElements are the terms s. 18.3 and s. 17 of Québec's Private
// Sector Act require (templates/checklists/quebec-processor.yaml).
var quebecElements = []string{"qc-purpose", "qc-confidentiality", "qc-no-retention", "qc-violation-notice", "qc-verification", "qc-outside-quebec"}

// quebecCustomer is a Canadian customer at address.
func quebecCustomer(address string) []string {
	return []string{
		"customer.name=Érable Logiciels Inc.",
		"customer.country=Canada",
		"customer.address=[" + address + "]",
	}
}

// TestQuebec renders both styles for Canadian customers inside and
// outside Québec, under Canadian law and two others (a customer in Québec
// contracts under whatever law it agrees; the Act binds it all the same):
// a customer whose address shows Québec gets the Section with the terms
// of s. 18.3 and the assessment of s. 17, and check reads it against the
// Québec checklist; any other gets neither.
func TestQuebec(t *testing.T) {
	lib, err := library.Load(librarytest.Copy(t))
	if err != nil {
		t.Fatal(err)
	}
	checker := NewChecker(lib)
	for _, tc := range []struct {
		name, address string
		quebec        bool
	}{
		{"montreal-postal-code", "1000 rue De La Gauchetière Ouest, Montréal QC H3B 4W5, Canada", true},
		{"quebec-city-by-name", "2 rue des Jardins, Québec, Québec", true},
		{"gatineau-abbreviation", "25 rue Laurier, Gatineau QC", true},
		{"toronto", "100 Queen Street West, Toronto ON M5H 2N2, Canada", false},
		{"quebec-street-in-ontario", "12 Quebec Street, Guelph ON N1H 2T4", false},
		{"no-province", "Ottawa", false},
	} {
		for _, variant := range []string{"opsium", "ojoo"} {
			for _, code := range []string{"ca", "us-ca", "ie"} {
				for _, position := range []string{"balanced", "house"} {
					name := fmt.Sprintf("%s/%s/%s/%s", tc.name, variant, code, position)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						sets := slices.Concat(matrixProcessors[1].sets, quebecCustomer(tc.address), []string{"jurisdiction=" + code, "position=" + position})
						doc, tree := quebecRender(t, lib, variant, sets)
						text := string(doc.Markdown)
						has := strings.Contains(text, "Personal Information from Québec")
						if has != tc.quebec {
							t.Fatalf("the Québec Section is there: %v, want %v", has, tc.quebec)
						}
						sum := checker.Check(doc, tree)
						applied := slices.ContainsFunc(sum.Checklists, func(c ChecklistInfo) bool { return c.ID == "quebec-processor" })
						if applied != tc.quebec {
							t.Errorf("the Québec checklist applied: %v, want %v", applied, tc.quebec)
						}
						if !tc.quebec {
							return
						}
						for _, want := range []string{
							"Act respecting the protection of personal information in the private sector (CQLR, c. P-39.1)",
							"section 18.3 of the Private Sector Act",
							"any violation or attempted violation by any person of any obligation concerning the confidentiality",
							"section 17 of the Private Sector Act requires the Customer to conduct a privacy impact assessment",
						} {
							if !strings.Contains(text, want) {
								t.Errorf("missing %q", want)
							}
						}
						var got []string
						for _, e := range sum.Elements {
							if e.Checklist != "quebec-processor" {
								continue
							}
							got = append(got, e.ID)
							if !e.Covered {
								t.Errorf("%s not covered (weak %v)", e.ID, e.Weak)
							}
						}
						if !slices.Equal(got, quebecElements) {
							t.Errorf("Québec elements checked %v, want %v", got, quebecElements)
						}
						if position == "balanced" && code == "ca" {
							if err := sum.Err(); err != nil {
								t.Errorf("the balanced wording for a customer in Québec fails check:\n%v", err)
							}
						}
					})
				}
			}
		}
	}
}

// TestQuebecCheckFails removes each term of s. 18.3 from the Section, and
// weakens the duty to notify, and expects check to report it.
func TestQuebecCheckFails(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, element string
		weak                    bool
	}{
		{"no-violation-notice", "- shall notify the Customer's person in charge of the protection of personal information, without delay, of any violation or attempted violation by any person of any obligation concerning the confidentiality of that personal information; and\n", "", "qc-violation-notice", false},
		{"notice-as-a-may", "shall notify the Customer's person in charge of the protection of personal information, without delay,", "may notify the Customer's person in charge of the protection of personal information, without delay,", "qc-violation-notice", true},
		{"no-verification", "- shall allow the Customer's person in charge of the protection of personal information to conduct any verification relating to confidentiality requirements.\n", "", "qc-verification", false},
		{"no-retention-term", "- shall not keep that personal information after the Agreement ends, and shall return or destroy it as {{ ref \"deletion\" }} provides;\n", "", "qc-no-retention", false},
		{"assessment-terms-not-applied", "and shall apply any terms the parties agree in writing to mitigate the risks the assessment identifies", "and the parties may agree terms to mitigate the risks the assessment identifies", "qc-outside-quebec", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := librarytest.Copy(t)
			librarytest.Replace(t, fsys, "clauses/quebec.md", tc.old, tc.new)
			lib, err := library.Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			sets := slices.Concat(matrixProcessors[1].sets, quebecCustomer("Montréal QC H3B 4W5"), []string{"jurisdiction=ca", "position=balanced"})
			doc, tree := quebecRender(t, lib, "ojoo", sets)
			sum := NewChecker(lib).Check(doc, tree)
			if sum.Err() == nil {
				t.Fatal("check passes")
			}
			for _, e := range sum.Elements {
				if e.ID != tc.element {
					continue
				}
				if e.Covered || e.Weak != tc.weak {
					t.Errorf("%s: covered %v, weak %v; want weak %v", e.ID, e.Covered, e.Weak, tc.weak)
				}
				return
			}
			t.Errorf("%s is not among the elements checked", tc.element)
		})
	}
}

func quebecRender(t *testing.T, lib *library.Library, variant string, sets []string) (*assemble.Document, vars.Tree) {
	t.Helper()
	return assembleWith(t, lib, variant, styleSets(t, lib, variant, sets)...)
}
