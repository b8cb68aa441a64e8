package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/clausemark/clausemark/internal/catalog"
	"github.com/clausemark/clausemark/internal/docid"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/vars"
	"github.com/spf13/cobra"
)

const registryEnv = "CLAUSEMARK_REGISTRY"

// registryLocation is --registry, else $CLAUSEMARK_REGISTRY, else the file
// in the user's data directory.
func (e *env) registryLocation() (string, error) {
	if e.registry != "" {
		return e.registry, nil
	}
	if loc := e.getenv(registryEnv); loc != "" {
		return loc, nil
	}
	return registry.DefaultPath(e.getenv, runtime.GOOS)
}

// openRegistry opens the registry, for reading only or to record into.
func (e *env) openRegistry(readOnly bool) (*registry.Registry, error) {
	loc, err := e.registryLocation()
	if err != nil {
		return nil, err
	}
	return registry.Open(e.ctx, loc, registry.Options{ReadOnly: readOnly, IssuedBy: e.systemUser()})
}

// systemUser names who runs the command, for the documents it issues:
// $USER, or $USERNAME on Windows.
func (e *env) systemUser() string {
	if u := e.getenv("USER"); u != "" {
		return u
	}
	return e.getenv("USERNAME")
}

// recordFlag is --no-record, for the commands that generate documents,
// and render's --record.
type recordFlag struct{ off, on bool }

func (f *recordFlag) register(c *cobra.Command) {
	c.Flags().BoolVar(&f.off, "no-record", false, "do not record the documents in the registry")
}

// registerRecord adds --record, for render, which records a document
// written to standard output only when asked: such a render is a trial,
// not an issued document.
func (f *recordFlag) registerRecord(c *cobra.Command) {
	c.Flags().BoolVar(&f.on, "record", false, "record the document in the registry even when it is written to standard output")
}

// recorderFor is recorder for render: a document written to a file is
// recorded, unless --no-record; one written to standard output only with
// --record.
func (f *recordFlag) recorderFor(e *env, toStdout bool) (*registry.Registry, error) {
	if f.on && f.off {
		return nil, usagef("give --record or --no-record, not both")
	}
	if toStdout && !f.on {
		return nil, nil
	}
	return f.recorder(e)
}

// recorder opens the registry to record into, or returns nil with
// --no-record. The registry must be closed after.
func (f *recordFlag) recorder(e *env) (*registry.Registry, error) {
	if f.off {
		return nil, nil
	}
	r, err := e.openRegistry(false)
	if err != nil {
		return nil, fmt.Errorf("%w (give --no-record to generate without recording)", err)
	}
	return r, nil
}

// withRecorder sets g's Recorder to r unless r is nil.
func withRecorder(g *generate.Generator, r *registry.Registry) *generate.Generator {
	if r != nil {
		g.Recorder = r
	}
	return g
}

func newRegistry(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "registry",
		Short: "List, show, re-issue and trace the documents issued",
		Long: `The registry records every document issued: each file render writes (a render
to standard output is a trial, recorded only with --record), each batch row and
each document serve makes: its id, when and from what request, the library,
template and clause versions, and the SHA-256 of each file written.

It is an SQLite file in the user's data directory (` + "`~/.local/share/clausemark/registry.db`" + ` on
Linux), or the file or PostgreSQL database named by --registry or $` + registryEnv + `
(postgres://user:password@host/db).`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error { return c.Help() },
	}
	c.AddCommand(newRegistryList(e), newRegistryShow(e), newRegistryGet(e), newRegistryAffected(e), newRegistryErase(e))
	return c
}

// listFlags are the output flags of listing commands.
type listFlags struct {
	json  bool
	limit int
}

func (f *listFlags) register(c *cobra.Command) {
	c.Flags().BoolVar(&f.json, "json", false, "write JSON instead of a table")
	c.Flags().IntVar(&f.limit, "limit", 50, fmt.Sprintf("list at most `N` documents, newest first (at most %d)", registry.MaxLimit))
}

