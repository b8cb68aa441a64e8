package assemble_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/authority"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// The tests of the SCCs' annexes (issue 26, items 1, 10 and 11): Annex I.C
// names the authority of the country where the Customer is established,
// the UK Addendum's Table 1 takes the agreement's date and marks Annex
// I.C as not used, and Annexes I.B and II are specific.

// annexProcessors are processor set-ups whose customer transfers need the
// SCCs' Module Two under an EEA, UK or Swiss law: the full style's seed
// (Ojoo, India), the concise style with a US processor, and a new US
// processor in the balanced wording.
var annexProcessors = []struct {
	name    string
	variant string
	sets    []string
}{
	{"ojoo", "ojoo", nil},
	{"opsium-us", "opsium", []string{"processor.country=United States"}},
	{"new-us", "opsium", []string{"processor.name=Paperloop", "processor.legal_name=Paperloop, Inc.", "processor.country=US",
		"processor.address=[100 Market Street, San Francisco, CA 94105]", "processor.contact.privacy_email=privacy@paperloop.example", "position=balanced"}},
}

// annexCustomer is the transfer's description, which Module Two needs.
var annexCustomer = []string{
	"customer.name=Kunde GmbH",
	"transfer.data_subjects=[Employees of the Customer]",
	"transfer.data_categories=[Contact details, Payroll records]",
}

// annexRender renders variant with sets, failing the test on error.
func annexRender(t *testing.T, lib *library.Library, variant string, sets ...string) string {
	t.Helper()
	return render(t, lib, library.Request{Variant: variant, Sets: append(append([]string{}, annexCustomer...), sets...)})
}

// annexErr renders variant with sets and returns the error it fails with.
func annexErr(t *testing.T, lib *library.Library, variant string, sets ...string) error {
	t.Helper()
	r, err := lib.Resolve(library.Request{Variant: variant, Sets: append(append([]string{}, annexCustomer...), sets...)})
	if err != nil {
		return err
	}
	_, err = assemble.Assemble(r)
	return err
}

// annexIC returns the paragraph of Annex I.C, flattened, or "" when the
// document has none.
func annexIC(md string) string {
	const head = "**C. Competent Supervisory Authority**"
	_, after, ok := strings.Cut(md, head)
	if !ok {
		return ""
	}
	para, _, _ := strings.Cut(strings.TrimLeft(after, "\n"), "\n\n")
	return strings.Join(strings.Fields(para), " ")
}

