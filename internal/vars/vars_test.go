package vars

import (
	"bytes"
	"errors"
	"html"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/clausemark/clausemark/internal/diag"
)

func i64(n int64) *int64 { return &n }

var (
	days     = &Var{Path: "deletion.days", Kind: KindInteger, Min: i64(1), Max: i64(365)}
	name     = &Var{Path: "processor.name", Kind: KindText, Min: i64(1), Max: i64(20)}
	email    = &Var{Path: "processor.contact.privacy_email", Kind: KindText, Format: "email"}
	website  = &Var{Path: "processor.website", Kind: KindText, Format: "url"}
	basis    = &Var{Path: "liability.cap.basis", Kind: KindEnum, Values: []string{"fees", "amount", "agreement"}}
	amount   = &Var{Path: "liability.cap.amount", Kind: KindAmount}
	date     = &Var{Path: "last_updated", Kind: KindDate}
	flag     = &Var{Path: "appendices", Kind: KindBool}
	textList = &Var{Path: "processor.address", Kind: KindList, Items: &Var{Kind: KindText}}
	objList  = &Var{Path: "subprocessors", Kind: KindList, Fields: []*Var{
		{Path: "name", Kind: KindText, Required: true, Min: i64(1)},
		{Path: "location", Kind: KindText},
	}}
)

