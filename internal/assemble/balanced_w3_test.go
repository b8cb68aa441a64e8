package assemble_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/library"
)

// The frame of the balanced wordings (issue 25, part 2): defined terms,
// liability, changes, governing law, and the term they hang on. Each test
// renders the text and looks for the quoted fix and the quoted defect; the
// house rows show the published wording unchanged.

// w3Customer is the lawyer's customer: in Vienna, with a contact.
var w3Customer = []string{
	"customer.name=Wiener Logistik GmbH",
	"customer.country=Austria",
	"customer.address=[Mariahilfer Straße 1, 1060 Wien, Austria]",
	"customer.contact.name=Dr. Anna Berger",
	"customer.contact.email=dpo@wienerlogistik.example",
}

// w3Processor is a new processor in the United States with a
// subprocessor in India, so that the SCCs apply under a GDPR, UK or Swiss
// jurisdiction; each style gets the details it prints.
func w3Processor(variant string) []string {
	sets := newProcessor(variant, "Paperloop", "Paperloop, Inc.", "United States", "100 Market Street, San Francisco, CA 94105, United States")
	if variant == "ojoo" {
		return sets
	}
	return append(sets, "processor.legal_url=https://paperloop.example/dpa")
}

type w3Row struct {
	name    string
	variant string
	sets    []string
	want    []string // the fix (or, in a house row, the published text)
	not     []string // the defect (or, in a house row, the fix)
}

// phrases renders the row with the transfer described.
func (r w3Row) phrases() (string, library.Request, []string, []string) {
	return r.name, library.Request{Variant: r.variant, Sets: slices.Concat(transferData, r.sets)}, r.want, r.not
}

// w3Run renders each row and checks its phrases in the Markdown as it is.
func w3Run(t *testing.T, rows []w3Row) {
	t.Helper()
	runPhrases(t, rows, false)
}

func w3Sets(s ...[]string) []string { return slices.Concat(s...) }

func w3Balanced(j string) []string { return []string{"position=balanced", "jurisdiction=" + j} }

// w3House is the published wording for the lawyer's customer in Vienna
// (a document with the SCCs names the exporter's authority).
func w3House(j string) []string { return []string{"jurisdiction=" + j, "customer.country=Austria"} }

// TestBalancedDefinedTerms: "Agreement" is the main contract and this
// document "this DPA"; Services, Personal Data and Subprocessor are
// defined once; a Security Incident is any breach, not a confirmed one.
func TestBalancedDefinedTerms(t *testing.T) {
	w3Run(t, []w3Row{
		{"concise: the DPA is not the Agreement", "opsium", w3Sets(w3Balanced("eu"), w3Customer),
			[]string{"This Data Processing Agreement (“DPA”) is made between Opsium (“Processor”) and Wiener Logistik GmbH (“Customer”, “Controller”).",
				"under which Opsium provides its services to the Customer (the “Agreement”)",
				"- **Services** means the services Opsium provides", "- **Personal Data** means any information relating to an identified or identifiable natural person",
				"- **Subprocessor** means any other processor"},
			[]string{"(“Agreement” or “DPA”)", "This Agreement ensures compliance"}},
		{"concise house calls itself the Agreement", "opsium", w3House("eu"),
			[]string{"This Data Processing Agreement (“Agreement” or “DPA”) forms part of"},
			[]string{"(the “Agreement”)"}},
		{"concise, new processor under uk", "opsium", w3Sets(w3Balanced("uk"), w3Customer, w3Processor("opsium")),
			[]string{"between Paperloop, Inc. (“Paperloop”, “Processor”) and Wiener Logistik GmbH", "(personal data or personal information under the UK GDPR)"},
			[]string{"(“Agreement” or “DPA”)"}},
		{"full: the Agreement excludes this DPA", "ojoo", w3Sets(w3Balanced("de"), w3Customer),
			[]string{"Although this DPA forms part of the Agreement, references in this DPA to the Agreement do not include this DPA.",
				"- **Security Incident** means a breach of security leading to the accidental or unlawful destruction",
				"(a personal data breach within the meaning of Article 4(12) of the GDPR)",
				"Capitalized terms not defined in this DPA have the meanings given to them in the Agreement."},
			[]string{"means a confirmed event", "Privacy Policy, or applicable service documentation", `"we", "our", or "us"`, "It does not include this DPA, which forms part of it."}},
		{"full house", "ojoo", w3House("de"),
			[]string{"- **Security Incident** means a confirmed event", `("Ojoo", "we", "our", or "us")`},
			[]string{"references in this DPA to the Agreement do not include this DPA"}},
		{"full under in names the DPDP Act's roles", "ojoo", w3Balanced("in"),
			[]string{"the Controller is the data fiduciary (section 2(i))"},
			[]string{"Article 4(12)"}},
		{"full under us-ca names the CCPA's roles", "ojoo", w3Sets(w3Balanced("us-ca"), w3Processor("ojoo")),
			[]string{"Paperloop is its service provider (section 1798.140(ag))"},
			[]string{"Article 4(12)"}},
	})
}

