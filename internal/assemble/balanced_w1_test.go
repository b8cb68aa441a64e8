package assemble_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/library"
)

// The balanced wordings of issue 25, part 2, for subprocessors, instructions
// and the processor's purposes (clauses subprocessors, subprocessor-list,
// instructions, purpose, roles, processing-details, processing-description).

// w1Subprocessors lists a German and a US subprocessor, as the review's
// processor set-ups do.
const w1Subprocessors = "subprocessors=[{name: Hetzner Online GmbH, purpose: Hosting, location: Germany}, {name: Mailgun, purpose: E-mail delivery, location: US}]"

// transferData describes what is transferred, as Annex I.B of the SCCs
// requires of a document with Module Two (the Customer's own categories,
// not the general description); a row's own sets come after it.
var transferData = []string{"transfer.data_subjects=[Employees of the Customer, Users of the Services]",
	"transfer.data_categories=[Contact details, Account data]"}

// w1Case is one row: a document, the quoted fix that must be in it and the
// quoted defect that must not.
type w1Case struct {
	name    string
	variant string   // opsium: the concise style; ojoo: the full style
	sets    []string // besides the jurisdiction
	juris   string
	want    []string
	not     []string
}

// phrases renders the case under its jurisdiction for a customer in
// Austria, with the transfer described.
func (c w1Case) phrases() (string, library.Request, []string, []string) {
	sets := slices.Concat([]string{"jurisdiction=" + c.juris, "customer.country=Austria"}, transferData, c.sets)
	return c.name, library.Request{Variant: c.variant, Sets: sets}, c.want, c.not
}

// w1Run renders each case and checks its phrases as running text.
func w1Run(t *testing.T, cases []w1Case) {
	t.Helper()
	runPhrases(t, cases, true)
}

var (
	w1Balanced = []string{"position=balanced"}
	w1House    = []string{"position=house"}
)

// TestBalancedSubprocessors: Art. 28(2) and (4) — notice of each intended
// addition or replacement transfer.notice_days in advance (not of
// "significant changes"), a right to object with termination of the affected
// Services, the same data protection obligations flowed down, the processor
// fully liable, and every authorised subprocessor listed with its function
// and location in both styles.
func TestBalancedSubprocessors(t *testing.T) {
	withSubs := append(slices.Clone(w1Balanced), w1Subprocessors)
	w1Run(t, []w1Case{
		{"concise notice of each change", "opsium", w1Balanced, "de",
			[]string{"inform the Customer in writing of each intended addition or replacement of a Subprocessor at least thirty (30) days before"},
			[]string{"significant changes", "available upon request"}},
		{"concise notice days from the variable", "opsium", append(slices.Clone(w1Balanced), "transfer.notice_days=45"), "uk",
			[]string{"at least forty-five (45) days before the new Subprocessor"}, []string{"thirty (30) days before the new Subprocessor"}},
		{"concise objection and termination", "opsium", w1Balanced, "ch",
			[]string{"The Customer may object to an intended addition or replacement on reasonable grounds", "the Customer may terminate the Services affected by the change"},
			nil},
		{"concise flow-down and liability", "opsium", w1Balanced, "de",
			[]string{"impose on each Subprocessor, by a written contract, the same data protection obligations as this DPA sets out", "remain fully liable to the Customer for the performance of each Subprocessor’s obligations"},
			[]string{"the same data protection and security standards as Opsium"}},
		{"concise lists every subprocessor", "opsium", withSubs, "de",
			[]string{"| Hetzner Online GmbH | Hosting | Germany |", "| Mailgun | E-mail delivery | the United States |"}, nil},
		{"full notice of each change", "ojoo", w1Balanced, "de",
			[]string{"shall inform the Customer in writing of each intended addition or replacement of a Subprocessor at least thirty (30) days before"},
			[]string{"Where appropriate", "may add, replace, suspend, remove, or modify Subprocessors", "reserves the right to add, replace"}},
		{"full objection and termination", "ojoo", w1Balanced, "uk",
			[]string{"The Customer may object to an intended addition or replacement on reasonable grounds", "the Customer may terminate the Services affected by the change"},
			[]string{"where commercially feasible"}},
		{"full flow-down and liability", "ojoo", w1Balanced, "de",
			[]string{"shall impose on each Subprocessor, by a written contract, the same data protection obligations as set out in this DPA", "shall remain fully liable to the Customer for the performance of each Subprocessor's obligations"},
			[]string{"appropriate to the nature of the processing activities performed", "to the extent required by applicable law and subject to the limitations of liability"}},
		{"full appendix lists every subprocessor", "ojoo", withSubs, "in",
			[]string{"## Appendix C – Authorized Subprocessors", "| Hetzner Online GmbH | Hosting | Germany |", "| Mailgun | E-mail delivery | the United States |"},
			[]string{"may be made available through"}},
		{"concise house unchanged", "opsium", w1House, "de",
			[]string{"customers will be notified of any significant changes"}, []string{"each intended addition or replacement"}},
		{"full house unchanged", "ojoo", w1House, "de",
			[]string{"Where appropriate, Ojoo may maintain and make available a list"}, []string{"remain fully liable"}},
	})
}

