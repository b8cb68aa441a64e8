package assemble_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/library"
)

// w2Row is one row of the tests of the balanced duties (issue 25, part
// 2, "Mandatory duties written as duties"): a document, the words the fix
// puts in it and the words of the defect it removes. A house row shows
// the published wording unchanged: the defect is still there.
type w2Row struct {
	name    string
	variant string   // opsium: the concise style; ojoo: the full style
	sets    []string // besides the variant's values
	want    []string // each must be in the document
	not     []string // none may be in it
}

// w2Balanced and w2House are the position settings of the rows.
const (
	w2Balanced = "position=balanced"
	w2House    = "position=house"
)

// phrases renders the row for a customer in Vienna, as in the lawyer's
// documents: a document with the SCCs names the exporter's authority.
func (r w2Row) phrases() (string, library.Request, []string, []string) {
	sets := slices.Concat([]string{"customer.country=Austria"}, transferData, r.sets)
	return r.name, library.Request{Variant: r.variant, Sets: sets}, r.want, r.not
}

// w2Run renders each row and checks its phrases as running text.
func w2Run(t *testing.T, rows []w2Row) {
	t.Helper()
	runPhrases(t, rows, true)
}

// TestBalancedDataSubjectRequests: Art. 28(3)(e): the processor assists
// with data subjects' requests by appropriate technical and organisational
// measures, as a duty; never "may assist" or "where reasonably
// practicable".
func TestBalancedDataSubjectRequests(t *testing.T) {
	w2Run(t, []w2Row{
		{"full de", "ojoo", []string{w2Balanced, "jurisdiction=de"},
			[]string{"Ojoo shall, taking into account the nature of the processing, assist the Customer by appropriate technical and organizational measures, insofar as this is possible, in fulfilling the Customer's obligation to respond to requests from Data Subjects",
				"Ojoo shall provide such assistance in time for the Customer to meet the time limits"},
			[]string{"Ojoo may assist the Customer in responding to Data Subject requests", "Where reasonably practicable"}},
		{"full in", "ojoo", []string{w2Balanced},
			[]string{"Ojoo shall assist the Customer in responding to Data Subject requests by:"},
			[]string{"may assist", "Where reasonably practicable"}},
		{"concise eu", "opsium", []string{w2Balanced},
			[]string{"Opsium will assist the Customer by appropriate technical and organizational measures, insofar as this is possible, in responding to requests from data subjects"},
			[]string{"Opsium assists the Customer in responding to data subject requests"}},
		{"concise uk", "opsium", []string{w2Balanced, "jurisdiction=uk"},
			[]string{"Opsium will assist the Customer by appropriate technical and organizational measures"},
			[]string{"Opsium assists the Customer"}},
		{"house full keeps may", "ojoo", []string{w2House, "jurisdiction=de"},
			[]string{"Where reasonably practicable and taking into account the nature of the Services, Ojoo may assist the Customer in responding to Data Subject requests"},
			nil},
		{"house concise keeps no duty", "opsium", nil,
			[]string{"Opsium assists the Customer in responding to data subject requests"},
			[]string{"Opsium will assist the Customer by appropriate"}},
	})
}

// TestBalancedComplianceAssistance: Art. 28(3)(f) with Arts. 32 to 36:
// assistance with data protection impact assessments and prior
// consultation (and security and breaches) is a duty in both styles; the
// concise style, which has no assistance clause, carries it in its
// data-subject-rights clause.
func TestBalancedComplianceAssistance(t *testing.T) {
	w2Run(t, []w2Row{
		{"full de", "ojoo", []string{w2Balanced, "jurisdiction=de"},
			[]string{"Ojoo shall assist the Customer in ensuring compliance with the Customer's obligations under Applicable Data Protection Laws concerning data protection impact assessments, prior consultation of Supervisory Authorities, the security of processing, and the notification of Security Incidents",
				"shall assist the Customer in any prior consultation of a Supervisory Authority"},
			[]string{"Where required by applicable law, Ojoo may provide", "Ojoo may provide reasonable assistance", "Where reasonably practicable and legally permissible"}},
		{"full ch", "ojoo", []string{w2Balanced, "jurisdiction=ch"},
			[]string{"concerning data protection impact assessments, prior consultation of Supervisory Authorities"},
			[]string{"Ojoo may provide reasonable", "Ojoo may provide information"}},
		{"concise de", "opsium", []string{w2Balanced, "jurisdiction=de"},
			[]string{"Opsium will also assist the Customer in ensuring compliance with its obligations under applicable data protection law concerning: - data protection impact assessments; - prior consultations with a supervisory authority, where the law provides for them; - the security of processing;"},
			[]string{"Opsium also assists the Customer with data protection impact assessments"}},
		{"house full", "ojoo", []string{w2House, "jurisdiction=de"},
			[]string{"Where required by applicable law, Ojoo may provide reasonable information available to it"},
			nil},
		{"house concise", "opsium", nil,
			[]string{"Opsium also assists the Customer with data protection impact assessments and prior consultations"},
			[]string{"Opsium will also assist"}},
	})
}