// TestBalancedLiability: the cap chosen is the cap, and it never limits
// liability towards data subjects (Art. 82; SCC Clause 12 where the SCCs
// apply).
func TestBalancedLiability(t *testing.T) {
	amount := []string{"liability.cap.basis=amount", "liability.cap.amount=2500000", "liability.cap.currency=EUR"}
	w3Run(t, []w3Row{
		{"concise, SCCs apply", "opsium", w3Sets(w3Balanced("de"), w3Customer, w3Processor("opsium")),
			[]string{"This limitation does not apply to liability towards data subjects (Article 82 of the GDPR; Clause 12 of the SCCs), which nothing in this DPA or the Agreement limits",
				"Paperloop is liable for the acts and omissions of its Subprocessors as for its own."},
			[]string{"unless otherwise required by law"}},
		{"concise, no SCCs, uk", "opsium", w3Balanced("uk"),
			[]string{"liability towards data subjects (Article 82 of the UK GDPR), which"},
			[]string{"SCCs"}},
		{"concise, agreement basis refers to the main contract", "opsium", w3Sets(w3Balanced("in"), []string{"liability.cap.basis=agreement"}),
			[]string{"is subject to the limitations of liability in the Agreement.", "This limitation does not apply to liability towards data subjects, which"},
			nil},
		{"concise house", "opsium", w3House("de"),
			[]string{"shall not exceed the total fees paid by the Customer during the twelve (12) months preceding the incident, unless otherwise required by law."},
			[]string{"liability towards data subjects"}},
		{"full, amount is the cap", "ojoo", w3Sets(w3Balanced("ch"), w3Customer, w3Processor("ojoo"), amount),
			[]string{"shall not exceed EUR 2,500,000. This limit applies to such claims in place of any limitation of liability in the Agreement.",
				"- liability towards Data Subjects, including under Article 32 of the FADP and Clause 12 of the SCCs;",
				"Paperloop remains fully liable to the Customer for the performance of each Subprocessor's obligations"},
			[]string{"If the Agreement does not contain a liability limitation provision", "shall not be responsible for acts, omissions, failures, security incidents"}},
		{"full house, amount only a fallback", "ojoo", w3Sets(w3House("in"), amount),
			[]string{"If the Agreement does not contain a liability limitation provision, Ojoo's total aggregate liability under this DPA shall not exceed EUR 2,500,000."},
			[]string{"liability towards Data Subjects"}},
	})
}

