package check

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/vars"
)

func TestUnits(t *testing.T) {
	for _, tc := range []struct {
		name, md string
		want     []string
	}{
		{"sentences", "The Processor shall assist. It **will** notify the Customer.", []string{"The Processor shall assist.", "It will notify the Customer."}},
		{"lead-in completed by each item", "First. The Processor will:\n\n- notify the Customer;\n- help.\n\nAfter.", []string{"First.", "The Processor will: notify the Customer;", "The Processor will: help.", "After."}},
		// An item's duty verb does not reach into the next item.
		{"items apart", "The Processor:\n\n- shall keep it;\n- may notify the Customer.", []string{"The Processor: shall keep it;", "The Processor: may notify the Customer."}},
		{"list without lead-in", "- one\n- two\n  continued", []string{"one", "two continued"}},
		{"heading left out", "### 5.1 Title\n\nText.", []string{"Text."}},
		{"article numbers stay", "Under Art. 28 the processor shall act.", []string{"Under Art. 28 the processor shall act."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, u := range units(tc.md) {
				got = append(got, u.text)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("units(%q)\n got %q\nwant %q", tc.md, got, tc.want)
			}
		})
	}
}

// fixtureSection returns a section whose wording, in clauses/fixture.md,
// is body, as rendered.
func fixtureSection(t *testing.T, body string) assemble.Section {
	t.Helper()
	src := "---\nid: fixture\nversion: 1.0.0\ndescription: A fixture.\ntitle: Fixture\n---\n" + body + "\n"
	c, err := clause.Parse("clauses/fixture.md", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	var alt *clause.Alternative
	for _, a := range c.Alts {
		alt = a
	}
	return assemble.Section{ClauseID: "fixture", Title: "Fixture", Clause: alt, Text: body}
}

// TestWeak reads good and bad wording of each Art. 28 element the
// checklists give obligations: a properly drafted sentence passes, and
// each weak phrase or duty left out is reported with its phrase and line.
func TestWeak(t *testing.T) {
	lib, err := library.Load(librarytest.Copy(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		list, element, text string
		want                []string // "kind:phrase@line" of each weakness, line 7 the body's first, 2 the wording's declaration
	}{
		{"gdpr-art28", "instructions", "The Processor shall process Personal Data only on documented instructions from the Customer, including with regard to transfers, unless required to do so by Union or Member State law to which the Processor is subject; in such a case, the Processor shall inform the Customer of that legal requirement before processing.\n\nThe Processor shall immediately inform the Customer if, in its opinion, an instruction infringes the GDPR.", nil},
		{"uk-art28", "instructions", "The Processor shall process Personal Data only on documented instructions from the Customer, unless required to do so by domestic law; in such a case, the Processor shall inform the Customer of that legal requirement before processing. The Processor shall immediately inform the Customer if an instruction infringes the UK GDPR.", nil},
		{"gdpr-art28", "instructions", "The Processor shall process Personal Data only on documented instructions, unless otherwise required to do so by applicable law.", []string{
			"weak-phrase:unless otherwise required to do so by applicable law@7",
			"no-duty:@2", // nothing informs of the legal requirement
			"no-duty:@2", // nor of an infringing instruction
		}},
		{"gdpr-art28", "subprocessors", "The Processor shall inform the Customer at least 30 days in advance of any intended addition or replacement of a subprocessor, and the Customer may object. The Processor shall impose the same data protection obligations on each subprocessor.", nil},
		{"gdpr-art28", "subprocessors", "Where appropriate, the Processor may maintain a list of subprocessors.\n\nCustomers will be notified of any significant changes to subprocessors, who follow the same data protection standards.", []string{
			"weak-phrase:Where appropriate@7",
			"weak-phrase:any significant changes@9",
			"no-duty:@2",
		}},
		{"gdpr-art28", "data-subject-rights", "Taking into account the nature of the processing, the Processor shall assist the Customer by appropriate technical and organisational measures in responding to requests from data subjects.", nil},
		{"gdpr-art28", "data-subject-rights", "The Processor assists the Customer with data subject requests.\n\nWhere reasonably practicable, the Processor may assist the Customer in responding to data subject requests.", []string{
			"weak-phrase:may assist@9",
			"weak-phrase:Where reasonably practicable@9",
			"no-duty:assists the Customer with data subject requests@7",
		}},
		{"gdpr-art28", "data-subject-rights", "The Processor assists the Customer with data subject requests.", []string{"no-duty:assists the Customer with data subject requests@7"}},
		{"gdpr-art28", "compliance-assistance", "The Processor shall assist the Customer with data protection impact assessments and with prior consultations of the supervisory authority.", nil},
		{"gdpr-art28", "compliance-assistance", "Where required by applicable law, the Processor may provide information to assist the Customer in conducting:\n\n- data protection impact assessments.", []string{
			"weak-phrase:Where required by applicable law@7",
			"weak-phrase:may provide@7",
			"no-duty:data protection impact assessments@9",
			"no-duty:@2", // prior consultation
		}},
		// A weak lead-in is reported once, however many items complete
		// it; an item's may is not saved by the shall of the item before.
		{"gdpr-art28", "compliance-assistance", "Where reasonably practicable, the Processor:\n\n- shall keep records;\n- may assist the Customer with data protection impact assessments;\n- may assist the Customer with prior consultations.", []string{
			"weak-phrase:Where reasonably practicable@7",
			"weak-phrase:may assist@10",
			"weak-phrase:may assist@11",
			"no-duty:data protection impact assessments@10",
			"no-duty:prior consultations@11",
		}},
		{"gdpr-art28", "breach-notification", "The Processor shall notify the Customer without undue delay after becoming aware of a personal data breach.", nil},
		{"gdpr-art28", "breach-notification", "Where the Processor becomes aware of a confirmed Security Incident, the Processor shall notify the Customer without undue delay and within a commercially reasonable timeframe.", []string{
			"weak-phrase:confirmed@7",
			"weak-phrase:commercially reasonable@7",
		}},
		{"gdpr-art28", "deletion", "At the choice of the Customer, the Processor shall delete or return all Personal Data after the end of the services and delete existing copies unless Union or Member State law requires storage of the Personal Data.", nil},
		{"gdpr-art28", "deletion", "The Processor shall take reasonable steps to delete Personal Data.\n\nThe Processor may retain Personal Data for legitimate business operations and to comply with legal, regulatory, or contractual obligations.", []string{
			"weak-phrase:reasonable steps to delete@7",
			"weak-phrase:may retain@9",
			"weak-phrase:legitimate business operations@9",
			"weak-phrase:legal, regulatory, or contractual obligations@9",
		}},
		{"gdpr-art28", "audits", "The Processor shall make available to the Customer all information necessary to demonstrate compliance with Article 28 and shall allow for and contribute to audits, including inspections, conducted by the Customer or another auditor mandated by the Customer.", nil},
		{"gdpr-art28", "audits", "The Processor shall make available all information necessary to demonstrate compliance. The Customer may conduct audits, directly or through an auditor it mandates.", nil},
		{"gdpr-art28", "audits", "The Processor shall make available reasonable information necessary to demonstrate compliance.\n\nWhere permitted by the Processor, audits may be conducted by an independent auditor.", []string{
			"weak-phrase:reasonable information necessary@7",
			"weak-phrase:Where permitted by@9",
			"no-duty:permitted by the Processor, audits may be conducted by an independent audit@9",
		}},
	} {
		t.Run(tc.list+"/"+tc.element, func(t *testing.T) {
			var e *Element
			for _, x := range checklistsOf(t, lib)[tc.list].Elements {
				if x.ID == tc.element {
					e = x
				}
			}
			if e == nil || !e.Rules() {
				t.Fatalf("%s has no element %s with obligations", tc.list, tc.element)
			}
			sec := fixtureSection(t, tc.text)
			var got []string
			for _, w := range weaknesses(e, []assemble.Section{sec}, vars.Tree{}) {
				got = append(got, fmt.Sprintf("%s:%s@%d", w.Kind, w.Phrase, w.Pos.Line))
				if w.Phrase != "" && !strings.Contains(w.Quote, w.Phrase) {
					t.Errorf("quote %q does not hold the phrase %q", w.Quote, w.Phrase)
				}
				if w.File() != "clauses/fixture.md" || !strings.Contains(w.String(), e.Ref) {
					t.Errorf("%v: file %q, want the article %s", w, w.File(), e.Ref)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("weaknesses of %q\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestLocateUnique(t *testing.T) {
	body := "The Processor may assist.\n\nThe Customer may assist the Processor."
	sec := fixtureSection(t, body)
	u := units(body)[1].text
	i := strings.Index(u, "may assist")
	if got := locate(sec, u, i, i+len("may assist")); got.Line != 9 {
		t.Errorf("located at %+v, want line 9, the phrase's second use", got)
	}
}
