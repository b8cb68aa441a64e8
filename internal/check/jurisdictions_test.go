package check

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/checklist"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/vars"
)

// The jurisdictions whose law has processor rules of its own, and the
// checklist each names.
var lawChecklists = []struct{ code, id string }{
	{"ch", "fadp-processor"},
	{"br", "lgpd-processor"},
	{"in", "dpdp-processor"},
	{"au", "app-processor"},
	{"ca", "pipeda-processor"},
}

// TestJurisdictionChecklists: each checklist loads as one of processor
// rules, is the one its jurisdiction names, and is what check applies to a
// document under that law, which is then no longer unchecked; every
// element cites its source beside it.
func TestJurisdictionChecklists(t *testing.T) {
	m := librarytest.Copy(t)
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range lawChecklists {
		t.Run(tc.code, func(t *testing.T) {
			c := checklistsOf(t, lib)[tc.id]
			if c == nil || !c.Processor() || len(c.Elements) == 0 || c.Source == "" {
				t.Fatalf("checklist %s: %+v", tc.id, c)
			}
			for _, variant := range []string{"opsium", "ojoo"} {
				if ojooRefusedUnderBrazil(t, m, variant, tc.code, librarytest.Described("jurisdiction="+tc.code, "customer.country="+strings.ToUpper(tc.code))...) {
					continue
				}
				doc, tree, lists := assembled(t, m, variant, librarytest.Described("jurisdiction="+tc.code, "customer.country="+strings.ToUpper(tc.code))...)
				cs := checklist.Select(lists, tree["jurisdiction"].(vars.Record), tree)
				if len(cs) == 0 || cs[0].ID != tc.id {
					t.Errorf("%s selects %v, want %s first", tc.code, cs, tc.id)
				}
				s := NewChecker(lib).Check(doc, tree)
				if s.Unchecked || s.Checklist == nil || s.Checklist.ID != tc.id || s.UncheckedMessage() != "" {
					t.Errorf("%s %s: unchecked %v, checklist %+v", variant, tc.code, s.Unchecked, s.Checklist)
				}
			}
			data, err := fs.ReadFile(m, checklist.Dir+"/"+tc.id+".yaml")
			if err != nil {
				t.Fatal(err)
			}
			_, elements, _ := strings.Cut(string(data), "\nelements:\n")
			elements, _, _ = strings.Cut(elements, "\nlimits:\n")
			for _, e := range strings.Split(elements, "\n  - id: ")[1:] {
				if !strings.Contains(e, "# Source: ") {
					t.Errorf("%s: element %s cites no source beside it", tc.id, strings.SplitN(e, "\n", 2)[0])
				}
			}
		})
	}
}