// TestBalancedLiabilityLimit: the checklist limit liability-data-subjects
// (Art. 82) passes for the balanced wording and fails for the house one.
func TestBalancedLiabilityLimit(t *testing.T) {
	lib := load(t)
	checker := check.NewChecker(lib)
	for _, variant := range []string{"opsium", "ojoo"} {
		for _, j := range []string{"de", "uk"} {
			for _, position := range []string{"balanced", "house"} {
				t.Run(variant+"/"+j+"/"+position, func(t *testing.T) {
					req := library.Request{Variant: variant, Sets: slices.Concat([]string{"jurisdiction=" + j, "position=" + position, "customer.country=Austria"}, transferData)}
					sum := checked(t, lib, checker, req, false)
					failed := slices.ContainsFunc(sum.Limits, func(l check.LimitInfo) bool { return l.ID == "liability-data-subjects" })
					if failed != (position == "house") {
						t.Errorf("liability-data-subjects failed: %v, want %v (limits: %+v)", failed, position == "house", sum.Limits)
					}
				})
			}
		}
	}
}

// TestBalancedChanges: the processor changes the DPA only where law
// requires it or protection is not reduced, with notice and a right to
// object or terminate; the SCCs are never changed (Clause 2(a)).
func TestBalancedChanges(t *testing.T) {
	w3Run(t, []w3Row{
		{"concise, SCCs apply", "opsium", w3Sets(w3Balanced("de"), w3Customer, w3Processor("opsium")),
			[]string{"Paperloop may change this DPA only where:", "at least thirty (30) days before it takes effect",
				"the Customer may terminate the affected Services, without penalty", "No change to this DPA modifies the SCCs, except to add or update the information in their Appendix (Clause 2(a) of the SCCs)."},
			[]string{"may modify this DPA to reflect", "updates to security practices"}},
		{"concise, SCCs may apply later", "opsium", w3Balanced("eu"),
			[]string{"Where the parties or a Subprocessor enter into the standard contractual clauses of Commission Implementing Decision (EU) 2021/914"},
			nil},
		{"concise, no transfer regime", "opsium", w3Balanced("in"),
			[]string{"Opsium may change this DPA only where:"},
			[]string{"standard contractual clauses", "SCCs"}},
		{"concise house", "opsium", w3House("eu"),
			[]string{"Opsium may modify this DPA to reflect:", "Material changes will be communicated in advance."},
			[]string{"may change this DPA only where"}},
		{"full, SCCs apply", "ojoo", w3Sets(w3Balanced("uk"), w3Customer, w3Processor("ojoo")),
			[]string{"Paperloop may change this DPA without the Customer's agreement only where:",
				"the Customer may terminate the Agreement as far as it concerns the Services affected by the change",
				"No change to this DPA modifies the SCCs, except to add or update the information in their Appendix, as Clause 2(a) of the SCCs permits."},
			[]string{"constitutes acceptance of the updated DPA", "Where reasonably practicable, Paperloop may provide notice"}},
		{"full house", "ojoo", w3House("in"),
			[]string{"the Customer's continued use of the Services after the effective date of a revised DPA constitutes acceptance of the updated DPA"},
			[]string{"may change this DPA without the Customer's agreement only where"}},
	})
}

