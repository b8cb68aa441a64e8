package assemble_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/transfer"
)

// Processors of issue 26, each with subprocessors in the United States
// and India: one in the EEA, one in the United Kingdom, one in
// Switzerland, one in Brazil, one in Israel.
var transferProcessors = map[string]string{
	"DE": `processor:
  name: Berliner
  legal_name: Berliner Software GmbH
  country: Germany
  address: [Unter den Linden 1, 10117 Berlin]
  contact: {privacy_email: datenschutz@berliner.example}
`,
	"GB": `processor:
  name: Thames
  legal_name: Thames Data Ltd
  country: United Kingdom
  address: [1 Bank Street, London E14 5AA]
  contact: {privacy_email: privacy@thames.example}
`,
	"CH": `processor:
  name: Alpen
  legal_name: Alpen Cloud AG
  country: CH
  contact: {privacy_email: datenschutz@alpen.example}
`,
	"BR": `processor:
  name: Paulista
  legal_name: Paulista Tecnologia Ltda.
  country: Brazil
  address: [Avenida Paulista 1000, São Paulo]
  contact: {privacy_email: privacidade@paulista.example}
`,
	"IL": `processor:
  name: Yarden
  legal_name: Yarden Data Ltd
  country: Israel
  contact: {privacy_email: privacy@yarden.example}
`,
}

const transferSubprocessors = `subprocessors:
  - {name: Cloudy Inc., purpose: Hosting, location: US}
  - {name: Bangalore Support Pvt Ltd, purpose: Support, location: IN}
`

// transferRequest is a request for style (opsium or ojoo) with the
// processor of country proc, its subprocessors when subs, and sets.
func transferRequest(style, proc string, subs bool, sets ...string) library.Request {
	if proc == "" {
		return library.Request{Variant: style, Sets: sets}
	}
	file := transferProcessors[proc]
	if subs {
		file += transferSubprocessors
	}
	if style == "ojoo" {
		sets = append(sets, "processor.services=software and related services")
	}
	return library.Request{Variant: style, Files: []library.Input{{Name: proc + ".yaml", Data: []byte(file)}}, Sets: sets}
}

type transferCase struct {
	name         string
	style, proc  string
	subs         bool
	sets         []string
	want, absent []string
}

// phrases renders the case with its processor (transferRequest).
func (c transferCase) phrases() (string, library.Request, []string, []string) {
	return c.name, transferRequest(c.style, c.proc, c.subs, c.sets...), c.want, c.absent
}

// runTransferCases renders each case and checks its phrases in the
// Markdown as it is.
func runTransferCases(t *testing.T, cases []transferCase) {
	t.Helper()
	runPhrases(t, cases, false)
}

// TestProcessorsOwnLawGovernsOnwardTransfers (issue 26, item 3): a UK
// processor's transfers to its US and Indian subprocessors use the SCCs
// with the UK Addendum, a Swiss processor's the SCCs with the Swiss
// adaptations, an EEA processor's plain Module Three, whatever law
// governs the DPA.
func TestProcessorsOwnLawGovernsOnwardTransfers(t *testing.T) {
	ukOnward := "Module Three (transfer processor to processor) of the SCCs with the UK Addendum"
	chOnward := "Module Three (transfer processor to processor) of the SCCs with the adaptations for Switzerland set out below"
	plain := "Module Three (transfer processor to processor) of the SCCs and gives"
	var cases []transferCase
	for _, style := range []string{"opsium", "ojoo"} {
		for _, law := range []string{"de", "eu", "fr"} {
			sets := []string{"jurisdiction=" + law, "customer.country=IE"}
			cases = append(cases,
				transferCase{name: style + "/UK processor/" + law, style: style, proc: "GB", subs: true, sets: sets,
					want:   []string{ukOnward, "subject to Chapter V of the UK GDPR", "International Data Transfer Addendum to the EU Commission Standard Contractual Clauses (version B1.0)"},
					absent: []string{plain, "Adaptations for Switzerland"}},
				transferCase{name: style + "/Swiss processor/" + law, style: style, proc: "CH", subs: true, sets: sets,
					want:   []string{chOnward, "subject to the FADP's rules on disclosure abroad", "Adaptations for Switzerland", "references to Regulation (EU) 2016/679 are to be read as references to the FADP"},
					absent: []string{plain, "UK Addendum"}},
				transferCase{name: style + "/EEA processor/" + law, style: style, proc: "DE", subs: true, sets: sets,
					want:   []string{plain},
					absent: []string{"UK Addendum", "Adaptations for Switzerland", "Module Four"}},
			)
		}
		// Under UK law, an EEA processor's onward transfers are the
		// GDPR's: plain Module Three, no UK Addendum.
		cases = append(cases, transferCase{name: style + "/EEA processor/uk", style: style, proc: "DE", subs: true, sets: []string{"jurisdiction=uk", "customer.country=GB"},
			want:   []string{plain, "subject to Chapter V of the GDPR"},
			absent: []string{ukOnward}})
	}
	runTransferCases(t, cases)
}