// TestBalancedAudits: Art. 28(3)(h): all information necessary to
// demonstrate compliance, and audits, including inspections, by the
// controller or an auditor it mandates; cost terms that do not defeat
// the right. The duty to inform of an infringing instruction is the
// instructions clause's (balanced_w1_test.go).
func TestBalancedAudits(t *testing.T) {
	w2Run(t, []w2Row{
		{"full de", "ojoo", []string{w2Balanced, "jurisdiction=de"},
			[]string{"Ojoo shall make available to the Customer all information necessary to demonstrate compliance",
				"shall allow for and contribute to audits, including inspections, conducted by the Customer or by another auditor mandated by the Customer",
				"Where an audit finds that Ojoo has materially breached this DPA, Ojoo shall bear the costs of that audit",
				"beyond one in a calendar year"},
			[]string{"Where permitted by Ojoo", "reasonable information necessary", "Where required by applicable law or contractual obligations"}},
		{"full uk", "ojoo", []string{w2Balanced, "jurisdiction=uk"},
			[]string{"all information necessary to demonstrate compliance", "another auditor mandated by the Customer"},
			[]string{"Where permitted by"}},
		{"concise eu", "opsium", []string{w2Balanced},
			[]string{"Opsium will make available to the Customer all information necessary to demonstrate compliance",
				"Opsium will allow for and contribute to audits, including inspections, conducted by the Customer or by an independent auditor the Customer mandates",
				"Opsium bears the costs of that audit"},
			[]string{"Opsium may charge reasonable fees for audits exceeding the normal scope"}},
		{"house full", "ojoo", []string{w2House, "jurisdiction=de"},
			[]string{"Where permitted by Ojoo, audits may be conducted by an independent third-party auditor", "reasonable information necessary to demonstrate compliance"},
			nil},
		{"house concise", "opsium", nil,
			[]string{"Opsium may charge reasonable fees for audits exceeding the normal scope."},
			[]string{"all information necessary to demonstrate compliance"}},
	})
}