// TestBalancedGoverningLaw: one law and one set of courts per document,
// in place of the Agreement's; under eu (no governing law of its own) the
// law and courts of the Customer's country in the EEA, as for the SCCs.
func TestBalancedGoverningLaw(t *testing.T) {
	w3Run(t, []w3Row{
		{"full, one rule", "ojoo", w3Sets(w3Balanced("de"), []string{"venue=Munich"}, w3Customer),
			[]string{"This DPA shall be governed by the laws of the Federal Republic of Germany. This Section applies to this DPA in place of any choice of law or of courts in the Agreement.",
				"The parties agree that the courts located in Munich, Germany shall have exclusive jurisdiction"},
			[]string{"governed by and construed in accordance with the laws governing the Agreement", "Unless otherwise agreed in writing between the parties, this DPA shall be governed by"}},
		{"full house: two rules", "ojoo", w3Sets(w3House("de"), []string{"venue=Munich"}),
			[]string{"governed by and construed in accordance with the laws governing the Agreement", "Unless otherwise agreed in writing between the parties, this DPA shall be governed by the laws of the Federal Republic of Germany."},
			[]string{"in place of any choice of law"}},
		{"full under eu: the Customer's country, as the SCCs", "ojoo", w3Sets(w3Balanced("eu"), []string{"venue="}, w3Customer, w3Processor("ojoo")),
			[]string{"This DPA shall be governed by the laws of Austria.", "the courts of Austria shall have exclusive jurisdiction",
				"the SCCs are governed by the law of Austria", "sets out under their Clauses 17 and 18"},
			nil},
		{"concise under eu: the Customer's country", "opsium", w3Sets(w3Balanced("eu"), w3Customer),
			[]string{"This DPA is governed by the laws of Austria. The courts of Austria have exclusive jurisdiction over any dispute arising out of or relating to this DPA"},
			nil},
		{"concise under eu, the Customer unknown", "opsium", w3Balanced("eu"),
			[]string{"This DPA is governed by the laws of the country in the European Economic Area in which the Customer is established or, where the Customer is not established in the European Economic Area, the laws of the Member State in which the Customer’s representative under Article 27 of the GDPR is established. The courts of that country"},
			nil},
		{"concise under eu, a Customer outside the EEA and a processor in it", "opsium", w3Sets(w3Balanced("eu"), []string{"customer.country=United States", "processor.name=Datenwerk", "processor.legal_name=Datenwerk GmbH", "processor.country=Germany", "processor.contact.privacy_email=privacy@datenwerk.example", "processor.hosting=Hetzner"}),
			[]string{"This DPA is governed by the laws of Germany. The courts of Germany have exclusive jurisdiction"},
			nil},
		{"concise house under eu: no governing law", "opsium", w3House("eu"),
			nil,
			[]string{"This DPA is governed by"}},
		{"concise, venue", "opsium", w3Sets(w3Balanced("ch"), []string{"venue=Geneva"}),
			[]string{"This DPA is governed by the laws of Switzerland. The courts located in Geneva, Switzerland have exclusive jurisdiction", "in place of any in the Agreement"},
			nil},
	})
}

// TestBalancedTerm: the full style states once when the DPA starts and
// ends (the house wording: on first use, and automatically with the
// Agreement, and for "legitimate business requirements").
func TestBalancedTerm(t *testing.T) {
	w3Run(t, []w3Row{
		{"full", "ojoo", w3Balanced("in"),
			[]string{"This DPA ends when all Personal Data has been returned or deleted in accordance with [Section",
				"applies to the processing of Personal Data in connection with the Services for as long as [Section"},
			[]string{"the date the Customer first accesses", "shall terminate automatically upon the termination or expiration of the Agreement", "legitimate business requirements", "Maintain backup and disaster recovery systems."}},
		{"full house", "ojoo", w3House("in"),
			[]string{"shall terminate automatically upon the termination or expiration of the Agreement", "legitimate business requirements"},
			[]string{"This DPA ends when all Personal Data"}},
	})
}