// TestEEAProcessorOutsideTheEEA (issue 26, item 4): a German processor
// under the law of California, India, Brazil, Australia or Canada keeps
// its duties under the GDPR and returns the data to a customer outside
// the EEA under Module Four; not only "may transfer ... outside the United
// States only when appropriate safeguards are in place".
func TestEEAProcessorOutsideTheEEA(t *testing.T) {
	duties := "shall comply with Articles 28(2) to (4), 32 and 33(2) of the GDPR, which apply to it as a processor established in the EEA (Article 3(1) of the GDPR)"
	module4 := "Module Four (transfer processor to controller)"
	var cases []transferCase
	for _, style := range []string{"opsium", "ojoo"} {
		for _, c := range []struct{ law, customer string }{{"us-ca", "US"}, {"in", "IN"}, {"au", "AU"}} {
			cases = append(cases, transferCase{name: style + "/" + c.law, style: style, proc: "DE", subs: true,
				sets:   []string{"jurisdiction=" + c.law, "customer.country=" + c.customer},
				want:   []string{duties, module4, "Clause 17: the SCCs are governed by the law of Germany", plain3()},
				absent: []string{"outside the United States only when appropriate safeguards", "outside India only when", "outside Australia only when"}})
		}
		// Without customer.country, the jurisdiction's country is the
		// customer's.
		cases = append(cases, transferCase{name: style + "/us-ca, customer's country not given", style: style, proc: "DE",
			sets: []string{"jurisdiction=us-ca"}, want: []string{duties, module4}})
		// A Canadian customer subject to PIPEDA is adequate under the
		// GDPR: no Module Four, the duties all the same.
		cases = append(cases, transferCase{name: style + "/ca", style: style, proc: "DE", sets: []string{"jurisdiction=ca", "customer.country=CA"},
			want: []string{duties}, absent: []string{module4}})
		// A Brazilian customer: Brazil is adequate under Decision (EU)
		// 2026/179, so the return needs no Module Four.
		cases = append(cases, transferCase{name: style + "/br, no subprocessors", style: style, proc: "DE", sets: []string{"jurisdiction=br", "customer.country=BR"},
			want: []string{duties}, absent: []string{module4, "Standard Contractual Clauses\" or \"SCCs\""}})
	}
	// The house wordings of the seeds are unchanged: Ojoo under Indian
	// law names no GDPR duties.
	cases = append(cases, transferCase{name: "ojoo seed", style: "ojoo", proc: "", sets: []string{"jurisdiction=in"}, absent: []string{duties, module4}})
	runTransferCases(t, cases)
}

func plain3() string { return "Module Three (transfer processor to processor) of the SCCs" }

// TestDivergentRegimeWarns (issue 26, item 2): a customer established in
// the EEA, the UK or Switzerland under another regime's jurisdiction gets
// a warning naming both regimes; one under its own regime none.
func TestDivergentRegimeWarns(t *testing.T) {
	lib := load(t)
	for _, tc := range []struct {
		law, customer string
		want          []string // in one warning; none when empty
	}{
		{"uk", "Austria", []string{"customer.country Austria", "Chapter V of the GDPR", "Chapter V of the UK GDPR"}},
		{"us-ca", "Austria", []string{"customer.country Austria", "Chapter V of the GDPR", `jurisdiction "us-ca"`}},
		{"ch", "Germany", []string{"customer.country Germany", "the FADP's rules on disclosure abroad"}},
		{"de", "Switzerland", []string{"customer.country Switzerland", "the FADP's rules on disclosure abroad", "Chapter V of the GDPR"}},
		{"de", "Austria", nil},
		{"eu", "Ireland", nil},
		{"uk", "United Kingdom", nil},
		{"us-ca", "United States", nil},
	} {
		t.Run(tc.law+"/"+tc.customer, func(t *testing.T) {
			r, err := lib.Resolve(library.Request{Variant: "opsium", Sets: []string{"jurisdiction=" + tc.law, "customer.country=" + tc.customer}})
			if err != nil {
				t.Fatal(err)
			}
			var found []string
			for _, w := range r.Warnings {
				if strings.Contains(w, "transfer") {
					found = append(found, w)
				}
			}
			if len(tc.want) == 0 {
				if len(found) > 0 {
					t.Errorf("warnings %q, want none", found)
				}
				return
			}
			if len(found) != 1 {
				t.Fatalf("warnings %q, want one about the transfer regimes", r.Warnings)
			}
			for _, w := range tc.want {
				if !strings.Contains(found[0], w) {
					t.Errorf("warning %q lacks %q", found[0], w)
				}
			}
		})
	}
}

