package check

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/checklist"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/vars"
)

// assembled loads the library in m with its checklists and assembles a
// document of the variant with the overrides.
func assembled(t *testing.T, m fstest.MapFS, variant string, sets ...string) (*assemble.Document, vars.Tree, map[string]*Checklist) {
	t.Helper()
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	doc, tree := assembleWith(t, lib, variant, sets...)
	return doc, tree, checklistsOf(t, lib)
}

// checklistsOf returns lib's checklists, failing the test if they do not
// load.
func checklistsOf(t *testing.T, lib *library.Library) map[string]*Checklist {
	t.Helper()
	lists, err := lib.Checklists()
	if err != nil {
		t.Fatal(err)
	}
	return lists
}

// assembleWith assembles a document of the variant of lib with the
// overrides.
func assembleWith(t *testing.T, lib *library.Library, variant string, sets ...string) (*assemble.Document, vars.Tree) {
	t.Helper()
	r, err := lib.Resolve(library.Request{Variant: variant, Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatal(err)
	}
	return doc, r.Tree
}

// styleSets returns the overrides that the variant's template asks for:
// each house style asks for the details it prints.
func styleSets(t *testing.T, lib *library.Library, variant string, sets []string) []string {
	t.Helper()
	base, err := lib.Prepare(library.Request{Variant: variant})
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(slices.Clone(sets), func(s string) bool {
		path, _, _ := strings.Cut(s, "=")
		return base.Template.Schema.Lookup(path) == nil
	})
}

// ojooRefusedUnderBrazil reports whether rendering the Ojoo seed, whose
// processor is in India, under jurisdiction code must be refused, after
// checking that it is.
func ojooRefusedUnderBrazil(t *testing.T, m fstest.MapFS, variant, code string, sets ...string) bool {
	t.Helper()
	if variant != "ojoo" || code != "br" {
		return false
	}
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lib.Resolve(library.Request{Variant: variant, Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	_, err = assemble.Assemble(r)
	return librarytest.LGPDRefused(t, true, err)
}

func report(t *testing.T, m fstest.MapFS, variant string, sets ...string) *Report {
	t.Helper()
	doc, tree, lists := assembled(t, m, variant, sets...)
	return Document(doc, lists["gdpr-art28"], tree)
}

// TestHouseTexts checks the shipped house wording as a lawyer reads it:
// every Art. 28 element is carried, none falsely claimed, but the duties
// that "may", "where appropriate" or "confirmed" weaken make it fail,
// each weakness quoted and placed in its clause file.
func TestHouseTexts(t *testing.T) {
	for _, tc := range []struct {
		variant string
		sets    []string
		weak    []string
	}{
		{"opsium", nil, []string{"instructions", "subprocessors", "data-subject-rights", "compliance-assistance", "audits"}},
		{"ojoo", librarytest.Described("jurisdiction=eu", "customer.country=IE"), []string{"instructions", "subprocessors", "data-subject-rights", "compliance-assistance", "breach-notification", "deletion", "audits"}},
		{"ojoo", librarytest.Described("jurisdiction=de", "customer.country=DE"), []string{"instructions", "subprocessors", "data-subject-rights", "compliance-assistance", "breach-notification", "deletion", "audits"}},
	} {
		rep := report(t, librarytest.Copy(t), tc.variant, tc.sets...)
		if len(rep.Items) != 15 {
			t.Errorf("%d elements checked, want the 15 of Art. 28", len(rep.Items))
		}
		if len(rep.Missing()) > 0 || len(rep.False) > 0 {
			t.Errorf("%s %v: missing %v, false claims %v", tc.variant, tc.sets, rep.Missing(), rep.False)
		}
		var weak []string
		for _, it := range rep.Items {
			if len(it.Weak) > 0 {
				weak = append(weak, it.Element.ID)
			}
			for _, w := range it.Weak {
				if w.File() == "" || w.Pos.Line == 0 {
					t.Errorf("%s: %v is not placed in a clause file", tc.variant, w)
				}
			}
		}
		if rep.OK() || strings.Join(weak, ",") != strings.Join(tc.weak, ",") {
			t.Errorf("%s %v: weak %v, want %v", tc.variant, tc.sets, weak, tc.weak)
		}
	}
}

// TestOjooQuotes checks the phrases the Ojoo wording is reported weak for,
// with the clause file each comes from.
func TestOjooQuotes(t *testing.T) {
	rep := report(t, librarytest.Copy(t), "ojoo", librarytest.Described("jurisdiction=de", "customer.country=DE")...)
	got := map[string]bool{}
	for _, w := range rep.Weak() {
		got[w.Element.ID+" "+w.File()+" "+w.Phrase] = true
	}
	for _, want := range []string{
		"data-subject-rights clauses/data-subject-rights.md may assist",
		"compliance-assistance clauses/assistance.md Where required by applicable law",
		"breach-notification clauses/incidents.md confirmed",
		"deletion clauses/deletion.md may retain",
		"deletion clauses/deletion.md legitimate business operations",
		"audits clauses/audits.md Where permitted by",
	} {
		if !got[want] {
			t.Errorf("no weakness %q among %v", want, got)
		}
	}
}

func TestMissingElement(t *testing.T) {
	for _, tc := range []struct {
		template, clause, element string
	}{
		{"templates/documents/dpa-concise.yaml", "audits", "audits"},
		{"templates/documents/dpa-full.yaml", "assistance", "compliance-assistance"},
		{"templates/documents/dpa-full.yaml", "instructions", ""}, // 4.6 of the processing clause still carries instructions
	} {
		m := librarytest.Copy(t)
		librarytest.RemovePart(t, m, tc.template, tc.clause)
		variant := "opsium"
		if strings.Contains(tc.template, "full") {
			variant = "ojoo"
		}
		rep := report(t, m, variant, librarytest.Described("jurisdiction=eu", "customer.country=IE")...)
		var missing []string
		for _, e := range rep.Missing() {
			missing = append(missing, e.ID)
		}
		if tc.element == "" {
			if len(missing) != 0 {
				t.Errorf("without %s: missing %v, want none", tc.clause, missing)
			}
			continue
		}
		if len(missing) != 1 || missing[0] != tc.element || rep.OK() {
			t.Errorf("without %s: missing %v, want [%s]", tc.clause, missing, tc.element)
		}
	}
}

func TestFalseClaim(t *testing.T) {
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, "clauses/duration.md", "covers: [duration]", "covers: [duration, audits]")
	rep := report(t, m, "opsium")
	if rep.OK() || len(rep.False) != 1 {
		t.Fatalf("false claims %v", rep.False)
	}
	if got := rep.False[0].String(); got != `clauses/duration.md: alternative "shared" claims audits (Art. 28(3)(h)) but its text has none of: audit` {
		t.Errorf("false claim reads %q", got)
	}
}

// TestCCPAServiceProvider: under us-ca both styles carry the service-provider
// terms the CCPA requires, and a template without them fails, naming each.
func TestCCPAServiceProvider(t *testing.T) {
	for _, tc := range []struct{ variant, template string }{{"opsium", "templates/documents/dpa-concise.yaml"}, {"ojoo", "templates/documents/dpa-full.yaml"}} {
		t.Run(tc.variant, func(t *testing.T) {
			check := func(m fstest.MapFS) *Report {
				doc, tree, lists := assembled(t, m, tc.variant, "jurisdiction=us-ca")
				cs := checklist.Select(lists, tree["jurisdiction"].(vars.Record), tree)
				if len(cs) != 1 || cs[0].ID != "ccpa-service-provider" {
					t.Fatalf("us-ca selects checklists %v", cs)
				}
				return Document(doc, cs[0], tree)
			}
			if rep := check(librarytest.Copy(t)); !rep.OK() || len(rep.Items) != 11 {
				t.Errorf("with the terms: missing %v, false claims %v", rep.Missing(), rep.False)
			}
			m := librarytest.Copy(t)
			librarytest.RemovePart(t, m, tc.template, "ccpa")
			rep := check(m)
			if rep.OK() || len(rep.Missing()) != 11 {
				t.Errorf("without the terms: %d elements missing, want all 11", len(rep.Missing()))
			}
		})
	}
	// Elsewhere the terms are not in the document.
	m := librarytest.Copy(t)
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lib.Resolve(library.Request{Variant: "opsium", Sets: []string{"jurisdiction=uk"}})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(doc.Markdown), "Service Provider Terms") {
		t.Error("the CCPA terms appear under uk")
	}
}

// TestChapterV checks an Indian processor under German law: the transfer
// to it needs the SCCs' Module Two and their annexes, and the check fails,
// naming the element, when the text lacks them.
func TestChapterV(t *testing.T) {
	check := func(m fstest.MapFS) *Report {
		t.Helper()
		doc, tree, lists := assembled(t, m, "ojoo", librarytest.Described("jurisdiction=de", "customer.name=Globex", "customer.address=[1 Main Street, Dublin 2]", "customer.country=IE", "customer.contact.email=legal@globex.example")...)
		cs := checklist.Select(lists, tree["jurisdiction"].(vars.Record), tree)
		if len(cs) != 2 || cs[1].ID != "transfers" {
			t.Fatalf("de selects %v, want gdpr-art28 and transfers", cs)
		}
		return Document(doc, cs[1], tree)
	}
	rep := check(librarytest.Copy(t))
	if !rep.OK() {
		t.Fatalf("with the SCCs: missing %v, false claims %v", rep.Missing(), rep.False)
	}
	required := 0
	for _, it := range rep.Items {
		if it.Required {
			required++
		}
	}
	if required != 7 { // mechanism, Module Two, Annex I.A, I.B, I.C, II, III
		t.Errorf("%d elements required, want 7", required)
	}

	for _, tc := range []struct{ file, old, new, element string }{
		{"clauses/scc.md", "enter into Module Two (transfer controller to processor) of the SCCs", "rely on appropriate safeguards", "scc-module-2"},
		{"clauses/scc-annex-1.md", "**C. Competent Supervisory Authority**", "**C.**", "annex-1c"},
		// The customer's address left as a line to complete.
		{"clauses/scc-annex-1.md", "{{ if hasValue .customer.address }}", "{{ if false }}", "annex-1a"},
	} {
		m := librarytest.Copy(t)
		librarytest.Replace(t, m, tc.file, tc.old, tc.new)
		rep := check(m)
		var missing []string
		for _, e := range rep.Missing() {
			missing = append(missing, e.ID)
		}
		if rep.OK() || strings.Join(missing, ",") != tc.element {
			t.Errorf("without %q: missing %v, want %s", tc.old, missing, tc.element)
		}
	}
}

// TestLawFacts checks that every jurisdiction's documents state only
// facts of their own law, and that a fact of another law is named with
// the jurisdiction it belongs to.
func TestLawFacts(t *testing.T) {
	m := librarytest.Copy(t)
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, variant := range []string{"opsium", "ojoo"} {
		for _, code := range lib.Schema.Vars["jurisdiction"].Values {
			if ojooRefusedUnderBrazil(t, m, variant, code, librarytest.Described("jurisdiction="+code, "customer.country=IE")...) {
				continue
			}
			doc, tree, _ := assembled(t, m, variant, librarytest.Described("jurisdiction="+code, "customer.country=IE")...)
			// The customer's own law (Irish, under Swiss law) and the
			// processor's may be named as the check names them.
			if got := LawFacts(doc, lib.Jurisdictions, lib.OwnRegimes(tree)...); len(got) > 0 {
				t.Errorf("%s under %s: %v", variant, code, got)
			}
		}
	}
	// A clause that hard-codes India's courts and statute, under German law.
	bad := librarytest.Copy(t)
	librarytest.Replace(t, bad, "clauses/governing-law.md", "## Jurisdiction\n", "## Jurisdiction\n\nThe courts of New Delhi, India hear disputes under the Digital Personal Data Protection Act, 2023 (DPDP Act).\n")
	doc, _, _ := assembled(t, bad, "ojoo", librarytest.Described("jurisdiction=de", "customer.country=DE")...)
	got := LawFacts(doc, lib.Jurisdictions)
	var facts []string
	for _, f := range got {
		if f.Of != "in" {
			t.Errorf("%v is not India's", f)
		}
		facts = append(facts, f.Field)
	}
	if strings.Join(facts, ",") != "law,law_short,courts" {
		t.Errorf("found %v, want India's law, law_short and courts", got)
	}
}

// TestLimits checks the limits on the document's values: each fails with
// its value, and the cap passes once the text carves data subjects out.
func TestLimits(t *testing.T) {
	carveOut := librarytest.Copy(t)
	librarytest.Replace(t, carveOut, "clauses/liability.md", "{{ define \"full\" }}\n", "{{ define \"full\" }}\nThe limitations of liability in the Agreement and this DPA do not apply to liability towards data subjects under Article 82 of the GDPR.\n\n")
	for _, tc := range []struct {
		name string
		m    fstest.MapFS
		sets []string
		want string // "id=value" of each failure
	}{
		{"house values", librarytest.Copy(t), nil, "liability-data-subjects=fees"},
		{"48 hours and 14 days pass", carveOut, []string{"incident.notice_hours=48", "transfer.notice_days=14"}, ""},
		{"49 hours and 13 days fail", carveOut, []string{"incident.notice_hours=49", "transfer.notice_days=13"}, "breach-notice-hours=49,subprocessor-notice-days=13"},
		{"no hours set", carveOut, []string{"transfer.notice_days=30"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := report(t, tc.m, "ojoo", librarytest.Described(append([]string{"jurisdiction=de", "customer.country=DE"}, tc.sets...)...)...)
			var got []string
			for _, f := range rep.Failures {
				got = append(got, f.Limit.ID+"="+f.Value)
				if !strings.Contains(f.String(), f.Limit.Why) {
					t.Errorf("%s does not say why", f)
				}
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("failures %v, want %s", got, tc.want)
			}
		})
	}
}

// TestMechanismNamed: the transfer-mechanism element passes only when the
// text names the mechanism the transfer decision chose; the words
// "Standard Contractual Clauses" in a list of possible safeguards do not.
func TestMechanismNamed(t *testing.T) {
	sets := librarytest.Described("jurisdiction=de", "processor.country=IN", "customer.country=DE")
	mechanism := func(m fstest.MapFS) Item {
		t.Helper()
		doc, tree, lists := assembled(t, m, "opsium", sets...)
		for _, it := range Document(doc, lists["transfers"], tree).Items {
			if it.Element.ID == "transfer-mechanism" {
				return it
			}
		}
		t.Fatal("no transfer-mechanism element")
		return Item{}
	}
	if it := mechanism(librarytest.Copy(t)); !it.Covered() {
		t.Errorf("with the SCC clause: weak %v", it.Weak)
	}
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, "clauses/scc.md", "enter into Module Two (transfer controller to processor) of the SCCs", "rely on the Standard Contractual Clauses")
	it := mechanism(m)
	if !it.Carried() || it.Covered() || len(it.Weak) != 1 || it.Weak[0].Kind != NotNamed || !strings.Contains(it.Weak[0].Why, "Module Two") {
		t.Errorf("boilerplate only: carried %v, weak %v", it.Carried(), it.Weak)
	}
}

