package assemble_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

var update = flag.Bool("update", false, "update golden files")

// TestGolden renders each testdata/cases/NAME/vars.yaml and compares the
// result with want.md. Run with -update to rewrite the golden files.
func TestGolden(t *testing.T) {
	lib := load(t)
	dirs, err := filepath.Glob("testdata/cases/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases in testdata/cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(dir, "vars.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			req := library.Request{Files: []library.Input{{Name: "vars.yaml", Data: in}}}
			got := render(t, lib, req)
			// Rendering is deterministic: the same inputs give the same bytes.
			if again := render(t, lib, req); again != got {
				t.Fatal("second render differs from the first")
			}
			golden := filepath.Join(dir, "want.md")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (run go test -update to accept):\n%s", golden, firstDiff(got, string(want)))
			}
			if strings.Contains(got, "<no value>") {
				t.Error("output contains <no value>")
			}
		})
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}

// TestNewProcessor renders documents for processors that are not in the
// library, each from one variables file, and checks that every value is in
// place and nothing of the original houses is left.
func TestNewProcessor(t *testing.T) {
	lib := load(t)
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"testdata/processors/acme-de.yaml", []string{
			"Acme Datenverarbeitung GmbH", "made between Acme Datenverarbeitung GmbH (“Acme”, “Processor”) and Globex Corporation (“Customer”, “Controller”)",
			"within 45 days", "will not exceed EUR 2,500,000", "German Federal Data Protection Act (Bundesdatenschutzgesetz, BDSG)",
			"This DPA is governed by the laws of the Federal Republic of Germany. The courts located in Munich, Germany have exclusive jurisdiction",
			"privacy@acme.example", "for three (3) years", "Last updated: 1 March 2026", "Acme hosts the Services with Hetzner at the locations listed in",
		}},
		{"testdata/processors/zurich-ch.yaml", []string{
			"Zürich Şirket Łódź Ørsted AG", "**Customer** means Müller & Søn \\*Stars\\* \\_Ltd\\_, the individual",
			"within ninety (90) days of the Customer's written request", "during the six (6) months immediately preceding",
			"governed by the laws of Switzerland", "the courts of Zurich, Switzerland shall have exclusive jurisdiction",
			"Last Updated: 2026-07-14", "| Hetzner Online GmbH | Hosting | Germany |", "| Mailgun \\| Sinch | E-mail delivery | the United States |",
			"engages the third-party Subprocessors listed in this Appendix", "within forty-eight (48) hours",
		}},
		{"testdata/processors/bharat-in.yaml", []string{
			"Bhārat Cloud Pvt. Ltd.", "including the Digital Personal Data Protection Act, 2023 (DPDP Act)",
			"Upon termination, data will be deleted or returned as described in [Section 9 (Return or Deletion of Data)](#9-return-or-deletion-of-data).",
			"is subject to the limitations of liability in the Agreement", "The courts of New Delhi, India have exclusive jurisdiction",
		}},
		{"testdata/processors/uk-amount.yaml", []string{
			"Northwind Analytics Ltd", "the UK General Data Protection Regulation (UK GDPR) and the Data Protection Act 2018",
			"will not exceed GBP 1,000,000.50", "The courts of England and Wales have exclusive jurisdiction", "outside the United Kingdom",
		}},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			r, err := lib.Resolve(library.Request{Files: []library.Input{{Name: tc.file, Data: data}}})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Warnings) > 0 {
				t.Errorf("warnings for a complete processor file: %q", r.Warnings)
			}
			doc, err := assemble.Assemble(r)
			if err != nil {
				t.Fatal(err)
			}
			got := string(doc.Markdown)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			lower := strings.ToLower(got)
			for _, house := range []string{"opsium", "ojoo"} {
				if i := strings.Index(lower, house); i >= 0 {
					t.Errorf("output still names %q: %q", house, got[max(0, i-40):min(len(got), i+40)])
				}
			}
		})
	}
}

