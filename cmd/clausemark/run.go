package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/vars"
	"github.com/spf13/cobra"
)

const name = "clausemark"

// version is the program's version: set at link time with
// -ldflags "-X main.version=v1.2.3", or the module version that go install
// recorded, or "dev".
var version = ""

// programVersion returns version, or what the build recorded: the module's
// version (go install), else the commit it was built from ("dev+1a2b3c4d5e6f",
// "-dirty" when the tree had changes), else "dev".
func programVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return buildVersion(info.Settings)
}

// buildVersion names a build without a module version by its commit.
func buildVersion(settings []debug.BuildSetting) string {
	var rev, dirty string
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(12, len(s.Value))]
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev == "" {
		return "dev"
	}
	return "dev+" + rev + dirty
}

// env is what a command may use from the outside world. Nothing below cmd/
// reads os.Args, the environment or the working directory.
type env struct {
	ctx    context.Context
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// now is the clock: a document issued without a date of its own is
	// dated with the day it reads, in the local time zone.
	now func() time.Time

	libraryDir string // --library
	registry   string // --registry

	lib *library.Library // the library, once load has loaded it
}

// run executes clausemark with args (without the program name), on the
// system's clock.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runAt(ctx, time.Now, args, getenv, stdin, stdout, stderr)
}

// runAt executes clausemark as run does, with now as its clock: the day
// it reads is the date of issue of a document given no date of its own.
func runAt(ctx context.Context, now func() time.Time, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{ctx: ctx, getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, now: now}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	// Find is where cobra rejects an unknown command, before any flag is
	// parsed; an error from it is a usage error by where it came from.
	// (cobra adds its completion commands, "completion" and the shells'
	// hidden "__complete", only as it executes.)
	shell := len(args) > 0 && (args[0] == "completion" || strings.HasPrefix(args[0], "__complete"))
	// cobra adds its help command as it executes too: added now, "help"
	// and "help render" are found as commands.
	root.InitDefaultHelpCmd()
	if c, rest, err := root.Find(args); !shell {
		// A word where a command of c's should be is told in the
		// program's voice, with the commands it may have meant.
		if word := commandWord(c, rest); c.HasSubCommands() && word != "" {
			return usageError{&unknownCommandError{parent: c, word: word}}
		}
		if err != nil {
			return usageError{err}
		}
	}
	_, err := root.ExecuteContextC(ctx)
	return err
}

// commandWord returns the first of args that is neither a flag of c nor
// a flag's value: where c has subcommands, the one asked for.
func commandWord(c *cobra.Command, args []string) string {
	for i := 0; i < len(args); i++ {
		s := args[i]
		switch {
		case s == "--":
			return ""
		case strings.HasPrefix(s, "--"):
			if !strings.Contains(s, "=") && takesValue(c, s[2:], "") {
				i++
			}
		case strings.HasPrefix(s, "-") && len(s) == 2:
			if takesValue(c, "", s[1:]) {
				i++
			}
		case s != "" && !strings.HasPrefix(s, "-"):
			return s
		}
	}
	return ""
}

// takesValue reports whether c has, or inherits, a flag named long (or
// with the shorthand short) that takes a value, as --library DIR does.
func takesValue(c *cobra.Command, long, short string) bool {
	c.InheritedFlags() // merges the parents' persistent flags into c.Flags()
	f := c.Flags().Lookup(long)
	if long == "" {
		f = c.Flags().ShorthandLookup(short)
	}
	return f != nil && f.NoOptDefVal == ""
}

// unknownCommandError is a word given where a command was looked for
// that names none: `unknown command "rendr" (did you mean "render"?)`.
type unknownCommandError struct {
	parent *cobra.Command // the command whose subcommand was looked for
	word   string
}

func (e *unknownCommandError) Error() string {
	path := strings.TrimPrefix(strings.TrimPrefix(e.parent.CommandPath(), name), " ")
	full := func(s string) string { return strings.TrimPrefix(path+" "+s, " ") }
	msg := fmt.Sprintf("unknown command %s", diag.Quote(full(e.word)))
	var quoted []string
	for _, s := range e.parent.SuggestionsFor(e.word) {
		quoted = append(quoted, strconv.Quote(full(s)))
	}
	switch len(quoted) {
	case 0:
		return msg
	case 1:
		return fmt.Sprintf("%s (did you mean %s?)", msg, quoted[0])
	}
	return fmt.Sprintf("%s (did you mean %s or %s?)", msg, strings.Join(quoted[:len(quoted)-1], ", "), quoted[len(quoted)-1])
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   name,
		Short: "Assemble data processing agreements from a clause library and typed variables",
		Long: `clausemark assembles contracts from a clause library and typed deal variables.

The library (clauses/ and templates/) is embedded in the binary; --library DIR
uses a copy on disk instead. Start from a variant, override what differs with
a variables file or --set, and render.`,
		Example: `  clausemark render --variant opsium
  clausemark render --variant ojoo --set customer.name="Globex Corporation" -o globex.md
  clausemark vars dpa-full
  clausemark lint --library .`,
		Version:                    programVersion(),
		SilenceErrors:              true,
		SilenceUsage:               true,
		SuggestionsMinimumDistance: 2,
	}
	root.PersistentFlags().StringVar(&e.libraryDir, "library", "", "use the clause library in `DIR` (holding clauses/ and templates/) instead of the embedded one")
	root.PersistentFlags().StringVar(&e.registry, "registry", "", "keep the registry of issued documents in the SQLite `FILE`, or the PostgreSQL database postgres://... (default: $"+registryEnv+", else the user's data directory)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newRender(e), newVars(e), newTemplates(e), newClauses(e), newLint(e), newPDF(e), newBatch(e), newServe(e), newCheck(e), newDiff(e), newRegistry(e), newVerify(e), newLibrary(e), newFacts(e), newReview(e))
	for _, c := range root.Commands() {
		c.SuggestionsMinimumDistance = root.SuggestionsMinimumDistance
	}
	addCompletions(e, root)
	return root
}