func (f *listFlags) check() error {
	if f.limit < 1 || f.limit > registry.MaxLimit {
		return usagef("--limit must be from 1 to %d, got %d", registry.MaxLimit, f.limit)
	}
	return nil
}

func newRegistryList(e *env) *cobra.Command {
	var lf listFlags
	var customer, processor, template, jurisdiction, clause, since, until string
	var values []string
	c := &cobra.Command{
		Use:   "list",
		Short: "List issued documents, newest first",
		Long: `List lists the documents issued, most recently issued first. Filters combine:
--customer and --processor match names that start with the text, in any case;
--var path=value matches a variable's value as a variables file would give it.`,
		Example: `  clausemark registry list --customer globex
  clausemark registry list --var deletion.days=45 --json
  clausemark registry list --clause deletion@1.0.0 --since 2026-01-01`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := lf.check(); err != nil {
				return err
			}
			f := registry.Filter{Customer: customer, Processor: processor, Template: template, Jurisdiction: jurisdiction, Limit: lf.limit}
			var err error
			if f.Since, err = day("--since", since); err != nil {
				return err
			}
			if f.Until, err = day("--until", until); err != nil {
				return err
			}
			if !f.Until.IsZero() && f.Until.Year() < 9999 {
				f.Until = f.Until.AddDate(0, 0, 1) // --until is the last day included
			} else {
				f.Until = time.Time{} // the end of 9999: no bound
			}
			if clause != "" {
				id, version, pinned := strings.Cut(clause, "@")
				if id == "" || (pinned && version == "") {
					return usagef("--clause takes CLAUSE or CLAUSE@VERSION, got %q", clause)
				}
				f.Wordings = []registry.Wording{{Clause: id, Version: version}} // no version: any
			}
			if len(values) > 0 {
				lib, err := e.load()
				if err != nil {
					return err
				}
				if f.Values, err = valueMatches(lib, values); err != nil {
					return err
				}
			}
			reg, err := e.openRegistry(true)
			if err != nil {
				return err
			}
			defer reg.Close()
			list, more, err := reg.List(e.ctx, f)
			if err != nil {
				return err
			}
			return writeList(e.stdout, list, more, lf.json, terminalWidth(e.stdout))
		},
	}
	lf.register(c)
	c.Flags().StringVar(&customer, "customer", "", "documents whose customer's name starts with `TEXT`")
	c.Flags().StringVar(&processor, "processor", "", "documents whose processor's legal name starts with `TEXT`")
	c.Flags().StringVar(&template, "template", "", "documents of template `ID`")
	c.Flags().StringVar(&jurisdiction, "jurisdiction", "", "documents under jurisdiction `CODE`")
	c.Flags().StringVar(&clause, "clause", "", "documents that carry clause `ID[@VERSION]` (any version without @)")
	c.Flags().StringVar(&since, "since", "", "documents issued on or after `DATE` (YYYY-MM-DD, UTC)")
	c.Flags().StringVar(&until, "until", "", "documents issued on or before `DATE` (YYYY-MM-DD, UTC)")
	c.Flags().StringArrayVar(&values, "var", nil, "documents whose variable has this value, as `path=value` (repeatable)")
	return c
}

// day parses a YYYY-MM-DD flag as midnight UTC; "" is the zero time.
func day(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, usagef("%s must be a date written YYYY-MM-DD, got %q", flag, s)
	}
	return t, nil
}