// coveringSection returns a section whose wording, in clauses/ID.md,
// claims the elements covers and reads body.
func coveringSection(t *testing.T, id string, covers []string, body string) assemble.Section {
	t.Helper()
	src := "---\nid: " + id + "\nversion: 1.0.0\ndescription: A fixture.\ntitle: Fixture\ncovers: [" + strings.Join(covers, ", ") + "]\n---\n" + body + "\n"
	c, err := clause.Parse("clauses/"+id+".md", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	return assemble.Section{ClauseID: id, Title: id, Clause: c.Alts[clause.DefaultAlternative], Text: body}
}

// careful is a processor contract written as a careful lawyer writes one
// after GDPR Art. 28, with the one term Australian law adds: each section,
// the elements it claims and its text.
var careful = []struct {
	id     string
	covers []string
	text   string
}{
	{"purpose", []string{"subject-matter", "instructions"}, "The Processor processes Personal Data on behalf of the Customer to provide the Services, which are the subject matter of the processing.\n\nThe Processor shall process Personal Data only on documented instructions from the Customer, including with regard to transfers, unless required to do so by the law to which the Processor is subject; in such a case the Processor shall inform the Customer of that legal requirement before processing."},
	{"security", []string{"security"}, "The Processor shall implement appropriate technical and organisational measures, and reasonable security safeguards, to ensure a level of security appropriate to the risk."},
	{"subprocessors", []string{"subprocessors"}, "The Customer grants the Processor general written authorisation to engage subprocessors. The Processor shall inform the Customer at least thirty days in advance of any intended addition or replacement of a subprocessor, and the Customer may object. The Processor shall impose the same data protection obligations on each subprocessor."},
	{"incidents", []string{"breach-notification"}, "The Processor shall notify the Customer without undue delay after becoming aware of a personal data breach, and shall provide the information the Customer needs as it becomes available."},
	{"deletion", []string{"deletion"}, "At the choice of the Customer, the Processor shall delete or return all Personal Data after the end of the services and delete existing copies unless the law to which the Processor is subject requires storage of the Personal Data."},
	{"audits", []string{"audits"}, "The Processor shall make available to the Customer all information necessary to demonstrate compliance with this DPA and shall allow for and contribute to audits, including inspections, conducted by the Customer or another auditor mandated by the Customer."},
	{"transfers", []string{"transfer-mechanism"}, "The Processor shall handle the Personal Data in accordance with the Australian Privacy Principles (other than Australian Privacy Principle 1), and shall bind each subprocessor outside Australia to do the same."},
}

// carefulDoc returns the careful contract with the sections in edits
// replaced by their text, or left out where the text is "".
func carefulDoc(t *testing.T, edits map[string]string) *assemble.Document {
	t.Helper()
	doc := &assemble.Document{}
	for _, s := range careful {
		text := s.text
		if e, ok := edits[s.id]; ok {
			text = e
		}
		if text != "" {
			doc.Sections = append(doc.Sections, coveringSection(t, s.id, s.covers, text))
		}
	}
	return doc
}

// TestJurisdictionWording reads wording against each law's checklist: the
// careful contract passes every one; a weak phrase fails naming it, the
// element and the clause file; a duty left unstated fails; a section left
// out fails as missing; and what the law itself allows (a confirmed
// incident in Brazil and Canada, reasonable steps to destroy in Australia)
// is no weakness.
func TestJurisdictionWording(t *testing.T) {
	lib, err := library.Load(librarytest.Copy(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, list string
		edits      map[string]string
		weak       []string // "element:kind:phrase" of each weakness
		missing    []string
	}{
		// The careful contract passes every law's checklist.
		{name: "careful", list: "fadp-processor"},
		{name: "careful", list: "lgpd-processor"},
		{name: "careful", list: "dpdp-processor"},
		{name: "careful", list: "app-processor"},
		{name: "careful", list: "pipeda-processor"},

		// Switzerland: notice of significant changes only (DPO Art. 7(2)).
		{name: "significant changes", list: "fadp-processor",
			edits: map[string]string{"subprocessors": "The Customer grants the Processor general written authorisation to engage subprocessors, and customers will be notified of any significant changes to subprocessors."},
			weak:  []string{"subprocessors:weak-phrase:any significant changes", "subprocessors:no-duty:"}},
		{name: "confirmed breach", list: "fadp-processor",
			edits: map[string]string{"incidents": "Where the Processor becomes aware of a confirmed breach of data security, the Processor shall notify the Customer without undue delay."},
			weak:  []string{"breach-notification:weak-phrase:confirmed"}},
		{name: "audit at the processor's permission", list: "fadp-processor",
			edits: map[string]string{"audits": "The Processor shall make available all information necessary to demonstrate compliance. Where permitted by the Processor, audits may be conducted by an independent auditor."},
			weak:  []string{"audits:weak-phrase:Where permitted by"}},
		{name: "data kept for the processor's business", list: "fadp-processor",
			edits: map[string]string{"deletion": "The Processor shall delete or return all Personal Data after the end of the services, but may keep copies for its legitimate business purposes."},
			weak:  []string{"deletion:weak-phrase:legitimate business purposes"}},
		{name: "no audits", list: "fadp-processor", edits: map[string]string{"audits": ""}, missing: []string{"audits"}},

		// Brazil.
		{name: "retention a law permits", list: "lgpd-processor",
			edits: map[string]string{"deletion": "The Processor shall delete all Personal Data when the processing ends, unless continued retention is required or permitted by applicable law."},
			weak:  []string{"deletion:weak-phrase:required or permitted by applicable law"}},
		{name: "a commercially reasonable timeframe", list: "lgpd-processor",
			edits: map[string]string{"incidents": "The Processor shall notify the Customer of a security incident without undue delay and within a commercially reasonable timeframe."},
			weak:  []string{"breach-notification:weak-phrase:commercially reasonable timeframe"}},
		{name: "a confirmed incident is the ANPD's incident", list: "lgpd-processor",
			edits: map[string]string{"incidents": "Where the Processor becomes aware of a confirmed security incident, the Processor shall notify the Customer without undue delay."}},
		{name: "instructions not stated as a duty", list: "lgpd-processor",
			edits: map[string]string{"purpose": "The Processor processes Personal Data on behalf of the Customer according to its instructions."},
			weak:  []string{"instructions:no-duty:according to its instructions"}},
		{name: "no audits", list: "lgpd-processor", edits: map[string]string{"audits": ""}, missing: []string{"audits"}},

		// India.
		{name: "confirmed breach", list: "dpdp-processor",
			edits: map[string]string{"incidents": "Where the Processor becomes aware of a confirmed personal data breach, the Processor shall notify the Customer without undue delay."},
			weak:  []string{"breach-notification:weak-phrase:confirmed"}},
		{name: "data kept for the processor's business", list: "dpdp-processor",
			edits: map[string]string{"deletion": "The Processor shall erase the Personal Data when the purpose ends, except as needed for its legitimate business operations."},
			weak:  []string{"deletion:weak-phrase:legitimate business operations"}},
		{name: "no erasure", list: "dpdp-processor", edits: map[string]string{"deletion": ""}, missing: []string{"deletion"}},

		// Australia.
		{name: "overseas recipients not bound", list: "app-processor",
			edits: map[string]string{"transfers": "Such transfers comply with the Privacy Act through reasonable steps to ensure that overseas recipients do not breach the Australian Privacy Principles."},
			weak:  []string{"transfer-mechanism:no-duty:not breach the Australian Privacy Principles"}},
		{name: "confirmed breach", list: "app-processor",
			edits: map[string]string{"incidents": "Where the Processor becomes aware of a confirmed data breach, the Processor shall notify the Customer without undue delay."},
			weak:  []string{"breach-notification:weak-phrase:confirmed"}},
		{name: "reasonable steps to destroy are APP 11.2's", list: "app-processor",
			edits: map[string]string{"deletion": "After the end of the services the Processor shall take reasonable steps to delete or de-identify all Personal Data, unless an Australian law or a court or tribunal order requires it to be kept."}},
		{name: "no transfer terms", list: "app-processor", edits: map[string]string{"transfers": ""}, missing: []string{"transfer-mechanism"}},

		// Canada.
		{name: "a commercially reasonable timeframe", list: "pipeda-processor",
			edits: map[string]string{"incidents": "The Processor shall notify the Customer of a breach of security safeguards without undue delay and within a commercially reasonable timeframe."},
			weak:  []string{"breach-notification:weak-phrase:commercially reasonable timeframe"}},
		{name: "a confirmed breach runs from its determination", list: "pipeda-processor",
			edits: map[string]string{"incidents": "Where the Processor determines that a confirmed breach of security safeguards occurred, the Processor shall notify the Customer without undue delay."}},
		{name: "no breach notice", list: "pipeda-processor", edits: map[string]string{"incidents": ""}, missing: []string{"breach-notification"}},
	} {
		t.Run(tc.list+"/"+tc.name, func(t *testing.T) {
			c := checklistsOf(t, lib)[tc.list]
			if c == nil {
				t.Fatalf("no checklist %s", tc.list)
			}
			rep := Document(carefulDoc(t, tc.edits), c, vars.Tree{})
			var weak, missing []string
			for _, w := range rep.Weak() {
				weak = append(weak, w.Element.ID+":"+w.Kind.String()+":"+w.Phrase)
				if w.File() == "" || w.Pos.Line == 0 || !strings.Contains(w.String(), w.Element.Ref) {
					t.Errorf("%v is not placed at its clause file and article", w)
				}
				if w.Phrase != "" && !strings.Contains(w.Quote, w.Phrase) {
					t.Errorf("quote %q does not hold the phrase %q", w.Quote, w.Phrase)
				}
			}
			for _, e := range rep.Missing() {
				missing = append(missing, e.ID)
			}
			if !slices.Equal(weak, tc.weak) || !slices.Equal(missing, tc.missing) || len(rep.False) > 0 {
				t.Errorf("weak %q, missing %q, false claims %v; want weak %q, missing %q", weak, missing, rep.False, tc.weak, tc.missing)
			}
			if ok := len(tc.weak) == 0 && len(tc.missing) == 0; rep.OK() != ok {
				t.Errorf("OK %v, want %v", rep.OK(), ok)
			}
		})
	}
}

// TestOverseasRecipient: the APP 8 term is required unless the processor
// is in Australia, and where its country is not known.
func TestOverseasRecipient(t *testing.T) {
	lib, err := library.Load(librarytest.Copy(t))
	if err != nil {
		t.Fatal(err)
	}
	var e *Element
	for _, x := range checklistsOf(t, lib)["app-processor"].Elements {
		if x.ID == "transfer-mechanism" {
			e = x
		}
	}
	if e == nil {
		t.Fatal("app-processor has no transfer-mechanism element")
	}
	for _, tc := range []struct {
		country  any
		required bool
	}{
		{nil, true},
		{vars.Country{Code: "IN", Name: "India"}, true},
		{vars.Country{Code: "AU", Name: "Australia"}, false},
	} {
		tree := vars.Tree{}
		if tc.country != nil {
			tree["processor"] = map[string]any{"country": tc.country}
		}
		if got := e.RequiredFor(tree); got != tc.required {
			t.Errorf("processor in %v: required %v, want %v", tc.country, got, tc.required)
		}
	}
}

// TestFADPLimits: under Swiss law a breach notice later than 48 hours and
// a subprocessor notice shorter than 14 days fail with their values.
func TestFADPLimits(t *testing.T) {
	for _, tc := range []struct {
		sets []string
		want string // "id=value" of each failure
	}{
		{nil, ""},
		{[]string{"incident.notice_hours=48", "transfer.notice_days=14"}, ""},
		{[]string{"incident.notice_hours=49", "transfer.notice_days=13"}, "breach-notice-hours=49,subprocessor-notice-days=13"},
	} {
		doc, tree, lists := assembled(t, librarytest.Copy(t), "ojoo", librarytest.Described(append([]string{"jurisdiction=ch", "customer.country=CH"}, tc.sets...)...)...)
		rep := Document(doc, lists["fadp-processor"], tree)
		var got []string
		for _, f := range rep.Failures {
			got = append(got, f.Limit.ID+"="+f.Value)
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%v: failures %v, want %s", tc.sets, got, tc.want)
		}
	}
}

// TestJurisdictionHouseTexts records what each law's checklist finds in
// the house wording, for those writing the balanced wording: the elements
// it reports weak, none missing and no false claim.
func TestJurisdictionHouseTexts(t *testing.T) {
	for _, tc := range []struct {
		variant, code string
		weak          []string
	}{
		{"opsium", "ch", []string{"subprocessors"}},
		{"ojoo", "ch", []string{"subprocessors", "breach-notification", "deletion", "audits"}},
		{"opsium", "br", nil},
		{"ojoo", "br", []string{"audits", "breach-notification", "deletion"}},
		{"opsium", "in", nil},
		{"ojoo", "in", []string{"breach-notification", "deletion"}},
		{"opsium", "au", []string{"transfer-mechanism"}},
		{"ojoo", "au", []string{"transfer-mechanism", "breach-notification", "deletion"}},
		{"opsium", "ca", nil},
		{"ojoo", "ca", []string{"breach-notification", "deletion"}},
	} {
		t.Run(tc.variant+"/"+tc.code, func(t *testing.T) {
			if ojooRefusedUnderBrazil(t, librarytest.Copy(t), tc.variant, tc.code, librarytest.Described("jurisdiction="+tc.code, "customer.country="+strings.ToUpper(tc.code), "position=house")...) {
				return
			}
			doc, tree, lists := assembled(t, librarytest.Copy(t), tc.variant, librarytest.Described("jurisdiction="+tc.code, "customer.country="+strings.ToUpper(tc.code), "position=house")...)
			c := checklist.Select(lists, tree["jurisdiction"].(vars.Record), tree)[0]
			rep := Document(doc, c, tree)
			var weak []string
			for _, it := range rep.Items {
				if it.Required && len(it.Weak) > 0 {
					weak = append(weak, it.Element.ID)
				}
			}
			if !slices.Equal(weak, tc.weak) || len(rep.Missing()) > 0 || len(rep.False) > 0 {
				t.Errorf("weak %v, missing %v, false claims %v; want weak %v", weak, rep.Missing(), rep.False, tc.weak)
			}
		})
	}
}

// noChecklist edits a library so that the jurisdiction naming checklist id
// names none, as a jurisdiction without processor rules does.
func noChecklist(id string) func(testing.TB, fstest.MapFS) {
	return func(t testing.TB, m fstest.MapFS) {
		librarytest.Replace(t, m, "templates/jurisdictions.yaml", "  checklist: "+id+"\n", "  checklist: none\n")
	}
}