// TestAnnexICExporterAuthority: Annex I.C names the supervisory authority
// of the country where the Customer is established (Clause 13(a); GDPR
// Arts. 55 and 56), whatever the governing law: Austria's for a customer
// in Vienna under German, French or Irish law; the Land's for a German
// customer whose address shows it, else the Land's authority in general;
// Norway, Iceland and Liechtenstein as EEA States; the FDPIC under Swiss
// law, beside the EEA authority where the Customer is in the EEA; and not
// used under the UK Addendum. Clauses 17 and 18 still follow the law.
func TestAnnexICExporterAuthority(t *testing.T) {
	lib := load(t)
	vienna := []string{"customer.country=Austria", "customer.address=[Mariahilfer Straße 1, 1060 Wien, Austria]"}
	for _, p := range annexProcessors {
		for _, tc := range []struct {
			name string
			sets []string
			want []string
			not  []string
			law  string // the SCCs' governing law, where the jurisdiction decides it
		}{
			{"vienna-de", append([]string{"jurisdiction=de"}, vienna...),
				[]string{"The Österreichische Datenschutzbehörde (Austrian Data Protection Authority), the supervisory authority of Austria, the Member State in which the data exporter is established, in accordance with Clause 13."},
				[]string{"of Germany", "Land"}, "Germany"},
			{"vienna-fr", append([]string{"jurisdiction=fr"}, vienna...),
				[]string{"Österreichische Datenschutzbehörde"}, []string{"CNIL", "informatique", "of France"}, "France"},
			{"vienna-ie", append([]string{"jurisdiction=ie"}, vienna...),
				[]string{"Österreichische Datenschutzbehörde"}, []string{"Data Protection Commission", "of Ireland"}, "Ireland"},
			{"vienna-nl", append([]string{"jurisdiction=nl"}, vienna...),
				[]string{"Österreichische Datenschutzbehörde"}, []string{"Autoriteit", "Netherlands"}, "the Netherlands"},
			{"vienna-eu", append([]string{"jurisdiction=eu"}, vienna...),
				[]string{"Österreichische Datenschutzbehörde"}, nil, "Austria"},
			{"hamburg-fr", []string{"jurisdiction=fr", "customer.country=Germany", "customer.address=[Jungfernstieg 1, 20354 Hamburg]"},
				[]string{"The Hamburgische Beauftragte für Datenschutz und Informationsfreiheit (Hamburg Commissioner for Data Protection and Freedom of Information, HmbBfDI), the supervisory authority of the Land of Hamburg in Germany, the Member State in which the data exporter is established"},
				[]string{"CNIL"}, "France"},
			{"munich-de", []string{"jurisdiction=de", "customer.country=DE", "customer.address=[Marienplatz 1, 80331 Munich]"},
				[]string{"Bayerisches Landesamt für Datenschutzaufsicht", "the Land of Bavaria in Germany"}, nil, "Germany"},
			{"cologne-de-two-lines", []string{"jurisdiction=de", "customer.country=DE", "customer.address=[Domkloster 4, 50667 Köln]"},
				[]string{"Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen", "the Land of North Rhine-Westphalia"}, nil, "Germany"},
			// A town the table does not list, and a city with the
			// postcode of another town of that name: the Land is not
			// guessed.
			{"small-town-de", []string{"jurisdiction=de", "customer.country=DE", "customer.address=[Hauptstraße 1, 36037 Fulda]"},
				[]string{"The competent supervisory authority of the Land in which the data exporter is established in Germany, in accordance with Clause 13."},
				[]string{"Hessische", "of Germany, the Member State"}, "Germany"},
			{"other-muenster-de", []string{"jurisdiction=de", "customer.country=DE", "customer.address=[Hauptstraße 1, 64839 Münster]"},
				[]string{"competent supervisory authority of the Land in which the data exporter is established in Germany"},
				[]string{"Nordrhein-Westfalen"}, "Germany"},
			{"no-address-de", []string{"jurisdiction=de", "customer.country=DE"},
				[]string{"competent supervisory authority of the Land in which the data exporter is established in Germany"}, nil, "Germany"},
			{"oslo-de", []string{"jurisdiction=de", "customer.country=Norway"},
				[]string{"The Datatilsynet (Norwegian Data Protection Authority), the supervisory authority of Norway, the EEA State in which the data exporter is established"},
				[]string{"Member State"}, "Germany"},
			{"reykjavik-eu", []string{"jurisdiction=eu", "customer.country=Iceland"},
				[]string{"Persónuvernd (Icelandic Data Protection Authority)", "the EEA State in which"}, []string{"Member State"}, ""},
			{"vaduz-nl", []string{"jurisdiction=nl", "customer.country=Liechtenstein"},
				[]string{"Datenschutzstelle (Data Protection Authority of Liechtenstein)", "the EEA State in which"}, []string{"Member State"}, "the Netherlands"},
			{"vienna-ch", append([]string{"jurisdiction=ch"}, vienna...),
				[]string{"The Federal Data Protection and Information Commissioner (FDPIC), insofar as the FADP governs the transfer, and, insofar as Regulation (EU) 2016/679 governs it, the Österreichische Datenschutzbehörde (Austrian Data Protection Authority), the supervisory authority of Austria, the Member State in which the data exporter is established, in accordance with Clause 13."},
				nil, ""},
			{"zurich-ch", []string{"jurisdiction=ch", "customer.country=Switzerland", "customer.address=[Bahnhofstrasse 1, 8001 Zürich]"},
				[]string{"The Federal Data Protection and Information Commissioner (FDPIC), insofar as the FADP governs the transfer, in accordance with Clause 13."},
				[]string{"Member State", "EEA State"}, ""},
			{"london-uk", []string{"jurisdiction=uk", "customer.country=United Kingdom"},
				[]string{"Not used: under Section 15(j) of the Mandatory Clauses of the UK Addendum, Clause 13(a) and Part C of Annex I are not used; the Information Commissioner is the competent supervisory authority, in accordance with Clause 13 as Section 15(k) amends it."},
				[]string{"Member State"}, ""},
			{"named-by-the-customer", append([]string{"jurisdiction=de", "customer.supervisory_authority=the Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen"}, vienna...),
				[]string{"The Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen, in accordance with Clause 13."},
				[]string{"Österreich"}, "Germany"},
		} {
			t.Run(p.name+"/"+tc.name, func(t *testing.T) {
				md := annexRender(t, lib, p.variant, append(append([]string{}, p.sets...), tc.sets...)...)
				c := annexIC(md)
				if c == "" {
					t.Fatal("no Annex I.C")
				}
				for _, w := range tc.want {
					if !strings.Contains(c, w) {
						t.Errorf("Annex I.C lacks %q:\n%s", w, c)
					}
				}
				for _, n := range append(tc.not, "The supervisory authority of Germany, the Member State") {
					if strings.Contains(c, n) {
						t.Errorf("Annex I.C says %q:\n%s", n, c)
					}
				}
				// Clauses 17 and 18 follow the jurisdiction, not the
				// Customer's country.
				if tc.law != "" {
					flat := strings.Join(strings.Fields(md), " ")
					for _, w := range []string{"the SCCs are governed by the law of " + tc.law, "resolved by the courts of " + tc.law} {
						if !strings.Contains(flat, w) {
							t.Errorf("want %q: the SCCs' law and courts follow the jurisdiction", w)
						}
					}
				}
			})
		}
	}
}