// today is the date of issue of a document issued now: the day e's clock
// reads in the local time zone.
func (e *env) today() vars.Date { return vars.DayOf(e.now()) }

// libraryFS returns the library's file system: --library DIR or the embedded copy.
func (e *env) libraryFS() (fs.FS, error) {
	if e.libraryDir == "" {
		return clausemark.Library, nil
	}
	info, err := os.Stat(e.libraryDir)
	if err != nil {
		return nil, diag.Wrap("--library", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("--library %s: not a directory", e.libraryDir)
	}
	return limitio.FS(os.DirFS(e.libraryDir), limitio.Library), nil
}

// load loads the library, once a process: --library DIR whole, every
// file read and checked; the embedded one from its snapshot (LoadLazy),
// its checklists parsed when a command checks.
func (e *env) load() (*library.Library, error) {
	if e.lib != nil {
		return e.lib, nil
	}
	fsys, err := e.libraryFS()
	if err != nil {
		return nil, err
	}
	loadFS := library.Load
	if e.libraryDir == "" {
		loadFS = library.LoadLazy
	}
	if e.getenv("GOGC") == "" {
		// Most of what loading allocates stays live: collecting while the
		// heap grows from nothing finds little garbage and takes a third
		// of a one-document process. One collection follows instead.
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
	}
	lib, err := loadFS(fsys)
	if err != nil {
		where := "embedded library"
		if e.libraryDir != "" {
			where = "library " + e.libraryDir
		}
		return nil, diag.Wrap("load "+where, err)
	}
	e.lib = lib
	return lib, nil
}

func (e *env) warn(format string, args ...any) {
	fmt.Fprintf(e.stderr, "%s: warning: %s\n", name, fmt.Sprintf(format, args...))
}

// usageError marks a mistake in how the command was called: exit status 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// arguments says how many arguments there are: "no arguments", "1
// argument", "3 arguments".
func arguments(n int) string {
	switch n {
	case 0:
		return "no arguments"
	case 1:
		return "1 argument"
	}
	return fmt.Sprintf("%d arguments", n)
}

// exitCode prints err in clausemark's voice and returns the exit status:
// 0 for success, 2 for a usage error, 1 for anything else.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var st exitStatus
	if errors.As(err, &st) {
		return int(st) // the command's output said it all
	}
	for _, l := range diag.Lines(err) {
		fmt.Fprintf(stderr, "%s: error: %s\n", name, l)
	}
	for _, h := range hints(err) {
		fmt.Fprintf(stderr, "%s: hint: %s\n", name, h)
	}
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	if errors.Is(err, context.Canceled) {
		return 130 // stopped by Ctrl-C or SIGTERM, as a shell reports SIGINT
	}
	var t troubleError
	if errors.As(err, &t) {
		return 2
	}
	return 1
}

// troubleError is an error that ends a command with status 2, told as
// any error is: where status 1 is an answer, as diff's "the documents
// differ" is, trouble must not look like it (diff(1) does the same).
type troubleError struct{ err error }

func (t troubleError) Error() string { return t.err.Error() }
func (t troubleError) Unwrap() error { return t.err }

// exitStatus ends a command with this status and no message, as diff
// does when the documents differ: its output has said how.
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// hints says how to fix the kinds of problem in err.
func hints(err error) []string {
	var out []string
	var u usageError
	if errors.As(err, &u) {
		out = append(out, "run 'clausemark help' or add --help to a command for its usage and examples")
	}
	if errors.Is(err, vars.ErrUnknown) {
		out = append(out, "run 'clausemark vars TEMPLATE' to list the variables a template takes")
	}
	if errors.Is(err, batch.ErrRowsFailed) {
		out = append(out, "fix the rows the errors file names in your spreadsheet and run the same command again: rows already written are skipped")
	}
	if errors.Is(err, vars.ErrRequired) {
		out = append(out, "give each required variable in a variables file or with --set path=value")
	}
	return out
}