// TestBalancedBreachNotice: Art. 33(2) and 28(3)(f): notice without undue
// delay after becoming aware (never "confirmed"), within
// incident.notice_hours where set, with the contents of Art. 33(3) in
// phases (Art. 33(4)); FADP Art. 24(3) under ch, Cal. Civ. Code
// § 1798.82(b) under us-ca.
func TestBalancedBreachNotice(t *testing.T) {
	contents := []string{
		"the categories and approximate number of Data Subjects concerned and the categories and approximate number of personal data records concerned",
		"data protection officer or other contact point",
		"The likely consequences of the Security Incident",
		"including measures to mitigate its possible adverse effects",
		"in phases without undue further delay",
	}
	w2Run(t, []w2Row{
		{"full de 48 hours", "ojoo", []string{w2Balanced, "jurisdiction=de", "incident.notice_hours=48"},
			append([]string{"Ojoo shall notify the Customer of a Security Incident without undue delay, and in any event within forty-eight (48) hours, after becoming aware of it.",
				"Ojoo shall not delay the notification until its investigation is complete"}, contents...),
			[]string{"confirmed Security Incident", "commercially reasonable", "may provide information regarding"}},
		{"full in without hours", "ojoo", []string{w2Balanced},
			[]string{"Ojoo shall notify the Customer of a Security Incident without undue delay after becoming aware of it."},
			[]string{"confirmed", "commercially reasonable timeframe"}},
		{"full ch", "ojoo", []string{w2Balanced, "jurisdiction=ch", "incident.notice_hours=24"},
			[]string{"Ojoo shall notify the Customer of a Security Incident as quickly as possible and without undue delay, and in any event within twenty-four (24) hours, after becoming aware of it."},
			[]string{"confirmed"}},
		{"full us-ca", "ojoo", []string{w2Balanced, "jurisdiction=us-ca"},
			[]string{"Ojoo shall notify the Customer immediately following its discovery"},
			[]string{"confirmed Security Incident"}},
		{"concise uk", "opsium", []string{w2Balanced, "jurisdiction=uk", "incident.notice_hours=36"},
			[]string{"Opsium will notify the Customer of any Personal Data Breach without undue delay, and in any event within thirty-six (36) hours, after becoming aware of it.",
				"the nature of the Personal Data Breach, including the categories and approximate number of data subjects and of personal data records concerned",
				"data protection officer or other contact point", "the likely consequences of the Personal Data Breach",
				"it will give it in phases as it becomes available, without undue further delay"},
			[]string{"share all relevant information available at the time"}},
		{"house full keeps confirmed", "ojoo", []string{w2House, "jurisdiction=de"},
			[]string{"Where Ojoo becomes aware of a confirmed Security Incident", "within a commercially reasonable timeframe"},
			nil},
		{"house concise", "opsium", nil,
			[]string{"share all relevant information available at the time"},
			[]string{"approximate number of data subjects"}},
	})
}

// TestBalancedDeletion: Art. 28(3)(g): return or deletion at the end of
// the services at the controller's choice, existing copies deleted, and
// storage only where EU or Member State law (the jurisdiction's law
// elsewhere) requires it; deletion.days kept. The duration clause ends
// the same way.
func TestBalancedDeletion(t *testing.T) {
	defects := []string{"legal, regulatory, or contractual obligations", "legitimate business", "may retain Personal Data", "required or permitted by applicable law", "reasonable steps to delete"}
	w2Run(t, []w2Row{
		{"full de", "ojoo", []string{w2Balanced, "jurisdiction=de", "deletion.days=30"},
			[]string{"Ojoo shall, at the choice of the Customer, return all Personal Data to the Customer or delete it, and shall delete all existing copies within thirty (30) days after the end of the Services, unless EU or Member State law requires storage of the Personal Data."},
			defects},
		{"full uk", "ojoo", []string{w2Balanced, "jurisdiction=uk"},
			[]string{"shall delete all existing copies without undue delay after the end of the Services, unless the law of the United Kingdom requires storage of the Personal Data."},
			append([]string{"EU or Member State law"}, defects...)},
		{"full ch", "ojoo", []string{w2Balanced, "jurisdiction=ch"},
			[]string{"unless the law of Switzerland requires storage of the Personal Data."}, defects},
		{"full in", "ojoo", []string{w2Balanced},
			[]string{"unless the law of India requires storage of the Personal Data."}, defects},
		{"full us-ca", "ojoo", []string{w2Balanced, "jurisdiction=us-ca"},
			[]string{"unless the law of California or federal law of the United States requires storage of the Personal Data."}, defects},
		// Under Brazil's law Ojoo's Indian processor is refused
		// (TestBalancedW2Check); a processor in the EEA, which Brazil
		// finds adequate, renders.
		{"full br", "ojoo", []string{w2Balanced, "jurisdiction=br", "processor.country=Germany"},
			[]string{"unless the law of Brazil requires storage"}, defects},
		{"full ca", "ojoo", []string{w2Balanced, "jurisdiction=ca"},
			[]string{"unless the law of Canada requires storage"}, defects},
		{"full au", "ojoo", []string{w2Balanced, "jurisdiction=au"},
			[]string{"unless the law of Australia requires storage"}, defects},
		{"concise eu", "opsium", []string{w2Balanced},
			[]string{"When the Services end, Opsium will, at the Customer’s choice: - return all Personal Data to the Customer",
				"and will delete all existing copies, including those held by its Subprocessors and in backups, within 30 days after the end of the Services, unless EU or Member State law requires storage of the Personal Data.",
				"and will store it longer only where EU or Member State law requires storage."},
			defects},
		{"concise uk", "opsium", []string{w2Balanced, "jurisdiction=uk"},
			[]string{"will store it longer only where the law of the United Kingdom requires storage.", "unless the law of the United Kingdom requires storage of the Personal Data."},
			defects},
		{"house full", "ojoo", []string{w2House, "jurisdiction=de"},
			[]string{"support legitimate business operations", "Ojoo may retain Personal Data"},
			nil},
		{"house concise duration", "opsium", nil,
			[]string{"thereafter only as required for legal, regulatory, or contractual obligations"},
			nil},
	})
}

