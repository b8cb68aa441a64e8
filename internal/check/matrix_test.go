package check

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// The customer of the lawyer's matrix: established in Vienna, with a data
// protection officer as its contact, and the annexes' transfer details
// complete.
var matrixCustomer = []string{
	"customer.name=Wiener Logistik GmbH",
	"customer.country=Austria",
	"customer.address=[Mariahilfer Straße 1, 1060 Wien, Austria]",
	"customer.contact.name=Dr. Anna Berger",
	"customer.contact.position=Data Protection Officer",
	"customer.contact.email=dpo@wienerlogistik.example",
	"customer.activities=Freight forwarding and warehousing",
	"transfer.data_subjects=[Employees of the Customer, Customers of the Customer]",
	"transfer.data_categories=[Contact details, Shipment records]",
	"transfer.sensitive_data=None",
	"transfer.nature=Hosting, storage and support of the Customer's logistics records",
	"transfer.purpose=Provision of the Services under the Agreement",
}

// The subprocessors every processor of the matrix engages: in the United
// States, India and Germany.
const matrixSubprocessors = "subprocessors=[{name: Amazon Web Services, purpose: Hosting, location: United States}, {name: Ojas Support Pvt Ltd, purpose: Customer support, location: India}, {name: Hetzner Online GmbH, purpose: Backups, location: Germany}]"

// matrixProcessors are the review's processor set-ups: the house style's
// own (the seed), and processors in Germany, the United Kingdom, the
// United States, India and Switzerland, and one in Brazil beside them.
var matrixProcessors = []struct {
	name string
	sets []string
}{
	{"seed", nil},
	{"DE", processor("Datenwerk", "Datenwerk GmbH", "Germany", "Torstraße 1, 10119 Berlin, Germany")},
	{"UK", processor("Ledgerly", "Ledgerly Ltd", "United Kingdom", "1 King Street, London EC2V 8AU, United Kingdom")},
	{"US", processor("Paperloop", "Paperloop, Inc.", "United States", "100 Market Street, San Francisco, CA 94105, United States")},
	{"IN", processor("Sutra", "Sutra Cloud Private Limited", "India", "12 MG Road, Bengaluru 560001, India")},
	{"CH", processor("Alpensoft", "Alpensoft AG", "Switzerland", "Bahnhofstrasse 1, 8001 Zürich, Switzerland")},
	{"BR", processor("Nuvem", "Nuvem Software Ltda.", "Brazil", "Avenida Paulista 1000, 01310-100 São Paulo, Brazil")},
}

// brazilRenders are the matrix's set-ups that Brazil's law lets render:
// Opsium's seed processor names no country, a Brazilian processor is
// inside Brazil, and Germany is in the EEA, which Brazil finds adequate
// (Resolution CD/ANPD No. 32/2026).
var brazilRenders = []string{"opsium/seed", "opsium/DE", "ojoo/DE", "opsium/BR", "ojoo/BR"}

func processor(name, legal, country, address string) []string {
	slug := strings.ToLower(name)
	return []string{
		"processor.name=" + name,
		"processor.legal_name=" + legal,
		"processor.country=" + country,
		"processor.address=[" + address + "]",
		"processor.contact.privacy_email=privacy@" + slug + ".example",
		"processor.website=https://" + slug + ".example",
		"processor.services=document management and workflow software",
		"processor.hosting=Amazon Web Services",
		matrixSubprocessors,
	}
}

// gdprLike are the jurisdictions whose law sets out the processor
// contract's terms as Art. 28 GDPR does: the EU and its Member States, the
// United Kingdom and Switzerland.
var gdprLike = []string{"eu", "ie", "de", "fr", "nl", "uk", "ch"}

// ojooWeak are the elements the Ojoo house wording states as less than a
// duty: Art. 28(3)(e), (f), (g), (h) and Art. 33(2).
var ojooWeak = []string{"data-subject-rights", "compliance-assistance", "deletion", "audits", "breach-notification"}

// TestLawyersMatrix renders the review's matrix, both styles × seven
// processor set-ups × every jurisdiction, for a customer in Vienna, and
// checks each document as clausemark check does: every balanced document
// passes under every law that has processor rules; every house document
// under a GDPR, UK or Swiss law fails, and Ojoo's names the weak duties of
// Art. 28(3)(e) to (h) and 33(2).
func TestLawyersMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 336 documents")
	}
	lib, err := library.Load(librarytest.Copy(t))
	if err != nil {
		t.Fatal(err)
	}
	checker := NewChecker(lib)
	codes := slices.Sorted(func(yield func(string) bool) {
		for c := range lib.Jurisdictions {
			if !yield(c) {
				return
			}
		}
	})
	if len(codes) != 12 {
		t.Fatalf("%d jurisdictions, want the review's 12", len(codes))
	}
	for _, variant := range []string{"opsium", "ojoo"} {
		for _, pr := range matrixProcessors {
			for _, code := range codes {
				for _, position := range []string{"balanced", "house"} {
					name := fmt.Sprintf("%s/%s/%s/%s", variant, pr.name, code, position)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						sets := styleSets(t, lib, variant, slices.Concat(pr.sets, matrixCustomer, []string{"jurisdiction=" + code, "position=" + position}))
						r, err := lib.Resolve(library.Request{Variant: variant, Sets: sets})
						if err != nil {
							t.Fatal(err)
						}
						doc, err := assemble.Assemble(r)
						// Under Brazil's law a processor outside Brazil and
						// the EEA is refused; Opsium's seed, of no country,
						// and the German processor render.
						if librarytest.LGPDRefused(t, code == "br" && !slices.Contains(brazilRenders, variant+"/"+pr.name), err) {
							return
						}
						sum := checker.Check(doc, r.Tree)
						gdpr := slices.Contains(gdprLike, code)
						switch {
						case position == "balanced":
							if err := sum.Err(); err != nil {
								t.Errorf("the balanced wording fails check:\n%v", err)
							}
						case gdpr:
							if sum.OK {
								t.Fatal("the house wording passes check")
							}
							if variant != "ojoo" {
								return
							}
							weak := map[string]bool{}
							for _, w := range sum.Weak {
								weak[w.Element] = true
							}
							for _, id := range ojooWeak {
								if !weak[id] && applies(sum, id) {
									t.Errorf("the house wording is not reported weak on %s (weak: %v)", id, weak)
								}
							}
						}
					})
				}
			}
		}
	}
}

// applies reports whether the document's checklists require element id.
func applies(s *Summary, id string) bool {
	for _, e := range s.Elements {
		if e.ID == id && e.Required {
			return true
		}
	}
	return false
}