// TestAnnexICEveryEEAState: for a customer in each country of the EEA,
// Annex I.C names that country's own authority as the table gives it
// (Germany's by Land), the 27 as Member States and Iceland, Liechtenstein
// and Norway as EEA States; the lawyer's check finds no undefined term in
// the authorities' names.
func TestAnnexICEveryEEAState(t *testing.T) {
	lib := load(t)
	checker := check.NewChecker(lib)
	gdpr := lib.Transfers.Regimes["gdpr"]
	if gdpr == nil || len(gdpr.Within) != 30 {
		t.Fatalf("the GDPR's area is not the 30 countries of the EEA: %v", gdpr)
	}
	members := 0
	for _, code := range gdpr.Within {
		t.Run(code, func(t *testing.T) {
			e, ok := lib.Authorities.Get(code)
			if !ok {
				t.Fatalf("templates/authorities.yaml has no authority for %s", code)
			}
			switch code {
			case "IS", "LI", "NO":
				if e.State != authority.EEAState {
					t.Errorf("%s is %q, want %q", code, e.State, authority.EEAState)
				}
			default:
				members++
				if e.State != authority.MemberState {
					t.Errorf("%s is %q, want %q", code, e.State, authority.MemberState)
				}
			}
			sets := append(append([]string{}, annexCustomer...), "jurisdiction=eu", "customer.country="+code, "position=balanced",
				"customer.address=[Hauptstraße 1, 10115 Berlin]", "customer.contact.email=dpo@kunde.example")
			r, doc := assembled(t, lib, library.Request{Variant: "ojoo", Sets: sets})
			c := annexIC(string(doc.Markdown))
			name := ""
			if e.Authority != nil {
				name = e.Authority.String()
			} else if code == "DE" {
				// The address above is in Berlin.
				for _, rg := range e.Regions {
					if rg.Code == "DE-BE" {
						name = rg.Authority.String()
					}
				}
			}
			if name == "" || !strings.Contains(c, "The "+name+", the supervisory authority of ") {
				t.Errorf("Annex I.C does not name %q:\n%s", name, c)
			}
			if want := "the " + e.State + " in which the data exporter is established"; !strings.Contains(c, want) {
				t.Errorf("want %q:\n%s", want, c)
			}
			sum := checker.Check(doc, r.Tree)
			for _, p := range sum.TermProblems {
				t.Errorf("defined terms: %s", p.Message)
			}
		})
	}
	if members != 27 {
		t.Errorf("%d Member States, want 27", members)
	}
}

