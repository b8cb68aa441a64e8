package assemble_test

import (
	"slices"
	"testing"

	"github.com/clausemark/clausemark/internal/library"
)

// The balanced transfer and data-subject-rights wordings (issue 25, part
// 2; review items 1 and 14 and the nits on transfers.md): each row renders
// a document and looks for the quoted fix and the quoted defect; the house
// rows show the published wording unchanged (the defect still there, the
// fix absent).

// btCustomer is a customer in Vienna, as the lawyer's review used, with
// the annex details a document with the SCCs asks for.
var btCustomer = []string{
	"customer.name=Wiener Logistik GmbH",
	"customer.country=Austria",
	"customer.address=[Mariahilfer Straße 1, 1060 Wien, Austria]",
	"customer.contact.name=Dr. Anna Berger",
	"customer.contact.email=dpo@wienerlogistik.example",
	"transfer.data_subjects=[Employees of the Customer]",
	"transfer.data_categories=[Contact details]",
}

type btRow struct {
	name    string
	variant string // opsium: the concise style; ojoo: the full style
	balance bool   // position=balanced, else house
	law     string // jurisdiction
	want    []string
	not     []string
}

// phrases renders the row for the customer in Vienna under its position
// and law.
func (r btRow) phrases() (string, library.Request, []string, []string) {
	pos := "position=house"
	if r.balance {
		pos = "position=balanced"
	}
	sets := slices.Concat(btCustomer, []string{pos, "jurisdiction=" + r.law})
	return r.name, library.Request{Variant: r.variant, Sets: sets}, r.want, r.not
}

// btRun renders each row and checks its phrases in the Markdown as it is.
func btRun(t *testing.T, rows []btRow) {
	t.Helper()
	runPhrases(t, rows, false)
}

const (
	btBlanket   = "and its approved Subprocessors to transfer, access, process, store, and otherwise handle Personal Data"
	btEfforts   = "shall make reasonable efforts to notify the Customer of such requests before disclosing Personal Data"
	btOnPremise = "For on-premise deployments"
	btMarketing = "data centers located in trusted jurisdictions with strong privacy protections"
	btCCPA      = "The CCPA does not restrict transfers of personal information by their destination; wherever "
	btDangling  = "Such transfers comply with"
)

// TestBalancedTransferAuthorisation: 9.1 authorises transfers only to the
// listed or notified Subprocessors' countries (Art. 28(3)(a)).
func TestBalancedTransferAuthorisation(t *testing.T) {
	fix := "The Customer authorizes Ojoo to transfer Personal Data to, or make it accessible from, only the countries of the Subprocessors listed in [Appendix C (Authorized Subprocessors)](#appendix-c--authorized-subprocessors) or notified under [Section 8 (Subprocessors)](#8-subprocessors), and only as this Section provides."
	btRun(t, []btRow{
		{"full de", "ojoo", true, "de", []string{fix}, []string{btBlanket}},
		{"full in", "ojoo", true, "in", []string{fix}, []string{btBlanket}},
		{"full house", "ojoo", false, "in", []string{btBlanket}, []string{fix}},
	})
}

// TestBalancedAuthorityRequests: 9.6 defers to Confidentiality, not a
// weaker "reasonable efforts" notice (review item 1).
func TestBalancedAuthorityRequests(t *testing.T) {
	fix := "Ojoo shall handle any such request as [Section 6 (Confidentiality)](#6-confidentiality) provides."
	btRun(t, []btRow{
		{"full de", "ojoo", true, "de", []string{fix}, []string{btEfforts}},
		{"full au", "ojoo", true, "au", []string{fix}, []string{btEfforts}},
		{"full house", "ojoo", false, "in", []string{btEfforts}, []string{fix}},
	})
}

// TestBalancedNoOnPremise: no statement about on-premise deployments the
// processor may not offer; the locations are those of the appendix.
func TestBalancedNoOnPremise(t *testing.T) {
	fix := []string{"Ojoo processes Personal Data on the infrastructure and through the Subprocessors listed in [Appendix C (Authorized Subprocessors)]",
		"Personal Data is stored and processed at the locations listed in [Appendix C (Authorized Subprocessors)](#appendix-c--authorized-subprocessors) for Ojoo and each Subprocessor."}
	btRun(t, []btRow{
		{"full de", "ojoo", true, "de", fix, []string{btOnPremise}},
		{"full ca", "ojoo", true, "ca", fix, []string{btOnPremise}},
		{"full house", "ojoo", false, "in", []string{btOnPremise}, fix[:1]},
	})
}