// TestUnchecked: a document to which no checklist of processor rules
// (kind: processor) applies is Unchecked, says so naming its
// jurisdiction, and fails unless allowed; a transfers checklist alone
// does not count, and it is the checklist's kind that decides, not its id.
func TestUnchecked(t *testing.T) {
	const india = "no checklist of processor rules for India (in): this document's obligations are unchecked"
	for _, tc := range []struct {
		name      string
		edit      func(testing.TB, fstest.MapFS)
		variant   string
		sets      []string
		unchecked bool
		message   string // UncheckedMessage
		okAllowed bool   // OK and Err nil once allowed
	}{
		{name: "India without its checklist", variant: "ojoo", edit: noChecklist("dpdp-processor"), unchecked: true, message: india, okAllowed: true},
		{name: "Switzerland: transfers alone", variant: "ojoo", sets: librarytest.Described("jurisdiction=ch", "customer.name=Globex", "customer.address=[1 Main Street, Zurich]", "customer.country=CH", "customer.contact.email=legal@globex.example"),
			edit: noChecklist("fadp-processor"), unchecked: true, message: "no checklist of processor rules for Switzerland (ch): this document's obligations are unchecked", okAllowed: true},
		{name: "California: checked", variant: "opsium", sets: []string{"jurisdiction=us-ca"}, okAllowed: true},
		{name: "Germany: checked, and fails for its weak duties", variant: "ojoo", sets: librarytest.Described("jurisdiction=de", "customer.country=DE")},
		{name: "Germany when its checklist is of kind transfers", variant: "ojoo", sets: librarytest.Described("jurisdiction=de", "customer.country=DE"),
			edit: func(t testing.TB, m fstest.MapFS) {
				librarytest.Replace(t, m, "templates/checklists/gdpr-art28.yaml", "\nkind: processor\n", "\nkind: transfers\n")
			},
			unchecked: true, message: "no checklist of processor rules for Germany (de): this document's obligations are unchecked"},
		{name: "India when a checklist without a kind applies", variant: "ojoo",
			edit: func(t testing.TB, m fstest.MapFS) {
				librarytest.Replace(t, m, "templates/jurisdictions.yaml", "  checklist: dpdp-processor\n", "  checklist: dpdp\n")
				m["templates/checklists/dpdp.yaml"] = &fstest.MapFile{Data: []byte("id: dpdp\nname: DPDP\nsource: DPDP Act s. 8\nelements: []\n")}
			}, okAllowed: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := librarytest.Copy(t)
			if tc.edit != nil {
				tc.edit(t, m)
			}
			lib, err := library.Load(m)
			if err != nil {
				t.Fatal(err)
			}
			doc, tree, _ := assembled(t, m, tc.variant, tc.sets...)
			s := NewChecker(lib).Check(doc, tree)
			if s.Unchecked != tc.unchecked || s.UncheckedMessage() != tc.message || (s.Checklist == nil) != tc.unchecked {
				t.Fatalf("Unchecked %v, message %q, checklist %+v; want %v, %q", s.Unchecked, s.UncheckedMessage(), s.Checklist, tc.unchecked, tc.message)
			}
			err = s.Err()
			if tc.unchecked {
				if s.OK || err == nil || !strings.Contains(err.Error(), tc.message) {
					t.Errorf("not allowed: OK %v, Err %v; want not OK and an error saying %q", s.OK, err, tc.message)
				}
			}
			s.AllowUnchecked()
			err = s.Err()
			if s.OK != tc.okAllowed || (err == nil) != tc.okAllowed {
				t.Errorf("allowed: OK %v, Err %v; want OK %v", s.OK, err, tc.okAllowed)
			}
			if err != nil && strings.Contains(err.Error(), "no checklist of processor rules") {
				t.Errorf("allowed, Err still says it: %v", err)
			}
			if s.Unchecked != tc.unchecked {
				t.Errorf("allowing changed Unchecked to %v", s.Unchecked)
			}
		})
	}
}