// TestBalancedConfidentiality: Art. 28(3)(b): persons authorised to
// process have committed themselves to confidentiality or are under a
// statutory obligation; disclosures only where the law to which the
// processor is subject requires them, with notice first (Art. 28(3)(a));
// no use for the processor's own purposes (Art. 28(10)).
func TestBalancedConfidentiality(t *testing.T) {
	w2Run(t, []w2Row{
		{"full de", "ojoo", []string{w2Balanced, "jurisdiction=de"},
			[]string{"Ojoo shall ensure that all persons it authorizes to process Personal Data have committed themselves to confidentiality or are under an appropriate statutory obligation of confidentiality",
				"Disclose Personal Data only where EU or Member State law to which Ojoo is subject requires it"},
			[]string{"shall make reasonable efforts to notify the Customer before disclosing", "legitimate business, operational"}},
		{"concise eu", "opsium", []string{w2Balanced},
			[]string{"have committed themselves to confidentiality in writing or are under an appropriate statutory obligation of confidentiality",
				"Opsium will disclose Personal Data to a court or public authority only where EU or Member State law to which it is subject requires it"},
			[]string{"delivering, maintaining, or improving the services", "Sub-Processors", "obligations related to fraud prevention"}},
		{"house full", "ojoo", []string{w2House, "jurisdiction=de"},
			[]string{"shall make reasonable efforts to notify the Customer before disclosing"},
			nil},
		{"house concise", "opsium", nil,
			[]string{"not use customer data for any purpose other than delivering, maintaining, or improving the services"},
			nil},
	})
}

// TestBalancedSecurity: Art. 28(3)(c) and Art. 32: measures appropriate
// to the risk as a duty in both styles (the concise style's in its
// confidentiality clause), including the means Art. 32(1) names.
func TestBalancedSecurity(t *testing.T) {
	w2Run(t, []w2Row{
		{"full de", "ojoo", []string{w2Balanced, "jurisdiction=de"},
			[]string{"Ojoo shall implement and maintain appropriate technical and organizational measures to ensure a level of security appropriate to the risk",
				"The ability to restore the availability of and access to Personal Data in a timely manner",
				"Encryption of Personal Data at rest, including in backups."},
			[]string{"Ojoo may implement technical safeguards", "Ojoo may utilize security measures"}},
		{"concise eu", "opsium", []string{w2Balanced},
			[]string{"Opsium will implement and maintain technical and organizational measures that ensure a level of security appropriate to the risk",
				"a process for regularly testing, assessing and evaluating the effectiveness of these measures"},
			[]string{"bank-level security controls"}},
		{"house full", "ojoo", []string{w2House, "jurisdiction=de"},
			[]string{"Ojoo may implement technical safeguards designed to protect Personal Data"},
			nil},
	})
}

// w2Elements are the checklist elements these clauses claim.
var w2Elements = []string{"data-subject-rights", "compliance-assistance", "breach-notification", "deletion", "audits", "confidentiality", "security", "duration"}

var w2Files = []string{"clauses/data-subject-rights.md", "clauses/assistance.md", "clauses/incidents.md", "clauses/audits.md",
	"clauses/deletion.md", "clauses/duration.md", "clauses/security.md", "clauses/security-measures.md", "clauses/confidentiality.md"}

// w2Titles are the headings of these clauses' sections.
var w2Titles = []string{"Data Subject Rights", "Assistance and Cooperation", "Security Incidents", "Personal Data Breach", "Audits and Compliance",
	"Return or Deletion", "Data Retention and Deletion", "Duration of Processing", "Security Measures", "Confidentiality"}

