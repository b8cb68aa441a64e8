package filename_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/filename"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Müller & Søn GmbH":        "muller-son-gmbh",
		"../etc/passwd":            "etc-passwd",
		"Łódź Straße":              "lodz-strasse",
		"  --  ":                   "",
		"ACME, Inc.":               "acme-inc",
		"株式会社テスト":                  "",
		strings.Repeat("ab ", 100): strings.TrimSuffix(strings.Repeat("ab-", 34)[:100], "-"),
	} {
		if got := filename.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func schema(t *testing.T) *vars.Schema {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	return lib.Templates["dpa-concise"].Schema
}

// TestParse: a template that could loop, build lists or name what the
// schema lacks is refused before any row.
func TestParse(t *testing.T) {
	s := schema(t)
	for _, tc := range []struct{ text, err string }{
		{filename.Default, ""},
		{`{{ .customer.name }}-{{ .row }}`, ""},
		{`{{ with .customer }}{{ .name }}{{ end }}`, ""},
		{`{{ range 100000000 }}x{{ end }}`, "--name: range is not allowed in a file name template"},
		{`{{ define "x" }}{{ range 9 }}{{ end }}{{ end }}a`, "range is not allowed"},
		{`{{ until 100000000 }}`, `function "until" not defined`},
		{`{{ repeat 100000000 "x" }}`, `function "repeat" not defined`},
		{`{{ .customer.nmae }}`, `--name: no variable "customer.nmae" in this template; did you mean "customer.name"?`},
		{`{{ if .deletion.dayz }}x{{ end }}`, `did you mean "deletion.days"?`},
		{`{{ role $ "customer-nam" }}`, `--name: role "customer-nam": no such role`},
		{`{{ .customer.name`, "--name: template: --name:1: unclosed action"},
	} {
		_, err := filename.Parse(tc.text, s)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Parse(%s): %v, want %q", tc.text, err, tc.err)
		}
	}
}

// TestExecute: a name is one safe file name or an error, never changed
// silently.
func TestExecute(t *testing.T) {
	s := schema(t)
	for _, tc := range []struct {
		text, customer string
		want, err      string
	}{
		{filename.Default, "Müller & Søn GmbH", "muller-son-gmbh-dpa", ""},
		{filename.Default, "株式会社テスト", "row-7-dpa", ""},
		{filename.Default, "", "row-7-dpa", ""},
		{`dpa{{ .customer.name }}-{{ .row }}`, "", "dpa-7", ""},
		{`{{ .customer.name }}`, "  Globex, Inc  ", "Globex, Inc", ""},
		{`{{ .customer.name }}`, "a/b", "", `file name "a/b" contains a path separator`},
		{`{{ .customer.name }}`, `a\b`, "", "contains a path separator"},
		{`{{ .customer.name }}`, "a..b", "", `contains ".."`},
		{`{{ .customer.name }}`, ".hidden", "", "starts with a dot"},
		{`{{ .customer.name }}`, "a:b", "", `contains one of <>:"|?*`},
		{`{{ .customer.name }}`, " ", "", "file name is empty"},
		{`{{ .customer.name }}`, strings.Repeat("x", 121), "", "is longer than 120 bytes"},
		{`{{ .customer.name }}{{ .customer.name | printf "%0100000s" }}`, "A", "", "file name is longer than 120 bytes"},
		{`{{ .customer.name }}{{ "\u0007" }}`, "A", "", "contains a control character"},
	} {
		tmpl, err := filename.Parse(tc.text, s)
		if err != nil {
			t.Fatal(err)
		}
		tree := vars.Tree{"customer": map[string]any{"name": nil}}
		if tc.customer != "" {
			tree = vars.Tree{"customer": map[string]any{"name": tc.customer}}
		}
		got, err := tmpl.Execute(tree, 7)
		if got != tc.want || tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s with %q: %q, %v; want %q, %q", tc.text, tc.customer, got, err, tc.want, tc.err)
		}
	}
}

// TestServerNeedsNoBatch: the server names its downloads with this
// package, not through the batch package, which it does not import.
func TestServerNeedsNoBatch(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goTool, "list", "-deps", "github.com/clausemark/clausemark/internal/server").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	var found bool
	for _, d := range deps {
		switch d {
		case "github.com/clausemark/clausemark/internal/batch":
			t.Error("internal/server imports internal/batch")
		case "github.com/clausemark/clausemark/internal/filename":
			found = true
		}
	}
	if !found {
		t.Error("internal/server does not import internal/filename")
	}
}