// TestBalancedInstructions: Art. 28(3)(a) and its last subparagraph —
// documented instructions including transfers, the exception only for the
// law the processor is subject to with notice before processing, and
// immediate notice of an infringing instruction; the concise style carries
// them in its purpose clause.
func TestBalancedInstructions(t *testing.T) {
	w1Run(t, []w1Case{
		{"concise instructions", "opsium", w1Balanced, "de",
			[]string{
				"will process Personal Data only on documented instructions from the Customer, including with regard to transfers of Personal Data to a country outside the EEA or to an international organization, unless required to do so by EU or Member State law to which Opsium is subject",
				"Opsium will inform the Customer of that legal requirement before processing, unless that law prohibits such information on important grounds of public interest",
				"Opsium will immediately inform the Customer if, in its opinion, an instruction infringes data protection law",
			}, nil},
		{"full instructions", "ojoo", w1Balanced, "de",
			[]string{
				"Ojoo shall process Personal Data only on documented instructions from the Customer, including with regard to transfers of Personal Data to a country outside the EEA",
				"unless required to do so by EU or Member State law to which Ojoo is subject. In such a case, Ojoo shall inform the Customer of that legal requirement before processing",
				"Ojoo shall immediately inform the Customer if, in its opinion, an instruction infringes Applicable Data Protection Laws",
			},
			[]string{"unless otherwise required to do so by applicable law", "unless otherwise required by applicable law", "may notify the Customer where legally permissible", "unless prohibited by applicable law"}},
		{"full UK", "ojoo", w1Balanced, "uk", []string{"unless required to do so by the law of the United Kingdom to which Ojoo is subject"}, []string{"EU or Member State law"}},
		{"concise Switzerland", "opsium", w1Balanced, "ch", []string{"unless required to do so by the law of Switzerland to which Opsium is subject", "outside Switzerland"}, nil},
		{"full India", "ojoo", w1Balanced, "in", []string{"unless required to do so by the law of India to which Ojoo is subject"}, nil},
		{"full California", "ojoo", w1Balanced, "us-ca", []string{"unless required to do so by the law of California or federal law of the United States to which Ojoo is subject"}, nil},
		{"concise EU", "opsium", w1Balanced, "eu", []string{"unless required to do so by EU or Member State law to which Opsium is subject"}, nil},
		{"concise house unchanged", "opsium", w1House, "de",
			[]string{"according to the Customer’s documented instructions;"}, []string{"legal requirement before processing"}},
		{"full house unchanged", "ojoo", w1House, "de",
			[]string{"unless otherwise required to do so by applicable law"}, []string{"immediately inform the Customer if, in its opinion"}},
	})
}

