package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpCommand: "clausemark help", which every usage error's hint
// names, lists the commands, and "help COMMAND" gives the command's usage,
// as --help does.
func TestHelpCommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"help"}, "Available Commands:"},
		{[]string{"help", "render"}, "Render assembles one document"},
		{[]string{"help", "registry", "list"}, "clausemark registry list"},
	} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), tc.args, testEnv(t), strings.NewReader(""), &stdout, &stderr); err != nil {
			t.Errorf("%v: %v\n%s", tc.args, err, stderr.String())
			continue
		}
		if !strings.Contains(stdout.String(), tc.want) {
			t.Errorf("%v: the output lacks %q:\n%.400s", tc.args, tc.want, stdout.String())
		}
	}
}

// TestUnknownCommand: a word where a command belongs is a usage error
// (status 2) in the program's voice, one error line with what may have
// been meant and one hint, wherever the flags stand.
func TestUnknownCommand(t *testing.T) {
	hint := "clausemark: hint: run 'clausemark help' or add --help to a command for its usage and examples\n"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"rendr"}, `unknown command "rendr" (did you mean "render"?)`},
		{[]string{"rendr", "--variant", "opsium"}, `unknown command "rendr" (did you mean "render"?)`},
		{[]string{"--library", "lib", "rendr"}, `unknown command "rendr" (did you mean "render"?)`},
		{[]string{"--registry=x.db", "-h", "chek"}, `unknown command "chek" (did you mean "check"?)`},
		{[]string{"re"}, `unknown command "re" (did you mean "registry", "render" or "review"?)`},
		{[]string{"zzzzzz"}, `unknown command "zzzzzz"`},
		{[]string{"registry", "lis"}, `unknown command "registry lis" (did you mean "registry list"?)`},
		{[]string{"registry", "--registry", "x.db", "shw"}, `unknown command "registry shw" (did you mean "registry show"?)`},
		{[]string{"library", "exprt", "dir"}, `unknown command "library exprt" (did you mean "library export"?)`},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tc.args, testEnv(t), strings.NewReader(""), &stdout, &stderr)
		var u *unknownCommandError
		if !errors.As(err, &u) {
			t.Errorf("%v: %v, want an unknownCommandError", tc.args, err)
			continue
		}
		if got := exitCode(err, &stderr); got != 2 {
			t.Errorf("%v: status %d, want 2", tc.args, got)
		}
		if want := "clausemark: error: " + tc.want + "\n" + hint; stderr.String() != want {
			t.Errorf("%v: stderr\n%s\nwant\n%s", tc.args, stderr.String(), want)
		}
	}
	// A command's own arguments are not taken for commands.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("# A\n\nText.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"pdf", filepath.Join(dir, "a.md")}, testEnv(t), strings.NewReader(""), &bytes.Buffer{}, &stderr); err != nil {
		t.Errorf("pdf a.md: %v\n%s", err, stderr.String())
	}
}