// valueMatches parses --var path=value filters with the library's schema,
// so that a value matches however it was written when recorded.
func valueMatches(lib *library.Library, args []string) ([]registry.ValueMatch, error) {
	var out []registry.ValueMatch
	for _, a := range args {
		p, v, err := vars.ParseAssignmentOf(lib.Schema, "--var", a)
		if err != nil {
			return nil, usageError{err}
		}
		m, err := registry.Match(p, v.V)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// writeList writes documents as a table, or as JSON. A table wider than
// width (0 for no limit: not a terminal) has its customer column cut to fit.
func writeList(w io.Writer, list []registry.Summary, more, asJSON bool, width int) error {
	if asJSON {
		if list == nil {
			list = []registry.Summary{}
		}
		return writeJSON(w, map[string]any{"documents": list, "more": more})
	}
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no documents")
		return err
	}
	head := []string{"ID", "ISSUED", "CUSTOMER", "TEMPLATE", "LAW", "LIBRARY", "TIMES"}
	rows := [][]string{head}
	for _, s := range list {
		rows = append(rows, []string{s.ID, s.LastIssued.Format("2006-01-02 15:04"), cell(s.Customer), s.Template + " " + s.TemplateVersion, s.Jurisdiction, s.LibraryVersion, strconv.Itoa(s.Issues)})
	}
	if err := writeTable(w, rows, width, 2); err != nil {
		return err
	}
	// On a terminal, a reply to a customer's redline is named under the
	// table with the document it answers: a column would not fit its width.
	// A script reading the table gets its rows alone; JSON has derived_from.
	for _, s := range list {
		if s.DerivedFrom == "" || width == 0 {
			continue
		}
		if _, err := fmt.Fprintf(w, "%s is the reply to the customer's redline of %s\n", s.ID, cell(s.DerivedFrom)); err != nil {
			return err
		}
	}
	if more {
		_, err := fmt.Fprintf(w, "(more documents match: narrow the filters or raise --limit)\n")
		return err
	}
	return nil
}

// cell is a value for a table cell: control characters shown as spaces,
// long values cut, empty as "-".
func cell(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if s == "" {
		return "-"
	}
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

func writeJSON(w io.Writer, x any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(x)
}

// printable is a file name as printed: quoted when it holds characters
// that are not printable, so that a name cannot forge a line or send
// escapes to the terminal.
func printable(name string) string {
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return strconv.Quote(name)
		}
	}
	return name
}

// lookup reads an id argument and returns what the registry recorded of
// it, with its newest issuances.
func (e *env) lookup(arg string) (*registry.Document, error) {
	return e.lookupPage(arg, registry.Page{}, false)
}

// lookupPage is lookup with the page of issuances p, or every issuance
// with all, read a page at a time.
func (e *env) lookupPage(arg string, p registry.Page, all bool) (*registry.Document, error) {
	id, err := documentID(arg)
	if err != nil {
		return nil, err
	}
	reg, err := e.openRegistry(true)
	if err != nil {
		return nil, err
	}
	defer reg.Close()
	if !all {
		return reg.GetPage(e.ctx, id, p)
	}
	d, err := reg.GetPage(e.ctx, id, registry.Page{Limit: registry.MaxIssuances})
	for err == nil && len(d.Issuances) < d.IssuancesTotal {
		var next *registry.Document
		next, err = reg.GetPage(e.ctx, id, registry.Page{Limit: registry.MaxIssuances, Offset: len(d.Issuances)})
		if err == nil && len(next.Issuances) == 0 {
			break // issuances erased meanwhile
		}
		if err == nil {
			d.Issuances = append(d.Issuances, next.Issuances...)
		}
	}
	return d, err
}

// documentID reads an id argument, accepting lower case.
func documentID(arg string) (string, error) {
	id := docid.Normalize(arg)
	if id == "" {
		return "", usagef("%q is not a document id (they read like CM-7K3M-Q2XA-9PZB-1TRE)", arg)
	}
	return id, nil
}

// showIssuances is how many issuances registry show lists by default.
const showIssuances = 20

func newRegistryShow(e *env) *cobra.Command {
	var asJSON, all bool
	var limit int
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show everything recorded of one document",
		Long: fmt.Sprintf(`Show shows what the registry recorded of a document: its request, its clause
wordings and its issuances, newest first: the newest %d unless --limit or --all
says otherwise.`, showIssuances),
		Args: exactArgs(1, "a document id"),
		RunE: func(c *cobra.Command, args []string) error {
			if limit < 1 || limit > registry.MaxIssuances {
				return usagef("--limit must be from 1 to %d, got %d (--all shows every issuance)", registry.MaxIssuances, limit)
			}
			if all && c.Flags().Changed("limit") {
				return usagef("give --limit or --all, not both")
			}
			d, err := e.lookupPage(args[0], registry.Page{Limit: limit}, all)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, d)
			}
			return writeDocument(e.stdout, d)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "write JSON")
	c.Flags().IntVar(&limit, "limit", showIssuances, fmt.Sprintf("list the newest `N` issuances (at most %d)", registry.MaxIssuances))
	c.Flags().BoolVar(&all, "all", false, "list every issuance")
	return c
}