// TestBalancedOwnPurposes: Art. 28(10) — "improve" leaves the purposes
// (fixing defects and security as provided to the customer stay); the
// processor is a controller only of the account and billing data it
// collects itself; anonymized information only on the Customer's
// instruction, never re-identified; under us-ca the California terms
// prevail, stated.
func TestBalancedOwnPurposes(t *testing.T) {
	w1Run(t, []w1Case{
		{"concise purposes", "opsium", w1Balanced, "de",
			[]string{"to provide the Services to the Customer under the Agreement, which includes keeping them secure and fixing defects in them", "will not process Personal Data for its own purposes", "not to develop, train, or improve its products"},
			[]string{"provide, maintain, and improve", "analytics and reporting -", "prevails over this DPA"}},
		{"full purposes", "ojoo", w1Balanced, "de",
			[]string{"solely for the purpose of providing the Services to the Customer under the Agreement", "fixing defects in them, as they are provided to the Customer", "shall not use Personal Data to develop, train, or improve its products or services"},
			[]string{"security, improvement, and delivery of the Services", "support, secure, improve, and deliver the Services", "maintain, secure, support, improve, and deliver the Services", "prevails over this DPA"}},
		{"full independent controller only for account and billing data", "ojoo", w1Balanced, "de",
			[]string{"acts as an independent Controller only for the account and billing data that it collects itself", "never acts as a Controller of Personal Data that the Customer or its users submit to"},
			[]string{"Business operations, analytics, and service improvement.", "for its own legitimate business purposes, including account administration"}},
		{"full anonymized information only on instruction", "ojoo", w1Balanced, "uk",
			[]string{"except where the Customer has instructed it in writing to anonymize Personal Data", "shall not attempt to re-identify any natural person or the Customer", "derives that information from the account and billing data that it collects itself"},
			[]string{"Nothing in this DPA restricts Ojoo from creating, using, retaining, or disclosing aggregated"}},
		{"concise California terms prevail", "opsium", w1Balanced, "us-ca",
			[]string{"Where Opsium processes personal information subject to the CCPA, [Section"}, nil},
		{"full California terms prevail", "ojoo", w1Balanced, "us-ca",
			[]string{"prevails over this DPA on the purposes for which that personal information is retained, used, or disclosed", "(California Service Provider Terms)](#", "prevails over this subsection"}, nil},
		{"concise house unchanged", "opsium", w1House, "de",
			[]string{"as necessary to provide, maintain, and improve the Opsium services;"}, []string{"fixing defects"}},
		{"full house unchanged", "ojoo", w1House, "de",
			[]string{"Business operations, analytics, and service improvement.", "for purposes such as analytics, security, service improvement, research, benchmarking, reporting, and product development"},
			[]string{"account and billing data"}},
	})
}

// w1Elements are the checklist elements these clauses claim.
var w1Elements = []string{"instructions", "subprocessors", "subject-matter", "nature-purpose", "personal-data-types", "data-subject-categories", "controller-obligations"}

var w1Files = []string{"clauses/subprocessors.md", "clauses/subprocessor-list.md", "clauses/instructions.md", "clauses/purpose.md",
	"clauses/roles.md", "clauses/processing-details.md", "clauses/processing-description.md"}

