package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/registry"
)

// TestDiffExitStatus checks diff's exit status, as diff(1) gives it: 0
// for identical documents, 1 when they differ (with nothing said on
// standard error, the output having said how), 2 for a usage error.
func TestDiffExitStatus(t *testing.T) {
	vars := filepath.Join(t.TempDir(), "globex.yaml")
	if err := os.WriteFile(vars, []byte("variant: opsium\ndeletion:\n  days: 45\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"opsium", "opsium"}, 0, ""},
		{[]string{"opsium", "opsium", "--format", "html"}, 0, ""},
		{[]string{"opsium", vars}, 1, ""},
		{[]string{"opsium", "ojoo", "--format", "md"}, 1, ""},
		{[]string{"opsium", "ojoo", "--format", "odt"}, 2, "--format must be"},
		{[]string{"opsium"}, 2, "compares two documents"},
		{[]string{"opsium", "nothing.yaml"}, 1, "neither a variant"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), append([]string{"diff"}, tc.args...), testEnv(t), strings.NewReader(""), &stdout, &stderr)
		if got := exitCode(err, &stderr); got != tc.status {
			t.Errorf("diff %v: status %d, want %d; stderr %q", tc.args, got, tc.status, stderr.String())
		}
		if tc.stderr == "" && stderr.Len() > 0 || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("diff %v: stderr %q, want %q", tc.args, stderr.String(), tc.stderr)
		}
	}
}

// TestNamesLookedUp checks that a mistyped name is answered with the
// closest one, and a malformed --set is a usage error (status 2).
func TestNamesLookedUp(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"render", "--variant", "opsium", "--set", "foo"}, 2, `--set "foo": must be written path=value`},
		{[]string{"render", "--variant", "opsium", "--set", "=45"}, 2, `must be written path=value`},
		{[]string{"render", "--variant", "opsiu"}, 1, `no variant "opsiu": did you mean "opsium"?`},
		{[]string{"render", "--template", "dpa-ful"}, 1, `no template "dpa-ful": did you mean "dpa-full"?`},
		{[]string{"clauses", "deleton"}, 1, `no clause "deleton": did you mean "deletion"?`},
		{[]string{"vars", "dpa-concis"}, 1, `did you mean "dpa-concise"?`},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tc.args, testEnv(t), strings.NewReader(""), &stdout, &stderr)
		if got := exitCode(err, &stderr); got != tc.status || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("%v: status %d, stderr %q; want %d and %q", tc.args, got, stderr.String(), tc.status, tc.stderr)
		}
	}
}

// TestCompletion asks for completions as a shell does: variable paths for
// --set, an enum's values once its = is typed, variants, formats; and
// the completion scripts are there.
func TestCompletion(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
		not  string
	}{
		{[]string{"render", "--variant", "ojoo", "--set", "deletion"}, []string{"deletion.days="}, "customer.name="},
		{[]string{"render", "--variant", "ojoo", "--set", "jurisdiction=i"}, []string{"jurisdiction=ie", "jurisdiction=in"}, "jurisdiction=de"},
		{[]string{"batch", "--set", "customer.na"}, []string{"customer.name="}, ""},
		{[]string{"render", "--variant", "o"}, []string{"ojoo", "opsium"}, ""},
		{[]string{"render", "--format", ""}, []string{"pdf", "docx", "md"}, ""},
	} {
		var stdout bytes.Buffer
		if err := run(context.Background(), append([]string{"__complete"}, tc.args...), testEnv(t), strings.NewReader(""), &stdout, &bytes.Buffer{}); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		lines := strings.Split(stdout.String(), "\n")
		for _, w := range tc.want {
			if !slices.ContainsFunc(lines, func(l string) bool { return strings.Split(l, "\t")[0] == w }) {
				t.Errorf("%v: no %q in\n%s", tc.args, w, stdout.String())
			}
		}
		if tc.not != "" && strings.Contains(stdout.String(), tc.not) {
			t.Errorf("%v: offers %q", tc.args, tc.not)
		}
	}
	var script bytes.Buffer
	if err := run(context.Background(), []string{"completion", "bash"}, testEnv(t), strings.NewReader(""), &script, &bytes.Buffer{}); err != nil || !strings.Contains(script.String(), "bash completion") {
		t.Errorf("completion bash: %v\n%.200s", err, script.String())
	}
}

// TestListFitsTerminal: on a terminal of 100 columns, a long customer's
// name is cut so that no line of the table is wider; elsewhere it is whole
// (up to the cell's own bound).
func TestListFitsTerminal(t *testing.T) {
	list := []registry.Summary{{ID: "CM-0000-0000-0000-0001", Customer: strings.Repeat("Globex Corporation ", 3), Template: "dpa-full", TemplateVersion: "1.3.0", Jurisdiction: "eu", LibraryVersion: "1.4.0", Issues: 2}}
	var b bytes.Buffer
	if err := writeList(&b, list, false, false, 100); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if n := utf8.RuneCountInString(l); n > 100 {
			t.Errorf("%d characters: %q", n, l)
		}
	}
	if !strings.Contains(b.String(), "Globex Corporation G…") || !strings.Contains(b.String(), "…") {
		t.Errorf("the customer is not cut to fit:\n%s", b.String())
	}
	b.Reset()
	if err := writeList(&b, list, false, false, 0); err != nil || strings.Count(b.String(), "Globex") != 2 {
		t.Errorf("without a terminal: %v\n%s", err, b.String())
	}
}