// TestBalancedFrameEverywhere renders both styles under every
// jurisdiction, for the seed and for a new processor, and checks that the
// frame's clauses leave no defined-terms problem (undefined, unused or
// duplicate) and that the Art. 82 limit passes wherever a checklist has it.
func TestBalancedFrameEverywhere(t *testing.T) {
	lib := load(t)
	checker := check.NewChecker(lib)
	frame := []string{"definitions", "preamble", "liability", "changes", "governing-law", "contact", "closing", "term", "signatures"}
	for _, variant := range []string{"opsium", "ojoo"} {
		for _, who := range []string{"seed", "new"} {
			for _, j := range slices.Sorted(func(yield func(string) bool) {
				for c := range lib.Jurisdictions {
					if !yield(c) {
						return
					}
				}
			}) {
				t.Run(variant+"/"+who+"/"+j, func(t *testing.T) {
					s := w3Sets(w3Balanced(j), w3Customer)
					if who == "new" {
						s = w3Sets(s, w3Processor(variant))
					}
					if variant == "ojoo" && j != "in" {
						s = append(s, "venue=")
					}
					// Ojoo's processor is in India and the new one in the
					// United States: under Brazil's law rendering refuses
					// them; Opsium's, of no country, renders.
					sum := checked(t, lib, checker, library.Request{Variant: variant, Sets: slices.Concat(transferData, s)}, j == "br" && (variant == "ojoo" || who == "new"))
					if sum == nil {
						return
					}
					for _, p := range sum.TermProblems {
						if slices.Contains(frame, strings.TrimSuffix(strings.TrimPrefix(p.File, "clauses/"), ".md")) {
							t.Errorf("defined terms: %s", p.Message)
						}
					}
					for _, l := range sum.Limits {
						if l.ID == "liability-data-subjects" {
							t.Errorf("limit fails: %s", l.Message)
						}
					}
				})
			}
		}
	}
}

// w3Onward is a new processor in Germany with a subprocessor in India:
// under a GDPR jurisdiction only the processor's SCCs of Module Three,
// to which the Customer is no party.
func w3Onward(variant string) []string {
	return append(w3Processor(variant), "processor.country=Germany")
}