func TestParseString(t *testing.T) {
	for _, tc := range []struct {
		name  string
		v     *Var
		in    string
		want  string // fmt.Sprint of the value
		error string // substring of the error, "" for success
	}{
		{"int", days, "30", "30", ""},
		{"int spaces", days, " 45 ", "45", ""},
		{"int words", days, "thirty", "", `must be an integer from 1 to 365, got "thirty"`},
		{"int zero", days, "0", "", "must be an integer from 1 to 365, got 0"},
		{"int too big", days, "366", "", "got 366"},
		{"int negative", days, "-1", "", "got -1"},
		{"int float", days, "30.5", "", "must be an integer"},
		{"int overflow", days, "99999999999999999999", "", "must be an integer"},
		{"text", name, "Acme", "Acme", ""},
		{"text trimmed", name, "  Acme  ", "Acme", ""},
		{"text markdown escaped", name, "*Stars* _Ltd_", `\*Stars\* \_Ltd\_`, ""},
		{"text empty", name, "", "", "must be a non-empty text"},
		{"text too long", name, strings.Repeat("x", 21), "", "at most 20 characters"},
		{"text newline", name, "a\nb", "", "single line"},
		{"text control", name, "a\x1eb", "", "control characters"},
		{"text invalid utf8", name, "a\xffb", "", "UTF-8"},
		{"text non-ascii", name, "Zürich Łódź", "Zürich Łódź", ""},
		{"text bidi override", name, "Acme\u202Eevil", "", "contains U+202E RIGHT-TO-LEFT OVERRIDE, which is not allowed"},
		{"text bidi isolate", name, "\u2066Acme", "", "contains U+2066 LEFT-TO-RIGHT ISOLATE"},
		{"text rtl mark", name, "Acme\u200F", "", "contains U+200F RIGHT-TO-LEFT MARK"},
		{"text arabic letter mark", name, "Acme\u061C", "", "contains U+061C ARABIC LETTER MARK"},
		{"text zero width space", name, "Ac\u200Bme", "", "contains U+200B ZERO WIDTH SPACE"},
		{"text word joiner", name, "Ac\u2060me", "", "contains U+2060 WORD JOINER"},
		{"text byte order mark", name, "\uFEFFAcme", "", "contains U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark)"},
		{"text joiner between latin letters", name, "Ac\u200Dme", "", "contains U+200D ZERO WIDTH JOINER"},
		{"text non-joiner between latin letters", name, "Ac\u200Cme", "", "contains U+200C ZERO WIDTH NON-JOINER"},
		{"text non-joiner at the start", name, "\u200Cمی", "", "contains U+200C"},
		{"text noncharacter FFFE", name, "Acme\uFFFE", "", "contains U+FFFE a noncharacter"},
		{"text noncharacter FDD0", name, "Acme\uFDD0", "", "contains U+FDD0 a noncharacter"},
		{"text noncharacter plane 16", name, "Acme\U0010FFFF", "", "contains U+10FFFF a noncharacter"},
		{"text persian non-joiner", name, "می\u200Cخواهم", "می\u200Cخواهم", ""},
		{"text devanagari joiner after virama", name, "क\u094D\u200Dष", "क\u094D\u200Dष", ""},
		{"text private use and U+FFFD kept", name, "Acme\uE000\uFFFD", "Acme\uE000\uFFFD", ""},
		{"text soft hyphen", name, "Ac\u00ADme", "", "contains U+00AD SOFT HYPHEN, which is not allowed"},
		{"text combining grapheme joiner", name, "Ac\u034Fme", "", "contains U+034F COMBINING GRAPHEME JOINER"},
		{"text mongolian vowel separator", name, "Ac\u180Eme", "", "contains U+180E MONGOLIAN VOWEL SEPARATOR"},
		{"text invisible times", name, "Ac\u2062me", "", "contains U+2062 INVISIBLE TIMES"},
		{"text invisible plus", name, "Ac\u2064me", "", "contains U+2064 INVISIBLE PLUS"},
		{"text deprecated format character", name, "Ac\u206Ame", "", "contains U+206A an invisible format character"},
		{"text interlinear annotation", name, "Ac\uFFF9me", "", "contains U+FFF9 an invisible format character"},
		{"text hangul choseong filler", name, "\u115FAcme", "", "contains U+115F HANGUL CHOSEONG FILLER"},
		{"text hangul jungseong filler", name, "Acme\u1160", "", "contains U+1160 HANGUL JUNGSEONG FILLER"},
		{"text hangul filler", name, "Ac\u3164me", "", "contains U+3164 HANGUL FILLER"},
		{"text halfwidth hangul filler", name, "Ac\uFFA0me", "", "contains U+FFA0 HALFWIDTH HANGUL FILLER"},
		{"text variation selector 16", name, "Acme\uFE0F", "", "contains U+FE0F VARIATION SELECTOR-16"},
		{"text variation selector 1", name, "Acme\uFE00", "", "contains U+FE00 VARIATION SELECTOR-1"},
		{"text ideographic variation selector", name, "\u845B\U000E0100", "", "contains U+E0100 VARIATION SELECTOR-17"},
		{"text last variation selector", name, "\u845B\U000E01EF", "", "contains U+E01EF VARIATION SELECTOR-256"},
		{"text mongolian variation selector", name, "\u1820\u180B", "", "contains U+180B a Mongolian variation selector"},
		{"text tag letter", name, "Acme\U000E0041", "", "contains U+E0041 a tag character"},
		{"text language tag", name, "Acme\U000E0001", "", "contains U+E0001 LANGUAGE TAG"},
		{"text cancel tag", name, "Acme\U000E007F", "", "contains U+E007F CANCEL TAG"},
		{"text unassigned default ignorable", name, "Acme\U000E0FFF", "", "contains U+E0FFF an invisible character"},
		{"text hangul and CJK kept", name, "\uD55C\uAE00 \u845B\u57CE", "\uD55C\uAE00 \u845B\u57CE", ""},
		{"text no-break space and accents kept", name, "Soci\u00E9t\u00E9\u00A0G\u00E9n\u00E9rale", "Soci\u00E9t\u00E9\u00A0G\u00E9n\u00E9rale", ""},
		{"email", email, "privacy@example.com", "<privacy@example.com>", ""},
		{"email bad", email, "privacy at example", "", "must be an e-mail address"},
		{"email with name", email, "Privacy <p@example.com>", "", "must be an e-mail address"},
		{"url", website, "https://example.com/legal", "<https://example.com/legal>", ""},
		{"url bare", website, "example.com/legal/", "example.com/legal/", ""},
		{"url javascript", website, "javascript:alert(1)", "", "must be a web address"},
		{"url space", website, "https://a b", "", "must be a web address"},
		{"enum", basis, "fees", "fees", ""},
		{"enum bad", basis, "feez", "", `must be one of fees, amount, agreement, got "feez" (did you mean "fees"?)`},
		{"amount", amount, "1000000", "1,000,000", ""},
		{"amount commas", amount, "1,000,000.50", "1,000,000.50", ""},
		{"amount one decimal", amount, "2500.5", "2,500.50", ""},
		{"amount three decimals", amount, "1.005", "", "at most two decimal places"},
		{"amount zero", amount, "0", "", "greater than zero"},
		{"amount negative", amount, "-5", "", "greater than zero"},
		{"amount exponent", amount, "1e6", "", "must be an amount"},
		{"amount words", amount, "a lot", "", "must be an amount"},
		{"date", date, "2025-12-09", "December 9, 2025", ""},
		{"date bad", date, "09/12/2025", "", "YYYY-MM-DD"},
		{"date impossible", date, "2025-02-30", "", "YYYY-MM-DD"},
		{"bool yes", flag, "yes", "true", ""},
		{"bool false", flag, "false", "false", ""},
		{"bool bad", flag, "maybe", "", "true or false"},
		{"list", textList, "[a, b]", "[a b]", ""},
		{"list not list", textList, "a", "", "must be a list"},
		{"list objects", objList, "[{name: X, location: Y}]", "[map[location:Y name:X]]", ""},
		{"list object missing", objList, "[{location: Y}]", "", `item 1: field "name" is required`},
		{"list object unknown field", objList, "[{name: X, where: Y}]", "", `unknown field "where"`},
		{"list malformed", objList, "[{", "", "must be a list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.v.ParseString(tc.in)
			if tc.error != "" {
				if err == nil || !strings.Contains(err.Error(), tc.error) {
					t.Fatalf("ParseString(%q) error = %v, want one containing %q", tc.in, err, tc.error)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseString(%q): %v", tc.in, err)
			}
			if s := sprint(got); s != tc.want {
				t.Errorf("ParseString(%q) = %q, want %q", tc.in, s, tc.want)
			}
		})
	}
}