// TestAnnexICNeedsTheCustomersCountry: wherever Module Two appears, a
// document without the Customer's country is refused with an error naming
// customer.country, under every law whose SCCs name an authority or not
// (the UK Addendum's), and an exporter outside the EEA under the EU SCCs
// is refused rather than given an authority it does not have.
func TestAnnexICNeedsTheCustomersCountry(t *testing.T) {
	lib := load(t)
	for _, p := range annexProcessors {
		for _, tc := range []struct {
			name string
			sets []string
			want error
		}{
			{"de", []string{"jurisdiction=de"}, authority.ErrNoCountry},
			{"fr", []string{"jurisdiction=fr"}, authority.ErrNoCountry},
			{"ie", []string{"jurisdiction=ie"}, authority.ErrNoCountry},
			{"uk", []string{"jurisdiction=uk"}, authority.ErrNoCountry},
			{"ch", []string{"jurisdiction=ch"}, authority.ErrNoCountry},
			{"us-customer-de", []string{"jurisdiction=de", "customer.country=United States"}, authority.ErrNotEEA},
		} {
			t.Run(p.name+"/"+tc.name, func(t *testing.T) {
				err := annexErr(t, lib, p.variant, append(append([]string{}, p.sets...), tc.sets...)...)
				var de *diag.Error
				if !errors.As(err, &de) || de.Variable != "customer.country" || !errors.Is(err, tc.want) {
					t.Fatalf("got %v, want %v about customer.country", err, tc.want)
				}
				if errors.Is(tc.want, vars.ErrRequired) != errors.Is(err, vars.ErrRequired) {
					t.Errorf("%v: a missing country is a required value, a wrong one is not", err)
				}
			})
		}
	}
}

// ukTable1 returns Table 1 of the UK Addendum, from its heading to Table
// 2's, or "" when the document has none.
func ukTable1(md string) string {
	_, after, ok := strings.Cut(md, "Table 1: Parties")
	if !ok {
		return ""
	}
	t1, _, _ := strings.Cut(after, "Table 2: Selected SCCs")
	return t1
}

// TestUKAddendumTable1: Table 1 of the UK Addendum starts on the date the
// Parties enter into it (the agreement's date where they sign the DPA, the
// date of acceptance where the Customer accepts it online), never the
// house template's own date; it has the Approved Addendum's rows for the
// trading name (if different) and the official registration number (if
// any); and Annex I.C and Clause 13(a) are marked not used (Part 2,
// Section 15(j)), with the Information Commissioner as authority (15(k)).
func TestUKAddendumTable1(t *testing.T) {
	lib := load(t)
	london := []string{"jurisdiction=uk", "customer.country=United Kingdom", "customer.name=Thames Freight Ltd",
		"customer.address=[1 King Street, London EC2V 8AU]", "customer.contact.email=dpo@thames.example"}
	for _, p := range annexProcessors {
		for _, tc := range []struct {
			name string
			sets []string
			want []string
			not  []string
		}{
			{"signed", []string{"agreement.date=2026-11-02", "signature_block=true", "customer.trading_name=Thames", "customer.registration_number=01234567", "processor.registration_number=U72900KA2020PTC123456"},
				[]string{"the date of this DPA, on which the Parties enter into this Addendum",
					"| Trading name (if different) | Thames |", "| Official registration number (if any) (company number or similar identifier) | 01234567 | U72900KA2020PTC123456 |",
					"| Full legal name | Thames Freight Ltd |", "| Main address (if a company registered address) | 1 King Street, London EC2V 8AU |",
					"| Key Contact: contact details including email | <dpo@thames.example> |", "As signed in the signature block of this DPA"},
				[]string{"29/05/2026", "9 December 2025", "Parties' details", "\\_\\_\\_"}},
			{"accepted-online", []string{"agreement.date=2026-11-02", "signature_block=false"},
				[]string{"Start date: the date on which the Customer accepts this DPA, on which the Parties enter into this Addendum.",
					"| Trading name (if different) | Not applicable |", "(company number or similar identifier) | Not given | Not given |", "By accepting this DPA"},
				[]string{"2026", "2025", "\\_\\_\\_"}},
		} {
			t.Run(p.name+"/"+tc.name, func(t *testing.T) {
				md := annexRender(t, lib, p.variant, append(append(append([]string{}, p.sets...), london...), tc.sets...)...)
				t1 := ukTable1(md)
				if t1 == "" {
					t.Fatal("no UK Addendum Table 1")
				}
				// The date in the agreement's own format.
				if strings.Contains(tc.name, "signed") {
					date := "November 2, 2026"
					if p.variant == "ojoo" {
						date = "02/11/2026"
					}
					tc.want = append(tc.want, "Start date: "+date+", the date of this DPA")
				}
				for _, w := range tc.want {
					if !strings.Contains(t1, w) {
						t.Errorf("Table 1 lacks %q:\n%s", w, t1)
					}
				}
				for _, n := range tc.not {
					if strings.Contains(t1, n) {
						t.Errorf("Table 1 says %q:\n%s", n, t1)
					}
				}
				// The processor's trading name is its name where that
				// differs from its legal name.
				if want := map[string]string{"ojoo": "| Not applicable | Ojoo |", "opsium-us": "| Not applicable | Not applicable |", "new-us": "| Not applicable | Paperloop |"}[p.name]; tc.name == "accepted-online" && !strings.Contains(t1, "(if different) "+want) {
					t.Errorf("Trading name row: want %q:\n%s", want, t1)
				}
				flat := strings.Join(strings.Fields(md), " ")
				for _, w := range []string{
					"Part C of Annex I (competent supervisory authority) and Clause 13(a) of the Addendum EU SCCs are not used (Section 15(j) of the Mandatory Clauses); the competent supervisory authority is the Information Commissioner (Section 15(k)).",
					"Clause 13(a) and Part C of Annex I are not used",
				} {
					if !strings.Contains(flat, w) {
						t.Errorf("want %q", w)
					}
				}
			})
		}
	}
}