// TestBalancedReviewW3: the lawyer's review of the balanced documents
// (issue 25): each row the fix present and the defect absent; the house
// rows keep the published text.
func TestBalancedReviewW3(t *testing.T) {
	w3Run(t, []w3Row{
		// Item 6: the exclusion of indirect loss does not reach breach costs or the Art. 82(5) recourse.
		{"full liability: breach costs and recourse are direct loss", "ojoo", w3Sets(w3Balanced("de"), w3Customer),
			[]string{"The Customer's reasonable costs of investigating, notifying and remedying a Security Incident caused by Ojoo's breach of this DPA, and compensation the Customer pays to Data Subjects for damage that Ojoo caused, are direct loss."},
			nil},
		{"concise liability in Opsium's voice", "opsium", w3Balanced("de"),
			[]string{"for all claims related to this DPA will not exceed the total fees paid by the Customer under the Agreement"},
			[]string{"for all claims related to this DPA shall not exceed"}},
		// Item 7: the law cited with its article, or none where English takes none.
		{"full: rights under the applicable laws, no bare statute", "ojoo", w3Sets(w3Balanced("in"), w3Customer),
			[]string{"Nothing in this Section limits the rights that Applicable Data Protection Laws give to Data Subjects and to Supervisory Authorities, including any right of Data Subjects to bring proceedings before the courts those laws make available to them."},
			[]string{"under DPDP Act", "Data Principals and the Data Protection Board of India under"}},
		{"concise: under the GDPR", "opsium", w3Sets(w3Balanced("de"), w3Customer),
			[]string{"without prejudice to the rights of data subjects and supervisory authorities under the GDPR."},
			[]string{"under GDPR"}},
		{"concise: under PIPEDA", "opsium", w3Sets(w3Balanced("ca"), w3Customer),
			[]string{"under PIPEDA.", "(personal data or personal information under PIPEDA)"},
			[]string{"under the PIPEDA"}},
		{"concise house: no article", "opsium", w3House("de"),
			nil,
			[]string{"under the GDPR)"}},
		// Item 8: the Customer is no party to a Subprocessor's SCCs.
		{"full, only Module Three: no Clauses 17 and 18 of Section 10", "ojoo", w3Sets(w3Balanced("de"), w3Customer, w3Onward("ojoo"), []string{"venue="}),
			[]string{"The SCCs between Paperloop and a Subprocessor are governed by the law, and disputes arising from them are resolved by the courts, that those SCCs choose under their Clauses 17 and 18."},
			[]string{"The SCCs are governed by the law, and disputes arising from them are resolved by the courts, that [Section", "No change to this DPA modifies the SCCs"}},
		{"concise, only Module Three", "opsium", w3Sets(w3Balanced("eu"), w3Customer, w3Onward("opsium")),
			[]string{"The SCCs between Paperloop and a Subprocessor are governed by the law, and disputes arising from them are resolved by the courts, that those SCCs choose under their Clauses 17 and 18.",
				"Where the parties or a Subprocessor enter into the standard contractual clauses of Commission Implementing Decision (EU) 2021/914"},
			[]string{"that [Section", "No change to this DPA modifies the SCCs"}},
		{"full, Module Two alone: the SCCs' law in Section 10", "ojoo", w3Sets(w3Balanced("de"), w3Customer, w3Processor("ojoo"), []string{"venue=", "subprocessors=[{name: Hetzner Online GmbH, purpose: Hosting, location: Germany}]"}),
			[]string{"The SCCs are governed by the law, and disputes arising from them are resolved by the courts, that [Section", "No change to this DPA modifies the SCCs"},
			[]string{"The SCCs between Paperloop and a Subprocessor", "to which the Customer is a party"}},
		{"full, Module Two and Module Three: each its own law", "ojoo", w3Sets(w3Balanced("de"), w3Customer, w3Processor("ojoo"), []string{"venue="}),
			[]string{"The SCCs to which the Customer is a party are governed by the law, and disputes arising from them are resolved by the courts, that [Section",
				"The SCCs between Paperloop and a Subprocessor are governed by the law, and disputes arising from them are resolved by the courts, that those SCCs choose"},
			nil},
		{"full, Module Four and Module Three: each its own law", "ojoo", w3Sets(w3Balanced("de"), w3Onward("ojoo"), []string{"customer.name=Globex Corporation", "customer.country=United States", "venue="}),
			[]string{"The SCCs to which the Customer is a party are governed by the law, and disputes arising from them are resolved by the courts, that [Section",
				"The SCCs between Paperloop and a Subprocessor are governed by the law, and disputes arising from them are resolved by the courts, that those SCCs choose",
				"No change to this DPA modifies the SCCs"},
			nil},
		// Item 9: a Supervisory Authority that every law has.
		{"full: Supervisory Authority, California", "ojoo", w3Sets(w3Balanced("us-ca"), w3Customer),
			[]string{"- **Supervisory Authority** means any public authority competent to supervise or enforce Applicable Data Protection Laws."},
			[]string{"an independent public authority responsible for monitoring"}},
		{"full: Supervisory Authority, Ireland", "ojoo", w3Sets(w3Balanced("ie"), w3Customer, []string{"venue="}),
			[]string{"competent to supervise or enforce Applicable Data Protection Laws, such as the Data Protection Commission."},
			nil},
		{"full house: Supervisory Authority", "ojoo", w3House("de"),
			[]string{"- **Supervisory Authority** means any governmental, regulatory, judicial, or administrative authority"}, nil},
		// Nit: the roles under the DPDP Act stand apart from the next paragraph.
		{"full under in: its own paragraph", "ojoo", w3Balanced("in"),
			[]string{"a Data Subject is a data principal (section 2(j)).\n\nOther terms that Applicable Data Protection Laws define"},
			[]string{"(section 2(j)).\nOther terms"}},
		{"full under de: one blank line before other terms", "ojoo", w3Sets(w3Balanced("de"), w3Customer),
			[]string{"Applicable Data Protection Laws.\n\nOther terms that Applicable Data Protection Laws define"},
			[]string{"Laws.\n\n\nOther terms"}},
		// Nit: defined terms capitalized.
		{"concise notices of Personal Data Breaches", "opsium", w3Balanced("de"),
			[]string{"including notice of each Personal Data Breach and of each new Subprocessor"},
			[]string{"notices of personal data breaches"}},
	})
}