func writeDocument(w io.Writer, d *registry.Document) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("id", d.ID)
	row("customer", cell(d.Customer))
	row("processor", cell(d.Processor))
	row("template", d.Template+" "+d.TemplateVersion)
	if d.Variant != "" {
		row("variant", d.Variant)
	}
	row("library", d.Library+" "+d.LibraryVersion)
	row("jurisdiction", cell(d.Jurisdiction))
	row("date", cell(d.Date))
	row("variables", d.VariablesHash)
	if err := tw.Flush(); err != nil {
		return err
	}
	if d.DerivedFrom != "" {
		fmt.Fprintf(w, "\nDerived from: %s (a reply to the customer's redline of it)\n", d.DerivedFrom)
	}
	fmt.Fprintf(w, "\nclauses:\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range d.Clauses {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", cell(c.Number), c.ID, c.Alternative, c.Version, c.Hash)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nissued %d time(s), newest first:\n", d.IssuancesTotal)
	for _, is := range d.Issuances {
		from := is.Source
		if is.Run != "" {
			from += fmt.Sprintf(" %s row %d", is.Run, is.Row)
		}
		paper := is.Paper
		if is.Archival != "" {
			paper += ", " + is.Archival
		}
		if is.Mode == registry.ModeHouse {
			paper += ", house-style mode (the processor's identity entered by the requester)"
		}
		fmt.Fprintf(w, "  %s  %s  by %s  on %s\n", is.At.Format(time.RFC3339), from, is.Program, paper)
		for _, o := range is.Outputs {
			fmt.Fprintf(w, "    %-4s %s  %d bytes\n", o.Format, o.SHA256, o.Bytes)
		}
		fmt.Fprintf(w, "    values given: %s\n", is.Given)
	}
	if rest := d.IssuancesTotal - d.IssuancesOffset - len(d.Issuances); rest > 0 {
		_, err := fmt.Fprintf(w, "  … and %d earlier issuance(s) (--all, or --limit N, lists them)\n", rest)
		return err
	}
	return nil
}

func newRegistryGet(e *env) *cobra.Command {
	var output, formatName string
	formats := catalog.Formats()
	c := &cobra.Command{
		Use:   "get ID -o FILE",
		Short: "Make an issued document again and prove its bytes are the ones issued",
		Long: `Get makes the document again from its recorded request, with the library in
use, and writes it only if its SHA-256 is the one recorded when it was issued
in that format. When it cannot be the same, get says why (the library, the
template or a clause has changed since, or another program made it) and writes
nothing.`,
		Example: `  clausemark registry get CM-7K3M-Q2XA-9PZB-1TRE -o globex.pdf`,
		Args:    exactArgs(1, "a document id"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := documentID(args[0])
			if err != nil {
				return err
			}
			if output == "" {
				return usagef("give the file to write with -o FILE")
			}
			f, err := chooseFormat(formats, formatName, output)
			if err != nil {
				return err
			}
			toStdout := output == "-"
			if toStdout && formatName == "" {
				return usagef("-o - writes to standard output: give --format")
			}
			if formatName == "" && filepath.Ext(output) == "" {
				return usagef("-o %s has no extension that names a format: give --format", output)
			}
			d, err := e.lookup(id)
			if err != nil {
				return err
			}
			lib, err := e.load()
			if err != nil {
				return err
			}
			if _, err := pdf.LoadFonts(); err != nil {
				return err
			}
			data, err := registry.Reissue(e.ctx, lib, e.generator(format.A4, false), d, f)
			if err != nil {
				return err
			}
			if toStdout {
				_, err := e.stdout.Write(data)
				return err
			}
			if err := writeOutput(output, data); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: %s, %d bytes, the SHA-256 recorded when it was issued\n", printable(output), id, len(data))
			return nil
		},
	}
	c.Flags().StringVarP(&output, "output", "o", "", "write to `FILE` (- for standard output, with --format)")
	c.Flags().StringVar(&formatName, "format", "", "`FORMAT` to make: "+formats.List()+" (default: from the -o extension)")
	return c
}