// TestUKAddendumChecks: the lawyer's check finds the UK Addendum's tables
// complete for a customer who gives its name, address and contact e-mail,
// with no blank left by the optional rows, and no undefined term in them.
func TestUKAddendumChecks(t *testing.T) {
	lib := load(t)
	checker := check.NewChecker(lib)
	for _, p := range annexProcessors {
		t.Run(p.name, func(t *testing.T) {
			sets := append(append(append([]string{}, annexCustomer...), p.sets...), "position=balanced", "jurisdiction=uk", "customer.country=GB",
				"customer.address=[1 King Street, London EC2V 8AU]", "customer.contact.email=dpo@thames.example")
			sum := checked(t, lib, checker, library.Request{Variant: p.variant, Sets: sets}, false)
			found := false
			for _, e := range sum.Elements {
				if e.ID == "uk-addendum-tables" {
					found = true
					if !e.Required || !e.Covered || e.Blank {
						t.Errorf("uk-addendum-tables: required %v, covered %v, blank %v", e.Required, e.Covered, e.Blank)
					}
				}
			}
			if !found {
				t.Error("the check has no uk-addendum-tables element")
			}
			for _, tp := range sum.TermProblems {
				if strings.Contains(tp.Message, "uk-addendum") || strings.Contains(tp.Message, "scc-annex") {
					t.Errorf("defined terms: %s", tp.Message)
				}
			}
		})
	}
}

// annexSection returns the text of the appendix whose opening sentence
// contains marker, up to the next page break, flattened.
func annexSection(md, marker string) string {
	i := strings.Index(md, marker)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(md[:i], "\n## ")
	if start < 0 {
		start = 0
	}
	rest := md[start:]
	if j := strings.Index(rest, assemble.PageBreak); j >= 0 {
		rest = rest[:j]
	}
	return strings.Join(strings.Fields(rest), " ")
}