// w2Summary checks the document of variant with sets, for a customer in
// Vienna with a DPO contact.
func w2Summary(t *testing.T, lib *library.Library, checker *check.Checker, variant string, sets ...string) *check.Summary {
	t.Helper()
	sets = slices.Concat([]string{"customer.name=Wiener Logistik GmbH", "customer.country=Austria", "customer.contact.name=Dr. Anna Berger",
		"customer.contact.position=Data Protection Officer", "customer.contact.email=dpo@wienerlogistik.example"}, transferData, sets)
	// Ojoo's processor is in India: under Brazil's law rendering refuses
	// it; Opsium's, of no country, renders.
	return checked(t, lib, checker, library.Request{Variant: variant, Sets: sets}, variant == "ojoo" && slices.Contains(sets, "jurisdiction=br"))
}

// TestBalancedW2Check: the lawyer's check finds every element these
// clauses claim covered and nothing weak, no false claim, no term problem
// and no other jurisdiction's law in them, in both balanced styles under
// every jurisdiction; the house wordings stay weak under the GDPR and the
// UK GDPR (Art. 28(3)(e), (f), (g), (h) and 33(2)); the breach notice limit
// fails above 48 hours under the GDPR, the UK GDPR and the FADP, whichever
// wording.
func TestBalancedW2Check(t *testing.T) {
	lib := load(t)
	checker := check.NewChecker(lib)
	for _, variant := range []string{"opsium", "ojoo"} {
		for _, j := range []string{"eu", "ie", "de", "fr", "nl", "uk", "ch", "in", "us-ca", "br", "ca", "au"} {
			t.Run(variant+"/"+j, func(t *testing.T) {
				s := w2Summary(t, lib, checker, variant, w2Balanced, "jurisdiction="+j, "incident.notice_hours=24", "deletion.days=30")
				if s == nil {
					return
				}
				assertSound(t, s, w2Elements, w2Files)
				for _, p := range s.LawProblems {
					for _, title := range w2Titles {
						if strings.Contains(p.Section, title) {
							t.Errorf("another jurisdiction's law: %s", p.Message)
						}
					}
				}
				for _, l := range s.Limits {
					if l.ID == "breach-notice-hours" {
						t.Errorf("limit: %s", l.Message)
					}
				}
			})
		}
	}
	for _, tc := range []struct {
		variant, juris string
		weak           []string
	}{
		{"ojoo", "de", []string{"data-subject-rights", "compliance-assistance", "breach-notification", "deletion", "audits"}},
		{"ojoo", "uk", []string{"data-subject-rights", "compliance-assistance", "breach-notification", "deletion", "audits"}},
		{"ojoo", "eu", []string{"data-subject-rights", "compliance-assistance", "breach-notification", "deletion", "audits"}},
		{"opsium", "eu", []string{"data-subject-rights", "compliance-assistance", "audits"}},
	} {
		t.Run("house/"+tc.variant+"/"+tc.juris, func(t *testing.T) {
			assertWeak(t, w2Summary(t, lib, checker, tc.variant, "jurisdiction="+tc.juris), tc.weak)
		})
	}
	for _, tc := range []struct {
		variant, juris, position string
		fails                    bool
	}{
		{"ojoo", "de", w2Balanced, true},
		{"opsium", "uk", w2Balanced, true},
		{"ojoo", "ch", w2Balanced, true},
		{"ojoo", "de", w2House, true},
		{"ojoo", "in", w2Balanced, false}, // no 48-hour rule in India's checklist
	} {
		t.Run("limit/"+tc.variant+"/"+tc.juris+"/"+tc.position, func(t *testing.T) {
			s := w2Summary(t, lib, checker, tc.variant, tc.position, "jurisdiction="+tc.juris, "incident.notice_hours=72")
			failed := limitFails(s, "breach-notice-hours", "72")
			if failed != tc.fails {
				t.Errorf("breach-notice-hours at 72 hours failed %v, want %v (limits %+v)", failed, tc.fails, s.Limits)
			}
		})
	}
}