// TestConditions checks the template's when: conditions: the governing-law
// clause appears only when the jurisdiction has a single governing law.
func TestConditions(t *testing.T) {
	lib := load(t)
	eu := render(t, lib, library.Request{Variant: "opsium"})
	de := render(t, lib, library.Request{Variant: "opsium", Sets: []string{"jurisdiction=de"}})
	if strings.Contains(eu, "Governing Law") {
		t.Error("eu: governing-law clause included, but the GDPR alone names no governing law")
	}
	if !strings.Contains(de, "## 14. Governing Law") || !strings.Contains(de, "## 15. Contact Information") {
		t.Error("de: governing-law clause missing or contact not renumbered after it")
	}
}

func TestErrorsReportedTogether(t *testing.T) {
	lib := load(t)
	bad := []byte("variant: ojoo\ndeletion:\n  days: thirty\njurisdiction: xx\nprocesor:\n  name: X\n")
	_, err := lib.Resolve(library.Request{Files: []library.Input{{Name: "bad.yaml", Data: bad}}, Sets: []string{"deletion.days=366"}})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`bad.yaml:3:9: variable "deletion.days": must be an integer from 1 to 365, got "thirty"`,
		`bad.yaml:4:15: variable "jurisdiction": must be one of`,
		`bad.yaml:5:1: variable "procesor": unknown variable`,
		`--set deletion.days=366: variable "deletion.days": must be an integer from 1 to 365, got 366`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q; got:\n%v", want, err)
		}
	}
}

func TestMarkdownIsDeterministic(t *testing.T) {
	lib := load(t)
	a := render(t, lib, library.Request{Variant: "ojoo"})
	lib2 := load(t)
	b := render(t, lib2, library.Request{Variant: "ojoo"})
	if !bytes.Equal([]byte(a), []byte(b)) {
		t.Error("two loads of the library render different bytes")
	}
}

// TestVenueGoesWithItsJurisdiction: a variant's venue is left out, with a
// warning, when the jurisdiction changes; the courts then belong to the new
// jurisdiction. A venue given with the new jurisdiction is kept.
func TestVenueGoesWithItsJurisdiction(t *testing.T) {
	lib := load(t)
	courts := regexp.MustCompile(`the parties agree that (.*?) shall have exclusive jurisdiction`)
	for _, code := range lib.Schema.Vars["jurisdiction"].Values {
		t.Run(code, func(t *testing.T) {
			// Ojoo's processor is in India: Brazil's law refuses the
			// transfer the library cannot carry.
			r, doc := assembledUnlessRefused(t, lib, library.Request{Variant: "ojoo", Sets: librarytest.Described("jurisdiction="+code, "customer.country=IE")}, code == "br")
			if doc == nil {
				return
			}
			j := lib.Jurisdictions[code]
			m := courts.FindSubmatch(doc.Markdown)
			switch {
			case fmt.Sprint(j["governing_law"]) == "":
				if m != nil || strings.Contains(string(doc.Markdown), "Bengaluru, Karnataka, ") {
					t.Errorf("a jurisdiction without a single governing law has courts %q", m)
				}
			case m == nil:
				t.Fatal("no courts clause")
			case code == "in":
				if string(m[1]) != "the courts located in Bengaluru, Karnataka, India" {
					t.Errorf("courts %q", m[1])
				}
			case strings.Contains(string(m[1]), "Bengaluru"):
				t.Errorf("courts %q keep the variant's venue", m[1])
			case string(m[1]) != fmt.Sprint(j["courts"]):
				t.Errorf("courts %q, want the jurisdiction's %q", m[1], j["courts"])
			}
			warned := slices.ContainsFunc(r.Warnings, func(w string) bool {
				return strings.HasPrefix(w, `venue "Bengaluru, Karnataka" from variant ojoo goes with jurisdiction`)
			})
			if warned != (code != "in") {
				t.Errorf("warnings %q", r.Warnings)
			}
		})
	}
	r, doc := assembled(t, lib, library.Request{Variant: "ojoo", Sets: librarytest.Described("jurisdiction=de", "venue=Munich", "customer.country=Germany")})
	if !strings.Contains(string(doc.Markdown), "the courts located in Munich, Germany shall have") || len(r.Warnings) != 0 {
		t.Errorf("a venue given with the jurisdiction: warnings %q", r.Warnings)
	}
}