func newRegistryAffected(e *env) *cobra.Command {
	var lf listFlags
	c := &cobra.Command{
		Use:   "affected CLAUSE[@VERSION]",
		Short: "List the documents whose wording of a clause the library has changed",
		Long: `Affected lists the issued documents whose wording of clause CLAUSE is not the
library's now: the documents a change to the clause may call for amending. Each
document's alternative (a house style, or a position's wording of it) is
compared with the library's text of that same alternative, so an edit to one
alternative lists only the documents that carry it, whatever the version says.
Each document's line says what it carries and what the library has now:
"deletion 1.0.0 (concise) → 1.1.0".

With @VERSION, it lists every document that carries the clause at VERSION, each
saying whether its wording has changed since.

Documents recorded before the registry kept each wording's hash are compared
by the clause's version and file as a whole (an older version, or the same one
edited), and marked "wording unknown".`,
		Example: `  clausemark registry affected deletion
  clausemark registry affected deletion@1.0.0 --json`,
		Args: exactArgs(1, "a clause id, optionally with @VERSION"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := lf.check(); err != nil {
				return err
			}
			id, version, pinned := strings.Cut(args[0], "@")
			if id == "" || (pinned && version == "") {
				return usagef("give a clause as CLAUSE or CLAUSE@VERSION, got %q", args[0])
			}
			lib, err := e.load()
			if err != nil {
				return err
			}
			cur := lib.Clauses[id]
			if cur == nil && !pinned {
				msg := fmt.Sprintf("no clause %q in the library", id)
				if m := vars.Closest(id, clauseIDs(lib)); m != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", m)
				}
				return usagef("%s; give CLAUSE@VERSION for a clause no longer in it", msg)
			}
			reg, err := e.openRegistry(true)
			if err != nil {
				return err
			}
			defer reg.Close()
			var list []registry.AffectedDocument
			var more bool
			if pinned {
				list, more, err = reg.Carrying(e.ctx, id, version, cur, lf.limit)
			} else {
				list, more, err = reg.Affected(e.ctx, cur, lf.limit)
			}
			if err != nil {
				return err
			}
			return writeAffected(e.stdout, list, more, lf.json, terminalWidth(e.stdout))
		},
	}
	lf.register(c)
	return c
}

// writeAffected writes documents with the wordings of a clause they
// carry, as a table or as JSON. A table wider than width (0 for no limit)
// has its customer column cut to fit.
func writeAffected(w io.Writer, list []registry.AffectedDocument, more, asJSON bool, width int) error {
	if asJSON {
		if list == nil {
			list = []registry.AffectedDocument{}
		}
		return writeJSON(w, map[string]any{"documents": list, "more": more})
	}
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no documents")
		return err
	}
	rows := [][]string{{"ID", "ISSUED", "CUSTOMER", "TEMPLATE", "LAW", "LIBRARY", "WORDING"}}
	unknown := false
	for _, d := range list {
		var ws []string
		for _, c := range d.Wordings {
			ws = append(ws, carriedText(c))
			unknown = unknown || c.WordingUnknown
		}
		rows = append(rows, []string{d.ID, d.LastIssued.Format("2006-01-02 15:04"), cell(d.Customer), d.Template + " " + d.TemplateVersion, cell(d.Jurisdiction), d.LibraryVersion, strings.Join(ws, "; ")})
	}
	if err := writeTable(w, rows, width, 2); err != nil {
		return err
	}
	if unknown {
		if _, err := fmt.Fprintln(w, "* wording unknown (recorded before per-wording hashes): compared by the clause's version and file as a whole"); err != nil {
			return err
		}
	}
	if more {
		_, err := fmt.Fprintf(w, "(more documents match: raise --limit)\n")
		return err
	}
	return nil
}