// TestBalancedReviewW2: the lawyer's review of the balanced documents
// (issue 25): each row the fix present and the defect absent; the house
// rows keep the published text.
func TestBalancedReviewW2(t *testing.T) {
	w2Run(t, []w2Row{
		// Item 3: without deletion.days the deletion duty still has a
		// deadline, and the Subprocessors' period refers to it.
		{"full deletion without a period", "ojoo", []string{w2Balanced, "jurisdiction=in"},
			[]string{"shall delete all existing copies without undue delay after the end of the Services, unless the law of India requires storage of the Personal Data.",
				"Ojoo shall ensure that its Subprocessors delete the Personal Data they process on behalf of the Customer within the period that applies to Ojoo under this Section."},
			[]string{"within the same period", "shall delete all existing copies, unless"}},
		{"full deletion with a period", "ojoo", []string{w2Balanced, "jurisdiction=de", "deletion.days=60"},
			[]string{"shall delete all existing copies within sixty (60) days after the end of the Services",
				"The Customer shall notify Ojoo of its choice in writing before the end of the Services or within that period.",
				"shall then delete it and all existing copies without undue delay, even where that period has ended. Where the Customer has not chosen return within that period, Ojoo shall delete the Personal Data."},
			[]string{"within the same period", "Where the Customer has not chosen return by the end of the Services"}},
		{"full house deletion", "ojoo", []string{w2House, "jurisdiction=de"},
			[]string{"Ojoo may retain Personal Data for a limited period"}, []string{"within the period that applies to Ojoo"}},
		// Nit: a window to choose return after the end of the Services.
		{"concise deletion window", "opsium", []string{w2Balanced, "jurisdiction=de"},
			[]string{"within 30 days after the end of the Services",
				"The Customer may make its choice in writing before the end of the Services or within that period.",
				"If the Customer has not chosen return within that period, Opsium will delete the Personal Data."},
			[]string{"If the Customer has not chosen return by the end of the Services"}},
		{"concise deletion without a period", "opsium", []string{w2Balanced, "jurisdiction=uk", "deletion.days="},
			[]string{"and in backups, without undue delay after the end of the Services, unless the law of the United Kingdom requires storage",
				"if it has not, Opsium will ask it in writing for its choice and give it reasonable time to answer."},
			[]string{"within that period"}},
		// Item 9: no "the supervisory authority" where the law has none.
		{"concise assistance, California", "opsium", []string{w2Balanced, "jurisdiction=us-ca"},
			[]string{"- prior consultations with a supervisory authority, where the law provides for them;",
				"- the notification of each Personal Data Breach to an authority and its communication to data subjects, where the law requires them.",
				"assist the Customer in any notification of the Personal Data Breach that the Customer must make to an authority, in its communication to data subjects and in its investigation;"},
			[]string{"the supervisory authority"}},
		// Item 10: "important grounds of public interest" only under the
		// GDPR and the UK GDPR.
		{"full confidentiality, India", "ojoo", []string{w2Balanced, "jurisdiction=in"},
			[]string{"- Inform the Customer of the request before disclosing, unless that law prohibits it, so that the Customer may seek a protective order or other remedy."},
			[]string{"important grounds of public interest"}},
		{"concise confidentiality, Australia", "opsium", []string{w2Balanced, "jurisdiction=au"},
			[]string{"Unless that law prohibits it, Opsium will inform the Customer of the requirement before disclosing"},
			[]string{"important grounds of public interest"}},
		{"full confidentiality, Germany keeps the ground", "ojoo", []string{w2Balanced, "jurisdiction=de"},
			[]string{"unless that law prohibits it on important grounds of public interest, so that the Customer may seek a protective order"}, nil},
		// Nit: "Section", as the documents name their parts.
		{"full sections capitalized", "ojoo", []string{w2Balanced, "jurisdiction=de"},
			[]string{"the level of protection that this Section requires", "does not limit Ojoo's obligations under this Section",
				"In providing assistance under this Section", "to provide assistance under this Section", "Information provided by Ojoo under this Section",
				"its duties of notification and cooperation under this Section apply"},
			[]string{"under this section", "this section requires"}},
		{"concise breach section capitalized", "opsium", []string{w2Balanced},
			[]string{"This Section applies to any breach of security"}, []string{"This section applies"}},
	})
}