// TestAnnexIBSpecific: where Module Two applies, Annex I.B lists the
// categories of data subjects and of personal data that the Customer
// gives (transfer.data_subjects, transfer.data_categories); without them
// the document is refused with an error naming the variable, and the
// annex never falls back on the general description's "any other
// Personal Data".
func TestAnnexIBSpecific(t *testing.T) {
	lib := load(t)
	for _, p := range annexProcessors {
		for _, law := range []string{"eu", "de", "fr", "uk", "ch"} {
			t.Run(p.name+"/"+law, func(t *testing.T) {
				base := append(append([]string{}, p.sets...), "jurisdiction="+law, "customer.country=Austria", "customer.name=Kunde GmbH")
				for _, tc := range []struct {
					sets []string
					path string
				}{
					{nil, "transfer.data_subjects"},
					{[]string{"transfer.data_categories=[Contact details]"}, "transfer.data_subjects"},
					{[]string{"transfer.data_subjects=[Employees of the Customer]"}, "transfer.data_categories"},
				} {
					r, err := lib.Resolve(library.Request{Variant: p.variant, Sets: append(append([]string{}, base...), tc.sets...)})
					if err == nil {
						_, err = assemble.Assemble(r)
					}
					var de *diag.Error
					if !errors.As(err, &de) || de.Variable != tc.path || !errors.Is(err, authority.ErrNeeded) || !errors.Is(err, vars.ErrRequired) {
						t.Errorf("with %v: got %v, want ErrNeeded about %s", tc.sets, err, tc.path)
					}
				}
				md := annexRender(t, lib, p.variant, base...)
				b := annexSection(md, "is Annex I to the Standard Contractual Clauses")
				for _, w := range []string{
					"Categories of data subjects whose personal data is transferred:** Employees of the Customer.",
					"Categories of personal data transferred:** Contact details and Payroll records.",
				} {
					if !strings.Contains(b, w) {
						t.Errorf("Annex I lacks %q:\n%s", w, b)
					}
				}
				for _, n := range []string{"Any other", "any other", "those described in"} {
					if strings.Contains(b, n) {
						t.Errorf("Annex I says %q", n)
					}
				}
			})
		}
	}
}

// TestAnnexIIConcrete: Annex II of the full style (Ojoo's) states its
// technical and organisational measures itself, specifically and as
// commitments, in both positions and under every law whose SCCs the
// document takes: no "may", no "designed to", no taking in of the house
// security wording; the concise style's Annex II likewise. The check finds
// Annex II.
func TestAnnexIIConcrete(t *testing.T) {
	lib := load(t)
	checker := check.NewChecker(lib)
	for _, p := range annexProcessors {
		for _, law := range []string{"eu", "de", "nl", "uk", "ch"} {
			for _, position := range []string{"house", "balanced"} {
				t.Run(p.name+"/"+law+"/"+position, func(t *testing.T) {
					sets := append(append(append([]string{}, annexCustomer...), p.sets...), "jurisdiction="+law, "customer.country=Austria", "position="+position)
					r, doc := assembled(t, lib, library.Request{Variant: p.variant, Sets: sets})
					a2 := annexSection(string(doc.Markdown), "is Annex II to the Standard Contractual Clauses")
					if a2 == "" {
						t.Fatal("no Annex II")
					}
					for _, n := range []string{" may ", "May ", "designed to", "intended to", "where appropriate", "where applicable", "which form part of this Annex"} {
						if strings.Contains(a2, n) {
							t.Errorf("Annex II says %q:\n%s", n, a2)
						}
					}
					want := []string{"TLS 1.2", "AES-256", "role-based access control"}
					if p.variant == "ojoo" {
						want = []string{"shall implement and maintain", "TLS 1.2 or later", "AES-256", "multi-factor authentication",
							"critical and high-risk updates within 14 days of their release", "at least once a day", "at least once a month",
							"penetration test", "ISO/IEC 27001", "kept for at least twelve months", "NIST SP 800-88",
							"**Sub-processors:**", "**Assistance to the Customer:**", "nothing in"}
					}
					for _, w := range want {
						if !strings.Contains(a2, w) {
							t.Errorf("Annex II lacks %q:\n%s", w, a2)
						}
					}
					sum := checker.Check(doc, r.Tree)
					for _, e := range sum.Elements {
						if e.ID == "annex-2" && (!e.Required || !e.Covered) {
							t.Errorf("annex-2: required %v, covered %v", e.Required, e.Covered)
						}
					}
					// The concise house style defines no terms, and its annexes
					// use Personal Data, Services and Subprocessor as the
					// house text does; that is the house wording's, not the
					// measures'.
					for _, tp := range sum.TermProblems {
						if strings.Contains(tp.Message, "scc-annex") && (p.variant == "ojoo" || position == "balanced") {
							t.Errorf("defined terms: %s", tp.Message)
						}
					}
					for _, lp := range sum.LawProblems {
						if strings.Contains(lp.Section, "Annex II") {
							t.Errorf("law: %s", lp.Message)
						}
					}
				})
			}
		}
	}
}