// TestBrazil (issue 26, item 5): Brazil's adequacy for the EEA and the
// EU's for Brazil, with its scope; a Brazilian processor binds itself to
// the ANPD's clauses with its US subprocessor; a processor outside Brazil
// and the EEA is refused, naming the resolution, once the br
// jurisdiction takes the lgpd regime.
func TestBrazil(t *testing.T) {
	runTransferCases(t, []transferCase{
		{name: "EU exporter to a Brazilian processor", style: "opsium", proc: "BR", subs: true, sets: []string{"jurisdiction=de", "customer.country=DE"},
			want: []string{"Commission Implementing Decision (EU) 2026/179 of 26 January 2026 finds an adequate level of protection for recipients in Brazil within the material and territorial scope of the Lei Geral de Proteção de Dados Pessoais (LGPD)",
				"shall enter with that Subprocessor into the standard contractual clauses of Annex II to Resolution CD/ANPD No. 19 of 23 August 2024"},
			absent: []string{"Module Three (transfer processor to processor)", "Module Two (transfer controller to processor)"}},
		{name: "Brazilian customer, no claim of clauses the document lacks", style: "ojoo", proc: "BR", sets: []string{"jurisdiction=br"},
			absent: []string{"standard contractual clauses approved by the National Data Protection Authority (ANPD)"}},
	})

	lib := load(t)
	for _, tc := range []struct {
		proc    string
		refused bool
		want    string
	}{
		{"GB", true, ""},
		{"CH", true, ""},
		{"DE", false, "Resolution CD/ANPD No. 32 of 26 January 2026 finds an adequate level of protection"},
		{"BR", false, "processes Personal Data in Brazil."}, // a new processor: the balanced wording
	} {
		t.Run("refusal/"+tc.proc, func(t *testing.T) {
			r, err := lib.Resolve(transferRequest("opsium", tc.proc, false, "jurisdiction=br", "customer.country=BR"))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := assemble.Assemble(r)
			var de *diag.Error
			switch {
			case tc.refused && (!errors.As(err, &de) || de.Variable != "processor.country" || !errors.Is(err, transfer.ErrNotCarried) || !strings.Contains(err.Error(), "Resolution CD/ANPD No. 19 of 23 August 2024")):
				t.Fatalf("error %v, want one about processor.country naming Resolution CD/ANPD No. 19", err)
			case !tc.refused && err != nil:
				t.Fatal(err)
			case !tc.refused && !strings.Contains(string(doc.Markdown), tc.want):
				t.Errorf("want %q", tc.want)
			}
		})
	}
}