// TestBalancedHosting: the concise style names where it hosts, not
// "trusted jurisdictions" (review item 14), with "Personal Data" and
// Opsium's "will".
func TestBalancedHosting(t *testing.T) {
	fix := "Opsium hosts the Services with AWS at the locations listed in [Appendix A (Authorized Subprocessors)](#appendix-a--authorized-subprocessors)."
	btRun(t, []btRow{
		{"concise de", "opsium", true, "de", []string{fix, "Opsium will transfer or store Personal Data outside the EEA"}, []string{btMarketing, "store personal data"}},
		{"concise uk", "opsium", true, "uk", []string{fix}, []string{btMarketing}},
		{"concise au speaks with will", "opsium", true, "au", []string{"Opsium will handle it in accordance with the Australian Privacy Principles"}, []string{"Opsium shall handle it"}},
		{"concise house", "opsium", false, "de", []string{btMarketing, "Opsium may transfer or store personal data outside the EEA"}, []string{fix}},
	})
}

// TestBalancedCCPANoDestinationRule: the CCPA has no rule on where data
// goes; the service provider terms apply wherever it is processed.
func TestBalancedCCPANoDestinationRule(t *testing.T) {
	btRun(t, []btRow{
		{"concise us-ca", "opsium", true, "us-ca",
			[]string{btCCPA + "Opsium and its sub-service providers process personal information, [Section 8 (California Service Provider Terms)]"},
			[]string{"outside the United States only when appropriate safeguards are in place", btDangling}},
		{"full us-ca", "ojoo", true, "us-ca",
			[]string{btCCPA + "Ojoo and its sub-service providers process personal information, [Section 10 (California Service Provider Terms)]"},
			[]string{"Such transfers comply with CCPA", btDangling}},
		{"concise house", "opsium", false, "us-ca", []string{"outside the United States only when appropriate safeguards are in place", "Such transfers comply with CCPA"}, []string{btCCPA}},
		{"full house", "ojoo", false, "us-ca", []string{"Such transfers comply with CCPA through"}, []string{btCCPA}},
	})
}

// TestBalancedTransferMechanismSentence: no dangling "Such transfers
// comply with <law> through"; the transfers out of the region are named
// with their mechanisms.
func TestBalancedTransferMechanismSentence(t *testing.T) {
	btRun(t, []btRow{
		{"concise de", "opsium", true, "de", []string{"Transfers of Personal Data out of the EEA are made only through Standard Contractual Clauses (SCCs) approved by the European Commission"}, []string{btDangling}},
		{"full in", "ojoo", true, "in", []string{"Transfers of Personal Data out of India are made only through transfers only to countries or territories not restricted"}, []string{btDangling}},
		{"full au", "ojoo", true, "au", []string{"Transfers of Personal Data out of Australia are made only through reasonable steps"}, []string{btDangling}},
		{"full house", "ojoo", false, "in", []string{"Such transfers comply with DPDP Act through"}, []string{"Transfers of Personal Data out of India"}},
	})
}

// TestBalancedRightsByLaw: under Indian and Australian law only the rights
// those laws give (DPDP Act ss. 11 to 14; APPs 12 and 13), not the GDPR's
// portability and restriction.
func TestBalancedRightsByLaw(t *testing.T) {
	gdprOnly := []string{"portability", "restriction of processing", "Right to restrict"}
	btRun(t, []btRow{
		{"concise in", "opsium", true, "in",
			[]string{"- access to information about Personal Data (section 11 of the DPDP Act);", "- correction, completion, updating and erasure of Personal Data (section 12);", "- grievance redressal (section 13);", "- nomination of another person to exercise these rights (section 14)."},
			gdprOnly},
		{"concise au", "opsium", true, "au",
			[]string{"- access to Personal Data (Australian Privacy Principle 12);", "- correction of Personal Data (Australian Privacy Principle 13)."}, gdprOnly},
		{"full in", "ojoo", true, "in",
			[]string{"- Right of access to information about Personal Data (section 11 of the DPDP Act).", "- Right of grievance redressal (section 13 of the DPDP Act).", "- Right to nominate another person to exercise these rights (section 14 of the DPDP Act)."},
			[]string{"Right to data portability", "Right to restrict"}},
		{"full au", "ojoo", true, "au",
			[]string{"- Right of access to Personal Data (Australian Privacy Principle 12).", "- Right to correction of Personal Data (Australian Privacy Principle 13)."},
			[]string{"Right to data portability", "Right to restrict"}},
		{"concise de keeps the GDPR's rights", "opsium", true, "de", []string{"- data portability;", "- restriction of processing;"}, []string{"section 11"}},
		{"concise house", "opsium", false, "in", []string{"- data portability;"}, []string{"section 11 of the DPDP Act);"}},
		{"full house", "ojoo", false, "au", []string{"- Right to data portability where applicable."}, []string{"Australian Privacy Principle 12)."}},
	})
}