// TestBalancedW1Check: the lawyer's check finds every element these
// clauses claim covered, and nothing weak in them, in both balanced styles
// under every jurisdiction; the house wordings stay weak under the GDPR and
// the UK GDPR; the subprocessor notice limit still fails below 14 days.
func TestBalancedW1Check(t *testing.T) {
	lib := load(t)
	checker := check.NewChecker(lib)
	summary := func(t *testing.T, variant string, sets ...string) *check.Summary {
		t.Helper()
		req := library.Request{Variant: variant, Sets: slices.Concat([]string{"customer.country=Austria"}, transferData, sets)}
		// Ojoo's processor is in India: under Brazil's law rendering
		// refuses it; Opsium's, of no country, renders.
		return checked(t, lib, checker, req, variant == "ojoo" && slices.Contains(sets, "jurisdiction=br"))
	}
	for _, variant := range []string{"opsium", "ojoo"} {
		for _, j := range []string{"eu", "ie", "de", "fr", "nl", "uk", "ch", "in", "us-ca", "br", "ca", "au"} {
			t.Run(variant+"/"+j, func(t *testing.T) {
				s := summary(t, variant, "position=balanced", "jurisdiction="+j, w1Subprocessors)
				if s == nil {
					return
				}
				assertSound(t, s, w1Elements, w1Files)
			})
		}
	}
	for _, tc := range []struct {
		variant, juris string
		weak           []string
	}{
		{"opsium", "de", []string{"subprocessors", "instructions"}},
		{"ojoo", "de", []string{"subprocessors", "instructions"}},
		{"ojoo", "uk", []string{"subprocessors", "instructions"}},
	} {
		t.Run("house/"+tc.variant+"/"+tc.juris, func(t *testing.T) {
			assertWeak(t, summary(t, tc.variant, "jurisdiction="+tc.juris), tc.weak)
		})
	}
	t.Run("notice below 14 days", func(t *testing.T) {
		s := summary(t, "ojoo", "position=balanced", "jurisdiction=de", "transfer.notice_days=7")
		if !limitFails(s, "subprocessor-notice-days", "7") {
			t.Errorf("limit subprocessor-notice-days does not fail at 7 days: %+v", s.Limits)
		}
	})
}

// w1Elsewhere is a German processor with a subprocessor in India, as the
// review's new processor: no on-premise deployment.
var w1Elsewhere = []string{"position=balanced", "processor.name=Datenwerk", "processor.legal_name=Datenwerk GmbH", "processor.country=Germany",
	"processor.contact.privacy_email=privacy@datenwerk.example", "processor.services=logistics software and support",
	"processor.offerings=software and support services", "processor.products=[Logistics software.]", "processor.purposes=[Provide the Services.]",
	"processor.address=[Friedrichstraße 1, 10117 Berlin, Germany]",
	"subprocessors=[{name: Ojas Support Pvt Ltd, purpose: Customer support, location: India}]"}