// TestDatedFactsInText (issue 9, the parts the text uses): the UK's
// approval by regulations, the renewal of the UK's adequacy cited by its
// own instrument, Israel's decision limited to automated transfers.
func TestDatedFactsInText(t *testing.T) {
	runTransferCases(t, []transferCase{
		{name: "UK law, EEA processor", style: "opsium", proc: "DE", sets: []string{"jurisdiction=uk", "customer.country=GB"},
			want:   []string{"to which transfers of personal data are approved by regulations under Article 45A of the UK GDPR, or treated as so approved"},
			absent: []string{"finds an adequate level of protection"}},
		{name: "UK law, full style", style: "ojoo", proc: "CH", sets: []string{"jurisdiction=uk", "customer.country=GB"},
			want: []string{"approved by regulations under Article 45A of the UK GDPR"}, absent: []string{"finds an adequate level of protection"}},
		{name: "EU law, UK processor", style: "opsium", proc: "GB", sets: []string{"jurisdiction=de", "customer.country=DE"},
			want:   []string{"the Commission Implementing Decision of 19 December 2025 on the adequate protection of personal data by the United Kingdom (valid until 27 December 2031)"},
			absent: []string{"renewed on 19 December 2025", "2021/1772"}},
		{name: "Swiss law, German customer: the FDPIC's adaptation and parallel supervision", style: "ojoo", proc: "", sets: []string{"jurisdiction=ch", "customer.country=DE", "transfer.data_subjects=[Employees]", "transfer.data_categories=[Contact details]"},
			want:   []string{"Clause 17: as the FDPIC's adaptations allow for transfers governed by the FADP, the SCCs are governed by the laws of Switzerland, in place of the law of an EU Member State that Option 1 names.", "in parallel with the FDPIC under the FADP"},
			absent: []string{"Option 1 applies; the SCCs are governed by the laws of Switzerland"}},
		{name: "Swiss law, Swiss customer: no parallel supervision", style: "ojoo", proc: "", sets: []string{"jurisdiction=ch", "customer.country=CH", "transfer.data_subjects=[Employees]", "transfer.data_categories=[Contact details]"},
			want: []string{"as the FDPIC's adaptations allow"}, absent: []string{"in parallel with the FDPIC"}},
		{name: "EU law, Israeli processor", style: "ojoo", proc: "IL", sets: []string{"jurisdiction=de", "customer.country=DE"},
			want: []string{"Commission Decision 2011/61/EU of 31 January 2011 finds an adequate level of protection for automated transfers of personal data"}},
	})
}

// TestTransferChecklistRules: check fails a document that lacks Module
// Four or the processor's own duties where the analysis needs them.
func TestTransferChecklistRules(t *testing.T) {
	for _, tc := range []struct {
		name, file, old, new string
		element              string
	}{
		{"no Module Four", "clauses/scc.md", "enter into Module Four (transfer processor to controller) of the SCCs", "enter into the SCCs", "transfer-mechanism"},
		{"no duties of the processor's own law", "clauses/transfers.md", "Whatever law governs this DPA, {{ .processor.name }} shall comply with {{ $t.Home.ProcessorDuties }}.", "", "transfer-mechanism"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := librarytest.Copy(t)
			librarytest.Replace(t, m, tc.file, tc.old, tc.new)
			lib, err := library.Load(m)
			if err != nil {
				t.Fatal(err)
			}
			s := checked(t, lib, check.NewChecker(lib), transferRequest("opsium", "DE", true, "jurisdiction=us-ca", "customer.country=US", "position=balanced"), false)
			weak := false
			for _, w := range s.Weak {
				if w.Checklist == "transfers" && w.Element == tc.element {
					weak = true
				}
			}
			if !weak {
				t.Errorf("check does not find %s weak; weak: %+v", tc.element, s.Weak)
			}
		})
	}
}

// TestCovenantsNotAssertions (issue 26, item 7): under Indian, Canadian
// and Australian law the balanced wordings bind the processor to the
// law's own rule (DPDP Act ss. 8 and 16 with the Rules' date, PIPEDA
// principle 4.1.3, APP 8.1); the house wordings are unchanged.
func TestCovenantsNotAssertions(t *testing.T) {
	in := []string{"only to a country or territory that the central government of India has not restricted by notification under section 16(1) of the DPDP Act",
		"so that the Customer, as data fiduciary, meets its obligations under section 8 of the DPDP Act", "from 13 May 2027"}
	ca := []string{"with a level of protection comparable to that which PIPEDA requires of the Customer, so that the Customer meets principle 4.1.3 of Schedule 1 to PIPEDA"}
	// Each house voice: Opsium's "will", Ojoo's "shall".
	au := map[string][]string{
		"opsium": {"will handle it in accordance with the Australian Privacy Principles (other than APP 1), and will require each Subprocessor outside Australia to do the same"},
		"ojoo":   {"shall handle it in accordance with the Australian Privacy Principles (other than APP 1), and shall require each Subprocessor outside Australia to do the same"},
	}
	var cases []transferCase
	for _, style := range []string{"opsium", "ojoo"} {
		for _, c := range []struct {
			law  string
			want []string
		}{{"in", in}, {"ca", ca}, {"au", au[style]}} {
			cases = append(cases,
				transferCase{name: style + "/" + c.law + "/balanced", style: style, proc: "DE", sets: []string{"jurisdiction=" + c.law, "position=balanced"}, want: c.want},
				transferCase{name: style + "/" + c.law + "/house", style: style, proc: "DE", sets: []string{"jurisdiction=" + c.law, "position=house"}, absent: c.want})
		}
	}
	runTransferCases(t, cases)
}