// carriedText says what a document carries of a clause and what the
// library has now: "deletion 1.0.0 (concise) → 1.1.0", "deletion 1.1.0
// (concise) → 1.1.0, edited", "deletion 1.0.0 (full), unchanged in
// 1.1.0", with a "*" when the wording is unknown.
func carriedText(c registry.Carried) string {
	s := fmt.Sprintf("%s %s (%s)", c.Clause, c.Version, c.Alternative)
	switch {
	case c.Now == "":
		s += " → no longer in the library"
	case !c.Changed:
		s += ", unchanged in " + c.Now
	case c.Now == c.Version:
		s += " → " + c.Now + ", edited"
	default:
		s += " → " + c.Now
	}
	if c.WordingUnknown {
		s += " *"
	}
	return s
}

func clauseIDs(lib *library.Library) []string {
	out := make([]string, 0, len(lib.Clauses))
	for id := range lib.Clauses {
		out = append(out, id)
	}
	return out
}

func newRegistryErase(e *env) *cobra.Command {
	var customer string
	c := &cobra.Command{
		Use:   "erase [ID...] [--customer NAME]",
		Short: "Erase documents' records, such as a customer's on request",
		Long: `Erase deletes the records of the documents named, or of every document of the
customer named exactly (in any case): their values, issuances and digests. Only
each id and the time of erasure are kept, so that verify can tell a file that
was issued from one that never was. The documents' files are not touched.`,
		Example: `  clausemark registry erase --customer "Globex Corporation"
  clausemark registry erase CM-7K3M-Q2XA-9PZB-1TRE`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 && customer == "" {
				return usagef("name the documents to erase: IDs, or --customer NAME")
			}
			var ids []string
			for _, a := range args {
				id, err := documentID(a)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			reg, err := e.openRegistry(false)
			if err != nil {
				return err
			}
			defer reg.Close()
			if customer != "" {
				found, err := reg.CustomerIDs(e.ctx, customer)
				if err != nil {
					return err
				}
				ids = append(ids, found...)
			}
			n, err := reg.Erase(e.ctx, ids)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "erased %d document(s)\n", n)
			return nil
		},
	}
	c.Flags().StringVar(&customer, "customer", "", "erase every document of the customer `NAME` (the whole name, any case)")
	return c
}

// ErrNotIssued is wrapped by verify's error for a file it cannot vouch for.
var ErrNotIssued = errors.New("not verified")

