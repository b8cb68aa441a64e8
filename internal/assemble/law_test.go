package assemble_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/vars"
)

// homeProcessors are new processors based outside India, each with the
// venue it would choose at home (or none).
var homeProcessors = []struct {
	name, home, country, venue, file string
}{
	{"Berliner", "de", "DE", "Berlin", `processor:
  name: Berliner
  legal_name: Berliner Software GmbH
  country: Germany
  address: [Unter den Linden 1, 10117 Berlin]
  contact: {privacy_email: datenschutz@berliner.example}
`},
	{"Thames", "uk", "GB", "London", `processor:
  name: Thames
  legal_name: Thames Data Ltd
  country: United Kingdom
  address: [1 Bank Street, London E14 5AA]
  contact: {privacy_email: privacy@thames.example}
`},
	{"Alpen", "ch", "CH", "", `processor:
  name: Alpen
  legal_name: Alpen Cloud AG
  country: CH
  contact: {privacy_email: datenschutz@alpen.example}
`},
	{"Paulista", "br", "BR", "São Paulo", `processor:
  name: Paulista
  legal_name: Paulista Tecnologia Ltda.
  country: Brazil
  address: [Avenida Paulista 1000, São Paulo]
  contact: {privacy_email: privacidade@paulista.example}
subprocessors:
  - {name: Nuvem Hosting, purpose: Hosting, location: US}
`},
}

// TestEveryJurisdictionBeyondTheSeeds renders each house style for each
// new processor under every jurisdiction, and reads the result as a lawyer
// would: no other party's identity, venue or country; courts of the
// governing law only; the statutes named; the transfer mechanism that the
// processor's and subprocessors' countries call for.
func TestEveryJurisdictionBeyondTheSeeds(t *testing.T) {
	lib := load(t)
	courtsOf := regexp.MustCompile(`(?i)(the courts[^.]*?|the state and federal courts[^.]*?) (?:have|shall have) exclusive jurisdiction`)
	for _, style := range []string{"opsium", "ojoo"} {
		for _, p := range homeProcessors {
			for _, code := range lib.Schema.Vars["jurisdiction"].Values {
				t.Run(style+"/"+p.name+"/"+code, func(t *testing.T) {
					sets := librarytest.Described("jurisdiction="+code, "customer.name=Globex", "customer.country=IE")
					if code == p.home && p.venue != "" {
						sets = append(sets, "venue="+p.venue)
					}
					if style == "ojoo" {
						sets = append(sets, "processor.services=software and related services")
					}
					req := library.Request{Variant: style, Files: []library.Input{{Name: p.name + ".yaml", Data: []byte(p.file)}}, Sets: sets}
					// Under Brazil's law a processor outside Brazil and the EEA
					// (Thames in the United Kingdom, Alpen in Switzerland) is refused.
					r, assembled := assembledUnlessRefused(t, lib, req, code == "br" && (p.country == "GB" || p.country == "CH"))
					if assembled == nil {
						return
					}
					doc := string(assembled.Markdown)
					j := lib.Jurisdictions[code]

					// Nothing of the seed processors or of India, unless the law is India's.
					for _, leak := range []string{"Ojoo", "OJOO", "Opsium", "opsium.io", "Bengaluru", "Karnataka", "Mithra", "ERP", "HRMS", "support@ojoo.org"} {
						if strings.Contains(doc, leak) {
							t.Errorf("%q appears", leak)
						}
					}
					if code != "in" && strings.Contains(doc, "India") {
						t.Errorf("India appears under %s", code)
					}
					// The courts belong to the governing law.
					m := courtsOf.FindAllStringSubmatch(doc, -1)
					if fmt.Sprint(j["governing_law"]) == "" {
						// A new processor's balanced wording takes the
						// law and courts of the Customer's Member State
						// (Ireland here), as the SCCs do.
						for _, c := range m {
							if c[1] != "the courts of Ireland" && c[1] != "The courts of Ireland" {
								t.Errorf("courts %q without a single governing law, want the Customer's Member State's", c[1])
							}
						}
						if len(m) == 0 {
							t.Error("no courts clause: the balanced wording names the Customer's Member State's")
						}
					} else {
						if len(m) == 0 {
							t.Fatal("no courts clause")
						}
						want := fmt.Sprint(j["courts"])
						if code == p.home && p.venue != "" {
							want = "the courts located in " + p.venue + ", " + fmt.Sprint(j["place"])
						}
						for _, c := range m {
							if !strings.EqualFold(c[1], want) {
								t.Errorf("courts %q, want %q", c[1], want)
							}
						}
						if !strings.Contains(doc, fmt.Sprint(j["governing_law"])) {
							t.Errorf("governing law %q not named", j["governing_law"])
						}
					}
					// The statutes, in full.
					if !strings.Contains(doc, fmt.Sprint(j["law"])) {
						t.Errorf("the statutes %q are not named", j["law"])
					}
					// The mechanism that fits the countries.
					proc, _ := lib.Countries.Get(p.country)
					ie, _ := lib.Countries.Get("IE")
					a := lib.Transfers.Analyze(j, proc, r.Tree["subprocessors"], ie)
					scc := strings.Contains(doc, "Module Two (transfer controller to processor)")
					if scc != a.Module2 {
						t.Errorf("Module Two in the text: %v, needed: %v", scc, a.Module2)
					}
					if got := strings.Contains(doc, "Module Three (transfer processor to processor)"); got != a.Module3 {
						t.Errorf("Module Three in the text: %v, needed: %v", got, a.Module3)
					}
					if got := strings.Contains(doc, "Standard Contractual Clauses (version B1.0)"); got != (a.SCC() && a.Mechanism() == "uk-addendum") {
						t.Errorf("UK Addendum in the text: %v", got)
					}
					if got := strings.Contains(doc, "Adaptations for Switzerland"); got != (a.SCC() && a.Mechanism() == "ch-scc") {
						t.Errorf("Swiss adaptations in the text: %v", got)
					}
					if a.Module2 && !strings.Contains(doc, "Annex I to the Standard Contractual Clauses") {
						t.Error("Module Two without Annex I")
					}
					switch {
					case a.OwnLaw():
						// The processor's own law governs its
						// transfers: its duties are named instead of
						// the jurisdiction's mechanisms.
						if !strings.Contains(doc, a.Home.ProcessorDuties) {
							t.Errorf("the duties of the processor's own law %q not named", a.Home.ProcessorDuties)
						}
					case a.Regime == nil:
						for _, mech := range j["transfer_mechanisms"].([]any) {
							if !strings.Contains(doc, fmt.Sprint(mech)) {
								t.Errorf("mechanism %q of %s not named", mech, code)
							}
						}
					case a.Processor.Adequacy != nil:
						if !strings.Contains(doc, a.Processor.Adequacy.Decision) {
							t.Errorf("adequacy decision %q not named", a.Processor.Adequacy.Decision)
						}
					case a.Processor.Within:
						if !strings.Contains(doc, "processes ") || !strings.Contains(doc, vars.EscapeMarkdown(proc.Name)) {
							t.Errorf("the processor's country %s not named", proc.Name)
						}
					}
				})
			}
		}
	}
}