func sprint(x any) string {
	switch v := x.(type) {
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = sprint(e)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case map[string]any:
		return "map[location:" + sprint(v["location"]) + " name:" + sprint(v["name"]) + "]"
	case Text:
		return v.String()
	case interface{ String() string }:
		return v.String()
	}
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(strings.Trim(strings.TrimSpace(toString(x)), "[]"), "\n", " "), "  ", " "))
}

func toString(x any) string {
	switch v := x.(type) {
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return ""
}

func TestNumberWords(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "zero"}, {1, "one"}, {12, "twelve"}, {20, "twenty"}, {30, "thirty"}, {45, "forty-five"},
		{100, "one hundred"}, {101, "one hundred one"}, {365, "three hundred sixty-five"},
		{1000, "one thousand"}, {2500000, "two million five hundred thousand"}, {-3, "minus three"},
		{1_000_000_000_000_000, "one quadrillion"},
		{-9223372036854775808, "minus nine quintillion two hundred twenty-three quadrillion three hundred seventy-two trillion thirty-six billion eight hundred fifty-four million seven hundred seventy-five thousand eight hundred eight"},
		{9223372036854775807, "nine quintillion two hundred twenty-three quadrillion three hundred seventy-two trillion thirty-six billion eight hundred fifty-four million seven hundred seventy-five thousand eight hundred seven"},
	} {
		if got := NumberWords(tc.n); got != tc.want {
			t.Errorf("NumberWords(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	if got := Int(30).Words(); got != "thirty (30)" {
		t.Errorf("Int(30).Words() = %q", got)
	}
}

func TestEscapeMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Acme GmbH", "Acme GmbH"},
		{"*Stars* _Ltd_", `\*Stars\* \_Ltd\_`},
		{"{{ .x }} & Co", `{{ .x }} & Co`},
		{"Procter & Gamble R&D", "Procter & Gamble R&D"},
		{"&copy; &#169; &#xA9; &amp;", `\&copy; \&#169; \&#xA9; \&amp;`},
		{"A&B; C& ; &;", `A\&B; C& ; &;`},
		{"# Heading", `\# Heading`},
		{"- item", `\- item`},
		{"1. First", `1\. First`},
		{"Well-known", "Well-known"},
		{"A|B", `A\|B`},
		{"<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"[link](http://x)", `\[link\](http\://x)`},
		{"back\\slash `code`", "back\\\\slash \\`code\\`"},
		{"~~strike~~ $math$", `\~\~strike\~\~ \$math\$`},
		{"!image", `\!image`},
		// An address alone is an autolink, taken whole: not cut at "\_".
		{"https://ex.example/my_legal_page?a=1&b=2", "<https://ex.example/my_legal_page?a=1&b=2>"},
		{"first_last@ex.example", "<first_last@ex.example>"},
		{"see https://ex.example/a_b", `see https\://ex.example/a\_b`},
		{"Acme (see HTTPS://evil.example/pay) Ltd", `Acme (see HTTPS\://evil.example/pay) Ltd`},
		{"Acme www.evil.example", `Acme www\.evil.example`},
		{"mail a@b.example", `mail a\@b.example`},
		{"https://ex.example/a|b", `https\://ex.example/a\|b`},
		{"ISO:27001", "ISO:27001"},
		{"javascript:alert(1)", "javascript:alert(1)"},
		{"https://ex.example/<x>", `https\://ex.example/\<x\>`},
	} {
		if got := EscapeMarkdown(tc.in); got != tc.want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

const testSchema = `
processor.name:
  type: text
  required: true
  min: 1
  identity: true
  description: Short name.
deletion.days:
  type: integer
  min: 1
  max: 365
  description: Days.
liability.cap.basis:
  type: enum
  values: [fees, amount]
  default: fees
  description: Basis.
liability.cap.months:
  type: integer
  min: 1
  required_if: {liability.cap.basis: fees}
  description: Months.
last_updated:
  type: date
  description: Date.
date_format:
  role: date-format
  type: enum
  values: [long, iso]
  default: long
  description: Format.
jurisdiction:
  type: jurisdiction
  description: Code.
`

func schema(t *testing.T) *Schema {
	t.Helper()
	s, err := LoadSchema("variables.yaml", []byte(testSchema), map[string]Record{"eu": {"name": "the European Union"}, "uk": {"name": "the United Kingdom"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseFileAndResolve(t *testing.T) {
	s := schema(t)
	set, meta, err := ParseFile(s, "v.yaml", []byte("variant: ojoo\nprocessor:\n  name: Acme\nliability:\n  cap:\n    months: 6\nlast_updated: 2026-01-02\ndate_format: iso\njurisdiction: uk\n"))
	if err != nil {
		t.Fatal(err)
	}
	if meta.Variant != "ojoo" {
		t.Errorf("variant = %q", meta.Variant)
	}
	p, v, err := ParseAssignment(s, "deletion.days=45")
	if err != nil {
		t.Fatal(err)
	}
	tree, merged, err := Resolve(s, set, Set{p: v})
	if err != nil {
		t.Fatal(err)
	}
	if got := merged["processor.name"].Src; got.File != "v.yaml" || got.Line != 3 || got.Col != 9 {
		t.Errorf("processor.name source = %+v", got)
	}
	proc := tree["processor"].(map[string]any)
	if proc["name"] != Text("Acme") {
		t.Errorf("processor.name = %#v", proc["name"])
	}
	if d := tree["last_updated"].(Date); d.String() != "2026-01-02" {
		t.Errorf("date prints %q in iso format", d.String())
	}
	if j := tree["jurisdiction"].(Record); j.String() != "the United Kingdom" {
		t.Errorf("jurisdiction = %v", j)
	}
	cap := tree["liability"].(map[string]any)["cap"].(map[string]any)
	if cap["basis"] != Enum("fees") || cap["months"] != Int(6) {
		t.Errorf("cap = %#v", cap)
	}
	if tree["deletion"].(map[string]any)["days"] != Int(45) {
		t.Errorf("deletion.days from --set not applied")
	}
}

func TestResolveReportsEverything(t *testing.T) {
	s := schema(t)
	_, _, err := ParseFile(s, "v.yaml", []byte("processor:\n  nme: X\n  name: [a]\ndeletion:\n  days: 0\nliability: 5\n"))
	var list diag.List
	if !errors.As(err, &list) || len(list) != 4 {
		t.Fatalf("want 4 problems, got %v", err)
	}
	if !errors.Is(err, ErrUnknown) {
		t.Error("unknown variable does not wrap ErrUnknown")
	}
	for _, want := range []string{
		`v.yaml:2:3: variable "processor.nme": unknown variable (did you mean "processor.name"?)`,
		`v.yaml:3:9: variable "processor.name": must be a single value (text), got a list`,
		`v.yaml:5:9: variable "deletion.days": must be an integer from 1 to 365, got 0`,
		`v.yaml:6:12: variable "liability": must be a mapping of cap`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	_, _, err = Resolve(s, Set{})
	if !errors.Is(err, ErrRequired) || !strings.Contains(err.Error(), `variable "processor.name"`) || !strings.Contains(err.Error(), `variable "liability.cap.months": required but has no value when liability.cap.basis is fees`) {
		t.Errorf("missing required values: %v", err)
	}
}

func TestLoadSchemaErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"bad type", "a:\n  type: number\n", `variables.yaml:2:3: variable "a": unknown type "number"`},
		{"bad path", "A.b:\n  type: text\n", "path must be lower-case"},
		{"enum without values", "a:\n  type: enum\n", "enum declares no values"},
		{"bad default", "a:\n  type: integer\n  max: 3\n  default: 5\n", `variables.yaml:4:12: variable "a": default must be an integer of at most 3`},
		{"group conflict", "a:\n  type: text\na.b:\n  type: text\n", `conflicts with variable "a"`},
		{"required_if unknown", "a:\n  type: text\n  required_if: {b: x}\n", `required_if names undeclared variable "b"`},
		{"tied_to unknown", "a:\n  type: text\n  tied_to: [b]\n", `tied_to names undeclared variable "b"`},
		{"tied_to itself", "a:\n  type: text\n  tied_to: [a]\n", `tied_to names undeclared variable "a"`},
		{"yaml", "a: [\n", "invalid YAML"},
		{"not a mapping", "- a\n", "must be a mapping"},
		{"value label of no value", "a:\n  type: enum\n  values: [x]\n  value_labels: {y: Why}\n", `value_labels names "y", which is not one of the enum's values`},
		{"value labels off an enum", "a:\n  type: text\n  value_labels: {y: Why}\n", `value_labels names "y"`},
		{"item label off a list", "a:\n  type: text\n  item_label: Line\n", "item_label belongs to a list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadSchema("variables.yaml", []byte(tc.yaml), nil, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestFormKeys: label, help, group, item_label and value_labels are read;
// a variable without them gets a label from its path and its description
// as help; Ordered keeps the order of declaration.
func TestFormKeys(t *testing.T) {
	const src = `b.days:
  type: integer
  label: Deletion period
  help: Days after the contract ends.
  group: Terms
  description: Days after termination; blank where the house style has none.
a.basis:
  type: enum
  values: [fees, amount]
  value_labels: {fees: Fees paid}
  description: How the cap is set.
c.lines:
  type: list
  items: text
  item_label: Address line
`
	s, err := LoadSchema("variables.yaml", []byte(src), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	days, basis, lines := s.Vars["b.days"], s.Vars["a.basis"], s.Vars["c.lines"]
	for _, tc := range []struct{ name, got, want string }{
		{"label", days.Title(), "Deletion period"},
		{"label from the path", basis.Title(), "A basis"},
		{"help", days.FormHelp(), "Days after the contract ends."},
		{"help from the description", basis.FormHelp(), "How the cap is set."},
		{"group", days.Group, "Terms"},
		{"item label", lines.ItemLabel, "Address line"},
		{"value label", basis.ValueLabel("fees"), "Fees paid"},
		{"value without a label", basis.ValueLabel("amount"), "amount"},
		{"order of declaration", strings.Join(s.Ordered(), " "), "b.days a.basis c.lines"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

// TestAssignmentByLabel: --set takes a jurisdiction or an enum by its
// code, or by its label in any case, as a spreadsheet's cell is taken;
// anything else lists the codes with their labels and the closest.
func TestAssignmentByLabel(t *testing.T) {
	s := schema(t)
	for _, tc := range []struct {
		arg, want, err string
	}{
		{"jurisdiction=uk", "uk", ""},
		{"jurisdiction=The United Kingdom", "uk", ""},
		{"jurisdiction=united kingdom", "uk", ""},
		{"jurisdiction=UK", "uk", ""},
		{"jurisdiction=Ruritania", "", `must be one of eu (The European Union), uk (The United Kingdom), got "Ruritania"`},
		{"jurisdiction=the United Kingdon", "", `(did you mean "The United Kingdom"?)`},
	} {
		_, v, err := ParseAssignment(s, tc.arg)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: %v, want %q", tc.arg, err, tc.err)
			}
			continue
		}
		if err != nil || v.V != tc.want {
			t.Errorf("%s: %#v, %v; want %q", tc.arg, v.V, err, tc.want)
		}
	}
}

// TestEscapeMarkdownLiteral: a value escaped and read back as GitHub
// Flavored Markdown is its own text, whatever characters it holds.
func TestEscapeMarkdownLiteral(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for _, in := range []string{
		"Procter & Gamble", "R&D; Ltd", "&copy; 2026", "&#169; &#xA9;", "&amp;&lt;", "a &nbsp b", "&;",
		"*Stars* _Ltd_ [x](y) <b> `c` ~~s~~ \\ | $", "1. First", "# Head", "www.x.example", "a@b.example x",
	} {
		var b bytes.Buffer
		if err := md.Convert([]byte(EscapeMarkdown(in)), &b); err != nil {
			t.Fatal(err)
		}
		got := strings.TrimSuffix(strings.TrimPrefix(b.String(), "<p>"), "</p>\n")
		if want := html.EscapeString(in); got != want {
			t.Errorf("%q escaped as %q reads back as %q, want %q", in, EscapeMarkdown(in), got, want)
		}
	}
}
