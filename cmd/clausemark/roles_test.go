package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/diag"
)

// renamed rewrites a library's files so that five variables with roles
// have new paths: customer.name becomes client_name (out of its group),
// processor.legal_name processor.entity, last_updated effective_on,
// date_format date_style and jurisdiction law_area.
func renamed(path string, data []byte) []byte {
	s := string(data)
	if strings.HasPrefix(path, "templates/variants/") {
		s = strings.Replace(s, "customer:\n  name: \"\"\n", "client_name: \"\"\n", 1)
		s = regexp.MustCompile(`(?m)^  legal_name:`).ReplaceAllString(s, "  entity:")
	}
	for _, r := range []struct{ re, to string }{
		{`\bcustomer\.name\b`, "client_name"},
		{`\bprocessor\.legal_name\b`, "processor.entity"},
		{`\blast_updated\b`, "effective_on"},
		{`\bdate_format\b`, "date_style"},
		{`\.jurisdiction\b`, ".law_area"},
		{`(?m)^jurisdiction:`, "law_area:"},
		{`seat_of: jurisdiction\b`, "seat_of: law_area"},
	} {
		s = regexp.MustCompile(r.re).ReplaceAllString(s, r.to)
	}
	// Lists of variables in front matter and declarations.
	list := regexp.MustCompile(`(?m)^(\s*(?:variables|tied_to): \[.*)\bjurisdiction\b`)
	for list.MatchString(s) {
		s = list.ReplaceAllString(s, "${1}law_area")
	}
	return []byte(s)
}

// writeLibrary copies the embedded library to dir, passing each file
// through edit.
func writeLibrary(t *testing.T, dir string, edit func(path string, data []byte) []byte) {
	t.Helper()
	if err := copyLibrary(dir); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, edit(filepath.ToSlash(rel), data), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func runCmd(t *testing.T, args ...string) ([]byte, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, testEnv(t), strings.NewReader(""), &stdout, &stderr)
	return stdout.Bytes(), stderr.String(), err
}

// testEnv is an empty environment but for a registry of the test's own.
func testEnv(t *testing.T) func(string) string {
	reg := filepath.Join(t.TempDir(), "registry.db")
	return func(k string) string {
		if k == registryEnv {
			return reg
		}
		return ""
	}
}

// TestRolesNotPaths renames the variables that carry roles in a copy of
// the library and wants every command to give the same output as with the
// shipped library: the engine finds them by role, never by path.
func TestRolesNotPaths(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib")
	writeLibrary(t, lib, renamed)
	if out, stderr, err := runCmd(t, "lint", "--library", lib); err != nil {
		t.Fatalf("lint of the renamed library: %v\n%s%s", err, out, stderr)
	}
	vars, _, err := runCmd(t, "vars", "dpa-full", "--library", lib)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"client_name", "processor.entity", "effective_on", "date_style", "law_area"} {
		if !bytes.Contains(vars, []byte(p)) {
			t.Fatalf("the rename did not take: vars lists no %s", p)
		}
	}

	// Where the SCCs' Module Two applies (Ojoo's Indian processor), Annex I
	// needs the customer's country and what is transferred.
	annexI := func(country string) []string {
		return []string{"--set", "customer.country=" + country,
			"--set", "transfer.data_subjects=[Employees of the Customer, Customers of the Customer]",
			"--set", "transfer.data_categories=[Contact details, Order records]"}
	}
	for _, variant := range []string{"opsium", "ojoo"} {
		for _, f := range []string{"md", "html", "pdf"} {
			args := append([]string{"render", "--variant", variant, "--format", f, "--set", "customer.name=Globex GmbH", "--set", "jurisdiction=de"}, annexI("Germany")...)
			want, stderr, err := runCmd(t, args...)
			if err != nil {
				t.Fatalf("%v: %v\n%s", args, err, stderr)
			}
			args = append([]string{"render", "--library", lib, "--variant", variant, "--format", f, "--set", "client_name=Globex GmbH", "--set", "law_area=de"}, annexI("Germany")...)
			got, stderr, err := runCmd(t, args...)
			if err != nil {
				t.Fatalf("%v: %v\n%s", args, err, stderr)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s %s: the renamed library renders other bytes", variant, f)
			}
		}
		// Under UK law the transfer tables want the customer's address and
		// contact too, so check fails with both libraries, alike.
		want, _, wantErr := runCmd(t, append([]string{"check", "--variant", variant, "--format", "json", "--set", "jurisdiction=uk", "--set", "customer.name=Globex GmbH"}, annexI("United Kingdom")...)...)
		got, _, gotErr := runCmd(t, append([]string{"check", "--library", lib, "--variant", variant, "--format", "json", "--set", "law_area=uk", "--set", "client_name=Globex GmbH"}, annexI("United Kingdom")...)...)
		if (gotErr == nil) != (wantErr == nil) || len(want) == 0 {
			t.Errorf("check: %v with the renamed library, %v with the shipped one", gotErr, wantErr)
		}
		// The checklists' explanations name the path, as written.
		got = bytes.ReplaceAll(got, []byte("client_name"), []byte("customer.name"))
		if !bytes.Equal(got, want) {
			t.Errorf("%s: check of the renamed library differs:\n%s\nwant\n%s", variant, got, want)
		}
	}

	// Batch names files by the customer-name role.
	data := filepath.Join(dir, "rows.csv")
	if err := os.WriteFile(data, []byte("client_name,law_area,customer.country,transfer.data_subjects,transfer.data_categories\n"+
		"Initech Ltd,uk,United Kingdom,[Employees of the Customer],\"[Contact details, Order records]\"\n"+
		",uk,United Kingdom,[Employees of the Customer],\"[Contact details, Order records]\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if _, stderr, err := runCmd(t, "batch", "--library", lib, "--variant", "ojoo", "--data", data, "--out", out, "--format", "md", "--quiet"); err != nil {
		t.Fatalf("batch: %v\n%s", err, stderr)
	}
	for _, name := range []string{"initech-ltd-dpa.md", "row-2-dpa.md"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("batch: %v", err)
		}
	}
	tmpl, _, err := runCmd(t, "batch", "template", "--library", lib, "--variant", "ojoo")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(tmpl, []byte("example,client_name,")) {
		t.Errorf("batch template does not start with the customer's name:\n%s", tmpl)
	}
	wantDiff, _, wantErr := runCmd(t, "diff", "opsium", "ojoo")
	gotDiff, _, gotErr := runCmd(t, "diff", "--library", lib, "opsium", "ojoo")
	if !bytes.Equal(gotDiff, wantDiff) || (gotErr == nil) != (wantErr == nil) {
		t.Errorf("diff of the renamed library differs (%v, want %v)", gotErr, wantErr)
	}
}

// TestMissingRole removes a role every template needs and wants lint to
// fail at each template, naming the role.
func TestMissingRole(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "lib")
	writeLibrary(t, lib, func(path string, data []byte) []byte {
		if path == "templates/variables.yaml" {
			return bytes.Replace(data, []byte("  role: customer-name\n"), nil, 1)
		}
		return data
	})
	_, _, err := runCmd(t, "lint", "--library", lib)
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("lint: %v, want a list of problems", err)
	}
	var got []string
	for _, e := range list {
		if strings.Contains(e.Err.Error(), "role customer-name") {
			got = append(got, fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col))
		}
	}
	want := []string{"templates/documents/dpa-concise.yaml:4:1", "templates/documents/dpa-full.yaml:3:1"}
	if !slices.Equal(got, want) {
		t.Errorf("lint places the missing role at %v, want %v:\n%v", got, want, err)
	}
}