// TestBalancedReviewW1: the lawyer's review of the balanced documents
// (issue 25): each row the fix present and the defect absent; the house
// rows keep the published text.
func TestBalancedReviewW1(t *testing.T) {
	w1Run(t, []w1Case{
		// Item 2: Appendix A states no deployment model the processor may not offer.
		{"full A.10 states no on-premise deployment", "ojoo", w1Elsewhere, "de",
			[]string{"### A.10 Infrastructure", "Datenwerk processes Personal Data on the infrastructure and through the Subprocessors listed in [Appendix C (Authorized Subprocessors)]"},
			[]string{"### A.10 Deployment Models"}},
		{"full house A.10 unchanged", "ojoo", w1House, "de",
			[]string{"Ojoo may provide Services through either customer-managed infrastructure (on-premise deployments)"}, []string{"### A.10 Infrastructure"}},
		// Item 5: a confirmation does not oblige the processor to infringe.
		{"full infringing instruction not obliged", "ojoo", w1Balanced, "de",
			[]string{"until the Customer withdraws or changes it, or confirms it in writing with its reasons; Ojoo is not obliged to carry out an instruction that would infringe Applicable Data Protection Laws."},
			[]string{"until the Customer confirms or changes it in writing."}},
		// Item 10: "important grounds of public interest" only under the GDPR and the UK GDPR.
		{"full instructions, California: no public-interest ground", "ojoo", w1Balanced, "us-ca",
			[]string{"Ojoo shall inform the Customer of that legal requirement before processing, unless that law prohibits such information."},
			[]string{"important grounds of public interest"}},
		{"concise instructions, India: no public-interest ground", "opsium", w1Balanced, "in",
			[]string{"Opsium will inform the Customer of that legal requirement before processing, unless that law prohibits such information."},
			[]string{"important grounds of public interest"}},
		{"full instructions, UK keeps the ground", "ojoo", w1Balanced, "uk",
			[]string{"unless that law prohibits such information on important grounds of public interest."}, nil},
		// Item 11: this DPA calls itself "this DPA".
		{"full scope says this DPA", "ojoo", w1Balanced, "de",
			[]string{"This DPA applies whenever Ojoo processes Personal Data"}, []string{"This Data Processing Agreement applies whenever"}},
		// Item 12: one description of data and data subjects, in Appendix A.
		{"full one description of data and data subjects", "ojoo", w1Balanced, "de",
			[]string{"The categories of Personal Data and the categories of Data Subjects are those described in [Appendix A (Description of Processing Activities)]", "- Prospective customers and leads."},
			[]string{"Applicants and prospective employees.", "Website visitors and platform users.", "Financial and transaction-related information."}},
		{"full house keeps two lists", "ojoo", w1House, "de",
			[]string{"Applicants and prospective employees.", "- Prospective customers and leads."}, []string{"are those described in"}},
		// Item 13: sensitive data under laws without "special categories".
		{"concise sensitive data, Switzerland", "opsium", w1Balanced, "ch",
			[]string{"does not knowingly process special categories of Personal Data or other Personal Data that applicable data protection law treats as sensitive unless"},
			[]string{"(e.g., health, biometric, religious data)"}},
		{"full sensitive data, Australia", "ojoo", w1Balanced, "au",
			[]string{"special categories of Personal Data, or of other Personal Data that Applicable Data Protection Laws treat as sensitive,", "### A.6 Special Categories and Sensitive Personal Data"},
			[]string{"Where the Customer chooses to process special categories of Personal Data through the Services"}},
		{"concise house keeps the examples", "opsium", w1House, "ch",
			[]string{"special categories of personal data (e.g., health, biometric, religious data)"}, []string{"treats as sensitive"}},
		// Item 15 and nits: the California terms prevail over the subsection;
		// a privacy notice, not an undefined Privacy Policy; the duty to
		// comply stated once, in the scope section.
		{"full roles", "ojoo", w1Balanced, "us-ca",
			[]string{"(California Service Provider Terms)](#", "prevails over this subsection.", "governed by Ojoo's privacy notice and applicable laws"},
			[]string{"prevails over this Section.", "Ojoo's Privacy Policy", "Each party shall be responsible for complying with its respective obligations"}},
		{"full house roles", "ojoo", w1House, "de",
			[]string{"Ojoo's Privacy Policy", "Each party shall be responsible for complying with its respective obligations"}, nil},
		// Nit: the Opsium voice in the shared appendix.
		{"concise subprocessor list says will", "opsium", w1Balanced, "au",
			[]string{"Opsium will add a Subprocessor to this list only after informing the Customer of it in advance", "and will provide the current list to the Customer on request."},
			[]string{"Opsium shall add a Subprocessor"}},
	})
}

// TestBalancedAppendixANoOnPremise: the balanced Appendix A claims no
// on-premise deployment for any processor (review item 2; the transfers
// section's own deployment text is that clause's).
func TestBalancedAppendixANoOnPremise(t *testing.T) {
	lib := load(t)
	for _, tc := range []struct {
		name string
		sets []string
		want bool
	}{
		{"balanced, new processor", append(slices.Clone(w1Elsewhere), "jurisdiction=de"), false},
		{"balanced, Ojoo", []string{"position=balanced", "jurisdiction=in"}, false},
		{"house, Ojoo", []string{"position=house", "jurisdiction=in"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md := render(t, lib, library.Request{Variant: "ojoo", Sets: slices.Concat([]string{"customer.country=Austria"}, transferData, tc.sets)})
			start := strings.Index(md, "## Appendix A")
			end := strings.Index(md, "## Appendix B")
			if start < 0 || end < start {
				t.Fatalf("no Appendix A before Appendix B")
			}
			if got := strings.Contains(md[start:end], "on-premise"); got != tc.want {
				t.Errorf("Appendix A mentions on-premise deployments: %v, want %v", got, tc.want)
			}
		})
	}
}