func newVerify(e *env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "verify FILE...",
		Short: "Tell whether files are documents issued by this registry, unaltered",
		Long: `Verify looks up each file's SHA-256 in the registry. It exits 0 when every file
is a document issued unaltered, printing its id, customer, date and versions;
otherwise it exits 1, saying for each other file "not issued by this registry",
or "altered" when the file names a document the registry holds (by the id in
its metadata) but its bytes are not any recorded.

A PDF signed after it was issued is the issued file followed by incremental
updates, as e-signature tools append them: verify finds the issued bytes at its
start and says "issued CM-… on …, unaltered, followed by 1 later revision (a
signature by …)", naming the signer where the signature does. A change to any
byte of the issued part is "altered".`,
		Example: `  clausemark verify globex-dpa.pdf
  clausemark verify globex-dpa-signed.pdf`,
		Args: minArgs(1, "a file to verify"),
		RunE: func(c *cobra.Command, args []string) error {
			reg, err := e.openRegistry(true)
			if err != nil {
				return err
			}
			defer reg.Close()
			bad := 0
			var verdicts []map[string]any
			for _, name := range args {
				// A file that cannot be read is reported, and the others
				// still verified.
				data, err := limitio.ReadFileContext(e.ctx, name, limitio.Document)
				if err != nil {
					bad++
					if asJSON {
						verdicts = append(verdicts, map[string]any{"file": name, "error": err.Error()})
					} else {
						fmt.Fprintf(e.stdout, "%s: cannot be read: %s\n", printable(name), err)
					}
					continue
				}
				v, err := reg.Verify(e.ctx, data)
				if err != nil {
					return err
				}
				if v.Status != registry.Issued {
					bad++
				}
				if asJSON {
					verdicts = append(verdicts, map[string]any{"file": name, "verdict": v})
					continue
				}
				fmt.Fprintln(e.stdout, describeVerdict(printable(name), v, bytes.HasPrefix(data, []byte("%PDF-"))))
			}
			if asJSON {
				if err := writeJSON(e.stdout, verdicts); err != nil {
					return err
				}
			}
			if bad > 0 {
				return fmt.Errorf("%d of %d file(s) %w", bad, len(args), ErrNotIssued)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "write JSON")
	return c
}

// describeVerdict says what verify found of the file name; pdf says
// whether the file is a PDF: another file that names a document but is not
// its bytes (a DOCX edited, say) is "not the issued bytes", "derived from"
// that document, where a PDF is "altered".
func describeVerdict(name string, v *registry.Verdict, pdf bool) string {
	var msg string
	switch v.Status {
	case registry.Issued:
		d := v.Document
		head := "issued unaltered: " + v.ID + ", " + v.Format
		if v.Revisions > 0 {
			head = fmt.Sprintf("issued %s on %s, unaltered, followed by %s: %s of %d bytes", v.ID, v.Issued.At.Format(time.DateOnly), laterRevisions(v), v.Format, v.IssuedBytes)
		}
		return fmt.Sprintf("%s: %s, customer %s, dated %s, %s %s, %s %s, first issued %s%s",
			name, head, cell(d.Customer), cell(d.Date), d.Template, d.TemplateVersion, d.Library, d.LibraryVersion, d.FirstIssued.Format(time.RFC3339), modeNote(v.Issued))
	case registry.Altered:
		var hashes []string
		for _, o := range v.Recorded {
			hashes = append(hashes, o.Format+" "+o.SHA256)
		}
		if v.RecordedMore {
			hashes = append(hashes, "…")
		}
		if pdf {
			msg = fmt.Sprintf("%s: altered: id %s recorded hash %s differs from this file's %s", name, v.ID, strings.Join(hashes, ", "), v.SHA256)
		} else {
			msg = fmt.Sprintf("%s: not the issued bytes, derived from %s: recorded hash %s differs from this file's %s", name, v.ID, strings.Join(hashes, ", "), v.SHA256)
		}
	case registry.Erased:
		msg = fmt.Sprintf("%s: names %s, a document whose record was erased on %s: whether this file is that document cannot be checked", name, v.ID, v.ErasedAt.Format(time.RFC3339))
	default:
		msg = fmt.Sprintf("%s: not issued by this registry (sha256 %s)", name, v.SHA256)
	}
	if others := otherNames(v); others != "" {
		msg += "; " + others
	}
	return msg
}

// laterRevisions says how many incremental updates follow an issued
// PDF, and whose signatures they hold: "1 later revision (a signature by
// Jane Customer)".
func laterRevisions(v *registry.Verdict) string {
	s := fmt.Sprintf("%d later revision", v.Revisions)
	if v.Revisions != 1 {
		s += "s"
	}
	var names []string
	for _, n := range v.Signers {
		names = append(names, printable(n))
	}
	switch len(names) {
	case 0:
		return s
	case 1:
		return s + " (a signature by " + names[0] + ")"
	}
	return s + " (signatures by " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + ")"
}

// modeNote says, for an issuance whose processor identity the library
// does not vouch for, whose it is.
func modeNote(is *registry.Issuance) string {
	switch {
	case is == nil || is.Mode == registry.ModeStandard:
		return ""
	case is.Mode == registry.ModeHouse:
		return "; issued in house-style mode: the processor's identity was entered by the requester, not taken from the library's house style"
	}
	return "; recorded before the registry kept whether the processor's identity was the library's"
}

// otherNames says which ids a file names besides the verdict's own, and
// what the registry holds of each: an issued file with another id added
// names both.
func otherNames(v *registry.Verdict) string {
	parts := v.OtherNames(time.RFC3339)
	if len(parts) == 0 {
		return ""
	}
	if v.ID == "" {
		return "the file names " + strings.Join(parts, ", ")
	}
	return "the file also names " + strings.Join(parts, ", ")
}
